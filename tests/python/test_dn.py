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
    now = datetime.datetime.now(datetime.timezone.utc)
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
    now = datetime.datetime.now(datetime.timezone.utc)
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
