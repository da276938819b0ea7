# pki.Pkcs12: PKCS#12 files, both ways, and against the cryptography package.
import os
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12 as c_pkcs12
from cryptography import x509

import pki

VECTORS = os.environ.get("PKI_VECTORS_DIR", "/usr/lib/python3/dist-packages/cryptography_vectors")


@pytest.fixture
def bundle():
    root_key = pki.Key.generate("ec")
    root = pki.Cert.self_signed(root_key, "CN=P12 Root", days=100)
    key = pki.Key.generate("ec")
    cert = pki.Cert.issue_for_key(key, "CN=p12.example.com", root, root_key, days=10)
    return key, cert, root


def test_round_trip(bundle, tmp_path):
    key, cert, root = bundle
    data = pki.Pkcs12(key, cert, [root], name="my alias").to_der(password="pw")
    p12 = pki.Pkcs12.load(data, password="pw")
    assert p12.key == key and p12.cert == cert and p12.chain == [root] and p12.name == "my alias"
    assert repr(p12) == "<pki.Pkcs12 CN=p12.example.com, 1 more certificate(s), name 'my alias'>"
    with pytest.raises(pki.PasswordRequiredError):
        pki.Pkcs12.load(data)
    with pytest.raises(pki.BadPasswordError):
        pki.Pkcs12.load(data, password="wrong")
    path = tmp_path / "id.p12"
    pki.Pkcs12(key, cert).save(path, password="pw2", legacy=True)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = pki.Pkcs12.load_file(path, password="pw2")
    assert (again.key, again.cert, again.chain, again.name) == (key, cert, [], None)
    with pytest.raises(pki.ExistsError):
        pki.Pkcs12(key, cert).save(path, password="pw2")


def test_cryptography_reads_and_writes(bundle):
    key, cert, root = bundle
    c_key, c_cert, c_extra = c_pkcs12.load_key_and_certificates(
        pki.Pkcs12(key, cert, [root]).to_der(password="pw"), b"pw")
    assert c_cert.public_bytes(serialization.Encoding.DER) == cert.to_der()
    assert [c.public_bytes(serialization.Encoding.DER) for c in c_extra] == [root.to_der()]
    assert c_key.public_key().public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.SubjectPublicKeyInfo) == key.public_der()
    data = c_pkcs12.serialize_key_and_certificates(
        b"from-cryptography", c_key, c_cert, [x509.load_der_x509_certificate(root.to_der())],
        serialization.BestAvailableEncryption(b"pw4"))
    p12 = pki.Pkcs12.load(data, password=b"pw4")
    assert p12.key == key and p12.cert == cert and p12.chain == [root]
    assert p12.name == "from-cryptography"


def test_errors(bundle):
    key, cert, root = bundle
    with pytest.raises(pki.KeyMismatchError):
        pki.Pkcs12(pki.Key.generate("ec"), cert).to_der(password="pw")
    with pytest.raises(pki.NoPrivateKeyError):
        pki.Pkcs12(key.public_key(), cert).to_der(password="pw")
    with pytest.raises(pki.ArgumentError):
        pki.Pkcs12(key, cert).to_der(password="")
    with pytest.raises(pki.ArgumentError):
        pki.Pkcs12(key, cert, name="\x01bad").to_der(password="pw")
    with pytest.raises(TypeError):
        pki.Pkcs12("key", cert).to_der(password="pw")
    with pytest.raises(TypeError):
        pki.Pkcs12(key, cert, ["root"]).to_der(password="pw")
    with pytest.raises(pki.ParseError):
        pki.Pkcs12.load(b"not pkcs12", password="pw")
    with pytest.raises(pki.FileError):
        pki.Pkcs12.load_file("/nonexistent.p12", password="pw")


def test_no_mac_needs_allow_no_mac():
    path = os.path.join(os.path.dirname(__file__), "..", "data", "p12", "p12-nomac.p12")
    with open(path, "rb") as f:
        data = f.read()
    with pytest.raises(pki.WeakKeyError, match="no MAC"):
        pki.Pkcs12.load(data, password="fixture")
    p12 = pki.Pkcs12.load(data, password="fixture", allow_no_mac=True)
    assert p12.cert.subject == "CN=p12-fixture" and p12.cert.public_key == p12.key
    assert pki.Pkcs12.load_file(path, password="fixture", allow_no_mac=True).cert == p12.cert
    with pytest.raises(pki.BadPasswordError):
        pki.Pkcs12.load(data, password="wrong", allow_no_mac=True)


