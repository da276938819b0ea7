# libpki Python bindings: certificate signing requests and certificates.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
from __future__ import annotations

import datetime as _dt
import ipaddress
from typing import (TYPE_CHECKING, Any, Callable, Dict, Iterable, List, NamedTuple, Optional,
                    Tuple, Type, TypeVar, Union, overload)

from . import _libpki

from ._errors import ArgumentError, NotFoundError, SignatureError
from ._key import Key, _hash_in
from ._util import (
    Data,
    DNLike,
    IPLike,
    JsonValue,
    PathLike,
    Time,
    code_in,
    data_in,
    dn_in,
    format_in,
    ip_out,
    json_out,
    names_in,
    options_of,
    path_in,
    str_in,
    time_out,
    typed_sans,
    uint_in,
    validity_in,
)

if TYPE_CHECKING:  # _verify imports this module: at run time Cert.verify imports it late
    from ._verify import Trust, VerifyResult

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
_A = TypeVar("_A")
_T = TypeVar("_T")

# (bit, name) in the bit order of the C API (PKI_KU_*, PKI_EKU_*), with the names the JSON
# output uses. The key usage bits are the library's own answer for each name
# (pki_key_usage_from_name), so that its name table is not written again here.
KEY_USAGES = tuple((_libpki.pki_key_usage_from_name(name), name) for name in (
    "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
    "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"))
EXTENDED_KEY_USAGES = (
    (_libpki.PKI_EKU_SERVER_AUTH, "serverAuth"),
    (_libpki.PKI_EKU_CLIENT_AUTH, "clientAuth"),
    (_libpki.PKI_EKU_CODE_SIGNING, "codeSigning"),
    (_libpki.PKI_EKU_EMAIL_PROTECTION, "emailProtection"),
    (_libpki.PKI_EKU_TIME_STAMPING, "timeStamping"),
    (_libpki.PKI_EKU_OCSP_SIGNING, "OCSPSigning"),
    (_libpki.PKI_EKU_ANY, "anyExtendedKeyUsage"),
    (_libpki.PKI_EKU_OTHER, "other"),
)


class Extension(NamedTuple):
    """One X.509 extension: its dotted OID, criticality and DER value (extnValue's contents)."""

    oid: str
    critical: bool
    value: bytes


# A certificate policy to add: its OID, or (oid, cps_uri or None, notice or None).
PolicyLike = Union[str, Tuple[str, Optional[str], Optional[str]]]

# An extension to add: an Extension, or (oid, der) / (oid, der, critical).
ExtensionLike = Union[Extension, Tuple[str, bytes], Tuple[str, bytes, bool]]


def _extensions_in(exts: Iterable[ExtensionLike]) -> List[Tuple[str, bytes, bool]]:
    out = []
    if isinstance(exts, (str, bytes)):
        raise TypeError("extensions must be a list of (oid, der[, critical]) tuples")
    for e in exts:
        if not isinstance(e, tuple) or len(e) not in (2, 3):
            raise TypeError(f"an extension is (oid, der[, critical]), not {e!r}")
        oid, der, *rest = e
        critical = bool(rest[0]) if rest else False
        if not isinstance(oid, str):
            raise TypeError(f"an extension OID must be a str, not {type(oid).__name__}")
        if not isinstance(der, (bytes, bytearray, memoryview)):
            raise TypeError(f"an extension value must be bytes, not {type(der).__name__}")
        out.append((oid, bytes(der), critical))
    return out


# A distinguished name attribute by attribute: one list of (type, value) per RDN, in the
# Name's order (most significant first: the reverse of the RFC 4514 string).
RDNs = List[List[Tuple[str, str]]]


def _rdns(getter: Callable[[_A, int], "_libpki.dn_attribute"], handle: _A) -> RDNs:
    out: RDNs = []
    i = 0
    while True:
        try:
            a = getter(handle, i)
        except NotFoundError:
            return out
        while len(out) <= a.rdn:
            out.append([])
        out[a.rdn].append((a.type, a.value))
        i += 1


def _extension_list(count: Callable[[_A], int],
                    get: Callable[[_A, int], "_libpki.extension"], handle: _A) -> List[Extension]:
    """Every extension of a certificate or request, in its order."""
    return [Extension(e.oid, bool(e.critical), e.value)
            for e in (get(handle, i) for i in range(count(handle)))]


def _extension_of(by_oid: Callable[[_A, str], "_libpki.extension_value"], handle: _A,
                  oid: str) -> Optional[Extension]:
    """The extension ``oid`` of a certificate or request, or None when absent."""
    e = _optional(lambda h: by_oid(h, str_in(oid, "oid")), handle)
    return None if e is None else Extension(oid, bool(e.critical), e.value)


def _strip_uri(names: List[str]) -> List[str]:
    """URLs without their "URI:" type; other kinds of names keep their type prefix."""
    return [n[4:] if n.startswith("URI:") else n for n in names]


