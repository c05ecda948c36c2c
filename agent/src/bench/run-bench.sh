#!/bin/bash
# Side-by-side benchmark: `agent serve` against prometheus-node-exporter (Debian 1.5.0) on the same
# generated trees, in one run, so that the load of a shared machine hits both alike. Prints per tree:
# CPU per 1,000 scrapes, p50/p99 latency at 1 and 64 concurrent scrapers, RSS after warm-up and at the end
# (after 10,000 scrapes on the 6-disk tree), the guestdiag/node_exporter ratios, `diagnose` cold start
# with and without an AppCDS archive, the targets met or missed and by how much, and a PNG plot.
#
# usage: agent/src/bench/run-bench.sh [OUT_DIR]        (default agent/target/bench)
#   BENCH_DISKS="1 6 16 256 1024"   disk counts of the growth series
#   BENCH_SECONDS=10                 length of each timed wrk run
#   BENCH_AGENT=agent/bin/agent      launcher to measure (e.g. a copy of an older build, for before/after)
#   BENCH_TOTAL=10000                scrapes before the last RSS reading on the 6-disk tree
#   BENCH_WIDE=1 BENCH_COLD=1        0 skips the 128-CPU/8-node/32-btrfs tree, or the cold-start runs
#   BENCH_FLOOR=1                    0 skips the floor: the agent's HTTP stack alone (StackFloor.java) on the
#                                    6-disk tree, serving the agent's scrape as a fixed body, measured alike
#   BENCH_REAL=1                     0 skips the real-guest tree (label real256): real-256-disks.tar.gz, a lab
#                                    guest with 256 scsi-hd on one virtio-scsi controller (make-real-fixture.sh)
# Listens on 127.0.0.1 only. Not part of `mvn verify`: timings on a shared machine are no test.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../../.." && pwd)
bench="$repo/agent/src/bench"
out=${1:-$repo/agent/target/bench}
disks_series=${BENCH_DISKS:-"1 6 16 256 1024"}
secs=${BENCH_SECONDS:-10}
agent=${BENCH_AGENT:-$repo/agent/bin/agent}
agent_port=${BENCH_PORT:-29111}
ne_port=$(( agent_port + 1 ))
floor_port=$(( agent_port + 2 ))
clk=$(getconf CLK_TCK)
trees=${BENCH_TREES:-$out/trees}
mkdir -p "$out" "$trees"

need() { # command, Debian package
  command -v "$1" >/dev/null && return
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y --no-install-recommends "$2" >/dev/null
  else
    echo "run-bench: $1 missing: apt-get install $2" >&2; exit 3
  fi
}
need wrk wrk; need hyperfine hyperfine; need prometheus-node-exporter prometheus-node-exporter
need gnuplot gnuplot-nox; need python3 python3; need curl curl

if [ ! -f "$repo/agent/target/guestdiag-agent.jar" ] || [ ! -d "$repo/agent/target/test-classes/org/guestdiag/bench" ]; then
  (cd "$repo" && mvn -B -q -DskipTests package)
fi

for p in $agent_port $ne_port $floor_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "run-bench: port $p is in use" >&2; exit 3; fi
done

# node_exporter collectors covering guestdiag's ground: CPU (with the same flags as guestdiag_cpu_flag),
# disks, btrfs, NUMA memory, DMI (hypervisor identity); every other collector off
flags=$(awk '/FLAGS = List.of\(/,/\);/' "$repo/checks/src/main/java/org/guestdiag/expose/CpuSamples.java" | grep -o '"[a-z0-9_]*"' | tr -d '"' | paste -sd'|')
ne_args=(--collector.disable-defaults --collector.cpu --collector.cpu.info "--collector.cpu.info.flags-include=^($flags)\$"
  --collector.diskstats --collector.btrfs --collector.meminfo_numa --collector.dmi)

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; } # utime + stime of all threads
. "$bench/common.sh" # rss_kb, wait_up, java_cmd_of
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; } # from a BENCH line

