package dev.llmlens.agent.install;

import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.instrumentation.api.LibraryCheck;
import dev.llmlens.instrumentation.api.LibraryCheck.RequiredMethod;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Decides, once per class loader, whether the library version that loader holds is one a module
 * understands: every required method must be declared as expected. It reads class files (no
 * class is loaded). An incompatible version is left untouched and reported in one line.
 */
final class LibraryCompatibility {

  private final String module;
  private final LibraryCheck check;
  /** Weak keys: an undeployed web application's loader is not held by the agent. */
  private final Map<ClassLoader, Boolean> verdicts = new WeakHashMap<ClassLoader, Boolean>();
  private Boolean bootstrapVerdict;

  LibraryCompatibility(String module, LibraryCheck check) {
    this.module = module;
    this.check = check;
  }

  synchronized boolean isCompatible(ClassLoader loader) {
    Boolean known = loader == null ? bootstrapVerdict : verdicts.get(loader);
    if (known != null) {
      return known;
    }
    RequiredMethod missing = firstMissing(loader);
    boolean compatible = missing == null;
    if (!compatible) {
      AgentLog.warn(
          module + ": this version of " + check.libraryName() + " is not instrumented (it lacks "
              + missing + "); supported versions: " + check.supportedVersions()
              + ". The application runs unchanged; its calls are not observed.");
    } else {
      AgentLog.debug(module + ": " + check.libraryName() + " found in " + loader + ", compatible");
    }
    if (loader == null) {
      bootstrapVerdict = compatible;
    } else {
      verdicts.put(loader, compatible);
    }
    return compatible;
  }

  private RequiredMethod firstMissing(ClassLoader loader) {
    ClassFileLocator locator =
        loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader);
    TypePool pool = TypePool.Default.of(locator);
    try {
      for (RequiredMethod required : check.requiredMethods()) {
        TypePool.Resolution resolution = pool.describe(required.className());
        if (!resolution.isResolved()) {
          AgentLog.debug(module + ": class " + required.className() + " not found in " + loader);
          return required;
        }
        if (!declares(resolution.resolve(), required)) {
          AgentLog.debug(module + ": " + required.className() + " declares " + resolution.resolve().getDeclaredMethods());
          return required;
        }
      }
      return null;
    } finally {
      try {
        locator.close();
      } catch (Exception ignored) {
        // nothing held
      }
    }
  }

  private static boolean declares(TypeDescription type, RequiredMethod required) {
    MethodList<MethodDescription.InDefinedShape> methods =
        type.getDeclaredMethods().filter(ElementMatchers.named(required.methodName()));
    for (MethodDescription method : methods) {
      if (method.getParameters().size() != required.parameterTypes().size()) {
        continue;
      }
      boolean same = true;
      for (int i = 0; i < required.parameterTypes().size() && same; i++) {
        same = method.getParameters().get(i).getType().asErasure().getName().equals(required.parameterTypes().get(i));
      }
      if (same) {
        return true;
      }
    }
    return false;
  }
}
