# libpki Python bindings: the exception hierarchy.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Exceptions raised by :mod:`pki`.

Every failure of the C library becomes an instance of :class:`Error` (or a subclass chosen by
the error code). Subclasses also derive from the closest built-in exception, so that code that
catches ``ValueError`` or ``OSError`` keeps working.
"""

from __future__ import annotations

from typing import Dict, Type

from . import _libpki


class Error(Exception):
    """A libpki failure.

    Attributes:
        code: the negative ``PKI_E_*`` error code of the C library.
        detail: the library's explanation (``pki_error_detail()``), possibly empty.
        reason: the fixed sentence for the code (``pki_strerror()``).
    """

    code: int = 0
    detail: str
    reason: str

    def __init__(self, code: int | None = None, detail: str = "") -> None:
        if code is None:
            code = type(self).code
        self.code = code
        self.detail = detail
        self.reason = _libpki.pki_strerror(code)
        message = f"{self.reason}: {detail}" if detail else self.reason
        # OSError-derived classes interpret several arguments: pass exactly one.
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}" if self.detail else self.reason

    def __reduce__(self):
        return (self.__class__, (self.code, self.detail))


class ArgumentError(Error, ValueError):
    """An argument is missing, out of range or of the wrong kind (``PKI_E_INVALID_ARG``)."""

    code = _libpki.PKI_E_INVALID_ARG


class NoMemoryError(Error, MemoryError):
    """The C library ran out of memory (``PKI_E_NOMEM``)."""

    code = _libpki.PKI_E_NOMEM


class ParseError(Error, ValueError):
    """The input is not PEM/DER of the expected kind (``PKI_E_PARSE``)."""

    code = _libpki.PKI_E_PARSE


class PasswordError(Error):
    """Base class of the password failures."""


class PasswordRequiredError(PasswordError, TypeError):
    """The key is encrypted and no password was given (``PKI_E_PASSWORD_REQUIRED``)."""

    code = _libpki.PKI_E_PASSWORD_REQUIRED


class BadPasswordError(PasswordError, ValueError):
    """The password does not decrypt the key (``PKI_E_BAD_PASSWORD``)."""

    code = _libpki.PKI_E_BAD_PASSWORD


class UnsupportedError(Error):
    """Algorithm, format or feature not supported (``PKI_E_UNSUPPORTED``)."""

    code = _libpki.PKI_E_UNSUPPORTED


class WeakKeyError(Error, ValueError):
    """Refused as insecure, e.g. RSA below 2048 bits (``PKI_E_WEAK``)."""

    code = _libpki.PKI_E_WEAK


class FileError(Error, OSError):
    """Reading or writing a file failed (``PKI_E_IO``)."""

    code = _libpki.PKI_E_IO


class ExistsError(FileError, FileExistsError):
    """The output file exists and overwriting was not asked for (``PKI_E_EXISTS``)."""

    code = _libpki.PKI_E_EXISTS


class CryptoError(Error):
    """A cryptographic operation failed (``PKI_E_CRYPTO``)."""

    code = _libpki.PKI_E_CRYPTO


class KeyMismatchError(Error, ValueError):
    """The private key does not belong to the certificate (``PKI_E_KEY_MISMATCH``)."""

    code = _libpki.PKI_E_KEY_MISMATCH


class NotCAError(Error, ValueError):
    """The issuer certificate is not a CA, or may not sign (``PKI_E_NOT_CA``)."""

    code = _libpki.PKI_E_NOT_CA


class SignatureError(Error):
    """A signature does not verify (``PKI_E_BAD_SIGNATURE``)."""

    code = _libpki.PKI_E_BAD_SIGNATURE


class ValidityError(Error, ValueError):
    """Bad validity period, e.g. one that outlives the issuer (``PKI_E_VALIDITY``)."""

    code = _libpki.PKI_E_VALIDITY


class NotFoundError(Error, LookupError):
    """The requested item is absent (``PKI_E_NOT_FOUND``)."""

    code = _libpki.PKI_E_NOT_FOUND


class TooLargeError(Error, ValueError):
    """Input above the 16 MiB limit (``PKI_E_TOO_LARGE``)."""

    code = _libpki.PKI_E_TOO_LARGE


class NoPrivateKeyError(Error, ValueError):
    """A private key is needed but the key is public only (``PKI_E_NO_PRIVATE_KEY``)."""

    code = _libpki.PKI_E_NO_PRIVATE_KEY


class KeyReuseError(Error, ValueError):
    """The subject key is the issuer's own key (``PKI_E_KEY_REUSE``)."""

    code = _libpki.PKI_E_KEY_REUSE


class InvalidNameError(Error, ValueError):
    """Malformed DN, SAN, host name, IP address or URI (``PKI_E_INVALID_NAME``)."""

    code = _libpki.PKI_E_INVALID_NAME


class VerifyError(Error):
    """A certificate chain did not verify (``PKI_E_VERIFY``)."""

    code = _libpki.PKI_E_VERIFY


_BY_CODE: Dict[int, Type[Error]] = {
    cls.code: cls
    for cls in (
        ArgumentError, NoMemoryError, ParseError, PasswordRequiredError, BadPasswordError,
        UnsupportedError, WeakKeyError, FileError, ExistsError, CryptoError,
        KeyMismatchError, NotCAError, SignatureError, ValidityError, NotFoundError,
        TooLargeError, NoPrivateKeyError, KeyReuseError, InvalidNameError, VerifyError,
    )
}


def error_for(code: int, detail: str = "") -> Error:
    """The exception instance for a C error code (an unknown code gives a plain Error)."""
    return _BY_CODE.get(code, Error)(code, detail)


# Every negative return value of the C library is turned into error_for(code, detail).
_libpki.pki_py_set_error_factory(error_for)