scrape() { # port conns threads seconds [requests per thread]: prints wrk's BENCH line
  BENCH_REQUESTS=${5:-0} wrk -t"$3" -c"$2" -d"$4s" --timeout 10s -s "$bench/scrape.lua" "http://127.0.0.1:$1/metrics" | grep '^BENCH'
}


tree() { # disks cpus numa btrfs: generates once, checks it with diagnose, prints its path
  local dir="$trees/d$1-c$2-n$3-b$4"
  if [ ! -f "$dir/generated.txt" ]; then
    rm -rf "$dir"
    java -cp "$repo/agent/target/test-classes" org.guestdiag.bench.TreeGenerator "$repo/checks/src/test/snapshots" "$dir" "$1" "$2" "$3" "$4" >&2
  fi
  checked "$dir"
}

real_tree() { # extracts the real-guest fixture once (again when the fixture is newer), checks it, prints its path
  local dir="$trees/real256" fixture="$bench/real-256-disks.tar.gz"
  if [ ! -f "$dir/bench-fixture.txt" ] || [ "$fixture" -nt "$dir/bench-fixture.txt" ]; then
    rm -rf "$dir"; mkdir -p "$dir"
    tar -C "$dir" -xzf "$fixture"
    touch "$dir/bench-fixture.txt"
  fi
  checked "$dir"
}

nproc_tree() { grep -c '^processor' "$1/proc/cpuinfo"; }

checked() { # dir: diagnose must read the tree without problems; prints the path
  local dir=$1 rc=0
  "$agent" diagnose --root "$dir" --format json > "$dir.diagnose.json" || rc=$?
  if [ "$rc" = 3 ] || grep -q '"id" *: *"agent\.' "$dir.diagnose.json"; then
    echo "run-bench: diagnose reports read problems on $dir (exit $rc)" >&2; exit 1
  fi
  echo "$dir"
}

cpu_ns() { # CPU time of all live threads, in ns (/proc/PID/stat counts in ticks: too coarse for a few scrapes)
  cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s}'
}

paced() { # port pid n: CPU ms per scrape when n scrapes come one every 1.1 s, as from Prometheus: one kept-alive
  # connection, so no scraper shares another's rendering of the JVM meters. CPU of the whole process from
  # /proc/PID/stat: it counts the threads that started and ended within the window (a refresh's readers),
  # which a sum over the threads alive at both ends would miss; 10 ms ticks, so the window is long.
  local n=$3 c0 c1 urls=()
  for _ in $(seq 1 "$n"); do urls+=(-o /dev/null "http://127.0.0.1:$1/metrics"); done
  c0=$(ticks "$2")
  curl -s --rate 55/m -H 'Accept-Encoding: gzip' -H 'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' "${urls[@]}"
  sleep 1.1
  c1=$(ticks "$2")
  echo "$c0 $c1 $n $clk" | awk '{printf "%.4f", ($2 - $1) / $4 * 1000 / $3}'
}

