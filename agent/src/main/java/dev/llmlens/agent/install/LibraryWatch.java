package dev.llmlens.agent.install;

import dev.llmlens.agent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The transformer registered at JVM start. It looks at class names only: classes under a watched
 * package reach ByteBuddy's transformer, every other class the JVM loads (thousands before an LLM
 * client is even built) is passed over with a prefix check. The first watched class also tells
 * the agent that an LLM library is in use ({@code onLibraryFound}), which starts telemetry.
 *
 * <p>A watched package is the top two segments of a module's marker class ({@code com.openai.}
 * for {@code com.openai.core.ClientOptions}): an instrumentation module weaves classes of its own
 * library only.
 *
 * <p>JDK types only, like {@link InstrumentationInstaller}: verifying this class must not load
 * ByteBuddy.
 */
final class LibraryWatch implements ClassFileTransformer {

  /** ByteBuddy's transformer once it is built ({@link WeaverInBackground}); null if that failed. */
  interface Weaver {
    ClassFileTransformer await();
  }

  private final String[] packages;
  private final Weaver weaver;
  private final Runnable onLibraryFound;
  private final AtomicBoolean found = new AtomicBoolean();

  /** @param packages internal names with a trailing slash: {@code com/openai/} */
  LibraryWatch(Collection<String> packages, Weaver weaver, Runnable onLibraryFound) {
    this.packages = packages.toArray(new String[0]);
    this.weaver = weaver;
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

  @Override
  public byte[] transform(
      ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
    if (internalName == null || !watches(internalName)) {
      return null;
    }
    try {
      ClassFileTransformer woven;
      if (!found.get() && found.compareAndSet(false, true)) {
        onLibraryFound.run();
        // Built from JVM start on its own thread: the first library class may have to wait for
        // it when the application uses the library at once.
        long waitFrom = System.nanoTime();
        woven = weaver.await();
        AgentLog.debug(internalName.replace('/', '.') + " is the first library class; it waited "
            + (System.nanoTime() - waitFrom) / 1_000_000 + " ms for ByteBuddy");
      } else {
        woven = weaver.await();
      }
      return woven == null ? null : woven.transform(loader, internalName, redefined, domain, classFile);
    } catch (Throwable failure) {
      // ByteBuddy reports its own failures through TransformationLog; this is anything else. The
      // class loads unchanged.
      return null;
    }
  }
}
