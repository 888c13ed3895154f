package dev.llmlens.build;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A step of the agent's build (agent/pom.xml, phase {@code process-classes}): writes ByteBuddy's
 * {@code AgentBuilder.Default.ExecutingTransformer.Factory.CreationAction} into the agent's
 * classes with {@code run()} returning {@code Factory.ForLegacyVm.INSTANCE}; the shade plugin then
 * packs this class in place of ByteBuddy's own.
 *
 * <p>Why. When the class of ByteBuddy's transformer ({@code ExecutingTransformer}) is
 * initialised, {@code CreationAction} generates and loads a subclass of it that overrides the
 * Java 9 {@code ClassFileTransformer.transform(Module, ...)}, so that the JVM can hand it a
 * class's module. The agent never registers that transformer with the JVM: it calls the
 * five-argument {@code transform} itself (ClassLoaderHook, LibraryWatch), which is the same method
 * in the subclass and in the legacy transformer. The subclass only costs: about 270 of
 * ByteBuddy's classes (its subclass builder, {@code MethodCall}, its class loader), 11 JDK proxy
 * classes, 0.1 to 0.2 s of CPU and about 11 MB of allocation at every start (benchmarks/README.md,
 * lab notes), with no setting to turn it off.
 *
 * <p>The class is rewritten from ByteBuddy's own class file, method for method, so it follows
 * the ByteBuddy version of the build; if that class no longer has the method or the legacy
 * factory, the build fails here and says so.
 *
 * <p>Usage: {@code java -cp <the agent's class path> TransformerFactoryPatch.java <classes dir>}.
 */
public final class TransformerFactoryPatch {

  private static final String PACKAGE = "net/bytebuddy/agent/builder/";
  private static final String FACTORY = PACKAGE + "AgentBuilder$Default$ExecutingTransformer$Factory";
  private static final String CREATION_ACTION = FACTORY + "$CreationAction";
  private static final String LEGACY_FACTORY = FACTORY + "$ForLegacyVm";
  private static final String RUN_DESCRIPTOR = "()L" + FACTORY + ";";

  private TransformerFactoryPatch() {}

  public static void main(String[] args) throws IOException, URISyntaxException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: TransformerFactoryPatch <classes directory>");
    }
    Path byteBuddyJar = Paths.get(AgentBuilder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    byte[] patched;
    try (JarFile jar = new JarFile(byteBuddyJar.toFile())) {
      if (jar.getEntry(LEGACY_FACTORY + ".class") == null) {
        throw fail(byteBuddyJar, "has no " + LEGACY_FACTORY);
      }
      ZipEntry entry = jar.getEntry(CREATION_ACTION + ".class");
      if (entry == null) {
        throw fail(byteBuddyJar, "has no " + CREATION_ACTION);
      }
      try (InputStream in = jar.getInputStream(entry)) {
        patched = withLegacyFactory(in.readAllBytes(), byteBuddyJar);
      }
    }
    Path target = Paths.get(args[0]).resolve(CREATION_ACTION + ".class");
    Files.createDirectories(target.getParent());
    Files.write(target, patched);
  }

  private static byte[] withLegacyFactory(byte[] classFile, Path byteBuddyJar) {
    ClassWriter writer = new ClassWriter(0);
    boolean[] replaced = {false};
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9, writer) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals("run") || !descriptor.equals(RUN_DESCRIPTOR)) {
                  return method;
                }
                // return Factory.ForLegacyVm.INSTANCE; the original body is dropped (null visitor).
                method.visitCode();
                method.visitFieldInsn(Opcodes.GETSTATIC, LEGACY_FACTORY, "INSTANCE", "L" + LEGACY_FACTORY + ";");
                method.visitInsn(Opcodes.ARETURN);
                method.visitMaxs(1, 1);
                method.visitEnd();
                replaced[0] = true;
                return null;
              }
            },
            0);
    if (!replaced[0]) {
      throw fail(byteBuddyJar, "has no method run" + RUN_DESCRIPTOR + " in " + CREATION_ACTION);
    }
    return writer.toByteArray();
  }

  private static IllegalStateException fail(Path byteBuddyJar, String what) {
    return new IllegalStateException(
        byteBuddyJar + " " + what + ": this ByteBuddy version creates its transformer differently. "
            + "Check whether it still generates a Java 9 subclass at start-up, then adapt or remove this "
            + "build step (agent/pom.xml, TransformerFactoryPatch).");
  }
}
