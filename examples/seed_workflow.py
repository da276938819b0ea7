#!/usr/bin/env python3
"""The seed workflow through the Python bindings: a private CA and a TLS server certificate.

    seed_workflow.py DIR [PASSWORD]     (PASSWORD defaults to the PKI_PASSWORD environment variable)

writes, in DIR (which must exist; no file is overwritten):
    ca.key       the CA's private key, encrypted with PASSWORD (PBES2/AES-256), mode 0600
    ca.crt       the self-signed root CA certificate (10 years)
    server.key   the server's private key, unencrypted as servers need it, mode 0600
    server.csr   the server's certificate signing request, with its subject alternative names
    server.crt   the server certificate issued by the CA from that request (397 days)

In openssl terms, the same as:
    openssl genrsa -des3 -out ca.key 4096
    openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/O=Example/CN=Example Root CA" -out ca.crt
    openssl genrsa -out server.key 2048
    openssl req -new -key server.key -subj "/CN=registry.example.com" \\
        -addext "subjectAltName=DNS:registry.example.com,DNS:registry,IP:10.0.0.5" -out server.csr
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 397 \\
        -sha256 -copy_extensions copy -extfile server.ext -out server.crt
with ECDSA P-256 keys, AES instead of DES3, and the server profile's extensions (serverAuth,
critical CA:FALSE and key usage, subject and authority key identifiers) made for you.
"""

import os
import sys

import pki


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    folder = argv[1]
    password = argv[2] if len(argv) == 3 else os.environ.get("PKI_PASSWORD")
    if not password:
        print("seed_workflow.py: give a password for the CA key (argument or PKI_PASSWORD)",
              file=sys.stderr)
        return 2

    def path(name):
        return os.path.join(folder, name)

    try:
        # 1. The CA: a key (kept encrypted) and a self-signed root certificate.
        ca_key = pki.Key.generate()                                       # ECDSA P-256
        ca = pki.Cert.self_signed(ca_key, "CN=Example Root CA,O=Example", profile="ca",
                                  days=3650)
        ca_key.save(path("ca.key"), password=password)
        ca.save(path("ca.crt"))

        # 2. The server: a key and a request naming every way clients reach it.
        server_key = pki.Key.generate()
        csr = pki.Csr.create(server_key, "CN=registry.example.com",
                             dns=["registry.example.com", "registry"], ip=["10.0.0.5"])
        server_key.save(path("server.key"))
        csr.save(path("server.csr"))

        # 3. The CA signs the request, as the CA would on another machine: from the files.
        ca_key = pki.Key.load_file(path("ca.key"), password=password)
        ca = pki.Cert.load_file(path("ca.crt"))
        cert = pki.Cert.issue(pki.Csr.load_file(path("server.csr")), ca, ca_key,
                              profile="server", days=397)
        cert.save(path("server.crt"))
    except pki.Error as exc:
        print(f"seed_workflow.py: {exc}", file=sys.stderr)
        return 1

    print(f"CA:     {ca.subject}  (expires {ca.not_after:%Y-%m-%d}, {ca.fingerprint[:16]}...)")
    print(f"server: {cert.subject}  issued by {cert.issuer}")
    print(f"        names: {', '.join(cert.dns_names + [str(a) for a in cert.ip_addresses])}")
    print(f"        serial {cert.serial:x}, valid {cert.not_before:%Y-%m-%d} .. "
          f"{cert.not_after:%Y-%m-%d}, usage {', '.join(cert.extended_key_usage or [])}")
    print(f"        key matches: {cert.matches(server_key)}")
    print(f"files in {folder}: ca.key ca.crt server.key server.csr server.crt")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
