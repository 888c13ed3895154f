#!/usr/bin/env bash
# Installs what the monitoring tests (monitoring-tests/) need and the JDK/Maven do not bring:
# promtool and prometheus (Debian package `prometheus`), alertmanager and amtool
# (`prometheus-alertmanager`), and docker-compose (`docker-compose`, only to validate
# docker-compose.yml: no Docker engine is needed or started).
# Idempotent: installs only what is missing from PATH. Run as root (CI is root); otherwise it
# uses sudo when there is one.
#
# The Debian `prometheus` package may start a systemd service on :9090 (and node exporter on
# :9100) where systemd runs. The tests never use those ports: each test starts its own
# Prometheus and Alertmanager on free ports with their own data directories.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

missing=()
if ! have promtool || ! have prometheus; then missing+=(prometheus); fi
if { ! have prometheus-alertmanager && ! have alertmanager; } || ! have amtool; then missing+=(prometheus-alertmanager); fi
if ! have docker-compose; then missing+=(docker-compose); fi

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-test-tools: promtool, prometheus, alertmanager, amtool and docker-compose already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if have sudo; then SUDO="sudo"; else
    echo "install-test-tools: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-test-tools: installing ${missing[*]}"
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"

for tool in promtool prometheus amtool docker-compose; do
  have "$tool" || { echo "install-test-tools: $tool still missing after install" >&2; exit 1; }
done
have prometheus-alertmanager || have alertmanager || {
  echo "install-test-tools: alertmanager still missing after install" >&2; exit 1; }
echo "install-test-tools: done ($(prometheus --version 2>&1 | head -1))"
