#!/usr/bin/env bash
# Installs the test tools npm cannot provide, from Debian, and only those missing: Chromium (Playwright may not
# download a browser here; it runs /usr/bin/chromium) and Ceph (scripts/sandbox.mjs runs a local RGW with it).
# As root it runs apt-get; otherwise it prints the command to run and exits 1. Silent when all is present.
set -euo pipefail

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
for pkg in fonts-dejavu-core ceph-mon ceph-osd radosgw ceph-common; do
  installed "$pkg" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "setup-test-deps: missing ${missing[*]}. Install with:" >&2
  echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "setup-test-deps: installing ${missing[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
if [ ! -x /usr/bin/chromium ]; then
  # The package is installed but its launcher is gone: apt-get install does nothing then.
  echo "setup-test-deps: /usr/bin/chromium is still missing; try: apt-get install --reinstall chromium" >&2
  exit 1
fi
