# Second opinion from the independent `cryptography` package (Debian python3-cryptography).
import datetime as dt
import ipaddress

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

import pki

UTC = dt.timezone.utc


def _verify_signed_by(cert: x509.Certificate, issuer_public_key) -> None:
    """Raise InvalidSignature unless `cert` is signed by `issuer_public_key`."""
    if isinstance(issuer_public_key, ec.EllipticCurvePublicKey):
        issuer_public_key.verify(cert.signature, cert.tbs_certificate_bytes,
                                 ec.ECDSA(cert.signature_hash_algorithm))
    elif isinstance(issuer_public_key, rsa.RSAPublicKey):
        issuer_public_key.verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(),
                                 cert.signature_hash_algorithm)
    else:
        issuer_public_key.verify(cert.signature, cert.tbs_certificate_bytes)


def _spki(public_key) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)


def test_libpki_certificate_reads_the_same_in_cryptography(leaf, ca, leaf_key):
    c = x509.load_pem_x509_certificate(leaf.to_pem())
    assert c.subject.rfc4514_string() == leaf.subject
    assert c.issuer.rfc4514_string() == leaf.issuer == ca.subject
    assert c.serial_number == leaf.serial
    assert c.not_valid_before.replace(tzinfo=UTC) == leaf.not_before
    assert c.not_valid_after.replace(tzinfo=UTC) == leaf.not_after
    san = c.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == leaf.dns_names
    assert san.get_values_for_type(x509.IPAddress) == leaf.ip_addresses
    assert _spki(c.public_key()) == leaf_key.public_der() == leaf.public_key.public_der()
    assert c.fingerprint(hashes.SHA256()).hex() == leaf.fingerprint
    bc = c.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert bc.ca is False
    eku = c.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]
    ski = c.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert ski.digest.hex() == leaf.subject_key_id
    aki = c.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    assert aki.key_identifier.hex() == ca.subject_key_id
    _verify_signed_by(c, x509.load_der_x509_certificate(ca.to_der()).public_key())


def test_ca_reads_the_same_in_cryptography(ca, ca_key):
    c = x509.load_der_x509_certificate(ca.to_der())
    bc = c.extensions.get_extension_for_class(x509.BasicConstraints)
    assert bc.critical and bc.value.ca is True and bc.value.path_length == ca.path_len
    ku = c.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.key_cert_sign and ku.crl_sign and not ku.key_encipherment
    _verify_signed_by(c, c.public_key())  # self-signed
    assert _spki(c.public_key()) == ca_key.public_der()


def test_name_constraints_and_urls(ca_key):
    ca = pki.Cert.self_signed(ca_key, "CN=Constrained CA", profile="ca", days=100,
                              permitted=["DNS:.internal", "IP:10.0.0.0/8"],
                              excluded=["DNS:bad.internal"],
                              crl_urls=["http://crl.example.com/ca.crl"],
                              ocsp_urls=["http://ocsp.example.com/"])
    c = x509.load_der_x509_certificate(ca.to_der())
    nc = c.extensions.get_extension_for_class(x509.NameConstraints).value
    permitted = {(type(n).__name__, str(n.value)) for n in nc.permitted_subtrees}
    assert ("DNSName", ".internal") in permitted or ("DNSName", "internal") in permitted
    assert ("IPAddress", "10.0.0.0/8") in permitted
    assert [n.value for n in nc.excluded_subtrees] == ["bad.internal"]
    crl = c.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert crl[0].full_name[0].value == "http://crl.example.com/ca.crl"
    aia = c.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    assert aia[0].access_location.value == "http://ocsp.example.com/"


@pytest.mark.parametrize("kind", ["ec", "rsa", "ed25519"])
def test_cryptography_csr_issued_by_libpki_verifies(kind, ca, ca_key):
    if kind == "ec":
        priv = ec.generate_private_key(ec.SECP256R1())
    elif kind == "rsa":
        priv = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    else:
        priv = ed25519.Ed25519PrivateKey.generate()
    algo = None if kind == "ed25519" else hashes.SHA256()
    req = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "svc.example.com"),
                                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example")]))
           .add_extension(x509.SubjectAlternativeName([
               x509.DNSName("svc.example.com"),
               x509.IPAddress(ipaddress.ip_address("192.0.2.10"))]), critical=False)
           .sign(priv, algo))
    csr = pki.Csr.load(req.public_bytes(serialization.Encoding.PEM))
    csr.verify()
    assert csr.dns_names == ["svc.example.com"]
    assert csr.ip_addresses == [ipaddress.ip_address("192.0.2.10")]
    cert = pki.Cert.issue(csr, ca, ca_key, profile="server", days=30)
    c = x509.load_pem_x509_certificate(cert.to_pem())
    _verify_signed_by(c, x509.load_pem_x509_certificate(ca.to_pem()).public_key())
    assert c.subject == req.subject
    assert _spki(c.public_key()) == _spki(priv.public_key())
    san = c.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["svc.example.com"]
    assert san.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("192.0.2.10")]


