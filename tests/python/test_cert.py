# pki.Cert: issuing, parsing, fields, bundles, protocol.
import copy
import datetime as dt
import hashlib
import ipaddress
import pickle

import pytest

import pki

UTC = dt.timezone.utc


def test_self_signed_ca(ca, ca_key):
    assert ca.subject == "CN=Test Root CA,O=libpki tests"
    assert ca.issuer == ca.subject
    assert ca.is_ca
    assert ca.path_len is None
    assert ca.key_usage == ["keyCertSign", "cRLSign"]
    assert ca.extended_key_usage is None
    assert ca.matches(ca_key) and ca.matches(ca_key.public_key())
    assert ca.public_key == ca_key.public_key()
    assert ca.subject_key_id == ca_key.key_id
    assert ca.authority_key_id in (None, ca_key.key_id)
    assert ca.signature_algorithm == "ECDSA-SHA256"
    now = dt.datetime.now(UTC)
    assert ca.not_before.tzinfo is not None and ca.not_before.utcoffset() == dt.timedelta(0)
    assert ca.not_before <= now
    assert ca.not_after - ca.not_before == dt.timedelta(days=3650)  # exact: from the backdated start


def test_issued_server_cert(leaf, ca, ca_key, leaf_key):
    assert leaf.subject == "CN=registry.example.com,O=Example Ltd"
    assert leaf.issuer == ca.subject
    assert not leaf.is_ca and leaf.path_len is None
    assert leaf.dns_names == ["registry.example.com", "www.example.com"]
    assert leaf.ip_addresses == [ipaddress.ip_address("10.0.0.5"), ipaddress.ip_address("2001:db8::1")]
    assert leaf.emails == [] and leaf.uris == []
    assert "digitalSignature" in leaf.key_usage
    assert leaf.extended_key_usage == ["serverAuth"]
    assert leaf.matches(leaf_key) and not leaf.matches(ca_key)
    assert leaf.authority_key_id == ca.subject_key_id
    assert leaf.subject_key_id == leaf_key.key_id
    assert leaf.serial > 0 and leaf.serial.bit_length() <= 160
    assert leaf.serial == int(leaf.serial_hex, 16)
    assert leaf.not_after <= ca.not_after
    assert leaf.not_after - leaf.not_before == dt.timedelta(days=90)
    assert leaf.fingerprint == hashlib.sha256(leaf.to_der()).hexdigest()


def test_to_dict_matches_properties(leaf):
    d = leaf.to_dict()
    assert d["subject"] == leaf.subject and d["issuer"] == leaf.issuer
    assert int(d["serial"], 16) == leaf.serial
    assert d["not_before"] == leaf.not_before.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert d["not_after"] == leaf.not_after.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert d["dns_names"] == leaf.dns_names
    assert d["ip_addresses"] == [str(a) for a in leaf.ip_addresses]
    assert d["is_ca"] is False and d["path_len"] is None
    assert d["key_usage"] == (leaf.key_usage or [])
    assert d["extended_key_usage"] == (leaf.extended_key_usage or [])
    assert d["fingerprint_sha256"] == leaf.fingerprint
    assert d["subject_key_id"] == leaf.subject_key_id
    assert d["authority_key_id"] == leaf.authority_key_id
    assert d["public_key"] == leaf.public_key.to_dict()


def test_text(leaf):
    text = leaf.text()
    assert "registry.example.com" in text and "Test Root CA" in text


@pytest.mark.parametrize("profile,eku", [("client", ["clientAuth"]),
                                         ("server-client", ["serverAuth", "clientAuth"])])
def test_profiles(profile, eku, ca, ca_key):
    key = pki.Key.generate("ec")
    csr = pki.Csr.create(key, "CN=client.example.com")
    cert = pki.Cert.issue(csr, ca, ca_key, profile=profile, days=30)
    assert cert.extended_key_usage == eku


def test_intermediate_and_path_len(ca, ca_key):
    key = pki.Key.generate("ec")
    csr = pki.Csr.create(key, "CN=Intermediate CA")
    inter = pki.Cert.issue(csr, ca, ca_key, profile="intermediate", days=365, path_len=1)
    assert inter.is_ca and inter.path_len == 1
    assert inter.to_dict()["path_len"] == 1
    # the intermediate can issue in turn
    leaf_key = pki.Key.generate("ed25519")
    leaf = pki.Cert.issue_for_key(leaf_key, "CN=deep.example.com", inter, key, days=10,
                                  dns=["deep.example.com"])
    assert leaf.issuer == "CN=Intermediate CA"
    assert leaf.dns_names == ["deep.example.com"]
    assert leaf.authority_key_id == inter.subject_key_id


