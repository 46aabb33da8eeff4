#!/usr/bin/env bash
# Installs what Wharf needs, builds the wharf binary and starts a single-node cluster in the background
# (embedded SQLite store). Prints how to point kubectl at it. Stop it with: kill "$(cat "$DATA_DIR/wharf.pid")".
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
if [ -x scripts/build-images.sh ]; then
  ./scripts/build-images.sh
fi
dotnet publish src/Wharf -c Release -o out/wharf -nologo -clp:ErrorsOnly

if [ "$(id -u)" -eq 0 ]; then
  DATA_DIR=${DATA_DIR:-/var/lib/wharf/server}
  KUBECONFIG_PATH=${KUBECONFIG_PATH:-/etc/wharf/wharf.yaml}
else
  DATA_DIR=${DATA_DIR:-$HOME/.wharf/server}
  KUBECONFIG_PATH=${KUBECONFIG_PATH:-$DATA_DIR/wharf.yaml}
fi
mkdir -p "$DATA_DIR/agent/images"
# The node agent imports every archive in its images folder at start, so the cluster needs no registry.
cp out/images/*.tar "$DATA_DIR/agent/images/" 2>/dev/null || true
if [ -f "$DATA_DIR/wharf.pid" ] && kill -0 "$(cat "$DATA_DIR/wharf.pid")" 2>/dev/null; then
  echo "wharf server is already running (pid $(cat "$DATA_DIR/wharf.pid"))"
else
  rm -f "$KUBECONFIG_PATH"
  nohup ./out/wharf/wharf server --data-dir "$DATA_DIR" --write-kubeconfig "$KUBECONFIG_PATH" "$@" >"$DATA_DIR/wharf.log" 2>&1 &
  echo $! >"$DATA_DIR/wharf.pid"
  for _ in $(seq 1 100); do
    [ -f "$KUBECONFIG_PATH" ] && break
    kill -0 "$(cat "$DATA_DIR/wharf.pid")" 2>/dev/null || { cat "$DATA_DIR/wharf.log"; exit 1; }
    sleep 0.2
  done
fi

# With the embedded agent, give the node a moment to register and report Ready before the first `kubectl get nodes`.
case " $* " in
  *" --disable-agent "*) ;;
  *) for _ in $(seq 1 60); do
       KUBECONFIG=$KUBECONFIG_PATH kubectl get nodes --no-headers 2>/dev/null | grep -q " Ready " && break
       sleep 0.5
     done ;;
esac

echo
echo "Wharf is running (log: $DATA_DIR/wharf.log). Use it with:"
echo "  export KUBECONFIG=$KUBECONFIG_PATH"
echo
KUBECONFIG=$KUBECONFIG_PATH kubectl get nodes || true
