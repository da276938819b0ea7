# libpki Python bindings: the exception hierarchy.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Exceptions raised by :mod:`pki`.

Every failure of the C library becomes an instance of :class:`Error` (or a subclass chosen by
the error code). Subclasses also derive from the closest built-in exception, so that code that
catches ``ValueError`` or ``OSError`` keeps working.
"""

from __future__ import annotations

import errno as _errno
import os as _os
import threading as _threading
from typing import Dict, Optional, Tuple, Type, Union

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

    def __reduce__(self) -> Tuple[Type[Error], Tuple[int, str]]:
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


# FileError with the built-in class of its errno, so that ``except FileNotFoundError`` (or
# PermissionError, IsADirectoryError, NotADirectoryError) works as for open().
class _FileNotFoundError(FileError, FileNotFoundError):
    """A file to read is missing (``PKI_E_IO``, ENOENT)."""


class _PermissionError(FileError, PermissionError):
    """A file or folder is not accessible (``PKI_E_IO``, EACCES or EPERM)."""


class _IsADirectoryError(FileError, IsADirectoryError):
    """A folder was given where a file is needed (``PKI_E_IO``, EISDIR)."""


class _NotADirectoryError(FileError, NotADirectoryError):
    """A path goes through something that is not a folder (``PKI_E_IO``, ENOTDIR)."""


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
    """Above one of libpki's documented bounds: input size, names, entries, iterations, key
    size (``PKI_E_TOO_LARGE``)."""

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


class BadPinError(PasswordError):
    """The PIN of a PKCS#11 token is wrong (``PKI_E_BAD_PIN``)."""

    code = _libpki.PKI_E_BAD_PIN


class TokenNotFoundError(Error, LookupError):
    """No PKCS#11 token matches the URI (``PKI_E_TOKEN_NOT_FOUND``)."""

    code = _libpki.PKI_E_TOKEN_NOT_FOUND


class TokenLockedError(Error):
    """The token's user PIN is locked (``PKI_E_TOKEN_LOCKED``)."""

    code = _libpki.PKI_E_TOKEN_LOCKED


class KeyCannotSignError(Error, ValueError):
    """The key may not sign: its token object lacks CKA_SIGN (``PKI_E_KEY_CANNOT_SIGN``)."""

    code = _libpki.PKI_E_KEY_CANNOT_SIGN


class TokenKeyError(Error, ValueError):
    """A token's private key cannot be exported (``PKI_E_TOKEN_KEY``)."""

    code = _libpki.PKI_E_TOKEN_KEY


class UsageError(Error, ValueError):
    """Key usages that contradict the certificate, e.g. keyCertSign on a leaf
    (``PKI_E_USAGE``)."""

    code = _libpki.PKI_E_USAGE


_BY_CODE: Dict[int, Type[Error]] = {
    cls.code: cls
    for cls in (
        ArgumentError, NoMemoryError, ParseError, PasswordRequiredError, BadPasswordError,
        UnsupportedError, WeakKeyError, FileError, ExistsError, CryptoError,
        KeyMismatchError, NotCAError, SignatureError, ValidityError, NotFoundError,
        TooLargeError, NoPrivateKeyError, KeyReuseError, InvalidNameError, VerifyError,
        BadPinError, TokenNotFoundError, TokenLockedError, KeyCannotSignError, TokenKeyError,
        UsageError,
    )
}


_BY_ERRNO: Dict[int, Type[FileError]] = {
    _errno.ENOENT: _FileNotFoundError,
    _errno.EACCES: _PermissionError,
    _errno.EPERM: _PermissionError,
    _errno.EISDIR: _IsADirectoryError,
    _errno.ENOTDIR: _NotADirectoryError,
}
_KNOWN_ERRNOS = (
    _errno.ENOENT, _errno.EACCES, _errno.EPERM, _errno.EISDIR, _errno.ENOTDIR, _errno.ENOSPC,
    _errno.EROFS, _errno.ELOOP, _errno.EFBIG, _errno.ENAMETOOLONG, _errno.EMFILE, _errno.EIO,
    _errno.EDQUOT, _errno.EINVAL, _errno.EXDEV,
)

# The path of the last file call made through _util.path_in in this thread: every libpki call
# that can fail with PKI_E_IO/PKI_E_EXISTS takes exactly one path, converted just before it.
_last = _threading.local()


def _remember_path(path: Union[str, bytes]) -> None:
    _last.path = path


def _errno_of(detail: str) -> Optional[int]:
    """The errno a PKI_E_IO detail names: libpki writes "...: <strerror(errno)>" with the
    same C library, so the text identifies it; None when the detail names no errno."""
    for e in _KNOWN_ERRNOS:
        if detail.endswith(": " + _os.strerror(e)):
            return e
    if detail.endswith(" is a directory"):
        return _errno.EISDIR
    if detail.endswith("it is a symbolic link"):
        return _errno.ELOOP
    return None


def error_for(code: int, detail: str = "") -> Error:
    """The exception instance for a C error code (an unknown code gives a plain Error).

    File failures (FileError, ExistsError) are OSErrors with ``errno``, ``strerror`` and
    ``filename`` set, and with the built-in subclass of their errno (FileNotFoundError, ...).
    """
    cls = _BY_CODE.get(code, Error)
    err_no: Optional[int] = None
    if code == _libpki.PKI_E_IO:
        err_no = _errno_of(detail)
        cls = FileError
        if err_no is not None:
            cls = _BY_ERRNO.get(err_no, FileError)
    elif code == _libpki.PKI_E_EXISTS:
        err_no = _errno.EEXIST
    exc = cls(code, detail)
    if isinstance(exc, OSError):
        if err_no is not None:  # else it stays None, as OSError(message) leaves it
            exc.errno = err_no
        exc.strerror = _os.strerror(err_no) if err_no is not None else detail
        exc.filename = getattr(_last, "path", None)
    return exc


# Every negative return value of the C library is turned into error_for(code, detail).
_libpki.pki_py_set_error_factory(error_for)