def test_explicit_options(ca, ca_key):
    key = pki.Key.generate("ec")
    csr = pki.Csr.create(key, "CN=opt.example.com", dns=["opt.example.com"])
    nb = dt.datetime(2027, 1, 1, tzinfo=UTC)
    na = dt.datetime(2027, 6, 1, 12, 30, tzinfo=UTC)
    cert = pki.Cert.issue(csr, ca, ca_key, profile="server", serial=0x1234abcd,
                          not_before=nb, not_after=na, subject="CN=renamed.example.com",
                          dns=["extra.example.com"], ip=["192.0.2.7"], email=["ops@example.com"],
                          uri=["spiffe://example.com/x"], crl_urls=["http://crl.example.com/ca.crl"],
                          ocsp_urls=["http://ocsp.example.com/"],
                          ca_issuers_urls=["http://example.com/ca.crt"])
    assert cert.serial == 0x1234ABCD and cert.serial_hex == "1234abcd"
    assert (cert.not_before, cert.not_after) == (nb, na)
    assert cert.subject == "CN=renamed.example.com"
    assert set(cert.dns_names) == {"opt.example.com", "extra.example.com"}
    assert cert.ip_addresses == [ipaddress.IPv4Address("192.0.2.7")]
    assert cert.emails == ["ops@example.com"] and cert.uris == ["spiffe://example.com/x"]
    # Unix times work too
    cert2 = pki.Cert.issue(csr, ca, ca_key, not_before=int(nb.timestamp()), not_after=int(na.timestamp()),
                           serial="0a0b")
    assert cert2.not_after == na and cert2.serial == 0x0A0B


def test_name_constraints(ca_key):
    ca = pki.Cert.self_signed(ca_key, "CN=Constrained CA", profile="ca", days=100,
                              permitted=["DNS:.internal", "IP:10.0.0.0/8"], excluded=["DNS:bad.internal"])
    assert ca.is_ca  # the constraints themselves are checked with cryptography (test_interop)


def test_issue_errors(ca, ca_key, csr, leaf, leaf_key):
    with pytest.raises(pki.KeyMismatchError) as info:
        pki.Cert.issue(csr, ca, pki.Key.generate("ec"))
    assert info.value.code == pki.capi.PKI_E_KEY_MISMATCH
    with pytest.raises(pki.NotCAError):
        pki.Cert.issue(csr, leaf, leaf_key)
    with pytest.raises(pki.ValidityError):
        pki.Cert.issue(csr, ca, ca_key, days=36000)  # outlives the CA
    with pytest.raises(pki.KeyReuseError):
        pki.Cert.issue_for_key(ca_key, "CN=same key", ca, ca_key)
    pki.Cert.issue_for_key(ca_key, "CN=same key", ca, ca_key, allow_key_reuse=True)
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue(csr, ca, ca_key, profile="bogus")
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue(csr, ca, ca_key, days=0)
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue(csr, ca, ca_key, days=-3)
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue(csr, ca, ca_key, serial=0)
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue(csr, ca, ca_key, serial="not hex")
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue(csr, ca, ca_key, serial=1 << 200)
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue(csr, ca, ca_key, not_before=dt.datetime(2027, 1, 1, tzinfo=UTC))
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue(csr, ca, ca_key, not_before=dt.datetime(2027, 1, 1), not_after=dt.datetime(2028, 1, 1))
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue(csr, ca, ca_key, path_len=-2)
    with pytest.raises(pki.InvalidNameError):
        pki.Cert.issue(csr, ca, ca_key, subject="garbage")
    with pytest.raises(pki.InvalidNameError):
        pki.Cert.issue(csr, ca, ca_key, dns=["bad name"])
    with pytest.raises(pki.NoPrivateKeyError):
        pki.Cert.issue(csr, ca, ca_key.public_key())
    with pytest.raises(pki.NoPrivateKeyError):
        pki.Cert.self_signed(ca_key.public_key(), "CN=x")
    with pytest.raises(TypeError):
        pki.Cert.issue(csr, ca, ca_key, no_such_option=1)
    with pytest.raises(TypeError):
        pki.Cert.issue(csr.to_pem(), ca, ca_key)
    with pytest.raises(TypeError):
        pki.Cert.issue(csr, ca_key, ca)
    with pytest.raises(TypeError):
        pki.Cert.issue(csr, ca, ca_key, profile=None)
    with pytest.raises(TypeError):
        pki.Cert.issue(csr, ca, ca_key, serial=1.5)
    with pytest.raises(TypeError):
        pki.Cert("handle")


def test_issue_refuses_tampered_csr(ca, ca_key):
    der = bytearray(pki.Csr.create(pki.Key.generate("ec"), "CN=tamper.example.com").to_der())
    der[der.find(b"tamper")] = ord("T")
    with pytest.raises(pki.SignatureError):
        pki.Cert.issue(pki.Csr.load(bytes(der)), ca, ca_key)


