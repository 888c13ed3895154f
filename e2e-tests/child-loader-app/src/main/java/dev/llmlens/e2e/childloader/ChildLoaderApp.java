package dev.llmlens.e2e.childloader;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ChildLoaderApp <classpath> <main class> <args...>}: runs {@code main class} from a new
 * class loader over {@code classpath} (entries separated by the platform's path separator), a
 * child of the application class loader, which holds only this launcher. So openai-java's
 * classes are defined by the child loader alone.
 *
 * <p>{@code -Dchildloader.define=} picks how that loader defines them: {@code url} (default) a
 * plain {@link URLClassLoader}; {@code direct-buffer} from a direct {@link ByteBuffer}; {@code
 * array-slice} from the middle of a larger array ({@code defineClass(name, b, off, len)}). These
 * are the ways a class loader can hand a class to the JVM, and the agent must see the library's
 * classes whichever is taken.
 */
public final class ChildLoaderApp {

  private ChildLoaderApp() {}

  public static void main(String[] args) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : args[0].split(File.pathSeparator)) {
      urls.add(new File(entry).toURI().toURL());
    }
    String define = System.getProperty("childloader.define", "url");
    // Never closed: the client's own threads may still load classes from it while the JVM exits.
    URLClassLoader child =
        define.equals("url")
            ? new URLClassLoader("scenario", urls.toArray(new URL[0]), ChildLoaderApp.class.getClassLoader())
            : new DefiningLoader(define, urls.toArray(new URL[0]), ChildLoaderApp.class.getClassLoader());
    Class<?> main = Class.forName(args[1], true, child);
    System.out.println("LOADER " + main.getClassLoader().getName());
    Method entry = main.getMethod("main", String[].class);
    entry.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
  }

  /** Reads each class file itself and defines it the way {@code define} names. */
  static final class DefiningLoader extends URLClassLoader {
    static {
      registerAsParallelCapable();
    }

    private final String define;

    DefiningLoader(String define, URL[] urls, ClassLoader parent) {
      super("scenario-" + define, urls, parent);
      this.define = define;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] classFile;
      try (InputStream in = getResourceAsStream(name.replace('.', '/') + ".class")) {
        if (in == null) {
          throw new ClassNotFoundException(name);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        classFile = out.toByteArray();
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
      if (define.equals("direct-buffer")) {
        ByteBuffer direct = ByteBuffer.allocateDirect(classFile.length);
        direct.put(classFile).flip();
        return defineClass(name, direct, (java.security.CodeSource) null);
      }
      if (define.equals("array-slice")) {
        byte[] padded = new byte[classFile.length + 24];
        System.arraycopy(classFile, 0, padded, 7, classFile.length);
        return defineClass(name, padded, 7, classFile.length);
      }
      throw new IllegalArgumentException("childloader.define=" + define + ": url, direct-buffer or array-slice");
    }
  }
}
