#!/bin/sh
# The packaging check (scripts/test.sh stage 8): build the Debian packages from this tree with
# the minimal debian/ directory of packaging/debian/ (kept out of the installed sources and of
# the tarball's debian/), run lintian (no error or warning allowed, no override), install the
# .debs, import the Python module and run pki, then remove the packages again.
# Needs root (dpkg -i), dpkg-buildpackage, debhelper, dh-python and lintian.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=${PKI_DEB_DIR:-$top/_build/deb}
for tool in dpkg-buildpackage dh lintian; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "packaging check: $tool not found (Debian packages debhelper, dh-python, lintian)"; exit 77; }
done

rm -rf "$work" && mkdir -p "$work/libpki"
# the tree as a clean clone has it (no build folders, no git metadata), plus debian/
tar -C "$top" --exclude=./_build --exclude=./.git --exclude=./demo -cf - . | tar -C "$work/libpki" -xf -
rm -rf "$work/libpki/debian" && cp -R "$top/packaging/debian" "$work/libpki/debian"
echo "== dpkg-buildpackage (DEB_BUILD_OPTIONS=nocheck: the tests run in the other stages)"
(cd "$work/libpki" && DEB_BUILD_OPTIONS="nocheck parallel=${PKI_JOBS:-2}" \
	dpkg-buildpackage -b -us -uc >"$work/build.log" 2>&1) ||
	{ tail -40 "$work/build.log"; echo "packaging check: dpkg-buildpackage failed ($work/build.log)"; exit 1; }
ls -l "$work"/*.deb

echo "== lintian"
changes=$(ls "$work"/*.changes)
lintian --fail-on error,warning --display-info "$changes"

echo "== install, import, run"
# Every package dpkg -i installs below (the -dbgsym ones too, which depend on the others: a
# list that left them out could not remove anything), removed in one call at the end.
pkgs=$(for deb in "$work"/*.deb; do dpkg-deb -f "$deb" Package; done)
cleanup() {
	dpkg -r $pkgs >"$work/remove.log" 2>&1 ||
		{ cat "$work/remove.log"; echo "packaging check: could not remove the packages:" $pkgs; exit 1; }
}
trap cleanup EXIT
dpkg -i "$work"/*.deb
# Only what the packages installed: a libpki under /usr/local (scripts/demo.sh puts one there)
# comes first on every search path, so Python runs without its site directories and with
# Debian's dist-packages alone, and programs load the packaged libpki.so.0.
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
debian_only() { LD_LIBRARY_PATH="/usr/lib/$multiarch" "$@"; }
debian_only /usr/bin/python3 -S -c 'import sys
sys.path.insert(0, "/usr/lib/python3/dist-packages")
import pki
assert pki.__file__.startswith("/usr/lib/python3/dist-packages/pki/"), pki.__file__
assert pki._libpki.__file__.startswith("/usr/lib/python3/dist-packages/pki/"), pki._libpki.__file__
key = pki.Key.generate("ed25519")
assert pki.Cert.self_signed(key, "CN=deb").matches(key)
print("import pki:", pki.version(), pki.__file__)'
debian_only /usr/bin/pki --version
d=$(mktemp -d)
(cd "$d" && debian_only /usr/bin/pki quick --ca-dir ca localhost >/dev/null &&
	debian_only /usr/bin/pki verify --ca ca/ca.pem --host localhost localhost.pem)
rm -rf "$d"
test -f /usr/share/man/man3/pki_cert_issue.3.gz
PKG_CONFIG_LIBDIR="/usr/lib/$multiarch/pkgconfig:/usr/share/pkgconfig" pkg-config --exists libpki
echo "packaging check: ok"
