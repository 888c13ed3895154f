package dev.llmlens.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The change to the running JDK's {@code java.lang.ClassLoader}: its two {@code defineClass}
 * methods, and nothing else, call the bridge first. That the woven JDK then works, defines the
 * library's classes and shows them to the agent is the e2e tests' part
 * ({@code ClassLoaderEnvironmentsTest}, on JDK 17 and 25), with the real agent jar.
 */
class ClassLoaderHookTest {

  @Test
  void bothDefineClassMethodsOfThisJdksClassLoaderCallTheBridgeFirst() throws IOException {
    byte[] woven = ClassLoaderHook.hook(classFile("java/lang/ClassLoader"));

    assertThat(woven).isNotNull();
    Map<String, List<String>> bridgeCalls = bridgeCallsByMethod(woven);
    assertThat(bridgeCalls)
        .containsOnlyKeys(
            "defineClass(Ljava/lang/String;[BIILjava/security/ProtectionDomain;)Ljava/lang/Class;",
            "defineClass(Ljava/lang/String;Ljava/nio/ByteBuffer;Ljava/security/ProtectionDomain;)Ljava/lang/Class;");
    assertThat(bridgeCalls.get("defineClass(Ljava/lang/String;[BIILjava/security/ProtectionDomain;)Ljava/lang/Class;"))
        .containsExactly("0 defining", "1 length", "2 offset");
    assertThat(bridgeCalls.get("defineClass(Ljava/lang/String;Ljava/nio/ByteBuffer;Ljava/security/ProtectionDomain;)Ljava/lang/Class;"))
        .containsExactly("0 defining");
  }

  @Test
  void aClassWithoutBothMethodsIsLeftAlone() throws IOException {
    assertThat(ClassLoaderHook.hook(classFile("java/lang/Object"))).isNull();
    assertThat(ClassLoaderHook.hook(classFile("java/security/SecureClassLoader"))).isNull();
  }

  /** In these tests the bridge is on the class path, where ClassLoader could not see it. */
  @Test
  void withTheBridgeOffTheBootstrapLoaderNothingIsChangedAndTheCallerRegistersATransformer() {
    Instrumentation instrumentation = ByteBuddyAgent.install();
    ClassFileTransformer watch = new ClassFileTransformer() {};

    assertThat(ClassLoaderHook.install(instrumentation, List.of("com.openai."), watch)).isFalse();
  }

  /**
   * The safety net, for real: ClassLoader is woven to call a bridge the bootstrap loader cannot
   * see (here it is on the class path), so every class definition fails until it is put back.
   * The check finds it, ClassLoader is restored to its original class file, classes load again,
   * and the caller is told to register a transformer instead. In a JVM of its own
   * ({@link BrokenHookRun}): meanwhile no thread can load a class, and this one has others.
   */
  @Test
  void aHookThatBreaksClassDefinitionIsFoundAndClassLoaderIsPutBack() throws Exception {
    Process run =
        new ProcessBuilder(
                System.getProperty("java.home") + "/bin/java",
                "-Djdk.attach.allowAttachSelf=true",
                "-cp",
                System.getProperty("java.class.path"),
                BrokenHookRun.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(run.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(run.waitFor()).as(output).isZero();

    assertThat(output.lines().filter(line -> line.startsWith("RESULT ")))
        .as(output)
        .containsExactly(
            "RESULT hooked false",
            "RESULT bridge calls in ClassLoader {}",
            "RESULT defined dev.llmlens.agent.install.AfterTheRestore");
  }

  /** For each method that calls the bridge: "instruction index, bridge method" of each call. */
  static Map<String, List<String>> bridgeCallsByMethod(byte[] classFile) {
    Map<String, List<String>> calls = new LinkedHashMap<>();
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                String method = name + descriptor;
                return new MethodVisitor(Opcodes.ASM9) {
                  int invocations;

                  @Override
                  public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor, boolean isInterface) {
                    if (owner.equals(ClassLoaderHook.BRIDGE)) {
                      calls.computeIfAbsent(method, m -> new ArrayList<>()).add(invocations + " " + called);
                    }
                    invocations++;
                  }
                };
              }
            },
            0);
    return calls;
  }

  private static byte[] classFile(String internalName) throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
      return in.readAllBytes();
    }
  }
}
