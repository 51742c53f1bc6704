#!/usr/bin/env bash
# Installs the Debian packages the product needs when they are missing.
# Usage: ensure-system-packages.sh COMMAND:PACKAGE ...   (e.g. dot:graphviz)
set -euo pipefail
missing=()
for pair in "$@"; do
  # A pair is COMMAND:PACKAGE, or /FILE:PACKAGE for packages without a command (fonts).
  cmd=${pair%%:*}; pkg=${pair#*:}
  case "$cmd" in
    /*) [ -e "$cmd" ] || missing+=("$pkg") ;;
    *) command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "error: ${missing[*]} missing and not root: run 'apt-get install ${missing[*]}' as root, then retry." >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no apt-get on this machine: install ${missing[*]} with your package manager, then retry." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq || { echo "error: apt-get update failed (network?): install ${missing[*]} by hand, then retry." >&2; exit 1; }
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || { echo "error: apt-get install ${missing[*]} failed: install them by hand, then retry." >&2; exit 1; }
