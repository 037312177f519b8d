# scripts/bench.sh rss [MiB]: peak resident memory (VmHWM) of `azmount mount` with default
# settings while it serves a sequential read of a MiB (default 1024) file and 20 s of fio 4 KiB
# random reads, from Azurite through loop + ext4.
. scripts/bench/common.sh
. scripts/bench/lib/stack.sh

bench_rss() {
  local mib=${1:-1024}
  stack_deps
  trap stack_cleanup EXIT RETURN
  stack_workdir
  stack_make_image "$mib"
  stack_start_azurite
  stack_upload "$STACK_DIR/image.luks" image.luks
  stack_azmount "$STACK_DIR/fuse" --url "$STACK_ENDPOINT/bench/image.luks" \
    --key-file "$STACK_DIR/key"
  stack_loop_ext4 "$STACK_DIR/fuse/volume" "$STACK_DIR/ext4"
  echo "rss-after-mount-MiB: $(stack_peak_rss_MiB "$STACK_AZMOUNT_PID")"
  echo "rss-sequential-read-MBps: $(stack_read_MBps "$STACK_DIR/ext4/file.bin")"
  echo "rss-random-read-iops: $(stack_fio_iops "$STACK_DIR/ext4/file.bin" 20)"
  echo "rss-azmount-peak-MiB: $(stack_peak_rss_MiB "$STACK_AZMOUNT_PID")"
}
