package com.acme.support.agent;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.memory.ChatMemoryAccess;

/**
 * The self-service support agent, a LangChain4j AI service: LangChain4j implements it (see {@link
 * SupportAgentService}) with a chat model, the {@link SupportTools}, a RAG lookup in the FAQ and a
 * chat memory per customer.
 */
public interface SupportAgent extends ChatMemoryAccess {

  @SystemMessage(
      "You are the self-service agent of Acme Outdoor, an online shop for camping gear. Use the"
          + " tools to look up orders and refunds, answer from the FAQ excerpts you are given, and"
          + " be brief.")
  Result<String> answer(@MemoryId int customerId, @UserMessage String question);
}
