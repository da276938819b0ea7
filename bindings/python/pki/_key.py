# libpki Python bindings: keys.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
from __future__ import annotations

from typing import Dict, NoReturn, Optional, Union

from . import _libpki
from ._errors import ArgumentError, UnsupportedError

from ._util import (
    Data,
    JsonValue,
    Password,
    PathLike,
    code_in,
    data_in,
    format_in,
    iterations_in,
    json_out,
    password_in,
    path_in,
    str_in,
    uint_in,
)


class Key:
    """A private key (which also holds its public half), or a public key alone.

    Create one with :meth:`generate`, :meth:`load` or :meth:`load_file`; certificates and
    requests give public-only keys (:attr:`pki.Cert.public_key`). Two keys are equal when they
    have the same public key, as C's ``pki_key_equal``: ``cert.public_key == key`` holds for the
    certificate's private key; :attr:`has_private` tells a private key from a public one.

    The C handle is freed (and its secret wiped) when the object is garbage-collected, or at
    once by :meth:`wipe` or at the end of a ``with`` block; exported bytes are ordinary Python
    objects and are not wiped.
    """

    __slots__ = ("_handle", "__weakref__")
    _handle: Optional[_libpki.pki_key]

    def __init__(self, handle: object) -> None:
        if not isinstance(handle, _libpki.pki_key):
            raise TypeError("use Key.generate(), Key.load() or Key.load_file() to make a Key")
        self._handle = handle

    @property
    def _h(self) -> _libpki.pki_key:
        if self._handle is None:
            raise ValueError("this key was wiped")
        return self._handle

    # ---- lifetime ----
    def wipe(self) -> None:
        """Free the C key now, wiping its secret; any later use raises ValueError. Idempotent."""
        self._handle = None  # the only reference: its destructor calls pki_key_free()

    @property
    def wiped(self) -> bool:
        """True once :meth:`wipe` was called (or a ``with`` block ended)."""
        return self._handle is None

    def __enter__(self) -> "Key":
        self._h  # a wiped key cannot be used again
        return self

    def __exit__(self, *exc: object) -> None:
        self.wipe()

    # ---- constructors ----
    @classmethod
    def generate(cls, type: Union[str, int] = "ec", bits: Optional[int] = None) -> "Key":
        """Generate a new private key.

        Args:
            type: "ec" (ECDSA P-256, the default), "p384", "p521", "ed25519", "ed448" or "rsa"
                (any name ``pki_key_type_from_name`` accepts, case-insensitive).
            bits: RSA modulus size, 2048..8192 (default 3072); must be None for other types.
        Raises:
            ArgumentError: unknown type, or bits given for a non-RSA key.
            WeakKeyError: RSA below 2048 bits.
        """
        code = code_in(type, _libpki.pki_key_type_from_name, "type")
        nbits = 0 if bits is None else uint_in(bits, "bits")
        return cls(_libpki.pki_key_generate(code, nbits, 0))

    @classmethod
    def generate_rsa_pss(cls, bits: Optional[int] = None, hash: Optional[str] = None) -> "Key":
        """Generate an RSA-PSS key (id-RSASSA-PSS, RFC 4055): it signs with RSASSA-PSS only.

        Args:
            bits: modulus size, 2048..8192 (default 3072).
            hash: None for a key without parameters (any hash), or "sha256", "sha384",
                "sha512" to restrict the key to that hash (MGF1 with the same hash, salt as
                long as the hash), as ``openssl genpkey -pkeyopt rsa_pss_keygen_md:``.
        Raises:
            ArgumentError: unknown hash.  WeakKeyError: below 2048 bits.
        """
        nbits = 0 if bits is None else uint_in(bits, "bits")
        return cls(_libpki.pki_key_generate_rsa_pss(nbits, _hash_in(hash), 0))

    @classmethod
    def load(cls, data: Data, password: Password = None) -> "Key":
        """Parse a private or public key, PEM or DER (PKCS#8, PKCS#1, SEC1, SPKI, encrypted).

        Raises:
            ParseError: not a key.  PasswordRequiredError / BadPasswordError: encrypted key.
        """
        return cls(_libpki.pki_key_import(data_in(data), password_in(password), 0))

    @classmethod
    def load_file(cls, path: PathLike, password: Password = None) -> "Key":
        """:meth:`load` on the content of a file (also raises FileError)."""
        return cls(_libpki.pki_key_import_file(path_in(path), password_in(password), 0))

    @classmethod
    def from_url(cls, url: str, pin: Password = None) -> "Key":
        """Open the private key a PKCS#11 URI names ("pkcs11:token=CA;object=ca-key"): it signs
        on the token, and its private material never leaves it (:meth:`to_pem` raises
        TokenKeyError).

        Raises:
            TokenNotFoundError, NotFoundError (no such key), PasswordRequiredError (no PIN),
            BadPinError, TokenLockedError, KeyCannotSignError.
        """
        return cls(_libpki.pki_key_import_url(str_in(url, "url"), password_in(pin), 0))

    @classmethod
    def generate_on_token(cls, token: str, label: str, pin: Password,
                          type: Union[str, int] = "ec", bits: Optional[int] = None) -> "Key":
        """Generate a key pair on a PKCS#11 token (EC or RSA) labelled ``label``; the key's URI
        is :attr:`url`."""
        code = _libpki.pki_key_type_from_name(type) if isinstance(type, str) else type
        nbits = 0 if bits is None else uint_in(bits, "bits")
        return cls(_libpki.pki_key_generate_token(str_in(token, "token"), str_in(label, "label"),
                                                  password_in(pin), code, nbits, 0))

    @property
    def url(self) -> Optional[str]:
        """The PKCS#11 URI of a token key (without PIN); None for other keys."""
        u: Optional[str] = _libpki.pki_key_url(self._h)
        return u

    # ---- encodings ----
    def to_pem(self, password: Password = None, iterations: Optional[int] = None) -> bytes:
        """The private key as PKCS#8 PEM; encrypted (PBES2, AES-256-CBC) with a password.

        ``password=None`` means no encryption; ``""`` is refused (ArgumentError), since an
        empty password would store the key unencrypted. On :meth:`load`, ``""`` is the empty
        password, never "no password".

        ``iterations``: the PBKDF2 count; None for libpki's default (600,000), otherwise
        10,000 (``pki.KDF_MIN_ITERATIONS``, WeakKeyError below it) to 10,000,000 (TooLargeError
        above it). Only with a password (ArgumentError otherwise).
        """
        return _libpki.pki_key_export_v2(self._h, _libpki.PKI_FORMAT_PEM, password_in(password),
                                         iterations_in(iterations), 0)

    def to_der(self, password: Password = None, iterations: Optional[int] = None) -> bytes:
        """The private key as PKCS#8 DER (encrypted with a password; ``iterations`` as for
        :meth:`to_pem`)."""
        return _libpki.pki_key_export_v2(self._h, _libpki.PKI_FORMAT_DER, password_in(password),
                                         iterations_in(iterations), 0)

    def public_pem(self) -> bytes:
        """The public key as a SubjectPublicKeyInfo PEM ("PUBLIC KEY")."""
        return _libpki.pki_key_export_public(self._h, _libpki.PKI_FORMAT_PEM, 0)

    def public_der(self) -> bytes:
        """The public key as a DER SubjectPublicKeyInfo."""
        return _libpki.pki_key_export_public(self._h, _libpki.PKI_FORMAT_DER, 0)

    def public_key(self) -> "Key":
        """A public-only copy of this key."""
        return Key.load(self.public_der())

    def save(self, path: PathLike, password: Password = None, overwrite: bool = False,
             format: str = "pem", iterations: Optional[int] = None) -> None:
        """Write the private key to ``path`` atomically, mode 0600 (``password`` and
        ``iterations`` as for :meth:`to_pem`).

        Raises:
            ExistsError: the file exists and ``overwrite`` is false.  FileError: I/O failure.
        """
        flags = _libpki.PKI_WRITE_OVERWRITE if overwrite else 0
        _libpki.pki_key_save_v2(self._h, path_in(path), format_in(format),
                                password_in(password), iterations_in(iterations), flags)

    # ---- signatures ----
    def sign(self, data: Data, hash: Optional[str] = None, pss: bool = False) -> bytes:
        """Sign ``data`` (bytes, or str as UTF-8) with this private key, as ``openssl dgst
        -sign`` does (a DER ECDSA signature, RSA PKCS#1 v1.5, or RSA-PSS with ``pss=True``)
        or ``openssl pkeyutl -sign -rawin`` for Ed25519/Ed448 (pure EdDSA).

        Args:
            hash: "sha256", "sha384" or "sha512"; None for the key's own (SHA-256 for RSA
                and P-256, SHA-384 for P-384, SHA-512 for P-521). Must be None for EdDSA.
            pss: RSA only: RSASSA-PSS, MGF1 with the same hash, salt as long as the hash.
        Raises:
            NoPrivateKeyError: a public-only key.  ArgumentError: a hash with EdDSA, pss
            with a non-RSA key, an unknown hash.
        """
        return _libpki.pki_key_sign(self._h, _hash_in(hash), _sign_data_in(data, "data"),
                                    _pss_in(pss))

    def verify(self, signature: Data, data: Data, hash: Optional[str] = None,
               pss: bool = False) -> None:
        """Check that ``signature`` is this key's signature of ``data`` (same ``hash`` and
        ``pss`` as :meth:`sign`); returns None, raises :class:`pki.SignatureError` when it
        does not verify (also for a malformed signature)."""
        _libpki.pki_key_verify(self._h, _hash_in(hash), _sign_data_in(data, "data"),
                               _sign_data_in(signature, "signature"), _pss_in(pss))

    # ---- properties ----
    @property
    def type(self) -> str:
        """The key type name: "ec-p256", "ec-p384", "ec-p521", "ed25519", "ed448", "rsa" or
        "rsa-pss"."""
        return _named(_libpki.pki_key_type_name(_libpki.pki_key_type(self._h)), "key type")

    @property
    def algorithm(self) -> str:
        """The algorithm: "ec", "rsa", "rsa-pss", "ed25519" or "ed448"."""
        return _named(_libpki.pki_key_algorithm(self._h), "algorithm")

    @property
    def bits(self) -> int:
        """Size in bits: the RSA modulus or the curve (256, 384, 521, 255, 448)."""
        return _libpki.pki_key_bits(self._h)

    @property
    def curve(self) -> Optional[str]:
        """"P-256", "P-384", "P-521", "Ed25519", "Ed448", or None for RSA."""
        return _libpki.pki_key_curve(self._h)

    @property
    def pss_hash(self) -> Optional[str]:
        """The hash an RSA-PSS key is restricted to ("sha256", ...); None for a key without
        RSASSA-PSS parameters and for other key types."""
        value = self.to_dict().get("pss_hash")
        return value if isinstance(value, str) else None

    @property
    def pss_salt_length(self) -> Optional[int]:
        """The minimum salt length an RSA-PSS key's parameters set; None otherwise."""
        value = self.to_dict().get("pss_salt_length")
        return value if isinstance(value, int) else None

    @property
    def has_private(self) -> bool:
        """True for a private key, False for a public-only one (the predicate equality leaves
        out: ``key == key.public_key()`` but only ``key.has_private``)."""
        return _libpki.pki_key_has_private(self._h)

    @property
    def key_id(self) -> str:
        """SHA-1 of the public key bits, lower-case hex: the subjectKeyIdentifier libpki writes."""
        return _libpki.pki_key_id(self._h, _libpki.PKI_KEY_ID_SHA1, 0)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex."""
        return _libpki.pki_key_id(self._h, _libpki.PKI_KEY_ID_SHA256, 0)

    def to_dict(self) -> Dict[str, JsonValue]:
        """{"type": algorithm, "bits": int, "curve": str or None}, as the CLI's JSON."""
        return json_out(_libpki.pki_key_to_json(self._h, 0))

    # ---- protocol ----
    def __eq__(self, other: object) -> bool:
        """Same public key (a private key equals its public half), as ``pki_key_equal``."""
        if not isinstance(other, Key):
            return NotImplemented
        return _libpki.pki_key_equal(self._h, other._h)

    def __hash__(self) -> int:
        return hash(self.public_der())

    def __repr__(self) -> str:
        if self._handle is None:
            return "<pki.Key (wiped)>"
        kind = "private" if self.has_private else "public"
        return f"<pki.Key {self.type} {kind} {self.key_id[:16]}>"

    def __reduce__(self) -> NoReturn:
        raise TypeError("pki.Key is not picklable: export it with to_pem() (and a password)")