def _bits_to_names(bits: int, table: Iterable[Tuple[int, str]]) -> List[str]:
    return [name for bit, name in table if bits & bit]


def _optional(call: Callable[[_A], _T], arg: _A) -> Optional[_T]:
    """The result of a getter, or None when the C library says PKI_E_NOT_FOUND."""
    try:
        return call(arg)
    except NotFoundError:
        return None


@overload
def _handle_of(obj: object, cls: Type[Key], what: str) -> _libpki.pki_key: ...
@overload
def _handle_of(obj: object, cls: Type["Csr"], what: str) -> _libpki.pki_csr: ...
@overload
def _handle_of(obj: object, cls: Type["Cert"], what: str) -> _libpki.pki_cert: ...


def _handle_of(obj: object, cls: Union[Type[Key], Type["Csr"], Type["Cert"]],
               what: str) -> Union[_libpki.pki_key, _libpki.pki_csr, _libpki.pki_cert]:
    """The C handle of a pki object of class ``cls``; TypeError for anything else (None too)."""
    # (the second isinstance only tells mypy what cls is: one of the three)
    if isinstance(obj, cls) and isinstance(obj, (Key, Csr, Cert)):
        return obj._h
    raise TypeError(f"{what} must be a pki.{cls.__name__}, not {type(obj).__name__}")


class _CFunctions:
    """The C functions pki_<kind>_<name> of one class, each looked up once: ``_f.subject`` is
    _libpki.pki_cert_subject for a Cert. The first use of a name stores the function as an
    attribute, so that later uses are a plain attribute read (no string formatting and no
    module lookup on every property read). A trailing "_" is dropped ("import_": import is a
    keyword); ``py_<name>`` is the wrapper's own helper pki_py_<kind>_<name> (libpki.i)."""

    def __init__(self, kind: str) -> None:
        self._kind = kind

    def __getattr__(self, name: str) -> Callable[..., Any]:
        c_name = (f"pki_py_{self._kind}_{name[3:]}" if name.startswith("py_")
                  else f"pki_{self._kind}_{name.rstrip('_')}")
        fn: Callable[..., Any] = getattr(_libpki, c_name)
        setattr(self, name, fn)
        return fn


class _Encoded:
    """Shared behaviour of requests, certificates and CRLs: parsing, encodings, equality,
    saving, text and JSON. A subclass names the prefix of its C functions in ``_kind``
    ("csr", "cert", "crl": pki_<kind>_import, pki_<kind>_export, ...); ``_f`` holds them."""

    __slots__ = ("_h", "__weakref__")
    _h: Any
    _kind = ""
    _f: Any = None  # _CFunctions(_kind), set for each subclass that names its _kind
    _handle_type: type = type(None)  # the SWIG class of the handle
    _makers = ""  # the methods that make one, named in the TypeError

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "_kind" in cls.__dict__:
            cls._f = _CFunctions(cls._kind)

    def __init__(self, handle: object) -> None:
        if not isinstance(handle, self._handle_type):
            raise TypeError(f"use {self._makers} to make a {type(self).__name__}")
        self._h = handle

    def _export(self, fmt: int) -> bytes:
        """The encoding in format ``fmt`` (PKI_FORMAT_*)."""
        out: bytes = self._f.export(self._h, fmt, 0)
        return out

    @classmethod
    def load(cls: Type[_E], data: Data) -> _E:
        """Parse one, PEM or DER (of a PEM bundle, the first).  Raises ParseError."""
        return cls(cls._f.import_(data_in(data), 0))

    @classmethod
    def load_file(cls: Type[_E], path: PathLike) -> _E:
        """:meth:`load` on the content of a file (also raises FileError)."""
        return cls(cls._f.import_file(path_in(path), 0))

    def to_pem(self) -> bytes:
        """The PEM encoding."""
        return self._export(_libpki.PKI_FORMAT_PEM)

    def to_der(self) -> bytes:
        """The DER encoding."""
        return self._export(_libpki.PKI_FORMAT_DER)

    def save(self, path: PathLike, overwrite: bool = False, format: str = "pem") -> None:
        """Write the encoding to ``path`` atomically (mode 0644 less the umask).

        Raises:
            ExistsError: the file exists and ``overwrite`` is false.  FileError: I/O failure.
        """
        data = self._export(format_in(format))
        flags = _libpki.PKI_WRITE_OVERWRITE if overwrite else 0
        _libpki.pki_file_write(path_in(path), data, flags)

    @property
    def signature_algorithm(self) -> str:
        """E.g. "ECDSA-SHA256"."""
        out: str = self._f.signature_algorithm(self._h)
        return out

    def text(self) -> str:
        """A human-readable description (of a certificate, in the spirit of
        ``openssl x509 -text``)."""
        out: str = self._f.to_text(self._h, 0)
        return out

    def to_dict(self) -> Dict[str, JsonValue]:
        """The fields of the CLI's JSON output (subject or issuer, names, validity, ...)."""
        return json_out(self._f.to_json(self._h, 0))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Encoded) or type(other) is not type(self):
            return NotImplemented
        return self.to_der() == other.to_der()

    def __hash__(self) -> int:
        return hash(self.to_der())

    def __reduce__(self) -> Tuple[Callable[[bytes], "_Encoded"], Tuple[bytes]]:
        return (type(self).load, (self.to_der(),))


