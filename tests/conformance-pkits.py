#!/usr/bin/env python3
"""Run NIST PKITS (the case list pkits_cases.json, certificates and CRLs from Debian's
python3-cryptography-vectors, x509/PKITS_data) through libpki's verification
(tests/pki-verify, with --crl-check=chain at the PKITS time 2011-04-15) and report how many
outcomes agree with the expected ones.

Not part of `make check`: a conformance measurement, not a claim of conformance.

  tests/conformance-pkits.py CASES.JSON PKITS_DATA PKI-VERIFY [--list-failures]

Cases whose settings differ from the defaults (a user-initial-policy-set other than anyPolicy,
initial-explicit-policy, inhibit-policy-mapping, inhibit-any-policy) are counted as skipped:
libpki's verification has no certificate-policy options.
"""
import base64
import calendar
import collections
import json
import os
import subprocess
import sys
import tempfile
import time


def pem(der, label="CERTIFICATE"):
    b = base64.encodebytes(der).decode().replace("\n", "")
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (label, "\n".join(lines), label)


def main():
    argv = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    list_failures = "--list-failures" in sys.argv
    cases_path, data, pv = argv
    doc = json.load(open(cases_path))
    at = calendar.timegm(time.strptime(doc["validation_time"], "%Y-%m-%dT%H:%M:%SZ"))
    stats = collections.Counter()
    by_section = collections.defaultdict(collections.Counter)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for tc in doc["cases"]:
            s = tc["settings"]
            sec = tc["section"]
            if (s["initial_policy_set"] != ["2.5.29.32.0"] or s["initial_explicit_policy"]
                    or s["initial_policy_mapping_inhibit"] or s["initial_inhibit_any_policy"]):
                stats["skip"] += 1
                by_section[sec]["skip"] += 1
                continue

            def cert(name):
                return open(os.path.join(data, "certs", name + ".crt"), "rb").read()

            ta = os.path.join(tmp, "ta.pem")
            with open(ta, "w") as f:
                f.write(pem(cert(tc["trust_anchor"])))
            leaf = os.path.join(tmp, "ee.pem")
            with open(leaf, "w") as f:
                f.write(pem(cert(tc["end_entity"])))
            cmd = [pv, "verify", "--ca=" + ta, "--at=%d" % at, "--crl-check=chain"]
            if tc["intermediates"]:
                inter = os.path.join(tmp, "inter.pem")
                with open(inter, "w") as f:
                    f.write("".join(pem(cert(n)) for n in tc["intermediates"]))
                cmd.append("--untrusted=" + inter)
            for crl in tc["crls"]:
                cmd.append("--crl=" + os.path.join(data, "crls", crl + ".crl"))
            cmd.append(leaf)
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, timeout=60)
            got = {0: "valid", 1: "invalid"}.get(r.returncode)
            if got is None:
                got = "invalid"
                stats["error"] += 1
            if got == tc["expect"]:
                stats["pass"] += 1
                by_section[sec]["pass"] += 1
            else:
                stats["fail"] += 1
                by_section[sec]["fail"] += 1
                failures.append((tc["id"], tc["name"], tc["expect"],
                                 r.stdout.decode(errors="replace").strip().splitlines()[-1:]))
    print("NIST PKITS: %d cases, %d run, %d agree with the expected result, %d disagree, "
          "%d skipped (policy settings), %d unreadable inputs (counted as rejections)"
          % (len(doc["cases"]), stats["pass"] + stats["fail"], stats["pass"], stats["fail"],
             stats["skip"], stats["error"]))
    for sec in sorted(by_section, key=lambda x: [int(p) for p in x.split(".")]):
        c = by_section[sec]
        print("  %-5s agree %3d  disagree %3d  skipped %3d" % (sec, c["pass"], c["fail"], c["skip"]))
    if list_failures:
        for id_, name, exp, last in failures:
            print("DISAGREE %s %s: expected %s; libpki: %s" % (id_, name, exp, " ".join(last)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
