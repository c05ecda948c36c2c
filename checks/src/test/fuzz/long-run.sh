#!/usr/bin/env bash
# The long fuzz run: every parser's @FuzzTest under JAZZER_FUZZ=1 for RUNS inputs each (default 10^6),
# one JVM per target (Jazzer fuzzes one test per JVM), then a table of inputs per parser. Inputs that break
# a parser are saved by Jazzer into the test's seed directory (crash-*): commit them with the fix.
#   checks/src/test/fuzz/long-run.sh [RUNS] [TARGET...]      e.g. long-run.sh 20000 cpuinfo webConfig
# Needs ~2.5 GB of memory per JVM; 1k-70k inputs/s per target here, so 10^6 takes 15 s to 14 min each (btrfsLog,
# whose seeds are whole 28 KiB kernel logs, is the slowest: 14 min niced at a load of 8). JAZZER_MAX_DURATION lifts @FuzzTest's 5 min default.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
runs=${1:-1000000}; shift || true
parsers=(cpuinfo mountinfo kernelLog btrfsLog storageLog scsiCounter crypto memTotal distances cpuList errorStats btrfsChecksum scrubStatus unitSerial mdstat mdAttribute)
# the SMART reader's device answers (SmartFuzzTest, package read.smart)
smart=(inquiry vpd ataIdentify ataReturn smartTable logPage nvmeHealth)
if [[ $# -gt 0 ]]; then targets=("$@"); else targets=("${parsers[@]}" "${smart[@]}" webConfig); fi
logs=$(mktemp -d)
declare -A result
failed=0
for t in "${targets[@]}"; do
  if [[ $t == webConfig ]]; then test="WebConfigFuzzTest#webConfig"
  elif [[ " ${smart[*]} " == *" $t "* ]]; then test="SmartFuzzTest#$t"
  else test="ParserFuzzTest#$t"; fi
  echo "== fuzzing $t for $runs inputs"
  # -pl checks,agent: the agent's tests need the checks classes from this reactor (nothing is installed in ~/.m2)
  if JAZZER_FUZZ=1 JAZZER_MAX_EXECUTIONS=$runs JAZZER_MAX_DURATION=2h mvn -B test -pl checks,agent -Dtest="$test" -Djazzer.hooks=true \
       -Dsurefire.failIfNoSpecifiedTests=false >"$logs/$t.log" 2>&1; then status=ok; else status=FAILED; failed=1; fi
  done_line=$(grep -E '^Done [0-9]+ runs in' "$logs/$t.log" | tail -1 || true)
  result[$t]="$status ${done_line:-no fuzzing summary (see $logs/$t.log)}"
  echo "   $t: ${result[$t]}"
  [[ $status == ok ]] || grep -E 'crash-|==.*Exception|FuzzTestFindingException' "$logs/$t.log" | head -5 || true
done
echo
echo "inputs per parser (libFuzzer's own count):"
for t in "${targets[@]}"; do printf '  %-14s %s\n' "$t" "${result[$t]}"; done
echo "logs: $logs; report: agent/target/reliability-report.md (rebuilt by the next agent test run)"
exit $failed
