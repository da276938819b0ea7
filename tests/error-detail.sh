#!/bin/sh
# The error-detail rule of include/pki/common.h, checked in the sources: every public function
# (libpki.map) clears the detail on entry (pki__clear_error(), directly or through an argument
# macro that does), except the documented ones that never touch it. tests/test_common.c checks
# the behaviour of a sample; this catches a new function that forgets the rule.
. "${top_srcdir}/tests/lib.sh"
: "${PYTHON:=python3}"
command -v "$PYTHON" >/dev/null 2>&1 || { echo "1..0 # SKIP $PYTHON is missing"; exit 0; }
"$PYTHON" - "$top_srcdir" <<'PY'
import glob, re, sys
top = sys.argv[1]
# The functions that never change the detail (common.h lists them).
keep = {"pki_error_detail", "pki_strerror", "pki_version", "pki_version_number", "pki_free", "pki_strings_free", "pki_key_type_name",
        "pki_key_algorithm", "pki_key_curve", "pki_crl_reason_name", "pki_verify_reason_name",
        "pki_lint_severity_name"}
syms = re.findall(r"^\s+(pki_\w+);", open(f"{top}/libpki/libpki.map").read(), re.M)
src = {f: open(f).read() for f in sorted(glob.glob(f"{top}/libpki/*.c"))}
headers = {f: open(f).read() for f in sorted(glob.glob(f"{top}/libpki/*.h"))}
# Argument-checking macros whose expansion clears the detail.
macros = set()
for text in list(src.values()) + list(headers.values()):
    for m in re.finditer(r"#define (\w+)\([^)]*\)((?:.*\\\n)*.*)", text):
        if "pki__clear_error()" in m.group(2):
            macros.add(m.group(1))
n = 0
bad = 0
for s in syms:
    n += 1
    body = None
    for f, text in src.items():
        m = re.search(r"^[\w ]*?[\w\*]\s*\**\b" + s + r"\([^;{]*\)\s*\{", text, re.M)
        if m:
            end = text.find("\n}\n", m.end())
            body = text[m.end():end]
            break
    if body is None:
        print(f"not ok {n} - {s}: no definition found in libpki/*.c"); bad += 1; continue
    first = [c for c in ["pki__clear_error();"] + [x + "(" for x in macros] if c in body]
    at = min((body.find(c) for c in first), default=-1)
    ret = body.find("return")
    if s in keep or s.endswith("_free"):
        ok = at < 0
        why = "never touches the detail" if ok else "must not clear the detail (common.h)"
    else:
        ok = at >= 0 and (ret < 0 or at < ret)
        why = "clears the detail on entry" if ok else "does not clear the detail before its first return"
    print(f"{'ok' if ok else 'not ok'} {n} - {s} {why}")
    bad += not ok
print(f"1..{n}")
sys.exit(1 if bad else 0)
PY