def test_encodings_and_files(leaf, tmp_path):
    pem, der = leaf.to_pem(), leaf.to_der()
    assert pem.startswith(b"-----BEGIN CERTIFICATE-----")
    for data in (pem, der, pem.decode(), memoryview(der)):
        assert pki.Cert.load(data) == leaf
    path = tmp_path / "cert.pem"
    leaf.save(path)
    assert pki.Cert.load_file(path) == leaf
    with pytest.raises(pki.ExistsError):
        leaf.save(path)
    leaf.save(path, overwrite=True, format="der")
    assert path.read_bytes() == der
    with pytest.raises(pki.FileError):
        pki.Cert.load_file(tmp_path / "missing.pem")


def test_load_errors(leaf):
    with pytest.raises(pki.ParseError):
        pki.Cert.load(b"garbage")
    with pytest.raises(pki.ParseError):
        pki.Cert.load(leaf.to_der()[:100])
    with pytest.raises(pki.ParseError):
        pki.Cert.load_all(b"no certificates here")
    with pytest.raises(TypeError):
        pki.Cert.load(42)


def test_bundles(ca, leaf, tmp_path):
    bundle = pki.Cert.dump_all([leaf, ca])
    assert bundle == leaf.to_pem() + ca.to_pem()
    certs = pki.Cert.load_all(bundle)
    assert certs == [leaf, ca]
    path = tmp_path / "chain.pem"
    path.write_bytes(bundle)
    assert pki.Cert.load_all_file(path) == [leaf, ca]
    assert pki.Cert.load_all(leaf.to_der()) == [leaf]
    assert pki.Cert.load(bundle) == leaf  # the first one
    assert pki.Cert.dump_all([]) == b""
    with pytest.raises(TypeError):
        pki.Cert.dump_all([leaf, "ca"])


def test_protocol(leaf, ca):
    assert leaf != ca and leaf == pki.Cert.load(leaf.to_pem())
    assert len({leaf, pki.Cert.load(leaf.to_der()), ca}) == 2
    assert copy.copy(leaf) == leaf and copy.copy(leaf) is not leaf
    assert copy.deepcopy(leaf) == leaf
    assert pickle.loads(pickle.dumps(leaf)) == leaf
    assert repr(leaf) == f"<pki.Cert CN=registry.example.com,O=Example Ltd, expires {leaf.not_after:%Y-%m-%d}>"
    assert leaf != leaf.to_der()
    with pytest.raises(TypeError):
        leaf.matches("key")


def test_ed25519_and_rsa_cas():
    for key in (pki.Key.generate("ed25519"), pki.Key.generate("rsa", bits=2048)):
        ca = pki.Cert.self_signed(key, "CN=CA " + key.type, days=30)
        leaf = pki.Cert.issue_for_key(pki.Key.generate("ec"), "CN=l.example.com", ca, key, days=10)
        assert leaf.issuer == ca.subject and leaf.dns_names == ["l.example.com"]


def test_every_san_kind_and_extreme_dates():
    # Cert.sans splits pki_cert_sans' "kind:value" names in C (libpki.i): the same pairs as
    # str.partition, a value keeps its own ":" (IPv6, a port, a DN). Times come out exactly,
    # up to the last second GeneralizedTime can say (9999). (GnuTLS reads a notBefore before
    # 1970 as 0, so none is tried here.)
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "every SAN kind")])
    start = dt.datetime(2030, 1, 1, tzinfo=UTC)
    end = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    sans = [x509.DNSName("a.example.com"), x509.IPAddress(ipaddress.ip_address("2001:db8::1")),
            x509.RFC822Name("me@example.com"),
            x509.UniformResourceIdentifier("https://example.com:8443/x"),
            x509.RegisteredID(x509.ObjectIdentifier("1.2.3.4")),
            x509.DirectoryName(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dir:name")]))]
    b = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
         .public_key(key.public_key()).serial_number(1)
         .not_valid_before(start).not_valid_after(end)
         .add_extension(x509.SubjectAlternativeName(sans), critical=False))
    c = pki.Cert.load(b.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
    assert c.sans == [("DNS", "a.example.com"), ("IP", "2001:db8::1"), ("email", "me@example.com"),
                      ("URI", "https://example.com:8443/x"), ("other", "1.2.3.4"),
                      ("other", "CN=dir:name")]
    assert c.sans == [tuple(n.partition(":")[::2]) for n in pki.capi.pki_cert_sans(c._h, 0)]
    assert c.uris == ["https://example.com:8443/x"]
    assert c.ip_addresses == [ipaddress.ip_address("2001:db8::1")]
    assert (c.not_before, c.not_after) == (start, end)
    assert c.not_after.tzinfo is UTC
