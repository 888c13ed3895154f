package dev.llmlens.instrumentation.api;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Reads one named property (a no-argument method, or a field) of objects whose classes the agent
 * cannot link against. The member is looked up once per class and cached in a
 * {@link ClassValue}; a class without it, or a failing read, yields {@code null}. Never throws.
 */
public final class ObjectAccessor {

  private static final Object ABSENT = new Object();

  private final String name;
  private final boolean field;
  private final ClassValue<Object> members =
      new ClassValue<Object>() {
        @Override
        protected Object computeValue(Class<?> type) {
          AccessibleObject member = field ? findField(type) : findMethod(type);
          if (member == null) {
            return ABSENT;
          }
          try {
            member.setAccessible(true);
          } catch (RuntimeException inaccessible) {
            // Public members of public classes still work without it.
          }
          return member;
        }
      };

  private ObjectAccessor(String name, boolean field) {
    this.name = name;
    this.field = field;
  }

  /** Reads by calling {@code name()}. */
  public static ObjectAccessor method(String name) {
    return new ObjectAccessor(name, false);
  }

  /** Reads the field {@code name}, declared by the class or one of its superclasses. */
  public static ObjectAccessor field(String name) {
    return new ObjectAccessor(name, true);
  }

  /** The property's value, or {@code null} if absent, unreadable or {@code target} is null. */
  public Object read(Object target) {
    if (target == null) {
      return null;
    }
    Object member = members.get(target.getClass());
    if (member == ABSENT) {
      return null;
    }
    try {
      return field ? ((Field) member).get(target) : ((Method) member).invoke(target);
    } catch (Throwable failed) {
      return null;
    }
  }

  /** Reads a whole number property, or {@link LlmCall#UNKNOWN}. */
  public long readLong(Object target) {
    Object value = read(target);
    return value instanceof Number ? ((Number) value).longValue() : LlmCall.UNKNOWN;
  }

  /** Reads a property, unwrapping a {@code java.util.Optional} if that is what it returns. */
  public Object readOptional(Object target) {
    Object value = read(target);
    if (value instanceof java.util.Optional) {
      return ((java.util.Optional<?>) value).orElse(null);
    }
    return value;
  }

  /**
   * The public method, declared by a public type where possible: a public interface method
   * implemented by a non-public class (of a module that is not open) can only be called through
   * the interface's declaration.
   */
  private Method findMethod(Class<?> type) {
    Method method;
    try {
      method = type.getMethod(name);
    } catch (NoSuchMethodException | SecurityException e) {
      return null;
    }
    if (Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
      return method;
    }
    Method declared = findInPublicSupertype(type);
    return declared != null ? declared : method;
  }

  private Method findInPublicSupertype(Class<?> type) {
    for (Class<?> current = type; current != null; current = current.getSuperclass()) {
      if (current != type && Modifier.isPublic(current.getModifiers())) {
        try {
          return current.getMethod(name);
        } catch (NoSuchMethodException | SecurityException e) {
          // not here
        }
      }
      for (Class<?> contract : current.getInterfaces()) {
        Method found = Modifier.isPublic(contract.getModifiers()) ? publicMethod(contract) : null;
        if (found == null) {
          found = findInPublicSupertype(contract);
        }
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private Method publicMethod(Class<?> type) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException | SecurityException e) {
      return null;
    }
  }

  private Field findField(Class<?> type) {
    for (Class<?> current = type; current != null; current = current.getSuperclass()) {
      try {
        return current.getDeclaredField(name);
      } catch (NoSuchFieldException | SecurityException e) {
        // keep looking in the superclass
      }
    }
    return null;
  }
}
