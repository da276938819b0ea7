#!/usr/bin/env python3
"""Run NIST PKITS (the case list pkits_cases.json; certificates and CRLs from Debian's
python3-cryptography-vectors, x509/PKITS_data) through `pki verify` and compare every outcome
with the expected one and with the checked-in list of known failures.

  tests/conformance-pkits.py CASES.JSON PKITS_DATA PKI [--known FILE] [--tap] [--list-failures]

Every case runs with its own settings: the initial policy set (--policy), initial-explicit-policy,
inhibit-policy-mapping and inhibit-any-policy, at the PKITS time 2011-04-15, with every CRL of
the case and --crl-check chain. PKITS signs with DSA-1024 and SHA-1 in section 4.1, so the
algorithm policy is relaxed (--allow-sha1 --allow-legacy-keys): PKITS tests path validation,
not algorithm strength.

--known FILE: lines "ID<TAB>reason" (# comments): cases expected to disagree. With --tap, one
TAP line per case: a disagreement that is not listed, or a listed case that now agrees, is
"not ok". Exit status 0 when every outcome is the expected one.
"""
import base64
import calendar
import collections
import json
import os
import subprocess
import sys
import tempfile

from conformance_lib import finish, parse_args, read_known, tap_line
import time

ANY_POLICY = "2.5.29.32.0"


def pem(der, label="CERTIFICATE"):
    b = base64.encodebytes(der).decode().replace("\n", "")
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (label, "\n".join(lines), label)


def main():
    argv, (known_path,), (tap, list_failures) = parse_args(sys.argv[1:], ("--known",),
                                                           ("--tap", "--list-failures"))
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    cases_path, data, pki = argv
    known = read_known(known_path)
    doc = json.load(open(cases_path))
    at = calendar.timegm(time.strptime(doc["validation_time"], "%Y-%m-%dT%H:%M:%SZ"))
    stats = collections.Counter()
    failures = []
    unexpected = 0
    if tap:
        print("1..%d" % len(doc["cases"]))
    with tempfile.TemporaryDirectory() as tmp:
        for n, tc in enumerate(doc["cases"], 1):
            s = tc["settings"]

            def cert(name):
                return open(os.path.join(data, "certs", name + ".crt"), "rb").read()

            ta = os.path.join(tmp, "ta.pem")
            with open(ta, "w") as f:
                f.write(pem(cert(tc["trust_anchor"])))
            leaf = os.path.join(tmp, "ee.pem")
            with open(leaf, "w") as f:
                f.write(pem(cert(tc["end_entity"])))
            cmd = [pki, "verify", "--ca", ta, "--at", "@%d" % at, "--crl-check", "chain",
                   "--allow-sha1", "--allow-legacy-keys"]
            if tc["intermediates"]:
                inter = os.path.join(tmp, "inter.pem")
                with open(inter, "w") as f:
                    f.write("".join(pem(cert(c)) for c in tc["intermediates"]))
                cmd += ["--untrusted", inter]
            for crl in tc["crls"]:
                cmd += ["--crl", os.path.join(data, "crls", crl + ".crl")]
            if s["initial_policy_set"] != [ANY_POLICY]:
                for oid in s["initial_policy_set"]:
                    cmd += ["--policy", oid]
            if s["initial_explicit_policy"]:
                cmd.append("--explicit-policy")
            if s["initial_policy_mapping_inhibit"]:
                cmd.append("--inhibit-policy-mapping")
            if s["initial_inhibit_any_policy"]:
                cmd.append("--inhibit-any-policy")
            cmd.append(leaf)
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, timeout=60)
            got = {0: "valid", 1: "invalid"}.get(r.returncode)
            out = r.stdout.decode(errors="replace").strip().splitlines()
            why = " ".join(l.strip() for l in out if l.startswith("  - "))[:300]
            if got is None:
                got = "invalid"
                stats["error"] += 1
                why = "exit %d: %s" % (r.returncode, " ".join(out)[:200])
            agree = got == tc["expect"]
            stats["pass" if agree else "fail"] += 1
            if not agree:
                failures.append((tc["id"], tc["name"], tc["expect"], why))
            label = "%s %s" % (tc["id"], tc["name"])
            line, bad = tap_line(n, label, tc["id"], agree, known,
                                 "expected %s, got %s: %s" % (tc["expect"], got, why))
            unexpected += bad
            if tap:
                print(line, flush=True)
    summary = ("NIST PKITS: %d cases, %d agree with the expected result, %d disagree "
               "(%d of them known), %d unreadable inputs (counted as rejections)"
               % (len(doc["cases"]), stats["pass"], stats["fail"],
                  sum(1 for f in failures if f[0] in known), stats["error"]))
    return finish(summary, ("%s %s: expected %s; pki: %s" % f for f in failures), tap,
                  list_failures, unexpected and known_path)


if __name__ == "__main__":
    sys.exit(main())
