package com.acme.support.fakellm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the fake model uses the tools a chat request offers (the {@code tools} array of the
 * chat-completions protocol), deterministically from the request's content:
 *
 * <ul>
 *   <li>when the last user message is already followed by {@code role: "tool"} results, the model
 *       answers in text: one round of tool calls per question;
 *   <li>otherwise it calls every offered function whose name's first word (camelCase: {@code
 *       orderStatus} gives "order") appears in the user's question, in the order offered; none
 *       matches: it answers in text.
 * </ul>
 *
 * <p>The question is the last user message up to its first blank line, so that the text a RAG
 * step appends ("Answer using the following information: ...") does not pick tools. Each string
 * argument is the question's first order number ({@code #123456}) if it has one, else the
 * question itself; a number or integer argument is that number, else 0.
 */
final class ToolCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ORDER_NUMBER = Pattern.compile("#?(\\d{3,})");

  /** One function call the model makes: its name and its arguments as a JSON string. */
  record Call(String name, String arguments) {}

  private ToolCalls() {}

  /** The calls the model makes in answer to {@code request}; empty means it answers in text. */
  static List<Call> choose(JsonNode request) {
    JsonNode tools = request.path("tools");
    if (!tools.isArray() || tools.isEmpty()) {
      return List.of();
    }
    JsonNode messages = request.path("messages");
    int lastUser = -1;
    for (int i = 0; i < messages.size(); i++) {
      if ("user".equals(messages.get(i).path("role").asText())) {
        lastUser = i;
      }
    }
    if (lastUser < 0) {
      return List.of();
    }
    for (int i = lastUser + 1; i < messages.size(); i++) {
      if ("tool".equals(messages.get(i).path("role").asText())) {
        return List.of();
      }
    }
    String question = question(messages.get(lastUser).path("content"));
    String lower = question.toLowerCase(Locale.ROOT);
    List<Call> calls = new ArrayList<>();
    for (JsonNode tool : tools) {
      JsonNode function = tool.path("function");
      String name = function.path("name").asText("");
      if (!"function".equals(tool.path("type").asText("function")) || name.isEmpty()) {
        continue;
      }
      if (lower.contains(firstWord(name))) {
        calls.add(new Call(name, arguments(function.path("parameters"), question)));
      }
    }
    return calls;
  }

  /** The completion tokens of a tool-call answer: 5 per call plus its name and arguments / 4. */
  static long completionTokens(List<Call> calls) {
    long tokens = 0;
    for (Call call : calls) {
      tokens += 5 + (call.name().length() + call.arguments().length() + 3) / 4;
    }
    return tokens;
  }

  /** The text of a message's content, a string or an array of parts, up to its first blank line. */
  static String question(JsonNode content) {
    String text;
    if (content.isArray()) {
      StringBuilder parts = new StringBuilder();
      for (JsonNode part : content) {
        if (part.path("text").isTextual()) {
          parts.append(part.path("text").asText());
        }
      }
      text = parts.toString();
    } else {
      text = content.asText("");
    }
    int blank = text.indexOf("\n\n");
    return (blank < 0 ? text : text.substring(0, blank)).trim();
  }

  /** "orderStatus" gives "order", "refund_policy" gives "refund". */
  static String firstWord(String name) {
    int end = 1;
    while (end < name.length()
        && Character.isLowerCase(name.charAt(end))
        && name.charAt(end) != '_') {
      end++;
    }
    return name.substring(0, end).toLowerCase(Locale.ROOT);
  }

  private static String arguments(JsonNode parameters, String question) {
    Matcher matcher = ORDER_NUMBER.matcher(question);
    String number = matcher.find() ? matcher.group(1) : null;
    ObjectNode arguments = JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> properties = parameters.path("properties").fields();
    while (properties.hasNext()) {
      Map.Entry<String, JsonNode> property = properties.next();
      String type = property.getValue().path("type").asText("string");
      if (type.equals("integer") || type.equals("number")) {
        arguments.put(property.getKey(), number == null ? 0 : Long.parseLong(number));
      } else {
        arguments.put(property.getKey(), number == null ? question : number);
      }
    }
    return arguments.toString();
  }
}
