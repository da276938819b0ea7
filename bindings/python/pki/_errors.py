# libpki Python bindings: the exception hierarchy.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Exceptions raised by :mod:`pki`.

Every failure of the C library becomes an instance of :class:`Error` (or a subclass chosen by
the error code). Subclasses also derive from the closest built-in exception, so that code that
catches ``ValueError`` or ``OSError`` keeps working.
"""

from __future__ import annotations

import builtins as _builtins
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


# The subclasses, one row each: name, base classes (this module's or built-in), the PKI_E_*
# code (None: the base's), and the docstring (the code is appended to it in ``...`` form).
# _define makes each one a class of this module; gen_stub.py writes the same classes into
# _errors.pyi for type checkers. The FileError subclasses named _*Error are FileError with the
# built-in class of their errno (see _BY_ERRNO), so that ``except FileNotFoundError`` (or
# PermissionError, IsADirectoryError, NotADirectoryError) works as for open().
_CLASSES: Tuple[Tuple[str, str, Optional[str], str], ...] = (
    ('ArgumentError', 'Error ValueError', 'PKI_E_INVALID_ARG',
     'An argument is missing, out of range or of the wrong kind'),
    ('NoMemoryError', 'Error MemoryError', 'PKI_E_NOMEM',
     'The C library ran out of memory'),
    ('ParseError', 'Error ValueError', 'PKI_E_PARSE',
     'The input is not PEM/DER of the expected kind'),
    ('PasswordError', 'Error', None,
     'Base class of the password failures.'),
    ('PasswordRequiredError', 'PasswordError TypeError', 'PKI_E_PASSWORD_REQUIRED',
     'The key is encrypted and no password was given'),
    ('BadPasswordError', 'PasswordError ValueError', 'PKI_E_BAD_PASSWORD',
     'The password does not decrypt the key'),
    ('UnsupportedError', 'Error', 'PKI_E_UNSUPPORTED',
     'Algorithm, format or feature not supported'),
    ('WeakKeyError', 'Error ValueError', 'PKI_E_WEAK',
     'Refused as insecure, e.g. RSA below 2048 bits'),
    ('FileError', 'Error OSError', 'PKI_E_IO',
     'Reading or writing a file failed'),
    ('_FileNotFoundError', 'FileError FileNotFoundError', None,
     'A file to read is missing (``PKI_E_IO``, ENOENT).'),
    ('_PermissionError', 'FileError PermissionError', None,
     'A file or folder is not accessible (``PKI_E_IO``, EACCES or EPERM).'),
    ('_IsADirectoryError', 'FileError IsADirectoryError', None,
     'A folder was given where a file is needed (``PKI_E_IO``, EISDIR).'),
    ('_NotADirectoryError', 'FileError NotADirectoryError', None,
     'A path goes through something that is not a folder (``PKI_E_IO``, ENOTDIR).'),
    ('ExistsError', 'FileError FileExistsError', 'PKI_E_EXISTS',
     'The output file exists and overwriting was not asked for'),
    ('CryptoError', 'Error', 'PKI_E_CRYPTO',
     'A cryptographic operation failed'),
    ('KeyMismatchError', 'Error ValueError', 'PKI_E_KEY_MISMATCH',
     'The private key does not belong to the certificate'),
    ('NotCAError', 'Error ValueError', 'PKI_E_NOT_CA',
     'The issuer certificate is not a CA, or may not sign'),
    ('SignatureError', 'Error', 'PKI_E_BAD_SIGNATURE',
     'A signature does not verify'),
    ('ValidityError', 'Error ValueError', 'PKI_E_VALIDITY',
     'Bad validity period, e.g. one that outlives the issuer'),
    ('NotFoundError', 'Error LookupError', 'PKI_E_NOT_FOUND',
     'The requested item is absent'),
    ('TooLargeError', 'Error ValueError', 'PKI_E_TOO_LARGE',
     "Above one of libpki's documented bounds: input size, names, entries, iterations, key size"),
    ('NoPrivateKeyError', 'Error ValueError', 'PKI_E_NO_PRIVATE_KEY',
     'A private key is needed but the key is public only'),
    ('KeyReuseError', 'Error ValueError', 'PKI_E_KEY_REUSE',
     "The subject key is the issuer's own key"),
    ('InvalidNameError', 'Error ValueError', 'PKI_E_INVALID_NAME',
     'Malformed DN, SAN, host name, IP address or URI'),
    ('VerifyError', 'Error', 'PKI_E_VERIFY',
     'A certificate chain did not verify'),
    ('BadPinError', 'PasswordError', 'PKI_E_BAD_PIN',
     'The PIN of a PKCS#11 token is wrong'),
    ('TokenNotFoundError', 'Error LookupError', 'PKI_E_TOKEN_NOT_FOUND',
     'No PKCS#11 token matches the URI'),
    ('TokenLockedError', 'Error', 'PKI_E_TOKEN_LOCKED',
     "The token's user PIN is locked"),
    ('KeyCannotSignError', 'Error ValueError', 'PKI_E_KEY_CANNOT_SIGN',
     'The key may not sign: its token object lacks CKA_SIGN'),
    ('TokenKeyError', 'Error ValueError', 'PKI_E_TOKEN_KEY',
     "A token's private key cannot be exported"),
    ('UsageError', 'Error ValueError', 'PKI_E_USAGE',
     'Key usages that contradict the certificate, e.g. keyCertSign on a leaf'),
)


def _define(rows: Tuple[Tuple[str, str, Optional[str], str], ...]) -> Dict[int, Type[Error]]:
    """Make the classes of ``rows`` globals of this module; return those with a code by code."""
    defined: Dict[str, type] = {"Error": Error}
    by_code: Dict[int, Type[Error]] = {}
    for name, bases, code_name, doc in rows:
        body: Dict[str, object] = {"__module__": __name__, "__qualname__": name, "__doc__": doc}
        if code_name is not None:
            code: int = getattr(_libpki, code_name)
            body.update(code=code, __doc__=f"{doc} (``{code_name}``).")
        cls = type(name, tuple(defined.get(b) or getattr(_builtins, b) for b in bases.split()),
                   body)
        defined[name] = globals()[name] = cls
        if code_name is not None:
            by_code[code] = cls
    return by_code


_BY_CODE = _define(_CLASSES)


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
