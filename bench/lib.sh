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

# The size from "--size N" (or the default), refused unless a whole number of at least the minimum.
bench_size() {
  local default=$1 minimum=$2 size
  shift 2
  size=$default
  [ "${1:-}" = "--size" ] && size=${2:-}
  case "$size" in '' | *[!0-9]*) echo "--size must be a whole number of at least $minimum" >&2; exit 2 ;; esac
  [ "$size" -ge "$minimum" ] || { echo "--size must be a whole number of at least $minimum" >&2; exit 2; }
  echo "$size"
}

# Compiles main and test classes and writes the test classpath to target/bench-classpath.txt (once per pom); cds to the root.
compile_tests() {
  cd "$BENCH_ROOT"
  echo "compiling main and test classes" >&2
  mvn -q -B -ntp -DskipTests test-compile >&2
  if [ ! -s target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
    mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
  fi
}

# Runs trials of the application as its own process (target/duesflow.jar, built when stale): MAIN from the test
# classes with its own lines shown, its log in WORK/trials.log, the lines matching RESULT (a grep -E pattern) last.
# Fails when the trials found something (MAIN's exit status) or printed no result.
#   run_trials WORK RESULT MAIN ARGUMENTS...
run_trials() {
  local work=$1 pattern=$2 main=$3 out results status
  shift 3
  build_jar_if_stale
  compile_tests
  mkdir -p "$work"
  out=$(mktemp /tmp/duesflow-trials.XXXXXX)
  set +e
  # shellcheck disable=SC2086
  java -Xmx256m ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" "$main" "$@" \
    2>"$work/trials.log" | tee "$out" | grep --line-buffered -v -E "$pattern"
  status=${PIPESTATUS[0]}
  set -e
  results=$(grep -E "$pattern" "$out" || true)
  rm -f "$out"
  if [ -z "$results" ]; then
    echo "the trials failed; the end of $work/trials.log:" >&2
    tail -40 "$work/trials.log" >&2
    return 1
  fi
  echo "$results"
  return "$status"
}

# Runs a benchmark's main class from the test sources: compiles, builds the test classpath once, keeps the
# application's logging in target/bench-NAME.log, shows the benchmark's own lines and prints its result line
# last. BENCH_JAVA_OPTS adds JVM options, e.g. -XX:StartFlightRecording=filename=target/NAME.jfr
#   run_bench_main NAME MAX_HEAP MAIN_CLASS ARGUMENTS...
run_bench_main() {
  local name=$1 heap=$2 main=$3 out log result
  shift 3
  compile_tests
  out=$(mktemp "/tmp/duesflow-bench-$name.XXXXXX")
  log=target/bench-$name.log
  # shellcheck disable=SC2086
  java "-Xmx$heap" ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
    "$main" "$@" 2>"$log" | tee "$out" | grep -v "^$name size=" || true
  result=$(grep "^$name size=" "$out" | tail -1 || true)
  rm -f "$out"
  if [ -z "$result" ]; then
    echo "the benchmark failed; the end of $log:" >&2
    tail -40 "$log" >&2
    exit 1
  fi
  echo "$result"
}
