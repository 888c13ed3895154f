package dev.llmlens.instrumentation.api;

/**
 * What an instrumentation that matches implementations weaves: the classes of a library (names
 * starting with {@code libraryPrefix}) that have {@code superType} among their super types,
 * followed through the library's own types only. Plain names, no ByteBuddy type: the agent checks
 * class files against it before ByteBuddy is asked to describe them, and {@link
 * SuperTypeInLibrary#classesImplementing} builds the ByteBuddy matcher from the same value.
 */
public final class LibrarySuperType {

  private final String superType;
  private final String libraryPrefix;

  private LibrarySuperType(String superType, String libraryPrefix) {
    this.superType = superType;
    this.libraryPrefix = libraryPrefix;
  }

  /**
   * @param superType binary name, {@code com.openai.core.http.StreamResponse}
   * @param libraryPrefix package prefix with its trailing dot, {@code com.openai.}
   */
  public static LibrarySuperType of(String superType, String libraryPrefix) {
    return new LibrarySuperType(superType, libraryPrefix);
  }

  public String superType() {
    return superType;
  }

  public String libraryPrefix() {
    return libraryPrefix;
  }

  @Override
  public String toString() {
    return "implementations of " + superType + " within " + libraryPrefix;
  }
}
