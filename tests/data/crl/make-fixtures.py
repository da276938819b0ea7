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
Distribution points (RFC 5280 6.3.3 (b), the cases of PKITS 4.14):
  dp-leaf.pem, dp-leaf-revoked.pem   users of root (0x4001, 0x4002) whose distribution
                      point is the fullName directoryName "CN=CRL1 of libpki test root"
  crl-dp1.pem         root's CRL with that name in its IDP, revoking 0x4002
  crl-dp2.pem         root's CRL for another point ("CN=CRL2 of libpki test root"), empty
  rel-leaf.pem, rel-leaf-revoked.pem users of root (0x4003, 0x4004) whose distribution
                      point is nameRelativeToCRLIssuer "CN=CRL3"
  crl-dp-rel.pem      root's CRL whose IDP is the fullName "CN=libpki test root + CN=CRL3"
                      (the same point written out), revoking 0x4004
  crlissuer.pem       "libpki test CRL issuer", a CA of root with cRLSign
  ind-leaf.pem, ind-leaf-revoked.pem users of root (0x5001, 0x5002) whose distribution
                      point has the cRLIssuer "CN=libpki test CRL issuer" and the
                      nameRelativeToCRLIssuer "CN=indirect" (relative to that cRLIssuer)
  crl-indirect.pem    the CRL issuer's indirect CRL (IDP fullName "CN=libpki test CRL issuer +
                      CN=indirect", indirectCRL): entry 0x5001 without certificateIssuer (the
                      CRL issuer's own certificate of that serial), then 0x5002 with the
                      certificateIssuer "CN=libpki test root" (ind-leaf-revoked.pem)
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


def cert(subject, issuer, issuer_key, key, serial, ca, dp=None):
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
    if dp:
        b = b.add_extension(x509.CRLDistributionPoints([dp]), critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def dn(*cns):
    return x509.DirectoryName(x509.Name([x509.RelativeDistinguishedName(
        [x509.NameAttribute(NameOID.COMMON_NAME, cn)]) for cn in cns]))


def rdn(cn):
    return x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def point(full=None, relative=None, crl_issuer=None):
    return x509.DistributionPoint(full_name=full, relative_name=relative, reasons=None,
                                  crl_issuer=crl_issuer)


def idp(full, indirect=False):
    return x509.IssuingDistributionPoint(
        full_name=full, relative_name=None, only_contains_user_certs=False,
        only_contains_ca_certs=False, only_some_reasons=None, indirect_crl=indirect,
        only_contains_attribute_certs=False)


def crl(issuer, key, number, revoked=(), idp=None, digest=hashes.SHA256(), entry_ext=None):
    b = (x509.CertificateRevocationListBuilder().issuer_name(name(issuer)).last_update(T0)
         .next_update(T1).add_extension(x509.CRLNumber(number), False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()),
                        False))
    if idp:
        b = b.add_extension(idp, critical=True)
    for serial in revoked:
        ext = entry_ext
        if isinstance(serial, tuple):  # (serial, entry extension)
            serial, ext = serial
        r = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(T0)
        if ext:
            r = r.add_extension(ext, critical=True)
        b = b.add_revoked_certificate(r.build())
    return b.sign(key, digest)


root_key = ec.generate_private_key(ec.SECP256R1())
root = cert("libpki test root", "libpki test root", root_key, root_key, 1, True)
leaf_key = ec.generate_private_key(ec.SECP256R1())
leaf = cert("leaf", "libpki test root", root_key, leaf_key, 0x1001, False)
inter_key = ec.generate_private_key(ec.SECP256R1())
inter = cert("libpki test intermediate", "libpki test root", root_key, inter_key, 0x2001, True)
leaf3 = cert("leaf3", "libpki test intermediate", inter_key, leaf_key, 0x3001, False)
dp1 = point(full=[dn("CRL1 of libpki test root")])
rel = point(relative=rdn("CRL3"))
crli_key = ec.generate_private_key(ec.SECP256R1())
crli = cert("libpki test CRL issuer", "libpki test root", root_key, crli_key, 0x6001, True)
ind = point(relative=rdn("indirect"), crl_issuer=[dn("libpki test CRL issuer")])

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
    "dp-leaf.pem": pem(cert("dp leaf", "libpki test root", root_key, leaf_key, 0x4001, False,
                            dp1)),
    "dp-leaf-revoked.pem": pem(cert("dp leaf revoked", "libpki test root", root_key, leaf_key,
                                    0x4002, False, dp1)),
    "crl-dp1.pem": pem(crl("libpki test root", root_key, 10, [0x4002],
                           idp=idp([dn("CRL1 of libpki test root")]))),
    "crl-dp2.pem": pem(crl("libpki test root", root_key, 11,
                           idp=idp([dn("CRL2 of libpki test root")]))),
    "rel-leaf.pem": pem(cert("rel leaf", "libpki test root", root_key, leaf_key, 0x4003, False,
                             rel)),
    "rel-leaf-revoked.pem": pem(cert("rel leaf revoked", "libpki test root", root_key, leaf_key,
                                     0x4004, False, rel)),
    "crl-dp-rel.pem": pem(crl("libpki test root", root_key, 12, [0x4004],
                              idp=idp([dn("libpki test root", "CRL3")]))),
    "crlissuer.pem": pem(crli),
    "ind-leaf.pem": pem(cert("ind leaf", "libpki test root", root_key, leaf_key, 0x5001, False,
                             ind)),
    "ind-leaf-revoked.pem": pem(cert("ind leaf revoked", "libpki test root", root_key, leaf_key,
                                     0x5002, False, ind)),
    "crl-indirect.pem": pem(crl(
        "libpki test CRL issuer", crli_key, 1,
        [0x5001, (0x5002, x509.CertificateIssuer([dn("libpki test root")]))],
        idp=idp([dn("libpki test CRL issuer", "indirect")], indirect=True))),
}
for f, data in files.items():
    open(f, "wb").write(data)
