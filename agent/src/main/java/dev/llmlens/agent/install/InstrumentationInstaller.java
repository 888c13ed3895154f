package dev.llmlens.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.llmlens.agent.config.AgentConfig;
import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.instrumentation.api.CallKind;
import dev.llmlens.instrumentation.api.InstrumentationModule;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.utility.JavaModule;

/**
 * Weaves the advice of every enabled module into its library's classes with one ByteBuddy
 * {@code AgentBuilder}: retransformation on (classes loaded before the agent are covered),
 * no class format changes (retransformation allows none), class-file based type descriptions
 * and name-based matchers (nothing is loaded to decide), and every failed transformation logged.
 */
public final class InstrumentationInstaller {

  private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";

  private InstrumentationInstaller() {}

  /**
   * @param onFirstTransformation runs (once) before the first library class is woven: it builds
   *     the OpenTelemetry SDK, so that happens only in processes that make LLM calls
   */
  public static ClassFileTransformer install(
      Instrumentation instrumentation,
      List<InstrumentationModule> modules,
      AgentConfig config,
      Runnable onFirstTransformation) {
    // ByteBuddy's "nexus" would inject a class of its own into the application's system class
    // loader (through sun.misc.Unsafe, which JDK 24+ warns about) to run type initializers the
    // agent never adds. The shading relocates this property name with ByteBuddy itself, so
    // only the agent's copy is affected.
    if (System.getProperty(NEXUS_DISABLED) == null) {
      System.setProperty(NEXUS_DISABLED, "true");
    }
    ClassLoader agentLoader = InstrumentationInstaller.class.getClassLoader();
    ClassFileLocator adviceLocator = ClassFileLocator.ForClassLoader.of(agentLoader);
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
            // Advice is inlined: nothing is injected and no type initializer is added, so the
            // injection machinery (and its use of sun.misc.Unsafe) is never set up.
            .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(new TransformationLog(onFirstTransformation))
            .ignore(nameStartsWith("dev.llmlens.").or(nameStartsWith("java.")).or(nameStartsWith("jdk.")).or(nameStartsWith("sun.")));
    for (InstrumentationModule module : modules) {
      if (!config.instrumentationEnabled(module.name())) {
        AgentLog.debug(module.name() + ": disabled by " + AgentConfig.instrumentationSwitch(module.name()));
        continue;
      }
      LibraryCompatibility compatibility = new LibraryCompatibility(module.name(), module.libraryCheck());
      builder = builder.type(new IncompatibleVersionReport(module.libraryCheck().markerClass(), compatibility)).transform(
          (typeBuilder, typeDescription, classLoader, javaModule, protectionDomain) -> typeBuilder);
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        String advice = type.advice();
        builder =
            builder
                .type(new CompatibleType(type.typeMatcher(), compatibility))
                .transform(
                    new AgentBuilder.Transformer.ForAdvice(
                            Advice.withCustomMapping().bind(CallKind.class, type.callKind()))
                        .include(agentLoader)
                        .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING)
                        .advice(type.methodMatcher(), advice));
        AgentLog.debug(module.name() + ": watching " + type);
      }
    }
    return builder.installOn(instrumentation);
  }

  /**
   * A type the module instruments, in a class loader holding a version of the library the module
   * understands. The cheap name check comes first, so the compatibility verdict is only asked
   * for class loaders that load one of the module's types.
   */
  private static final class CompatibleType implements AgentBuilder.RawMatcher {
    private final net.bytebuddy.matcher.ElementMatcher<TypeDescription> typeMatcher;
    private final LibraryCompatibility compatibility;

    CompatibleType(
        net.bytebuddy.matcher.ElementMatcher<TypeDescription> typeMatcher, LibraryCompatibility compatibility) {
      this.typeMatcher = typeMatcher;
      this.compatibility = compatibility;
    }

    @Override
    public boolean matches(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        Class<?> redefined,
        java.security.ProtectionDomain domain) {
      return typeMatcher.matches(type) && compatibility.isCompatible(loader);
    }
  }

  /**
   * Matches nothing. When a library's marker class loads, it asks for the verdict on that class
   * loader, so an unsupported version is reported even though none of its classes will match.
   */
  private static final class IncompatibleVersionReport implements AgentBuilder.RawMatcher {
    private final String markerClass;
    private final LibraryCompatibility compatibility;

    IncompatibleVersionReport(String markerClass, LibraryCompatibility compatibility) {
      this.markerClass = markerClass;
      this.compatibility = compatibility;
    }

    @Override
    public boolean matches(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        Class<?> redefined,
        java.security.ProtectionDomain domain) {
      if (type.getName().equals(markerClass)) {
        compatibility.isCompatible(loader);
      }
      return false;
    }
  }
}
