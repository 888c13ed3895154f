package dev.llmlens.agent.install;

import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.bootstrap.ClassDefinitions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Collection;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Hands the classes of instrumented libraries to the agent from {@code java.lang.ClassLoader}
 * itself, so that no {@code java.lang.instrument} transformer stays registered while the
 * application runs. With one registered, the JVM copies every class it loads, the application's
 * and the JDK's, into a new array for it and re-reads the classes of its shared archive: in the
 * benchmark's one-call process that was about 20 MiB of peak RSS and 0.13 s of wall time on its
 * own (README, Performance), and it grows with every class an application loads.
 *
 * <p>The two {@code defineClass} methods every class loader ends in (the array one and the
 * direct-buffer one) get a call to {@link ClassDefinitions} on entry, which passes any class
 * outside the watched packages over with a prefix check and hands the others to the {@link
 * LibraryWatch}. The change is made once, by redefining {@code ClassLoader} from the JDK's own
 * class file, and checked by defining two classes through the woven methods; if anything fails,
 * {@code ClassLoader} is put back as it was and the caller registers the watch as a transformer
 * instead, as before.
 *
 * <p>The code added reads {@code (loader, name, bytes, offset, length, domain)} and writes back
 * the bytes, offset and length to define, with no branch, so the method's stack-map frames stay
 * valid as they are.
 */
final class ClassLoaderHook {

  static final String BRIDGE = "dev/llmlens/bootstrap/ClassDefinitions";
  private static final String ARRAY_DEFINE = "(Ljava/lang/String;[BIILjava/security/ProtectionDomain;)Ljava/lang/Class;";
  private static final String BUFFER_DEFINE =
      "(Ljava/lang/String;Ljava/nio/ByteBuffer;Ljava/security/ProtectionDomain;)Ljava/lang/Class;";
  private static final String PROBE = "dev/llmlens/agent/install/ClassLoaderHookProbe";

  /**
   * @param packages binary-name prefixes: {@code com.openai.}
   * @return whether {@code ClassLoader} now hands those classes to {@code watch}; when not,
   *     nothing was changed
   */
  static boolean install(Instrumentation instrumentation, Collection<String> packages, ClassFileTransformer watch) {
    if (ClassDefinitions.class.getClassLoader() != null) {
      // Not on the bootstrap loader (the agent runs from classes, in tests): ClassLoader could
      // not see it.
      return false;
    }
    if (ClassDataArchiveDump.inProgress(instrumentation)) {
      // JDK 25 records a redefined ClassLoader in an AOT configuration that its next step,
      // creating the cache, then crashes on (SIGSEGV in vmClasses::resolve_shared_class, as for
      // any agent that redefines or retransforms ClassLoader). A run that writes an archive is a
      // training run, so the transformer it gets instead costs only that run.
      AgentLog.debug("the JVM is writing a class-data archive (AOT cache or CDS): ClassLoader is left as it is"
          + " and a class file transformer watches instead");
      return false;
    }
    return weave(instrumentation, packages, watch);
  }

  /**
   * Weaves {@code ClassLoader} and checks it; puts it back and returns false on any failure.
   * Package-private for the test that makes the check fail: the bridge must otherwise be on the
   * bootstrap class loader, where {@code ClassLoader} can see it.
   */
  static boolean weave(Instrumentation instrumentation, Collection<String> packages, ClassFileTransformer watch) {
    if (!instrumentation.isRedefineClassesSupported() || !instrumentation.isModifiableClass(ClassLoader.class)) {
      return false;
    }
    byte[] original;
    byte[] hooked;
    try {
      original = originalClassFile();
      hooked = hook(original);
      if (hooked == null) {
        AgentLog.debug("ClassLoader's defineClass methods were not found; a class file transformer watches instead");
        return false;
      }
      JavaBaseModule.addReads(instrumentation, ClassDefinitions.class);
      // Redefined, not retransformed: the JVM retransforms a class from the bytes it was last
      // defined or redefined with, so another agent retransforming ClassLoader later (the
      // OpenTelemetry agent does, at start) keeps this change, and no transformer of ours need
      // stay registered to put it back.
      instrumentation.redefineClasses(new ClassDefinition(ClassLoader.class, hooked));
    } catch (Throwable failure) {
      AgentLog.debug("could not hook ClassLoader.defineClass; a class file transformer watches instead: " + failure);
      return false;
    }
    try {
      Probe.defineThroughBothMethods();
    } catch (Throwable failure) {
      // Put ClassLoader back first: until then, no class may be loadable.
      restore(instrumentation, original);
      AgentLog.debug("could not hook ClassLoader.defineClass; a class file transformer watches instead: " + failure);
      return false;
    }
    ClassDefinitions.watch(packages.toArray(new String[0]), watch);
    return true;
  }

