package dev.llmlens.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The last step of the agent's build (agent/pom.xml, phase {@code package}, after the shade
 * plugin): rewrites the shaded jar in place, smaller, and checks what the shade plugin's
 * {@code minimizeJar} may have cost.
 *
 * <p>What goes, from the shaded libraries' classes only (the agent's own stay as compiled):
 *
 * <ul>
 *   <li>local variable tables: only a debugger stepping through ByteBuddy, the SDK or OkHttp
 *       reads them. Line numbers stay, so stack traces through these libraries are unchanged.
 *   <li>Kotlin's {@code @Metadata} annotation and the {@code .kotlin_module} and
 *       {@code .kotlin_builtins} files: read by the Kotlin compiler and by kotlin-reflect, which
 *       the agent does not ship; OkHttp and okio never read them at run time.
 * </ul>
 *
 * <p>Every entry is then deflated at the best compression. Together about 1.3 MB of the 10 MB
 * (README, Jar).
 *
 * <p>The check. {@code minimizeJar} keeps the classes that the kept classes refer to; a class a
 * library only names in a string, for {@code Class.forName} or a service file, it cannot see.
 * So every class name that a class of the jar holds as a string constant, and every
 * implementation a service file lists, must be in the jar whenever the library on the build's
 * class path has that class. The build fails otherwise, naming the classes, and the filters in
 * agent/pom.xml are where to keep them.
 *
 * <p>Usage: {@code java -cp <the agent's class path> AgentJarSlimming.java <jar>}.
 */
public final class AgentJarSlimming {

  private static final String SHADED = "dev/llmlens/shaded/";

  private static final String KOTLIN_METADATA = "L" + SHADED + "kotlin/Metadata;";

  /**
   * Named by a string and left out on purpose: the Prometheus client's protobuf writer, without
   * protobuf-java (LibraryClassPatches.ProtobufWriterOnlyWhenAvailable), and the classes that a
   * library only has in its multi-release part, which the shade plugin leaves out (agent/pom.xml;
   * the library falls back to its Java 8 code).
   */
  private static final List<String> LEFT_OUT_ON_PURPOSE =
      List.of(
          SHADED + "io/prometheus/metrics/expositionformats/internal/",
          SHADED + "io/opentelemetry/exporter/internal/marshal/VarHandleStringEncoder");

  private AgentJarSlimming() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: AgentJarSlimming <agent jar>");
    }
    Path jar = Paths.get(args[0]);
    Path slim = jar.resolveSibling(jar.getFileName() + ".slim");
    long before = Files.size(jar);
    Set<String> missing;
    try (ZipFile in = new ZipFile(jar.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(slim))) {
      out.setLevel(Deflater.BEST_COMPRESSION);
      NamedClasses named = new NamedClasses();
      for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.endsWith(".kotlin_module") || name.endsWith(".kotlin_builtins")) {
          continue;
        }
        byte[] content;
        try (InputStream stream = in.getInputStream(entry)) {
          content = stream.readAllBytes();
        }
        if (name.endsWith(".class")) {
          content = slimmed(content, name.startsWith(SHADED), named);
        } else if (name.startsWith("META-INF/services/") && !entry.isDirectory()) {
          named.inServiceFile(new String(content, StandardCharsets.UTF_8));
        }
        ZipEntry copy = new ZipEntry(name);
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        out.write(content);
        out.closeEntry();
      }
      missing = named.missingFrom(in);
    }
    if (!missing.isEmpty()) {
      Files.delete(slim);
      throw new IllegalStateException(
          jar + " lacks " + missing.size() + " classes that its libraries have and name by string,"
              + " so minimizeJar could not see them: " + missing + ". Keep them with a filter in"
              + " agent/pom.xml (an <includes> of the artifact), or add them to"
              + " AgentJarSlimming.LEFT_OUT_ON_PURPOSE if they are meant to be out.");
    }
    Files.move(slim, jar, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("[llmlens build] " + jar.getFileName() + ": " + before + " -> " + Files.size(jar) + " bytes");
  }

  /** The library's class without what goes; the agent's own class as compiled, its strings read. */
  private static byte[] slimmed(byte[] classFile, boolean library, NamedClasses named) {
    ClassWriter writer = new ClassWriter(0);
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9, writer) {
              @Override
              public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                return library && descriptor.equals(KOTLIN_METADATA) ? null : super.visitAnnotation(descriptor, visible);
              }

              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                  @Override
                  public void visitLdcInsn(Object value) {
                    if (value instanceof String) {
                      named.inString((String) value);
                    }
                    super.visitLdcInsn(value);
                  }

                  @Override
                  public void visitLocalVariable(
                      String variable, String type, String variableSignature, Label start, Label end, int index) {
                    if (!library) {
                      super.visitLocalVariable(variable, type, variableSignature, start, end, index);
                    }
                  }
                };
              }
            },
            0);
    return library ? writer.toByteArray() : classFile;
  }

  /** The shaded classes that the jar's classes and service files name by string. */
  private static final class NamedClasses {

    private final Set<String> names = new HashSet<>();

    void inString(String value) {
      String name = value.replace('.', '/');
      if (name.startsWith(SHADED) && !name.endsWith("/") && name.chars().allMatch(NamedClasses::isNameCharacter)) {
        names.add(name);
      }
    }

    void inServiceFile(String content) {
      for (String line : content.split("\n")) {
        int comment = line.indexOf('#');
        inString((comment < 0 ? line : line.substring(0, comment)).trim());
      }
    }

    /** Those the jar lacks although the unshaded library on this class path has them. */
    Set<String> missingFrom(ZipFile jar) {
      Set<String> missing = new TreeSet<>();
      ClassLoader libraries = AgentJarSlimming.class.getClassLoader();
      for (String name : names) {
        String unshaded = name.substring(SHADED.length()) + ".class";
        if (jar.getEntry(name + ".class") == null
            && LEFT_OUT_ON_PURPOSE.stream().noneMatch(name::startsWith)
            && libraries.getResource(unshaded) != null) {
          missing.add(name.replace('/', '.'));
        }
      }
      return missing;
    }

    private static boolean isNameCharacter(int c) {
      return Character.isJavaIdentifierPart(c) || c == '/';
    }
  }
}
