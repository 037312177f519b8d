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

work=$(mktemp -d /tmp/ccsidecar-demo.XXXXXX)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "${KEEP:-0}" = 1 ]; then
    echo "work directory kept: $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# free_port: a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || die "$what did not happen within $seconds s"
    sleep 0.2
  done
}

step "building the jars (skipped when up to date)"
jars=(remotefs/target/remotefs-0.1.0-SNAPSHOT.jar azmount/target/azmount-0.1.0-SNAPSHOT.jar
  skr-core/target/skr-core-0.1.0-SNAPSHOT.jar skr-emulator/target/skr-emulator-0.1.0-SNAPSHOT.jar)
stale=0
for jar in "${jars[@]}"; do
  if [ ! -f "$jar" ] || [ -n "$(find ./*/src/main ./*/pom.xml pom.xml -newer "$jar" -print -quit)" ]; then
    stale=1
  fi
done
if [ "$stale" = 1 ]; then
  mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true package -pl remotefs,skr-emulator -am
fi

step "starting Azurite (blob storage) on 127.0.0.1"
azurite_port=$(free_port)
azurite-blob --blobHost 127.0.0.1 --blobPort "$azurite_port" --location "$work/azurite" \
  --skipApiVersionCheck --disableTelemetry --loose >"$work/azurite.log" 2>&1 &
pids+=($!)
wait_for 60 "Azurite listening" bash -c "exec 3<>/dev/tcp/127.0.0.1/$azurite_port"
account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;BlobEndpoint=http://127.0.0.1:$azurite_port/devstoreaccount1;"
echo "Azurite: http://127.0.0.1:$azurite_port/devstoreaccount1"

step "starting skr emulator (MAA, Key Vault, IMDS)"
bin/skr emulator --port 0 --state-dir "$work/emulator" >"$work/emulator.out" 2>"$work/emulator.log" &
pids+=($!)
wait_for 60 "the emulator writing endpoints.json" test -s "$work/emulator/endpoints.json"
endpoints="$work/emulator/endpoints.json"
maa=$(jq -r .maa "$endpoints")
vault=$(jq -r .vault "$endpoints")
export SKR_CA_FILE AZURE_POD_IDENTITY_AUTHORITY_HOST
SKR_CA_FILE=$(jq -r .ca_file "$endpoints")
AZURE_POD_IDENTITY_AUTHORITY_HOST=$(jq -r .imds "$endpoints")
echo "MAA: $maa  Key Vault: $vault  IMDS: $AZURE_POD_IDENTITY_AUTHORITY_HOST"

step "importing the disk key; its release policy requires HOST_DATA = SHA-256 of the demo policy"
policy=examples/local/security-policy.rego
host_data=$(sha256sum "$policy" | cut -c1-64)
echo "x-ms-sevsnpvm-hostdata must equal $host_data"
jq --arg maa "$maa" --arg vault "$vault" --arg hostdata "$host_data" \
  '.key.authority.endpoint = $maa | .key.akv.endpoint = $vault
   | .claims[0] |= map(if .claim == "x-ms-sevsnpvm-hostdata" then .equals = $hostdata else . end)' \
  examples/local/importkeyconfig.json >"$work/importkeyconfig.json"
bin/skr import-key --config "$work/importkeyconfig.json" --out "$work/keyfile.bin"

step "encrypting examples/model-repository into a LUKS2 image"
bin/azmount image create --source examples/model-repository --key-file "$work/keyfile.bin" \
  --output "$work/models.img"
rm -f "$work/keyfile.bin" # from here on only the key vault has the key

step "uploading the image to Azurite as a block blob"
blob_url="http://127.0.0.1:$azurite_port/devstoreaccount1/models/models.img"
bin/azmount upload --file "$work/models.img" --url "$blob_url" --type block

step "starting remotefs with fake attestation"
mnt="$work/mnt"
models="$mnt/models"
config=$(jq --arg mp "$models" --arg url "$blob_url" --arg maa "$maa" --arg vault "$vault" \
  '.azure_filesystems[0].mount_point = $mp | .azure_filesystems[0].azure_url = $url
   | .azure_filesystems[0].key.authority.endpoint = $maa
   | .azure_filesystems[0].key.akv.endpoint = $vault' examples/local/encfs-sidecar-args.json)
EncfsSideCarArgs=$(printf '%s' "$config" | base64 -w0) \
  UVM_SECURITY_POLICY=$(base64 -w0 "$policy") \
  bin/remotefs --fake-attestation --status-file "$work/result" --log-file "$work/remotefs.log" \
  2>"$work/remotefs.stderr" &
remotefs_pid=$!
pids+=("$remotefs_pid")
ready() {
  [ "$(cat "$work/result" 2>/dev/null)" = 1 ] && return 0
  kill -0 "$remotefs_pid" 2>/dev/null || die "remotefs failed: $(cat "$work/remotefs.stderr")"
  return 1
}
wait_for 180 "remotefs ready" ready
grep 'ready:' "$work/remotefs.log" | tail -1

step "the decrypted model repository at $models"
find "$models/" -mindepth 1 -printf '%M %8s  %P\n' | sort -k3
(cd examples/model-repository && find . -type f -print0 | sort -z | xargs -0 sha256sum) \
  >"$work/expected.sha256"
(cd "$models" && sha256sum --check "$work/expected.sha256")
echo "every file's SHA-256 matches the source"

step "stopping remotefs (SIGTERM)"
kill -TERM "$remotefs_pid"
status=0
wait "$remotefs_pid" || status=$?
[ "$status" -eq 0 ] || die "remotefs exited with $status: $(cat "$work/remotefs.stderr")"
if [ -e "$models" ] || mountpoint -q "$mnt/.filesystem-0" 2>/dev/null; then
  die "something is left mounted under $mnt"
fi
echo "remotefs exited 0; nothing left mounted"
grep -E 'stop|stopped' "$work/remotefs.log" | tail -2

echo
echo "demo OK in $((SECONDS - started)) s (work directory $work)"
