# Signature hash and RSA-PSS at issuance (issue 15 item 3), checked by pyca/cryptography.
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PrivateFormat, NoEncryption

import pki


@pytest.fixture(scope="module")
def rsa_ca():
    key = pki.Key.generate("rsa", 2048)
    return key, pki.Cert.self_signed(key, "CN=RSA root", rsa_pss=True, signature_hash="sha384")


def test_pss_root_and_leaf(rsa_ca):
    key, ca = rsa_ca
    c = x509.load_der_x509_certificate(ca.to_der())
    assert c.signature_algorithm_oid == x509.oid.SignatureAlgorithmOID.RSASSA_PSS
    leaf_key = pki.Key.generate("ec")
    leaf = pki.Cert.issue_for_key(leaf_key, "CN=a.example.com", ca, key, dns=["a.example.com"],
                                  rsa_pss=True, signature_hash="sha512")
    lc = x509.load_der_x509_certificate(leaf.to_der())
    assert lc.signature_algorithm_oid == x509.oid.SignatureAlgorithmOID.RSASSA_PSS
    # (cryptography 38 names no hash for PSS: the signature is checked with SHA-512 itself)
    c.public_key().verify(lc.signature, lc.tbs_certificate_bytes,
                          padding.PSS(padding.MGF1(hashes.SHA512()), 64), hashes.SHA512())
    assert leaf.signature_algorithm == "RSA-PSS-SHA512"


@pytest.mark.parametrize("name,cls", [("sha256", hashes.SHA256), ("sha384", hashes.SHA384),
                                      ("sha512", hashes.SHA512)])
def test_hash_choice(name, cls, ca, ca_key):
    leaf = pki.Cert.issue_for_key(pki.Key.generate("ec"), "CN=h", ca, ca_key, dns=["h.example"],
                                  signature_hash=name)
    lc = x509.load_der_x509_certificate(leaf.to_der())
    assert isinstance(lc.signature_hash_algorithm, cls)
    ca_c = x509.load_der_x509_certificate(ca.to_der())
    ca_c.public_key().verify(lc.signature, lc.tbs_certificate_bytes, ec.ECDSA(cls()))


def test_refusals(ca, ca_key):
    k = pki.Key.generate("ec")
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue_for_key(k, "CN=x", ca, ca_key, dns=["x.example"], rsa_pss=True)
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue_for_key(k, "CN=x", ca, ca_key, dns=["x.example"], signature_hash="md5")
    ed = pki.Key.generate("ed25519")
    ed_ca = pki.Cert.self_signed(ed, "CN=ed root")
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue_for_key(k, "CN=x", ed_ca, ed, dns=["x.example"], signature_hash="sha256")


def test_pss_subject_key_made_by_cryptography(rsa_ca):
    # cryptography cannot write id-RSASSA-PSS keys: an RSA-PSS public key comes from openssl in
    # tests/interop-sig.sh; here the leaf of an ordinary RSA key gets a PSS signature.
    key, ca = rsa_ca
    sub = rsa.generate_private_key(65537, 2048)
    k = pki.Key.load(sub.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    leaf = pki.Cert.issue_for_key(k, "CN=s", ca, key, dns=["s.example"], rsa_pss=True)
    lc = x509.load_der_x509_certificate(leaf.to_der())
    assert lc.signature_algorithm_oid == x509.oid.SignatureAlgorithmOID.RSASSA_PSS
    x509.load_der_x509_certificate(ca.to_der()).public_key().verify(
        lc.signature, lc.tbs_certificate_bytes, padding.PSS(padding.MGF1(hashes.SHA256()), 32),
        hashes.SHA256())
