package dev.llmlens.agent.dispatch;

import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.agent.recorder.InFlight;
import dev.llmlens.agent.recorder.LlmCallRecorder;
import dev.llmlens.bootstrap.LlmCallHandler;
import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Receives every instrumented call from the bootstrap bridge, counts it once, and hands it to
 * the recorder. A call nested in another on the same thread (a client layered on a client) is
 * not counted again: a per-thread depth is raised on every start and lowered on every end,
 * whatever the outcome. Nothing here may throw into the application.
 */
public final class LlmCallDispatcher implements LlmCallHandler {

  /** Returned for a nested call: its end only lowers the depth. */
  private static final Object NESTED = new Object();

  private final Map<String, LlmCallReader> readers;
  private final Supplier<LlmCallRecorder> recorder;
  private final FeatureResolver features;
  private final ThreadLocal<int[]> depth =
      new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
          return new int[1];
        }
      };

  /**
   * @param recorder gives the recorder, building the OpenTelemetry SDK on first use
   */
  public LlmCallDispatcher(
      Map<String, LlmCallReader> readers, Supplier<LlmCallRecorder> recorder, FeatureResolver features) {
    this.readers = readers;
    this.recorder = recorder;
    this.features = features;
  }

  @Override
  public Object onStart(String kind, Object client, Object request) {
    int[] calls = depth.get();
    if (calls[0]++ > 0) {
      return NESTED;
    }
    try {
      LlmCallReader reader = readers.get(kind);
      if (reader == null) {
        return NESTED;
      }
      LlmCall call = reader.start(client, request);
      InFlight inFlight = recorder.get().begin(call, features.resolve());
      return new CallInProgress(reader, call, inFlight);
    } catch (Throwable failure) {
      reportFailure(failure);
      return NESTED;
    }
  }

  @Override
  public void onEnd(Object handle, Object response, Throwable error) {
    depth.get()[0]--;
    if (handle instanceof CallInProgress) {
      finish((CallInProgress) handle, response, error);
    }
  }

  @Override
  public void onEndAsync(Object handle, Object future, Throwable error) {
    depth.get()[0]--;
    if (!(handle instanceof CallInProgress)) {
      return;
    }
    CallInProgress call = (CallInProgress) handle;
    if (error != null || !(future instanceof CompletionStage)) {
      finish(call, null, error);
      return;
    }
    try {
      // A side branch: the application's future is returned unchanged.
      ((CompletionStage<?>) future).whenComplete(new AsyncEnd(call));
    } catch (Throwable failure) {
      reportFailure(failure);
    }
  }

  /** Records the call whatever the reader makes of the outcome: a call is never lost. */
  private void finish(CallInProgress progress, Object response, Throwable error) {
    try {
      if (error != null) {
        progress.call.errorType(classify(progress.reader, unwrap(error)));
      } else {
        progress.reader.readResponse(response, progress.call);
      }
    } catch (Throwable failure) {
      if (error != null && progress.call.errorType() == null) {
        progress.call.errorType(ErrorType.OTHER);
      }
      reportFailure(failure);
    } finally {
      try {
        recorder.get().end(progress.inFlight, progress.call);
      } catch (Throwable failure) {
        reportFailure(failure);
      }
    }
  }

  private static ErrorType classify(LlmCallReader reader, Throwable error) {
    ErrorType type = reader.classify(error);
    return type == null ? ErrorType.OTHER : type;
  }

  /** Futures wrap the library's exception; the taxonomy is about the library's exception. */
  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static void reportFailure(Throwable failure) {
    AgentLog.warnOnce(
        "dispatch:" + failure.getClass().getName(),
        "a call could not be recorded (" + failure + "); the application is not affected");
  }

  /** One call between start and end. */
  private static final class CallInProgress {
    final LlmCallReader reader;
    final LlmCall call;
    final InFlight inFlight;

    CallInProgress(LlmCallReader reader, LlmCall call, InFlight inFlight) {
      this.reader = reader;
      this.call = call;
      this.inFlight = inFlight;
    }
  }

  /** Ends an async call when its future completes, on whichever thread completes it. */
  private final class AsyncEnd implements BiConsumer<Object, Throwable> {
    private final CallInProgress call;

    AsyncEnd(CallInProgress call) {
      this.call = call;
    }

    @Override
    public void accept(Object result, Throwable error) {
      finish(call, result, error);
    }
  }
}