def test_cryptography_no_encryption_file(bundle):
    # cryptography's NoEncryption() writes a MAC keyed by the absent password (OpenSSL's
    # PKCS12_create with NULL), not by "": it reads with no password, and "" is wrong.
    key, cert, root = bundle
    c_key = serialization.load_der_private_key(key.to_der(), None)
    c_cert = x509.load_der_x509_certificate(cert.to_der())
    data = c_pkcs12.serialize_key_and_certificates(
        b"nopw", c_key, c_cert, None, serialization.NoEncryption())
    p12 = pki.Pkcs12.load(data)
    assert p12.key == key and p12.cert == cert and p12.name == "nopw"
    with pytest.raises(pki.BadPasswordError):
        pki.Pkcs12.load(data, password="")


def test_shrouded_key_with_the_absent_password():
    # pyca's no-password.p12 (OpenSSL's PKCS12_create(NULL, ...) with its default
    # algorithms): the MAC, the certificate part and the shrouded key bag are all keyed by
    # the absent password; it reads with no password, the same key as cryptography's.
    path = os.path.join(VECTORS, "pkcs12", "no-password.p12")
    if not os.path.exists(path):
        pytest.skip("pyca vectors not installed (python3-cryptography-vectors)")
    with open(path, "rb") as f:
        data = f.read()
    c_key, c_cert, extra = c_pkcs12.load_key_and_certificates(data, None)
    p12 = pki.Pkcs12.load(data)
    assert p12.key.public_der() == c_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert p12.key.has_private
    assert p12.cert.to_der() == c_cert.public_bytes(serialization.Encoding.DER)
    with pytest.raises(pki.BadPasswordError):
        pki.Pkcs12.load(data, password="wrong")


def test_chosen_iterations_read_by_cryptography(bundle, tmp_path):
    """issue 19 item 4: iterations= reaches the file; cryptography reads it, also with a
    non-ASCII password (the MAC key is derived from the BMPString, as OpenSSL does)."""
    key, cert, root = bundle
    for password in ("pw", "p\u00e4ssw\u00f6rd\u20ac"):
        data = pki.Pkcs12(key, cert, [root], name="fast").to_der(password, iterations=10000)
        assert data.count(bytes([0x02, 0x02, 0x27, 0x10])) == 3  # key, certificates, MAC
        k, c, extra = c_pkcs12.load_key_and_certificates(data, password.encode())
        assert c.public_bytes(serialization.Encoding.DER) == cert.to_der()
        assert k.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ) == key.public_der()
        assert [e.public_bytes(serialization.Encoding.DER) for e in extra] == [root.to_der()]
    path = tmp_path / "fast.p12"
    pki.Pkcs12(key, cert).save(path, "pw", iterations=20000)
    assert pki.Pkcs12.load_file(path, "pw").key == key
    with pytest.raises(pki.WeakKeyError):
        pki.Pkcs12(key, cert).to_der("pw", iterations=pki.KDF_MIN_ITERATIONS - 1)
    with pytest.raises(pki.TooLargeError):
        pki.Pkcs12(key, cert).to_der("pw", iterations=1000001)
    with pytest.raises(pki.ArgumentError):
        pki.Pkcs12(key, cert).to_der("pw", legacy=True, iterations=20000)
    with pytest.raises(TypeError):
        pki.Pkcs12(key, cert).to_der("pw", iterations="20000")


def test_key_chosen_iterations_read_by_cryptography(tmp_path):
    key = pki.Key.generate("ec")
    pem = key.to_pem("pw", iterations=10000)
    assert pki.KDF_DEFAULT_ITERATIONS == 600000 and pki.KDF_MIN_ITERATIONS == 10000
    loaded = serialization.load_pem_private_key(pem, b"pw")
    assert loaded.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) == key.public_der()
    key.save(tmp_path / "k.pem", "pw", iterations=10000)
    assert pki.Key.load_file(tmp_path / "k.pem", "pw") == key
    with pytest.raises(pki.WeakKeyError):
        key.to_der("pw", iterations=1000)
    with pytest.raises(pki.ArgumentError):
        key.to_pem(None, iterations=10000)
