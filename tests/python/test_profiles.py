# Profiles and explicit key usages (issue 15 item 2), read back by pyca/cryptography.
import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

import pki


def _crypto(cert):
    return x509.load_der_x509_certificate(cert.to_der())


def _ku(c):
    ku = c.extensions.get_extension_for_class(x509.KeyUsage)
    v = ku.value
    names = [n for n in ("digital_signature", "content_commitment", "key_encipherment",
                         "data_encipherment", "key_agreement", "key_cert_sign", "crl_sign")
             if getattr(v, n)]
    return ku.critical, names


def _eku(c):
    e = c.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    return e.critical, list(e.value)


@pytest.mark.parametrize("profile,eku,ku", [
    ("code-signing", ExtendedKeyUsageOID.CODE_SIGNING, ["digital_signature"]),
    ("ocsp-signing", ExtendedKeyUsageOID.OCSP_SIGNING, ["digital_signature"]),
    ("timestamping", ExtendedKeyUsageOID.TIME_STAMPING, ["digital_signature"]),
    ("email", ExtendedKeyUsageOID.EMAIL_PROTECTION, ["digital_signature", "key_agreement"]),
])
def test_profiles(profile, eku, ku, ca, ca_key):
    key = pki.Key.generate("ec")
    cert = pki.Cert.issue_for_key(key, "CN=who", ca, ca_key, profile=profile,
                                  email=["who@example.com"])
    c = _crypto(cert)
    assert _ku(c) == (True, ku)
    assert _eku(c) == (profile == "timestamping", [eku])
    assert c.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert cert.extended_key_usage == [{"code-signing": "codeSigning", "ocsp-signing": "OCSPSigning",
                                        "timestamping": "timeStamping",
                                        "email": "emailProtection"}[profile]]


def test_email_rsa_and_ed25519(ca, ca_key):
    rsa = pki.Key.generate("rsa", 2048)
    c = _crypto(pki.Cert.issue_for_key(rsa, "CN=bob", ca, ca_key, profile="email",
                                       email=["bob@example.com"]))
    assert _ku(c) == (True, ["digital_signature", "key_encipherment"])
    assert c.extensions.get_extension_for_class(x509.SubjectAlternativeName).value \
        .get_values_for_type(x509.RFC822Name) == ["bob@example.com"]
    ed = pki.Key.generate("ed25519")
    c = _crypto(pki.Cert.issue_for_key(ed, "CN=eve", ca, ca_key, profile="email",
                                       email=["eve@example.com"]))
    assert _ku(c) == (True, ["digital_signature"])
    with pytest.raises(pki.InvalidNameError):
        pki.Cert.issue_for_key(ed, "CN=eve", ca, ca_key, profile="email")


def test_explicit_usages(ca, ca_key):
    key = pki.Key.generate("rsa", 2048)
    cert = pki.Cert.issue_for_key(key, "CN=x", ca, ca_key, profile="client",
                                  key_usage=["digitalSignature", "contentCommitment",
                                             "keyEncipherment"],
                                  extended_key_usage=["codeSigning", "1.3.6.1.4.1.99999.9"])
    c = _crypto(cert)
    assert _ku(c) == (True, ["digital_signature", "content_commitment", "key_encipherment"])
    assert _eku(c) == (False, [ExtendedKeyUsageOID.CODE_SIGNING,
                               x509.ObjectIdentifier("1.3.6.1.4.1.99999.9")])
    assert cert.key_usage == ["digitalSignature", "nonRepudiation", "keyEncipherment"]


@pytest.mark.parametrize("kwargs", [
    dict(profile="server", key_usage=["digitalSignature", "keyCertSign"], dns=["a.example"]),
    dict(profile="client", key_usage=["keyEncipherment"]),
    dict(profile="client", key_usage=["digitalSignature", "decipherOnly"]),
    dict(profile="timestamping", extended_key_usage=["timeStamping", "serverAuth"]),
    dict(profile="intermediate", key_usage=["cRLSign"], days=1825),  # within the CA's 3650
])
def test_contradictions_raise_usage_error(kwargs, ca, ca_key):
    key = pki.Key.generate("ec")
    with pytest.raises(pki.UsageError) as info:
        pki.Cert.issue_for_key(key, "CN=x", ca, ca_key, **kwargs)
    assert info.value.code == pki.capi.PKI_E_USAGE


def test_bad_names(ca, ca_key):
    key = pki.Key.generate("ec")
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue_for_key(key, "CN=x", ca, ca_key, key_usage=["sign"])
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue_for_key(key, "CN=x", ca, ca_key, extended_key_usage=["codesign"])
    with pytest.raises(TypeError):
        pki.Cert.issue_for_key(key, "CN=x", ca, ca_key, key_usage="digitalSignature")
