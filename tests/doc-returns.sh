#!/bin/sh
# Every public declaration of the headers listed below has a doc comment (one comment may
# cover a group of declarations that follow it) with @since, and says what it returns: an int
# function names its codes (@return or PKI_E_*), a bool one when it is true, a pointer one
# when it is NULL.
. "${top_srcdir}/tests/lib.sh"
command -v "$PYTHON" >/dev/null 2>&1 || { echo "1..0 # SKIP $PYTHON is missing"; exit 0; }
"$PYTHON" - "$top_srcdir" common.h key.h x509.h pkcs12.h lint.h crl.h verify.h token.h ocsp.h <<'PY'
import re, sys
top, headers = sys.argv[1], sys.argv[2:]
n = bad = 0
for h in headers:
    text = open(f"{top}/include/pki/{h}").read()
    doc = ""
    # Walk doc comments and declarations in order; a declaration uses the last doc comment
    # unless something other than declarations came in between.
    for m in re.finditer(r"/\*\*(?P<doc>.*?)\*/|(?P<decl>PKI_API [^;]*?\b(?P<name>pki_\w+)\([^;]*\);)(?P<tail>[^\n]*)|\n\s*\n", text, re.S):
        if m.group("doc") is not None:
            doc = m.group("doc")
            continue
        if m.group("decl") is None:  # a blank line ends a group
            doc = ""
            continue
        n += 1
        name, decl = m.group("name"), m.group("decl")
        d = doc + (m.group("tail") or "")
        rtype = decl[len("PKI_API "):decl.index(name)].strip()
        problems = []
        if not d:
            problems.append("no doc comment")
        if "@since" not in d:
            problems.append("no @since")
        if rtype == "int" and "@return" not in d and "PKI_E_" not in d:
            problems.append("return codes not documented")
        if rtype == "bool" and not re.search(r"\btrue\b|\bTrue\b", d):
            problems.append("does not say when it is true")
        if rtype.endswith("*") and "NULL" not in d:
            problems.append("does not say when it returns NULL")
        if problems:
            bad += 1
            print(f"not ok {n} - {h}: {name}: {', '.join(problems)}")
        else:
            print(f"ok {n} - {h}: {name}")
print(f"1..{n}")
sys.exit(1 if bad else 0)
PY