_HASHES = {None: 0, "sha256": 1, "sha384": 2, "sha512": 3}


def _hash_in(hash: Optional[str]) -> int:
    if hash is not None and not isinstance(hash, str):
        raise TypeError(f"hash must be a str or None, not {type(hash).__name__}")
    name = hash.lower().replace("-", "") if hash is not None else None
    if name not in _HASHES:
        raise ArgumentError(detail=f"hash must be 'sha256', 'sha384', 'sha512' or None, not {hash!r}")
    return _HASHES[name]


def _sign_data_in(data: Data, what: str) -> Union[bytes, bytearray, memoryview]:
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return data
    raise TypeError(f"{what} must be bytes or str, not {type(data).__name__}")


def _pss_in(pss: bool) -> int:
    if not isinstance(pss, bool):
        raise TypeError(f"pss must be a bool, not {type(pss).__name__}")
    return _libpki.PKI_SIGN_RSA_PSS if pss else 0


def key_type_name(name: str) -> str:
    """Normalise a key type name ("ecdsa" -> "ec-p256"); raises ArgumentError if unknown."""
    return _named(_libpki.pki_key_type_name(_libpki.pki_key_type_from_name(str_in(name, "name"))),
                  "key type")


def _named(name: Optional[str], what: str) -> str:
    # The C getters return NULL only for a NULL key or a type they do not know, which a live
    # Key and a type from pki_key_type_from_name never are; never hand out None as a str.
    if name is None:
        raise UnsupportedError(detail=f"libpki has no name for this {what}")
    return name


__all__ = ["Key", "key_type_name"]