def test_cryptography_certificate_loads_in_libpki():
    key = ec.generate_private_key(ec.SECP384R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "crypto.example.com")])
    now = dt.datetime(2026, 1, 2, 3, 4, 5)
    c = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
         .public_key(key.public_key()).serial_number(0xDEADBEEF)
         .not_valid_before(now).not_valid_after(now + dt.timedelta(days=10))
         .add_extension(x509.SubjectAlternativeName([x509.DNSName("crypto.example.com"),
                                                     x509.RFC822Name("a@example.com")]), False)
         .add_extension(x509.BasicConstraints(ca=True, path_length=2), True)
         .sign(key, hashes.SHA384()))
    cert = pki.Cert.load(c.public_bytes(serialization.Encoding.DER))
    assert cert.subject == "CN=crypto.example.com"
    assert cert.serial == 0xDEADBEEF
    assert cert.not_before == now.replace(tzinfo=UTC)
    assert cert.not_after == (now + dt.timedelta(days=10)).replace(tzinfo=UTC)
    assert cert.dns_names == ["crypto.example.com"] and cert.emails == ["a@example.com"]
    assert cert.is_ca and cert.path_len == 2
    assert cert.key_usage is None and cert.extended_key_usage is None
    assert cert.signature_algorithm == "ECDSA-SHA384"
    assert cert.fingerprint == c.fingerprint(hashes.SHA256()).hex()
    assert cert.public_key.public_der() == _spki(key.public_key())
    assert cert.matches(pki.Key.load(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())))


@pytest.mark.parametrize("kind", ["ec", "ed25519", "rsa"])
def test_keys_round_trip_to_cryptography(kind):
    key = pki.Key.generate(kind, bits=2048 if kind == "rsa" else None)
    priv = serialization.load_pem_private_key(key.to_pem(), password=None)
    assert _spki(priv.public_key()) == key.public_der()
    pub = serialization.load_der_public_key(key.public_der())
    assert _spki(pub) == key.public_der()
    # and back: PKCS#8, traditional (PKCS#1 / SEC1) and raw-free encodings
    formats = [serialization.PrivateFormat.PKCS8]
    if kind != "ed25519":
        formats.append(serialization.PrivateFormat.TraditionalOpenSSL)
    for fmt in formats:
        for enc in (serialization.Encoding.PEM, serialization.Encoding.DER):
            data = priv.private_bytes(enc, fmt, serialization.NoEncryption())
            assert pki.Key.load(data) == key


def test_encrypted_keys_round_trip_both_ways():
    key = pki.Key.generate("ec")
    # libpki -> cryptography (PBES2 / AES-256-CBC / PBKDF2)
    priv = serialization.load_pem_private_key(key.to_pem(password="pw1"), password=b"pw1")
    assert _spki(priv.public_key()) == key.public_der()
    # cryptography -> libpki (BestAvailableEncryption: PKCS#8 PBES2)
    other = ed25519.Ed25519PrivateKey.generate()
    data = other.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                               serialization.BestAvailableEncryption(b"pw2"))
    with pytest.raises(pki.PasswordRequiredError):
        pki.Key.load(data)
    with pytest.raises(pki.BadPasswordError):
        pki.Key.load(data, password="nope")
    loaded = pki.Key.load(data, password="pw2")
    assert loaded.public_der() == _spki(other.public_key())


def test_legacy_encrypted_pem_from_cryptography():
    priv = ec.generate_private_key(ec.SECP256R1())
    data = priv.private_bytes(serialization.Encoding.PEM,
                              serialization.PrivateFormat.TraditionalOpenSSL,
                              serialization.BestAvailableEncryption(b"legacy"))
    assert b"Proc-Type: 4,ENCRYPTED" in data
    assert pki.Key.load(data, password="legacy").public_der() == _spki(priv.public_key())


def test_csr_reads_the_same_in_cryptography(csr, leaf_key):
    r = x509.load_pem_x509_csr(csr.to_pem())
    assert r.is_signature_valid
    assert r.subject.rfc4514_string() == csr.subject
    san = r.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == csr.dns_names
    assert san.get_values_for_type(x509.IPAddress) == csr.ip_addresses
    assert _spki(r.public_key()) == leaf_key.public_der()
