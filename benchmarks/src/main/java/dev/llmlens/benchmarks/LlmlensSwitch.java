package dev.llmlens.benchmarks;

import java.lang.reflect.Field;

/**
 * Switches llmlens off and on inside one JVM that runs with the agent, through the handler its
 * bootstrap bridge ({@code dev.llmlens.bootstrap.LlmCalls}) holds: off, the woven advice finds no
 * handler and returns at once, as before the agent has started. Comparing the two states in
 * alternate blocks of calls in the same process measures what llmlens costs a call with the same
 * JIT-compiled code, heap and CPU, which separate processes cannot: from one JVM to the next the
 * same call's CPU time moves by several microseconds.
 */
final class LlmlensSwitch {

  private static final String BRIDGE = "dev.llmlens.bootstrap.LlmCalls";

  private final Field handler;
  private final Object installed;

  private LlmlensSwitch(Field handler, Object installed) {
    this.handler = handler;
    this.installed = installed;
  }

  /** The switch of this JVM's llmlens, or null without llmlens (or before it installed its handler). */
  static LlmlensSwitch find() throws ReflectiveOperationException {
    Class<?> bridge;
    try {
      bridge = Class.forName(BRIDGE);
    } catch (ClassNotFoundException noAgent) {
      return null;
    }
    // The bridge is in the bootstrap loader's unnamed module, which is open to reflection.
    Field handler = bridge.getDeclaredField("handler");
    handler.setAccessible(true);
    Object installed = handler.get(null);
    return installed == null ? null : new LlmlensSwitch(handler, installed);
  }

  void on() throws IllegalAccessException {
    handler.set(null, installed);
  }

  void off() throws IllegalAccessException {
    handler.set(null, null);
  }
}
