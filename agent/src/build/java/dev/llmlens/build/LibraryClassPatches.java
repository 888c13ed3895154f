package dev.llmlens.build;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A step of the agent's build (agent/pom.xml, phase {@code process-classes}): rewrites one method
 * of a few library classes into the agent's classes; the shade plugin then packs each of these
 * in place of the library's own (the filters in agent/pom.xml). Each patch is read from the
 * library's own class file, so it follows the library version of the build; when that class no
 * longer looks as the patch expects, the build fails here and says which patch to check.
 *
 * <p>Usage: {@code java -cp <the agent's class path> LibraryClassPatches.java <classes dir>}.
 */
public final class LibraryClassPatches {

  private static final List<Patch> PATCHES = List.of(new LegacyTransformerFactory(), new ProtobufWriterOnlyWhenAvailable());

  private LibraryClassPatches() {}

  public static void main(String[] args) throws IOException, URISyntaxException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: LibraryClassPatches <classes directory>");
    }
    for (Patch patch : PATCHES) {
      Path jarPath = Paths.get(patch.libraryClass().getProtectionDomain().getCodeSource().getLocation().toURI());
      byte[] patched;
      try (JarFile jar = new JarFile(jarPath.toFile())) {
        ZipEntry entry = jar.getEntry(patch.className() + ".class");
        if (entry == null) {
          throw patch.fail(jarPath, "has no " + patch.className());
        }
        patch.check(jar, jarPath);
        try (InputStream in = jar.getInputStream(entry)) {
          patched = patch.apply(in.readAllBytes(), jarPath);
        }
      }
      Path target = Paths.get(args[0]).resolve(patch.className() + ".class");
      Files.createDirectories(target.getParent());
      Files.write(target, patched);
    }
  }

  /** One method of one library class, rewritten. */
  private abstract static class Patch {

    /** A class of the library, to find its jar: not the class patched (see the Prometheus patch). */
    abstract Class<?> libraryClass();

    /** The internal name of the class rewritten. */
    abstract String className();

    abstract String methodName();

    abstract String methodDescriptor();

    /** Called with the method's original visitor; returns the visitor the original code goes to. */
    abstract MethodVisitor rewrite(MethodVisitor method);

    /** Checks, before the rewrite, what the rewritten code relies on in the library's jar. */
    void check(JarFile jar, Path jarPath) {}

    /** Checks what the rewritten code relies on in the class itself; called for each field. */
    void sawField(String name, String descriptor) {}

    /** Called after the class was read, to fail when a field the rewrite needs was missing. */
    void checkFields(Path jarPath) {}

    /** What to look at when the patch no longer applies. */
    abstract String whatToCheck();

    final byte[] apply(byte[] classFile, Path jarPath) {
      ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
      boolean[] rewritten = {false};
      new ClassReader(classFile)
          .accept(
              new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                  sawField(name, descriptor);
                  return super.visitField(access, name, descriptor, signature, value);
                }

                @Override
                public MethodVisitor visitMethod(
                    int access, String name, String descriptor, String signature, String[] exceptions) {
                  MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                  if (!name.equals(methodName()) || !descriptor.equals(methodDescriptor())) {
                    return method;
                  }
                  rewritten[0] = true;
                  return rewrite(method);
                }
              },
              0);
      if (!rewritten[0]) {
        throw fail(jarPath, "has no method " + methodName() + methodDescriptor() + " in " + className());
      }
      checkFields(jarPath);
      return writer.toByteArray();
    }

    final IllegalStateException fail(Path jarPath, String what) {
      return new IllegalStateException(
          jarPath + " " + what + ": " + whatToCheck() + " Then adapt or remove this patch (agent/pom.xml, "
              + "LibraryClassPatches." + getClass().getSimpleName() + ").");
    }
  }

  /**
   * ByteBuddy's {@code AgentBuilder.Default.ExecutingTransformer.Factory.CreationAction} with
   * {@code run()} returning {@code Factory.ForLegacyVm.INSTANCE}.
   *
   * <p>Why. When the class of ByteBuddy's transformer ({@code ExecutingTransformer}) is
   * initialised, {@code CreationAction} generates and loads a subclass of it that overrides the
   * Java 9 {@code ClassFileTransformer.transform(Module, ...)}, so that the JVM can hand it a
   * class's module. The agent never registers that transformer with the JVM: it calls the
   * five-argument {@code transform} itself (ClassLoaderHook, LibraryWatch), which is the same
   * method in the subclass and in the legacy transformer. The subclass only costs: about 270 of
   * ByteBuddy's classes (its subclass builder, {@code MethodCall}, its class loader), 11 JDK proxy
   * classes, 0.1 to 0.2 s of CPU and about 11 MB of allocation at every start
   * (benchmarks/README.md, lab notes), with no setting to turn it off.
   */
  private static final class LegacyTransformerFactory extends Patch {
    private static final String FACTORY = "net/bytebuddy/agent/builder/AgentBuilder$Default$ExecutingTransformer$Factory";
    private static final String LEGACY_FACTORY = FACTORY + "$ForLegacyVm";

    @Override
    Class<?> libraryClass() {
      return AgentBuilder.class;
    }

    @Override
    String className() {
      return FACTORY + "$CreationAction";
    }

    @Override
    String methodName() {
      return "run";
    }

    @Override
    String methodDescriptor() {
      return "()L" + FACTORY + ";";
    }

    @Override
    void check(JarFile jar, Path jarPath) {
      if (jar.getEntry(LEGACY_FACTORY + ".class") == null) {
        throw fail(jarPath, "has no " + LEGACY_FACTORY);
      }
    }

    @Override
    MethodVisitor rewrite(MethodVisitor method) {
      // return Factory.ForLegacyVm.INSTANCE; the original body is dropped (null visitor).
      method.visitCode();
      method.visitFieldInsn(Opcodes.GETSTATIC, LEGACY_FACTORY, "INSTANCE", "L" + LEGACY_FACTORY + ";");
      method.visitInsn(Opcodes.ARETURN);
      method.visitMaxs(0, 0);
      method.visitEnd();
      return null;
    }

    @Override
    String whatToCheck() {
      return "this ByteBuddy version creates its transformer differently. Check whether it still generates a"
          + " Java 9 subclass at start-up.";
    }
  }

  /**
   * The Prometheus client's {@code PrometheusProtobufWriter.accepts(String)} answering {@code
   * false} when the writer's implementation is not there ({@code DELEGATE == null}), before its
   * own check of the {@code Accept} header.
   *
   * <p>Why. The agent leaves out protobuf-java and the protobuf writer's implementation (1.75 MB
   * of the jar; the Prometheus client documents excluding them). But the client's {@code
   * ExpositionFormats.findWriter} picks the protobuf writer whenever the {@code Accept} header
   * names it, without asking {@code isAvailable()}, and the writer then throws: a Prometheus with
   * native histograms on, which asks for protobuf first, would get HTTP 500 on every scrape. With
   * this, it gets OpenMetrics, its second choice.
   */
  private static final class ProtobufWriterOnlyWhenAvailable extends Patch {
    private static final String WRITER = "io/prometheus/metrics/expositionformats/PrometheusProtobufWriter";
    private static final String DELEGATE_DESCRIPTOR = "Lio/prometheus/metrics/expositionformats/ExpositionFormatWriter;";
    private boolean hasDelegate;

    @Override
    Class<?> libraryClass() {
      // Not the writer itself: from the second build on, its patched copy in the agent's classes
      // comes first on the class path.
      return PrometheusTextFormatWriter.class;
    }

    @Override
    String className() {
      return WRITER;
    }

    @Override
    String methodName() {
      return "accepts";
    }

    @Override
    String methodDescriptor() {
      return "(Ljava/lang/String;)Z";
    }

    @Override
    void sawField(String name, String descriptor) {
      hasDelegate |= name.equals("DELEGATE") && descriptor.equals(DELEGATE_DESCRIPTOR);
    }

    @Override
    void checkFields(Path jarPath) {
      if (!hasDelegate) {
        throw fail(jarPath, "has no static field DELEGATE " + DELEGATE_DESCRIPTOR + " in " + WRITER);
      }
    }

    @Override
    MethodVisitor rewrite(MethodVisitor method) {
      return new MethodVisitor(Opcodes.ASM9, method) {
        @Override
        public void visitCode() {
          super.visitCode();
          // if (DELEGATE == null) return false; then the original code, which starts from the same
          // frame (nothing on the stack, the arguments as locals).
          Label original = new Label();
          super.visitFieldInsn(Opcodes.GETSTATIC, WRITER, "DELEGATE", DELEGATE_DESCRIPTOR);
          super.visitJumpInsn(Opcodes.IFNONNULL, original);
          super.visitInsn(Opcodes.ICONST_0);
          super.visitInsn(Opcodes.IRETURN);
          super.visitLabel(original);
          super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        }
      };
    }

    @Override
    String whatToCheck() {
      return "this Prometheus client writes its protobuf format differently. Check whether ExpositionFormats"
          + " still picks the protobuf writer without asking isAvailable().";
    }
  }
}
