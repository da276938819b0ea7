#!/usr/bin/python3
"""compare.py -- libpki (C and Python), raw GnuTLS, OpenSSL's libcrypto and pyca
``cryptography`` on the same operations, in one table of ops/s and time ratios.

Sides:
  libpki C   bench/pki-bench (the lib_* functions), one run per operation with --json
  GnuTLS     the same run's gt_* functions (the same work by hand with GnuTLS)
  OpenSSL    bench/pki-bench-openssl (built by `make bench` when configure found libcrypto)
  pki        the Python package, in this process
  pyca       the ``cryptography`` package, in this process (skipped when missing)

Operations (the same in every column):
  keygen_p256           generate a P-256 key
  csr_create_sign_p256  request with a 2-attribute subject, 2 DNS + 1 IP SANs, ECDSA-SHA256
  issue_server_pem      server certificate from a request, P-256 CA, serial, validity, SANs
                        copied, basicConstraints, keyUsage, EKU, SKI, AKI, signed, as PEM
                        (C: from a parsed request; Python: from the request's PEM)
  issue_prepared        the same through a prepared issuer (pki_issuer_t, pki.Issuer)
  parse_cert_fields     parse a PEM certificate, read subject, every SAN as text, notAfter
  key_export_import     a P-256 key to PKCS#8 PEM and back
  verify_chain_host     leaf -> intermediate (untrusted) -> trusted root, host name checked
  verify_chain_host_nocache  the same with a trust store that caches no check
                        (PKI_TRUST_NO_CACHE, pki.Trust(cache=False)): every signature each time

Every time is CPU time of the measuring thread (CLOCK_THREAD_CPUTIME_ID, time.thread_time),
the median of several rounds; a ratio is a time ratio (first side's time / second side's
time): below 1 means libpki is faster.

Run from the build folder after `make bench` (or `make bench-compare`):
  /usr/bin/python3 $SRCDIR/bench/compare.py [--quick] [--json] [--rounds N] [--readme FILE]
--readme FILE rewrites the table between the compare markers of FILE (bench/README.md);
--from-json FILE prints (and with --readme writes) the results of an earlier --json run.
Copyright (C) 2026 the libpki authors
SPDX-License-Identifier: LGPL-2.1-or-later
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable, Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
BUILDDIR = os.path.abspath(os.environ.get("BUILDDIR", "."))
_inplace = os.path.join(BUILDDIR, "bindings", "python", "inplace")
if os.path.isdir(_inplace) and _inplace not in sys.path:
    sys.path.insert(0, _inplace)

try:
    import pki
except ImportError as e:  # the C columns still run
    print(f"compare.py: no pki package ({e}); set PYTHONPATH and LD_LIBRARY_PATH",
          file=sys.stderr)
    pki = None

try:
    import cryptography
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID, NameOID
except ImportError:
    cryptography = None

SUBJECT = "CN=bench.example.com,O=libpki bench"
DNS = ["bench.example.com", "www.bench.example.com"]
IP = "192.0.2.10"
HOST = "www.bench.example.com"

OPS = ["keygen_p256", "csr_create_sign_p256", "issue_server_pem", "issue_prepared",
       "parse_cert_fields", "key_export_import", "verify_chain_host",
       "verify_chain_host_nocache"]
# pki-bench's name for each operation (issue_prepared is its issue_server_pem_issuer)
C_NAME = {"issue_prepared": "issue_server_pem_issuer"}


# ---------------------------------------------------------------------------------------
# Fixture: one chain, written to files for pki-bench-openssl, used by both Python sides

class Fixture:
    def __init__(self, folder: str) -> None:
        root_key = pki.Key.generate("ec")
        root = pki.Cert.self_signed(root_key, "CN=Bench Root CA,O=libpki bench")
        self.ca_key = pki.Key.generate("ec")
        self.ca = pki.Cert.issue_for_key(self.ca_key, "CN=Bench Issuing CA,O=libpki bench",
                                         root, root_key, profile="intermediate", days=3000)
        self.leaf_key = pki.Key.generate("ec")
        self.csr = pki.Csr.create(self.leaf_key, SUBJECT, dns=DNS, ip=[IP])
        self.leaf = pki.Cert.issue(self.csr, self.ca, self.ca_key)
        self.root = root
        self.files = {
            "root.pem": root.to_pem(), "inter.pem": self.ca.to_pem(),
            "inter-key.pem": self.ca_key.to_pem(), "leaf.pem": self.leaf.to_pem(),
            "leaf-key.pem": self.leaf_key.to_pem(), "req.pem": self.csr.to_pem(),
        }
        for name, data in self.files.items():
            with open(os.path.join(folder, name), "wb") as f:
                f.write(data)
        self.folder = folder


# ---------------------------------------------------------------------------------------
# Python sides: a dict op -> zero-argument callable

def pki_side(fx: Fixture) -> Dict[str, Callable[[], object]]:
    leaf_pem, csr_pem = fx.files["leaf.pem"], fx.files["req.pem"]
    key = fx.leaf_key
    trust = pki.Trust()
    trust.add(fx.root)
    untrusted = [fx.ca]
    uncached = pki.Trust([fx.root], cache=False)

    def parse() -> object:
        c = pki.Cert.load(leaf_pem)
        return c.subject, c.sans, c.not_after

    side: Dict[str, Callable[[], object]] = {
        "keygen_p256": lambda: pki.Key.generate("ec"),
        "csr_create_sign_p256": lambda: pki.Csr.create(key, SUBJECT, dns=DNS, ip=[IP]),
        "issue_server_pem": lambda: pki.Cert.issue(pki.Csr.load(csr_pem), fx.ca,
                                                   fx.ca_key).to_pem(),
        "parse_cert_fields": parse,
        "key_export_import": lambda: pki.Key.load(key.to_pem()),
        "verify_chain_host": lambda: fx.leaf.verify(trust, untrusted=untrusted, host=HOST),
    }
    side["verify_chain_host_nocache"] = lambda: fx.leaf.verify(uncached, untrusted=untrusted,
                                                               host=HOST)
    if hasattr(pki, "Issuer"):
        issuer = pki.Issuer(fx.ca, fx.ca_key)
        side["issue_prepared"] = lambda: issuer.issue(pki.Csr.load(csr_pem)).to_pem()
    return side


def pyca_side(fx: Fixture) -> Dict[str, Callable[[], object]]:
    leaf_pem, csr_pem = fx.files["leaf.pem"], fx.files["req.pem"]
    key = serialization.load_pem_private_key(fx.files["leaf-key.pem"], None)
    ca_key = serialization.load_pem_private_key(fx.files["inter-key.pem"], None)
    ca = x509.load_pem_x509_certificate(fx.files["inter.pem"])
    root = x509.load_pem_x509_certificate(fx.files["root.pem"])
    leaf = x509.load_pem_x509_certificate(leaf_pem)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bench.example.com"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "libpki bench")])
    import ipaddress

    def csr() -> object:
        sans = [x509.DNSName(d) for d in DNS] + [x509.IPAddress(ipaddress.ip_address(IP))]
        return (x509.CertificateSigningRequestBuilder().subject_name(subject)
                .add_extension(x509.SubjectAlternativeName(sans), critical=False)
                .sign(key, hashes.SHA256()))

    ku = dict(digital_signature=True, content_commitment=False, key_encipherment=False,
              data_encipherment=False, key_agreement=False, key_cert_sign=False,
              crl_sign=False, encipher_only=False, decipher_only=False)

    def issue() -> object:
        req = x509.load_pem_x509_csr(csr_pem)
        if not req.is_signature_valid:
            raise ValueError("bad request signature")
        pub = req.public_key()
        now = _dt.datetime.utcnow() - _dt.timedelta(minutes=5)
        ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        b = (x509.CertificateBuilder().subject_name(req.subject).issuer_name(ca.subject)
             .public_key(pub).serial_number(x509.random_serial_number())
             .not_valid_before(now).not_valid_after(now + _dt.timedelta(days=397))
             .add_extension(req.extensions.get_extension_for_oid(
                 ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value, critical=False)
             .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
             .add_extension(x509.KeyUsage(**ku), critical=True)
             .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                            critical=False)
             .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
             .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski),
                            critical=False))
        return b.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)

    def parse() -> object:
        c = x509.load_pem_x509_certificate(leaf_pem)
        san = c.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
        return c.subject.rfc4514_string(), [str(n.value) for n in san], c.not_valid_after

    def key_rt() -> object:
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        return serialization.load_pem_private_key(pem, None)

    side: Dict[str, Callable[[], object]] = {
        "keygen_p256": lambda: ec.generate_private_key(ec.SECP256R1()),
        "csr_create_sign_p256": csr,
        "issue_server_pem": issue,
        # pyca has no prepared issuer: the same issuance, so that the row compares with it
        "issue_prepared": issue,
        "parse_cert_fields": parse,
        "key_export_import": key_rt,
    }
    try:  # cryptography >= 42
        from cryptography.x509.verification import PolicyBuilder, Store

        store = Store([root])

        def verify() -> object:
            v = PolicyBuilder().store(store).build_server_verifier(x509.DNSName(HOST))
            return v.verify(leaf, [ca])

        side["verify_chain_host"] = verify
    except ImportError:
        pass
    return side


def time_per_op(fn: Callable[[], object], iters: int) -> float:
    t0 = time.thread_time()
    for _ in range(iters):
        fn()
    return (time.thread_time() - t0) / iters


def calibrate(fn: Callable[[], object], slice_s: float) -> int:
    iters = 4
    while True:
        t = time_per_op(fn, iters) * iters
        if t > slice_s / 4 or iters > 1 << 20:
            return max(1, int(iters * slice_s / max(t, 1e-9)))
        iters *= 2


def python_columns(fx: Fixture, rounds: int, slice_s: float) -> Dict[str, Dict[str, float]]:
    """{op: {"pki": ops/s, "pyca": ops/s}}: both sides alternate in rounds, per operation."""
    sides = {"pki": pki_side(fx)}
    if cryptography is not None:
        sides["pyca"] = pyca_side(fx)
    out: Dict[str, Dict[str, float]] = {}
    for op in OPS:
        fns = {s: f[op] for s, f in sides.items() if op in f}
        if not fns:
            continue
        for fn in fns.values():
            fn()  # warm up (and fail early)
        iters = {s: calibrate(fn, slice_s) for s, fn in fns.items()}
        times: Dict[str, List[float]] = {s: [] for s in fns}
        names = list(fns)
        for r in range(rounds):
            for s in (names if r % 2 == 0 else names[::-1]):
                times[s].append(time_per_op(fns[s], iters[s]))
        out[op] = {s: 1.0 / statistics.median(v) for s, v in times.items()}
    return out


# ---------------------------------------------------------------------------------------
# C sides

def run_json(cmd: List[str]) -> object:
    res = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(res.stdout)


def c_columns(quick: bool, rounds: int, fixture: str) -> Dict[str, Dict[str, float]]:
    out: Dict[str, Dict[str, float]] = {op: {} for op in OPS}
    bench = os.path.join(BUILDDIR, "bench", "pki-bench")
    extra = ["--quick"] if quick else ["--rounds", str(rounds)]
    if os.access(bench, os.X_OK):
        for op in OPS:
            name = C_NAME.get(op, op)
            for r in run_json([bench, "--json", "--only", name] + extra):
                if r["op"] == name:
                    out[op].update(libpki=r["libpki_ops_per_s"], gnutls=r["gnutls_ops_per_s"],
                                   c_gnutls=r["ratio"])
    else:
        print(f"compare.py: {bench} missing: run 'make bench'", file=sys.stderr)
    ossl = os.path.join(BUILDDIR, "bench", "pki-bench-openssl")
    if os.access(ossl, os.X_OK):
        data = run_json([ossl, fixture] + extra)
        out["_openssl_version"] = {"v": data["openssl"]}  # type: ignore[dict-item]
        for r in data["results"]:
            out[r["op"]]["openssl"] = r["ops_per_s"]
        # the prepared issuer does the same work as plain issuance on the other sides
        if "openssl" in out["issue_server_pem"]:
            out["issue_prepared"]["openssl"] = out["issue_server_pem"]["openssl"]
    else:
        print(f"compare.py: {ossl} missing (no libcrypto at configure time?)", file=sys.stderr)
    return out


# ---------------------------------------------------------------------------------------
# Report

def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def fmt_ops(v: Optional[float]) -> str:
    if v is None:
        return "-"
    return f"{v:,.0f}" if v >= 100 else f"{v:,.1f}"


def fmt_ratio(v: Optional[float]) -> str:
    return "-" if v is None else f"{v:.3f}"


def table(rows: List[Dict[str, object]]) -> str:
    head = ("| operation | libpki C | GnuTLS | OpenSSL | pki (Python) | pyca | "
            "C / GnuTLS | C / OpenSSL | pki / pyca |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
    lines = []
    for r in rows:
        lines.append("| {op} | {a} | {b} | {c} | {d} | {e} | {f} | {g} | {h} |".format(
            op=r["op"], a=fmt_ops(r.get("libpki_c")), b=fmt_ops(r.get("gnutls")),
            c=fmt_ops(r.get("openssl")), d=fmt_ops(r.get("pki_python")),
            e=fmt_ops(r.get("pyca")), f=fmt_ratio(r.get("c_over_gnutls")),
            g=fmt_ratio(r.get("c_over_openssl")), h=fmt_ratio(r.get("pki_over_pyca"))))
    return head + "\n".join(lines) + "\n"


BEGIN, END = "<!-- compare.py:begin -->", "<!-- compare.py:end -->"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="a short run (5 short rounds)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--rounds", type=int, default=9, help="rounds per operation (median)")
    ap.add_argument("--readme", help="rewrite the table between the markers of this file")
    ap.add_argument("--from-json", metavar="FILE",
                    help="no run: print (and --readme) the results of an earlier --json run")
    a = ap.parse_args()
    if a.from_json:
        with open(a.from_json) as f:
            saved = json.load(f)
        return report(a, saved["meta"], saved["results"])
    rounds = 5 if a.quick else a.rounds
    slice_s = 0.02 if a.quick else 0.1
    load0 = loadavg()
    started = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    with tempfile.TemporaryDirectory(prefix="pki-compare.") as folder:
        if pki is None:
            return 2
        fx = Fixture(folder)
        c = c_columns(a.quick, rounds, folder)
        py = python_columns(fx, rounds, slice_s)
    ossl_v = c.pop("_openssl_version", {}).get("v")  # type: ignore[union-attr]

    rows: List[Dict[str, object]] = []
    for op in OPS:
        r: Dict[str, object] = {"op": op}
        cc, pp = c.get(op, {}), py.get(op, {})
        for key, val in (("libpki_c", cc.get("libpki")), ("gnutls", cc.get("gnutls")),
                         ("openssl", cc.get("openssl")), ("pki_python", pp.get("pki")),
                         ("pyca", pp.get("pyca"))):
            if val is not None:
                r[key] = round(float(val), 2)
        if "c_gnutls" in cc:
            r["c_over_gnutls"] = round(float(cc["c_gnutls"]), 4)
        if "libpki" in cc and "openssl" in cc:
            r["c_over_openssl"] = round(cc["openssl"] / cc["libpki"], 4)
        if "pki" in pp and "pyca" in pp:
            r["pki_over_pyca"] = round(pp["pyca"] / pp["pki"], 4)
        if len(r) > 1:
            rows.append(r)

    meta: Dict[str, object] = {
        "date": started, "nproc": os.cpu_count(), "cpu": cpu_model(),
        "loadavg_start": load0, "loadavg_end": loadavg(), "rounds": rounds,
        "quick": a.quick, "libpki": pki.version(),
        "python": platform.python_version(),
        "cryptography": getattr(cryptography, "__version__", None),
        "openssl": ossl_v,
        "ratio": "time ratio, first side / second side (below 1: libpki faster)",
    }
    if a.json:
        print(json.dumps({"meta": meta, "results": rows}, indent=1))
    return report(a, meta, rows)


def report(a: argparse.Namespace, meta: Dict[str, object], rows: List[Dict[str, object]]) -> int:
    ossl_v, rounds = meta["openssl"], meta["rounds"]
    text = (f"{meta['date']}; {meta['nproc']} x {meta['cpu']}; load average "
            f"{meta['loadavg_start']} at the start, "
            f"{meta['loadavg_end']} at the end; libpki {meta['libpki']}, "
            f"{'OpenSSL ' + ossl_v if ossl_v else 'OpenSSL not built'}, Python {meta['python']} with cryptography "
            f"{meta['cryptography'] or '(missing)'}; median of {rounds} rounds, CPU time; "
            "ops/s per CPU-second; ratios are time ratios (below 1: libpki faster).\n\n"
            + table(rows))
    if not a.json:
        print(text, end="")
    if a.readme:
        with open(a.readme) as f:
            doc = f.read()
        if BEGIN not in doc or END not in doc:
            print(f"compare.py: no {BEGIN} ... {END} markers in {a.readme}", file=sys.stderr)
            return 2
        cmd = "bench/compare.py" + (" --quick" if meta["quick"] else f" --rounds {rounds}")
        block = f"{BEGIN}\n`{cmd}`, {text}{END}"
        pre, rest = doc.split(BEGIN, 1)
        doc = pre + block + rest.split(END, 1)[1]
        with open(a.readme, "w") as f:
            f.write(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
