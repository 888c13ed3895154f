#!/bin/sh
# Renders the Alertmanager config template: replaces ${LLMLENS_ALERT_WEBHOOK_URL} in TEMPLATE
# with that environment variable and writes OUT. Alertmanager 0.25 expands no environment
# variables itself. POSIX sh and awk only, so it also runs in the busybox-based alertmanager
# image (docker-compose.yml). The URL is copied as is (no sed escaping pitfalls with & or |);
# it must not contain a single quote.
#   LLMLENS_ALERT_WEBHOOK_URL=https://hooks.example.com/x render-config.sh alertmanager.yml out.yml
set -eu
template=${1:?usage: render-config.sh TEMPLATE OUT}
out=${2:?usage: render-config.sh TEMPLATE OUT}
url=${LLMLENS_ALERT_WEBHOOK_URL:-}
case "$url" in
  http://*|https://*) ;;
  *) echo "render-config.sh: set LLMLENS_ALERT_WEBHOOK_URL to the http(s) URL that receives the alerts (was '${url}')" >&2; exit 1 ;;
esac
case "$url" in
  *"'"*) echo "render-config.sh: LLMLENS_ALERT_WEBHOOK_URL must not contain a single quote" >&2; exit 1 ;;
esac
awk '
  BEGIN { placeholder = "${LLMLENS_ALERT_WEBHOOK_URL}"; url = ENVIRON["LLMLENS_ALERT_WEBHOOK_URL"]; n = 0 }
  {
    while ((i = index($0, placeholder)) > 0) {
      $0 = substr($0, 1, i - 1) url substr($0, i + length(placeholder)); n++
    }
    print
  }
  END { if (n == 0) { print "render-config.sh: no ${LLMLENS_ALERT_WEBHOOK_URL} in the template" > "/dev/stderr"; exit 1 } }
' "$template" > "$out"
