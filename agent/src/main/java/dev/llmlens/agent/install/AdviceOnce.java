package dev.llmlens.agent.install;

import dev.llmlens.instrumentation.api.CallKind;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Weaves one instrumentation's advice, inlined, with its call kind bound and failures
 * suppressed. The advice is read from the agent's class loader once, the first time a class
 * needs it. ByteBuddy's {@code AgentBuilder.Transformer.ForAdvice} reads and resolves it again
 * for every class it weaves, on the thread that loads the class: a third of the weaving time
 * of openai-java's service classes on the application's thread (README, Performance).
 */
final class AdviceOnce implements AgentBuilder.Transformer {

  private static final TypeDescription.Generic STRING = TypeDescription.ForLoadedType.of(String.class).asGenericType();

  private final ElementMatcher<? super MethodDescription> methods;
  private final String adviceClass;
  private final String callKind;
  private final Source source;
  private volatile Advice advice;

  /** The agent's advice classes, described once for every instrumentation. */
  static final class Source {
    private final ClassFileLocator locator;
    private final TypePool pool;

    Source(ClassLoader agentLoader) {
      this.locator = ClassFileLocator.ForClassLoader.of(agentLoader);
      this.pool = TypePool.Default.of(locator);
    }
  }

  AdviceOnce(ElementMatcher<? super MethodDescription> methods, String adviceClass, String callKind, Source source) {
    this.methods = methods;
    this.adviceClass = adviceClass;
    this.callKind = callKind;
    this.source = source;
  }

  @Override
  public DynamicType.Builder<?> transform(
      DynamicType.Builder<?> builder,
      TypeDescription type,
      ClassLoader classLoader,
      JavaModule module,
      ProtectionDomain protectionDomain) {
    return builder.visit(advice().on(methods));
  }

  /** Two threads weaving at once may both resolve it; either result is the same advice. */
  private Advice advice() {
    Advice resolved = advice;
    if (resolved == null) {
      TypeDescription description = source.pool.describe(adviceClass).resolve();
      // The call kind as a string constant, given as the instruction that loads it: bound as a
      // plain value, ByteBuddy wraps a string through JavaConstant, whose first use creates 7
      // JDK proxy classes (its dispatchers to java.lang.constant), for the same ldc instruction.
      resolved =
          Advice.withCustomMapping()
              .bind(CallKind.class, new TextConstant(callKind), STRING)
              .to(description, source.locator)
              .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
      advice = resolved;
    }
    return resolved;
  }
}
