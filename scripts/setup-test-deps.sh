#!/usr/bin/env bash
# Makes sure the test tools that npm cannot provide are here: Debian's Chromium (Playwright may not download a
# browser) and the Ceph packages for the RGW sandbox. Installs what is missing when root; otherwise says how.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
for tool in ceph-mon ceph-osd radosgw radosgw-admin monmaptool; do
  command -v "$tool" >/dev/null 2>&1 || { missing+=(ceph-mon ceph-osd radosgw ceph-common); break; }
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing test dependencies. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} (Debian packages)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