  /** The running JDK's own class file of {@code ClassLoader}, from its runtime image. */
  private static byte[] originalClassFile() throws IOException {
    InputStream in = ClassLoader.class.getResourceAsStream("ClassLoader.class");
    if (in == null) {
      throw new IOException("java/lang/ClassLoader.class is not readable");
    }
    return ClassFileBytes.read(in);
  }

  private static void restore(Instrumentation instrumentation, byte[] original) {
    try {
      instrumentation.redefineClasses(new ClassDefinition(ClassLoader.class, original));
    } catch (Throwable failure) {
      AgentLog.warn("could not restore java.lang.ClassLoader after a failed hook: " + failure);
    }
  }

  /** {@code ClassLoader}'s class file with both methods hooked; null when either is missing. */
  static byte[] hook(byte[] classLoaderFile) {
    ClassReader reader = new ClassReader(classLoaderFile);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    DefineClassEntries entries = new DefineClassEntries(writer);
    reader.accept(entries, 0);
    return entries.hooked == 2 ? writer.toByteArray() : null;
  }

  private static final class DefineClassEntries extends ClassVisitor {
    int hooked;

    DefineClassEntries(ClassVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
      if (!"defineClass".equals(name) || (access & Opcodes.ACC_STATIC) != 0) {
        return method;
      }
      if (ARRAY_DEFINE.equals(descriptor)) {
        hooked++;
        return new ArrayEntry(method);
      }
      if (BUFFER_DEFINE.equals(descriptor)) {
        hooked++;
        return new BufferEntry(method);
      }
      return method;
    }
  }

  /**
   * {@code b2 = defining(this, name, b, off, len, pd); len = length(b, b2, len); off = offset(b,
   * b2, off); b = b2;} with locals 0 to 5 the receiver and the arguments.
   */
  private static final class ArrayEntry extends MethodVisitor {
    ArrayEntry(MethodVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public void visitCode() {
      super.visitCode();
      visitVarInsn(Opcodes.ALOAD, 2);
      visitVarInsn(Opcodes.ALOAD, 0);
      visitVarInsn(Opcodes.ALOAD, 1);
      visitVarInsn(Opcodes.ALOAD, 2);
      visitVarInsn(Opcodes.ILOAD, 3);
      visitVarInsn(Opcodes.ILOAD, 4);
      visitVarInsn(Opcodes.ALOAD, 5);
      visitMethodInsn(
          Opcodes.INVOKESTATIC,
          BRIDGE,
          "defining",
          "(Ljava/lang/ClassLoader;Ljava/lang/String;[BIILjava/security/ProtectionDomain;)[B",
          false);
      // given, defined
      visitInsn(Opcodes.DUP2);
      visitVarInsn(Opcodes.ILOAD, 4);
      visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "length", "([B[BI)I", false);
      visitVarInsn(Opcodes.ISTORE, 4);
      visitInsn(Opcodes.DUP2);
      visitVarInsn(Opcodes.ILOAD, 3);
      visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "offset", "([B[BI)I", false);
      visitVarInsn(Opcodes.ISTORE, 3);
      visitVarInsn(Opcodes.ASTORE, 2);
      visitInsn(Opcodes.POP);
    }
  }

  /** {@code b = defining(this, name, b, pd);} with locals 0 to 3 the receiver and the arguments. */
  private static final class BufferEntry extends MethodVisitor {
    BufferEntry(MethodVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public void visitCode() {
      super.visitCode();
      visitVarInsn(Opcodes.ALOAD, 0);
      visitVarInsn(Opcodes.ALOAD, 1);
      visitVarInsn(Opcodes.ALOAD, 2);
      visitVarInsn(Opcodes.ALOAD, 3);
      visitMethodInsn(
          Opcodes.INVOKESTATIC,
          BRIDGE,
          "defining",
          "(Ljava/lang/ClassLoader;Ljava/lang/String;Ljava/nio/ByteBuffer;Ljava/security/ProtectionDomain;)Ljava/nio/ByteBuffer;",
          false);
      visitVarInsn(Opcodes.ASTORE, 2);
    }
  }

  /**
   * Defines a class through each woven method. Had the JVM refused the added calls (a class
   * that {@code java.base} cannot see or read), every class definition in the process would
   * fail: this finds it out while {@code ClassLoader} can still be put back.
   */
  static final class Probe extends ClassLoader {
    Probe() {
      super(null);
    }

    static void defineThroughBothMethods() {
      Probe probe = new Probe();
      byte[] first = emptyClass(PROBE + "1");
      probe.defineClass(PROBE.replace('/', '.') + "1", first, 0, first.length, null);
      byte[] second = emptyClass(PROBE + "2");
      ByteBuffer direct = ByteBuffer.allocateDirect(second.length);
      direct.put(second);
      ((Buffer) direct).flip();
      probe.defineClass(PROBE.replace('/', '.') + "2", direct, null);
    }

    private static byte[] emptyClass(String internalName) {
      ClassWriter writer = new ClassWriter(0);
      writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
      writer.visitEnd();
      return writer.toByteArray();
    }
  }
}
