#!/bin/bash
# Where a running process's CPU goes, per thread: CPU time on each thread (schedstat, nanoseconds) over a
# window, summed by thread name with digits folded (qtp123-45 and qtp123-46 are one row). Threads that end
# inside the window are missed; the whole-process line (utime + stime, ticks, dead threads included) says
# how much that was.
#
# usage: agent/src/bench/threads.sh PID SECONDS [COMMAND...]
#   COMMAND runs in the background during the window (e.g. a scrape loop), and is killed at its end.
set -euo pipefail
pid=${1:?usage: threads.sh PID SECONDS [COMMAND...]}; secs=${2:?}; shift 2
snap() { # tid name ns, one line a thread
  for t in /proc/"$pid"/task/*; do
    [ -r "$t/schedstat" ] || continue
    printf '%s\t%s\t%s\n' "${t##*/}" "$(tr ' ' '_' < "$t/comm" 2>/dev/null)" "$(cut -d' ' -f1 "$t/schedstat" 2>/dev/null)"
  done
}
ticks() { sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}'; }
a=$(mktemp); b=$(mktemp); trap 'rm -f "$a" "$b"; [ -n "${bg:-}" ] && kill "$bg" 2>/dev/null || true' EXIT
t0=$(ticks); snap > "$a"
if [ $# -gt 0 ]; then "$@" & bg=$!; fi
sleep "$secs"
t1=$(ticks); snap > "$b"
clk=$(getconf CLK_TCK)
echo "# pid $pid over ${secs}s: whole process $(( (t1 - t0) * 1000 / clk )) ms (ticks)"
awk -F'\t' -v s="$secs" 'NR == FNR { before[$1] = $3; next }
  { name = $2; gsub(/[0-9]+/, "N", name); d = $3 - ($1 in before ? before[$1] : 0); sum[name] += d; n[name]++; tot += d }
  END { for (k in sum) printf "%10.2f ms %8.3f ms/s  %3d  %s\n", sum[k] / 1e6, sum[k] / 1e6 / s, n[k], k | "sort -rn"; close("sort -rn");
        printf "%10.2f ms %8.3f ms/s       living threads\n", tot / 1e6, tot / 1e6 / s }' "$a" "$b"
