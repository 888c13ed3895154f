package dev.llmlens.agent.dispatch;

import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.agent.recorder.InFlight;
import dev.llmlens.agent.recorder.LlmCallRecorder;
import dev.llmlens.agent.recorder.OperationRecorder;
import dev.llmlens.bootstrap.LlmCallHandler;
import dev.llmlens.instrumentation.api.ContentReader;
import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.GenAiMessages;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.OperationReader;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Receives every instrumented call from the bootstrap bridge, counts it once, and hands it to
 * the recorder. A call nested in another on the same thread (a client layered on a client) is
 * not counted again: a per-thread depth is raised on every start and lowered on every end,
 * whatever the outcome. Nothing here may throw into the application.
 */
public final class LlmCallDispatcher implements LlmCallHandler, StreamingCall.CallEnder, ObservedHandler.Events {

  /** Returned for a nested call: its end only lowers the depth. */
  private static final Object NESTED = new Object();
  /** The response of a streamed call: its chunks were read as they came. */
  private static final Object STREAMED = new Object();

  private final Map<String, LlmCallReader> readers;
  private final Supplier<LlmCallRecorder> recorder;
  private final AttributionResolver attribution;
  private final StreamTracker streams = new StreamTracker();
  private final OperationTracker operations;
  private final AppLogContext applicationLogs = new AppLogContext();
  /** {@code llmlens.capture.content}: messages on spans. Set before the dispatcher is installed. */
  private boolean captureContent;
  /** The outermost call in progress on this thread, for what arrives below it (headers). */
  private final ThreadLocal<CallInProgress> current = new ThreadLocal<CallInProgress>();
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
      Map<String, LlmCallReader> readers,
      Map<String, OperationReader> operationReaders,
      final Supplier<LlmCallRecorder> recorder,
      AttributionResolver attribution) {
    this.readers = readers;
    this.recorder = recorder;
    this.attribution = attribution;
    this.operations =
        new OperationTracker(
            operationReaders,
            new Supplier<OperationRecorder>() {
              @Override
              public OperationRecorder get() {
                return recorder.get().operations();
              }
            },
            attribution,
            applicationLogs);
  }

  /** Turns on content capture: prompts and completions on spans, never on metrics. */
  public LlmCallDispatcher captureContent(boolean on) {
    this.captureContent = on;
    return this;
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
      if (captureContent && reader instanceof ContentReader) {
        GenAiMessages messages = new GenAiMessages();
        ((ContentReader) reader).readInputMessages(request, messages);
        call.inputMessages(messages.toJson());
      }
      CallInProgress progress = new CallInProgress(reader, call, client, request);
      OperationInProgress operation = operations.innermost();
      InFlight inFlight;
      if (operation != null) {
        inFlight = recorder.get().begin(call, operation.attribution, null, progress);
      } else {
        // The application's context is read once, for both its Baggage and its span.
        AppContext application = AppContext.of(client);
        Object context = application.current();
        inFlight =
            recorder.get().begin(call, attribution.resolve(application, context, null), application.parent(context), progress);
      }
      progress.inFlight = inFlight;
      current.set(progress);
      progress.logScope = applicationLogs.enter(client, inFlight.traceId(), inFlight.spanId(), inFlight.isSampled());
      return progress;
    } catch (Throwable failure) {
      reportFailure(failure);
      return NESTED;
    }
  }

  @Override
  public void onEnd(Object handle, Object response, Throwable error) {
    leave(handle);
    if (handle instanceof CallInProgress) {
      CallInProgress progress = (CallInProgress) handle;
      // Ended on its own thread: its response's headers go with its end, not in an event of their own.
      progress.headersWithEnd();
      finish(progress, response, error);
    }
  }

  @Override
  public void onEndAsync(Object handle, Object future, Throwable error) {
    leave(handle);
    if (!(handle instanceof CallInProgress)) {
      return;
    }
    CallInProgress call = (CallInProgress) handle;
    sendHeaders(call);
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

  @Override
  public void onEndStreaming(Object handle, Object streamObject, Throwable error) {
    leave(handle);
    if (!(handle instanceof CallInProgress)) {
      return;
    }
    CallInProgress progress = (CallInProgress) handle;
    sendHeaders(progress);
    if (error != null || streamObject == null) {
      finish(progress, null, error);
      return;
    }
    if (progress.streamFromFuture) {
      return;
    }
    progress.call.markStreaming();
    track(streamObject, progress);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object onAsyncStreamSource(Object future) {
    final CallInProgress progress = current.get();
    // A handler-reporting call (LangChain4j) over a client whose stream is built here
    // (openai-java) is already observed through its handler.
    if (progress == null || progress.handlerObserved || !(future instanceof CompletableFuture)) {
      return future;
    }
    try {
      CompletableFuture<Object> source = (CompletableFuture<Object>) future;
      progress.streamFromFuture = true;
      progress.call.markStreaming();
      source.whenComplete(
          (streamObject, error) -> {
            if (error != null) {
              finish(progress, null, error);
            }
          });
      return source.thenApply(
          streamObject -> {
            track(streamObject, progress);
            return streamObject;
          });
    } catch (Throwable failure) {
      reportFailure(failure);
      return future;
    }
  }

  private void track(Object streamObject, CallInProgress progress) {
    try {
      streams.register(streamObject, progress, this);
    } catch (Throwable failure) {
      reportFailure(failure);
      finish(progress, null, null);
    }
  }

  @Override
  public Object onElements(Object streamObject, Object elements) {
    try {
      StreamingCall call = streams.lookUp(streamObject);
      if (call == null || !(elements instanceof Stream)) {
        return elements;
      }
      final Stream<?> original = (Stream<?>) elements;
      return observed(original, call, streamObject);
    } catch (Throwable failure) {
      reportFailure(failure);
      return elements;
    }
  }

  private static <T> Stream<T> observed(final Stream<T> original, final StreamingCall call, Object streamObject) {
    return StreamSupport.stream(new ObservedChunks<T>(original.spliterator(), call, streamObject), false)
        .onClose(
            () -> {
              call.finish(null);
              original.close();
            });
  }

  @Override
  public void onStreamClosed(Object streamObject) {
    try {
      StreamingCall call = streams.lookUp(streamObject);
      if (call != null) {
        call.finish(null);
      }
    } catch (Throwable failure) {
      reportFailure(failure);
    }
  }

  @Override
  public void onResponse(String kind, Object response) {
    try {
      CallInProgress progress = current.get();
      if (progress == null) {
        return;
      }
      // The reader of the layer that received the headers: under a framework's call, the client's.
      LlmCallReader headersReader = readers.get(kind);
      LlmCallReader reader = headersReader != null ? headersReader : progress.reader;
      // Kept until the call's method returns: a blocking call's end carries them to the recorder
      // thread, which reads them (the headers of a received response do not change). A second
      // response in one call hands the first one's over first: each is recorded, in order.
      if (!progress.keepHeaders(reader, response)) {
        sendHeaders(progress);
        progress.keepHeaders(reader, response);
      }
    } catch (Throwable failure) {
      reportFailure(failure);
    }
  }

  /**
   * The call goes on after its method returned (a stream, a future, a handler): the headers kept
   * during it are recorded now, in an event of their own, not when it ends.
   */
  private void sendHeaders(CallInProgress progress) {
    Object headers = progress.headers();
    if (headers == null) {
      return;
    }
    try {
      recorder.get().rateLimits(progress.inFlight, progress.headersReader(), headers);
    } catch (Throwable failure) {
      reportFailure(failure);
    } finally {
      progress.forgetHeaders();
    }
  }

  @Override
  public Object onHandler(Object handle, Object handler) {
    if (!(handle instanceof CallInProgress)) {
      return handler;
    }
    CallInProgress progress = (CallInProgress) handle;
    try {
      Object observed = ObservedHandler.wrap(handler, progress.reader.handlerInterface(), progress, this);
      if (observed != null) {
        progress.call.markStreaming();
        progress.handlerObserved = true;
        return observed;
      }
    } catch (Throwable failure) {
      reportFailure(failure);
    }
    return handler;
  }

  @Override
  public void onEndWithHandler(Object handle, Throwable error) {
    leave(handle);
    if (!(handle instanceof CallInProgress)) {
      return;
    }
    CallInProgress progress = (CallInProgress) handle;
    sendHeaders(progress);
    // Thrown, or returned without the agent standing in for the handler: the call ends now,
    // rather than stay active forever.
    if ((error != null || !progress.handlerObserved) && progress.markEnded()) {
      finish(progress, error == null ? STREAMED : null, error);
    }
  }

  @Override
  public void partial(CallInProgress progress, Object part) {
    chunk(progress, part);
  }

  @Override
  public void completed(CallInProgress progress, Object response) {
    if (progress.markEnded()) {
      finish(progress, response, null);
    }
  }

  @Override
  public void failed(CallInProgress progress, Throwable error) {
    if (progress.markEnded()) {
      finish(progress, null, error);
    }
  }

  @Override
  public Object onOperationStart(String kind, Object target, Object arguments) {
    try {
      return operations.start(kind, target, arguments);
    } catch (Throwable failure) {
      reportFailure(failure);
      return null;
    }
  }

  @Override
  public void onOperationEnd(Object handle, Object result, Throwable error) {
    if (handle instanceof OperationInProgress) {
      try {
        operations.end((OperationInProgress) handle, result, error);
      } catch (Throwable failure) {
        reportFailure(failure);
      }
    }
  }

  @Override
  public void onOperationFailed(String kind, Throwable error) {
    try {
      operations.failed(kind, error);
    } catch (Throwable failure) {
      reportFailure(failure);
    }
  }

  /**
   * On the thread reading the stream: the chunk's time, whether it is the first content (only
   * until one is), and the chunk kept for the recorder thread, which reads the rest of it.
   */
  @Override
  public void chunk(CallInProgress progress, Object chunk) {
    try {
      long arrived = System.nanoTime();
      LlmCall call = progress.call;
      call.chunkArrived(arrived, call.firstContentNanos() == 0 && progress.reader.isContent(chunk));
      if (!progress.inFlight.queued() || !readsChunks(progress.reader)) {
        return;
      }
      Object[] batch = progress.keepChunk(chunk);
      if (batch != null && !recorder.get().chunks(progress.inFlight, progress.reader, batch)) {
        progress.keepUnsent(batch);
      }
    } catch (Throwable failure) {
      reportFailure(failure);
    }
  }

  /**
   * Whether a reader's class reads anything from chunks: one that keeps the interface's empty
   * {@code readChunk} (LangChain4j's, whose partials are text) costs a stream no kept chunks and
   * no queued batches. Decided once per reader class.
   */
  private static final ClassValue<Boolean> READS_CHUNKS =
      new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> readerClass) {
          try {
            return readerClass.getMethod("readChunk", Object.class, LlmCall.class).getDeclaringClass()
                != LlmCallReader.class;
          } catch (NoSuchMethodException impossible) {
            return Boolean.TRUE;
          }
        }
      };

  static boolean readsChunks(LlmCallReader reader) {
    return READS_CHUNKS.get(reader.getClass());
  }

  @Override
  public void end(CallInProgress progress, Throwable error) {
    finish(progress, STREAMED, error);
  }

  /** Streaming calls in progress: for tests and self-metrics. */
  int streamsInProgress() {
    return streams.inProgress();
  }

  /** The instrumented method returns on the application's thread: the call's thread-bound state goes. */
  private void leave(Object handle) {
    if (--depth.get()[0] == 0) {
      // Emptied, not removed: removing dropped the thread's map entry, and the next call's set()
      // allocated a new one.
      current.set(null);
    }
    if (handle instanceof CallInProgress) {
      try {
        applicationLogs.exit(((CallInProgress) handle).logScope);
      } catch (Throwable failure) {
        reportFailure(failure);
      }
    }
  }

  /**
   * Hands the call to the recorder, which reads the outcome (response or failure) on its own
   * thread: the responses of the instrumented libraries are immutable, so reading them later
   * reads the same values, and the application's thread does not pay for it.
   */
  private void finish(CallInProgress progress, Object response, Throwable error) {
    try {
      progress.outcome(response == STREAMED ? null : response, error, captureContent);
      recorder.get().end(progress.inFlight, progress);
    } catch (Throwable failure) {
      reportFailure(failure);
    }
  }

  /** On the recorder thread: whatever the reader makes of the outcome, the call is recorded. */
  static void readOutcome(CallInProgress progress, Object response, Throwable error, boolean captureContent) {
    try {
      if (error != null) {
        progress.call.errorType(classify(progress.reader, unwrap(error)));
      } else if (response != null) {
        progress.reader.readResponse(response, progress.call);
        if (captureContent && progress.reader instanceof ContentReader) {
          GenAiMessages messages = new GenAiMessages();
          ((ContentReader) progress.reader).readOutputMessages(response, messages);
          progress.call.outputMessages(messages.toJson());
        }
      }
    } catch (Throwable failure) {
      if (error != null && progress.call.errorType() == null) {
        progress.call.errorType(ErrorType.OTHER);
      }
      reportFailure(failure);
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

  static void reportFailure(Throwable failure) {
    AgentLog.warnOnce(
        "dispatch:" + failure.getClass().getName(),
        "a call could not be recorded (" + failure + "); the application is not affected");
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
