#!/usr/bin/env bash
# Builds Wharf's local images from Debian's busybox-static, so a node boots air-gapped with zero pulls:
#   wharf.local/pause:3.10    the sandbox ("pause") image: a shell that sleeps and exits 0 on SIGTERM/SIGINT
#   wharf.local/busybox:1.36  busybox with applet symlinks (sh, httpd, wget, nslookup, nc, …), entrypoint /bin/sh
# Each lands as a docker archive (importable with `ctr images import` / `wharf images import`) in the output
# folder (default out/images). Idempotent: a stamp of the busybox binary and this script skips rebuilding.
# Usage: scripts/build-images.sh [OUTPUT_DIR]
set -euo pipefail

out="${1:-out/images}"
busybox_bin="${BUSYBOX:-/bin/busybox}"
for tool in umoci skopeo sha256sum; do
  command -v "$tool" >/dev/null || { echo "build-images: $tool is missing (run scripts/install-deps.sh)" >&2; exit 1; }
done
[ -x "$busybox_bin" ] || { echo "build-images: $busybox_bin is missing (install busybox-static)" >&2; exit 1; }
# A dynamically linked busybox would not run inside a scratch image.
if command -v file >/dev/null && ! file -L "$busybox_bin" | grep -q 'statically linked'; then
  echo "build-images: $busybox_bin is not static (install busybox-static)" >&2; exit 1
fi

arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
stamp="$out/.stamp"
want="$(cat "$busybox_bin" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$out/pause-3.10.tar" ] && [ -f "$out/busybox-1.36.tar" ]; then
  echo "build-images: up to date in $out"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/wharf-images.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# make_rootfs DIR APPLET... : a scratch root with /bin/busybox, one symlink per applet and the directories
# runc and the CRI expect to mount over (/etc/hosts, /etc/resolv.conf, /etc/hostname, /dev, /proc, /sys).
make_rootfs() {
  local root="$1"; shift
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev" "$root/root" "$root/var/www"
  chmod 1777 "$root/tmp"
  install -m 0755 "$busybox_bin" "$root/bin/busybox"
  local applet
  for applet in "$@"; do ln -sf busybox "$root/bin/$applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$root/etc/group"
}

# build NAME TAG ROOTFS ENTRYPOINT... : one OCI image from ROOTFS, saved as $out/NAME-TAG.tar.
build() {
  local name="$1" tag="$2" root="$3"; shift 3
  local layout="$work/layout-$name" entry=()
  local arg
  for arg in "$@"; do entry+=(--config.entrypoint "$arg"); done
  umoci init --layout "$layout"
  umoci new --image "$layout:$tag"
  umoci insert --image "$layout:$tag" "$root" /
  umoci config --image "$layout:$tag" --os linux --architecture "$arch" \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --config.workingdir / "${entry[@]}"
  rm -f "$out/$name-$tag.tar.tmp"
  skopeo copy --quiet "oci:$layout:$tag" "docker-archive:$out/$name-$tag.tar.tmp:wharf.local/$name:$tag"
  mv "$out/$name-$tag.tar.tmp" "$out/$name-$tag.tar"
  echo "build-images: wharf.local/$name:$tag -> $out/$name-$tag.tar"
}

make_rootfs "$work/pause" sh sleep
# PID 1 ignores signals it has no handler for, so the trap is what makes the sandbox stop on SIGTERM.
build pause 3.10 "$work/pause" /bin/sh -c 'trap "exit 0" TERM INT; sleep 2147483647 & wait'

make_rootfs "$work/busybox" sh ash httpd wget nslookup nc sleep cat tar echo ls ps mkdir rm cp mv ln env id \
  hostname grep sed awk head tail wc date true false test kill touch chmod chown df du free mount umount \
  printf seq sort uniq timeout ping ip ifconfig netstat vi find xargs tee dd gzip gunzip base64 md5sum \
  sha256sum uname whoami top watch pwd stat readlink basename dirname expr yes sync nohup
build busybox 1.36 "$work/busybox" /bin/sh

echo "$want" >"$stamp"
