package dev.llmlens.instrumentation.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenAiMessagesTest {

  @Test
  void writesTheConventionsJsonWithEscapedText() {
    String json =
        new GenAiMessages()
            .add("system", "Be brief.", null)
            .add("user", "Say \"hi\"\nthen\\stop\t\u0001", null)
            .add("assistant", null, "tool_calls")
            .toJson();

    assertThat(json)
        .isEqualTo(
            "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Say \\\"hi\\\"\\nthen\\\\stop\\t\\u0001\"}]},"
                + "{\"role\":\"assistant\",\"parts\":[],\"finish_reason\":\"tool_calls\"}]");
  }

  @Test
  void cutsLongTextsAndLongConversations() {
    GenAiMessages messages = new GenAiMessages();
    StringBuilder longText = new StringBuilder();
    for (int i = 0; i < GenAiMessages.MAX_TEXT + 10; i++) {
      longText.append('x');
    }
    for (int i = 0; i < GenAiMessages.MAX_MESSAGES + 5; i++) {
      messages.add("user", i == 0 ? longText.toString() : "m" + i, null);
    }
    String json = messages.toJson();

    assertThat(json.split("\"role\"", -1)).hasSize(GenAiMessages.MAX_MESSAGES + 1);
    String first = json.substring(json.indexOf("\"content\":\"") + 11, json.indexOf('"', json.indexOf("\"content\":\"") + 11));
    assertThat(first).hasSize(GenAiMessages.MAX_TEXT + 1).endsWith("x\u2026");
  }

  @Test
  void noMessageIsNoAttribute() {
    assertThat(new GenAiMessages().toJson()).isNull();
    assertThat(new GenAiMessages().add(null, "no role", null).isEmpty()).isTrue();
  }
}