class _Named(_Encoded):
    """What requests and certificates both carry: a subject, SANs, extensions, a public key."""

    __slots__ = ()

    @property
    def subject(self) -> str:
        """The subject as an RFC 4514 string ("" when empty)."""
        out: str = self._f.subject(self._h)
        return out

    @property
    def extensions(self) -> List[Extension]:
        """Every extension (of a request: that it asks for), in its order."""
        return _extension_list(self._f.extension_count, self._f.extension, self._h)

    def extension(self, oid: str) -> Optional[Extension]:
        """The extension ``oid`` (dotted, e.g. "2.5.29.32"), or None when absent."""
        return _extension_of(self._f.extension_by_oid, self._h, oid)

    @property
    def sans(self) -> List[Tuple[str, str]]:
        """Every SAN as (kind, value), kind one of "DNS", "IP", "email", "URI", "other"."""
        out: List[Tuple[str, str]] = self._f.py_sans(self._h)  # split in C (pki_py_san_pairs)
        return out

    @property
    def dns_names(self) -> List[str]:
        return [v for k, v in self.sans if k == "DNS"]

    @property
    def ip_addresses(self) -> List[Union[IPAddress, str]]:
        """IP address SANs as ipaddress.IPv4Address / IPv6Address objects (a malformed one, not
        4 or 16 bytes, as the hex string of its bytes)."""
        return [ip_out(v) for k, v in self.sans if k == "IP"]

    @property
    def emails(self) -> List[str]:
        return [v for k, v in self.sans if k == "email"]

    @property
    def uris(self) -> List[str]:
        return [v for k, v in self.sans if k == "URI"]

    @property
    def public_key(self) -> Key:
        """The public key (a public-only Key)."""
        return Key(self._f.public_key(self._h))


_E = TypeVar("_E", bound=_Encoded)


class Csr(_Named):
    """A PKCS#10 certificate signing request.

    Create one with :meth:`create` or parse one with :meth:`load` / :meth:`load_file`.
    Equality and hashing use the DER encoding.
    """

    __slots__ = ()
    _h: _libpki.pki_csr
    _kind = "csr"
    _handle_type = _libpki.pki_csr
    _makers = "Csr.create(), Csr.load() or Csr.load_file()"

    @classmethod
    def create(cls, key: Key, subject: DNLike = "", *, dns: Iterable[str] = (),
               ip: Iterable[IPLike] = (), email: Iterable[str] = (), uri: Iterable[str] = (),
               sans: Iterable[str] = (), extensions: Iterable[ExtensionLike] = (),
               signature_hash: Optional[str] = None, rsa_pss: bool = False) -> "Csr":
        """A request for ``key``'s public key, signed by ``key``.

        Args:
            key: a private key.
            subject: RFC 4514 distinguished name, e.g. "CN=www.example.com,O=Example";
                may be "" when there are SANs. Or its RDNs most significant first, each a
                (type, value) pair or a list of pairs (a multi-valued RDN):
                [("C", "GB"), ("O", "Example"), [("CN", "host"), ("UID", "42")]].
            dns, ip, email, uri: subject alternative names of each kind (ip: str or
                ipaddress objects).
            sans: further names, typed ("DNS:x") or not (classified: an address gives IP, a
                string with '@' email, one with "://" URI, else DNS).
            extensions: further extensions to ask for, as (oid, der[, critical]) tuples.
            signature_hash: "sha256", "sha384" or "sha512" (default: the key's own).
            rsa_pss: sign with RSASSA-PSS (an RSA key; an RSA-PSS key always does).
        Raises:
            InvalidNameError: malformed subject or name.  NoPrivateKeyError: public-only key.
            ArgumentError: a hash with EdDSA, PSS with a non-RSA key, a hash an RSA-PSS key
                excludes.
        """
        _check_key(key, "key")
        names = typed_sans(dns=dns, ip=ip, email=email, uri=uri, sans=sans)
        exts = _extensions_in(extensions)
        if not isinstance(rsa_pss, bool):
            raise TypeError(f"rsa_pss must be a bool, not {type(rsa_pss).__name__}")
        h = _libpki.pki_csr_create_v2(_handle_of(key, Key, "key"), dn_in(subject, "subject"),
                                      names or None, _hash_in(signature_hash),
                                      _libpki.PKI_SIGN_RSA_PSS if rsa_pss else 0)
        for oid, der, critical in exts:
            _libpki.pki_csr_add_extension(h, _handle_of(key, Key, "key"), oid, der,
                                          _libpki.PKI_EXT_CRITICAL if critical else 0)
        return cls(h)

    def verify(self) -> None:
        """Check the self-signature; raises SignatureError when it does not verify."""
        _libpki.pki_csr_verify(self._h, 0)

    @property
    def is_signature_valid(self) -> bool:
        """True when the self-signature verifies."""
        try:
            self.verify()
        except SignatureError:
            return False
        return True

    def __repr__(self) -> str:
        names = ", ".join(f"{k}:{v}" for k, v in self.sans)
        return f"<pki.Csr {self.subject or '(empty subject)'}{' [' + names + ']' if names else ''}>"


