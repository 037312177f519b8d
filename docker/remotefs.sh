#!/usr/bin/env bash
# Entrypoint of the sidecar image: the Java counterpart of the Go sidecar's encfs.sh.
# Environment:
#   EncfsSideCarArgs  base64 of the sidecar's JSON configuration (read by remotefs itself)
#   LogFile           optional: append logs to this file instead of stderr
#   LogLevel          optional: trace, debug, info, warning or error
#   REMOTEFS_BIN      optional: the remotefs launcher (default: java -jar /opt/remotefs/remotefs.jar)
#   JAVA_OPTS         optional: extra JVM options for the default launcher
# remotefs writes 1 to ./result once every filesystem is mounted (0 on failure) and stays in the
# foreground; SIGTERM/SIGINT are forwarded to it, it unmounts everything and this script exits 0.
# If remotefs fails, the container stays up (result = 0) until SIGTERM so its logs can be read,
# as the Go sidecar's entrypoint does.
set -uo pipefail

args=()
if [ -n "${LogFile:-}" ]; then
  args+=(--log-file "$LogFile")
fi
if [ -n "${LogLevel:-}" ]; then
  args+=(--log-level "$LogLevel")
fi

if [ -n "${REMOTEFS_BIN:-}" ]; then
  command=("$REMOTEFS_BIN")
else
  read -r -a java_opts <<<"${JAVA_OPTS:-}"
  # The class-data sharing archive made when the image was built (docker/Dockerfile), if any.
  if [ -f /opt/remotefs/cds/remotefs.jsa ]; then
    java_opts+=(-XX:SharedArchiveFile=/opt/remotefs/cds/remotefs.jsa)
  fi
  command=(java "${java_opts[@]}" -jar /opt/remotefs/remotefs.jar)
fi

echo "starting: ${command[*]} ${args[*]}" >&2
"${command[@]}" "${args[@]}" &
remotefs_pid=$!

# shellcheck disable=SC2317  # called by the trap below
stop() {
  kill -TERM "$remotefs_pid" 2>/dev/null
  wait "$remotefs_pid"
  exit 0
}
trap stop TERM INT

wait "$remotefs_pid"
status=$?
if [ "$status" -ne 0 ]; then
  echo "remotefs exited with status $status (see the line above and the log); staying up until SIGTERM" >&2
  while true; do
    sleep 1 &
    wait $!
  done
fi
exit 0
