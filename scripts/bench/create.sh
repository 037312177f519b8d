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
  local start end summary
  start=$(date +%s.%N)
  summary=$(bin/azmount image create --source "$work/src" --key-file "$work/key" --generate-key \
    --output "$work/image.luks")
  end=$(date +%s.%N)
  echo "$summary" >&2
  awk -v mib="$mib" -v start="$start" -v end="$end" -v summary="$summary" 'BEGIN {
    seconds = end - start
    printf "create-source-MiB: %d\n", mib
    printf "create-total-seconds: %.2f\n", seconds
    printf "create-total-MBps: %.0f\n", mib * 1048576 / seconds / 1e6
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
