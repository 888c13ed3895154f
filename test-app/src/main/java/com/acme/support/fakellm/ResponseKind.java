package com.acme.support.fakellm;

/** What the fake server does with one HTTP request it receives. */
public enum ResponseKind {
  /** A 200 with a chat.completion body (or its chunks, streamed) after the simulated latency. */
  OK,
  /** A 429 with {@code Retry-After: 0} and OpenAI's rate-limit error body. */
  RATE_LIMITED,
  /** A 500 with OpenAI's server_error body. */
  SERVER_ERROR,
  /** The server hangs past the client's timeout before it answers (to nobody). */
  TIMEOUT
}
