package dev.llmlens.agent.install;

import java.lang.instrument.Instrumentation;

/**
 * Whether this JVM is writing a class-data archive: JDK 25's AOT cache ({@code
 * -XX:AOTCacheOutput}, {@code -XX:AOTMode=record} and {@code create}) or a CDS archive ({@code
 * -XX:ArchiveClassesAtExit}, {@code -XX:+AutoCreateSharedArchive}). The JDK says so through its
 * internal {@code jdk.internal.misc.CDS}, which every JDK from 9 on has and which the agent may
 * read once {@code java.base} opens that package to it (as {@link BootLoaderDefiner} does too).
 */
final class ClassDataArchiveDump {

  private ClassDataArchiveDump() {}

  /** False when the JVM does not say (Java 8, another JVM): then there is no such archive. */
  static boolean inProgress(Instrumentation instrumentation) {
    if (!JavaBaseModule.exists()) {
      return false;
    }
    try {
      JavaBaseModule.openTo(instrumentation, "jdk.internal.misc", ClassDataArchiveDump.class);
      Object dumping = Class.forName("jdk.internal.misc.CDS").getMethod("isDumpingArchive").invoke(null);
      return Boolean.TRUE.equals(dumping);
    } catch (Throwable unknown) {
      return false;
    }
  }
}
