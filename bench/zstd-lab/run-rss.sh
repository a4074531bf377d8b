#!/usr/bin/env bash
# All memory figures of results/apply-rss.jsonl. Needs the patches and compressed images made by:
#   zstd -19 --long=27 --single-thread --patch-from=OLD NEW -o $P/vmlinuz.cli19.zst
#   SAVE_PATCH=$P node bench/zstd-lab/sizes.mjs CORPUS l22-wl27,l19-wl27-f1m,l19-wl27-f256k vmlinuz
#   SAVE_PATCH=$P node bench/zstd-lab/sizes.mjs CORPUS l19-f1m-slice1m,l19-f256k-slice1m,l19-f256k-slice256k vmlinuz
#   node bench/zstd-lab/full-images.mjs CORPUS $FULL
# Usage: bash bench/zstd-lab/run-rss.sh [CORPUS] [P] [FULL] > bench/zstd-lab/results/apply-rss.jsonl
set -euo pipefail
here=$(dirname "$0")
F=${1:-/work/shared/firmware}; P=${2:-/tmp/zstd-lab/p}; FULL=${3:-/tmp/zstd-lab/full}
node "$here/apply-rss.mjs" copy-floor - "$F/vmlinuz/new.bin" "$F/vmlinuz/new.bin"
for patch in vmlinuz.cli19.zst vmlinuz.l22-wl27.zst vmlinuz.l19-wl27-f1m.zst vmlinuz.l19-wl27-f256k.zst; do
  [ -f "$P/$patch" ] && node "$here/apply-rss.mjs" zstd-patch "$F/vmlinuz/old.bin" "$P/$patch" "$F/vmlinuz/new.bin"
done
for patch in vmlinuz.l19-f1m-slice1m.zst vmlinuz.l19-f256k-slice1m.zst vmlinuz.l19-f256k-slice256k.zst; do
  [ -f "$P/$patch" ] && node "$here/apply-rss.mjs" zstd-sliced "$F/vmlinuz/old.bin" "$P/$patch" "$F/vmlinuz/new.bin"
done
for pair in uboot ovmf vmlinuz; do
  node "$here/apply-rss.mjs" zstd-full - "$FULL/$pair.full.zst" "$F/$pair/new.bin"
  node "$here/apply-rss.mjs" brotli-full - "$FULL/$pair.full.br" "$F/$pair/new.bin"
done
