# Every root of the system trust store (pki.Trust.system(), pki_trust_add_system) is usable as
# a trust anchor: none is refused for a profile rule about how its own certificate is encoded,
# while the same root given by the caller (pki.Trust([root]), pki_trust_add_cert) is held to
# those rules, as limbo's must-reject root cases require (rfc5280::ski::root-missing-ski,
# rfc5280::root-non-critical-basic-constraints, webpki::aki::root-with-aki-*).
#
# Nobody holds the roots' keys, so each leaf below names a root as its issuer (issuer name, an
# authorityKeyIdentifier of the root's subjectKeyIdentifier, a validity inside the root's) and
# is signed with a throwaway key: its signature cannot verify. The path is still built to the
# root (a trust anchor of the right name that did not sign is reported, not skipped), so the
# verdict's reasons say everything libpki holds against the root (certificate index 1); the
# leaf's only reason must be its signature.
import datetime as dt
import os

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID, NameOID

import pki

BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
END = b"-----END CERTIFICATE-----"


def system_roots():
    data = open(BUNDLE, "rb").read()
    return [x509.load_pem_x509_certificate(b + END) for b in data.split(END)
            if b"-----BEGIN CERTIFICATE-----" in b]


def leaf_under(root, signer, leaf_key):
    nb, na = root.not_valid_before, root.not_valid_after
    try:
        keyid = root.extensions.get_extension_for_oid(
            ExtensionOID.SUBJECT_KEY_IDENTIFIER).value.digest
    except x509.ExtensionNotFound:
        keyid = b"\x01" * 20
    leaf = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "leaf.example.com")]))
            .issuer_name(root.subject)
            .public_key(leaf_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(nb + (na - nb) / 4)
            .not_valid_after(nb + (na - nb) / 2)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("leaf.example.com")]),
                           critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier(keyid, None, None), critical=False)
            .sign(signer, hashes.SHA256()))
    when = (nb + (na - nb) / 3).replace(tzinfo=dt.timezone.utc)
    return pki.Cert.load(leaf.public_bytes(serialization.Encoding.PEM)), when


@pytest.mark.skipif(not os.path.exists(BUNDLE), reason="no system CA bundle")
def test_system_roots_are_usable_anchors():
    try:
        system = pki.Trust.system()
    except pki.NotFoundError:
        pytest.skip("this system has no CA certificates")
    signer = ec.generate_private_key(ec.SECP256R1())
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    refused, strict = [], []
    roots = system_roots()
    assert len(roots) > 10
    for root in roots:
        leaf, when = leaf_under(root, signer, leaf_key)
        name = root.subject.rfc4514_string()
        for profile in ("rfc5280", "webpki"):
            r = leaf.verify(system, host="leaf.example.com", at=when, profile=profile)
            against_root = [x.message for x in r.reasons if x.cert_index == 1]
            leaf_reasons = sorted({x.name for x in r.reasons if x.cert_index != 1})
            if not r.trusted or len(r.chain) != 2 or against_root or \
                    leaf_reasons != ["bad_signature"]:
                refused.append((name, profile, [x.message for x in r.reasons]))
        own = pki.Trust([pki.Cert.load(root.public_bytes(serialization.Encoding.PEM))])
        r = leaf.verify(own, host="leaf.example.com", at=when, profile="rfc5280")
        if any(x.cert_index == 1 and x.name == "profile_violation" for x in r.reasons):
            strict.append(name)
    assert refused == []
    # Debian 12 has five such roots (two without subjectKeyIdentifier, three with a
    # non-critical basicConstraints); the rules still apply to an anchor the caller gives
    assert strict, "no root is refused as a caller's anchor: the strict rules no longer apply"
