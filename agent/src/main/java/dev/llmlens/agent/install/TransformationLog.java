package dev.llmlens.agent.install;

import dev.llmlens.agent.log.AgentLog;
import java.util.concurrent.atomic.AtomicBoolean;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Reports every class woven (with {@code llmlens.debug}) and every failure (always: ByteBuddy's
 * default listener drops them silently), and triggers the one-time start of telemetry before
 * the first woven class can run.
 */
final class TransformationLog extends AgentBuilder.Listener.Adapter {

  private final Runnable onFirstTransformation;
  private final AtomicBoolean first = new AtomicBoolean(true);

  TransformationLog(Runnable onFirstTransformation) {
    this.onFirstTransformation = onFirstTransformation;
  }

  @Override
  public void onTransformation(
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      boolean loaded,
      DynamicType dynamicType) {
    if (first.compareAndSet(true, false)) {
      onFirstTransformation.run();
    }
    AgentLog.debug("instrumented " + type.getName() + (loaded ? " (retransformed)" : ""));
  }

  @Override
  public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
    AgentLog.warn("could not instrument " + typeName + "; it runs unchanged: " + error);
  }
}
