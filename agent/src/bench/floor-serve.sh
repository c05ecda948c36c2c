#!/usr/bin/env bash
# The HTTP stack's floor (StackFloor.java) started as `agent serve` is, so that interval-bench.sh can scrape it
# beside the agent and node_exporter at one scrape a minute: what Javalin 7 on Jetty 12, on the agent's own JVM
# flags, costs per scrape at that pace before the agent does anything. The body is the agent's own gzip scrape
# of the same tree, taken from an agent started for the purpose on the next port and stopped before the floor
# starts; the floor runs on that agent's java command line (its AppCDS archive aside). Other options are ignored.
#
# usage: agent/src/bench/floor-serve.sh serve --root TREE --web.listen-address HOST:PORT [...]
#   e.g. agent/src/bench/interval-bench.sh TREE guestdiag=agent/bin/agent floor=agent/src/bench/floor-serve.sh
#   FLOOR_CLASS=JdkHttpFloor: the JDK's own HTTP server instead (floors/JdkHttpFloor.java), what a JVM server
#   costs without Jetty and Javalin
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$bench/../../.." && pwd)
. "$bench/common.sh" # wait_up, java_cmd_of
tree= address=
while [ $# -gt 0 ]; do
  case "$1" in
    --root) tree=$2; shift 2 ;;
    --web.listen-address) address=$2; shift 2 ;;
    *) shift ;;
  esac
done
[ -n "$tree" ] && [ -n "$address" ] || { echo "usage: floor-serve.sh serve --root TREE --web.listen-address HOST:PORT" >&2; exit 2; }
port=${address##*:}
dir=$(mktemp -d /tmp/floor-serve.XXXXXX)
"$repo/agent/bin/agent" serve --root "$tree" --web.listen-address "127.0.0.1:$((port + 100))" > "$dir/agent.log" 2>&1 &
agent=$!
wait_up $((port + 100)) /-/ready "$agent"
accept=$(sed -n 's/^wrk.headers\["Accept"\] = "\(.*\)"$/\1/p' "$bench/scrape.lua")
ctype=$(curl -s -D - -o "$dir/body.gz" -H "Accept: $accept" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$((port + 100))/metrics" \
  | sed -n 's/^[Cc]ontent-[Tt]ype: *//p' | tr -d '\r')
java_cmd_of "$agent"
kill "$agent"; wait "$agent" 2>/dev/null || true
javac -d "$dir" -cp "$jar" "$bench/StackFloor.java" "$bench/floors/JdkHttpFloor.java"
export MALLOC_ARENA_MAX=2
exec "${java_cmd[@]}" -cp "$jar:$dir" "${FLOOR_CLASS:-StackFloor}" "$dir/body.gz" "$ctype" "$port"
