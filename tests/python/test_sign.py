# Key.sign / Key.verify, checked both ways with the independent `cryptography` package.
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa

import pki

DATA = b"libpki signs these bytes"
HASHES = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}


def theirs(key):
    return serialization.load_pem_private_key(key.to_pem(), None)


@pytest.mark.parametrize("kind,default", [("ec", "sha256"), ("p384", "sha384"), ("p521", "sha512")])
def test_ecdsa_both_ways(kind, default):
    key = pki.Key.generate(kind)
    other = theirs(key)
    for h in (None, "sha256", "sha512"):
        sig = key.sign(DATA, hash=h)
        other.public_key().verify(sig, DATA, ec.ECDSA(HASHES[h or default]))
        key.public_key().verify(other.sign(DATA, ec.ECDSA(HASHES[h or default])), DATA, hash=h)
        with pytest.raises(pki.SignatureError):
            key.verify(sig, DATA + b"!", hash=h)


def test_rsa_pkcs1_and_pss_both_ways():
    key = pki.Key.generate("rsa", bits=2048)
    other = theirs(key)
    pub = other.public_key()
    sig = key.sign(DATA)
    pub.verify(sig, DATA, padding.PKCS1v15(), hashes.SHA256())
    key.verify(other.sign(DATA, padding.PKCS1v15(), hashes.SHA384()), DATA, hash="sha384")
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)
    sig = key.sign(DATA, pss=True)
    pub.verify(sig, DATA, pss, hashes.SHA256())
    key.verify(other.sign(DATA, pss, hashes.SHA256()), DATA, pss=True)
    with pytest.raises(InvalidSignature):
        pub.verify(sig, DATA, padding.PKCS1v15(), hashes.SHA256())
    with pytest.raises(pki.SignatureError):
        key.verify(sig, DATA)  # a PSS signature is not a PKCS#1 v1.5 one


@pytest.mark.parametrize("kind", ["ed25519", "ed448"])
def test_eddsa_both_ways(kind):
    key = pki.Key.generate(kind)
    other = theirs(key)
    sig = key.sign(DATA)
    assert sig == other.sign(DATA)  # pure EdDSA is deterministic
    other.public_key().verify(sig, DATA)
    key.public_key().verify(sig, DATA)
    with pytest.raises(pki.ArgumentError, match="pure EdDSA"):
        key.sign(DATA, hash="sha256")
    with pytest.raises(pki.SignatureError):
        key.verify(sig[:-1], DATA)


def test_errors_and_types():
    key = pki.Key.generate("ec")
    with pytest.raises(pki.NoPrivateKeyError):
        key.public_key().sign(DATA)
    with pytest.raises(pki.ArgumentError):
        key.sign(DATA, pss=True)
    with pytest.raises(pki.ArgumentError):
        key.sign(DATA, hash="md5")
    with pytest.raises(TypeError):
        key.sign(None)
    with pytest.raises(TypeError):
        key.sign(DATA, hash=256)
    with pytest.raises(TypeError):
        key.verify(None, DATA)
    with pytest.raises(pki.SignatureError):
        key.verify(b"garbage", DATA)
    assert key.verify(key.sign("text"), "text") is None  # str is signed as UTF-8
