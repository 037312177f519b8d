# scripts/bench.sh create [MiB]: times `bin/azmount image create` of a directory of random files
# (1024 MiB by default, 16 MiB each) under /tmp, through the launcher as a user runs it.
. scripts/bench/common.sh

bench_create() {
  ensure_apt e2fsprogs
  local mib=${1:-1024}
  bench_build_jar
  local work
  work=$(mktemp -d /tmp/azmount-bench-create.XXXXXX)
  trap 'rm -rf "$work"' RETURN
  mkdir "$work/src"
  local i
  for ((i = 0; i < mib / 16; i++)); do
    head -c 16M /dev/urandom >"$work/src/file-$i.bin"
  done
  sync
  local start end summary cpu
  start=$(date +%s.%N)
  # CPU seconds (user + system) of the command and its children: on a busy machine the wall
  # clock measures the queue for the CPU as much as the work.
  cpu=$( { TIMEFORMAT='%U %S'; time bin/azmount image create --source "$work/src" \
    --key-file "$work/key" --generate-key --output "$work/image.luks" >"$work/summary"; } 2>&1 \
    | tail -1 | awk '{ print $1 + $2 }')
  end=$(date +%s.%N)
  summary=$(cat "$work/summary")
  echo "$summary" >&2
  awk -v mib="$mib" -v start="$start" -v end="$end" -v cpu="$cpu" -v summary="$summary" 'BEGIN {
    seconds = end - start
    printf "create-source-MiB: %d\n", mib
    printf "create-total-seconds: %.2f\n", seconds
    printf "create-total-MBps: %.0f\n", mib * 1048576 / seconds / 1e6
    printf "create-cpu-seconds: %.2f\n", cpu
    if (match(summary, /\([0-9]+ MB\/s\)/)) {
      printf "create-encrypt-MBps: %s\n", substr(summary, RSTART + 1, RLENGTH - 7)
    }
    if (match(summary, /mkfs\.ext4 [0-9.]+ s/)) {
      printf "create-mkfs-seconds: %s\n", substr(summary, RSTART + 10, RLENGTH - 12)
    }
    if (match(summary, /sync [0-9.]+ s/)) {
      printf "create-sync-seconds: %s\n", substr(summary, RSTART + 5, RLENGTH - 7)
    }
  }'
}
