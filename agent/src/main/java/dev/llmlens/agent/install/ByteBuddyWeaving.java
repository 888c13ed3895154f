package dev.llmlens.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.instrumentation.api.InstrumentationModule;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/**
 * Weaves the advice of every enabled module into its library's classes with one ByteBuddy
 * {@code AgentBuilder}: retransformation on (classes loaded before the agent are covered),
 * no class format changes (retransformation allows none), class-file based type descriptions
 * and name-based matchers (nothing is loaded to decide), and every failed transformation logged.
 * Only {@link InstrumentationInstaller} uses this class, and so ByteBuddy is loaded only when
 * this class is first used.
 */
final class ByteBuddyWeaving {

  private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";
  private static final String GENERATE_DISPATCHERS = "net.bytebuddy.generate";

  static {
    // Before any of ByteBuddy's classes initialise. The shading relocates these property names
    // with ByteBuddy itself, so only the agent's copy is affected.
    //
    // ByteBuddy's "nexus" would inject a class of its own into the application's system class
    // loader (through sun.misc.Unsafe, which JDK 24+ warns about) to run type initializers the
    // agent never adds.
    setIfUnset(NEXUS_DISABLED);
    // ByteBuddy reaches JDK methods it cannot link against through "dispatchers": by default a
    // java.lang.reflect.Proxy each, which the JDK writes with its own ASM, computing stack map
    // frames. These are most of the calls that push that ASM's Frame.execute past C2's threshold
    // in a process that makes one call (a 233 ms compilation). Generated, they are small classes
    // ByteBuddy writes itself.
    setIfUnset(GENERATE_DISPATCHERS);
  }

  /** The agent's advice classes, read once for the warm-up and every instrumentation. */
  private static final AdviceOnce.Source ADVICE_SOURCE = new AdviceOnce.Source(ByteBuddyWeaving.class.getClassLoader());

  private ByteBuddyWeaving() {}

  /** Under a security manager that refuses it, ByteBuddy keeps its defaults: only slower. */
  private static void setIfUnset(String property) {
    try {
      if (System.getProperty(property) == null) {
        System.setProperty(property, "true");
      }
    } catch (SecurityException refused) {
      AgentLog.debug("ByteBuddy's " + property + " left unset: " + refused);
    }
  }

  /** The transformer, neither registered nor applied to loaded classes, with the modules' library checks. */
  static Weaving weaving(List<InstrumentationModule> modules, Runnable onFirstTransformation) {
    List<LibraryCompatibility> checks = new ArrayList<LibraryCompatibility>();
    Map<String, List<LibraryCompatibility>> byMarker = new HashMap<String, List<LibraryCompatibility>>();
    for (InstrumentationModule module : modules) {
      LibraryCompatibility check = new LibraryCompatibility(module.name(), module.libraryCheck());
      checks.add(check);
      List<LibraryCompatibility> ofMarker = byMarker.get(module.libraryCheck().markerClass());
      if (ofMarker == null) {
        ofMarker = new ArrayList<LibraryCompatibility>();
        byMarker.put(module.libraryCheck().markerClass(), ofMarker);
      }
      ofMarker.add(check);
    }
    return new Weaving(builder(modules, checks, onFirstTransformation).makeRaw(), byMarker);
  }

  /** ByteBuddy's transformer, and each module's library check by the library's marker class. */
  static final class Weaving {
    final ClassFileTransformer transformer;
    private final Map<String, List<LibraryCompatibility>> checks;

    Weaving(ClassFileTransformer transformer, Map<String, List<LibraryCompatibility>> checks) {
      this.transformer = transformer;
      this.checks = checks;
    }

    /**
     * Runs the library checks whose marker class {@code marker} is, on its class loader, as the
     * transformer does when shown that class: without the JVM retransforming it, which would hand
     * it, cold, to ByteBuddy's whole transformation. False when it is no marker class.
     */
    boolean checkLibraryOf(Class<?> marker) {
      List<LibraryCompatibility> ofMarker = checks.get(marker.getName());
      if (ofMarker == null) {
        return false;
      }
      for (LibraryCompatibility compatibility : ofMarker) {
        compatibility.isCompatible(marker.getClassLoader());
      }
      return true;
    }
  }

  /**
   * Weaves {@code BlockingCallAdvice} into {@link WeavingStandIn}'s class file and throws the
   * result away. The first weaving of a library class otherwise loads and runs ByteBuddy's advice
   * code cold, about 0.2 s, on the application's thread that loads the class (README,
   * Performance); done here, on the background thread, that thread finds it ready.
   *
   * @return whether the stand-in was woven
   */
  static boolean warmUp() throws Exception {
    ClassLoader agentLoader = ByteBuddyWeaving.class.getClassLoader();
    String standIn = ByteBuddyWeaving.class.getPackage().getName() + ".WeavingStandIn";
    byte[] classFile = ClassFileBytes.read(agentLoader.getResourceAsStream(standIn.replace('.', '/') + ".class"));
    ClassFileTransformer transformer =
        common()
            .type(named(standIn))
            .transform(
                new AdviceOnce(
                    named("call"), "dev.llmlens.instrumentation.api.BlockingCallAdvice", "warm-up", ADVICE_SOURCE))
            .makeRaw();
    return transformer.transform(agentLoader, standIn.replace('.', '/'), null, null, classFile) != null;
  }

  /**
   * @param modules the enabled modules
   * @param checks each module's library check, in the order of {@code modules}
   * @param onFirstTransformation runs (once) before the first library class is woven: it starts
   *     the OpenTelemetry SDK, so that happens only in processes that make LLM calls
   */
  private static AgentBuilder builder(
      List<InstrumentationModule> modules, List<LibraryCompatibility> checks, Runnable onFirstTransformation) {
    AgentBuilder builder =
        common()
            .with(new SharedTypePools())
            .with(new TransformationLog(onFirstTransformation))
            .ignore(nameStartsWith("dev.llmlens.").or(nameStartsWith("java.")).or(nameStartsWith("jdk.")).or(nameStartsWith("sun.")));
    for (int i = 0; i < modules.size(); i++) {
      InstrumentationModule module = modules.get(i);
      LibraryCompatibility compatibility = checks.get(i);
      builder = builder.type(new IncompatibleVersionReport(module.libraryCheck().markerClass(), compatibility)).transform(
          (typeBuilder, typeDescription, classLoader, javaModule, protectionDomain) -> typeBuilder);
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        builder =
            builder
                .type(new CompatibleType(type.typeMatcher(), compatibility))
                .transform(new AdviceOnce(type.methodMatcher(), type.advice(), type.callKind(), ADVICE_SOURCE));
        AgentLog.debug(module.name() + ": watching " + type);
      }
    }
    return builder;
  }

  private static AgentBuilder common() {
    // Advice goes into methods a class declares, and nothing is added to a class: its super
    // types' methods (Jackson's and Kotlin's, for openai-java's classes) need not be resolved,
    // and the class's description need not be copied to be changed. Nor need the woven class be
    // checked for members the agent never adds (the OpenTelemetry agent skips that check too).
    ByteBuddy byteBuddy =
        new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
            .with(VisibilityBridgeStrategy.Default.NEVER)
            .with(InstrumentedType.Factory.Default.FROZEN);
    return new AgentBuilder.Default(byteBuddy)
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
        // Advice is inlined: nothing is injected and no type initializer is added, so the
        // injection machinery (and its use of sun.misc.Unsafe) is never set up.
        .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE);
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
