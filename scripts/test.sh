#!/usr/bin/env bash
# Runs every test: installs missing system packages, then `mvn -B verify`.
# Extra arguments go to Maven (e.g. scripts/test.sh -pl azmount -am).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
ensure_system_deps
exec mvn -B -ntp verify "$@"
