#!/bin/sh
# Run the pytest suite (tests/python/) against the in-tree build of the Python bindings and
# report each pytest test as one TAP line, for automake's TAP driver.
# Environment (from make check): PYTHON, top_srcdir, top_builddir, PYTHON_TESTS (yes/no).
. "${top_srcdir}/tests/lib.sh"

if [ "${PYTHON_TESTS:-yes}" = no ] || ! "$PYTHON" -c 'import pytest, cryptography' >/dev/null 2>&1; then
	echo "1..0 # SKIP pytest and cryptography are not importable by $PYTHON (configure PYTHON=/usr/bin/python3)"
	exit 0
fi

# The package as assembled in the build tree by make (bindings/python/inplace/pki: the .py
# files and the extension pki._libpki), libpki.so from the build tree too.
PYTHONPATH="$top_builddir/bindings/python/inplace${PYTHONPATH:+:$PYTHONPATH}"
LD_LIBRARY_PATH="$top_builddir/libpki/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# The source tree is read-only under distcheck: no bytecode, no pytest cache there.
PYTHONDONTWRITEBYTECODE=1
export PYTHONPATH LD_LIBRARY_PATH PYTHONDONTWRITEBYTECODE
# A library built with the sanitizers needs their runtime loaded before the interpreter.
if [ "${PKI_SANITIZERS:-no}" = yes ]; then
	LD_PRELOAD="$(${CC:-cc} -print-file-name=libasan.so) $(${CC:-cc} -print-file-name=libubsan.so)"
	ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
	export LD_PRELOAD ASAN_OPTIONS
fi

cd "$TMP" || exit 99
"$PYTHON" -m pytest -p no:cacheprovider -c /dev/null --rootdir="$TMP" -o junit_family=xunit2 \
	--junitxml="$TMP/junit.xml" -q -rfE "$top_srcdir/tests/python" >"$TMP/pytest.out" 2>&1
rc=$?

"$PYTHON" - "$TMP/junit.xml" "$rc" "$TMP/pytest.out" <<'EOF'
# Turn pytest's JUnit XML into TAP: one line per test case.
import sys
import xml.etree.ElementTree as ET

path, rc, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines, failed = [], 0
try:
    cases = list(ET.parse(path).getroot().iter("testcase"))
except (OSError, ET.ParseError) as exc:
    cases = []
    lines.append(f"not ok 1 - pytest wrote no readable report ({exc})")
    failed += 1
for case in cases:
    name = f"{case.get('classname', '')}::{case.get('name', '')}".lstrip(":")
    bad = case.find("failure") if case.find("failure") is not None else case.find("error")
    skip = case.find("skipped")
    n = len(lines) + 1
    if bad is not None:
        failed += 1
        lines.append(f"not ok {n} - {name}")
        for text in ((bad.get("message") or "") + "\n" + (bad.text or "")).splitlines()[-40:]:
            lines.append("# " + text)
    elif skip is not None:
        lines.append(f"ok {n} - {name} # SKIP {skip.get('message', '')}".rstrip())
    else:
        lines.append(f"ok {n} - {name}")
if cases and rc not in (0, 1):
    lines.append(f"not ok {len(lines) + 1} - pytest exited with status {rc}")
    failed += 1
if not cases and rc == 5:
    lines.append(f"not ok {len(lines) + 1} - pytest collected no tests")
    failed += 1
elif not cases:
    lines.append(f"not ok {len(lines) + 1} - pytest failed before running tests (status {rc})")
    failed += 1
if rc == 1 and failed == 0:
    lines.append(f"not ok {len(lines) + 1} - pytest reported failures the report does not show")
    failed += 1
if failed:
    with open(out, errors="replace") as f:
        lines.extend("# " + line.rstrip("\n") for line in f.readlines()[-60:])
print("\n".join(lines))
print(f"1..{sum(1 for l in lines if l.startswith(('ok ', 'not ok ')))}")
sys.exit(1 if failed else 0)
EOF
