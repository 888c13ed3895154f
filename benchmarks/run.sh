#!/usr/bin/env bash
# Builds llmlens and the benchmarks, then runs every side-by-side comparison (no agent, llmlens,
# the OpenTelemetry Java agent, and that agent with only its openai instrumentation on) and keeps
# the printed tables in benchmarks/target/results/. Run from anywhere; about 70 minutes on 2 cores.
#
#   benchmarks/run.sh                      # everything
#   benchmarks/run.sh startup percall      # some: percall-jmh, startup, percall, load
#
# MAVEN_ARGS is passed to Maven (e.g. MAVEN_ARGS=-Dmaven.repo.local=/tmp/m2 to keep the
# installed llmlens snapshots out of ~/.m2); JAVA_OPTS to the harnesses (-Dbench.rounds=7 ...).
set -euo pipefail
cd "$(dirname "$0")/.."
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(percall-jmh startup percall load)
mvn -B -q ${MAVEN_ARGS:-} -DskipTests install
mvn -B -q ${MAVEN_ARGS:-} -f benchmarks/pom.xml package
mkdir -p benchmarks/target/results
for part in "${parts[@]}"; do
  case "$part" in
    percall-jmh) main=PerCallComparison; options="" ;;
    startup) main=StartupComparison; options="" ;;
    percall) main=LoadComparison; options="-Dbench.parts=percall,percall-inprocess" ;;
    load) main=LoadComparison; options="-Dbench.parts=steady,export" ;;
    *) echo "unknown part: $part (percall-jmh, startup, percall, load)" >&2; exit 2 ;;
  esac
  echo "== $part ($main)"
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} $options -cp benchmarks/target/benchmarks.jar "dev.llmlens.benchmarks.$main" | tee "benchmarks/target/results/$part.txt"
done
