#!/usr/bin/python3
"""pki_bench.py -- what the Python bindings cost over C, and how they compare with the
``cryptography`` package, on one job: parse a PEM certificate and read its subject, its SANs
and notAfter.

Sides, run alternately in rounds (the median of the rounds is reported):
  pki            the package: pki.Cert.load(pem); .subject, .sans, .not_after (a datetime)
  _libpki        the SWIG layer underneath, called directly (no Python wrapper code)
  cryptography   x509.load_pem_x509_certificate(pem); .subject.rfc4514_string(), the
                 SubjectAlternativeName extension as strings, .not_valid_after
  C              bench/pki-bench --only parse_cert_fields (the same work in C on libpki,
                 on a certificate of the same shape), run as a subprocess

Times are CPU time of the measuring thread (time.thread_time, and CLOCK_THREAD_CPUTIME_ID in
the C program), so a busy machine moves them little.

Run from the build folder (or set BUILDDIR), with the in-tree build:
  PYTHONPATH=bindings/python/inplace LD_LIBRARY_PATH=libpki/.libs \\
      /usr/bin/python3 $SRCDIR/bench/pki_bench.py [--quick] [--json]
Copyright (C) 2026 the libpki authors
SPDX-License-Identifier: LGPL-2.1-or-later
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import pki
import _libpki

try:
    from cryptography import x509
    from cryptography.x509.oid import ExtensionOID
except ImportError:  # the comparison is skipped, the rest still runs
    x509 = None

SUBJECT = "CN=bench.example.com,O=libpki bench"


def make_cert() -> bytes:
    """A leaf of the same shape as pki-bench's: P-256, a two-attribute subject, two DNS names
    and an IPv4 address, issued by a P-256 intermediate."""
    root_key = pki.Key.generate("ec")
    root = pki.Cert.self_signed(root_key, "CN=Bench Root CA,O=libpki bench")
    inter_key = pki.Key.generate("ec")
    inter = pki.Cert.issue_for_key(inter_key, "CN=Bench Issuing CA,O=libpki bench", root,
                                   root_key, profile="intermediate", days=3000)
    leaf_key = pki.Key.generate("ec")
    csr = pki.Csr.create(leaf_key, SUBJECT, dns=["bench.example.com", "www.bench.example.com"],
                         ip=["192.0.2.10"])
    return pki.Cert.issue(csr, inter, inter_key).to_pem()


def side_pki(pem: bytes):
    c = pki.Cert.load(pem)
    return c.subject, c.sans, c.not_after


def side_swig(pem: bytes):
    h = _libpki.pki_cert_import(pem, 0)
    sans = [_libpki.pki_cert_san(h, i) for i in range(_libpki.pki_cert_san_count(h))]
    return _libpki.pki_cert_subject(h), sans, _libpki.pki_cert_validity(h)[1]


def side_cryptography(pem: bytes):
    c = x509.load_pem_x509_certificate(pem)
    san = c.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
    names = [str(n.value) for n in san]
    after = c.not_valid_after_utc if hasattr(c, "not_valid_after_utc") else c.not_valid_after
    return c.subject.rfc4514_string(), names, after


def time_per_op(fn, pem: bytes, iters: int) -> float:
    t0 = time.thread_time()
    for _ in range(iters):
        fn(pem)
    return (time.thread_time() - t0) / iters


def calibrate(fn, pem: bytes, slice_s: float) -> int:
    iters = 16
    while True:
        t = time_per_op(fn, pem, iters) * iters
        if t > slice_s / 4 or iters > 1 << 22:
            return max(1, int(iters * slice_s / max(t, 1e-9)))
        iters *= 2


def c_time_per_op(exe: str, iters: int) -> float:
    """One round of the C program: @p iters operations, its own CPU time per operation."""
    cmd = [exe, "--only", "parse_cert_fields", "--json", "--rounds", "1",
           "--iterations", str(iters)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return 1.0 / float(json.loads(out)[0]["libpki_ops_per_s"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="a very short run")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--builddir", default=os.environ.get("BUILDDIR", "."))
    a = ap.parse_args()
    rounds = 3 if a.quick else a.rounds
    slice_s = 0.03 if a.quick else 0.2

    pem = make_cert()
    sides = {"pki": side_pki, "_libpki": side_swig}
    if x509 is not None:
        sides["cryptography"] = side_cryptography
    # the sides read the same things
    subj, sans, after = side_pki(pem)
    assert subj == SUBJECT and len(sans) == 3, (subj, sans)
    if x509 is not None:
        c_subj, c_sans, c_after = side_cryptography(pem)
        assert len(c_sans) == 3 and after.timestamp() == c_after.replace(
            tzinfo=after.tzinfo).timestamp(), (c_sans, c_after)

    iters = {name: calibrate(fn, pem, slice_s) for name, fn in sides.items()}
    per_op = {name: [] for name in sides}
    names = list(sides)
    # The C program runs as one more side, a round at a time, so that it shares the
    # machine's ups and downs with the Python sides.
    exe = os.path.join(a.builddir, "bench", "pki-bench")
    if os.access(exe, os.X_OK):
        names.append("C")
        per_op["C"] = []
    for r in range(rounds):
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            if name == "C":
                per_op[name].append(c_time_per_op(exe, iters["pki"]))
            else:
                per_op[name].append(time_per_op(sides[name], pem, iters[name]))
    ops = {name: 1.0 / statistics.median(v) for name, v in per_op.items()}

    res = {"op": "parse_cert_fields", "ops_per_s": {k: round(v, 1) for k, v in ops.items()}}
    if "C" in ops:
        res["pki_over_c"] = round(ops["C"] / ops["pki"], 3)
        res["swig_over_c"] = round(ops["C"] / ops["_libpki"], 3)
    if "cryptography" in ops:
        res["pki_over_cryptography"] = round(ops["cryptography"] / ops["pki"], 3)
    if a.json:
        print(json.dumps(res))
        return 0
    print(f"libpki {pki.version()} Python bindings, parse a PEM certificate + subject, SANs, "
          f"notAfter; median of {rounds} rounds, CPU time")
    for k, v in ops.items():
        print(f"  {k:14s} {v:12.1f} op/s  ({1e6 / v:8.1f} us/op)")
    for k in ("pki_over_c", "swig_over_c", "pki_over_cryptography"):
        if k in res:
            print(f"  {k:22s} {res[k]:.3f} (time ratio)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
