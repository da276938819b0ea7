# Distinguished names attribute by attribute (issue 15 item 5): subjects, issuers and CRL
# issuers built by pyca/cryptography (multi-valued RDNs, OIDs, BMPString, UTF-8) read back by
# libpki in the same order with the same types and values.
import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import NameOID

import pki

NAME = x509.Name([
    x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COUNTRY_NAME, "GB")]),
    x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example, Ltd")]),
    x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "a"),
                                    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "b")]),
    x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, "Zoë + ∑",
                                                       _ASN1Type.BMPString)]),
    x509.RelativeDistinguishedName([x509.NameAttribute(x509.ObjectIdentifier("1.3.6.1.4.1.99999.1"),
                                                       "private")]),
    x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.EMAIL_ADDRESS, "a@example.com")]),
])
WANT = [[("C", "GB")], [("O", "Example, Ltd")], [("OU", "a"), ("OU", "b")],
        [("CN", "Zoë + ∑")], [("1.3.6.1.4.1.99999.1", "private")],
        [("emailAddress", "a@example.com")]]


def _key_and_cert():
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)  # parsed only: no clock
    cert = (x509.CertificateBuilder().subject_name(NAME).issuer_name(NAME)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def test_certificate_subject_and_issuer():
    _, cert = _key_and_cert()
    c = pki.Cert.load(cert.public_bytes(serialization.Encoding.DER))
    # cryptography's RDNs in DER order: the same attributes libpki lists
    # (a multi-valued RDN is a SET: compared without its order)
    theirs = [sorted(a.value for a in rdn) for rdn in cert.subject.rdns]
    assert [sorted(v for _, v in rdn) for rdn in c.subject_rdns] == theirs
    assert [sorted(rdn) for rdn in c.subject_rdns] == WANT
    assert [sorted(rdn) for rdn in c.issuer_rdns] == WANT
    assert sorted(a["value"] for a in c.to_dict()["subject_rdns"][2]) == ["a", "b"]


def test_crl_issuer():
    key, cert = _key_and_cert()
    now = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)  # parsed only: no clock
    crl = (x509.CertificateRevocationListBuilder().issuer_name(NAME).last_update(now)
           .next_update(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    c = pki.Crl.load(crl.public_bytes(serialization.Encoding.DER))
    assert [sorted(rdn) for rdn in c.issuer_rdns] == WANT
    # the CRL's JSON lists the same RDNs (pki crl show --json)
    import json
    rdns = json.loads(pki.capi.pki_crl_to_json(c._h, 0))["issuer_rdns"]
    assert [sorted((a["type"], a["value"]) for a in rdn) for rdn in rdns] == WANT


def test_libpki_names_read_by_cryptography():
    k = pki.Key.generate("ec")
    c = pki.Cert.self_signed(k, "CN=a+UID=42,OU=x,O=Ex\\, Ltd,C=GB")
    theirs = x509.load_der_x509_certificate(c.to_der()).subject
    assert [sorted((a.oid.dotted_string, a.value) for a in rdn) for rdn in theirs.rdns] == [
        [("2.5.4.6", "GB")], [("2.5.4.10", "Ex, Ltd")], [("2.5.4.11", "x")],
        [("0.9.2342.19200300.100.1.1", "42"), ("2.5.4.3", "a")]]
    assert [sorted(rdn) for rdn in c.subject_rdns] == [[("C", "GB")], [("O", "Ex, Ltd")],
                                                        [("OU", "x")], [("CN", "a"), ("UID", "42")]]


# Writing: subjects given as RDN lists (issue 15 item 3), built attribute by attribute.
BUILT = [("C", "gb"), ("O", "Example, Ltd"), [("CN", "host"), ("OU", "ops")], ("DC", "example"),
         ("1.3.6.1.4.1.99999.1", "#private")]


def test_subject_as_rdn_list():
    key = pki.Key.generate("ed25519")
    csr = pki.Csr.create(key, BUILT)
    same = pki.Csr.create(key, "1.3.6.1.4.1.99999.1=\\#private,DC=example,CN=host+OU=ops,"
                               "O=Example\\, Ltd,C=GB")
    assert csr.to_der() == same.to_der()
    ca = pki.Cert.self_signed(key, BUILT)
    # read back in order; the multi-valued RDN's SET in DER order (OU=ops is shorter)
    want = [[("C", "GB")], [("O", "Example, Ltd")], [("OU", "ops"), ("CN", "host")],
            [("DC", "example")], [("1.3.6.1.4.1.99999.1", "#private")]]
    assert ca.subject_rdns == want
    assert ca.issuer_rdns == want
    # what subject_rdns gives is accepted back, also to replace a request's subject
    assert pki.Cert.self_signed(key, ca.subject_rdns).to_der() != b""
    leaf_key = pki.Key.generate("ed25519")
    leaf = pki.Cert.issue(pki.Csr.create(leaf_key, "CN=placeholder"), ca, key, profile="client",
                          subject=[("O", "Other"), [("CN", "leaf"), ("UID", "u1")]])
    assert leaf.subject_rdns == [[("O", "Other")], [("CN", "leaf"), ("UID", "u1")]]
    crl = pki.Crl.create(ca, key)
    assert crl.issuer_rdns == want
    # cryptography reads the same RDNs, with the string types the parser would choose
    c = x509.load_der_x509_certificate(ca.to_der())
    assert [sorted(a.value for a in rdn) for rdn in c.subject.rdns] == \
        [sorted(v for _, v in rdn) for rdn in want]
    types = {a.value: a._type for a in c.subject}
    assert types["GB"] == types["Example, Ltd"] == types["host"] == _ASN1Type.PrintableString
    assert types["example"] == _ASN1Type.IA5String
    assert types["#private"] == _ASN1Type.UTF8String  # '#' is not PrintableString


def test_subject_list_errors():
    key = pki.Key.generate("ed25519")
    for bad, err in [([("XX", "1")], pki.InvalidNameError), ([("CN", "")], pki.InvalidNameError),
                     ([("C", "GBR")], pki.InvalidNameError),
                     ([("CN", "a\udcff")], (pki.Error, UnicodeError)),
                     ([("CN", "a\x00b")], pki.ArgumentError),
                     ([[("CN", "a"), ("CN", "b")]], pki.InvalidNameError),
                     ([("DC", "a")] * 257, pki.TooLargeError),
                     ([("CN",)], TypeError), ([[]], TypeError), (("CN", "x"), TypeError),
                     ([("CN", 1)], TypeError), (42, TypeError)]:
        try:
            pki.Csr.create(key, bad)
        except err:
            pass
        else:
            raise AssertionError(f"{bad!r} was accepted")
