package dev.llmlens.benchmarks;

/**
 * The start-up subject: a process that makes one openai-java chat call against its loopback
 * server and exits. {@code System.exit} runs the agents' shutdown flush while the server (and
 * its OTLP sink) still listens. Exports that name the call's model are reported on stdout, for
 * {@link StartupComparison} to check that each agent observed the call.
 */
public final class OneCall {

  static final String MODEL = "gpt-4o-mini";

  private OneCall() {}

  public static void main(String[] args) throws Exception {
    LoopbackServer server = LoopbackServer.start();
    server.watchExportsNaming(MODEL, true);
    OpenAiCalls calls = new OpenAiCalls(server.baseUrl());
    System.out.println("answer: " + calls.chat(OpenAiCalls.params(MODEL, false)).choices().get(0).message().content().orElse(""));
    System.exit(0);
  }
}
