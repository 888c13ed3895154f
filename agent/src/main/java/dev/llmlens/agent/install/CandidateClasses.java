package dev.llmlens.agent.install;

import dev.llmlens.instrumentation.api.LibrarySuperType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Decides from a class file alone whether any instrumentation could match the class: its name is
 * one an instrumentation names (or a library's marker class), or it is a class of the library
 * with one of the instrumentations' {@link LibrarySuperType}s among its super types within the
 * library. Only these classes reach ByteBuddy.
 *
 * <p>The application loads about a thousand classes of openai-java for its first call. ByteBuddy
 * describes each class it is shown, method by method, to run its matchers: on the application's
 * thread, at start-up, for classes that are almost never woven. Here only the class file's header
 * is read (access flags, super class, interfaces, through ASM's {@code ClassReader}, which
 * ByteBuddy ships), and the headers of the library super types it names, each once per class
 * loader.
 */
final class CandidateClasses {

  /** Deeper than any real hierarchy; guards against a malformed, cyclic one. */
  private static final int MAX_DEPTH = 32;
  /** Headers remembered per class loader; beyond it, the cache starts again. */
  static final int MAX_HEADERS = 20_000;

  private final NamePatterns named;
  /** Internal names of the super types, and of their libraries' packages, index by index. */
  private final String[] superTypes;
  private final String[] libraries;
  /** Super class and interfaces by internal name, per class loader (the boot loader under null). */
  private final Map<ClassLoader, Map<String, String[]>> headers = new WeakHashMap<ClassLoader, Map<String, String[]>>();
  private final Map<String, String[]> bootHeaders = new HashMap<String, String[]>();

  /**
   * @param namePatterns binary names, or prefixes ending in {@code *}
   * @param superTypes the implementations instrumentations match
   */
  CandidateClasses(Collection<String> namePatterns, Collection<LibrarySuperType> superTypes) {
    this.named = new NamePatterns(namePatterns);
    this.superTypes = new String[superTypes.size()];
    this.libraries = new String[superTypes.size()];
    int i = 0;
    for (LibrarySuperType type : superTypes) {
      this.superTypes[i] = type.superType().replace('.', '/');
      this.libraries[i] = type.libraryPrefix().replace('.', '/');
      i++;
    }
  }

  /** Whether the class that {@code classFile} defines may be matched; false for a malformed one. */
  boolean mayMatch(ClassLoader loader, String internalName, byte[] classFile) {
    if (named.matches(internalName)) {
      return true;
    }
    ClassReader header = null;
    for (int i = 0; i < superTypes.length; i++) {
      if (!internalName.startsWith(libraries[i])) {
        continue;
      }
      if (header == null) {
        try {
          header = new ClassReader(classFile);
        } catch (RuntimeException malformed) {
          return false;
        }
        if ((header.getAccess() & Opcodes.ACC_INTERFACE) != 0) {
          return false;
        }
      }
      String[] supers = supersOf(header);
      synchronized (this) {
        Map<String, String[]> known = headersOf(loader);
        known.put(internalName, supers);
        if (reaches(loader, known, supers, superTypes[i], libraries[i], 0)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The same decision for a class already loaded, from its {@code Class} (super types already
   * loaded with it): the classes a JVM loaded before the agent started are many, and
   * retransforming one that no instrumentation matches costs the JVM as much as one it does.
   */
  boolean mayMatch(Class<?> loaded) {
    String internalName = loaded.getName().replace('.', '/');
    if (named.matches(internalName)) {
      return true;
    }
    if (loaded.isInterface()) {
      return false;
    }
    for (int i = 0; i < superTypes.length; i++) {
      if (internalName.startsWith(libraries[i]) && reaches(loaded, superTypes[i].replace('/', '.'), libraries[i].replace('/', '.'), 0)) {
        return true;
      }
    }
    return false;
  }

  private static boolean reaches(Class<?> type, String superType, String library, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    for (Class<?> candidate : type.getInterfaces()) {
      if (reachesThrough(candidate, superType, library, depth)) {
        return true;
      }
    }
    Class<?> superclass = type.getSuperclass();
    return superclass != null && reachesThrough(superclass, superType, library, depth);
  }

  private static boolean reachesThrough(Class<?> candidate, String superType, String library, int depth) {
    String name = candidate.getName();
    return name.equals(superType) || (name.startsWith(library) && reaches(candidate, superType, library, depth + 1));
  }

  private boolean reaches(
      ClassLoader loader, Map<String, String[]> known, String[] supers, String superType, String library, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    for (String candidate : supers) {
      if (candidate == null) {
        continue;
      }
      if (candidate.equals(superType)) {
        return true;
      }
      if (candidate.startsWith(library)) {
        String[] next = known.get(candidate);
        if (next == null) {
          next = read(loader, candidate);
          known.put(candidate, next);
        }
        if (reaches(loader, known, next, superType, library, depth + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  private Map<String, String[]> headersOf(ClassLoader loader) {
    Map<String, String[]> known = loader == null ? bootHeaders : headers.get(loader);
    if (known == null) {
      known = new HashMap<String, String[]>();
      headers.put(loader, known);
    } else if (known.size() >= MAX_HEADERS) {
      known.clear();
    }
    return known;
  }

  /** The super types a library class names, read from its class file; none if it is not found. */
  static String[] read(ClassLoader loader, String internalName) {
    String resource = internalName + ".class";
    try (InputStream in =
        loader == null ? ClassLoader.getSystemResourceAsStream(resource) : loader.getResourceAsStream(resource)) {
      return in == null ? new String[0] : supersOf(new ClassReader(in));
    } catch (IOException | RuntimeException unreadable) {
      return new String[0];
    }
  }

  private static String[] supersOf(ClassReader header) {
    String[] interfaces = header.getInterfaces();
    String[] supers = new String[interfaces.length + 1];
    supers[0] = header.getSuperName();
    System.arraycopy(interfaces, 0, supers, 1, interfaces.length);
    return supers;
  }
}
