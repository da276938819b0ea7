# The exception hierarchy: every C error code maps to one class, carrying code and detail.
import pickle

import pytest

import pki

CODES = {
    "PKI_E_INVALID_ARG": (pki.ArgumentError, ValueError),
    "PKI_E_NOMEM": (pki.NoMemoryError, MemoryError),
    "PKI_E_PARSE": (pki.ParseError, ValueError),
    "PKI_E_PASSWORD_REQUIRED": (pki.PasswordRequiredError, pki.PasswordError),
    "PKI_E_BAD_PASSWORD": (pki.BadPasswordError, pki.PasswordError),
    "PKI_E_UNSUPPORTED": (pki.UnsupportedError, pki.Error),
    "PKI_E_WEAK": (pki.WeakKeyError, ValueError),
    "PKI_E_IO": (pki.FileError, OSError),
    "PKI_E_EXISTS": (pki.ExistsError, FileExistsError),
    "PKI_E_CRYPTO": (pki.CryptoError, pki.Error),
    "PKI_E_KEY_MISMATCH": (pki.KeyMismatchError, ValueError),
    "PKI_E_NOT_CA": (pki.NotCAError, ValueError),
    "PKI_E_BAD_SIGNATURE": (pki.SignatureError, pki.Error),
    "PKI_E_VALIDITY": (pki.ValidityError, ValueError),
    "PKI_E_NOT_FOUND": (pki.NotFoundError, LookupError),
    "PKI_E_TOO_LARGE": (pki.TooLargeError, ValueError),
    "PKI_E_NO_PRIVATE_KEY": (pki.NoPrivateKeyError, ValueError),
    "PKI_E_KEY_REUSE": (pki.KeyReuseError, ValueError),
    "PKI_E_INVALID_NAME": (pki.InvalidNameError, ValueError),
    "PKI_E_VERIFY": (pki.VerifyError, pki.Error),
    "PKI_E_BAD_PIN": (pki.BadPinError, pki.PasswordError),
    "PKI_E_TOKEN_NOT_FOUND": (pki.TokenNotFoundError, LookupError),
    "PKI_E_TOKEN_LOCKED": (pki.TokenLockedError, pki.Error),
    "PKI_E_KEY_CANNOT_SIGN": (pki.KeyCannotSignError, ValueError),
    "PKI_E_TOKEN_KEY": (pki.TokenKeyError, ValueError),
    "PKI_E_USAGE": (pki.UsageError, ValueError),
}


def test_every_c_error_code_has_a_class():
    c_codes = {n for n in dir(pki.capi) if n.startswith("PKI_E_")}
    assert c_codes == set(CODES), "a new PKI_E_* code needs a Python exception class"


@pytest.mark.parametrize("name", sorted(CODES))
def test_error_for(name):
    code = getattr(pki.capi, name)
    cls, base = CODES[name]
    exc = pki.error_for(code, "the detail")
    assert type(exc) is cls
    assert isinstance(exc, pki.Error) and isinstance(exc, base)
    assert exc.code == code == cls.code
    assert exc.detail == "the detail"
    assert exc.reason == pki.strerror(code) != "unknown error"
    assert str(exc) == f"{exc.reason}: the detail"
    again = pickle.loads(pickle.dumps(exc))
    assert type(again) is cls and again.code == code and again.detail == "the detail"
    with pytest.raises(cls):
        raise exc


def test_unknown_code_and_defaults():
    exc = pki.error_for(-999)
    assert type(exc) is pki.Error and exc.code == -999 and str(exc) == "unknown error"
    exc = pki.ArgumentError(detail="x must be positive")
    assert exc.code == pki.capi.PKI_E_INVALID_ARG and str(exc) == "invalid argument: x must be positive"
    exc = pki.FileError(detail="disk on fire")
    assert isinstance(exc, OSError) and str(exc) == "input/output error: disk on fire"


def test_raised_errors_carry_the_c_detail():
    with pytest.raises(pki.WeakKeyError) as info:
        pki.Key.generate("rsa", bits=1024)
    assert info.value.code == pki.capi.PKI_E_WEAK
    assert "2048" in info.value.detail
    assert info.value.detail in str(info.value)


def test_exceptions_are_catchable_as_builtins(tmp_path):
    with pytest.raises(ValueError):
        pki.Key.load(b"garbage")
    with pytest.raises(OSError):
        pki.Key.load_file(tmp_path / "missing")
    key = pki.Key.generate("ed25519")
    key.save(tmp_path / "k")
    with pytest.raises(FileExistsError):
        key.save(tmp_path / "k")
    with pytest.raises(LookupError):
        pki.capi.pki_cert_path_len(
            pki.Cert.self_signed(pki.Key.generate("ed25519"), "CN=leaf", profile="server")._h)


def test_unsupported_key_type():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import dsa

    pem = dsa.generate_private_key(2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    with pytest.raises((pki.UnsupportedError, pki.ParseError)) as info:
        pki.Key.load(pem)
    assert info.value.detail


def test_embedded_nul_is_refused_not_truncated(tmp_path):
    key = pki.Key.generate("ed25519")
    target = tmp_path / "k.pem"
    with pytest.raises(pki.ArgumentError, match="NUL"):
        key.save(str(target) + "\0.evil")
    assert not target.exists()
    with pytest.raises(pki.ArgumentError):
        key.to_pem(password="a\0b")


def test_version_and_san_from_string():
    assert pki.version() == pki.__version__ == pki.capi.PKI_VERSION_STRING
    assert pki.san_from_string("10.0.0.5") == "IP:10.0.0.5"
    assert pki.san_from_string("2001:DB8::1").lower() == "ip:2001:db8::1"
    assert pki.san_from_string("admin@example.com") == "email:admin@example.com"
    assert pki.san_from_string("https://example.com/") == "URI:https://example.com/"
    assert pki.san_from_string("*.example.com") == "DNS:*.example.com"
    with pytest.raises(pki.InvalidNameError) as info:
        pki.san_from_string("not a name")
    assert info.value.code == pki.capi.PKI_E_INVALID_NAME
    with pytest.raises(TypeError):
        pki.san_from_string(None)
