# Shared by bin/azmount, bin/remotefs and bin/skr: runs MODULE's jar, building it on first use.
# Usage (sourced): launch MODULE "$@"
launch() {
  local module=$1
  shift
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  local jar="$root/$module/target/$module-0.1.0-SNAPSHOT.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$root/$module/src/main" "$root/pom.xml" "$root/$module/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    echo "$module: building $module (first use or sources changed)..." >&2
    (cd "$root" && mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true package -pl "$module" -am >&2) || {
      echo "$module: build failed" >&2
      exit 1
    }
  fi
  exec "${JAVA:-java}" ${JAVA_OPTS:-} -jar "$jar" "$@"
}
