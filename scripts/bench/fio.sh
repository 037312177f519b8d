# scripts/bench.sh fio [MiB] [seconds]: 4 KiB random reads (fio, O_DIRECT, libaio, 4 jobs x
# queue depth 16) of a MiB (default 1024) file in the ext4 on azmount's volume, from Azurite
# (block blob, default cache settings) and from a local image in /dev/shm. Prints IOPS.
. scripts/bench/common.sh
. scripts/bench/lib/stack.sh

bench_fio() {
  local mib=${1:-1024} seconds=${2:-20}
  stack_deps
  trap stack_cleanup EXIT RETURN
  stack_workdir
  stack_make_image "$mib"
  stack_start_azurite
  stack_upload "$STACK_DIR/image.luks" image.luks
  stack_azmount "$STACK_DIR/fuse" --url "$STACK_ENDPOINT/bench/image.luks" \
    --key-file "$STACK_DIR/key"
  stack_loop_ext4 "$STACK_DIR/fuse/volume" "$STACK_DIR/ext4"
  echo "fio-azurite-4k-randread-iops: $(stack_fio_iops "$STACK_DIR/ext4/file.bin" "$seconds")"
  echo "fio-azurite-azmount-peak-rss-MiB: $(stack_peak_rss_MiB "$STACK_AZMOUNT_PID")"
  stack_cleanup
  stack_workdir
  stack_make_image "$mib"
  local image=/dev/shm/azmount-bench-fio.$$.luks
  mv "$STACK_DIR/image.luks" "$image"
  STACK_UNDO+=("rm -f $image")
  stack_azmount "$STACK_DIR/fuse" --local-path "$image" --key-file "$STACK_DIR/key"
  stack_loop_ext4 "$STACK_DIR/fuse/volume" "$STACK_DIR/ext4"
  echo "fio-local-4k-randread-iops: $(stack_fio_iops "$STACK_DIR/ext4/file.bin" "$seconds")"
}
