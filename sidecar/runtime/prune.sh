#!/bin/sh
# Removes from the sidecar image's node_modules what Linux x64 never loads. Run in the
# folder that holds node_modules, right after `npm ci` and in the same RUN, so the removed
# bytes never reach a layer. The image build then imports @huggingface/transformers, so a
# prune that went too far fails the build, not production.
set -eu

# onnxruntime-node ships its native library for every platform (darwin, win32, linux arm64 and
# x64: 288 MB); only linux/x64 is loaded here.
for dir in node_modules/onnxruntime-node/bin/napi-v*; do
  find "$dir" -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} +
  find "$dir/linux" -mindepth 1 -maxdepth 1 ! -name x64 -exec rm -rf {} +
done

# transformers.js' Node build (dist/transformers.node.mjs) carries its own copy of the
# onnxruntime-web code it uses and loads onnxruntime-node for inference; the 141 MB package
# (WebAssembly and WebGPU builds for browsers) is never imported.
rm -rf node_modules/onnxruntime-web

# Type declarations are not needed to run.
rm -rf node_modules/@types
