package com.acme.support.report;

/** A fixed exposition in the shape the agent exports, with the extra labels it carries. */
final class Exposition {
  private Exposition() {}

  static final String TEXT =
      """
      # HELP ai_requests_total Number of LLM requests\\nby model
      # TYPE ai_requests_total counter
      ai_requests_total{feature="support-chat",model="gpt-4o-2024-08-06",operation="chat",otel_scope_name="llmlens",provider="openai",server_address="127.0.0.1",status="ok"} 140
      ai_requests_total{feature="support-chat",model="gpt-4o-2024-08-06",operation="chat",otel_scope_name="llmlens",provider="openai",server_address="127.0.0.1",status="error"} 10
      ai_requests_total{feature="triage",model="gpt-4o-mini-2024-07-18",operation="chat",otel_scope_name="llmlens",provider="openai",server_address="127.0.0.1",status="ok"} 90
      # TYPE ai_errors_total counter
      ai_errors_total{error_type="RateLimitException",feature="support-chat",model="gpt-4o-2024-08-06",otel_scope_name="llmlens"} 6
      ai_errors_total{error_type="InternalServerException",feature="support-chat",model="gpt-4o-2024-08-06",otel_scope_name="llmlens"} 4
      # HELP ai_request_duration_seconds Duration of LLM requests
      # TYPE ai_request_duration_seconds histogram
      ai_request_duration_seconds_bucket{model="gpt-4o-2024-08-06",otel_scope_name="llmlens",le="0.1"} 0
      ai_request_duration_seconds_bucket{model="gpt-4o-2024-08-06",otel_scope_name="llmlens",le="0.25"} 10
      ai_request_duration_seconds_bucket{model="gpt-4o-2024-08-06",otel_scope_name="llmlens",le="0.5"} 60
      ai_request_duration_seconds_bucket{model="gpt-4o-2024-08-06",otel_scope_name="llmlens",le="1.0"} 140
      ai_request_duration_seconds_bucket{model="gpt-4o-2024-08-06",otel_scope_name="llmlens",le="+Inf"} 150
      ai_request_duration_seconds_count{model="gpt-4o-2024-08-06",otel_scope_name="llmlens"} 150
      ai_request_duration_seconds_sum{model="gpt-4o-2024-08-06",otel_scope_name="llmlens"} 90.5
      ai_request_duration_seconds_bucket{model="gpt-4o-mini-2024-07-18",otel_scope_name="llmlens",le="0.1"} 5
      ai_request_duration_seconds_bucket{model="gpt-4o-mini-2024-07-18",otel_scope_name="llmlens",le="0.25"} 40
      ai_request_duration_seconds_bucket{model="gpt-4o-mini-2024-07-18",otel_scope_name="llmlens",le="0.5"} 85
      ai_request_duration_seconds_bucket{model="gpt-4o-mini-2024-07-18",otel_scope_name="llmlens",le="1.0"} 90
      ai_request_duration_seconds_bucket{model="gpt-4o-mini-2024-07-18",otel_scope_name="llmlens",le="+Inf"} 90
      ai_request_duration_seconds_count{model="gpt-4o-mini-2024-07-18",otel_scope_name="llmlens"} 90
      ai_request_duration_seconds_sum{model="gpt-4o-mini-2024-07-18",otel_scope_name="llmlens"} 25.25
      # TYPE ai_tokens_total counter
      ai_tokens_total{direction="input",feature="support-chat",model="gpt-4o-2024-08-06"} 30000
      ai_tokens_total{direction="output",feature="support-chat",model="gpt-4o-2024-08-06"} 12000
      ai_tokens_total{direction="input",feature="triage",model="gpt-4o-mini-2024-07-18"} 4500
      ai_tokens_total{direction="output",feature="triage",model="gpt-4o-mini-2024-07-18"} 270
      # TYPE ai_cost_dollars_total counter
      ai_cost_dollars_total{feature="support-chat",model="gpt-4o-2024-08-06"} 0.195
      ai_cost_dollars_total{feature="triage",model="gpt-4o-mini-2024-07-18"} 8.37E-4
      # TYPE target_info gauge
      target_info{service_name="unknown_service:java"} 1
      """;
}
