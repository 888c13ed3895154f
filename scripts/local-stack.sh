#!/usr/bin/env bash
# The monitoring stack without Docker: Prometheus (30 days), the long-term Prometheus (1 year of
# the `ai:` series), Alertmanager, and test-app with the llmlens agent in serve mode, all on
# 127.0.0.1, with the project's own configs. Installs Prometheus and Alertmanager (Debian
# packages) when they are missing, builds the jars when they are missing.
#
#   scripts/local-stack.sh            # start (or restart) and print the URLs
#   scripts/local-stack.sh status
#   scripts/local-stack.sh stop
#
# Environment: LLMLENS_ALERT_WEBHOOK_URL (default: a local alert log, scripts/AlertLog.java),
# LLMLENS_STACK_DIR (default /tmp/llmlens-local-stack), ports PROMETHEUS_PORT (19090),
# LONGTERM_PORT (19091), ALERTMANAGER_PORT (19093), AGENT_PORT (19464), ALERT_LOG_PORT (19099),
# DEMO_RATE (10 calls/s). The ports are not the usual 9090/9093: the Debian prometheus package
# may run its own service there.
#
# Grafana is not a Debian package: for the dashboards, use docker-compose.yml, or a Grafana of
# your own with grafana/provisioning/ and a Prometheus data source at http://127.0.0.1:19090.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
STATE=${LLMLENS_STACK_DIR:-/tmp/llmlens-local-stack}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-19090}
LONGTERM_PORT=${LONGTERM_PORT:-19091}
ALERTMANAGER_PORT=${ALERTMANAGER_PORT:-19093}
AGENT_PORT=${AGENT_PORT:-19464}
ALERT_LOG_PORT=${ALERT_LOG_PORT:-19099}
DEMO_RATE=${DEMO_RATE:-10}
SERVICES=(alert-log test-app prometheus prometheus-longterm alertmanager)

say() { echo "local-stack: $*"; }

