#!/usr/bin/env bash
# Installs the reference delta tools that `npm run bench:delta` measures side by side with the
# project's patcher: Debian's bsdiff (bsdiff/bspatch), zstd and xdelta3. Skips what is already on
# PATH; apt-get runs through sudo when not root. HDiffPatch is not packaged by Debian: the
# benchmark prints the corpus README's HDiffPatch figure instead of measuring it.
set -euo pipefail
missing=()
{ command -v bsdiff && command -v bspatch; } >/dev/null 2>&1 || missing+=(bsdiff)
command -v zstd >/dev/null 2>&1 || missing+=(zstd)
command -v xdelta3 >/dev/null 2>&1 || missing+=(xdelta3)
if [ "${#missing[@]}" -eq 0 ]; then
  echo "bench:delta tools: bsdiff, zstd and xdelta3 already installed"
else
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "bench:delta tools: installing ${missing[*]} (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "HDiffPatch: not packaged by Debian, not installed; bench:delta shows the corpus README's figure"
