#!/usr/bin/env bash
# Builds llmlens and the benchmarks, then runs the side-by-side comparisons (no agent, llmlens,
# the OpenTelemetry Java agent, and that agent with only its openai instrumentation on) with the
# settings of the README's Performance tables, and keeps the printed tables in
# benchmarks/target/results/. Run from anywhere; about an hour on 2 cores for the default parts.
#
#   benchmarks/run.sh                      # startup, percall-jmh, percall, load
#   benchmarks/run.sh startup percall      # some of: startup, percall-jmh, percall, warmup, load, jdk25, idle
#
# idle (not in the default) measures a process that never loads an LLM library.
# jdk25 (not in the default) runs the start-up comparison on JDK 25, without and with an AOT
# cache; JAVA25=/path/to/jdk25/bin/java names that JDK (default: Temurin 25 where Debian puts it).
# MAVEN_ARGS is passed to Maven (e.g. MAVEN_ARGS=-Dmaven.repo.local=/tmp/m2 to keep the
# installed llmlens snapshots out of ~/.m2); JAVA_OPTS to every harness, after the settings
# below, so -Dbench.rounds=... there overrides them.
set -euo pipefail
cd "$(dirname "$0")/.."
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(startup percall-jmh percall load)
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
mvn -B -q ${MAVEN_ARGS:-} -DskipTests install
mvn -B -q ${MAVEN_ARGS:-} -f benchmarks/pom.xml package
mkdir -p benchmarks/target/results

# run <results name> <harness> <settings...>
run() {
  local name=$1 main=$2
  shift 2
  echo "== $name ($main)"
  # shellcheck disable=SC2086
  java "$@" ${JAVA_OPTS:-} -cp benchmarks/target/benchmarks.jar "dev.llmlens.benchmarks.$main" | tee "benchmarks/target/results/$name.txt"
}

for part in "${parts[@]}"; do
  case "$part" in
    startup) run startup StartupComparison -Dbench.rounds=11 ;;
    percall-jmh) run percall-jmh PerCallComparison -Dbench.rounds=3 ;;
    percall)
      run percall-loopback LoadComparison -Dbench.parts=percall -Dbench.rounds=3
      run percall-inprocess LoadComparison -Dbench.parts=percall-inprocess -Dbench.rounds=3 \
        -Dbench.perCallCalls=800000 -Dbench.setups=none,llmlens ;;
    warmup)
      for calls in 5000 50000; do
        run "percall-inprocess-$calls" LoadComparison -Dbench.parts=percall-inprocess -Dbench.rounds=3 \
          -Dbench.perCallCalls=$calls -Dbench.setups=none,llmlens
      done ;;
    load) run load LoadComparison -Dbench.parts=steady,export ;;
    idle) run startup-idle StartupComparison -Dbench.idle=true -Dbench.rounds=7 -Dbench.setups=none,llmlens,otel ;;
    jdk25)
      run startup-jdk25 StartupComparison -Dbench.java="$java25" -Dbench.rounds=7 -Dbench.setups=none,llmlens,otel
      run startup-jdk25-aot StartupComparison -Dbench.java="$java25" -Dbench.aot=true -Dbench.rounds=7 \
        -Dbench.setups=none,llmlens ;;
    *) echo "unknown part: $part (startup, percall-jmh, percall, warmup, load, jdk25, idle)" >&2; exit 2 ;;
  esac
done
