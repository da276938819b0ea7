# pki.Issuer: the CA checked once, many certificates issued; read back with cryptography.
import threading

import pytest

import pki

cryptography = pytest.importorskip("cryptography")
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402


def signed_by(cert, ca):
    """cryptography checks the signature of ``cert`` with the CA's public key."""
    c = x509.load_der_x509_certificate(cert.to_der())
    issuer = x509.load_der_x509_certificate(ca.to_der())
    issuer.public_key().verify(c.signature, c.tbs_certificate_bytes,
                               ec.ECDSA(c.signature_hash_algorithm))
    return c


def test_issues_like_cert_issue(ca, ca_key, csr):
    issuer = pki.Issuer(ca, ca_key)
    assert issuer.ca is ca
    a, b = issuer.issue(csr), issuer.issue(csr, days=30)
    ref = pki.Cert.issue(csr, ca, ca_key)
    for cert in (a, b):
        c = signed_by(cert, ca)
        cn = c.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
        assert [a.value for a in cn] == ["registry.example.com"]
        assert cert.subject == "CN=registry.example.com,O=Example Ltd"
        san = c.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert san.get_values_for_type(x509.DNSName) == ["registry.example.com",
                                                          "www.example.com"]
        aki = c.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
        assert aki.key_identifier.hex() == ca.subject_key_id.replace(":", "").lower()
    assert a.sans == ref.sans and a.key_usage == ref.key_usage
    assert a.extended_key_usage == ref.extended_key_usage == ["serverAuth"]
    assert a.serial != b.serial
    assert (b.not_after - b.not_before).days == 30
    assert "Test Root CA" in repr(issuer)


def test_options_and_issue_for_key(ca, ca_key, csr):
    issuer = pki.Issuer(ca, ca_key)
    c = issuer.issue(csr, profile="client", dns=["extra.example.com"])
    assert c.extended_key_usage == ["clientAuth"]
    assert ("DNS", "extra.example.com") in c.sans
    k = pki.Key.generate("ec")
    c = issuer.issue_for_key(k, "CN=host.example.com")
    signed_by(c, ca)
    assert c.matches(k) and c.dns_names == ["host.example.com"]
    with pytest.raises(TypeError):
        issuer.issue_for_key(k, "CN=x", subject="CN=y")
    with pytest.raises(TypeError):
        issuer.issue(b"not a request")


def test_ca_checked_at_construction(ca, ca_key, csr, leaf, leaf_key):
    with pytest.raises(pki.NotCAError):
        pki.Issuer(leaf, leaf_key)
    with pytest.raises(pki.KeyMismatchError):
        pki.Issuer(ca, pki.Key.generate("ec"))
    with pytest.raises(pki.NoPrivateKeyError):
        pki.Issuer(ca, ca.public_key)
    with pytest.raises(TypeError):
        pki.Issuer(ca, None)


def test_per_request_checks(ca, ca_key):
    issuer = pki.Issuer(ca, ca_key)
    reuse = pki.Csr.create(ca_key, "CN=reuse.example.com")
    with pytest.raises(pki.KeyReuseError):
        issuer.issue(reuse)
    assert issuer.issue(reuse, allow_key_reuse=True).matches(ca_key)
    with pytest.raises(pki.ValidityError):
        issuer.issue(pki.Csr.create(pki.Key.generate("ec"), "CN=long.example.com"), days=5000)


def test_threads_share_one_issuer(ca, ca_key):
    issuer = pki.Issuer(ca, ca_key)
    csrs = [pki.Csr.create(pki.Key.generate("ec"), f"CN=t{i}.example.com") for i in range(8)]
    out = [None] * len(csrs)

    def work(i):
        out[i] = issuer.issue(csrs[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(csrs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, cert in enumerate(out):
        assert signed_by(cert, ca).subject.rfc4514_string() == f"CN=t{i}.example.com"
