package com.acme.support.agent;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.List;

/** The shop's FAQ, the agent's RAG source: embedded once at start-up into an in-memory store. */
final class FaqKnowledgeBase {
  static final List<String> FAQ =
      List.of(
          "Shipping: orders leave our warehouse within one business day and arrive in two to four"
              + " business days in the UK, five to eight in the rest of Europe.",
          "International shipping: we ship to all EU countries, Norway and Switzerland; customs"
              + " fees outside the EU are paid by the customer on delivery.",
          "Returns: unused items can be returned within 30 days of delivery with the prepaid label"
              + " from your account page.",
          "Refunds: once a return reaches the warehouse, the refund goes to the original payment"
              + " method within five business days.",
          "Damaged or faulty items: send a photo within 14 days and we replace the item or refund"
              + " it, without the original box.",
          "Delivery address: the address of an order can be changed until it leaves the"
              + " warehouse.",
          "Double charges: a second charge is a card pre-authorisation and disappears within"
              + " three business days.",
          "Accounts: the password reset email can take ten minutes; check the spam folder before"
              + " asking for a new one.",
          "Loyalty points: every pound spent earns one point; points show in the account within"
              + " 24 hours of delivery.",
          "Gas stoves: stop using a stove that smells of gas and contact us for a free"
              + " replacement valve.");

  private FaqKnowledgeBase() {}

  /** Embeds the FAQ with one call to {@code embeddingModel} and stores it. */
  static EmbeddingStore<TextSegment> load(EmbeddingModel embeddingModel) {
    List<TextSegment> segments = FAQ.stream().map(TextSegment::from).toList();
    List<Embedding> embeddings = embeddingModel.embedAll(segments).content();
    InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    store.addAll(embeddings, segments);
    return store;
  }
}
