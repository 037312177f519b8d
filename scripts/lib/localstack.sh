# shellcheck shell=bash
# The local stack shared by scripts/demo.sh and scripts/bench/remotefs.sh: Azurite and the skr
# emulator on 127.0.0.1, and helpers around them. Source this file; do not run it.
# Callers set WORK (a scratch directory) and append to LOCALSTACK_PIDS the processes to stop.

LOCALSTACK_PIDS=()
AZURITE_ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

# localstack_stop: SIGTERM to every recorded process, then waits for them.
localstack_stop() {
  local pid
  for pid in "${LOCALSTACK_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${LOCALSTACK_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  LOCALSTACK_PIDS=()
}

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

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds, or fails naming it.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$what did not happen within $seconds s" >&2
      return 1
    fi
    sleep 0.2
  done
}

# build_jars: builds remotefs, azmount, skr-core and skr-emulator unless their jars are current.
build_jars() {
  local jar stale=0
  for jar in remotefs/target/remotefs-0.1.0-SNAPSHOT.jar azmount/target/azmount-0.1.0-SNAPSHOT.jar \
    skr-core/target/skr-core-0.1.0-SNAPSHOT.jar skr-emulator/target/skr-emulator-0.1.0-SNAPSHOT.jar; do
    if [ ! -f "$jar" ] || [ -n "$(find ./*/src/main ./*/pom.xml pom.xml -newer "$jar" -print -quit)" ]; then
      stale=1
    fi
  done
  if [ "$stale" = 1 ]; then
    mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true package -pl remotefs,skr-emulator -am
  fi
}

# start_azurite: Azurite's blob service on a free port; exports AZURE_STORAGE_CONNECTION_STRING
# and sets AZURITE_BLOBS (the account's blob endpoint URL).
start_azurite() {
  local port
  port=$(free_port)
  azurite-blob --blobHost 127.0.0.1 --blobPort "$port" --location "$WORK/azurite" \
    --skipApiVersionCheck --disableTelemetry --loose >"$WORK/azurite.log" 2>&1 &
  LOCALSTACK_PIDS+=($!)
  wait_for 60 "Azurite listening on 127.0.0.1:$port" bash -c "exec 3<>/dev/tcp/127.0.0.1/$port"
  AZURITE_BLOBS="http://127.0.0.1:$port/devstoreaccount1"
  export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_ACCOUNT_KEY;BlobEndpoint=$AZURITE_BLOBS;"
}

# start_emulator: `skr emulator` (MAA, Key Vault, IMDS); sets EMULATOR_MAA and EMULATOR_VAULT and
# exports SKR_CA_FILE and AZURE_POD_IDENTITY_AUTHORITY_HOST for the clients.
start_emulator() {
  bin/skr emulator --port 0 --state-dir "$WORK/emulator" >"$WORK/emulator.out" 2>"$WORK/emulator.log" &
  LOCALSTACK_PIDS+=($!)
  wait_for 90 "the emulator writing endpoints.json" test -s "$WORK/emulator/endpoints.json"
  local endpoints="$WORK/emulator/endpoints.json"
  EMULATOR_MAA=$(jq -r .maa "$endpoints")
  EMULATOR_VAULT=$(jq -r .vault "$endpoints")
  SKR_CA_FILE=$(jq -r .ca_file "$endpoints")
  AZURE_POD_IDENTITY_AUTHORITY_HOST=$(jq -r .imds "$endpoints")
  export SKR_CA_FILE AZURE_POD_IDENTITY_AUTHORITY_HOST
}

# import_key NAME HOST_DATA KEYFILE: imports an oct-HSM key into the emulator's vault, released
# only to HOST_DATA (from examples/local/importkeyconfig.json), and writes its bytes to KEYFILE.
import_key() {
  local name=$1 host_data=$2 keyfile=$3
  jq --arg kid "$name" --arg maa "$EMULATOR_MAA" --arg vault "$EMULATOR_VAULT" --arg hostdata "$host_data" \
    '.key.kid = $kid | .key.authority.endpoint = $maa | .key.akv.endpoint = $vault
     | .claims[0] |= map(if .claim == "x-ms-sevsnpvm-hostdata" then .equals = $hostdata else . end)' \
    examples/local/importkeyconfig.json >"$WORK/importkeyconfig-$name.json"
  bin/skr import-key --config "$WORK/importkeyconfig-$name.json" --out "$keyfile"
}

# sidecar_filesystem MOUNT_POINT URL KID READ_WRITE: one azure_filesystems entry (JSON) from
# examples/local/encfs-sidecar-args.json, pointed at the emulator.
sidecar_filesystem() {
  jq -c --arg mp "$1" --arg url "$2" --arg kid "$3" --argjson rw "$4" \
    --arg maa "$EMULATOR_MAA" --arg vault "$EMULATOR_VAULT" \
    '.azure_filesystems[0] | .mount_point = $mp | .azure_url = $url | .read_write = $rw
     | .key.kid = $kid | .key.authority.endpoint = $maa | .key.akv.endpoint = $vault' \
    examples/local/encfs-sidecar-args.json
}

# upload FILE URL block|page: puts FILE into Azurite (scripts/lib/AzuriteUpload.java, run by the
# JDK's single-file launcher on azmount's libraries).
upload() {
  java -cp 'azmount/target/lib/*' scripts/lib/AzuriteUpload.java "$@"
}
