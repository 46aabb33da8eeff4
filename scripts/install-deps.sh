#!/usr/bin/env bash
# Installs what Wharf needs on a fresh Debian 12 machine: the container runtime and networking pieces the node
# agent drives, tools that build the test images, and etcd as the benchmark yardstick. Idempotent.
set -euo pipefail

packages=(
  containerd runc containernetworking-plugins   # CRI runtime and CNI plugins (/usr/lib/cni)
  nftables iproute2 conntrack                   # service proxy and network-safety routes
  iptables kmod                                 # overlay's FORWARD-policy check, br_netfilter loading
  busybox-static umoci skopeo                   # test and sandbox images, built locally (no pulls)
  etcd-server etcd-client                       # benchmark yardstick, multi-server store
  docker-registry apache2-utils                 # local registry (and htpasswd) for the image-pull tests
  ca-certificates curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required (https://dot.net)"; exit 1; }
command -v kubectl >/dev/null || echo "note: kubectl is not installed; the end-to-end tests need kubectl 1.32"
