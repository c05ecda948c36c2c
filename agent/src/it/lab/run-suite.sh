#!/usr/bin/env bash
# The real-guest acceptance suite by one command (from anywhere in the repository):
#   agent/src/it/lab/run-suite.sh [--update-fixtures] [--accel kvm] [--kernels 5.10,6.12] [CONFIG ...]
# Boots each lab configuration (default: every one in expected.txt) with each of its kernels (the `kernel`
# lines of expected.txt; --kernels picks series), two at a time, runs the built agent
# inside, and checks its verdicts against expected.txt. --update-fixtures then replaces
# checks/src/test/snapshots/CONFIG with the agent's own snapshot taken in that guest (review the diff and
# regenerate the golden files with -Dgolden.update=true). The plain `mvn -B verify` runs the same suite.
set -euo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
props=()
configs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --update-fixtures) props+=(-Dlab.updateFixtures=true); shift ;;
    --accel) props+=(-Dlab.accel="$2"); shift 2 ;;
    --kernels) props+=(-Dlab.kernels="$2"); shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) configs+=("$1"); shift ;;
  esac
done
if [ ${#configs[@]} -gt 0 ]; then props+=(-Dlab.configs="$(IFS=,; echo "${configs[*]}")"); fi
cd "$top"
exec mvn -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false "${props[@]}"
