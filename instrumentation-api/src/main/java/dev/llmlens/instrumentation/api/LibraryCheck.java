package dev.llmlens.instrumentation.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * How the agent tells whether a library version in some class loader is one an instrumentation
 * understands. {@code markerClass} exists in every version of the library, so its presence says
 * "the library is here"; every {@code requiredMethods} entry must then exist as declared, or the
 * whole module is skipped for that class loader with one log line.
 */
public final class LibraryCheck {

  /** A method that must be declared by {@code className}; parameter types are fully qualified. */
  public static final class RequiredMethod {
    private final String className;
    private final String methodName;
    private final List<String> parameterTypes;

    public RequiredMethod(String className, String methodName, String... parameterTypes) {
      this.className = className;
      this.methodName = methodName;
      this.parameterTypes = Collections.unmodifiableList(Arrays.asList(parameterTypes));
    }

    public String className() {
      return className;
    }

    public String methodName() {
      return methodName;
    }

    public List<String> parameterTypes() {
      return parameterTypes;
    }

    @Override
    public String toString() {
      String simple = className.substring(className.lastIndexOf('.') + 1);
      StringBuilder text = new StringBuilder(simple).append('.').append(methodName).append('(');
      for (int i = 0; i < parameterTypes.size(); i++) {
        String type = parameterTypes.get(i);
        text.append(i == 0 ? "" : ", ").append(type.substring(type.lastIndexOf('.') + 1));
      }
      return text.append(')').toString();
    }
  }

  private final String libraryName;
  private final String markerClass;
  private final String supportedVersions;
  private final List<RequiredMethod> requiredMethods;

  public LibraryCheck(
      String libraryName,
      String markerClass,
      String supportedVersions,
      RequiredMethod... requiredMethods) {
    this.libraryName = libraryName;
    this.markerClass = markerClass;
    this.supportedVersions = supportedVersions;
    this.requiredMethods = Collections.unmodifiableList(Arrays.asList(requiredMethods));
  }

  /** Maven coordinates, for log lines: {@code com.openai:openai-java}. */
  public String libraryName() {
    return libraryName;
  }

  public String markerClass() {
    return markerClass;
  }

  /** For log lines: which versions are understood, e.g. {@code 0.40 to 4.x}. */
  public String supportedVersions() {
    return supportedVersions;
  }

  public List<RequiredMethod> requiredMethods() {
    return requiredMethods;
  }
}
