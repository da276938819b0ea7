# pki.Key: generation, encodings, files, properties, protocol.
import os
import pathlib
import pickle
import stat

import pytest

import pki

TYPES = [
    ("ec", "ec-p256", "ec", 256, "P-256"),
    ("p384", "ec-p384", "ec", 384, "P-384"),
    ("p521", "ec-p521", "ec", 521, "P-521"),
    ("ed25519", "ed25519", "ed25519", 255, "Ed25519"),
    ("ed448", "ed448", "ed448", 448, "Ed448"),
]


@pytest.mark.parametrize("name,type_,alg,bits,curve", TYPES)
def test_generate_types(name, type_, alg, bits, curve):
    key = pki.Key.generate(name)
    assert key.type == type_
    assert key.algorithm == alg
    assert key.bits == bits
    assert key.curve == curve
    assert key.has_private
    assert key.to_dict() == {"type": alg, "bits": bits, "curve": curve}


def test_generate_default_is_p256():
    key = pki.Key.generate()
    assert (key.type, key.curve) == ("ec-p256", "P-256")


def test_generate_rsa():
    key = pki.Key.generate("rsa", bits=2048)
    assert (key.type, key.algorithm, key.bits, key.curve) == ("rsa", "rsa", 2048, None)
    assert key.to_dict() == {"type": "rsa", "bits": 2048, "curve": None}


def test_generate_by_number():
    assert pki.Key.generate(pki.capi.PKI_KEY_ED25519).type == "ed25519"


def test_generate_errors():
    with pytest.raises(pki.ArgumentError):
        pki.Key.generate("dsa")
    with pytest.raises(pki.ArgumentError):
        pki.Key.generate("ec", bits=384)  # P-256 has 256 bits
    with pytest.raises(pki.WeakKeyError):
        pki.Key.generate("rsa", bits=1024)
    with pytest.raises(pki.ArgumentError):
        pki.Key.generate("rsa", bits=-1)
    with pytest.raises(TypeError):
        pki.Key.generate(1.5)
    with pytest.raises(TypeError):
        pki.Key.generate("rsa", bits="2048")
    with pytest.raises(TypeError):
        pki.Key("not a handle")


@pytest.mark.parametrize("name", ["ec", "ed25519", "p384"])
def test_pem_der_round_trip(name):
    key = pki.Key.generate(name)
    pem = key.to_pem()
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    der = key.to_der()
    assert der[0] == 0x30
    for data in (pem, der, pem.decode("ascii"), bytearray(der), memoryview(der)):
        again = pki.Key.load(data)
        assert again == key
        assert again.to_der() == der
        assert again.key_id == key.key_id


def test_encrypted_round_trip_and_password_errors():
    key = pki.Key.generate("ed25519")
    pem = key.to_pem(password="s3cret")
    assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert pki.Key.load(pem, password="s3cret") == key
    assert pki.Key.load(pem, password=b"s3cret") == key
    with pytest.raises(pki.PasswordRequiredError) as info:
        pki.Key.load(pem)
    assert isinstance(info.value, pki.PasswordError)
    assert info.value.code == pki.capi.PKI_E_PASSWORD_REQUIRED
    with pytest.raises(pki.BadPasswordError) as info:
        pki.Key.load(pem, password="wrong")
    assert isinstance(info.value, pki.PasswordError)
    assert info.value.code == pki.capi.PKI_E_BAD_PASSWORD


def test_encrypted_der():
    key = pki.Key.generate("ec")
    der = key.to_der(password="pw")
    assert pki.Key.load(der, password="pw") == key


def test_public_key():
    key = pki.Key.generate("ec")
    pem = key.public_pem()
    assert pem.startswith(b"-----BEGIN PUBLIC KEY-----")
    pub = pki.Key.load(pem)
    assert not pub.has_private
    assert pub.public_der() == key.public_der()
    assert pub.key_id == key.key_id and pub.fingerprint == key.fingerprint
    assert pub == key  # the same public key (has_private tells them apart)
    assert pub.has_private != key.has_private
    assert pub == key.public_key()
    with pytest.raises(pki.NoPrivateKeyError):
        pub.to_pem()
    with pytest.raises(pki.NoPrivateKeyError):
        pub.to_der()