measure() { # tool pid port disks label: one TSV row
  local tool=$1 pid=$2 port=$3 n=$4 label=$5 w c1 c64 t0 t1 total rss_warm top slow steady
  w=$(scrape "$port" 1 1 3)
  rss_warm=$(rss_kb "$pid")
  t0=$(ticks "$pid")
  c1=$(scrape "$port" 1 1 "$secs")
  t1=$(ticks "$pid")
  # paced twice: right after the 1-connection load, in the first minute of the process (code still being
  # compiled, the heap full of the load's garbage), and at the end, in the steady state of an agent that
  # has served thousands of scrapes and refreshed for minutes, which the target is about
  slow=$(paced "$port" "$pid" "${BENCH_PACED:-20}")
  c64=$(scrape "$port" 64 2 "$secs")
  total=$(( $(echo "$w" | field requests) + $(echo "$c1" | field requests) + $(echo "$c64" | field requests) ))
  local goal=${BENCH_TOTAL:-10000}
  if [ "$n" = 6 ] && [ "$total" -lt "$goal" ]; then # RSS after 10,000 scrapes, on the tree of a usual VM
    # by time from the rate just measured, not wrk's thread:stop(), which can leave wrk waiting out -d
    # with connections in flight: a little more than the goal, within 10 minutes
    local rate top_s
    rate=$(echo "$c64" | awk '{for (i = 1; i <= NF; i++) if ($i ~ /^requests=/) r = substr($i, 10); else if ($i ~ /^seconds=/) s = substr($i, 9)} END {print (s > 0 ? r / s : 100)}')
    top_s=$(echo "$goal $total $rate" | awk '{t = ($1 - $2) / ($3 * 0.8); if (t < 1) t = 1; if (t > 600) t = 600; printf "%d", t + 1}')
    top=$(scrape "$port" 8 2 "$top_s")
    total=$(( total + $(echo "$top" | field requests) ))
  fi
  local rss_end
  rss_end=$(rss_kb "$pid")
  # the 64-connection runs leave refused and unfinished scrapes behind: let them end outside the window
  sleep 3
  steady=$(paced "$port" "$pid" "${BENCH_STEADY:-30}")
  local req bytes
  req=$(echo "$c1" | field requests); bytes=$(echo "$c1" | field bytes)
  printf '%s\t%s\t%s\t%s\t%.4f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$n" "$tool" "$req" \
    "$(echo "$t0 $t1 $req $clk" | awk '{printf "%.4f", ($2 - $1) / $4 / $3 * 1000}')" \
    "$(echo "$c1" | field p50_ms)" "$(echo "$c1" | field p99_ms)" "$(echo "$c64" | field p50_ms)" "$(echo "$c64" | field p99_ms)" \
    "$rss_warm" "$rss_end" "$total" "$(( bytes / (req > 0 ? req : 1) ))" \
    "$(( $(echo "$c64" | field errors) + $(echo "$c64" | field non2xx) + $(echo "$c1" | field errors) + $(echo "$c1" | field non2xx) ))" "$slow" "$steady"
}

run_pair() { # disks cpus numa btrfs label: on a generated tree
  local dir
  dir=$(tree "$1" "$2" "$3" "$4")
  run_pair_on "$dir" "$1" "$5" "$1 disks, $2 CPUs, $3 NUMA nodes, $4 btrfs"
}

run_pair_on() { # dir disks label description: both tools on one tree, one TSV row each
  local dir=$1 n=$2 label=$3 ag ne
  echo "== $label: $4 (load $(loadavg))" >&2
  "$agent" serve --root "$dir" --web.listen-address "127.0.0.1:$agent_port" > "$out/agent-$label.log" 2>&1 &
  ag=$!
  prometheus-node-exporter --web.listen-address="127.0.0.1:$ne_port" --path.procfs="$dir/proc" --path.sysfs="$dir/sys" \
    --path.rootfs="$dir" --path.udev.data="$dir/run/udev/data" "${ne_args[@]}" > "$out/node_exporter-$label.log" 2>&1 &
  ne=$!
  wait_up $agent_port /-/ready $ag && wait_up $ne_port /metrics $ne
  curl -s "http://127.0.0.1:$ne_port/metrics" > "$out/node_exporter-$label.prom"
  curl -s "http://127.0.0.1:$agent_port/metrics" > "$out/agent-$label.prom"
  if grep -q '^node_scrape_collector_success{.*} 0' "$out/node_exporter-$label.prom"; then
    echo "run-bench: a node_exporter collector fails on $dir:" >&2; grep '^node_scrape_collector_success' "$out/node_exporter-$label.prom" >&2; exit 1
  fi
  # alternate which tool goes first, so that neither always meets the same phase of the other engineers' load
  if [ $(( n % 2 )) = 0 ]; then
    measure guestdiag $ag $agent_port "$n" "$label"; measure node_exporter $ne $ne_port "$n" "$label"
  else
    measure node_exporter $ne $ne_port "$n" "$label"; measure guestdiag $ag $agent_port "$n" "$label"
  fi
  if [ "$label" = disks6 ] && [ "${BENCH_FLOOR:-1}" != 0 ]; then run_floor $ag "$label"; fi
  kill $ag $ne; wait $ag $ne 2>/dev/null || true
}

