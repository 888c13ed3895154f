package dev.llmlens.agent.install;

import dev.llmlens.agent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The transformer registered at JVM start. It looks at class names first: every class outside a
 * watched package (thousands before an LLM client is even built) is passed over with a prefix
 * check. Of a watched package, only the classes an instrumentation may match, judged from the
 * class file's header by {@link CandidateClasses}, reach ByteBuddy's transformer. The first
 * watched class also tells the agent that an LLM library is in use ({@code onLibraryFound}),
 * which starts ByteBuddy's build and telemetry.
 *
 * <p>Until ByteBuddy is built ({@link #built}), a library class that an instrumentation names
 * ({@code TypeInstrumentation.namePattern()}: the client and service classes whose calls must be
 * seen from the first) waits for it. Every other library class loads at once and is remembered;
 * {@link WeaverInBackground} retransforms those once ByteBuddy is ready, which weaves the ones
 * that match (stream implementations, memories, stores) before the calls that use them. An
 * application that builds its client as soon as it starts so no longer waits about a second for
 * ByteBuddy on its first library class (README, Performance).
 *
 * <p>A watched package is the top two segments of a module's marker class ({@code com.openai.}
 * for {@code com.openai.core.ClientOptions}): an instrumentation module weaves classes of its own
 * library only.
 *
 * <p>JDK types only, like {@link InstrumentationInstaller}: verifying this class must not load
 * ByteBuddy.
 */
class LibraryWatch implements ClassFileTransformer {

  /** Beyond this many passed-over classes, every loaded library class is retransformed instead. */
  static final int MAX_REMEMBERED = 10_000;

  /** The internal name of the bridge class woven advice calls, in ASCII. */
  private static final byte[] WOVEN_MARK = "dev/llmlens/bootstrap/LlmCalls".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final String[] packages;
  private final NamePatterns waitFor;
  private final CandidateClasses candidates;
  private final CandidateClasses wovenCandidates;
  private final Runnable onLibraryFound;
  private final AtomicBoolean found = new AtomicBoolean();
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile boolean built;
  private volatile ClassFileTransformer woven;
  /** Internal names of library classes loaded before ByteBuddy was built; guarded by this. */
  private final Set<String> passedOver = new LinkedHashSet<String>();
  private boolean tooMany;

  /**
   * @param packages internal names with a trailing slash: {@code com/openai/}
   * @param waitFor binary names, or prefixes ending in {@code *}, of the classes that wait
   * @param candidates the classes ByteBuddy is shown: those an instrumentation may weave, and the
   *     libraries' marker classes
   * @param wovenCandidates the classes an instrumentation may weave
   */
  LibraryWatch(
      Collection<String> packages,
      Collection<String> waitFor,
      CandidateClasses candidates,
      CandidateClasses wovenCandidates,
      Runnable onLibraryFound) {
    this.packages = packages.toArray(new String[0]);
    this.waitFor = new NamePatterns(waitFor);
    this.candidates = candidates;
    this.wovenCandidates = wovenCandidates;
    this.onLibraryFound = onLibraryFound;
  }

  /** {@code com.openai.core.ClientOptions} -> {@code com/openai/}. */
  static String packageOf(String markerClass) {
    String[] segments = markerClass.split("\\.");
    return segments.length < 3 ? markerClass.replace('.', '/') + "/" : segments[0] + "/" + segments[1] + "/";
  }

  boolean watches(String internalName) {
    for (String watched : packages) {
      if (internalName.startsWith(watched)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code loaded}, a class loaded already, is one that ByteBuddy may weave. */
  boolean mayWeave(Class<?> loaded) {
    return watches(loaded.getName().replace('.', '/')) && candidates.mayMatch(loaded);
  }

  /**
   * Whether {@code candidate}, a loaded class this watch would show ByteBuddy, is one no
   * instrumentation weaves: a library's marker class, shown only for the library check.
   */
  boolean onlyForTheLibraryCheck(Class<?> candidate) {
    return !wovenCandidates.mayMatch(candidate);
  }

  /** The watched packages as binary-name prefixes: {@code com.openai.}. */
  List<String> binaryPackages() {
    List<String> binary = new ArrayList<String>();
    for (String watched : packages) {
      binary.add(watched.replace('/', '.'));
    }
    return binary;
  }

  /**
   * This watch for retransforming the classes it passed over, registered only while it does so
   * when {@link ClassLoaderHook} hands it the classes being defined: a class being defined
   * meanwhile has been shown to it by the hook already, and a class that calls the bridge has
   * been woven already (the JVM retransforms from the bytes given to {@code defineClass}, which
   * were the woven ones).
   */
  ClassFileTransformer forRetransformation() {
    return new ClassFileTransformer() {
      @Override
      public byte[] transform(
          ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
        if (redefined == null || callsTheBridge(classFile)) {
          return null;
        }
        return LibraryWatch.this.transform(loader, internalName, redefined, domain, classFile);
      }
    };
  }

  /**
   * Whether the class file names the bridge class that woven advice calls, which only a class
   * the agent wove does. A byte search for its name in the constant pool, where it is stored
   * as it is spelled here.
   */
  static boolean callsTheBridge(byte[] classFile) {
    byte[] name = WOVEN_MARK;
    outer:
    for (int at = 0; at <= classFile.length - name.length; at++) {
      for (int i = 0; i < name.length; i++) {
        if (classFile[at + i] != name[i]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * ByteBuddy's transformer is ready, or could not be built ({@code null}). Returns the internal
   * names of the library classes passed over until now, to retransform; {@code null} when there
   * were too many to remember, and every loaded library class should be.
   */
  Collection<String> built(ClassFileTransformer transformer) {
    List<String> late;
    synchronized (this) {
      woven = transformer;
      built = true;
      late = tooMany ? null : new ArrayList<String>(passedOver);
      passedOver.clear();
    }
    ready.countDown();
    return late;
  }

  @Override
  public byte[] transform(
      ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
    if (internalName == null || !watches(internalName)) {
      return null;
    }
    try {
      if (!found.get() && found.compareAndSet(false, true)) {
        onLibraryFound.run();
      }
      if (!candidates.mayMatch(loader, internalName, classFile)) {
        return null;
      }
      if (!built) {
        if (redefined == null && !waitFor.matches(internalName)) {
          synchronized (this) {
            if (!built) {
              if (passedOver.size() < MAX_REMEMBERED) {
                passedOver.add(internalName);
              } else {
                tooMany = true;
              }
              return null;
            }
          }
        } else {
          long waitFrom = System.nanoTime();
          awaitBuilt();
          AgentLog.debug(internalName.replace('/', '.') + " waited " + (System.nanoTime() - waitFrom) / 1_000_000 + " ms for ByteBuddy");
        }
      }
      ClassFileTransformer ready = woven;
      return ready == null ? null : ready.transform(loader, internalName, redefined, domain, classFile);
    } catch (Throwable failure) {
      // ByteBuddy reports its own failures through TransformationLog; this is anything else. The
      // class loads unchanged.
      return null;
    }
  }

  private void awaitBuilt() {
    boolean interrupted = false;
    while (true) {
      try {
        ready.await();
        break;
      } catch (InterruptedException e) {
        // Class loading must not be cut short: wait on, and keep the interrupt for the caller.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
