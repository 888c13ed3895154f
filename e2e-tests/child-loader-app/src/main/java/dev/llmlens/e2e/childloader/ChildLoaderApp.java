package dev.llmlens.e2e.childloader;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ChildLoaderApp <classpath> <main class> <args...>}: runs {@code main class} from a new
 * {@link URLClassLoader} over {@code classpath} (entries separated by the platform's path
 * separator), a child of the application class loader, which holds only this launcher. So
 * openai-java's classes are defined by the child loader alone.
 */
public final class ChildLoaderApp {

  private ChildLoaderApp() {}

  public static void main(String[] args) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : args[0].split(File.pathSeparator)) {
      urls.add(new File(entry).toURI().toURL());
    }
    // Never closed: the client's own threads may still load classes from it while the JVM exits.
    URLClassLoader child =
        new URLClassLoader("scenario", urls.toArray(new URL[0]), ChildLoaderApp.class.getClassLoader());
    Class<?> main = Class.forName(args[1], true, child);
    System.out.println("LOADER " + main.getClassLoader().getName());
    Method entry = main.getMethod("main", String[].class);
    entry.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
  }
}