def _issue_opts(profile: Union[str, int], days: Optional[int], *, not_before: Optional[Time] = None,
                not_after: Optional[Time] = None, serial: Union[int, str, None] = None,
                path_len: Optional[int] = None, subject: Optional[DNLike] = None,
                dns: Iterable[str] = (), ip: Iterable[IPLike] = (), email: Iterable[str] = (),
                uri: Iterable[str] = (), sans: Iterable[str] = (), permitted: Iterable[str] = (),
                excluded: Iterable[str] = (), crl_urls: Iterable[str] = (),
                ocsp_urls: Iterable[str] = (), ca_issuers_urls: Iterable[str] = (),
                allow_key_reuse: bool = False, clamp_to_issuer: bool = False, extensions: Iterable[ExtensionLike] = (),
                copy_extensions: bool = False, key_usage: Optional[Iterable[str]] = None,
                extended_key_usage: Optional[Iterable[str]] = None,
                signature_hash: Optional[str] = None, rsa_pss: bool = False,
                policies: Iterable[PolicyLike] = (),
                policy_mappings: Iterable[Tuple[str, str]] = (),
                require_explicit_policy: Optional[int] = None,
                inhibit_policy_mapping: Optional[int] = None,
                inhibit_any_policy: Optional[int] = None
                ) -> Tuple[_libpki.pki_issue_opts, int]:
    code = code_in(profile, _libpki.pki_profile_from_name, "profile")
    opts = _libpki.pki_issue_opts_new(code, 0)
    if days is not None:
        _libpki.pki_issue_opts_set_days(opts, uint_in(days, "days"))
    validity = validity_in(days, not_before, not_after, ("not_before", "not_after"))
    if validity is not None:
        _libpki.pki_issue_opts_set_validity(opts, *validity)
    if serial is not None:
        if isinstance(serial, bool) or not isinstance(serial, (int, str)):
            raise TypeError(f"serial must be an int or a hex str, not {type(serial).__name__}")
        if isinstance(serial, int):
            if serial <= 0:
                raise ArgumentError(detail=f"the serial number must be positive, not {serial}")
            serial = format(serial, "x")
        _libpki.pki_issue_opts_set_serial(opts, serial)
    if path_len is not None:
        if isinstance(path_len, bool) or not isinstance(path_len, int):
            raise TypeError(f"path_len must be an int, not {type(path_len).__name__}")
        if path_len < 0:
            raise ArgumentError(detail=f"path_len must be >= 0, not {path_len}")
        _libpki.pki_issue_opts_set_path_len(opts, path_len)
    if subject is not None:
        _libpki.pki_issue_opts_set_subject(opts, dn_in(subject, "subject"))
    for san in typed_sans(dns=dns, ip=ip, email=email, uri=uri, sans=sans):
        _libpki.pki_issue_opts_add_san(opts, san)
    for constraint in names_in(permitted, "permitted"):
        _libpki.pki_issue_opts_add_name_constraint(opts, str_in(constraint, "a constraint"),
                                                   _libpki.PKI_NC_PERMITTED)
    for constraint in names_in(excluded, "excluded"):
        _libpki.pki_issue_opts_add_name_constraint(opts, str_in(constraint, "a constraint"),
                                                   _libpki.PKI_NC_EXCLUDED)
    for url in names_in(crl_urls, "crl_urls"):
        _libpki.pki_issue_opts_add_crl_url(opts, str_in(url, "a URL"))
    for url in names_in(ocsp_urls, "ocsp_urls"):
        _libpki.pki_issue_opts_add_ocsp_url(opts, str_in(url, "a URL"))
    for url in names_in(ca_issuers_urls, "ca_issuers_urls"):
        _libpki.pki_issue_opts_add_ca_issuers_url(opts, str_in(url, "a URL"))
    for oid, der, critical in _extensions_in(extensions):
        _libpki.pki_issue_opts_add_extension(opts, oid, der,
                                             _libpki.PKI_EXT_CRITICAL if critical else 0)
    if copy_extensions:
        _libpki.pki_issue_opts_set_copy_extensions(opts, True)
    if key_usage is not None:
        bits = 0
        for name in names_in(key_usage, "key_usage"):
            bits |= _libpki.pki_key_usage_from_name(str_in(name, "a key usage"))
        _libpki.pki_issue_opts_set_key_usage(opts, bits)
    if extended_key_usage is not None:
        for name in names_in(extended_key_usage, "extended_key_usage"):
            _libpki.pki_issue_opts_add_ext_key_usage(opts, str_in(name, "a key purpose"))
    if signature_hash is not None or rsa_pss:
        hashes = {"sha256": _libpki.PKI_HASH_SHA256, "sha384": _libpki.PKI_HASH_SHA384,
                  "sha512": _libpki.PKI_HASH_SHA512}
        hash_name = (None if signature_hash is None
                     else str_in(signature_hash, "signature_hash").lower())
        if hash_name is not None and hash_name not in hashes:
            raise ArgumentError(detail=f"signature_hash must be sha256, sha384 or sha512, "
                                       f"not {signature_hash!r}")
        _libpki.pki_issue_opts_set_signature(
            opts, _libpki.PKI_HASH_DEFAULT if hash_name is None else hashes[hash_name],
            _libpki.PKI_SIGN_RSA_PSS if rsa_pss else 0)
    for pol in names_in(policies, "policies"):
        if isinstance(pol, str):
            _libpki.pki_issue_opts_add_policy(opts, pol, None, None)
        elif isinstance(pol, tuple) and len(pol) == 3:
            _libpki.pki_issue_opts_add_policy(opts, str_in(pol[0], "a policy OID"), pol[1], pol[2])
        else:
            raise TypeError(f"a policy is an OID or (oid, cps_uri, notice), not {pol!r}")
    for mapping in names_in(policy_mappings, "policy_mappings"):
        if not isinstance(mapping, tuple) or len(mapping) != 2:
            raise TypeError(f"a policy mapping is (issuer_policy, subject_policy), not {mapping!r}")
        _libpki.pki_issue_opts_add_policy_mapping(opts, str_in(mapping[0], "a policy OID"),
                                                  str_in(mapping[1], "a policy OID"))
    if require_explicit_policy is not None:
        _libpki.pki_issue_opts_set_require_explicit_policy(
            opts, uint_in(require_explicit_policy, "require_explicit_policy"))
    if inhibit_policy_mapping is not None:
        _libpki.pki_issue_opts_set_inhibit_policy_mapping(
            opts, uint_in(inhibit_policy_mapping, "inhibit_policy_mapping"))
    if inhibit_any_policy is not None:
        _libpki.pki_issue_opts_set_inhibit_any_policy(opts, uint_in(inhibit_any_policy,
                                                                    "inhibit_any_policy"))
    flags = _libpki.PKI_ISSUE_ALLOW_KEY_REUSE if allow_key_reuse else 0
    if clamp_to_issuer:
        flags |= _libpki.PKI_ISSUE_CLAMP_TO_ISSUER
    return opts, flags


