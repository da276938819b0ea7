# libpki Python bindings.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Private keys, certificate signing requests and X.509 certificates, on GnuTLS (libpki).

A Pythonic layer over the SWIG-generated module ``pki._libpki`` (also ``pki.capi``),
which mirrors the C API one function to one function::

    import pki
    ca_key = pki.Key.generate()                       # ECDSA P-256
    ca = pki.Cert.self_signed(ca_key, "CN=Example Root CA", profile="ca", days=3650)
    key = pki.Key.generate("ed25519")
    csr = pki.Csr.create(key, "CN=registry.example.com", dns=["registry.example.com"])
    cert = pki.Cert.issue(csr, ca, ca_key, profile="server", days=90)
    cert.not_after, cert.dns_names, cert.to_pem()
    result = cert.verify(ca, host="registry.example.com", purpose="server")
    crl = pki.Crl.create(ca, ca_key, revoked=[cert])

Every failure raises a :class:`pki.Error` subclass carrying ``.code`` and ``.detail``.
Inputs accept bytes (or PEM as str); encodings come back as bytes, text as str, times as aware
UTC datetimes, IP addresses as :mod:`ipaddress` objects.
"""

from __future__ import annotations

from typing import Optional

from . import _libpki as capi

from ._errors import (
    ArgumentError,
    BadPasswordError,
    BadPinError,
    CryptoError,
    Error,
    ExistsError,
    FileError,
    InvalidNameError,
    KeyCannotSignError,
    KeyMismatchError,
    KeyReuseError,
    NoMemoryError,
    NoPrivateKeyError,
    NotCAError,
    NotFoundError,
    ParseError,
    PasswordError,
    PasswordRequiredError,
    SignatureError,
    TokenKeyError,
    TokenLockedError,
    TokenNotFoundError,
    TooLargeError,
    UnsupportedError,
    ValidityError,
    UsageError,
    VerifyError,
    WeakKeyError,
    error_for,
)
from ._key import Key, key_type_name
from ._x509 import EXTENDED_KEY_USAGES, KEY_USAGES, Cert, Csr, Extension
from ._issuer import Issuer
from ._verify import Crl, Reason, Revoked, Trust, VerifyResult
from ._pkcs12 import Pkcs12
from ._ocsp import OcspStatus, ocsp_check, ocsp_request, ocsp_respond
from ._util import str_in as _str_in

__version__: str = capi.pki_version()

#: PBKDF2 iterations libpki writes by default, and the fewest ``iterations=`` accepts.
KDF_DEFAULT_ITERATIONS: int = capi.PKI_KDF_DEFAULT_ITERATIONS
KDF_MIN_ITERATIONS: int = capi.PKI_KDF_MIN_ITERATIONS


def version() -> str:
    """The run-time version of the C library, e.g. "0.1.0"."""
    return capi.pki_version()


def strerror(code: int) -> str:
    """The fixed English sentence for a libpki error code."""
    return capi.pki_strerror(code)


def san_from_string(name: str) -> str:
    """Classify and normalise a name as a typed SAN: "10.0.0.5" -> "IP:10.0.0.5",
    "a@example.com" -> "email:a@example.com", "www.example.com" -> "DNS:www.example.com".

    Raises:
        InvalidNameError: not a valid host name, address, email or URI.
    """
    return capi.pki_san_from_string(_str_in(name, "name"), 0).name


def token_list(url: Optional[str] = None, pin: Optional[str] = None) -> str:
    """The PKCS#11 tokens ("URI label" lines), or with a token URI its objects ("TYPE URI");
    with a PIN private objects too."""
    text: str = capi.pki_token_list(None if url is None else _str_in(url, "url"),
                                    None if pin is None else _str_in(pin, "pin"), 0)
    return text


__all__ = [
    "Key", "Csr", "Cert", "Issuer", "Crl", "Revoked", "Trust", "VerifyResult", "Reason", "Pkcs12",
    "KEY_USAGES", "EXTENDED_KEY_USAGES", "Extension", "KDF_DEFAULT_ITERATIONS",
    "KDF_MIN_ITERATIONS",
    "version", "strerror", "san_from_string", "key_type_name", "error_for", "capi",
    "Error", "ArgumentError", "NoMemoryError", "ParseError", "PasswordError",
    "PasswordRequiredError", "BadPasswordError", "UnsupportedError", "WeakKeyError",
    "FileError", "ExistsError", "CryptoError", "KeyMismatchError", "NotCAError",
    "SignatureError", "ValidityError", "NotFoundError", "TooLargeError", "NoPrivateKeyError",
    "KeyReuseError", "InvalidNameError", "VerifyError",
    "token_list", "BadPinError", "TokenNotFoundError", "TokenLockedError", "KeyCannotSignError",
    "TokenKeyError", "UsageError",
    "OcspStatus", "ocsp_request", "ocsp_respond", "ocsp_check",
]
