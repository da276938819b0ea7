#!/usr/bin/env python3
"""Run the x509-limbo test cases (https://x509-limbo.com, limbo.json) through `pki verify` and
compare every outcome with the expected one and with the checked-in list of known failures.

  tests/conformance-limbo.py LIMBO.JSON PKI [--known FILE] [--tap] [--list-failures]
                             [--id-prefix P]

Each case runs with what it asks for: the trusted and untrusted certificates, the validation
time, the purpose (validation_kind SERVER or CLIENT), the expected peer name (--host for DNS and
IP, --email for RFC822; several names: every one must verify), max_chain_depth (--max-depth,
which also counts the leaf and the trust anchor), its CRLs (--crl, --crl-check leaf), and the
profile of its namespace (webpki:: cases --profile webpki, the others rfc5280). A key_usage
expectation has no option: such a case runs without it.

--known FILE: lines "ID<TAB>reason" (# comments): cases expected to disagree. With --tap, one
TAP line per case: a disagreement that is not listed, or a listed case that now agrees, is
"not ok". Exit status 0 when every outcome is the expected one.
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile

from conformance_lib import finish, parse_args, read_known, tap_line


def run_case(tc, pki, tmp, peer):
    files = {}
    for name, content in (("trusted.pem", "".join(tc["trusted_certs"])),
                          ("untrusted.pem", "".join(tc["untrusted_intermediates"])),
                          ("leaf.pem", tc["peer_certificate"])):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(content)
        files[name] = path
    cmd = [pki, "verify", "--ca", files["trusted.pem"]]
    if tc["untrusted_intermediates"]:
        cmd += ["--untrusted", files["untrusted.pem"]]
    cmd += ["--purpose", "client" if tc["validation_kind"] == "CLIENT" else "server"]
    if peer:
        if peer["kind"] in ("DNS", "IP"):
            cmd += ["--host", peer["value"]]
        elif peer["kind"] == "RFC822":
            cmd += ["--email", peer["value"]]
    if tc.get("max_chain_depth") is not None:
        cmd += ["--max-depth", str(min(64, tc["max_chain_depth"] + 2))]
    if tc["id"].startswith("webpki::"):
        cmd += ["--profile", "webpki"]
    if tc.get("validation_time"):
        t = datetime.datetime.fromisoformat(tc["validation_time"].replace("Z", "+00:00"))
        cmd += ["--at", "@%d" % int(t.timestamp())]
    for i, crl in enumerate(tc.get("crls") or []):
        path = os.path.join(tmp, "crl%d.pem" % i)
        with open(path, "w") as f:
            f.write(crl)
        cmd += ["--crl", path]
    if tc.get("crls"):
        cmd += ["--crl-check", "leaf"]
    cmd.append(files["leaf.pem"])
    try:
        if not tc["trusted_certs"]:
            raise ValueError("no trust anchor")
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=60)
    except ValueError:
        return "FAILURE", "no trust anchor given", False
    out = r.stdout.decode(errors="replace").strip().splitlines()
    why = " ".join(l.strip() for l in out if l.startswith("  - "))[:300]
    if r.returncode not in (0, 1):
        return "FAILURE", "exit %d: %s" % (r.returncode, " ".join(out)[:200]), True
    return ("SUCCESS" if r.returncode == 0 else "FAILURE"), why, False


def main():
    args, (prefix, known_path), (tap, list_failures) = parse_args(
        sys.argv[1:], ("--id-prefix", "--known"), ("--tap", "--list-failures"))
    prefix = prefix or ""
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    limbo, pki = args
    known = read_known(known_path)
    cases = [tc for tc in json.load(open(limbo))["testcases"] if tc["id"].startswith(prefix)]
    agree_n = errors = unexpected = 0
    failures = []
    if tap:
        print("1..%d" % len(cases))
    with tempfile.TemporaryDirectory() as tmp:
        for n, tc in enumerate(cases, 1):
            peers = tc.get("expected_peer_names") or [tc.get("expected_peer_name")]
            got, why = "SUCCESS", ""
            for peer in peers:
                g, w, err = run_case(tc, pki, tmp, peer)
                errors += err
                if g == "FAILURE":
                    got, why = g, w
                    break
            agree = got == tc["expected_result"]
            agree_n += agree
            if not agree:
                failures.append((tc["id"], tc["expected_result"], why))
            line, bad = tap_line(n, tc["id"], tc["id"], agree, known,
                                 "expected %s: %s" % (tc["expected_result"], why))
            unexpected += bad
            if tap:
                print(line, flush=True)
    summary = ("x509-limbo: %d cases, %d agree with the expected result, %d disagree (%d of "
               "them known; %d accepted that must be rejected), %d unreadable inputs"
               % (len(cases), agree_n, len(failures), sum(1 for f in failures if f[0] in known),
                  sum(1 for f in failures if f[1] == "FAILURE"), errors))
    return finish(summary, ("%s: expected %s; pki: %s" % f for f in failures), tap,
                  list_failures, unexpected and known_path)


if __name__ == "__main__":
    sys.exit(main())
