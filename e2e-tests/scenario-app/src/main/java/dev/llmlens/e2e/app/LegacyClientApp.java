package dev.llmlens.e2e.app;

/**
 * An application on an openai-java version whose API the scenario app cannot be compiled
 * against (0.x): it builds a client reflectively, which loads the library's core classes, so
 * the agent sees that version and must decide about it.
 */
public final class LegacyClientApp {

  private LegacyClientApp() {}

  public static void main(String[] args) throws Exception {
    Class<?> clientClass = Class.forName("com.openai.client.okhttp.OpenAIOkHttpClient");
    Object builder = clientClass.getMethod("builder").invoke(null);
    builder = builder.getClass().getMethod("baseUrl", String.class).invoke(builder, args[0]);
    builder = builder.getClass().getMethod("apiKey", String.class).invoke(builder, "sk-test");
    Object client = builder.getClass().getMethod("build").invoke(builder);
    Object chat = client.getClass().getMethod("chat").invoke(client);
    System.out.println("CLIENT " + chat.getClass().getMethod("completions").invoke(chat).getClass().getName());
    System.out.println("SCENARIO DONE");
    System.exit(0);
  }
}
