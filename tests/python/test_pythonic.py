# The Pythonic edges of issue 19: key equality is "same public key", FileError is a real
# OSError (errno, filename, FileNotFoundError), wrong types raise TypeError, keys wipe.
import errno
import os

import pytest

import pki


def test_key_equality_is_same_public_key():
    key = pki.Key.generate("ec")
    cert = pki.Cert.self_signed(key, "CN=eq.example.com")
    assert cert.public_key == key and key == cert.public_key
    assert key.public_key() == key
    assert hash(key.public_key()) == hash(key)
    assert len({key, key.public_key(), cert.public_key}) == 1
    assert key.has_private and not cert.public_key.has_private  # the separate predicate
    assert key != pki.Key.generate("ec")
    assert key != "not a key"


def test_file_error_is_an_oserror_with_errno_and_filename(tmp_path):
    missing = tmp_path / "missing.pem"
    with pytest.raises(FileNotFoundError) as exc:
        pki.Key.load_file(missing)
    assert isinstance(exc.value, pki.FileError) and isinstance(exc.value, OSError)
    assert exc.value.errno == errno.ENOENT
    assert exc.value.filename == os.fspath(missing)
    assert exc.value.strerror == os.strerror(errno.ENOENT)
    with pytest.raises(FileNotFoundError):
        pki.Cert.load_file(str(missing))
    with pytest.raises(IsADirectoryError) as exc:
        pki.Cert.load_file(tmp_path)
    assert exc.value.errno == errno.EISDIR and exc.value.filename == os.fspath(tmp_path)
    key = pki.Key.generate("ed25519")
    with pytest.raises(FileNotFoundError) as exc:
        key.save(tmp_path / "no" / "such" / "dir" / "k.pem")
    assert exc.value.filename == os.fspath(tmp_path / "no" / "such" / "dir" / "k.pem")
    key.save(tmp_path / "k.pem")
    with pytest.raises(FileExistsError) as exc:
        key.save(tmp_path / "k.pem")
    assert exc.value.errno == errno.EEXIST and isinstance(exc.value, pki.ExistsError)
    assert exc.value.filename == os.fspath(tmp_path / "k.pem")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_permission_error(tmp_path):
    path = tmp_path / "secret.pem"
    pki.Key.generate("ed25519").save(path)
    os.chmod(path, 0)
    with pytest.raises(PermissionError):
        pki.Key.load_file(path)


def test_wrong_argument_types_raise_type_error():
    key = pki.Key.generate("ec")
    cert = pki.Cert.self_signed(key, "CN=types.example.com")
    for bad in (None, "a CA", 42, b"bytes"):
        with pytest.raises(TypeError):
            cert.verify(bad)
    assert cert.verify(cert)  # a certificate, a Trust or a list still work
    assert cert.verify([cert])
    with pytest.raises(TypeError):
        cert.matches(None)
    with pytest.raises(TypeError):
        pki.Csr.create(None, "CN=x")
    with pytest.raises(TypeError):
        pki.Cert.self_signed("not a key", "CN=x")
    with pytest.raises(TypeError):
        pki.Cert.issue(None, cert, key)
    with pytest.raises(TypeError):
        key.to_pem(password=123)
    with pytest.raises(TypeError):
        pki.Key.load(None)


def test_keys_wipe_and_support_with():
    key = pki.Key.generate("ec")
    pem = key.to_pem()
    with pki.Key.load(pem) as k:
        assert k.has_private and k == key
    assert k.wiped
    with pytest.raises(ValueError, match="wiped"):
        k.to_pem()
    with pytest.raises(ValueError, match="wiped"):
        k.sign(b"x")
    with pytest.raises(ValueError):
        with k:
            pass
    assert "wiped" in repr(k)
    key.wipe()
    key.wipe()  # idempotent
    assert key.wiped
    with pytest.raises(ValueError):
        pki.Cert.self_signed(key, "CN=x")
