#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the last release on Node 20)
# from the npm registry into .cache/code-server, once; later runs reuse it.
# The end-to-end tests drive it in headless Chromium, and run the
# extension-host tests in its bundled VS Code server, because there is no
# VS Code desktop download on machines without internet.
#
# Needs the Debian packages .ci/run installs: libkrb5-dev libx11-dev
# libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.100.3
cache="${WHIRLPOOL_CODE_SERVER_CACHE:-$PWD/.cache/code-server}"
root="$cache/$version"
marker="$root/.installed"

if [[ -f "$marker" ]]; then
  echo "code-server $version already installed in $root"
  exit 0
fi

for tool in rg chromium; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "setup-code-server: '$tool' is missing; install the Debian packages listed in .ci/run" >&2
    exit 1
  fi
done

rm -rf "$root"
mkdir -p "$root"
(
  cd "$root"
  npm pack "code-server@$version" --silent >/dev/null
  tar -xzf "code-server-$version.tgz"
  rm "code-server-$version.tgz"
)

# The postinstall scripts refuse root and download ripgrep from the internet,
# so install without scripts and rebuild only the native modules.
export npm_config_yes=true npm_config_unsafe_perm=true npm_config_audit=false npm_config_fund=false
(
  cd "$root/package"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  npm rebuild argon2 --loglevel=error
)
(
  cd "$root/package/lib/vscode"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  npm rebuild node-pty @parcel/watcher kerberos @vscode/spdlog native-watchdog @vscode/deviceid --loglevel=error
  ln -sfn node_modules node_modules.asar
)

# Its own config folder, so checking the version writes nothing into the home folder.
XDG_CONFIG_HOME="$cache/config" node "$root/package/out/node/entry.js" --version
touch "$marker"
