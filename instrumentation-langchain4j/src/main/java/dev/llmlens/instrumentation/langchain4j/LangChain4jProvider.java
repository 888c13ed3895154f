package dev.llmlens.instrumentation.langchain4j;

import dev.llmlens.instrumentation.api.ObjectAccessor;
import java.util.HashMap;
import java.util.Map;

/**
 * The GenAI semantic-convention provider name of a LangChain4j model: from the model's {@code
 * provider()} ({@code ModelProvider}), or, for models that report {@code OTHER} or predate it,
 * from the LangChain4j package the model class lives in ({@code dev.langchain4j.model.ollama});
 * {@code other} for a model of the application's own.
 */
final class LangChain4jProvider {

  private static final ObjectAccessor PROVIDER = ObjectAccessor.method("provider");
  private static final Map<String, String> BY_ENUM = new HashMap<String, String>();
  private static final Map<String, String> BY_PACKAGE = new HashMap<String, String>();

  static {
    BY_ENUM.put("OPEN_AI", "openai");
    BY_ENUM.put("AZURE_OPEN_AI", "azure.ai.openai");
    BY_ENUM.put("MICROSOFT_FOUNDRY", "azure.ai.inference");
    BY_ENUM.put("ANTHROPIC", "anthropic");
    BY_ENUM.put("AMAZON_BEDROCK", "aws.bedrock");
    BY_ENUM.put("GOOGLE_AI_GEMINI", "gcp.gemini");
    BY_ENUM.put("GOOGLE_GENAI", "gcp.gen_ai");
    BY_ENUM.put("GOOGLE_VERTEX_AI_GEMINI", "gcp.vertex_ai");
    BY_ENUM.put("GOOGLE_VERTEX_AI_ANTHROPIC", "gcp.vertex_ai");
    BY_ENUM.put("MISTRAL_AI", "mistral_ai");
    BY_ENUM.put("OLLAMA", "ollama");
    BY_ENUM.put("WATSONX", "ibm.watsonx.ai");
    BY_ENUM.put("GITHUB_MODELS", "github");
    BY_ENUM.put("COHERE", "cohere");
    BY_ENUM.put("VOYAGE_AI", "voyage_ai");
    BY_ENUM.put("JINA", "jina");
    BY_PACKAGE.put("openai", "openai");
    BY_PACKAGE.put("openaiofficial", "openai");
    BY_PACKAGE.put("azure", "azure.ai.openai");
    BY_PACKAGE.put("anthropic", "anthropic");
    BY_PACKAGE.put("bedrock", "aws.bedrock");
    BY_PACKAGE.put("googleai", "gcp.gemini");
    BY_PACKAGE.put("vertexai", "gcp.vertex_ai");
    BY_PACKAGE.put("mistralai", "mistral_ai");
    BY_PACKAGE.put("ollama", "ollama");
    BY_PACKAGE.put("watsonx", "ibm.watsonx.ai");
    BY_PACKAGE.put("cohere", "cohere");
    BY_PACKAGE.put("voyageai", "voyage_ai");
    BY_PACKAGE.put("jina", "jina");
  }

  private LangChain4jProvider() {}

  static String of(Object model) {
    Object declared = PROVIDER.read(model);
    String name = declared == null ? "OTHER" : declared.toString();
    String known = BY_ENUM.get(name);
    if (known != null) {
      return known;
    }
    String fromPackage = model == null ? null : fromPackage(model.getClass().getName());
    if (fromPackage != null) {
      return fromPackage;
    }
    // A provider added after this list: its own name, in the conventions' lower case.
    return name.equals("OTHER") ? "other" : name.toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code dev.langchain4j.model.<provider>.SomeModel}, or {@code null}. */
  static String fromPackage(String className) {
    String prefix = "dev.langchain4j.model.";
    if (!className.startsWith(prefix)) {
      return null;
    }
    int end = className.indexOf('.', prefix.length());
    return end < 0 ? null : BY_PACKAGE.get(className.substring(prefix.length(), end));
  }
}
