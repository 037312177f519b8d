# shellcheck shell=bash
# scripts/bench.sh remotefs [RUNS]: the sidecar with two filesystems (a read-only block blob and a
# read-write page blob, keys released by the local emulator, blobs in a local Azurite), started
# RUNS times (default 3) through bin/remotefs as a user runs it. Per run: seconds from launching
# the JVM to the status file saying 1; peak RSS (VmHWM) after reading every file of both mounts
# and writing 16 MiB to the read-write one; seconds from SIGTERM to exit. Targets: ready <= 3 s,
# peak RSS <= 300 MiB.
# The measured runs use bin/remotefs's class-data sharing archive (bin/cds.sh), as the image does
# (docker/Dockerfile). If there is none yet, a first start records the class list (reported as
# remotefs-first-start-seconds, not counted) and the archive is dumped before the measured runs
# (remotefs-archive-dump-seconds); REMOTEFS_CDS=off measures without it.
# shellcheck source=scripts/lib/localstack.sh
. scripts/lib/localstack.sh

bench_remotefs() {
  local runs=${1:-3}
  ensure_system_deps
  ensure_apt jq
  WORK=$(mktemp -d /tmp/remotefs-bench.XXXXXX)
  trap 'localstack_stop; rm -rf "$WORK"' RETURN
  build_jars >&2
  start_azurite >&2
  start_emulator >&2

  local policy=examples/local/security-policy.rego host_data
  host_data=$(sha256sum "$policy" | cut -c1-64)
  import_key bench-ro "$host_data" "$WORK/ro.key" >&2
  import_key bench-rw "$host_data" "$WORK/rw.key" >&2
  mkdir "$WORK/rw-src"
  bin/azmount image create --source examples/model-repository --key-file "$WORK/ro.key" \
    --output "$WORK/ro.img" >&2
  bin/azmount image create --source "$WORK/rw-src" --size 64M --key-file "$WORK/rw.key" \
    --output "$WORK/rw.img" >&2
  upload "$WORK/ro.img" "$AZURITE_BLOBS/bench/ro.img" block >&2
  upload "$WORK/rw.img" "$AZURITE_BLOBS/bench/rw.img" page >&2

  local mnt="$WORK/mnt" config
  config=$(jq -n --argjson ro "$(sidecar_filesystem "$mnt/models" "$AZURITE_BLOBS/bench/ro.img" bench-ro false)" \
    --argjson rw "$(sidecar_filesystem "$mnt/data" "$AZURITE_BLOBS/bench/rw.img" bench-rw true)" \
    '{azure_filesystems: [$ro, $rw]}')
  local args policy64
  args=$(printf '%s' "$config" | base64 -w0)
  policy64=$(base64 -w0 "$policy")

  # As the container image runs it (docker/Dockerfile), unless the caller says otherwise.
  export JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmx160m -Xmn16m -XX:MaxDirectMemorySize=64m -XX:ReservedCodeCacheSize=48m -Xss512k}
  local run start ready stop pid rss
  local ready_times=() rss_values=() stop_times=()
  local first=1
  bin/remotefs --help >/dev/null # builds if needed; drops an archive made from an older build
  if [ "${REMOTEFS_CDS:-on}" = on ] && ! ls remotefs/target/cds/app-*.jsa >/dev/null 2>&1; then
    first=0 # run 0 records the class list; the archive is dumped before run 1
  fi
  for ((run = first; run <= runs; run++)); do
    if [ "$run" = 1 ] && [ "$first" = 0 ]; then
      start=$(date +%s.%N)
      bin/remotefs --help >/dev/null
      printf 'remotefs-archive-dump-seconds: %s\n' "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')"
      ls remotefs/target/cds/app-*.jsa >/dev/null
    fi
    rm -f "$WORK/result"
    start=$(date +%s.%N)
    EncfsSideCarArgs=$args UVM_SECURITY_POLICY=$policy64 bin/remotefs --fake-attestation \
      --status-file "$WORK/result" --log-file "$WORK/remotefs-$run.log" 2>"$WORK/remotefs-$run.stderr" &
    pid=$!
    until [ "$(cat "$WORK/result" 2>/dev/null)" = 1 ]; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "remotefs failed: $(cat "$WORK/remotefs-$run.stderr")" >&2
        return 1
      fi
      sleep 0.02
    done
    ready=$(date +%s.%N)
    find "$mnt/models/" -type f -exec cat {} + >/dev/null
    head -c 16M /dev/urandom >"$mnt/data/written.bin" # replaced each run: the file system has 64 MiB
    sync -f "$mnt/data/"
    rss=$(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$pid/status")
    stop=$(date +%s.%N)
    kill -TERM "$pid"
    wait "$pid"
    local took stopped
    took=$(awk -v a="$start" -v b="$ready" 'BEGIN { printf "%.2f", b - a }')
    stopped=$(awk -v a="$stop" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
    echo "run $run: ready after $took s, peak RSS $rss MiB, stopped in $stopped s" >&2
    if [ "$run" = 0 ]; then
      printf 'remotefs-first-start-seconds: %s\n' "$took"
      continue
    fi
    ready_times+=("$took")
    stop_times+=("$stopped")
    rss_values+=("$rss")
  done
  printf 'remotefs-start-to-ready-seconds-runs: %s\n' "${ready_times[*]}"
  printf 'remotefs-start-to-ready-seconds-min: %s\n' "$(printf '%s\n' "${ready_times[@]}" | sort -n | head -1)"
  printf 'remotefs-peak-rss-MiB-max: %s\n' "$(printf '%s\n' "${rss_values[@]}" | sort -n | tail -1)"
  printf 'remotefs-stop-seconds-max: %s\n' "$(printf '%s\n' "${stop_times[@]}" | sort -n | tail -1)"
}
