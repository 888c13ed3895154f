package dev.llmlens.agent.install;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Run by {@link ClassLoaderHookTest} in a JVM of its own: weaves {@code ClassLoader} to call the
 * bridge while the bridge is on the class path, where the bootstrap loader cannot see it, and
 * prints what became of it. Every line to check starts with {@code RESULT}.
 */
public final class BrokenHookRun {

  private BrokenHookRun() {}

  public static void main(String[] args) throws Exception {
    Instrumentation instrumentation = ByteBuddyAgent.install();
    // Loaded now: while ClassLoader is broken, no class could be.
    byte[] probe = emptyClassFile("dev/llmlens/agent/install/AfterTheRestore");
    DefiningLoader loader = new DefiningLoader();
    ClassFileTransformer watch = new ClassFileTransformer() {};

    boolean hooked = ClassLoaderHook.weave(instrumentation, List.of("com.openai."), watch);

    System.out.println("RESULT hooked " + hooked);
    System.out.println(
        "RESULT bridge calls in ClassLoader "
            + ClassLoaderHookTest.bridgeCallsByMethod(currentClassFile(instrumentation, ClassLoader.class)));
    System.out.println("RESULT defined " + loader.define("dev.llmlens.agent.install.AfterTheRestore", probe).getName());
  }

  /** The class file the JVM holds for {@code type} now, as a retransformation is handed it. */
  private static byte[] currentClassFile(Instrumentation instrumentation, Class<?> type) throws Exception {
    byte[][] seen = new byte[1][];
    ClassFileTransformer capture =
        new ClassFileTransformer() {
          @Override
          public byte[] transform(
              ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] file) {
            if (redefined == type) {
              seen[0] = file.clone();
            }
            return null;
          }
        };
    instrumentation.addTransformer(capture, true);
    try {
      instrumentation.retransformClasses(type);
    } finally {
      instrumentation.removeTransformer(capture);
    }
    return seen[0];
  }

  private static byte[] emptyClassFile(String internalName) {
    ClassWriter writer = new ClassWriter(0);
    writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
    writer.visitEnd();
    return writer.toByteArray();
  }

  private static final class DefiningLoader extends ClassLoader {
    DefiningLoader() {
      super(null);
    }

    Class<?> define(String name, byte[] classFile) {
      return defineClass(name, classFile, 0, classFile.length);
    }
  }
}
