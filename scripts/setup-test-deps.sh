#!/usr/bin/env bash
# Installs what the tests need from Debian, and only what is missing: Chromium (Playwright cannot download a
# browser on this network; it is pointed at /usr/bin/chromium) and Ceph (scripts/sandbox.mjs runs a local RGW).
# As root it runs apt-get; otherwise it prints the command to run and exits 1. Silent when all is present.
set -euo pipefail

PACKAGES=(chromium fonts-dejavu-core ceph-mon ceph-osd radosgw ceph-common)

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! installed "$pkg"; then
    missing+=("$pkg")
  fi
done
# The package can be present while the binary the tests use is not (a removed file, a different layout).
if [[ ! -x /usr/bin/chromium ]] && [[ ! " ${missing[*]} " == *" chromium "* ]]; then
  missing+=(chromium)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

install=(apt-get install -y --no-install-recommends "${missing[@]}")
if [[ $(id -u) -ne 0 ]]; then
  echo "setup-test-deps: missing ${missing[*]}. Install them with:" >&2
  echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive ${install[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "setup-test-deps: missing ${missing[*]}, and this is not a Debian-like system (no apt-get)" >&2
  exit 1
fi

echo "setup-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
# --reinstall: a package that is installed but lost its binary (the chromium check above) needs it.
if installed chromium && [[ ! -x /usr/bin/chromium ]]; then
  apt-get install -y --no-install-recommends --reinstall chromium
  missing=("${missing[@]/chromium/}")
fi
if [[ -n "${missing[*]// /}" ]]; then
  apt-get install -y --no-install-recommends ${missing[*]}
fi
