#!/usr/bin/env bash
# The local demo, the README's run command: the whole sidecar flow on this machine.
#   Azurite (blob storage) + `skr emulator` (MAA, Key Vault, IMDS); a key whose release policy
#   requires the fake report's HOST_DATA (SHA-256 of examples/local/security-policy.rego);
#   an encrypted image of examples/model-repository uploaded as a block blob; remotefs with
#   --fake-attestation mounts it; every file's SHA-256 is checked against the source; SIGTERM;
#   nothing is left mounted. Exits 0 when all of that worked.
# Needs root (loop devices, mounts) and /dev/fuse. KEEP=1 keeps the work directory.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/deps.sh
. scripts/lib/deps.sh
# shellcheck source=scripts/lib/localstack.sh
. scripts/lib/localstack.sh

started=$SECONDS
step() { printf '\n==> %s\n' "$*"; }
die() {
  echo "demo.sh: $*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] || die "run as root: remotefs needs loop devices and mounts"
[ -e /dev/fuse ] || die "no /dev/fuse on this machine"

step "system packages (fuse3 libfuse2 e2fsprogs util-linux jq, npm azurite)"
ensure_system_deps
ensure_apt jq

WORK=$(mktemp -d /tmp/ccsidecar-demo.XXXXXX)
cleanup() {
  localstack_stop
  if [ "${KEEP:-0}" = 1 ]; then
    echo "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

step "building the jars (skipped when up to date)"
build_jars

step "starting Azurite (blob storage) and skr emulator (MAA, Key Vault, IMDS) on 127.0.0.1"
start_azurite
start_emulator
echo "blobs: $AZURITE_BLOBS  MAA: $EMULATOR_MAA  Key Vault: $EMULATOR_VAULT  IMDS: $AZURE_POD_IDENTITY_AUTHORITY_HOST"

step "importing the disk key; its release policy requires HOST_DATA = SHA-256 of the demo policy"
policy=examples/local/security-policy.rego
host_data=$(sha256sum "$policy" | cut -c1-64)
echo "x-ms-sevsnpvm-hostdata must equal $host_data"
import_key demo-models-key "$host_data" "$WORK/keyfile.bin"

step "encrypting examples/model-repository into a LUKS2 image"
bin/azmount image create --source examples/model-repository --key-file "$WORK/keyfile.bin" \
  --output "$WORK/models.img"
rm -f "$WORK/keyfile.bin" # from here on only the key vault has the key

step "uploading the image to Azurite as a block blob"
blob_url="$AZURITE_BLOBS/models/models.img"
upload "$WORK/models.img" "$blob_url" block

step "starting remotefs with fake attestation"
mnt="$WORK/mnt"
models="$mnt/models"
config=$(jq -n --argjson fs "$(sidecar_filesystem "$models" "$blob_url" demo-models-key false)" \
  '{azure_filesystems: [$fs]}')
EncfsSideCarArgs=$(printf '%s' "$config" | base64 -w0) \
  UVM_SECURITY_POLICY=$(base64 -w0 "$policy") \
  bin/remotefs --fake-attestation --status-file "$WORK/result" --log-file "$WORK/remotefs.log" \
  2>"$WORK/remotefs.stderr" &
remotefs_pid=$!
LOCALSTACK_PIDS+=("$remotefs_pid")
deadline=$((SECONDS + 180))
until [ "$(cat "$WORK/result" 2>/dev/null)" = 1 ]; do
  kill -0 "$remotefs_pid" 2>/dev/null || die "remotefs failed: $(cat "$WORK/remotefs.stderr")"
  [ "$SECONDS" -lt "$deadline" ] || die "remotefs not ready within 180 s; see $WORK/remotefs.log"
  sleep 0.2
done
grep 'ready:' "$WORK/remotefs.log" | tail -1

step "the decrypted model repository at $models"
find "$models/" -mindepth 1 -printf '%M %8s  %P\n' | sort -k3
(cd examples/model-repository && find . -type f -print0 | sort -z | xargs -0 sha256sum) \
  >"$WORK/expected.sha256"
(cd "$models" && sha256sum --check "$WORK/expected.sha256")
echo "every file's SHA-256 matches the source"

step "stopping remotefs (SIGTERM)"
kill -TERM "$remotefs_pid"
status=0
wait "$remotefs_pid" || status=$?
[ "$status" -eq 0 ] || die "remotefs exited with $status: $(cat "$WORK/remotefs.stderr")"
if [ -e "$models" ] || mountpoint -q "$mnt/.filesystem-0" 2>/dev/null; then
  die "something is left mounted under $mnt"
fi
echo "remotefs exited 0; nothing left mounted"
grep -E 'stop requested|stopped' "$WORK/remotefs.log" | tail -2

echo
echo "demo OK in $((SECONDS - started)) s"
