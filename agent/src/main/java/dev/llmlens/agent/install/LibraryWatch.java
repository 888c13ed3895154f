package dev.llmlens.agent.install;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Collection;

/**
 * Keeps ByteBuddy out of the JVM until an instrumented library shows up, and out of the way of
 * every other class after that. It is the transformer registered at start-up and looks at class
 * names only: the first class under a watched package builds ByteBuddy's transformer
 * ({@code weaver}), and from then on only classes under the watched packages reach it.
 *
 * <p>Measured (see the README, Performance): ByteBuddy's own transformer costs interpreted work
 * and allocation for every class the JVM loads, thousands before an LLM client is even built,
 * and loading ByteBuddy at start-up costs most of premain; a process that never loads an LLM
 * library now loads none of it.
 *
 * <p>A watched package is the top two segments of a module's marker class ({@code com.openai.}
 * for {@code com.openai.core.ClientOptions}): an instrumentation module weaves classes of its own
 * library only.
 */
final class LibraryWatch implements ClassFileTransformer {

  /** Builds ByteBuddy's transformer, once, from the thread that loads the first library class. */
  interface Weaver {
    ClassFileTransformer build();
  }

  private final String[] packages;
  private final Weaver weaver;
  private volatile ClassFileTransformer woven;

  /** @param packages internal names with a trailing slash: {@code com/openai/} */
  LibraryWatch(Collection<String> packages, Weaver weaver) {
    this.packages = packages.toArray(new String[0]);
    this.weaver = weaver;
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
      ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain, byte[] classFile)
      throws IllegalClassFormatException {
    if (internalName == null || !watches(internalName)) {
      return null;
    }
    ClassFileTransformer ready = woven;
    if (ready == null) {
      synchronized (this) {
        if (woven == null) {
          woven = weaver.build();
        }
        ready = woven;
      }
    }
    return ready.transform(loader, internalName, redefined, domain, classFile);
  }
}
