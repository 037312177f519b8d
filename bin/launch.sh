# Shared by bin/azmount, bin/remotefs and bin/skr: runs MODULE's jar, building it on first use.
# Usage (sourced): launch MODULE "$@"; with LAUNCH_VECTOR_API=1 the JVM gets the Vector API, with
# LAUNCH_CDS=1 a class-data sharing archive of a real start (bin/cds.sh).

# azmount's aes-xts passes run on the JDK's incubating Vector API when the JVM has its module
# (docs/LUKS.md). The JVM then prints this line on stderr at every start; the launcher drops it so
# that a failure still prints one line.
INCUBATOR_WARNING="WARNING: Using incubator modules: jdk.incubator.vector"

# The same launchers run AES-XTS: its AES goes through the JDK's bulk AES-CBC intrinsic, which C2
# inlines only into a compiled caller, and CipherBlockChaining.decrypt is called once per chunk:
# with the default thresholds it is compiled after about 15,000 chunks (2 GiB read) and until then
# AES runs one block at a time (30 % of a cold mount's first GiB). A hundredth of the threshold for
# that class alone compiles it within the first MiBs (docs/BENCHMARKS.md, session 9).
AES_CBC_JIT_OPTS=(-XX:CompileCommand=quiet
  "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.CipherBlockChaining::*,0.01")

# launcher_stale ROOT STAMP: true when STAMP is missing or any module's main sources or any pom
# changed after it (a module's jar also depends on the modules it uses, e.g. cli-common).
launcher_stale() {
  local root=$1 stamp=$2
  [ -f "$stamp" ] || return 0
  [ -n "$(find "$root" -maxdepth 1 -name pom.xml -newer "$stamp" -print -quit)" ] && return 0
  [ -n "$(find "$root"/*/pom.xml "$root"/*/src/main -newer "$stamp" -print -quit 2>/dev/null)" ]
}

launch() {
  local module=$1
  shift
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  local jar="$root/$module/target/$module-0.1.0-SNAPSHOT.jar"
  # Written only after a complete build (jar and lib/), so an interrupted build is redone.
  local stamp="$root/$module/target/.launcher-built"
  if launcher_stale "$root" "$stamp"; then
    mkdir -p "$root/target"
    (
      # One build at a time: launchers started together must not write the same target/ dirs.
      flock 9
      if launcher_stale "$root" "$stamp"; then
        echo "$module: building $module (first use or sources changed)..." >&2
        rm -f "$stamp"
        local log="$root/target/launcher-build.log"
        (cd "$root" && mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true package -pl "$module" -am >"$log" 2>&1) || {
          grep -E 'ERROR|BUILD' "$log" | head -20 >&2
          echo "$module: build failed (full log: $log)" >&2
          exit 1
        }
        touch "$stamp"
      fi
    ) 9>"$root/target/launcher.lock" || exit 1
  fi
  local opts=()
  if [ "${LAUNCH_VECTOR_API:-}" = 1 ]; then
    opts+=(--add-modules jdk.incubator.vector "${AES_CBC_JIT_OPTS[@]}")
  fi
  if [ "${LAUNCH_CDS:-}" = 1 ]; then
    . "$root/bin/cds.sh"
    cds_options "$root/$module/target" "$jar" "${opts[@]}"
    opts+=("${CDS_OPTS[@]}")
  fi
  if [ "${LAUNCH_VECTOR_API:-}" = 1 ]; then
    # The filter ignores INT and TERM so that it outlives the JVM's shutdown messages after ^C.
    exec "${JAVA:-java}" "${opts[@]}" ${JAVA_OPTS:-} -jar "$jar" "$@" \
      2> >(trap '' INT TERM && exec grep --line-buffered -v -x -F "$INCUBATOR_WARNING" >&2)
  fi
  exec "${JAVA:-java}" "${opts[@]}" ${JAVA_OPTS:-} -jar "$jar" "$@"
}
