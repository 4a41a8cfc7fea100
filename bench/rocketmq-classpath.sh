#!/usr/bin/env bash
# Writes the class path of Apache RocketMQ 5.3.3's name server and broker (jars from Maven Central) to the
# file given (default bench/rocketmq.cp), for `apogee bench compare --rocketmq-classpath FILE`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(realpath -m "${1:-$here/rocketmq.cp}")"
mvn -B -q -f "$here/rocketmq/pom.xml" dependency:build-classpath -Dmdep.outputFile="$out" >&2
echo "$out"
