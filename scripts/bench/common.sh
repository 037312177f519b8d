# Helpers shared by the benchmark scripts (sourced by scripts/bench.sh users).

# bench_test_classpath: compiles azmount with its tests (JMH benchmarks included) and prints the
# classpath to run them: test classes, classes, then every test-scope dependency.
bench_test_classpath() {
  local cpfile
  cpfile=$(mktemp)
  mvn -B -q -ntp -pl azmount -am -Dspotless.check.skip=true test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >&2
  echo "azmount/target/test-classes:azmount/target/classes:$(cat "$cpfile")"
  rm -f "$cpfile"
}

# bench_build_jar: builds the azmount jar (what bin/azmount runs) without tests.
bench_build_jar() {
  mvn -B -q -ntp -pl azmount -am -DskipTests -Dspotless.check.skip=true package >&2
}
