package dev.llmlens.monitoring.benchmark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Thirty days of what llmlens and the recording rules would have stored for a busy service, as
 * OpenMetrics text for {@code promtool tsdb create-blocks-from openmetrics}: 8 features x 6
 * models (OpenAI and Anthropic), each with its own traffic (a daily wave), latency (log-normal
 * per model), tokens, cost and errors (2% rate-limited, 0.5% server errors), one sample every
 * 15 s. Raw series: requests, errors, tokens, cached tokens, cost, active requests, finish
 * reasons, rate-limit gauges, the duration histogram for successes and failures, time to first
 * token for the two streaming features, and the GenAI call counts the Debug dashboard reads;
 * recorded series: every `ai:` rule of rules/ai-aggregation.yml, at the pace of its group (the
 * rates every 2 minutes, the hourly cost once a minute, the latency roll-up every 15 minutes),
 * computed from the same model.
 *
 * <p>Not generated: the GenAI semantic-convention histograms' buckets and the token-usage
 * histogram, which no dashboard reads.
 */
final class SyntheticTraffic {
  static final long STEP = 15;
  /** The rate rules' evaluation interval (rules/ai-aggregation.yml, llmlens-ai-rates). */
  static final long RULE_STEP = 120;
  /** The cost rules' and the budget's interval (llmlens-ai-cost, rules/ai-budget.yml). */
  static final long COST_RULE_STEP = 60;
  /** The latency roll-up group's interval (rules/ai-aggregation.yml, llmlens-ai-latency-rollup). */
  static final long ROLLUP_STEP = 900;
  static final String JOB = "support-desk";
  static final String INSTANCE = "10.0.0.7:9464";
  static final double[] LE = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92};
  static final String[] FEATURES = {
    "support-chat", "ticket-summary", "triage", "search-answer", "email-draft", "sentiment", "translate", "call-summary"
  };
  static final String[][] MODELS = {
    // model, provider, median latency s, $ per 1M input, $ per 1M output
    {"gpt-4o", "openai", "0.9", "2.5", "10"},
    {"gpt-4o-mini", "openai", "0.5", "0.15", "0.6"},
    {"gpt-4.1", "openai", "1.0", "2", "8"},
    {"gpt-4.1-mini", "openai", "0.6", "0.4", "1.6"},
    {"claude-3-5-sonnet", "anthropic", "1.1", "3", "15"},
    {"claude-3-5-haiku", "anthropic", "0.6", "0.8", "4"},
  };
  static final double SIGMA = 0.6;
  static final double ERROR_MEDIAN = 0.3;
  static final double RATE_LIMITED = 0.02;
  static final double SERVER_ERRORS = 0.005;
  /** Share of input tokens served from the provider's prompt cache. */
  static final double CACHED = 0.3;

  /** One feature x model pair and its fixed traits. */
  record Combo(String feature, String model, String provider, double baseRate, double medianSeconds,
               double inputTokens, double outputTokens, double costPerCall) {
    /** The two features that stream their answers (time to first token). */
    boolean streamed() {
      return feature.equals("support-chat") || feature.equals("search-answer");
    }

    String labels() {
      return "feature=\"" + feature + "\",job=\"" + JOB + "\",model=\"" + model + "\",provider=\"" + provider + "\"";
    }
  }

  static List<Combo> combos() {
    List<Combo> combos = new ArrayList<>();
    for (int f = 0; f < FEATURES.length; f++) {
      for (int m = 0; m < MODELS.length; m++) {
        String[] model = MODELS[m];
        // Deterministic spread: 0.02 to 0.8 calls/s, 200 to 3,000 input and 20 to 600 output tokens.
        double u = frac(Math.sin(f * 12.9898 + m * 78.233) * 43758.5453);
        double v = frac(Math.sin(f * 39.3468 + m * 11.135) * 24634.6345);
        double rate = 0.02 + 0.78 * u * u;
        double in = 200 + 2800 * v;
        double out = 20 + 580 * u;
        double cost = (in * Double.parseDouble(model[3]) + out * Double.parseDouble(model[4])) / 1e6;
        combos.add(new Combo(FEATURES[f], model[0], model[1], rate, Double.parseDouble(model[2]), in, out, cost));
      }
    }
    return combos;
  }

  /** The daily wave: 0.1 at night, 1.0 at 14:00 UTC. */
  static double load(long t) {
    double phase = 2 * Math.PI * ((t % 86400) - 14 * 3600) / 86400.0;
    return 0.55 + 0.45 * Math.cos(phase);
  }

  /** Writes [start, end) of the 30 days, where {@code origin} is their first second. */
  static void write(Path file, long origin, long start, long end) throws IOException {
    List<Combo> combos = combos();
    int n = (int) ((end - start) / STEP);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
      Writer w = new Writer(out, start, n);
      // Counters start at the origin, so each file continues the previous one.
      for (String status : new String[] {"success", "error"}) {
        for (Combo c : combos) {
          w.series("ai_requests_total", c.labels() + ",instance=\"" + INSTANCE + "\",operation=\"chat\",status=\"" + status + "\"",
              t -> Math.floor(integral(c.baseRate * share(status), origin, t)));
        }
      }
      for (Combo c : combos) {
        w.series("ai_errors_total", c.labels() + ",error_type=\"rate_limit\",instance=\"" + INSTANCE + "\",operation=\"chat\"",
            t -> Math.floor(integral(c.baseRate * RATE_LIMITED, origin, t)));
        w.series("ai_errors_total", c.labels() + ",error_type=\"server_error\",instance=\"" + INSTANCE + "\",operation=\"chat\"",
            t -> Math.floor(integral(c.baseRate * SERVER_ERRORS, origin, t)));
      }
      for (Combo c : combos) {
        w.series("ai_tokens_total", "direction=\"input\"," + c.labels() + ",instance=\"" + INSTANCE + "\"",
            t -> Math.floor(integral(c.baseRate * share("success") * c.inputTokens, origin, t)));
        w.series("ai_tokens_total", "direction=\"output\"," + c.labels() + ",instance=\"" + INSTANCE + "\"",
            t -> Math.floor(integral(c.baseRate * share("success") * c.outputTokens, origin, t)));
      }
      for (Combo c : combos) {
        w.series("ai_cost_dollars_total", c.labels() + ",instance=\"" + INSTANCE + "\"",
            t -> integral(c.baseRate * share("success") * c.costPerCall, origin, t));
      }
      for (String feature : FEATURES) {
        for (String provider : new String[] {"openai", "anthropic"}) {
          w.series("ai_active_requests", "feature=\"" + feature + "\",instance=\"" + INSTANCE + "\",job=\"" + JOB
              + "\",operation=\"chat\",provider=\"" + provider + "\"", t -> Math.round(activeRequests(combos, feature, provider, t)));
        }
      }
      for (String status : new String[] {"success", "error"}) {
        for (String part : new String[] {"_bucket", "_count", "_sum"}) {
          for (Combo c : combos) {
            double median = status.equals("success") ? c.medianSeconds : ERROR_MEDIAN;
            String labels = c.labels() + ",instance=\"" + INSTANCE + "\",operation=\"chat\",status=\"" + status + "\"";
            double rate = c.baseRate * share(status);
            switch (part) {
              case "_bucket" -> {
                for (int i = 0; i <= LE.length; i++) {
                  double fraction = i < LE.length ? cdf(LE[i], median) : 1;
                  String le = i < LE.length ? Double.toString(LE[i]) : "+Inf";
                  w.series("ai_request_duration_seconds_bucket", labels + ",le=\"" + le + "\"",
                      t -> Math.floor(integral(rate, origin, t) * fraction));
                }
              }
              case "_count" -> w.series("ai_request_duration_seconds_count", labels, t -> Math.floor(integral(rate, origin, t)));
              default -> w.series("ai_request_duration_seconds_sum", labels,
                  t -> integral(rate, origin, t) * median * Math.exp(SIGMA * SIGMA / 2));
            }
          }
        }
      }
      for (Combo c : combos) {
        w.series("ai_token_details_total", c.labels() + ",instance=\"" + INSTANCE + "\",type=\"cached_input\"",
            t -> Math.floor(integral(c.baseRate * share("success") * c.inputTokens * CACHED, origin, t)));
      }
      for (Combo c : combos) {
        w.series("ai_finish_reasons_total", c.labels() + ",finish_reason=\"stop\",instance=\"" + INSTANCE + "\"",
            t -> Math.floor(integral(c.baseRate * share("success") * 0.97, origin, t)));
        w.series("ai_finish_reasons_total", c.labels() + ",finish_reason=\"length\",instance=\"" + INSTANCE + "\"",
            t -> Math.floor(integral(c.baseRate * share("success") * 0.03, origin, t)));
      }
      for (String[] model : MODELS) {
        for (String[] kind : new String[][] {{"requests", "10000"}, {"tokens", "30000000"}}) {
          double limit = Double.parseDouble(kind[1]);
          String labels = "instance=\"" + INSTANCE + "\",job=\"" + JOB + "\",kind=\"" + kind[0] + "\",model=\"" + model[0]
              + "\",provider=\"" + model[1] + "\",server_address=\"" + (model[1].equals("openai") ? "api.openai.com" : "api.anthropic.com") + "\"";
          w.series("ai_ratelimit_limit", labels, t -> limit);
          w.series("ai_ratelimit_remaining", labels, t -> Math.round(limit * (1 - 0.6 * load(t))));
        }
      }
      for (Combo c : combos) {
        if (!c.streamed()) {
          continue;
        }
        String labels = c.labels() + ",instance=\"" + INSTANCE + "\"";
        double rate = c.baseRate * share("success");
        for (int i = 0; i <= LE.length; i++) {
          double fraction = i < LE.length ? cdf(LE[i], c.medianSeconds / 3) : 1;
          String le = i < LE.length ? Double.toString(LE[i]) : "+Inf";
          w.series("ai_time_to_first_token_seconds_bucket", labels + ",le=\"" + le + "\"", t -> Math.floor(integral(rate, origin, t) * fraction));
        }
        w.series("ai_time_to_first_token_seconds_count", labels, t -> Math.floor(integral(rate, origin, t)));
        w.series("ai_time_to_first_token_seconds_sum", labels, t -> integral(rate, origin, t) * c.medianSeconds / 3 * Math.exp(SIGMA * SIGMA / 2));
      }
      for (Combo c : combos) {
        String labels = "feature=\"" + c.feature + "\",gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"" + c.provider
            + "\",gen_ai_request_model=\"" + c.model + "\",instance=\"" + INSTANCE + "\",job=\"" + JOB + "\",server_address=\""
            + (c.provider.equals("openai") ? "api.openai.com" : "api.anthropic.com") + "\"";
        w.series("gen_ai_client_operation_duration_seconds_count", labels, t -> Math.floor(integral(c.baseRate * share("success"), origin, t)));
        w.series("gen_ai_client_operation_duration_seconds_count", "error_type=\"rate_limit\"," + labels,
            t -> Math.floor(integral(c.baseRate * RATE_LIMITED, origin, t)));
        w.series("gen_ai_client_operation_duration_seconds_count", "error_type=\"server_error\"," + labels,
            t -> Math.floor(integral(c.baseRate * SERVER_ERRORS, origin, t)));
      }
      // Recorded series, as the rules would have written them.
      for (Combo c : combos) {
        for (String status : new String[] {"success", "error"}) {
          w.series("ai:requests:rate5m", c.labels() + ",operation=\"chat\",status=\"" + status + "\"", t -> c.baseRate * share(status) * load(t));
        }
      }
      for (Combo c : combos) {
        w.series("ai:errors:rate5m", "error_type=\"rate_limit\"," + c.labels() + ",operation=\"chat\"", t -> c.baseRate * RATE_LIMITED * load(t));
        w.series("ai:errors:rate5m", "error_type=\"server_error\"," + c.labels() + ",operation=\"chat\"", t -> c.baseRate * SERVER_ERRORS * load(t));
      }
      for (Combo c : combos) {
        w.series("ai:error_ratio:rate5m", c.labels(), t -> share("error"));
      }
      for (Combo c : combos) {
        w.series("ai:tokens:rate5m", "direction=\"input\"," + c.labels(), t -> c.baseRate * share("success") * c.inputTokens * load(t));
        w.series("ai:tokens:rate5m", "direction=\"output\"," + c.labels(), t -> c.baseRate * share("success") * c.outputTokens * load(t));
      }
      for (String name : new String[] {"ai:cost_dollars:rate5m", "ai:cost_dollars:rate1h"}) {
        for (Combo c : combos) {
          w.series(name, c.labels(), t -> c.baseRate * share("success") * c.costPerCall * load(t));
        }
      }
      for (String feature : FEATURES) {
        for (String provider : new String[] {"openai", "anthropic"}) {
          w.series("ai:active_requests:sum", "feature=\"" + feature + "\",job=\"" + JOB + "\",operation=\"chat\",provider=\"" + provider + "\"",
              t -> Math.round(activeRequests(combos, feature, provider, t)));
        }
      }
      for (Combo c : combos) {
        for (int i = 0; i <= LE.length; i++) {
          int bucket = i;
          String le = i < LE.length ? Double.toString(LE[i]) : "+Inf";
          w.series("ai:request_duration_seconds_bucket:rate5m", c.labels() + ",le=\"" + le + "\"", t -> bucketRate(c, bucket) * load(t));
        }
      }
      for (Combo c : combos) {
        for (int i = 0; i <= LE.length; i++) {
          int bucket = i;
          String le = i < LE.length ? Double.toString(LE[i]) : "+Inf";
          w.series("ai:request_duration_seconds_bucket:rate15m", c.labels() + ",le=\"" + le + "\"", ROLLUP_STEP,
              t -> bucketRate(c, bucket) * load(t));
        }
      }
      for (String[] model : MODELS) {
        for (int i = 0; i <= LE.length; i++) {
          int bucket = i;
          String le = i < LE.length ? Double.toString(LE[i]) : "+Inf";
          w.series("ai:request_duration_seconds_bucket:rate5m_by_model", "job=\"" + JOB + "\",le=\"" + le + "\",model=\"" + model[0]
              + "\",provider=\"" + model[1] + "\"", t -> {
                double sum = 0;
                for (Combo c : combos) {
                  if (c.model.equals(model[0])) {
                    sum += bucketRate(c, bucket);
                  }
                }
                return sum * load(t);
              });
        }
      }
      for (Combo c : combos) {
        w.series("ai:token_details:rate5m", c.labels() + ",type=\"cached_input\"",
            t -> c.baseRate * share("success") * c.inputTokens * CACHED * load(t));
        if (c.streamed()) {
          for (int i = 0; i <= LE.length; i++) {
            double fraction = i < LE.length ? cdf(LE[i], c.medianSeconds / 3) : 1;
            String le = i < LE.length ? Double.toString(LE[i]) : "+Inf";
            w.series("ai:time_to_first_token_seconds_bucket:rate5m", c.labels() + ",le=\"" + le + "\"",
                t -> c.baseRate * share("success") * fraction * load(t));
          }
          w.series("ai:time_to_first_token_seconds:p95_5m", c.labels(), t -> c.medianSeconds / 3 * 2.7);
        }
      }
      for (String[] q : new String[][] {{"p50_5m", "0.5"}, {"p95_5m", "0.95"}, {"p99_5m", "0.99"}}) {
        String name = "ai:request_duration_seconds:" + q[0];
        double quantile = Double.parseDouble(q[1]);
        for (Combo c : combos) {
          double value = quantile(c, quantile);
          w.series(name, c.labels(), t -> value);
        }
      }
      double costRate = combos.stream().mapToDouble(c -> c.baseRate * share("success") * c.costPerCall).sum();
      w.series("ai:cost_dollars:sum_rate1h", "", t -> costRate * load(t));
      w.series("ai:cost_dollars:projected_daily", "", t -> costRate * 0.55 * 86400);
      w.series("ai:cost_budget_dollars:daily", "", t -> 200);
      out.write("# EOF\n");
    }
  }

  static double share(String status) {
    return status.equals("success") ? 1 - RATE_LIMITED - SERVER_ERRORS : RATE_LIMITED + SERVER_ERRORS;
  }

  /** The integral of rate x load from origin to t, in closed form. */
  static double integral(double rate, long origin, long t) {
    return rate * (primitive(t) - primitive(origin));
  }

  private static double primitive(long t) {
    double period = 86400;
    double phase = 2 * Math.PI * ((t % 86400) - 14 * 3600) / period;
    // The integral of load(t): 0.55 t + 0.45 * period / 2pi * sin(phase).
    return 0.55 * t + 0.45 * period / (2 * Math.PI) * Math.sin(phase);
  }

  private static double activeRequests(List<Combo> combos, String feature, String provider, long t) {
    double active = 0;
    for (Combo c : combos) {
      if (c.feature.equals(feature) && c.provider.equals(provider)) {
        active += c.baseRate * load(t) * c.medianSeconds * Math.exp(SIGMA * SIGMA / 2);
      }
    }
    return active;
  }

  static double cdf(double le, double median) {
    return phi((Math.log(le) - Math.log(median)) / SIGMA);
  }

  private static double bucketRate(Combo c, int bucket) {
    double ok = c.baseRate * share("success");
    double failed = c.baseRate * share("error");
    if (bucket == LE.length) {
      return ok + failed;
    }
    return ok * cdf(LE[bucket], c.medianSeconds) + failed * cdf(LE[bucket], ERROR_MEDIAN);
  }

  /** Prometheus' histogram_quantile over the bucket rates (linear inside a bucket). */
  private static double quantile(Combo c, double q) {
    double total = bucketRate(c, LE.length);
    double rank = q * total;
    double previousBound = 0;
    double previousCount = 0;
    for (int i = 0; i < LE.length; i++) {
      double count = bucketRate(c, i);
      if (count >= rank) {
        return previousBound + (LE[i] - previousBound) * (rank - previousCount) / (count - previousCount);
      }
      previousBound = LE[i];
      previousCount = count;
    }
    return LE[LE.length - 1];
  }

  /** The standard normal CDF (Zelen and Severo's approximation, error < 1e-7). */
  private static double phi(double x) {
    double t = 1 / (1 + 0.2316419 * Math.abs(x));
    double d = 0.3989423 * Math.exp(-x * x / 2);
    double p = d * t * (0.3193815 + t * (-0.3565638 + t * (1.781478 + t * (-1.821256 + t * 1.330274))));
    return x > 0 ? 1 - p : p;
  }

  private static double frac(double x) {
    return x - Math.floor(x);
  }

  /** How often the series is written: by its recording rule group, or the scrape interval. */
  static long stepOf(String name) {
    if (!name.startsWith("ai:")) {
      return STEP;
    }
    return name.startsWith("ai:cost_dollars:") && !name.equals("ai:cost_dollars:rate5m") || name.startsWith("ai:cost_budget_dollars:")
        ? COST_RULE_STEP
        : RULE_STEP;
  }

  /** Writes one series: a line per timestamp, untyped (promtool imports them as they are). */
  private static final class Writer {
    private final BufferedWriter out;
    private final long start;
    private final int samples;
    private final StringBuilder line = new StringBuilder(256);

    Writer(BufferedWriter out, long start, int samples) {
      this.out = out;
      this.start = start;
      this.samples = samples;
    }

    void series(String name, String labels, java.util.function.LongToDoubleFunction value) throws IOException {
      // Recorded series (ai:...) at their group's pace, scraped ones every 15 s.
      series(name, labels, stepOf(name), value);
    }

    void series(String name, String labels, long stepSeconds, java.util.function.LongToDoubleFunction value) throws IOException {
      long every = stepSeconds / STEP;
      String prefix = labels.isEmpty() ? name + " " : name + "{" + labels + "} ";
      for (int i = 0; i < samples; i += every) {
        long t = start + i * STEP;
        line.setLength(0);
        line.append(prefix);
        double v = value.applyAsDouble(t);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
          line.append((long) v);
        } else {
          line.append(v);
        }
        line.append(' ').append(t).append('\n');
        out.append(line);
      }
    }
  }
}
