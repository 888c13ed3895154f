package dev.llmlens.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentLogTest {

  @Test
  void aMessageIsAlwaysOneLine() {
    assertThat(AgentLog.oneLine("llmlens.feature=\"a\nb\r\n[llmlens] WARN forged\" is not valid"))
        .isEqualTo("llmlens.feature=\"a\\nb\\r\\n[llmlens] WARN forged\" is not valid");
    assertThat(AgentLog.oneLine("tab\there, bell\u0007, nul\u0000")).isEqualTo("tab\\there, bell\\u0007, nul\\u0000");
  }

  @Test
  void printableTextIsUntouched() {
    String message = "modèle \"gpt-4o\" 模型 🚀 \\n stays as typed";

    assertThat(AgentLog.oneLine(message)).isSameAs(message);
  }
}
