# PKCS#11 keys through the Python layer: a CA key generated on a SoftHSM2 token (in a
# temporary folder through SOFTHSM2_CONF) signs a CA certificate, a certificate and a CRL;
# `cryptography` verifies the signatures. Skipped when SoftHSM2 is not installed.
import os
import shutil
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

import pki

MODULE = "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"


@pytest.fixture
def token(tmp_path, monkeypatch):
    if not shutil.which("softhsm2-util") or not os.path.exists(MODULE):
        pytest.skip("softhsm2 is not installed")
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp_path}/tokens\nobjectstore.backend = file\n"
                    "log.level = ERROR\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "py-ca", "--pin",
                    "1234", "--so-pin", "5678"], check=True, capture_output=True)
    return "pkcs11:token=py-ca"


def test_token_ca_issues_certificate_and_crl(token):
    key = pki.Key.generate_on_token(token, "ca", "1234")
    assert key.url.startswith(token + ";id=") and key.has_private
    key.wipe()  # PKCS#11 logins are per process: while a key is open, others need no PIN
    with pytest.raises(pki.BadPinError):
        pki.Key.from_url(token + ";object=ca", pin="0000")
    with pytest.raises(pki.PasswordRequiredError):
        pki.Key.from_url(token + ";object=ca")
    key = pki.Key.from_url(token + ";object=ca", pin="1234")
    assert key.url == token + ";object=ca"
    assert "py-ca" in pki.token_list()
    assert "object=ca;type=private" in pki.token_list(token, "1234")
    again = pki.Key.from_url(token + ";object=ca", pin="1234")
    assert again == key
    ca = pki.Cert.self_signed(key, "CN=Token CA", profile="ca", days=30)
    leaf_key = pki.Key.generate("ec")
    csr = pki.Csr.create(leaf_key, "CN=www.example.com", dns=["www.example.com"])
    leaf = pki.Cert.issue(csr, ca, again, profile="server", days=10)
    crl = pki.Crl.create(ca, again, revoked=[leaf])

    c_ca = x509.load_pem_x509_certificate(ca.to_pem())
    c_leaf = x509.load_pem_x509_certificate(leaf.to_pem())
    c_crl = x509.load_pem_x509_crl(crl.to_pem())
    pub = c_ca.public_key()
    assert isinstance(pub, ec.EllipticCurvePublicKey)
    for c in (c_ca, c_leaf):  # raises InvalidSignature unless the token key signed it
        pub.verify(c.signature, c.tbs_certificate_bytes, ec.ECDSA(hashes.SHA256()))
    assert c_crl.is_signature_valid(pub)
    assert c_crl.get_revoked_certificate_by_serial_number(c_leaf.serial_number) is not None

    with pytest.raises(pki.TokenKeyError):
        key.to_pem()
    with pytest.raises(pki.TokenNotFoundError):
        pki.Key.from_url("pkcs11:token=absent;object=ca", pin="1234")
    with pytest.raises(pki.NotFoundError):
        pki.Key.from_url(token + ";object=absent", pin="1234")


def test_token_ca_signs_ocsp_that_openssl_accepts(token, tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    key = pki.Key.generate_on_token(token, "ocsp-ca", "1234")
    ca = pki.Cert.self_signed(key, "CN=Token OCSP CA", profile="ca", days=30)
    leaf_key = pki.Key.generate("ec")
    leaf = pki.Cert.issue(pki.Csr.create(leaf_key, "CN=a.example.com", dns=["a.example.com"]),
                          ca, key, profile="server", days=10)
    req = pki.ocsp_request(leaf, ca, nonce=True)
    resp = pki.ocsp_respond(ca, key, req, revoked=[(leaf, "keyCompromise")])
    (tmp_path / "ca.pem").write_bytes(ca.to_pem())
    (tmp_path / "leaf.pem").write_bytes(leaf.to_pem())
    (tmp_path / "req.der").write_bytes(req)
    (tmp_path / "resp.der").write_bytes(resp)
    out = subprocess.run(["openssl", "ocsp", "-respin", "resp.der", "-reqin", "req.der",
                          "-issuer", "ca.pem", "-CAfile", "ca.pem"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert "Response verify OK" in out.stdout + out.stderr
    out = subprocess.run(["openssl", "ocsp", "-respin", "resp.der", "-issuer", "ca.pem",
                          "-CAfile", "ca.pem", "-cert", "leaf.pem", "-no_nonce"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert "leaf.pem: revoked" in out.stdout and "keyCompromise" in out.stdout
    st = pki.ocsp_check(resp, leaf, ca, request=req)
    assert st.status == "revoked" and st.reason == "keyCompromise"
