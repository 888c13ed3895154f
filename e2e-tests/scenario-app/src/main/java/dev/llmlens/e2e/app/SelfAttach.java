package dev.llmlens.e2e.app;

import com.sun.tools.attach.VirtualMachine;

/** Loads an agent into this very JVM (agentmain). Needs {@code -Djdk.attach.allowAttachSelf=true}. */
final class SelfAttach {

  private SelfAttach() {}

  static void loadAgent(String agentJar) throws Exception {
    VirtualMachine self = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
    try {
      self.loadAgent(agentJar);
    } finally {
      self.detach();
    }
  }
}
