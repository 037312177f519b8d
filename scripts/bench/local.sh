# scripts/bench.sh local [MiB] [rounds]: sequential read of a MiB (default 1024) file through
# azmount from a LOCAL image (--local-path) -> loop -> ext4, page cache dropped before every read.
# The image lives in /dev/shm so the figure is the stack's, not the disk's. Also reads the FUSE
# `volume` file directly (no loop, no ext4) to show what the loop device costs.
. scripts/bench/common.sh
. scripts/bench/lib/stack.sh

bench_local() {
  local mib=${1:-1024} rounds=${2:-2}
  stack_deps
  trap stack_cleanup EXIT RETURN
  stack_workdir
  stack_make_image "$mib"
  local image=/dev/shm/azmount-bench-local.$$.luks
  mv "$STACK_DIR/image.luks" "$image"
  STACK_UNDO+=("rm -f $image")
  stack_azmount "$STACK_DIR/fuse" --local-path "$image" --key-file "$STACK_DIR/key"
  stack_loop_ext4 "$STACK_DIR/fuse/volume" "$STACK_DIR/ext4"
  cmp -s "$STACK_DIR/src/file.bin" "$STACK_DIR/ext4/file.bin" || {
    echo "local: the mounted file differs from the source" >&2
    return 1
  }
  local best=0 best_volume=0 r v
  for ((r = 1; r <= rounds; r++)); do
    v=$(stack_read_MBps "$STACK_DIR/ext4/file.bin")
    echo "round $r ext4-over-loop: $v MB/s" >&2
    ((v > best)) && best=$v
    v=$(stack_read_MBps "$STACK_DIR/fuse/volume")
    echo "round $r volume: $v MB/s" >&2
    ((v > best_volume)) && best_volume=$v
  done
  echo "local-file-MiB: $mib"
  echo "local-volume-read-MBps: $best_volume"
  echo "local-azmount-peak-rss-MiB: $(stack_peak_rss_MiB "$STACK_AZMOUNT_PID")"
  echo "local-read-MBps: $best"
}
