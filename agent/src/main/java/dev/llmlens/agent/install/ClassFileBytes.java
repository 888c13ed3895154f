package dev.llmlens.agent.install;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads the class files the installation works on (the bridge, the weaving stand-in, {@code
 * ClassLoader}) from their streams. JDK types only, for premain; the agent is built for Java 8,
 * which has no {@code InputStream.readAllBytes}.
 */
final class ClassFileBytes {

  private ClassFileBytes() {}

  /** The whole stream; {@code in} is closed. */
  static byte[] read(InputStream in) throws IOException {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      copy(in, bytes);
      return bytes.toByteArray();
    } finally {
      in.close();
    }
  }

  static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[8192];
    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
      out.write(buffer, 0, read);
    }
  }
}