run_floor() { # agent pid, label: the HTTP stack's floor (StackFloor.java) measured as the tools are, on the
  # running agent's own java command line, answering the agent's scrape of this tree as a fixed body. What
  # the agent costs above it is the agent's own; the floor itself is what Javalin/Jetty on this JVM cost.
  local ag=$1 label=$2 dir="$out/floor" fl ctype jar= java_cmd=()
  java_cmd_of "$ag"
  mkdir -p "$dir"
  javac -d "$dir" -cp "$jar" "$bench/StackFloor.java"
  ctype=$(curl -s -D - -o "$dir/body.gz" -H "$(sed -n 's/^wrk.headers\["Accept"\] = "\(.*\)"$/Accept: \1/p' "$bench/scrape.lua")" \
    -H 'Accept-Encoding: gzip' "http://127.0.0.1:$agent_port/metrics" | sed -n 's/^[Cc]ontent-[Tt]ype: *//p' | tr -d '\r')
  echo "== floor: ${java_cmd[*]} -cp $jar:$dir StackFloor ($(wc -c < "$dir/body.gz") bytes, $ctype)" >&2
  MALLOC_ARENA_MAX=2 "${java_cmd[@]}" -cp "$jar:$dir" StackFloor "$dir/body.gz" "$ctype" "$floor_port" > "$out/floor-$label.log" 2>&1 &
  fl=$!
  wait_up $floor_port /metrics $fl
  measure floor $fl $floor_port 6 "$label"
  kill $fl; wait $fl 2>/dev/null || true
}

{
  echo "# machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(java -version 2>&1 | head -1)"
  echo "# node_exporter: $(prometheus-node-exporter --version 2>&1 | head -1)"
  echo "# load at start: $(loadavg)"
} > "$out/machine.txt"
cat "$out/machine.txt"

rows="$out/results.tsv"
printf 'label\tdisks\ttool\tscrapes_c1\tcpu_ms_per_scrape\tp50_c1_ms\tp99_c1_ms\tp50_c64_ms\tp99_c64_ms\trss_warm_kb\trss_end_kb\tscrapes_total\tbytes_per_scrape\terrors\tcpu_ms_paced\tcpu_ms_steady\n' > "$rows"
for n in $disks_series; do
  b=$(( n < 4 ? n : 4 ))
  run_pair "$n" 4 2 "$b" "disks$n" >> "$rows"
done
[ "${BENCH_WIDE:-1}" = 0 ] || run_pair 64 128 8 32 "wide" >> "$rows" # many CPUs, NUMA nodes and btrfs filesystems at once
if [ "${BENCH_REAL:-1}" != 0 ]; then # a real guest of that size beside the generated trees
  real=$(real_tree)
  real_disks=$(find "$real/sys/block" -mindepth 1 -maxdepth 1 -name 'sd*' | wc -l)
  run_pair_on "$real" "$real_disks" real256 "real lab guest, $real_disks scsi-hd on one virtio-scsi controller ($(nproc_tree "$real") CPUs)" >> "$rows"
fi
echo "# load at end: $(loadavg)" >> "$out/machine.txt"

# diagnose cold start: JVM flags of the launcher; without CDS, with the JDK's CDS only, and as the launcher
# runs it, with the AppCDS archive of the build (made by its first diagnose after a build: the warm-up makes it)
if [ "${BENCH_COLD:-1}" != 0 ]; then
six=$(tree 6 4 2 4)
jdk_jsa=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')/lib/server/classes.jsa
hyperfine -N -i --warmup 2 --runs 15 --export-json "$out/cold.json" \
  -n "no CDS" "env GUESTDIAG_JAVA_OPTS=-Xshare:off $agent diagnose --root $six --format json" \
  -n "JDK CDS" "env GUESTDIAG_JAVA_OPTS=-XX:SharedArchiveFile=$jdk_jsa $agent diagnose --root $six --format json" \
  -n "AppCDS" "$agent diagnose --root $six --format json" \
  -n "AppCDS text" "$agent diagnose --root $six --format text" >&2
fi

python3 "$bench/summary.py" "$out" | tee "$out/summary.txt"
