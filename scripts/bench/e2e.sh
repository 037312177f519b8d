# scripts/bench.sh e2e [MiB] [rounds]: sequential read of a MiB (default 1024) file through
# Azurite -> azmount (BlockCache, LUKS2 decryption, FUSE) -> loop -> ext4, against `rclone mount`
# of the same plaintext on the same Azurite, alternating, page cache dropped before every read.
# Prints the best of `rounds` (default 2) for each and, last, e2e-read-ratio-vs-rclone.
. scripts/bench/common.sh
. scripts/bench/lib/stack.sh

bench_e2e() {
  local mib=${1:-1024} rounds=${2:-2}
  stack_deps
  trap stack_cleanup EXIT RETURN
  stack_workdir
  stack_make_image "$mib"
  stack_start_azurite
  stack_upload "$STACK_DIR/image.luks" image.luks
  stack_upload "$STACK_DIR/src/file.bin" file.bin
  stack_azmount "$STACK_DIR/fuse" --url "$STACK_ENDPOINT/bench/image.luks" \
    --key-file "$STACK_DIR/key"
  stack_loop_ext4 "$STACK_DIR/fuse/volume" "$STACK_DIR/ext4"
  stack_rclone_mount "$STACK_DIR/rclone"
  cmp -s <(head -c 1M "$STACK_DIR/ext4/file.bin") <(head -c 1M "$STACK_DIR/rclone/file.bin") || {
    echo "e2e: the two mounts serve different bytes" >&2
    return 1
  }
  local best_az=0 best_rc=0 r v
  for ((r = 1; r <= rounds; r++)); do
    v=$(stack_read_MBps "$STACK_DIR/ext4/file.bin")
    echo "round $r azmount: $v MB/s" >&2
    ((v > best_az)) && best_az=$v
    v=$(stack_read_MBps "$STACK_DIR/rclone/file.bin")
    echo "round $r rclone: $v MB/s" >&2
    ((v > best_rc)) && best_rc=$v
  done
  echo "e2e-file-MiB: $mib"
  echo "e2e-azmount-read-MBps: $best_az"
  echo "e2e-rclone-read-MBps: $best_rc"
  echo "e2e-azmount-peak-rss-MiB: $(stack_peak_rss_MiB "$STACK_AZMOUNT_PID")"
  awk -v a="$best_az" -v r="$best_rc" 'BEGIN { printf "e2e-read-ratio-vs-rclone: %.2f\n", a / r }'
}
