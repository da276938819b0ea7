# PKCS#7 certificate bundles (issue 15 item 6), checked with pyca/cryptography both ways.
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

import pki


def _chain(ca, ca_key):
    sub_key = pki.Key.generate("ec")
    # days: shorter than the fixture CA's 3650, which started a moment earlier
    sub = pki.Cert.issue_for_key(sub_key, "CN=p7 sub", ca, ca_key, profile="intermediate",
                                 days=1825)
    leaf = pki.Cert.issue_for_key(pki.Key.generate("ec"), "CN=p7.example.com", sub, sub_key,
                                  dns=["p7.example.com"])
    return [leaf, sub, ca]


def test_libpki_bundles_read_by_cryptography(ca, ca_key):
    certs = _chain(ca, ca_key)
    want = sorted(c.to_der() for c in certs)
    pem = pki.Cert.dump_pkcs7(certs)
    assert pem.startswith(b"-----BEGIN PKCS7-----")
    got = pkcs7.load_pem_pkcs7_certificates(pem)
    assert sorted(c.public_bytes(Encoding.DER) for c in got) == want
    der = pki.Cert.dump_pkcs7(certs, "der")
    got = pkcs7.load_der_pkcs7_certificates(der)
    assert sorted(c.public_bytes(Encoding.DER) for c in got) == want


def test_cryptography_bundles_read_by_libpki(ca, ca_key):
    certs = _chain(ca, ca_key)
    theirs = [x509.load_der_x509_certificate(c.to_der()) for c in certs]
    for enc in (Encoding.PEM, Encoding.DER):
        data = pkcs7.serialize_certificates(theirs, enc)
        got = pki.Cert.load_all(data)
        assert sorted(c.to_der() for c in got) == sorted(c.to_der() for c in certs)
