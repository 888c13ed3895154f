package dev.llmlens.agent.install;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The classes {@code TypeInstrumentation.namePattern()}s name, checked by internal name: a binary
 * name matches itself, a pattern ending in {@code *} every name it starts. Parsed once, as the
 * check runs for every library class the JVM loads. JDK types only, like {@link LibraryWatch}.
 */
final class NamePatterns {

  private final Set<String> names = new HashSet<String>();
  private final String[] prefixes;

  /** @param patterns binary names, or prefixes ending in {@code *} */
  NamePatterns(Collection<String> patterns) {
    List<String> found = new ArrayList<String>();
    for (String pattern : patterns) {
      String internal = pattern.replace('.', '/');
      if (internal.endsWith("*")) {
        found.add(internal.substring(0, internal.length() - 1));
      } else {
        names.add(internal);
      }
    }
    this.prefixes = found.toArray(new String[0]);
  }

  boolean matches(String internalName) {
    if (names.contains(internalName)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
