package dev.llmlens.instrumentation.api;

import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Matches a type that has {@code superType} among its super types, looking for it only through
 * the library's own types (names starting with {@code libraryPrefix}). A library's interface is
 * implemented by the library's classes; a super type from elsewhere (Kotlin's, Jackson's, the
 * JDK's) cannot lead to it, and is not read.
 *
 * <p>ByteBuddy's {@code hasSuperType} resolves every super type of every class it is asked
 * about: for each of the ~270 openai-java classes a first call loads, the class files of their
 * Jackson and Kotlin super types, on the application's thread (README, Performance). Here only
 * the names of outside super types are read, from the class file already at hand.
 */
public final class SuperTypeInLibrary extends ElementMatcher.Junction.AbstractBase<TypeDescription> {

  /** Deeper than any real hierarchy; guards against a malformed, cyclic one. */
  private static final int MAX_DEPTH = 32;

  private final String libraryPrefix;
  private final String superType;

  private SuperTypeInLibrary(String libraryPrefix, String superType) {
    this.libraryPrefix = libraryPrefix;
    this.superType = superType;
  }

  /** Types with {@code superType} (a binary name) among their super types within the library. */
  public static ElementMatcher.Junction<TypeDescription> implementing(String superType, String libraryPrefix) {
    return new SuperTypeInLibrary(libraryPrefix, superType);
  }

  /** The library's classes (not interfaces) that {@link #implementing implement} the super type. */
  public static ElementMatcher.Junction<TypeDescription> classesImplementing(LibrarySuperType type) {
    return ElementMatchers.<TypeDescription>nameStartsWith(type.libraryPrefix())
        .and(ElementMatchers.not(ElementMatchers.isInterface()))
        .and(implementing(type.superType(), type.libraryPrefix()));
  }

  @Override
  public boolean matches(TypeDescription type) {
    return reaches(type, 0);
  }

  private boolean reaches(TypeDefinition type, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    TypeDescription.Generic superClass = type.getSuperClass();
    if (superClass != null && leadsTo(superClass.asErasure(), depth)) {
      return true;
    }
    for (TypeDescription.Generic contract : type.getInterfaces()) {
      if (leadsTo(contract.asErasure(), depth)) {
        return true;
      }
    }
    return false;
  }

  private boolean leadsTo(TypeDescription candidate, int depth) {
    String name = candidate.getName();
    return name.equals(superType) || name.startsWith(libraryPrefix) && reaches(candidate, depth + 1);
  }

  @Override
  public String toString() {
    return "implementing(" + superType + " within " + libraryPrefix + ")";
  }
}
