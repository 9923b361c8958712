#!/bin/bash
# Packs what the Node runner on Dawn needs on a GPU machine that has neither Node nor a network (x86-64 Linux,
# glibc ≥ 2.34): a stripped, xz-compressed copy of this machine's node, Dawn's native module, the Vulkan loader and glvnd (NVIDIA's Vulkan driver needs them),
# the bundles (npm run dawn:build) and the dataset packs. Then, on that machine, from a copy of the repo:
#   bash scripts/dawn/remote-run.sh probe acceptance bench
# usage: bash scripts/dawn/pack-remote.sh [DIR=.remote] [dataset ids...]   (default: every acceptance target's pack,
# about 60 MB with node; name fewer ids when the transfer to that machine is limited)
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${1:-.remote}
shift || true
IDS=${*:-mnist fashion-mnist first-names spam-bow spam-seq iris}
mkdir -p "$DIR/base/webgpu" "$DIR/base/gl" "$DIR/data"
npm run dawn:build   # always: a stale bundle would carry old presets
[ -f public/datasets/mnist.pack ] || npm run datasets
strip -o "$DIR/base/node" "$(command -v node)"
xz -T0 -6 -f "$DIR/base/node"
xz -T0 -9 -c node_modules/webgpu/dist/linux-x64/dawn.node > "$DIR/base/dawn.node.xz"
cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$DIR/base/webgpu/"
(cd "$DIR/base/gl" && apt-get download libvulkan1 libglvnd0 libglx0 libegl1 libgl1 libopengl0 libgles2) || { echo "could not download the Vulkan loader and glvnd (libvulkan1, libglvnd0, ...) with apt-get"; exit 1; }
for id in $IDS; do
  f=public/datasets/$id.pack
  [ -f "$f" ] || { echo "no dataset pack $f (npm run datasets builds them)"; exit 1; }
  if [ "$(stat -c %s "$f")" -gt 4000000 ]; then xz -T0 -9 -c "$f" > "$DIR/data/$id.pack.xz"; else cp "$f" "$DIR/data/"; fi
done
du -sh "$DIR"/*
