#!/usr/bin/env bash
# What the agent's own slf4j binding (org.guestdiag.log: logfmt and JSON lines) saves against logback-classic
# 1.5 with its JsonEncoder, the library that would give both formats: time to the first log line and the
# process's wall time, median of RUNS cold JVMs each, side by side in one run, and the jars' size.
# Needs logback-classic/core 1.5.18 in the local Maven repository (mvn dependency:get
# -Dartifact=ch.qos.logback:logback-classic:1.5.18) and the built agent jar.
#
# usage: agent/src/bench/log-binding.sh [RUNS]       (after mvn -B -DskipTests package)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
runs=${1:-15}
m2=${M2_REPO:-$HOME/.m2/repository}
api=$(ls "$m2"/org/slf4j/slf4j-api/2.0.*/slf4j-api-2.0.*.jar | sort -V | tail -1)
lb="$m2/ch/qos/logback/logback-classic/1.5.18/logback-classic-1.5.18.jar:$m2/ch/qos/logback/logback-core/1.5.18/logback-core-1.5.18.jar"
for j in ${lb//:/ }; do [ -f "$j" ] || { echo "log-binding: $j missing (see the header)" >&2; exit 3; }; done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cat > "$work/Main.java" <<'JAVA'
public class Main {
    public static void main(String[] a) {
        long t0 = System.nanoTime();
        org.slf4j.LoggerFactory.getLogger("guestdiag").info("serving on port {}", 9101);
        System.out.println((System.nanoTime() - t0) / 1000000.0);
    }
}
JAVA
cat > "$work/logback.xml" <<'XML'
<configuration>
  <appender name="E" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder class="ch.qos.logback.classic.encoder.JsonEncoder"/>
  </appender>
  <root level="INFO"><appender-ref ref="E"/></root>
</configuration>
XML
javac -d "$work" -cp "$api" "$work/Main.java"
mkdir "$work/own" && (cd "$work/own" && unzip -qo "$repo/agent/target/guestdiag-agent.jar" 'org/guestdiag/log/*' 'META-INF/services/org.slf4j*')
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
printf '%-26s %14s %12s %10s\n' binding first-line-ms process-ms jars-KiB
for mode in own logback; do
  if [ $mode = own ]; then cp="$work:$api:$work/own"; kib=$(du -sk "$work/own/org" | cut -f1)
  else cp="$work:$api:$lb"; kib=$(du -ck ${lb//:/ } | tail -1 | cut -f1); fi
  : > "$work/$mode.txt"
  for _ in $(seq 1 "$runs"); do
    s=$(date +%s%N); f=$(java -cp "$cp" Main 2>/dev/null); e=$(date +%s%N)
    echo "$f $(( (e - s) / 1000000 ))" >> "$work/$mode.txt"
  done
  printf '%-26s %14s %12s %10s\n' "$([ $mode = own ] && echo org.guestdiag.log || echo 'logback 1.5.18 JsonEncoder')" \
    "$(cut -d' ' -f1 "$work/$mode.txt" | median)" "$(cut -d' ' -f2 "$work/$mode.txt" | median)" "$kib"
done
