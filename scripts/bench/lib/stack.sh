# The azmount read stack for the e2e/local/fio/rss benchmarks: Azurite, an encrypted image,
# `azmount mount`, a read-only loop device and the kernel's ext4; and an `rclone mount` of the same
# plaintext for comparison. Sourced by scripts/bench/{e2e,local,fio,rss}.sh; everything it starts
# is recorded and undone by stack_cleanup (run it from a trap).

STACK_ACCOUNT=devstoreaccount1
STACK_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
STACK_UNDO=()

stack_deps() {
  ensure_apt fuse3 libfuse2 e2fsprogs util-linux cryptsetup-bin rclone fio
  ensure_azurite
  bench_build_jar
}

# stack_workdir: a fresh directory under /tmp, removed at cleanup.
stack_workdir() {
  STACK_DIR=$(mktemp -d /tmp/azmount-bench.XXXXXX)
  STACK_UNDO+=("rm -rf $STACK_DIR")
}

# stack_cleanup: undoes everything in reverse order; never fails.
stack_cleanup() {
  local i
  for ((i = ${#STACK_UNDO[@]} - 1; i >= 0; i--)); do
    eval "${STACK_UNDO[i]}" >/dev/null 2>&1 || true
  done
  STACK_UNDO=()
}

# stack_make_image MIB: $STACK_DIR/src/file.bin (MIB MiB of random bytes) and, from it, the
# encrypted ext4 image $STACK_DIR/image.luks with key $STACK_DIR/key (`azmount image create`).
stack_make_image() {
  local mib=$1
  mkdir -p "$STACK_DIR/src"
  head -c "${mib}M" /dev/urandom >"$STACK_DIR/src/file.bin"
  bin/azmount image create --source "$STACK_DIR/src" --key-file "$STACK_DIR/key" --generate-key \
    --output "$STACK_DIR/image.luks" >&2
}

# stack_start_azurite: Azurite on a free loopback port with the container `bench`; sets
# STACK_ENDPOINT and STACK_CONNECTION.
stack_start_azurite() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$STACK_DIR/azurite"
  azurite-blob --blobHost 127.0.0.1 --blobPort "$port" --location "$STACK_DIR/azurite" \
    --skipApiVersionCheck --disableTelemetry --loose >"$STACK_DIR/azurite.log" 2>&1 &
  local pid=$!
  STACK_UNDO+=("kill $pid; wait $pid")
  local i
  for ((i = 0; i < 300; i++)); do
    grep -q 'successfully listens' "$STACK_DIR/azurite.log" 2>/dev/null && break
    sleep 0.2
  done
  STACK_ENDPOINT="http://127.0.0.1:$port/$STACK_ACCOUNT"
  STACK_CONNECTION="DefaultEndpointsProtocol=http;AccountName=$STACK_ACCOUNT;AccountKey=$STACK_KEY;BlobEndpoint=$STACK_ENDPOINT;"
  # rclone remote `az:` = the container, through a container SAS (use_emulator is broken in
  # Debian's rclone 1.60: it builds the emulator URL without a scheme).
  export RCLONE_CONFIG_AZ_TYPE=azureblob
  RCLONE_CONFIG_AZ_SAS_URL=$(java -cp 'azmount/target/lib/*' scripts/bench/lib/ContainerSas.java \
    "$STACK_CONNECTION" bench 2>/dev/null | grep '^http')
  export RCLONE_CONFIG_AZ_SAS_URL
}

# stack_upload FILE NAME: uploads FILE as the block blob bench/NAME.
stack_upload() {
  rclone copyto -q "$1" "az:bench/$2"
}

# stack_azmount DIR ARGS...: `bin/azmount mount --mountpoint DIR ARGS...` in the background until
# it prints `ready:`; sets STACK_AZMOUNT_PID.
stack_azmount() {
  local dir=$1
  shift
  AZURE_STORAGE_CONNECTION_STRING=${STACK_CONNECTION:-} bin/azmount mount --mountpoint "$dir" "$@" \
    >"$STACK_DIR/azmount.out" 2>"$STACK_DIR/azmount.err" &
  STACK_AZMOUNT_PID=$!
  STACK_UNDO+=("kill $STACK_AZMOUNT_PID; wait $STACK_AZMOUNT_PID")
  local i
  for ((i = 0; i < 600; i++)); do
    grep -q '^ready: ' "$STACK_DIR/azmount.out" 2>/dev/null && return 0
    kill -0 "$STACK_AZMOUNT_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "azmount mount did not get ready: $(cat "$STACK_DIR/azmount.err")" >&2
  return 1
}

# stack_loop_ext4 FILE DIR: attaches FILE read-only to a loop device with direct I/O, as remotefs
# does, and mounts its ext4 on DIR.
stack_loop_ext4() {
  local loop
  loop=$(losetup --find --show --read-only --direct-io=on "$1")
  STACK_UNDO+=("losetup -d $loop")
  mkdir -p "$2"
  mount -t ext4 -o ro,noload "$loop" "$2"
  STACK_UNDO+=("umount -l $2")
}

# stack_rclone_mount DIR: `rclone mount az:bench DIR --read-only` with rclone's defaults.
stack_rclone_mount() {
  mkdir -p "$1"
  rclone mount az:bench "$1" --read-only >"$STACK_DIR/rclone.log" 2>&1 &
  local pid=$!
  STACK_UNDO+=("kill $pid; wait $pid" "fusermount -u -z $1")
  local i
  for ((i = 0; i < 300; i++)); do
    mountpoint -q "$1" && return 0
    sleep 0.2
  done
  echo "rclone mount did not come up: $(tail -3 "$STACK_DIR/rclone.log")" >&2
  return 1
}

# stack_read_MBps FILE: drops the page cache, reads FILE sequentially with dd (1 MiB blocks) and
# prints decimal MB/s.
stack_read_MBps() {
  sync
  echo 3 >/proc/sys/vm/drop_caches
  local start end bytes
  bytes=$(stat -c %s "$1")
  start=$(date +%s.%N)
  dd if="$1" of=/dev/null bs=1M status=none
  end=$(date +%s.%N)
  awk -v b="$bytes" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f\n", b / (e - s) / 1e6 }'
}

# stack_peak_rss_MiB PID: the process's peak resident set (VmHWM) in MiB.
stack_peak_rss_MiB() {
  awk '/^VmHWM:/ { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status"
}

# stack_fio_iops FILE SECONDS: 4 KiB random reads with O_DIRECT, 4 jobs x queue depth 16 (libaio);
# prints read IOPS.
stack_fio_iops() {
  sync
  echo 3 >/proc/sys/vm/drop_caches
  fio --name=randread --filename="$1" --readonly --rw=randread --bs=4k --direct=1 \
    --ioengine=libaio --iodepth=16 --numjobs=4 --runtime="$2" --time_based --group_reporting \
    --output-format=terse --terse-version=3 | awk -F';' '{ printf "%.0f\n", $8 }'
}
