#!/usr/bin/env bash
# Apogee against Apache RocketMQ 5.3.3 on this machine, the method of docs/BENCHMARKS.md: builds Apogee,
# resolves RocketMQ's jars, then runs `apogee bench compare` with the workload given (default: 16-thread sync
# sends of 1 KiB for 20 s after 5 s of warm-up), 3 interleaved rounds, brokers on CPU 0, load on CPU 1.
#   bench/compare.sh                                   # the default workload
#   bench/compare.sh -- e2e --threads 16 --duration 20 # another workload (after --)
#   COMPARE_OPTS="--rounds 5 --heap 512m" bench/compare.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
(cd "$root" && mvn -B -q -DskipTests package) >&2
cp_file="$("$here/rocketmq-classpath.sh" "$root/apogee-cli/target/rocketmq.cp")"
[[ "${1:-}" == "--" ]] && shift
workload=("$@")
[[ ${#workload[@]} -eq 0 ]] && workload=(produce --threads 16 --duration 20 --warmup 5)
# shellcheck disable=SC2086
exec java -Xmx256m -jar "$root/apogee-cli/target/apogee.jar" bench compare --rocketmq-classpath "$cp_file" \
  ${COMPARE_OPTS:-} -- "${workload[@]}"