running() { [ -f "$STATE/$1.pid" ] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

stop() {
  for service in "${SERVICES[@]}"; do
    if running "$service"; then
      pid=$(cat "$STATE/$service.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
      say "stopped $service ($pid)"
    fi
    rm -f "$STATE/$service.pid"
  done
}

status() {
  for service in "${SERVICES[@]}"; do
    if running "$service"; then say "$service running (pid $(cat "$STATE/$service.pid"), log $STATE/$service.log)"
    else say "$service not running"; fi
  done
}

# Runs a command in the background, its output in $STATE/NAME.log, its pid in $STATE/NAME.pid.
launch() {
  local name=$1; shift
  nohup "$@" > "$STATE/$name.log" 2>&1 < /dev/null &
  echo $! > "$STATE/$name.pid"
}

await() {
  local name=$1 url=$2
  for _ in $(seq 150); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    running "$name" || { say "$name exited; last lines of $STATE/$name.log:"; tail -20 "$STATE/$name.log"; exit 1; }
    sleep 0.2
  done
  say "$name not ready at $url after 30 s; see $STATE/$name.log"; exit 1
}

install_tools() {
  local alertmanager
  alertmanager=$(command -v prometheus-alertmanager || command -v alertmanager || true)
  if command -v prometheus >/dev/null && [ -n "$alertmanager" ]; then return; fi
  say "installing prometheus and prometheus-alertmanager (Debian packages)"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus prometheus-alertmanager
}

start() {
  stop
  install_tools
  local alertmanager_bin
  alertmanager_bin=$(command -v prometheus-alertmanager || command -v alertmanager)
  if [ ! -f "$REPO/agent/target/llmlens-agent.jar" ] || [ ! -f "$REPO/test-app/target/test-app.jar" ]; then
    say "building the agent and test-app (mvn -B -q -DskipTests package)"
    (cd "$REPO" && mvn -B -q -DskipTests package)
  fi

  # The project's files, linked (edits apply on a reload: curl -X POST .../-/reload); only the
  # target lists (file_sd) are this machine's own.
  mkdir -p "$STATE/prometheus/targets" "$STATE/alertmanager"
  for file in prometheus.yml prometheus-longterm.yml rules alerts; do
    ln -sfn "$REPO/prometheus/$file" "$STATE/prometheus/$file"
  done
  cat > "$STATE/prometheus/targets/llmlens-agents.yml" <<TARGETS
- targets: ['127.0.0.1:$AGENT_PORT']
  labels: {job: support-desk}
TARGETS
  echo "[]" > "$STATE/prometheus/targets/otel-collector.yml"   # no collector here
  echo "- targets: ['127.0.0.1:$ALERTMANAGER_PORT']" > "$STATE/prometheus/targets/alertmanager.yml"
  echo "- targets: ['127.0.0.1:$PROMETHEUS_PORT']" > "$STATE/prometheus/targets/prometheus.yml"
  echo "- targets: ['127.0.0.1:$PROMETHEUS_PORT']" > "$STATE/prometheus/targets/federate.yml"

  local webhook=${LLMLENS_ALERT_WEBHOOK_URL:-}
  if [ -z "$webhook" ]; then
    webhook="http://127.0.0.1:$ALERT_LOG_PORT/alerts"
    launch alert-log java "$REPO/scripts/AlertLog.java" "$ALERT_LOG_PORT"
  fi
  LLMLENS_ALERT_WEBHOOK_URL=$webhook sh "$REPO/alertmanager/render-config.sh" \
    "$REPO/alertmanager/alertmanager.yml" "$STATE/alertmanager/alertmanager.yml"

  rm -f "$STATE/error-burst"
  launch test-app java -javaagent:"$REPO/agent/target/llmlens-agent.jar" \
    -Dotel.service.name=support-desk -Dotel.metrics.exporter=prometheus -Dotel.traces.exporter=none \
    -Dotel.exporter.prometheus.host=127.0.0.1 -Dotel.exporter.prometheus.port="$AGENT_PORT" \
    "-Dllmlens.attribution.rules=com.acme.support.chat=support-chat;com.acme.support.tickets=ticket-summary;com.acme.support.triage=triage;com.acme.support.agent=support-agent" \
    -Ddemo.serve=true -Ddemo.rate="$DEMO_RATE" -Ddemo.errorBurstFile="$STATE/error-burst" \
    -jar "$REPO/test-app/target/test-app.jar"
  launch alertmanager "$alertmanager_bin" --config.file="$STATE/alertmanager/alertmanager.yml" \
    --storage.path="$STATE/alertmanager-data" --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" \
    --cluster.listen-address=
  launch prometheus prometheus --config.file="$STATE/prometheus/prometheus.yml" \
    --storage.tsdb.path="$STATE/prometheus-data" --storage.tsdb.retention.time=30d \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --enable-feature=exemplar-storage --web.enable-lifecycle
  launch prometheus-longterm prometheus --config.file="$STATE/prometheus/prometheus-longterm.yml" \
    --storage.tsdb.path="$STATE/prometheus-longterm-data" --storage.tsdb.retention.time=1y \
    --web.listen-address="127.0.0.1:$LONGTERM_PORT" --web.enable-lifecycle

  await alertmanager "http://127.0.0.1:$ALERTMANAGER_PORT/-/ready"
  await prometheus "http://127.0.0.1:$PROMETHEUS_PORT/-/ready"
  await prometheus-longterm "http://127.0.0.1:$LONGTERM_PORT/-/ready"
  await test-app "http://127.0.0.1:$AGENT_PORT/metrics"

  cat <<URLS

llmlens local stack is up (state, logs: $STATE)
  Prometheus            http://127.0.0.1:$PROMETHEUS_PORT   (alerts: /alerts, rules: /rules)
  Prometheus long-term  http://127.0.0.1:$LONGTERM_PORT
  Alertmanager          http://127.0.0.1:$ALERTMANAGER_PORT   -> $webhook
  test-app metrics      http://127.0.0.1:$AGENT_PORT/metrics
$( [ -z "${LLMLENS_ALERT_WEBHOOK_URL:-}" ] && echo "  alerts received       tail -f $STATE/alert-log.log" )

  An outage on demand (HighErrorRate pages after ~1 minute):
    touch $STATE/error-burst     # every call fails
    rm $STATE/error-burst        # back to normal
  Stop: $0 stop
URLS
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac
