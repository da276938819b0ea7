# Memory: handles are freed when dropped (RSS stays flat) and in any order of collection.
import gc
import os
import random
import subprocess
import sys
import textwrap
import weakref

import pytest

import pki

PAGE = os.sysconf("SC_PAGE_SIZE")
# AddressSanitizer keeps freed memory in quarantine: resident size says nothing there.
rss_test = pytest.mark.skipif(os.environ.get("PKI_SANITIZERS") == "yes",
                              reason="RSS is meaningless under AddressSanitizer")
ROUNDS = 20000
SLACK = 4 * 1024 * 1024  # "flat within a few MiB"


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def _steady(make, rounds=ROUNDS):
    """RSS growth over `rounds` calls of make(), after a warm-up of the allocator."""
    for _ in range(rounds // 10):
        make()
    gc.collect()
    before = rss()
    for _ in range(rounds):
        make()
    gc.collect()
    return rss() - before


@rss_test
def test_keys_do_not_leak():
    der = pki.Key.generate("ec").to_der()
    n = [0]

    def make():
        n[0] += 1
        key = pki.Key.generate("ed25519")
        key.key_id
        if n[0] % 10 == 0:  # every tenth round: parsing, exports, public copies
            pki.Key.load(der).public_key().public_pem()
    growth = _steady(make)
    assert growth < SLACK, f"RSS grew by {growth / 1048576:.1f} MiB over {ROUNDS} keys"


@rss_test
def test_certificates_do_not_leak():
    ca_key = pki.Key.generate("ed25519")
    ca = pki.Cert.self_signed(ca_key, "CN=Leak CA", days=100)
    leaf_key = pki.Key.generate("ec")
    csr = pki.Csr.create(leaf_key, "CN=leak.example.com", dns=["leak.example.com"], ip=["10.0.0.1"])
    der = pki.Cert.issue(csr, ca, ca_key, days=10).to_der()

    n = [0]

    def make():
        n[0] += 1
        parsed = pki.Cert.load(der)
        parsed.subject, parsed.not_after
        if n[0] % 10 == 0:  # every tenth round: issuing, and every getter
            cert = pki.Cert.issue(csr, ca, ca_key, days=10, serial=random.randrange(1, 1 << 64))
            cert.fingerprint, cert.to_dict(), cert.public_key, cert.dns_names, cert.text()
    growth = _steady(make)
    assert growth < SLACK, f"RSS grew by {growth / 1048576:.1f} MiB over {ROUNDS} certificates"


@rss_test
def test_failures_do_not_leak():
    def make():
        try:
            pki.Key.load(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
        except pki.ParseError:
            pass
        try:
            pki.Csr.create(pki.Key.generate("ed25519"), "CN=x", dns=["bad name"])
        except pki.InvalidNameError:
            pass
    growth = _steady(make, ROUNDS // 2)
    assert growth < SLACK, f"RSS grew by {growth / 1048576:.1f} MiB over failing calls"


def _encoding(obj):
    """What an object says about itself (its DER, or its public key's), to compare later."""
    if isinstance(obj, pki.Key):
        return obj.public_der(), obj.has_private
    return obj.to_der()


def test_collection_in_any_order():
    rng = random.Random(5)
    for _ in range(20):
        ca_key = pki.Key.generate("ed25519")
        ca = pki.Cert.self_signed(ca_key, "CN=Order CA", days=30)
        key = pki.Key.generate("ec")
        csr = pki.Csr.create(key, "CN=o.example.com", dns=["o.example.com"])
        cert = pki.Cert.issue(csr, ca, ca_key, days=5)
        chain = pki.Cert.load_all(pki.Cert.dump_all([cert, ca]))
        objs = [ca_key, ca, key, csr, cert, chain, cert.public_key, csr.public_key]
        del ca_key, ca, key, csr, cert, chain
        # each object with what it encodes to and weak references to it (to its items for
        # the list), taken before any of them is dropped
        objs = [(o, [_encoding(x) for x in (o if isinstance(o, list) else [o])],
                 [weakref.ref(x) for x in (o if isinstance(o, list) else [o])]) for o in objs]
        rng.shuffle(objs)
        keep, want, keep_refs = objs.pop()  # one survivor outlives all the others
        refs = [r for _, _, rs in objs for r in rs]
        while objs:
            objs.pop()
            if rng.random() < 0.3:
                gc.collect()
        gc.collect()
        # the others are gone, and the survivor still works and is what it was
        assert [r for r in refs if r() is not None] == []
        assert [r() for r in keep_refs] == (keep if isinstance(keep, list) else [keep])
        assert [_encoding(x) for x in (keep if isinstance(keep, list) else [keep])] == want
        assert repr(keep)


def test_reference_cycles_are_collected():
    class Holder:
        pass
    refs = []
    gc.collect()
    gc.disable()  # so that only the collect() below can free the cycles
    try:
        for _ in range(200):
            a, b = Holder(), Holder()
            a.other, b.other = b, a
            a.cert = pki.Cert.self_signed(pki.Key.generate("ed25519"), "CN=cycle", days=1)
            b.key = pki.Key.generate("ed25519")
            refs += [weakref.ref(a.cert), weakref.ref(b.key)]
        del a, b
        assert all(r() is not None for r in refs)  # in cycles: reference counting frees none
        gc.collect()
    finally:
        gc.enable()
    alive = [r() for r in refs if r() is not None]
    assert alive == [], f"{len(alive)} of {len(refs)} handles in collected cycles are alive"


def test_objects_alive_at_interpreter_exit():
    # module globals, cycles and a thread-local error detail at shutdown: no crash
    code = textwrap.dedent("""
        import pki
        ca_key = pki.Key.generate("ed25519")
        ca = pki.Cert.self_signed(ca_key, "CN=exit", days=1)
        cyc = [ca]; cyc.append(cyc)
        csr = pki.Csr.create(pki.Key.generate("ec"), "CN=x")
        try:
            pki.Key.load(b"junk")
        except pki.ParseError as exc:
            pending = exc
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