class Cert(_Named):
    """An X.509 certificate.

    Parse one with :meth:`load` / :meth:`load_file` / :meth:`load_all`, or make one with
    :meth:`self_signed`, :meth:`issue` or :meth:`issue_for_key`. Equality and hashing use the
    DER encoding. Times are aware ``datetime`` objects in UTC; IP addresses are ``ipaddress``
    objects.
    """

    __slots__ = ("_clamped",)
    _h: _libpki.pki_cert
    _clamped: bool
    _kind = "cert"
    _handle_type = _libpki.pki_cert
    _makers = "Cert.load(), Cert.issue() or Cert.self_signed()"

    # ---- parsing ----
    @classmethod
    def load_all(cls, data: Data) -> List["Cert"]:
        """Every certificate of a PEM bundle (or one DER certificate), in order."""
        return _chain_list(_libpki.pki_chain_import(data_in(data), 0))

    @classmethod
    def load_all_file(cls, path: PathLike) -> List["Cert"]:
        """:meth:`load_all` on the content of a file."""
        return _chain_list(_libpki.pki_chain_import_file(path_in(path), 0))

    @staticmethod
    def dump_all(certs: Iterable["Cert"]) -> bytes:
        """The certificates as one PEM bundle (a chain file); b"" for no certificates."""
        certs = list(certs)
        for cert in certs:
            _check_cert(cert, "every item")
        if not certs:
            return b""
        chain = _libpki.pki_chain_new(0)
        for cert in certs:
            _libpki.pki_chain_add(chain, _handle_of(cert, Cert, "every certificate"), 0)
        return _libpki.pki_chain_export(chain, 0)

    @staticmethod
    def dump_pkcs7(certs: Iterable["Cert"], format: str = "pem") -> bytes:
        """The certificates as a PKCS#7 bundle (.p7b), "pem" or "der"; they come out in DER's
        SET order (sorted), not necessarily in the order given."""
        certs = list(certs)
        for cert in certs:
            _check_cert(cert, "every item")
        chain = _libpki.pki_chain_new(0)
        for cert in certs:
            _libpki.pki_chain_add(chain, _handle_of(cert, Cert, "every certificate"), 0)
        return _libpki.pki_chain_export_pkcs7(chain, format_in(format), 0)

    # ---- issuing ----
    @classmethod
    @options_of(_issue_opts, leave_out=("copy_extensions",))
    def self_signed(cls, key: Key, subject: DNLike, profile: Union[str, int] = "ca",
                    days: Optional[int] = None, **options: Any) -> "Cert":
        """A self-signed certificate for ``key`` (by default a root CA, 3650 days).

        Args:
            key: the private key (subject and issuer).
            subject: RFC 4514 DN, e.g. "CN=Example Root CA,O=Example".
            profile: "ca" (default), "intermediate", "server", "client" or "server-client".
            days: validity from now (default: 3650 for CAs, 397 for leaves).
        Keyword options: as :meth:`issue` (but ``subject``).
        """
        _check_key(key, "key")
        opts, flags = _issue_opts(profile, days, **options)
        return cls(_libpki.pki_cert_self_sign(_handle_of(key, Key, "key"), dn_in(subject, "subject"), opts, flags))

    @classmethod
    @options_of(_issue_opts)
    def issue(cls, csr: Csr, ca: "Cert", ca_key: Key, profile: Union[str, int] = "server",
              days: Optional[int] = None, **options: Any) -> "Cert":
        """Issue a certificate for the request ``csr``, signed by ``ca_key`` on behalf of ``ca``.

        The request's signature is checked and its subject and SANs copied.

        Args:
            profile: "server" (default), "client", "server-client", "code-signing", "email"
                (S/MIME), "ocsp-signing", "timestamping", "ca", "intermediate".
            days: validity from now (default 397 for leaves, 3650 for CAs).
        Keyword options:
            not_before, not_after: explicit validity (aware datetimes or Unix times), together.
            serial: the serial number (positive int, at most 20 bytes); default random.
            path_len: pathLenConstraint for CA profiles (None: the profile's default).
            subject: replace the request's subject.
            dns, ip, email, uri, sans: extra SANs (as :meth:`Csr.create`).
            permitted, excluded: name constraints for CAs ("DNS:.internal", "IP:10.0.0.0/8").
            crl_urls, ocsp_urls, ca_issuers_urls: CRL distribution points and AIA URLs.
            allow_key_reuse: allow a subject key equal to the CA's key.
            clamp_to_issuer: a certificate that would end after ``ca`` ends with it instead
                of raising ValidityError; :attr:`clamped` then tells whether that cut more
                than the clock-skew allowance off.
            extensions: further extensions, as (oid, der[, critical]) tuples, written as given.
            copy_extensions: also copy the request's other extensions (never those giving
                authority: basicConstraints, key usages, key identifiers, constraints).
            key_usage: replace the profile's key usage (names as :data:`KEY_USAGES`).
            extended_key_usage: replace the profile's purposes (names such as "codeSigning",
                or dotted OIDs).
            signature_hash: "sha256", "sha384" or "sha512" (default: the CA key's own).
            rsa_pss: sign with RSA-PSS (an RSA CA key).
            policies: certificate policies, OIDs or (oid, cps_uri, notice) tuples.
            policy_mappings: (issuer_policy, subject_policy) pairs (CA profiles).
            require_explicit_policy, inhibit_policy_mapping: policy constraints (CA profiles).
            inhibit_any_policy: inhibitAnyPolicy's SkipCerts (CA profiles).
        Raises:
            NotCAError, KeyMismatchError, SignatureError, ValidityError, KeyReuseError,
            InvalidNameError, ArgumentError.
        """
        if not isinstance(csr, Csr):
            raise TypeError(f"csr must be a pki.Csr, not {type(csr).__name__}")
        _check_cert(ca, "ca")
        _check_key(ca_key, "ca_key")
        opts, flags = _issue_opts(profile, days, **options)
        return cls._issued(_libpki.pki_cert_issue(
            _handle_of(csr, Csr, "csr"), _handle_of(ca, Cert, "ca"),
            _handle_of(ca_key, Key, "ca_key"), opts, flags))

    @classmethod
    @options_of(_issue_opts, leave_out=("copy_extensions",))
    def issue_for_key(cls, key: Key, subject: DNLike, ca: "Cert", ca_key: Key,
                      profile: Union[str, int] = "server", days: Optional[int] = None,
                      **options: Any) -> "Cert":
        """As :meth:`issue`, for a bare (private or public) key and a subject."""
        _check_key(key, "key")
        _check_cert(ca, "ca")
        _check_key(ca_key, "ca_key")
        opts, flags = _issue_opts(profile, days, **options)
        return cls._issued(_libpki.pki_cert_issue_for_key(
            _handle_of(key, Key, "key"), dn_in(subject, "subject"), _handle_of(ca, Cert, "ca"),
            _handle_of(ca_key, Key, "ca_key"), opts, flags))

    @classmethod
    def _issued(cls, result: "_libpki.issued") -> "Cert":
        """The certificate of an issuing call's named result, with :attr:`clamped` set."""
        cert = cls(result.cert)
        cert._clamped = bool(result.clamped)
        return cert

    @property
    def clamped(self) -> bool:
        """True when this object was issued here with ``clamp_to_issuer=True`` and that cut
        its notAfter back to the issuer's by more than the clock-skew allowance
        (``PKI_CLOCK_SKEW_SECONDS``); False otherwise (also for a loaded certificate)."""
        return bool(getattr(self, "_clamped", False))

    # ---- fields ----
    @property
    def issuer(self) -> str:
        """The issuer as an RFC 4514 string."""
        return _libpki.pki_cert_issuer(self._h)

    @property
    def serial(self) -> int:
        """The serial number as an int."""
        return int(self.serial_hex or "0", 16)

    @property
    def serial_hex(self) -> str:
        """The serial number as lower-case hex without leading zero bytes."""
        return _libpki.pki_cert_serial(self._h)

    @property
    def not_before(self) -> _dt.datetime:
        """Start of validity, an aware UTC datetime."""
        return time_out(_libpki.pki_cert_validity(self._h).not_before)

    @property
    def not_after(self) -> _dt.datetime:
        """End of validity, an aware UTC datetime."""
        return time_out(_libpki.pki_cert_validity(self._h).not_after)

    @property
    def is_ca(self) -> bool:
        """True with basicConstraints CA:TRUE."""
        return _libpki.pki_cert_is_ca(self._h)

    @property
    def path_len(self) -> Optional[int]:
        """The pathLenConstraint, or None when there is none."""
        return _optional(_libpki.pki_cert_path_len, self._h)

    @property
    def key_usage(self) -> Optional[List[str]]:
        """Key usage names ("digitalSignature", "keyCertSign", ...), None without the
        extension."""
        bits = _optional(_libpki.pki_cert_key_usage, self._h)
        return None if bits is None else _bits_to_names(bits, KEY_USAGES)

    @property
    def extended_key_usage(self) -> Optional[List[str]]:
        """Extended key usage names ("serverAuth", "clientAuth", ...; "other" for purposes
        libpki does not name), None without the extension."""
        bits = _optional(_libpki.pki_cert_ext_key_usage, self._h)
        return None if bits is None else _bits_to_names(bits, EXTENDED_KEY_USAGES)

    @property
    def subject_rdns(self) -> RDNs:
        """The subject attribute by attribute: a list of (type, value) per RDN, most
        significant first (type: "CN", "O", ... or a dotted OID)."""
        return _rdns(_libpki.pki_cert_subject_attribute, self._h)

    @property
    def issuer_rdns(self) -> RDNs:
        """The issuer attribute by attribute, as :attr:`subject_rdns`."""
        return _rdns(_libpki.pki_cert_issuer_attribute, self._h)

    @property
    def ocsp_urls(self) -> List[str]:
        """Authority information access: the OCSP responder URLs."""
        return _strip_uri(_libpki.pki_cert_ocsp_urls(self._h, 0))

    @property
    def ca_issuers_urls(self) -> List[str]:
        """Authority information access: the caIssuers URLs."""
        return _strip_uri(_libpki.pki_cert_ca_issuers_urls(self._h, 0))

    @property
    def crl_urls(self) -> List[str]:
        """The full names of the CRL distribution points (URLs)."""
        return _strip_uri(_libpki.pki_cert_crl_urls(self._h, 0))

    @property
    def name_constraints(self) -> Optional[Tuple[List[str], List[str]]]:
        """(permitted, excluded) subtrees ("DNS:.internal", "IP:10.0.0.0/8", ...), or None
        without the extension."""
        permitted = _optional(
            lambda h: _libpki.pki_cert_name_constraints(h, _libpki.PKI_NC_PERMITTED, 0), self._h)
        if permitted is None:
            return None
        return permitted, _libpki.pki_cert_name_constraints(self._h, _libpki.PKI_NC_EXCLUDED, 0)

    @property
    def policies(self) -> Optional[List[str]]:
        """The certificate policy OIDs, or None without the extension."""
        return _optional(lambda h: _libpki.pki_cert_policies(h, 0), self._h)

    def policy_qualifiers(self, policy: str) -> List[str]:
        """The qualifiers of ``policy``: "CPS:URI", "notice:TEXT".  Raises NotFoundError."""
        return _libpki.pki_cert_policy_qualifiers(self._h, str_in(policy, "policy"), 0)

    @property
    def policy_mappings(self) -> Optional[List[Tuple[str, str]]]:
        """(issuerDomainPolicy, subjectDomainPolicy) pairs, or None without the extension."""
        maps = _optional(lambda h: _libpki.pki_cert_policy_mappings(h, 0), self._h)
        if maps is None:
            return None
        pairs = [m.split(":", 1) for m in maps]
        return [(a, b) for a, b in pairs]

    @property
    def policy_constraints(self) -> Optional[Tuple[Optional[int], Optional[int]]]:
        """(requireExplicitPolicy, inhibitPolicyMapping), each None when absent; None without
        the extension."""
        pc = (_optional(_libpki.pki_cert_require_explicit_policy, self._h),
              _optional(_libpki.pki_cert_inhibit_policy_mapping, self._h))
        return None if pc == (None, None) else pc

    @property
    def inhibit_any_policy(self) -> Optional[int]:
        """inhibitAnyPolicy's SkipCerts, or None without the extension."""
        return _optional(_libpki.pki_cert_inhibit_any_policy, self._h)

    @property
    def subject_key_id(self) -> Optional[str]:
        """subjectKeyIdentifier as lower-case hex, or None."""
        return _optional(_libpki.pki_cert_subject_key_id, self._h)

    @property
    def authority_key_id(self) -> Optional[str]:
        """authorityKeyIdentifier as lower-case hex, or None."""
        return _optional(_libpki.pki_cert_authority_key_id, self._h)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the DER certificate, lower-case hex."""
        return _libpki.pki_cert_fingerprint(self._h, 0)

    def matches(self, key: Key) -> bool:
        """True when ``key`` (private or public) is the certificate's key."""
        _check_key(key, "key")
        return _libpki.pki_cert_matches_key(self._h, _handle_of(key, Key, "key"))

    def verify(self, trust: Union["Trust", "Cert", Iterable["Cert"]],
               **options: Any) -> "VerifyResult":
        """Verify this certificate up to a trust anchor; returns a :class:`pki.VerifyResult`
        (true when valid; its ``reasons`` say why not). A certificate that does not verify is
        an answer, not an exception.

        Args:
            trust: a :class:`pki.Trust`, a CA certificate, or a list of them.
        Keyword options:
            untrusted: intermediate certificates that may be used, in any order.
            host: a DNS name or IP address the certificate must name (SANs only, no CN).
            purpose: "server", "client" or "any"; default "server" with a host, else "any".
            email: an email address the certificate must name (rfc822Name SANs).
            at: verify as of this time (aware datetime or Unix time) instead of now.
            crl_check: "off" (default), "leaf" or "chain" (CRLs from the trust store).
            max_depth: at most this many certificates in a path (default 16).
            policies: acceptable certificate policy OIDs (default: any policy).
            explicit_policy, inhibit_policy_mapping, inhibit_any_policy: RFC 5280 6.1.1.
            profile: "rfc5280" (default) or "webpki".
            allow_sha1, allow_legacy_keys: relax the algorithm policy.
            ocsp_responses: DER OCSP responses; each decides the revocation of the
                certificates it speaks of, before any CRL (revoked, unknown or unusable
                make the result not valid).
        """
        from ._verify import Trust, verify

        # None, a string or a number is a mistake, never "no trust anchors".
        if not isinstance(trust, (Trust, Cert)) and (
                trust is None or isinstance(trust, (str, bytes)) or not hasattr(trust, "__iter__")):
            raise TypeError("trust must be a pki.Trust, a pki.Cert or a list of pki.Cert, "
                            f"not {type(trust).__name__}")
        # the options are those of _verify.verify, which gives this method its signature
        # (pki._util.options_of, applied there: _verify imports this module)
        return verify(self, trust, **options)

    def __copy__(self) -> "Cert":
        return Cert(_libpki.pki_cert_dup(self._h))

    def __deepcopy__(self, memo: Dict[int, object]) -> "Cert":
        return self.__copy__()

    def __repr__(self) -> str:
        return f"<pki.Cert {self.subject or '(empty subject)'}, expires {self.not_after:%Y-%m-%d}>"


def _chain_list(chain: _libpki.pki_chain) -> List[Cert]:
    # pki_chain_get's typemap hands out copies: the list does not depend on the chain.
    return [Cert(_libpki.pki_chain_get(chain, i)) for i in range(_libpki.pki_chain_count(chain))]


def _check_key(key: object, what: str) -> None:
    if not isinstance(key, Key):
        raise TypeError(f"{what} must be a pki.Key, not {type(key).__name__}")


def _check_cert(cert: object, what: str) -> None:
    if not isinstance(cert, Cert):
        raise TypeError(f"{what} must be a pki.Cert, not {type(cert).__name__}")
