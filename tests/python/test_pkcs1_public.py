# PKCS#1 "RSA PUBLIC KEY" files (RFC 8017 A.1.1) written by pyca/cryptography (PublicFormat.PKCS1)
# are read by pki as the same public key as the SubjectPublicKeyInfo cryptography writes.
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

import pki


def test_pkcs1_public_keys_from_cryptography():
    pub = rsa.generate_private_key(65537, 2048).public_key()
    spki = pki.Key.load(pub.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo))
    for enc in (Encoding.PEM, Encoding.DER):
        data = pub.public_bytes(enc, PublicFormat.PKCS1)
        k = pki.Key.load(data)
        assert k == spki and not k.has_private
        assert (k.type, k.bits) == ("rsa", 2048)
        assert k.public_der() == spki.public_der()
        with pytest.raises(pki.ParseError):
            pki.Key.load(data[:-20])
