package dev.llmlens.benchmarks;

/**
 * The start-up subject: a process that makes one openai-java chat call against its loopback
 * server and exits. {@code System.exit} runs the agents' shutdown flush while the server (and
 * its OTLP sink) still listens.
 */
public final class OneCall {

  private OneCall() {}

  public static void main(String[] args) throws Exception {
    LoopbackServer server = LoopbackServer.start();
    OpenAiCalls calls = new OpenAiCalls(server.baseUrl());
    System.out.println("answer: " + calls.chat(OpenAiCalls.params("gpt-4o-mini", false)).choices().get(0).message().content().orElse(""));
    System.exit(0);
  }
}
