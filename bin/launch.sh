# Shared by bin/azmount, bin/remotefs and bin/skr: runs MODULE's jar, building it on first use.
# Usage (sourced): launch MODULE "$@"

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
  exec "${JAVA:-java}" ${JAVA_OPTS:-} -jar "$jar" "$@"
}
