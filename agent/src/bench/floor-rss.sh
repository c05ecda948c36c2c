#!/usr/bin/env bash
# Where the agent's RSS comes from, layer by layer, in one run on the same JVM flags and the same body:
#   the JVM idle (IdleJvmFloor), the JDK's own HTTP server (JdkHttpFloor), Jetty 12's core alone
#   (JettyCoreFloor), Javalin 7 on Jetty 12 as the agent configures it (StackFloor, as in run-bench.sh),
#   and `agent serve` itself on a tree.
# Each server: started, one scrape, 10 s of one wrk connection, RSS ("warm"), 10 s of 64 connections, 3 s
# pause, RSS ("end"), as run-bench.sh measures the agent. The JVM flags are the agent's own, read from the
# running agent's command line (its AppCDS archive aside, which is for -jar alone).
#
# usage: agent/src/bench/floor-rss.sh TREE [OUT_DIR]       (after mvn -B -DskipTests package)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
bench="$repo/agent/src/bench"
tree=${1:?usage: floor-rss.sh TREE [OUT_DIR]}
out=${2:-$repo/agent/target/bench/floors}
port=${BENCH_PORT:-29211}
secs=${BENCH_SECONDS:-10}
mkdir -p "$out"
command -v wrk >/dev/null || { echo "floor-rss: wrk missing: apt-get install wrk" >&2; exit 3; }

. "$bench/common.sh" # rss_kb, wait_up, java_cmd_of
rss_mb() { rss_kb "$1" | awk '{printf "%.1f", $1 / 1024}'; }
load() { # port connections
  wrk -t"$(( $2 > 1 ? 2 : 1 ))" -c"$2" -d"${secs}s" -H 'Accept-Encoding: gzip' -H "Accept: $accept" "http://127.0.0.1:$1/metrics" >/dev/null
}
measure() { # name pid port: one row
  local warm end
  if [ "$3" = - ]; then # not a server: RSS after it settled
    sleep 3; warm=$(rss_mb "$2"); end=$warm
  else
    wait_up "$3" /metrics "$2"
    curl -s -o /dev/null "http://127.0.0.1:$3/metrics"
    load "$3" 1; warm=$(rss_mb "$2")
    load "$3" 64; sleep 3; end=$(rss_mb "$2")
  fi
  printf '%-52s %8s %8s\n' "$1" "$warm" "$end"
}

accept=$(sed -n 's/^wrk.headers\["Accept"\] = "\(.*\)"$/\1/p' "$bench/scrape.lua")
"$repo/agent/bin/agent" serve --root "$tree" --web.listen-address "127.0.0.1:$port" > "$out/agent.log" 2>&1 &
launcher=$!
wait_up "$port" /metrics "$launcher"
ag=$launcher # the launcher execs java
java_cmd_of "$ag"
ctype=$(curl -s -D - -o "$out/body.gz" -H "Accept: $accept" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port/metrics" \
  | sed -n 's/^[Cc]ontent-[Tt]ype: *//p' | tr -d '\r')
javac -d "$out" -cp "$jar" "$bench/StackFloor.java" "$bench"/floors/*.java

echo "# $(nproc) CPUs, $(java -version 2>&1 | head -1); tree $tree; body $(wc -c < "$out/body.gz") bytes gzip"
echo "# JVM flags: ${java_cmd[*]:1}"
printf '%-52s %8s %8s\n' "RSS MB" warm end
measure "guestdiag serve (the agent)" "$ag" "$port"
kill "$ag"; wait "$launcher" 2>/dev/null || true
for floor in StackFloor JettyCoreFloor JdkHttpFloor IdleJvmFloor; do
  p=$(( port + 1 ))
  MALLOC_ARENA_MAX=2 "${java_cmd[@]}" -cp "$jar:$out" "$floor" "$out/body.gz" "$ctype" "$p" > "$out/$floor.log" 2>&1 &
  pid=$!
  case $floor in
    StackFloor) name="Javalin 7 on Jetty 12 as the agent sets them up" ;;
    JettyCoreFloor) name="Jetty 12 core alone (no Javalin, no servlet)" ;;
    JdkHttpFloor) name="the JDK's com.sun.net.httpserver" ;;
    IdleJvmFloor) name="the JVM idle, no server" ;;
  esac
  if [ "$floor" = IdleJvmFloor ]; then measure "$name" "$pid" -; else measure "$name" "$pid" "$p"; fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
