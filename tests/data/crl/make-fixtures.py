#!/usr/bin/env python3
"""Make the CRL fixtures of tests/data/crl with Python cryptography (an independent encoder).

Run from tests/data/crl: `python3 make-fixtures.py`. The keys are fresh each run, so the files
change, but what each shows does not; the tests verify at 2030-01-01 (inside every validity).
  root.pem            a root CA (P-256), also the issuer of leaf*.pem and inter.pem
  leaf.pem            a user certificate of root, serial 0x1001
  inter.pem           an intermediate CA of root, serial 0x2001; leaf3.pem its user certificate
  crl-user.pem        root's complete CRL, number 1, revoking leaf.pem
  crl-ca-only.pem     root's newer CRL, number 2, IDP onlyContainsCACerts, empty
  crl-sha1.pem        root's CRL signed with ECDSA-SHA1, empty
  crl-unknown-critical-entry.pem  root's CRL whose one entry (serial 0x77) has an unknown
                      critical entry extension
  bundle.pem          two CRLs in one PEM file: inter's (empty) first, then root's revoking
                      inter.pem
"""
import datetime
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ObjectIdentifier

T0 = datetime.datetime(2025, 1, 1)
T1 = datetime.datetime(2035, 1, 1)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def pem(obj):
    return obj.public_bytes(serialization.Encoding.PEM)


def cert(subject, issuer, issuer_key, key, serial, ca):
    b = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(name(issuer))
         .public_key(key.public_key()).serial_number(serial).not_valid_before(T0)
         .not_valid_after(T1)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
             issuer_key.public_key()), False))
    if ca:
        b = b.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                          False), critical=True)
    return b.sign(issuer_key, hashes.SHA256())


def crl(issuer, key, number, revoked=(), idp=None, digest=hashes.SHA256(), entry_ext=None):
    b = (x509.CertificateRevocationListBuilder().issuer_name(name(issuer)).last_update(T0)
         .next_update(T1).add_extension(x509.CRLNumber(number), False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()),
                        False))
    if idp:
        b = b.add_extension(idp, critical=True)
    for serial in revoked:
        r = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(T0)
        if entry_ext:
            r = r.add_extension(entry_ext, critical=True)
        b = b.add_revoked_certificate(r.build())
    return b.sign(key, digest)


root_key = ec.generate_private_key(ec.SECP256R1())
root = cert("libpki test root", "libpki test root", root_key, root_key, 1, True)
leaf_key = ec.generate_private_key(ec.SECP256R1())
leaf = cert("leaf", "libpki test root", root_key, leaf_key, 0x1001, False)
inter_key = ec.generate_private_key(ec.SECP256R1())
inter = cert("libpki test intermediate", "libpki test root", root_key, inter_key, 0x2001, True)
leaf3 = cert("leaf3", "libpki test intermediate", inter_key, leaf_key, 0x3001, False)

files = {
    "root.pem": pem(root),
    "leaf.pem": pem(leaf),
    "inter.pem": pem(inter),
    "leaf3.pem": pem(leaf3),
    "crl-user.pem": pem(crl("libpki test root", root_key, 1, [0x1001])),
    "crl-ca-only.pem": pem(crl("libpki test root", root_key, 2, idp=x509.IssuingDistributionPoint(
        full_name=None, relative_name=None, only_contains_user_certs=False,
        only_contains_ca_certs=True, only_some_reasons=None, indirect_crl=False,
        only_contains_attribute_certs=False))),
    "crl-sha1.pem": pem(crl("libpki test root", root_key, 3, digest=hashes.SHA1())),
    "crl-unknown-critical-entry.pem": pem(crl(
        "libpki test root", root_key, 4, [0x77],
        entry_ext=x509.UnrecognizedExtension(ObjectIdentifier("1.3.6.1.4.1.55555.1"),
                                             b"\x05\x00"))),
    "bundle.pem": pem(crl("libpki test intermediate", inter_key, 1))
    + pem(crl("libpki test root", root_key, 5, [0x2001])),
}
for f, data in files.items():
    open(f, "wb").write(data)
