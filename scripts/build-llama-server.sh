#!/usr/bin/env bash
# Builds llama.cpp's llama-server from the source that node-llama-cpp ships (llama/gitRelease.bundle)
# and caches it outside the repository, keyed by node-llama-cpp's version and the bundle's llama.cpp tag.
# Prints the path of the binary on stdout; build logs go to stderr. Safe to run again: a cached build is reused.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pkg="$root/node_modules/node-llama-cpp"
[ -f "$pkg/llama/gitRelease.bundle" ] || { echo "node-llama-cpp is not installed: run npm ci first" >&2; exit 1; }
version=$(node -p "require('$pkg/package.json').version")
tag=$(node -p "require('$pkg/llama/llama.cpp.info.json').tag")
cache="${TRIALBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/trialbook}/llama-server-$version-$tag"
bin="$cache/bin/llama-server"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "building llama-server $tag (node-llama-cpp $version) into $cache; this takes about 15 minutes on 2 cores" >&2
git clone -q "$pkg/llama/gitRelease.bundle" "$work/llama.cpp" >&2
cmake -S "$work/llama.cpp" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_USE_PREBUILT_UI=OFF \
  -DLLAMA_OPENSSL=OFF -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DBUILD_SHARED_LIBS=OFF >&2
cmake --build "$work/build" --target llama-server -j"$(nproc)" >&2
mkdir -p "$cache/bin.tmp"
cp "$work/build/bin/llama-server" "$cache/bin.tmp/"
rm -rf "$cache/bin" && mv "$cache/bin.tmp" "$cache/bin"
"$bin" --version >&2 || true
echo "$bin"
