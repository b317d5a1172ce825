#!/usr/bin/env bash
# Greenboard benchmarks: one command per measurement, or all of them.
#
#   bench/run.sh <command> <scale> [options]
#   command: generate | ingest | webhooks | freshness | rollups | queries | compare | stats | all
#   scale:   small (CI smoke, < 1 min) | hour (~10 M test results + 30 days of jobs) | day
#   options: --commits N --tests-per-file N --job-days N --repeats N --uploaders N --concurrency N
#            --work DIR --app-jvm-opts '-Xmx1g ...'
#
# Builds what is missing (the packaged app and this module), installs hey for the query measurement when it can,
# then runs dev.greenboard.bench.Bench from the repository root. Results: bench/target/bench-<scale>/results/*.md
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -lt 2 ]]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi

if [[ ! -f graphql-api/target/quarkus-app/quarkus-run.jar || ! -f bench/target/classpath.txt \
      || -n "${BENCH_REBUILD:-}" ]]; then
  ./mvnw -B -q package -DskipTests
fi
if [[ "$1" == "queries" || "$1" == "all" ]] && ! command -v hey >/dev/null && [[ $(id -u) == 0 ]]; then
  apt-get install -y -q hey >/dev/null || echo "could not install hey: queries will be checked, not timed"
fi

exec java -Xmx6g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.greenboard.bench.Bench "$@"
