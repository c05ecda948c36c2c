#!/bin/bash
# What a scrape costs at Prometheus' own pace: one scrape every INTERVAL seconds (default 60, Prometheus'
# default scrape_interval), for as long as an agent runs on a VM, not back to back. Each server's whole
# process CPU (utime + stime from /proc/PID/stat, all threads, the dead ones included) between scrapes is
# charged to the scrape, so it carries everything the server does between two scrapes: its refresh, JIT,
# GC, timers. Servers run side by side on the same tree and are scraped in the same second, so that the
# machine's hour hits them alike; node_exporter is one of them, with run-bench.sh's collectors.
#
# usage: agent/src/bench/interval-bench.sh TREE [LABEL=LAUNCHER ...]
#   (default: guestdiag=agent/bin/agent; e.g. base=/tmp/base/agent/bin/agent new=agent/bin/agent)
#   INTERVAL=60      seconds between scrapes
#   SCRAPES=40       scrapes of each server
#   WINDOW=10        scrapes per printed row (ticks are 10 ms: a row of 10 is ±1 ms a scrape)
#   PORT=29301       first port; each server takes the next
#   WARMUP=0         scrapes before the measured ones, WARMUP_INTERVAL (2) s apart, not counted: WARMUP=300 gives
#                    the agent's code the invocation counts of five hours at one scrape a minute, so the rows
#                    show what a long-running agent pays (the JIT compiles by counts, not by time)
#   SERVE_ARGS=      more options for `agent serve`, e.g. --refresh.interval=2s so that each warm-up scrape
#                    brings a refresh as a scrape a minute does (an interval shorter than the warm-up's)
# Prints one row per window: CPU ms a scrape for each server and its ratio to node_exporter's, then the
# whole run after the first window (the agent's first minutes, while its code is still being compiled).
set -euo pipefail

bench=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$bench/../../.." && pwd)
. "$bench/common.sh" # rss_kb, wait_up
tree=${1:?usage: interval-bench.sh TREE [LABEL=LAUNCHER ...]}; shift
tree=$(cd "$tree" && pwd)
[ $# -gt 0 ] || set -- "guestdiag=$repo/agent/bin/agent"
interval=${INTERVAL:-60}; scrapes=${SCRAPES:-40}; window=${WINDOW:-10}; port=${PORT:-29301}
warmup=${WARMUP:-0}; warmup_interval=${WARMUP_INTERVAL:-2}
read -r -a serve_args <<< "${SERVE_ARGS:-}"
clk=$(getconf CLK_TCK)
command -v prometheus-node-exporter >/dev/null || { echo "interval-bench: apt-get install prometheus-node-exporter" >&2; exit 3; }

flags=$(awk '/FLAGS = List.of\(/,/\);/' "$repo/checks/src/main/java/org/guestdiag/expose/CpuSamples.java" | grep -o '"[a-z0-9_]*"' | tr -d '"' | paste -sd'|')
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

labels=(); pids=(); ports=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
log=$(mktemp -d /tmp/interval-bench.XXXXXX)
for spec in "$@"; do
  label=${spec%%=*}; launcher=${spec#*=}
  "$launcher" serve --root "$tree" --web.listen-address "127.0.0.1:$port" "${serve_args[@]}" > "$log/$label.log" 2>&1 &
  labels+=("$label"); pids+=($!); ports+=("$port"); port=$((port + 1))
done
prometheus-node-exporter --web.listen-address="127.0.0.1:$port" --path.procfs="$tree/proc" --path.sysfs="$tree/sys" \
  --path.rootfs="$tree" --path.udev.data="$tree/run/udev/data" --collector.disable-defaults --collector.cpu \
  --collector.cpu.info "--collector.cpu.info.flags-include=^($flags)\$" --collector.diskstats --collector.btrfs \
  --collector.meminfo_numa --collector.dmi > "$log/node_exporter.log" 2>&1 &
labels+=(node_exporter); pids+=($!); ports+=("$port")
n=${#labels[@]}
for i in $(seq 0 $((n - 1))); do
  path=/-/ready; [ "${labels[$i]}" = node_exporter ] && path=/
  wait_up "${ports[$i]}" "$path" "${pids[$i]}"
done

echo "# interval-bench $(date -u +%FT%TZ) tree=$tree interval=${interval}s scrapes=$scrapes warmup=$warmup every ${warmup_interval}s serve args: ${serve_args[*]:-none}; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(prometheus-node-exporter --version 2>&1 | head -1); java: $(java -version 2>&1 | head -1)"
for spec in "$@"; do echo "# ${spec%%=*}: ${spec#*=} ($(stat -c %y "$(dirname "$(readlink -f "${spec#*=}")")/../target/guestdiag-agent.jar" 2>/dev/null | cut -d. -f1 || echo '?'))"; done
printf '%-9s' scrapes; for l in "${labels[@]}"; do printf ' %16s' "$l ms"; done
for l in "${labels[@]:0:$((n - 1))}"; do printf ' %12s' "$l/ne"; done; echo

declare -a start first
row() { # from to: one row of CPU ms a scrape, from the ticks in start[]
  local i ne
  local -a ms
  printf '%-9s' "$1-$2"
  ne=$(awk -v t=$(( $(ticks "${pids[$((n - 1))]}") - start[n - 1] )) -v c="$clk" -v k=$(( $2 - $1 + 1 )) 'BEGIN{printf "%.2f", t * 1000 / c / k}')
  for i in $(seq 0 $((n - 1))); do
    ms[$i]=$(awk -v t=$(( $(ticks "${pids[$i]}") - start[i] )) -v c="$clk" -v k=$(( $2 - $1 + 1 )) 'BEGIN{printf "%.2f", t * 1000 / c / k}')
    printf ' %16s' "${ms[$i]}"
  done
  for i in $(seq 0 $((n - 2))); do awk -v a="${ms[$i]}" -v b="$ne" 'BEGIN{printf " %12.2f", (b > 0 ? a / b : 0)}'; done
  echo
}
mark() { for i in $(seq 0 $((n - 1))); do start[$i]=$(ticks "${pids[$i]}"); done; }
headers=(-H 'Accept: application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' -H 'Accept-Encoding: gzip')
for w in $(seq 1 "$warmup"); do
  for i in $(seq 0 $((n - 1))); do curl -sf -o /dev/null "${headers[@]}" "http://127.0.0.1:${ports[$i]}/metrics" || true; done
  sleep "$warmup_interval"
done
# A scrape is charged from just before it to just before the next one: what a server does after a scrape
# (the refresh it brings, compiling) belongs to that scrape.
from=1
for s in $(seq 1 "$scrapes"); do
  sleep "$interval"
  if [ "$s" = 1 ]; then mark
  elif [ $(( (s - 1) % window )) = 0 ]; then
    row "$from" "$((s - 1))"
    if [ "$from" = 1 ]; then mark; first=("${start[@]}"); else mark; fi
    from=$s
  fi
  for i in $(seq 0 $((n - 1))); do
    curl -sf -o /dev/null "${headers[@]}" "http://127.0.0.1:${ports[$i]}/metrics" || echo "# scrape $s of ${labels[$i]} failed" >&2
  done
done
sleep "$interval"
row "$from" "$scrapes"
if [ "$scrapes" -gt "$window" ]; then
  for i in $(seq 0 $((n - 1))); do start[$i]=${first[$i]}; done
  row "$((window + 1))" "$scrapes" | sed 's/^/after /'
fi
for i in $(seq 0 $((n - 1))); do echo "# RSS ${labels[$i]}: $(( $(rss_kb "${pids[$i]}") / 1024 )) MB"; done
