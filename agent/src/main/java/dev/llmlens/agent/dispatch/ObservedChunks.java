package dev.llmlens.agent.dispatch;

import java.util.Spliterator;
import java.util.function.Consumer;

/**
 * The elements of a streaming call, handed to the application in the same order, one at a time,
 * while the agent sees each chunk and the end: the source running dry ends the call as
 * complete, a failure of the source ends it with that error. A failure thrown by the
 * application's own code while handling a chunk is not the provider's: the call ends as
 * stopped early, and the failure reaches the application unchanged.
 */
final class ObservedChunks<T> implements Spliterator<T> {

  private final Spliterator<T> source;
  private final StreamingCall call;
  /**
   * Held strongly: the application may keep only the elements (a chained
   * {@code createStreaming(params).stream().forEach(...)}), and its stream object must not look
   * dropped while they are still being read.
   */
  @SuppressWarnings("unused")
  private final Object streamObject;
  private boolean inApplicationCode;

  ObservedChunks(Spliterator<T> source, StreamingCall call, Object streamObject) {
    this.source = source;
    this.call = call;
    this.streamObject = streamObject;
  }

  @Override
  public boolean tryAdvance(Consumer<? super T> action) {
    inApplicationCode = false;
    try {
      boolean advanced = source.tryAdvance(chunk -> handOut(chunk, action));
      if (!advanced) {
        call.finish(null);
      }
      return advanced;
    } catch (Throwable failure) {
      call.finish(inApplicationCode ? null : failure);
      throw failure;
    }
  }

  /**
   * The whole rest in one pass, pushed by the source: what {@code forEach}, {@code count} and
   * {@code collect} use. Without it they fall back to one {@code tryAdvance} per chunk, which
   * makes a mapped source stream (openai-java's) buffer each element on the way.
   */
  @Override
  public void forEachRemaining(final Consumer<? super T> action) {
    inApplicationCode = false;
    try {
      source.forEachRemaining(chunk -> handOut(chunk, action));
      call.finish(null);
    } catch (Throwable failure) {
      call.finish(inApplicationCode ? null : failure);
      throw failure;
    }
  }

  /** The agent sees the chunk, then the application gets it. */
  private void handOut(T chunk, Consumer<? super T> action) {
    call.chunk(chunk);
    inApplicationCode = true;
    action.accept(chunk);
    inApplicationCode = false;
  }

  @Override
  public Spliterator<T> trySplit() {
    return null;
  }

  @Override
  public long estimateSize() {
    return source.estimateSize();
  }

  @Override
  public int characteristics() {
    return source.characteristics() & ~(Spliterator.SIZED | Spliterator.SUBSIZED);
  }
}
