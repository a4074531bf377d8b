#!/usr/bin/env bash
# Reference figures from Debian's zstd and xz CLIs on every corpus pair, in one run.
# Usage: bash bench/zstd-lab/cli-ref.sh [CORPUS_DIR] > results/cli-ref.tsv
# Columns: pair, new_bytes, tool/mode, output bytes, % of new.bin, wall seconds, max RSS KiB of the tool
set -euo pipefail
CORPUS=${1:-/work/shared/firmware}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf 'pair\tnew_bytes\tmode\tbytes\tpct\tsecs\tmaxrss_kib\n'
run() { # pair newsize mode outfile cmd...
  local pair=$1 n=$2 mode=$3 out=$4; shift 4
  /usr/bin/time -f '%e %M' -o "$TMP/t" "$@" 2>/dev/null
  read -r secs rss < "$TMP/t"
  local b; b=$(stat -c %s "$out")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$pair" "$n" "$mode" "$b" "$(echo "scale=4; 100*$b/$n" | bc)" "$secs" "$rss"
}
for dir in "$CORPUS"/*/; do
  pair=$(basename "$dir"); old=$dir/old.bin; new=$dir/new.bin
  [ -f "$old" ] && [ -f "$new" ] || continue
  n=$(stat -c %s "$new")
  run "$pair" "$n" "zstd -19 --long=27 --patch-from" "$TMP/p1" zstd -q -f -19 --long=27 --patch-from="$old" "$new" -o "$TMP/p1"
  run "$pair" "$n" "zstd -19 --long=27 --patch-from --single-thread" "$TMP/p2" zstd -q -f -19 --long=27 --single-thread --patch-from="$old" "$new" -o "$TMP/p2"
  run "$pair" "$n" "zstd --ultra -22 --long=27 --patch-from --single-thread" "$TMP/p3" zstd -q -f --ultra -22 --long=27 --single-thread --patch-from="$old" "$new" -o "$TMP/p3"
  # decode check + decoder RSS (CLI, old image as prefix)
  run "$pair" "$n" "unzstd --long=27 --patch-from (decode of row 1)" "$TMP/d1" zstd -q -f -d --long=27 --patch-from="$old" "$TMP/p1" -o "$TMP/d1"
  cmp -s "$TMP/d1" "$new" || { echo "DECODE MISMATCH $pair" >&2; exit 1; }
  run "$pair" "$n" "full: zstd -19 --long=27" "$TMP/f1" zstd -q -f -19 --long=27 "$new" -o "$TMP/f1"
  run "$pair" "$n" "full: xz -9e" "$TMP/f2.xz" sh -c "xz -9e -k -c '$new' > '$TMP/f2.xz'"
done
