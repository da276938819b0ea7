#!/bin/sh
# The error-detail rule of include/pki/common.h, checked in the sources: every public function
# (libpki.map) clears the detail on entry (pki__clear_error(), directly or through an entry
# helper or argument macro that does), except the documented ones that never touch it.
# tests/test_common.c checks the behaviour of a sample; this catches a new function that
# forgets the rule.
. "${top_srcdir}/tests/lib.sh"
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
# Whether @body clears the detail (pki__clear_error() or a call of one of @callers) before
# its first return, or its first return is "return <caller>(...)": where it does, or -2 when
# only after a return, -1 when never.
def clears_at(body, callers):
    at = min((body.find(c) for c in ["pki__clear_error();"] + [x + "(" for x in callers]
              if c in body), default=-1)
    ret = body.find("return")
    if ret >= 0 and re.match(r"return (\w+)\(", body[ret:]) and \
            re.match(r"return (\w+)\(", body[ret:]).group(1) in callers:
        return ret if at < 0 or at > ret else at
    return at if at >= 0 and (ret < 0 or at < ret) else (-2 if at >= 0 else -1)
# Entry helpers (internal.h: pki__enter, pki__enter_out, pki__enter_str...; file-local ones
# too): functions that clear the detail before they can return, directly or through another
# helper (a static name defined in several files counts when every definition does); and
# argument-checking macros whose expansion clears it or calls such a helper.
bodies = {}
for text in src.values():
    for m in re.finditer(r"^(?:static )?int (\w+)\([^;{]*\)\s*\{", text, re.M):
        bodies.setdefault(m.group(1), []).append(text[m.end():text.find("\n}\n", m.end())])
helpers = set()
while True:
    more = {h for h, bs in bodies.items()
            if h not in helpers and all(clears_at(b, helpers) >= 0 for b in bs)}
    if not more:
        break
    helpers |= more
macros = set(helpers)
for text in list(src.values()) + list(headers.values()):
    for m in re.finditer(r"#define (\w+)\([^)]*\)((?:.*\\\n)*.*)", text):
        if "pki__clear_error()" in m.group(2) or any(h + "(" in m.group(2) for h in helpers):
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
    at = clears_at(body, macros)
    if s in keep or s.endswith("_free"):
        ok = at == -1
        why = "never touches the detail" if ok else "must not clear the detail (common.h)"
    else:
        ok = at >= 0
        why = "clears the detail on entry" if ok else "does not clear the detail before its first return"
    print(f"{'ok' if ok else 'not ok'} {n} - {s} {why}")
    bad += not ok
print(f"1..{n}")
sys.exit(1 if bad else 0)
PY
