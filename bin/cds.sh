# shellcheck shell=bash
# Class-data sharing (AppCDS) for a launcher: sourced by bin/launch.sh when the launcher sets
# LAUNCH_CDS=1 (bin/remotefs does, unless REMOTEFS_CDS=off). Start-up of remotefs is mostly class loading: an archive of
# the classes a real start loads, mapped by the JVM instead of parsing and verifying them, saves
# about a third of the CPU time of a start.
#
#   1. A run with no archive yet records the classes it loads (-XX:DumpLoadedClassList) into
#      MODULE/target/cds/classlist.PID. Nothing else changes for that run.
#   2. The next launch finds a complete list (the run got as far as mounting and exited normally),
#      dumps the archive from it once (java -Xshare:dump, about 15 s of CPU, said on stderr) and
#      runs with -XX:SharedArchiveFile. The list is kept as MODULE/target/cds/remotefs.classlist
#      (docker/Dockerfile dumps the image's archive from it).
#   3. A rebuilt jar or library makes the archive stale: it is removed and the cycle starts again.
#      A different JVM gets its own archive (the name carries a hash of the java binary's path).
#      If the dump fails, the launcher runs without an archive until the next rebuild.
# The JVM itself checks the archive against the class path and JVM build and silently runs
# without it on any mismatch, so a wrong archive costs start-up time, never correctness.

# Marker classes of a complete training list: the start reached the loop mount, and the JVM
# exited through picocli's normal return (so the list was flushed).
CDS_COMPLETE_MARKERS=("org/ccsidecar/remotefs/mount/LoopMount" "picocli/CommandLine\$IExitCodeGenerator")

# cds_list_complete FILE: true when the class list FILE has every marker class.
cds_list_complete() {
  local marker
  for marker in "${CDS_COMPLETE_MARKERS[@]}"; do
    grep -qxF "$marker" "$1" 2>/dev/null || return 1
  done
}

# cds_options MODULE_TARGET JAR [JVM_OPTION...]: sets CDS_OPTS (an array of JVM options) for this
# launch; the JVM options (besides JAVA_OPTS) are those of the launch, used for the dump too.
cds_options() {
  local target=$1 jar=$2
  shift 2
  local dir="$target/cds" java_bin id
  java_bin=$(readlink -f "$(command -v "${JAVA:-java}")" 2>/dev/null) || java_bin=${JAVA:-java}
  id=$(printf '%s' "$java_bin" | cksum | cut -d' ' -f1)
  local archive="$dir/app-$id.jsa" failed="$dir/app-$id.failed" list="$dir/remotefs.classlist"
  CDS_OPTS=()
  mkdir -p "$dir" 2>/dev/null || return 0
  # Stale after a rebuild: the jar or any library is newer than what was made from it.
  local f
  for f in "$archive" "$failed" "$list"; do
    if [ -e "$f" ] && [ -n "$(find "$jar" "$target/lib" -newer "$f" -print -quit)" ]; then
      rm -f "$f"
    fi
  done
  [ -e "$failed" ] && return 0
  if [ ! -s "$archive" ]; then
    local candidate
    for candidate in "$dir"/classlist.*; do
      [ -e "$candidate" ] || continue
      if [ ! -s "$list" ] && cds_list_complete "$candidate" \
        && [ -z "$(find "$jar" "$target/lib" -newer "$candidate" -print -quit)" ]; then
        mv -f "$candidate" "$list"
      elif ! kill -0 "${candidate##*.}" 2>/dev/null; then
        rm -f "$candidate" # an incomplete or stale list whose run has ended
      fi
    done
    if [ -s "$list" ]; then
      cds_dump "$dir" "$jar" "$list" "$archive" "$failed" "$@"
    fi
  fi
  if [ -s "$archive" ]; then
    CDS_OPTS=(-XX:SharedArchiveFile="$archive")
  elif [ ! -e "$failed" ]; then
    CDS_OPTS=(-XX:DumpLoadedClassList="$dir/classlist.$$")
  fi
}

# cds_dump DIR JAR LIST ARCHIVE FAILED [JVM_OPTION...]: makes ARCHIVE from LIST, one launcher at
# a time.
cds_dump() {
  local dir=$1 jar=$2 list=$3 archive=$4 failed=$5
  shift 5
  (
    flock 8
    [ -s "$archive" ] && exit 0
    echo "$(basename "$jar" .jar | sed 's/-[0-9].*//'): creating the class-data archive from the first run (once; log: $dir/dump.log)..." >&2
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    if "${JAVA:-java}" "$@" ${JAVA_OPTS:-} -Xshare:dump -XX:SharedClassListFile="$list" \
      -XX:SharedArchiveFile="$archive.tmp" -jar "$jar" >"$dir/dump.log" 2>&1 \
      && [ -s "$archive.tmp" ]; then
      mv -f "$archive.tmp" "$archive"
    else
      rm -f "$archive.tmp"
      touch "$failed"
      echo "class-data archive not created (see $dir/dump.log); running without it" >&2
    fi
  ) 8>"$dir/lock"
}
