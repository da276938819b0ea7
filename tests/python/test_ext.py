# Extensions (issue 15 item 1) in Python: pyca/cryptography builds a CA certificate with AIA,
# CRL distribution points, name constraints, policies, policy constraints, inhibitAnyPolicy and
# a private extension, and libpki's getters read the same values; extensions libpki writes
# (at issuance, in a request) are read back by cryptography.
import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

import pki

PRIV = x509.ObjectIdentifier("1.3.6.1.4.1.99999.42")


@pytest.fixture(scope="module")
def crypto_ca():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cryptography CA")])
    now = datetime.datetime.now(datetime.timezone.utc)
    b = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(now - datetime.timedelta(minutes=5))
         .not_valid_after(now + datetime.timedelta(days=30))
         .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
         .add_extension(x509.AuthorityInformationAccess([
             x509.AccessDescription(AuthorityInformationAccessOID.OCSP,
                                    x509.UniformResourceIdentifier("http://ocsp.example.com/")),
             x509.AccessDescription(AuthorityInformationAccessOID.CA_ISSUERS,
                                    x509.UniformResourceIdentifier("http://pki.example.com/ca.crt")),
         ]), critical=False)
         .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
             [x509.UniformResourceIdentifier("http://crl.example.com/ca.crl")], None, None, None)]),
             critical=False)
         .add_extension(x509.NameConstraints(
             permitted_subtrees=[x509.DNSName(".example.com"),
                                 x509.IPAddress(__import__("ipaddress").ip_network("10.0.0.0/8"))],
             excluded_subtrees=[x509.DNSName("bad.example.com")]), critical=True)
         .add_extension(x509.CertificatePolicies([
             x509.PolicyInformation(x509.ObjectIdentifier("1.3.6.1.4.1.99999.1"),
                                    ["https://pki.example.com/cps",
                                     x509.UserNotice(None, "Example notice")]),
             x509.PolicyInformation(x509.ObjectIdentifier("2.5.29.32.0"), None),
         ]), critical=False)
         .add_extension(x509.PolicyConstraints(require_explicit_policy=2,
                                               inhibit_policy_mapping=None), critical=True)
         .add_extension(x509.InhibitAnyPolicy(3), critical=True)
         .add_extension(x509.UnrecognizedExtension(PRIV, b"\x0c\x05hello"), critical=False))
    cert = b.sign(key, hashes.SHA256())
    return pki.Cert.load(cert.public_bytes(serialization.Encoding.DER))


def test_typed_getters_read_what_cryptography_wrote(crypto_ca):
    c = crypto_ca
    assert c.ocsp_urls == ["http://ocsp.example.com/"]
    assert c.ca_issuers_urls == ["http://pki.example.com/ca.crt"]
    assert c.crl_urls == ["http://crl.example.com/ca.crl"]
    assert c.name_constraints == (["DNS:.example.com", "IP:10.0.0.0/8"], ["DNS:bad.example.com"])
    assert c.policies == ["1.3.6.1.4.1.99999.1", "2.5.29.32.0"]
    assert c.policy_qualifiers("1.3.6.1.4.1.99999.1") == ["CPS:https://pki.example.com/cps",
                                                          "notice:Example notice"]
    assert c.policy_qualifiers("2.5.29.32.0") == []
    with pytest.raises(pki.NotFoundError):
        c.policy_qualifiers("1.2.3.4")
    assert c.policy_constraints == (2, None)
    assert c.inhibit_any_policy == 3
    assert c.policy_mappings is None
    assert c.extension(PRIV.dotted_string) == pki.Extension(PRIV.dotted_string, False,
                                                            b"\x0c\x05hello")
    assert [e.oid for e in c.extensions][-1] == PRIV.dotted_string
    assert c.to_dict()["inhibit_any_policy"] == 3


def test_absent_extensions_are_none_or_empty(ca):
    assert ca.ocsp_urls == [] and ca.crl_urls == []
    assert ca.name_constraints is None and ca.policies is None
    assert ca.policy_constraints is None and ca.inhibit_any_policy is None
    assert ca.extension("1.2.3.4") is None
    with pytest.raises(pki.ArgumentError):
        ca.extension("not-an-oid")


def test_extension_added_at_issuance_is_read_by_cryptography(csr, ca, ca_key):
    cert = pki.Cert.issue(csr, ca, ca_key, extensions=[("1.3.6.1.4.1.99999.5", b"\x01\x01\xff", True)],
                          ocsp_urls=["http://ocsp.example.com/"],
                          crl_urls=["http://crl.example.com/ca.crl"])
    c = x509.load_der_x509_certificate(cert.to_der())
    e = c.extensions.get_extension_for_oid(x509.ObjectIdentifier("1.3.6.1.4.1.99999.5"))
    assert e.critical and e.value.value == b"\x01\x01\xff"
    assert cert.ocsp_urls == ["http://ocsp.example.com/"]
    assert cert.crl_urls == ["http://crl.example.com/ca.crl"]
    # every extension cryptography sees, libpki lists with the same DER
    mine = {e.oid: e for e in cert.extensions}
    assert set(mine) == {ext.oid.dotted_string for ext in c.extensions}
    for ext in c.extensions:
        assert mine[ext.oid.dotted_string].critical == ext.critical


def test_extension_refusals(csr, ca, ca_key):
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue(csr, ca, ca_key, extensions=[("1.2.3", b"\x05\x00\x00")])
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue(csr, ca, ca_key, extensions=[("1.2.3", b"\x05\x00"), ("1.2.3", b"\x05\x00")])
    with pytest.raises(pki.ArgumentError, match="written by libpki"):
        pki.Cert.issue(csr, ca, ca_key, extensions=[("2.5.29.19", b"\x30\x00")])
    with pytest.raises(TypeError):
        pki.Cert.issue(csr, ca, ca_key, extensions=["1.2.3"])


def test_request_extensions_copied_only_on_request(leaf_key, ca, ca_key):
    csr = pki.Csr.create(leaf_key, "CN=req.example.com", dns=["req.example.com"],
                         extensions=[("1.3.6.1.4.1.99999.6", b"\x0c\x02hi"),
                                     ("2.5.29.19", b"\x30\x03\x01\x01\xff", True)])
    req = x509.load_der_x509_csr(csr.to_der())
    assert req.is_signature_valid
    assert req.extensions.get_extension_for_oid(
        x509.ObjectIdentifier("1.3.6.1.4.1.99999.6")).value.value == b"\x0c\x02hi"
    assert [e.oid for e in csr.extensions] == ["2.5.29.17", "1.3.6.1.4.1.99999.6", "2.5.29.19"]
    plain = pki.Cert.issue(csr, ca, ca_key)
    assert plain.extension("1.3.6.1.4.1.99999.6") is None
    copied = pki.Cert.issue(csr, ca, ca_key, copy_extensions=True)
    assert copied.extension("1.3.6.1.4.1.99999.6").value == b"\x0c\x02hi"
    assert not copied.is_ca
    c = x509.load_der_x509_certificate(copied.to_der())
    assert c.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
