package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the agent's build takes out of the jar to bring it under 8 MB (agent/pom.xml's
 * {@code minimizeJar}, then AgentJarSlimming), and what it must keep: line numbers for stack
 * traces, every service implementation, the parts of ByteBuddy the agent runs.
 */
class AgentJarSlimmingTest {

  private static final String SHADED = "dev/llmlens/shaded/";

  private static final List<ClassFacts> classes = new ArrayList<>();

  @BeforeAll
  static void readEveryClass() throws IOException {
    try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
      for (JarEntry entry : jar.stream().toList()) {
        if (entry.getName().endsWith(".class")) {
          try (InputStream in = jar.getInputStream(entry)) {
            classes.add(ClassFacts.of(entry.getName(), in.readAllBytes()));
          }
        }
      }
    }
  }

  @Test
  void theJarIsUnderEightMegabytes() throws IOException {
    assertThat(Files.size(ChildJvm.agentJar())).isLessThan(8_000_000L);
  }

  @Test
  void libraryClassesKeepTheirLineNumbersButNotTheirLocalVariableNames() {
    List<ClassFacts> library = classes.stream().filter(c -> c.name.startsWith(SHADED)).toList();
    assertThat(library).filteredOn(c -> c.localVariables > 0).isEmpty();
    assertThat(library.stream().mapToInt(c -> c.lineNumbers).sum()).isGreaterThan(100_000);
    assertThat(byName("dev/llmlens/shaded/net/bytebuddy/agent/builder/AgentBuilder$Default.class").lineNumbers)
        .isGreaterThan(100);
    assertThat(byName("dev/llmlens/shaded/okhttp3/OkHttpClient.class").lineNumbers).isGreaterThan(100);
  }

  @Test
  void theAgentsOwnClassesStayAsCompiled() throws IOException {
    String name = "dev/llmlens/agent/install/InstrumentationInstaller.class";
    try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile());
        InputStream packed = jar.getInputStream(jar.getJarEntry(name))) {
      assertThat(packed.readAllBytes()).isEqualTo(Files.readAllBytes(ChildJvm.repoRoot().resolve("agent/target/classes/" + name)));
    }
    assertThat(byName("dev/llmlens/agent/LlmLensAgent.class").localVariables).isGreaterThan(0);
    assertThat(classes)
        .filteredOn(c -> c.name.startsWith("dev/llmlens/") && !c.name.startsWith(SHADED))
        .filteredOn(c -> c.localVariables > 0)
        .hasSizeGreaterThan(100);
  }

  @Test
  void kotlinsCompilerMetadataIsGone() throws IOException {
    assertThat(classes).filteredOn(c -> c.kotlinMetadata).isEmpty();
    try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
      assertThat(jar.stream().map(JarEntry::getName))
          .noneMatch(name -> name.endsWith(".kotlin_module") || name.endsWith(".kotlin_builtins"));
    }
    assertThat(byName("dev/llmlens/shaded/kotlin/collections/CollectionsKt.class")).isNotNull();
  }

  @Test
  void everyServiceImplementationIsInTheJar() throws IOException {
    List<String> listed = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
      for (JarEntry entry : jar.stream().filter(e -> e.getName().startsWith("META-INF/services/") && !e.isDirectory()).toList()) {
        try (InputStream in = jar.getInputStream(entry)) {
          for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            String implementation = line.replaceAll("#.*", "").trim();
            if (!implementation.isEmpty()) {
              listed.add(implementation);
              if (jar.getEntry(implementation.replace('.', '/') + ".class") == null) {
                missing.add(implementation);
              }
            }
          }
        }
      }
    }
    assertThat(listed).hasSizeGreaterThan(20);
    assertThat(missing).isEmpty();
  }

  /** What the agent runs of ByteBuddy stays; what it never reaches went. */
  @Test
  void byteBuddyKeepsAdviceAndTheAgentBuilderAndLosesWhatTheAgentNeverReaches() {
    assertThat(byName("dev/llmlens/shaded/net/bytebuddy/asm/Advice.class")).isNotNull();
    assertThat(byName("dev/llmlens/shaded/net/bytebuddy/agent/builder/AgentBuilder$Default.class")).isNotNull();
    assertThat(byName("dev/llmlens/shaded/net/bytebuddy/pool/TypePool$Default.class")).isNotNull();
    assertThat(classes)
        .noneMatch(c -> c.name.startsWith("dev/llmlens/shaded/net/bytebuddy/asm/MemberSubstitution"))
        .noneMatch(c -> c.name.startsWith("dev/llmlens/shaded/net/bytebuddy/implementation/MethodDelegation"));
  }

  private static ClassFacts byName(String name) {
    return classes.stream().filter(c -> c.name.equals(name)).findFirst().orElse(null);
  }

  /** Counted from a class file: its line numbers, local variable entries and Kotlin metadata. */
  private static final class ClassFacts {
    final String name;
    int lineNumbers;
    int localVariables;
    boolean kotlinMetadata;

    private ClassFacts(String name) {
      this.name = name;
    }

    static ClassFacts of(String name, byte[] classFile) {
      ClassFacts facts = new ClassFacts(name);
      new ClassReader(classFile)
          .accept(
              new ClassVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                  facts.kotlinMetadata |= descriptor.endsWith("/kotlin/Metadata;");
                  return null;
                }

                @Override
                public MethodVisitor visitMethod(
                    int access, String method, String descriptor, String signature, String[] exceptions) {
                  return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitLineNumber(int line, Label start) {
                      facts.lineNumbers++;
                    }

                    @Override
                    public void visitLocalVariable(
                        String variable, String type, String variableSignature, Label start, Label end, int index) {
                      facts.localVariables++;
                    }
                  };
                }
              },
              0);
      return facts;
    }
  }
}
