#!/usr/bin/python3
# The fixtures of tests/test_bounds.c, made with the cryptography package (not with libpki):
# a certificate and a request with PKI_MAX_SANS (10,000) DNS names, and with one more.
#   cd tests/data/bounds && /usr/bin/python3 make-fixtures.py
import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "many")])
now = datetime.datetime(2026, 1, 1)
for n in (10000, 10001):
    san = x509.SubjectAlternativeName([x509.DNSName(f"h{i}.ex") for i in range(n)])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(n)
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(san, critical=False).sign(key, hashes.SHA256()))
    with open(f"cert-{n}-sans.der", "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.DER))
    csr = (x509.CertificateSigningRequestBuilder().subject_name(name)
           .add_extension(san, critical=False).sign(key, hashes.SHA256()))
    with open(f"csr-{n}-sans.der", "wb") as f:
        f.write(csr.public_bytes(serialization.Encoding.DER))
