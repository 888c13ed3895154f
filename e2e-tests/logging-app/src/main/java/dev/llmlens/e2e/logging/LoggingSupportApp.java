package dev.llmlens.e2e.logging;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A support service that logs the usual way: SLF4J through Logback (pattern with {@code
 * %X{trace_id}} and {@code %X{span_id}}) and, in its tool, Log4j 2 too (pattern with the same
 * ThreadContext keys). It never touches the MDC itself. It logs before its AI service call, the
 * model logs each HTTP request and response ({@code logRequests}, {@code logResponses}), the tool
 * logs while it runs, and it logs after the call. Argument: the OpenAI base URL.
 */
public final class LoggingSupportApp {

  private static final Logger LOG = LoggerFactory.getLogger(LoggingSupportApp.class);

  private LoggingSupportApp() {}

  /** The AI service: one method, answered by the model with the help of the parcel tool. */
  interface SupportAgent {
    String answer(String question);
  }

  /** A tool that logs through both libraries while the model's call waits for it. */
  public static final class ParcelTools {
    private static final Logger SLF4J = LoggerFactory.getLogger(ParcelTools.class);
    private static final org.apache.logging.log4j.Logger LOG4J =
        org.apache.logging.log4j.LogManager.getLogger(ParcelTools.class);

    @Tool("Where a parcel is, by its tracking number")
    public String parcelStatus(@P(name = "trackingNumber", value = "the tracking number") String trackingNumber) {
      SLF4J.info("looking up parcel {}", trackingNumber);
      LOG4J.info("looking up parcel {} (log4j)", trackingNumber);
      return "parcel " + trackingNumber + " is out for delivery";
    }
  }

  public static void main(String[] args) {
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(args[0])
            .apiKey("sk-test")
            .modelName("gpt-4o")
            .maxRetries(0)
            .logRequests(true)
            .logResponses(true)
            .build();
    SupportAgent agent = AiServices.builder(SupportAgent.class).chatModel(model).tools(new ParcelTools()).build();
    LOG.info("before the call");
    String answer = agent.answer("Where is parcel 42?");
    LOG.info("after the call: {}", answer);
    System.out.println("SCENARIO DONE");
  }
}
