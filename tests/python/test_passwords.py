# One password rule in Python as in C: "" never encrypts (ArgumentError), None means none;
# on import "" is the empty password, not "no password".
import os

import pytest

import pki

EMPTY_MSG = "an empty password would store the key unencrypted; pass NULL for no encryption"


def test_empty_password_is_refused_when_encrypting(tmp_path):
    key = pki.Key.generate("ed25519")
    for export in (key.to_pem, key.to_der):
        with pytest.raises(pki.ArgumentError) as exc:
            export(password="")
        assert exc.value.detail == EMPTY_MSG
    with pytest.raises(pki.ArgumentError):
        key.save(tmp_path / "k.pem", password="")
    with pytest.raises(pki.ArgumentError):
        key.save(tmp_path / "k.pem", password=b"")
    assert not os.path.exists(tmp_path / "k.pem")


def test_none_means_unencrypted():
    key = pki.Key.generate("ed25519")
    assert key.to_pem().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert key.to_pem(password=None).startswith(b"-----BEGIN PRIVATE KEY-----")


def test_empty_password_on_import_is_a_password():
    key = pki.Key.generate("ed25519")
    enc = key.to_pem(password="s3cret")
    with pytest.raises(pki.PasswordRequiredError):
        pki.Key.load(enc)
    with pytest.raises(pki.BadPasswordError):
        pki.Key.load(enc, password="")


def test_pkcs12_empty_password_is_refused(tmp_path):
    key = pki.Key.generate("ec")
    cert = pki.Cert.self_signed(key, "CN=p12.example.com")
    p12 = pki.Pkcs12(key, cert)
    with pytest.raises(pki.ArgumentError) as exc:
        p12.to_der(password="")
    assert exc.value.detail == EMPTY_MSG
    with pytest.raises(pki.ArgumentError):
        p12.save(tmp_path / "x.p12", password="")
    assert not os.path.exists(tmp_path / "x.p12")


def test_pkcs12_none_password_is_refused_as_in_c(tmp_path):
    """pki_p12_export(password NULL) is PKI_E_INVALID_ARG: Python's None is refused alike
    (C, CLI and Python agree: a PKCS#12 file is always written encrypted, with a MAC)."""
    key = pki.Key.generate("ec")
    cert = pki.Cert.self_signed(key, "CN=p12.example.com")
    with pytest.raises(pki.ArgumentError) as exc:
        pki.Pkcs12(key, cert).to_der(password=None)
    assert "always written with a password" in exc.value.detail
    with pytest.raises(pki.ArgumentError):
        pki.Pkcs12(key, cert).save(tmp_path / "n.p12", password=None)
    assert not os.path.exists(tmp_path / "n.p12")
