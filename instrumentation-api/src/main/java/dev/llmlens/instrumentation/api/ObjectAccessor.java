package dev.llmlens.instrumentation.api;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Reads one named property (a no-argument method, or a field) of objects whose classes the agent
 * cannot link against. The member is looked up once per class and cached in a
 * {@link ClassValue}; a class without it, or a failing read, yields {@code null}. Never throws.
 *
 * <p>Reads go through method handles rather than {@code Method.invoke}: a read runs on the
 * application's thread during every call, and {@code invoke(target)} allocates an argument array
 * each time, and a boxed {@code Long} for every token count above 127 that {@link #readLong}
 * then unboxes.
 */
public final class ObjectAccessor {

  private static final Object ABSENT = new Object();
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final MethodType AS_OBJECT = MethodType.methodType(Object.class, Object.class);
  private static final MethodType AS_LONG = MethodType.methodType(long.class, Object.class);

  /** A member found in a class: read as an object, and as a long when it is a whole number. */
  private static final class Reader {
    final MethodHandle value;
    /** Null unless the member is a {@code long}, {@code int}, {@code short} or {@code byte}. */
    final MethodHandle wholeNumber;

    Reader(MethodHandle member, Class<?> type) {
      this.value = member.asType(AS_OBJECT);
      this.wholeNumber =
          type == long.class || type == int.class || type == short.class || type == byte.class
              ? member.asType(AS_LONG)
              : null;
    }
  }

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
          try {
            return reader(member);
          } catch (IllegalAccessException | RuntimeException unusable) {
            return ABSENT;
          }
        }
      };

  private ObjectAccessor(String name, boolean field) {
    this.name = name;
    this.field = field;
  }

  /** A handle taking the target object, also for a static member (which ignores it). */
  private static Reader reader(AccessibleObject member) throws IllegalAccessException {
    MethodHandle handle;
    Class<?> type;
    int modifiers;
    if (member instanceof Field) {
      Field found = (Field) member;
      handle = LOOKUP.unreflectGetter(found);
      type = found.getType();
      modifiers = found.getModifiers();
    } else {
      Method found = (Method) member;
      handle = LOOKUP.unreflect(found);
      type = found.getReturnType();
      modifiers = found.getModifiers();
    }
    if (Modifier.isStatic(modifiers)) {
      handle = MethodHandles.dropArguments(handle, 0, Object.class);
    }
    return new Reader(handle, type);
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
      return (Object) ((Reader) member).value.invokeExact(target);
    } catch (Throwable failed) {
      return null;
    }
  }

  /** Reads a whole number property, or {@link LlmCall#UNKNOWN}. */
  public long readLong(Object target) {
    if (target == null) {
      return LlmCall.UNKNOWN;
    }
    Object member = members.get(target.getClass());
    if (member == ABSENT) {
      return LlmCall.UNKNOWN;
    }
    Reader reader = (Reader) member;
    try {
      if (reader.wholeNumber != null) {
        return (long) reader.wholeNumber.invokeExact(target);
      }
      Object value = (Object) reader.value.invokeExact(target);
      return value instanceof Number ? ((Number) value).longValue() : LlmCall.UNKNOWN;
    } catch (Throwable failed) {
      return LlmCall.UNKNOWN;
    }
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
