# libpki Python bindings: PKCS#12 (.p12 / .pfx) files.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
from __future__ import annotations

from typing import List, NamedTuple, Optional, Sequence, Tuple

from . import _libpki

from ._key import Key
from ._util import (Data, Password, PathLike, data_in, iterations_in, password_in, path_in,
                    str_in)
from ._x509 import Cert, _check_cert, _check_key


def _chain(certs: Sequence[Cert]) -> Optional[_libpki.pki_chain]:
    certs = list(certs or ())
    if not certs:
        return None
    chain = _libpki.pki_chain_new(0)
    for cert in certs:
        _check_cert(cert, "every chain certificate")
        _libpki.pki_chain_add(chain, cert._h, 0)
    return chain


def _from_outputs(out: _libpki.p12_content) -> "Pkcs12":
    chain = out.chain
    certs = [Cert(_libpki.pki_chain_get(chain, i)) for i in range(_libpki.pki_chain_count(chain))]
    return Pkcs12(Key(out.key), Cert(out.cert), certs, out.name)


class Pkcs12(NamedTuple):
    """The content of a PKCS#12 file: a private key, its certificate, other certificates (the
    chain, in file order) and the friendly name (or None).

    ``pki.Pkcs12(key, cert, [intermediate]).to_der(password="...")`` writes one;
    ``pki.Pkcs12.load(data, password="...")`` reads one.
    """

    key: Key
    cert: Cert
    chain: Sequence[Cert] = ()
    name: Optional[str] = None

    @classmethod
    def load(cls, data: Data, password: Password = None,
             allow_no_mac: bool = False) -> "Pkcs12":
        """Read a PKCS#12 file (DER or PEM) from memory. A file without a MAC (nothing shows
        it was not modified) is refused unless ``allow_no_mac``.

        Raises:
            PasswordRequiredError, BadPasswordError (wrong password or modified file),
            ParseError, NotFoundError (no key, or no certificate for it), UnsupportedError,
            WeakKeyError (PKI_E_WEAK: no MAC), TooLargeError (more work than the bounds of
            pkcs12.h).
        """
        flags = _libpki.PKI_P12_ALLOW_NO_MAC if allow_no_mac else 0
        return _from_outputs(_libpki.pki_p12_import(data_in(data), password_in(password), flags))

    @classmethod
    def load_file(cls, path: PathLike, password: Password = None,
                  allow_no_mac: bool = False) -> "Pkcs12":
        """:meth:`load` on the content of a file (also raises FileError)."""
        flags = _libpki.PKI_P12_ALLOW_NO_MAC if allow_no_mac else 0
        return _from_outputs(_libpki.pki_p12_import_file(path_in(path), password_in(password),
                                                         flags))

    def _args(self) -> Tuple[_libpki.pki_key, _libpki.pki_cert, Optional[_libpki.pki_chain],
                             Optional[str]]:
        _check_key(self.key, "key")
        _check_cert(self.cert, "cert")
        name = None if self.name is None else str_in(self.name, "name")
        return self.key._h, self.cert._h, _chain(self.chain), name

    def to_der(self, password: Password, legacy: bool = False,
               iterations: Optional[int] = None) -> bytes:
        """The PKCS#12 file (DER): PBES2/AES-256 and an HMAC-SHA256 MAC, or with ``legacy``
        3DES and a SHA-1 MAC for old clients (Windows before 10 1709, Java 8 before 8u301).

        ``iterations``: the PBKDF2 count of the key, the certificates and the MAC; None for
        libpki's default (600,000), otherwise 10,000 to 1,000,000 (WeakKeyError below,
        TooLargeError above, ArgumentError with ``legacy``, which keeps GnuTLS's counts).
        """
        flags = _libpki.PKI_P12_LEGACY if legacy else 0
        return _libpki.pki_p12_export_v2(*self._args(), password_in(password),
                                         iterations_in(iterations), flags)

    def save(self, path: PathLike, password: Password, legacy: bool = False,
             overwrite: bool = False, iterations: Optional[int] = None) -> None:
        """Write :meth:`to_der` to ``path`` atomically, mode 0600 (ExistsError unless
        ``overwrite``)."""
        flags = (_libpki.PKI_P12_LEGACY if legacy else 0) | \
            (_libpki.PKI_WRITE_OVERWRITE if overwrite else 0)
        key, cert, chain, name = self._args()
        _libpki.pki_p12_save_v2(key, cert, chain, path_in(path), name, password_in(password),
                                iterations_in(iterations), flags)

    def __repr__(self) -> str:
        return (f"<pki.Pkcs12 {self.cert.subject}, {len(self.chain)} more certificate(s)"
                f"{', name ' + repr(self.name) if self.name else ''}>")
