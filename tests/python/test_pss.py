# RSA-PSS keys, PSS-keyed CAs and requests with a chosen signature (issue 15), with
# pyca/cryptography 38 as the second opinion. cryptography 38 loads id-RSASSA-PSS keys (private
# and public) as plain RSA keys, dropping the parameters (test_cryptography_reads_pss_keys);
# with them it checks the PSS signatures of pki's PSS-keyed certificates and requests itself.
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import pki


@pytest.fixture(scope="module")
def pss_ca():
    key = pki.Key.generate_rsa_pss(2048, hash="sha384")
    return key, pki.Cert.self_signed(key, "CN=PSS-keyed root", profile="ca")


def test_generate_and_describe():
    any_key = pki.Key.generate("rsa-pss", 2048)
    assert any_key.type == "rsa-pss" and any_key.algorithm == "rsa-pss"
    assert any_key.pss_hash is None and any_key.pss_salt_length is None
    k = pki.Key.generate_rsa_pss(2048, hash="sha256")
    assert (k.pss_hash, k.pss_salt_length, k.bits) == ("sha256", 32, 2048)
    assert pki.Key.load(k.to_pem()).pss_hash == "sha256"
    assert pki.Key.load(k.to_der()).type == "rsa-pss"
    with pytest.raises(pki.ArgumentError):
        pki.Key.generate_rsa_pss(2048, hash="md5")
    with pytest.raises(pki.WeakKeyError):
        pki.Key.generate_rsa_pss(1024)
    assert pki.Key.generate("ec").pss_hash is None


def test_cryptography_reads_pss_keys(pss_ca):
    key, ca = pss_ca
    priv = serialization.load_pem_private_key(key.to_pem(), None)
    pub = serialization.load_der_public_key(key.public_der())
    assert isinstance(priv, rsa.RSAPrivateKey) and isinstance(pub, rsa.RSAPublicKey)
    assert priv.public_key().public_numbers() == pub.public_numbers()
    assert priv.key_size == 2048
    c = x509.load_der_x509_certificate(ca.to_der())
    # the self-signature: PSS, SHA-384, MGF1-SHA-384, salt 48 (the key's parameters)
    pub.verify(c.signature, c.tbs_certificate_bytes,
               padding.PSS(padding.MGF1(hashes.SHA384()), 48), hashes.SHA384())


def test_pss_keyed_ca_read_by_cryptography(pss_ca):
    key, ca = pss_ca
    c = x509.load_der_x509_certificate(ca.to_der())
    assert c.signature_algorithm_oid == x509.oid.SignatureAlgorithmOID.RSASSA_PSS
    assert c.subject.rfc4514_string() == "CN=PSS-keyed root"
    ku = c.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.key_cert_sign and not ku.key_encipherment
    leaf_key = pki.Key.generate("rsa", 2048)
    leaf = pki.Cert.issue_for_key(leaf_key, "CN=a.example", ca, key, dns=["a.example"])
    lc = x509.load_der_x509_certificate(leaf.to_der())
    assert lc.signature_algorithm_oid == x509.oid.SignatureAlgorithmOID.RSASSA_PSS
    assert lc.issuer == c.subject
    assert leaf.signature_algorithm == "RSA-PSS-SHA384"
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue_for_key(leaf_key, "CN=b.example", ca, key, dns=["b.example"],
                               signature_hash="sha256")


def test_requests_with_a_chosen_signature():
    rsa_key = pki.Key.generate("rsa", 2048)
    csr = pki.Csr.create(rsa_key, "CN=r.example", signature_hash="sha512", rsa_pss=True)
    r = x509.load_der_x509_csr(csr.to_der())
    assert r.signature_algorithm_oid == x509.oid.SignatureAlgorithmOID.RSASSA_PSS
    # cryptography checks the PSS signature itself with the request's RSA key.
    r.public_key().verify(r.signature, r.tbs_certrequest_bytes,
                          padding.PSS(padding.MGF1(hashes.SHA512()), 64), hashes.SHA512())
    v15 = x509.load_der_x509_csr(pki.Csr.create(rsa_key, "CN=r", signature_hash="sha384").to_der())
    assert v15.signature_hash_algorithm.name == "sha384" and v15.is_signature_valid
    ec = x509.load_der_x509_csr(pki.Csr.create(pki.Key.generate("ec"), "CN=e",
                                               signature_hash="sha512").to_der())
    assert ec.signature_hash_algorithm.name == "sha512" and ec.is_signature_valid
    with pytest.raises(pki.ArgumentError):
        pki.Csr.create(pki.Key.generate("ec"), "CN=e", rsa_pss=True)
    with pytest.raises(pki.ArgumentError):
        pki.Csr.create(pki.Key.generate("ed25519"), "CN=e", signature_hash="sha256")
    with pytest.raises(TypeError):
        pki.Csr.create(rsa_key, "CN=e", rsa_pss=1)


def test_pss_keyed_request(pss_ca):
    key, _ = pss_ca
    csr = pki.Csr.create(key, "CN=pss.example")
    assert csr.signature_algorithm == "RSA-PSS-SHA384"
    r = x509.load_der_x509_csr(csr.to_der())
    assert r.signature_algorithm_oid == x509.oid.SignatureAlgorithmOID.RSASSA_PSS
    assert r.subject.rfc4514_string() == "CN=pss.example"
    pub = serialization.load_der_public_key(key.public_der())
    pub.verify(r.signature, r.tbs_certrequest_bytes,
               padding.PSS(padding.MGF1(hashes.SHA384()), 48), hashes.SHA384())


def test_low_level_parameters_come_back_by_name():
    from pki import capi
    k = capi.pki_key_generate_rsa_pss(2048, capi.PKI_HASH_SHA512, 0)
    p = capi.pki_key_rsa_pss_params(k)
    assert (p.hash, p.salt_size) == (capi.PKI_HASH_SHA512, 64)
    with pytest.raises(pki.NotFoundError):
        capi.pki_key_rsa_pss_params(capi.pki_key_generate(capi.PKI_KEY_RSA_PSS, 2048, 0))
    with pytest.raises(pki.ArgumentError):
        capi.pki_key_rsa_pss_params(capi.pki_key_generate(capi.PKI_KEY_EC_P256, 0, 0))
