#!/usr/bin/env python3
"""Run the x509-limbo test cases (https://x509-limbo.com, limbo.json) through libpki's
verification (tests/pki-verify) and report how many outcomes agree with the expected ones.

Not part of `make check`: a conformance measurement, not a claim of conformance.

  tests/conformance-limbo.py LIMBO.JSON PKI-VERIFY [--list-failures] [--id-prefix P]

Cases needing features libpki's verification has no option for (a maximum chain depth,
signature-algorithm or key-usage restrictions, several expected peer names, peer names of
other kinds than DNS and IP) are counted as skipped.
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile


def main():
    argv = sys.argv[1:]
    prefix = ""
    if "--id-prefix" in argv:
        i = argv.index("--id-prefix")
        prefix = argv[i + 1]
        del argv[i:i + 2]
    list_failures = "--list-failures" in argv
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    limbo, pv = args
    cases = json.load(open(limbo))["testcases"]
    stats = {"pass": 0, "fail": 0, "skip": 0, "error": 0}
    by_family = {}
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for tc in cases:
            if not tc["id"].startswith(prefix):
                continue
            family = tc["id"].split("::")[0]
            fam = by_family.setdefault(family, {"pass": 0, "fail": 0, "skip": 0, "error": 0})
            peer = tc.get("expected_peer_name")
            skip = (tc.get("max_chain_depth") is not None or tc.get("signature_algorithms")
                    or tc.get("key_usage") or tc.get("expected_peer_names")
                    or (peer and peer["kind"] not in ("DNS", "IP")))
            eku = tc.get("extended_key_usage") or []
            if skip or any(e not in ("serverAuth", "clientAuth", "anyExtendedKeyUsage") for e in eku):
                stats["skip"] += 1
                fam["skip"] += 1
                continue
            files = {}
            for name, content in (("trusted.pem", "".join(tc["trusted_certs"])),
                                  ("untrusted.pem", "".join(tc["untrusted_intermediates"])),
                                  ("leaf.pem", tc["peer_certificate"])):
                path = os.path.join(tmp, name)
                with open(path, "w") as f:
                    f.write(content)
                files[name] = path
            cmd = [pv, "verify"]
            if tc["trusted_certs"]:
                cmd.append("--ca=" + files["trusted.pem"])
            if tc["untrusted_intermediates"]:
                cmd.append("--untrusted=" + files["untrusted.pem"])
            if "serverAuth" in eku:
                cmd.append("--purpose=server")
            elif "clientAuth" in eku:
                cmd.append("--purpose=client")
            if peer:
                cmd.append("--host=" + peer["value"])
            if tc.get("validation_time"):
                t = datetime.datetime.fromisoformat(tc["validation_time"].replace("Z", "+00:00"))
                cmd.append("--at=%d" % int(t.timestamp()))
            for i, crl in enumerate(tc.get("crls") or []):
                path = os.path.join(tmp, "crl%d.pem" % i)
                with open(path, "w") as f:
                    f.write(crl)
                cmd.append("--crl=" + path)
            if tc.get("crls"):
                cmd.append("--crl-check=leaf")
            cmd.append(files["leaf.pem"])
            rc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, timeout=60)
            got = {0: "SUCCESS", 1: "FAILURE"}.get(rc.returncode)
            if got is None:
                # unreadable input counts as a rejection, but is reported apart
                got = "FAILURE"
                stats["error"] += 1
                fam["error"] += 1
            if got == tc["expected_result"]:
                stats["pass"] += 1
                fam["pass"] += 1
            else:
                stats["fail"] += 1
                fam["fail"] += 1
                failures.append((tc["id"], tc["expected_result"],
                                 rc.stdout.decode(errors="replace").strip().splitlines()[-1:]))
    run = stats["pass"] + stats["fail"]
    print("x509-limbo: %d cases, %d run, %d agree with the expected result, %d disagree, "
          "%d skipped (features without a libpki option), %d unreadable inputs (counted as "
          "rejections)" % (len(cases), run, stats["pass"], stats["fail"], stats["skip"],
                           stats["error"]))
    for family in sorted(by_family):
        f = by_family[family]
        print("  %-12s agree %3d  disagree %3d  skipped %3d" % (family, f["pass"], f["fail"], f["skip"]))
    if list_failures:
        for id_, exp, last in failures:
            print("DISAGREE %s: expected %s; libpki: %s" % (id_, exp, " ".join(last)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
