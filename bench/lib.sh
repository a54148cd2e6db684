# Shared by the benchmarks: build the application jar when the sources are newer than it.
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$BENCH_ROOT/target/duesflow.jar"

build_jar_if_stale() {
  if [ ! -f "$JAR" ] || [ -n "$(find "$BENCH_ROOT/src/main" "$BENCH_ROOT/processes" "$BENCH_ROOT/forms" "$BENCH_ROOT/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]; then
    echo "building $JAR" >&2
    (cd "$BENCH_ROOT" && mvn -q -B -ntp -DskipTests package) >&2
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

now() { date +%s.%N; }
