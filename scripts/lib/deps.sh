# Idempotent installers shared by the scripts. Source this file; do not run it.

# ensure_apt PKG...: installs the Debian packages that are not installed yet.
ensure_apt() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    $sudo apt-get update -q >/dev/null
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  }
}

# ensure_azurite: installs the npm package azurite globally unless azurite-blob already runs.
ensure_azurite() {
  azurite-blob --version >/dev/null 2>&1 && return 0
  if ! command -v azurite-blob >/dev/null 2>&1; then
    echo "installing npm package azurite" >&2
    npm install -g --silent --no-fund --no-audit azurite >/dev/null
  fi
  # npm running as root can leave the bin targets without the execute bit.
  local bin
  for bin in azurite azurite-blob; do
    chmod +x "$(readlink -f "$(command -v "$bin")")"
  done
  azurite-blob --version >/dev/null
}

# ensure_system_deps: what the test suite and the tools need at run time.
ensure_system_deps() {
  ensure_apt fuse3 libfuse2 cryptsetup-bin e2fsprogs util-linux openssl
  ensure_azurite
}
