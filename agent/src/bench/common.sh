# Shared by the benchmark scripts (sourced): reading a process and waiting for a server.

rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }

wait_up() { # port path pid: until GET answers 2xx; fails when the process died or after 2 minutes
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$1$2" && return 0
    kill -0 "$3" 2>/dev/null || { echo "bench: server on port $1 died" >&2; return 1; }
    sleep 0.5
  done
  echo "bench: server on port $1 not ready" >&2; return 1
}

java_cmd_of() { # pid: sets java_cmd (its java command line up to -jar, without its AppCDS archive, which is
  # for -jar alone) and jar (what follows -jar)
  local arg
  java_cmd=(); jar=
  while IFS= read -r -d '' arg; do
    if [ "$arg" = -jar ]; then IFS= read -r -d '' jar; break; fi
    case "$arg" in -XX:SharedArchiveFile=*) continue ;; esac
    java_cmd+=("$arg")
  done < "/proc/$1/cmdline"
}