def test_identifiers():
    key = pki.Key.generate("ec")
    assert len(key.key_id) == 40 and int(key.key_id, 16) >= 0
    assert len(key.fingerprint) == 64 and key.fingerprint == key.fingerprint.lower()
    import hashlib
    assert key.fingerprint == hashlib.sha256(key.public_der()).hexdigest()
    other = pki.Key.generate("ec")
    assert other.key_id != key.key_id


def test_equality_and_hash():
    a = pki.Key.generate("ed25519")
    b = pki.Key.load(a.to_pem())
    c = pki.Key.generate("ed25519")
    assert a == b and hash(a) == hash(b)
    assert a != c
    assert len({a, b, c}) == 2
    assert a != "key"
    assert a.__eq__(42) is NotImplemented


def test_repr():
    key = pki.Key.generate("ed25519")
    text = repr(key)
    assert text.startswith("<pki.Key ed25519 private ")
    assert key.key_id[:16] in text
    assert "public" in repr(key.public_key())


def test_not_picklable():
    with pytest.raises(TypeError):
        pickle.dumps(pki.Key.generate("ed25519"))


def test_load_errors():
    with pytest.raises(pki.ParseError) as info:
        pki.Key.load(b"this is not a key")
    assert info.value.code == pki.capi.PKI_E_PARSE
    assert isinstance(info.value, ValueError)
    pem = pki.Key.generate("ec").to_pem()
    with pytest.raises(pki.ParseError):
        pki.Key.load(pem[: len(pem) // 2])  # truncated
    with pytest.raises(pki.ParseError, match="empty"):
        pki.Key.load(b"")
    with pytest.raises(TypeError):
        pki.Key.load(12)
    with pytest.raises(TypeError):
        pki.Key.load(b"x", password=12)
    with pytest.raises(pki.TooLargeError):
        pki.Key.load(b"\0" * (16 * 1024 * 1024 + 1))


def test_save_and_load_file(tmp_path):
    key = pki.Key.generate("ec")
    path = tmp_path / "key.pem"
    key.save(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_bytes() == key.to_pem()
    assert pki.Key.load_file(path) == key
    assert pki.Key.load_file(str(path)) == key
    assert pki.Key.load_file(os.fsencode(str(path))) == key
    with pytest.raises(pki.ExistsError) as info:
        key.save(path)
    assert isinstance(info.value, FileExistsError) and isinstance(info.value, pki.FileError)
    other = pki.Key.generate("ec")
    other.save(path, overwrite=True)
    assert pki.Key.load_file(path) == other
    der_path = tmp_path / "key.der"
    other.save(der_path, format="der")
    assert der_path.read_bytes() == other.to_der()
    with pytest.raises(pki.ArgumentError):
        other.save(tmp_path / "x", format="p12")


def test_save_encrypted(tmp_path):
    key = pki.Key.generate("ed25519")
    path = tmp_path / "enc.pem"
    key.save(path, password="pw")
    assert b"ENCRYPTED" in path.read_bytes()
    with pytest.raises(pki.PasswordRequiredError):
        pki.Key.load_file(path)
    assert pki.Key.load_file(path, password="pw") == key


def test_file_errors(tmp_path):
    with pytest.raises(pki.FileError) as info:
        pki.Key.load_file(tmp_path / "missing.pem")
    assert isinstance(info.value, OSError)
    assert info.value.code == pki.capi.PKI_E_IO
    with pytest.raises(pki.FileError):
        pki.Key.generate("ec").save(tmp_path / "no" / "such" / "dir.pem")
    with pytest.raises(TypeError):
        pki.Key.load_file(42)
    with pytest.raises(pki.ArgumentError):
        pki.Key.load_file("bad\0path")


def test_key_type_name():
    assert pki.key_type_name("ECDSA") == "ec-p256"
    assert pki.key_type_name("P-384") == "ec-p384"
    with pytest.raises(pki.ArgumentError):
        pki.key_type_name("nope")
