package dev.llmlens.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.bootstrap.LlmCalls;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The bridge the agent puts on the bootstrap class loader is named class by class. */
class BootstrapInjectorTest {

  private static final String PACKAGE = "dev/llmlens/bootstrap/";

  /** A class added to the package but not to the list would be loaded by the wrong class loader. */
  @Test
  void theNamedBridgeClassesAreTheWholeBridgePackage() throws Exception {
    assertThat(BootstrapInjector.BRIDGE_CLASSES).containsExactlyInAnyOrderElementsOf(classesOfTheBridgePackage());
  }

  /** Where the build put {@code dev.llmlens.bootstrap}: a classes folder or a jar. */
  private static List<String> classesOfTheBridgePackage() throws Exception {
    File location = new File(LlmCalls.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names = new ArrayList<>();
    if (location.isDirectory()) {
      try (Stream<Path> files = Files.list(location.toPath().resolve(PACKAGE))) {
        files.map(file -> PACKAGE + file.getFileName()).forEach(names::add);
      }
    } else {
      try (JarFile jar = new JarFile(location)) {
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
          String name = entries.nextElement().getName();
          if (name.startsWith(PACKAGE) && name.length() > PACKAGE.length()) {
            names.add(name);
          }
        }
      }
    }
    List<String> classes = new ArrayList<>();
    for (String name : names) {
      assertThat(name).as("only classes in the bridge package").endsWith(".class");
      classes.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
    }
    assertThat(classes).as("the bridge package, found at " + location).isNotEmpty();
    return classes;
  }
}
