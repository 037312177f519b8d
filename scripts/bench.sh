#!/usr/bin/env bash
# Benchmarks (not tests): scripts/bench.sh NAME [ARGS...], NAME one of the files in scripts/bench/.
# Each scripts/bench/NAME.sh defines bench_NAME, which prints "key: value" figures on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh

usage() {
  echo "usage: scripts/bench.sh NAME [ARGS...]; NAME: $(cd scripts/bench && ls *.sh | sed 's/\.sh$//' | grep -v '^common$' | tr '\n' ' ')" >&2
  exit 2
}

[ $# -ge 1 ] || usage
name=$1
shift
[ "$name" != common ] && [ -f "scripts/bench/$name.sh" ] || usage
. "scripts/bench/$name.sh"
"bench_$name" "$@"
