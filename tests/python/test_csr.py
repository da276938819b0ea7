# pki.Csr: creation, names, encodings, signature, protocol.
import ipaddress
import pickle

import pytest

import pki


def test_create_and_fields():
    key = pki.Key.generate("ec")
    csr = pki.Csr.create(key, "CN=registry.example.com,O=Example Ltd,C=GB",
                         dns=["registry.example.com"], ip=[ipaddress.ip_address("10.0.0.5"), "2001:db8::1"],
                         email=["admin@example.com"], uri=["https://example.com/"])
    assert csr.subject == "CN=registry.example.com,O=Example Ltd,C=GB"
    assert csr.dns_names == ["registry.example.com"]
    assert csr.ip_addresses == [ipaddress.IPv4Address("10.0.0.5"), ipaddress.IPv6Address("2001:db8::1")]
    assert csr.emails == ["admin@example.com"]
    assert csr.uris == ["https://example.com/"]
    assert csr.sans == [("DNS", "registry.example.com"), ("IP", "10.0.0.5"), ("IP", "2001:db8::1"),
                        ("email", "admin@example.com"), ("URI", "https://example.com/")]
    assert csr.public_key == key.public_key()
    assert csr.signature_algorithm == "ECDSA-SHA256"
    csr.verify()
    assert csr.is_signature_valid


def test_untyped_sans_are_classified():
    key = pki.Key.generate("ed25519")
    csr = pki.Csr.create(key, "", sans=["www.example.com", "192.0.2.1", "a@example.com",
                                        "https://example.com/x", "DNS:typed.example.com"])
    assert csr.subject == ""
    assert csr.sans == [("DNS", "www.example.com"), ("IP", "192.0.2.1"), ("email", "a@example.com"),
                        ("URI", "https://example.com/x"), ("DNS", "typed.example.com")]


def test_to_dict_and_text():
    key = pki.Key.generate("ed25519")
    csr = pki.Csr.create(key, "CN=x.example.com", dns=["x.example.com"], ip=["10.1.2.3"])
    d = csr.to_dict()
    assert d["subject"] == "CN=x.example.com"
    assert d["dns_names"] == ["x.example.com"]
    assert d["ip_addresses"] == ["10.1.2.3"]
    assert d["public_key"] == key.to_dict()
    assert d["subject_key_id"] == key.key_id
    assert d["signature_algorithm"] == csr.signature_algorithm
    text = csr.text()
    assert "CN=x.example.com" in text and "x.example.com" in text


def test_encodings_round_trip(tmp_path):
    key = pki.Key.generate("ec")
    csr = pki.Csr.create(key, "CN=a.example.com")
    pem, der = csr.to_pem(), csr.to_der()
    # GnuTLS writes the "NEW CERTIFICATE REQUEST" label; both are standard
    assert pem.split(b"\n")[0] in (b"-----BEGIN CERTIFICATE REQUEST-----",
                                   b"-----BEGIN NEW CERTIFICATE REQUEST-----")
    for data in (pem, der, pem.decode()):
        again = pki.Csr.load(data)
        assert again == csr and hash(again) == hash(csr)
        assert again.to_der() == der
    path = tmp_path / "req.pem"
    csr.save(path)
    assert path.read_bytes() == pem
    assert pki.Csr.load_file(path) == csr
    with pytest.raises(pki.ExistsError):
        csr.save(path)
    csr.save(path, overwrite=True, format="der")
    assert path.read_bytes() == der
    assert pickle.loads(pickle.dumps(csr)) == csr


def test_inequality_and_repr():
    key = pki.Key.generate("ec")
    a = pki.Csr.create(key, "CN=a.example.com", dns=["a.example.com"])
    b = pki.Csr.create(key, "CN=b.example.com")
    assert a != b
    assert a != a.to_der()
    assert repr(a) == "<pki.Csr CN=a.example.com [DNS:a.example.com]>"
    assert repr(b) == "<pki.Csr CN=b.example.com>"


def test_tampered_signature():
    key = pki.Key.generate("ec")
    der = bytearray(pki.Csr.create(key, "CN=tamper.example.com").to_der())
    i = der.find(b"tamper")
    der[i] = ord("T")
    bad = pki.Csr.load(bytes(der))
    assert not bad.is_signature_valid
    with pytest.raises(pki.SignatureError) as info:
        bad.verify()
    assert info.value.code == pki.capi.PKI_E_BAD_SIGNATURE


def test_create_errors():
    key = pki.Key.generate("ec")
    with pytest.raises(pki.InvalidNameError):
        pki.Csr.create(key, "not a DN")
    with pytest.raises(pki.InvalidNameError):
        pki.Csr.create(key, "CN=x", dns=["bad name!"])
    with pytest.raises(pki.InvalidNameError):
        pki.Csr.create(key, "CN=x", ip=["10.0.0.300"])
    with pytest.raises(pki.InvalidNameError):
        pki.Csr.create(key, "CN=x", sans=["not a name at all"])
    with pytest.raises(pki.NoPrivateKeyError):
        pki.Csr.create(key.public_key(), "CN=x")
    with pytest.raises(TypeError):
        pki.Csr.create("key", "CN=x")
    with pytest.raises(TypeError):
        pki.Csr.create(key, "CN=x", dns="www.example.com")  # a str is not a list
    with pytest.raises(TypeError):
        pki.Csr.create(key, "CN=x", dns=[1])
    with pytest.raises(TypeError):
        pki.Csr.create(key, b"CN=x")
    with pytest.raises(pki.ArgumentError):
        pki.Csr.create(key, "CN=x\0y")
    with pytest.raises(TypeError):
        pki.Csr("handle")


def test_load_errors(tmp_path):
    with pytest.raises(pki.ParseError):
        pki.Csr.load(b"garbage")
    csr = pki.Csr.create(pki.Key.generate("ec"), "CN=x")
    with pytest.raises(pki.ParseError):
        pki.Csr.load(csr.to_der()[:40])
    with pytest.raises(pki.ParseError):  # a key is not a request
        pki.Csr.load(pki.Key.generate("ec").to_pem())
    with pytest.raises(pki.FileError):
        pki.Csr.load_file(tmp_path / "missing")
    with pytest.raises(TypeError):
        pki.Csr.load(None)
