package dev.llmlens.agent.recorder;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.Collections;
import java.util.List;

/**
 * Lets a span's identity be chosen on the application's thread and the span be built later on
 * the recorder thread. The application's logging context needs the trace id, span id and
 * sampling decision while the call runs; the SDK's span, built afterwards, must carry the same.
 *
 * <p>Both hooks sit inside the SDK: an {@link IdGenerator} and a {@link Sampler} that, on the
 * recorder thread only, return what the application's thread chose, and everywhere else
 * delegate to the SDK's own (random ids, the configured sampler). Only the recorder thread reads
 * or writes the pending choice, so it needs no synchronisation.
 */
public final class SpanStarts {

  private static final List<LinkData> NO_LINKS = Collections.emptyList();

  private final IdGenerator random = IdGenerator.random();
  private final Clock clock = Clock.getDefault();
  private final Ids ids = new Ids();
  private final PreDecided sampler = new PreDecided();
  /** The only thread whose span starts take the pending choice. */
  private volatile Thread recorderThread;
  private String pendingTraceId;
  private String pendingSpanId;
  private SamplingResult pendingSampling;
  /** Whether {@link #sampler(Sampler)} was installed in the SDK the recorder's tracer comes from. */
  private volatile boolean installed;

  /** The {@link IdGenerator} to hand the SDK. */
  public IdGenerator idGenerator() {
    return ids;
  }

  /** Wraps the configured sampler: the SDK gets this one. */
  public Sampler sampler(Sampler configured) {
    sampler.delegate = configured;
    sampler.builtIn = ignoresNameAndAttributes(configured);
    installed = true;
    return sampler;
  }

  boolean installed() {
    return installed;
  }

  Clock clock() {
    return clock;
  }

  /**
   * The epoch time at {@code nanoTime} (the SDK clock's {@code nanoTime()}), the way the SDK's
   * own spans take it: an anchor of the clock's {@code now()} and {@code nanoTime()}, plus the
   * elapsed {@code nanoTime}. The anchor is renewed every second, so it follows the wall clock
   * like the SDK's per-trace anchor does, and a call costs no {@code Instant}.
   */
  long epochNanos(long nanoTime) {
    Anchor current = anchor;
    if (current == null || nanoTime - current.nanoTime > ANCHOR_NANOS) {
      current = new Anchor(clock.now(), clock.nanoTime());
      anchor = current;
    }
    return current.epochNanos + (nanoTime - current.nanoTime);
  }

  private static final long ANCHOR_NANOS = 1_000_000_000L;
  private volatile Anchor anchor;

  private static final class Anchor {
    final long epochNanos;
    final long nanoTime;

    Anchor(long epochNanos, long nanoTime) {
      this.epochNanos = epochNanos;
      this.nanoTime = nanoTime;
    }
  }

  void recorderThread(Thread thread) {
    this.recorderThread = thread;
  }

  String newTraceId() {
    return random.generateTraceId();
  }

  String newSpanId() {
    return random.generateSpanId();
  }

  /**
   * The configured sampler's decision, asked on the application's thread. The SDK's own samplers
   * decide by parent and trace id only, so they are asked without a name; a custom sampler gets
   * the span's name as it starts (attributes are set on the recorder thread and are not known yet).
   */
  SamplingResult decide(Context parent, String traceId, String name, SpanKind kind) {
    Sampler configured = sampler.delegate;
    if (configured == null) {
      return SamplingResult.recordAndSample();
    }
    return configured.shouldSample(parent, traceId, sampler.builtIn ? "" : name, kind, Attributes.empty(), NO_LINKS);
  }

  /** Whether {@link #decide} uses the span's name: built-in samplers do not, so none is built for them. */
  boolean decisionNeedsName() {
    return !sampler.builtIn && sampler.delegate != null;
  }

  static boolean sampled(SamplingResult result) {
    return result.getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
  }

  /** On the recorder thread, just before {@code startSpan()}. */
  void pending(String traceId, String spanId, SamplingResult sampling) {
    pendingTraceId = traceId;
    pendingSpanId = spanId;
    pendingSampling = sampling;
  }

  /** On the recorder thread, right after {@code startSpan()}. */
  void clearPending() {
    pendingTraceId = null;
    pendingSpanId = null;
    pendingSampling = null;
  }

  /**
   * The SDK's samplers (always_on, always_off, traceidratio and parentbased_* over them), as their
   * descriptions name them: they decide by parent and trace id alone.
   */
  static boolean ignoresNameAndAttributes(Sampler sampler) {
    String rest =
        sampler.getDescription()
            .replaceAll("AlwaysOnSampler|AlwaysOffSampler|TraceIdRatioBased\\{[0-9.Ee-]*\\}", "");
    return rest.isEmpty()
        || rest.equals(
            "ParentBased{root:,remoteParentSampled:,remoteParentNotSampled:,localParentSampled:,localParentNotSampled:}");
  }

  private boolean onRecorderThread() {
    return Thread.currentThread() == recorderThread;
  }

  private final class Ids implements IdGenerator {
    @Override
    public String generateSpanId() {
      if (onRecorderThread() && pendingSpanId != null) {
        return pendingSpanId;
      }
      return random.generateSpanId();
    }

    @Override
    public String generateTraceId() {
      if (onRecorderThread() && pendingTraceId != null) {
        return pendingTraceId;
      }
      return random.generateTraceId();
    }

    @Override
    public String toString() {
      return "llmlens pre-chosen ids over " + random;
    }
  }

  private final class PreDecided implements Sampler {
    volatile Sampler delegate;
    volatile boolean builtIn;

    @Override
    public SamplingResult shouldSample(
        Context parentContext,
        String traceId,
        String name,
        SpanKind spanKind,
        Attributes attributes,
        List<LinkData> parentLinks) {
      if (onRecorderThread() && pendingSampling != null) {
        return pendingSampling;
      }
      return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
      // As configured: what the SDK reports (and logs) stays the user's sampler.
      return delegate.getDescription();
    }

    @Override
    public String toString() {
      return getDescription();
    }
  }
}
