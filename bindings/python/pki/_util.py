# libpki Python bindings: argument conversions shared by the classes.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
from __future__ import annotations

import datetime as _dt
import functools
import inspect
import ipaddress
import json
import os
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, TypeVar, Union, cast

from . import _libpki

from ._errors import ArgumentError, _remember_path

Data = Union[bytes, bytearray, memoryview, str]
Password = Union[str, bytes, None]
PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
IPLike = Union[str, ipaddress.IPv4Address, ipaddress.IPv6Address]
Time = Union[_dt.datetime, int, float]
# A value of the JSON the C library writes (pki_*_to_json): to_dict() returns an object of them.
JsonValue = Union[None, bool, int, float, str, List["JsonValue"], Dict[str, "JsonValue"]]

_T = TypeVar("_T")
_H = TypeVar("_H")
_F = TypeVar("_F", bound=Callable[..., Any])


def options_of(template: Callable[..., Any], *, leave_out: Iterable[str] = ()) -> Callable[[_F], _F]:
    """Decorate a function that takes ``**options`` and passes them on to ``template``: its
    signature (help(), inspect.signature) lists ``template``'s keyword-only parameters after
    its own (but those in ``leave_out`` and those it has itself), and a call with any other
    keyword raises TypeError, as if they were spelled out. One list of options thus serves
    several public functions (PEP 692's ``**kwargs: Unpack[TypedDict]`` needs Python 3.12
    for type checkers to see them; they see ``**options: Any``)."""
    def decorate(func: _F) -> _F:
        own = inspect.signature(func)
        params = [p for p in own.parameters.values() if p.kind is not p.VAR_KEYWORD]
        names = {p.name for p in params} | set(leave_out)
        try:
            theirs = inspect.signature(template, eval_str=True)
        except NameError:  # a name only imported for type checkers
            theirs = inspect.signature(template)
        params += [p for p in theirs.parameters.values()
                   if p.kind is p.KEYWORD_ONLY and p.name not in names]
        allowed = frozenset(p.name for p in params)

        @functools.wraps(func)
        def checked(*args: Any, **kwargs: Any) -> Any:
            for name in kwargs:
                if name not in allowed:
                    raise TypeError(f"{func.__qualname__}() got an unexpected keyword "
                                    f"argument {name!r}")
            return func(*args, **kwargs)

        setattr(checked, "__signature__", own.replace(parameters=params))
        return cast(_F, checked)
    return decorate

FORMATS = {"pem": _libpki.PKI_FORMAT_PEM, "der": _libpki.PKI_FORMAT_DER}

SAN_KINDS = {
    _libpki.PKI_SAN_DNS: "DNS",
    _libpki.PKI_SAN_IP: "IP",
    _libpki.PKI_SAN_EMAIL: "email",
    _libpki.PKI_SAN_URI: "URI",
    _libpki.PKI_SAN_OTHER: "other",
}


def data_in(data: Data, what: str = "data") -> Union[bytes, bytearray, memoryview, str]:
    """Accept bytes-like objects and str (PEM text) for an encoded input."""
    if isinstance(data, (bytes, bytearray, memoryview, str)):
        return data
    raise TypeError(f"{what} must be bytes or str, not {type(data).__name__}")


def password_in(password: Password) -> Password:
    if password is None or isinstance(password, (str, bytes)):
        return password
    raise TypeError(f"password must be str, bytes or None, not {type(password).__name__}")


def path_in(path: PathLike) -> Union[str, bytes]:
    try:
        path = os.fspath(path)
    except TypeError:
        raise TypeError(f"path must be str, bytes or os.PathLike, not {type(path).__name__}") from None
    _remember_path(path)  # the filename of a FileError this call raises
    return path


def format_in(fmt: str) -> int:
    try:
        return FORMATS[fmt.lower()]
    except (KeyError, AttributeError):
        raise ArgumentError(detail=f"format must be 'pem' or 'der', not {fmt!r}") from None


def str_in(value: object, what: str) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(f"{what} must be str, not {type(value).__name__}")


# A subject: an RFC 4514 string, or its RDNs most significant first, each a (type, value)
# pair or a list of pairs (a multi-valued RDN), e.g. [("C", "GB"), ("O", "Example"),
# [("CN", "host"), ("UID", "42")]]; subject_rdns gives this form back.
DNLike = Union[str, Sequence[Union[Tuple[str, str], Sequence[Tuple[str, str]]]]]


def dn_in(value: object, what: str) -> str:
    """The RFC 4514 string of a DNLike: a list is built attribute by attribute (pki_dn_add:
    types by short name or dotted OID, values literal UTF-8), so nothing needs escaping."""
    if isinstance(value, str):
        return value
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{what} must be str or a list of RDNs, not {type(value).__name__}")
    dn = _libpki.pki_dn_new(0)
    for rdn in value:
        attrs = [rdn] if isinstance(rdn, tuple) else rdn
        if not isinstance(attrs, list) or not attrs:
            raise TypeError(f"{what}: an RDN is a (type, value) tuple or a non-empty list of "
                            f"them, not {rdn!r}")
        for i, attr in enumerate(attrs):
            if not isinstance(attr, tuple) or len(attr) != 2:
                raise TypeError(f"{what}: an attribute is a (type, value) tuple, not {attr!r}")
            _libpki.pki_dn_add(dn, str_in(attr[0], f"{what} type"), str_in(attr[1], f"{what} value"),
                               _libpki.PKI_DN_MULTI_VALUED if i else 0)
    out: str = _libpki.pki_dn_to_string(dn)
    return out


def uint_in(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if value < 0 or value > 0xFFFFFFFF:
        raise ArgumentError(detail=f"{what} out of range: {value}")
    return value


def iterations_in(iterations: Optional[int]) -> int:
    """The PBKDF2 iteration count for C: None (or 0) is libpki's default, 600,000."""
    return 0 if iterations is None else uint_in(iterations, "iterations")


def names_in(value: Optional[Iterable[_T]], what: str) -> List[_T]:
    if value is None:
        return []
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{what} must be a list of names, not a single {type(value).__name__}")
    return list(value)


def typed_sans(dns: Optional[Iterable[str]] = None, ip: Optional[Iterable[IPLike]] = None,
               email: Optional[Iterable[str]] = None, uri: Optional[Iterable[str]] = None,
               sans: Optional[Iterable[str]] = None) -> List[str]:
    """Typed SAN strings ("DNS:x", "IP:y", ...) from the per-kind lists and untyped `sans`."""
    out: List[str] = []
    for name in names_in(dns, "dns"):
        out.append("DNS:" + str_in(name, "a DNS name"))
    for addr in names_in(ip, "ip"):
        if isinstance(addr, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
            addr = str(addr)
        out.append("IP:" + str_in(addr, "an IP address"))
    for mail in names_in(email, "email"):
        out.append("email:" + str_in(mail, "an email address"))
    for u in names_in(uri, "uri"):
        out.append("URI:" + str_in(u, "a URI"))
    for name in names_in(sans, "sans"):
        # typed ("DNS:x") or not ("x", classified like the CLI does)
        out.append(_libpki.pki_san_from_string(str_in(name, "a name"), 0).name)
    return out


def ip_out(value: str) -> Union[ipaddress.IPv4Address, ipaddress.IPv6Address, str]:
    try:
        return ipaddress.ip_address(value)
    except ValueError:  # a malformed address (not 4 or 16 bytes): libpki gives its hex bytes
        return value


def sans_out(getter: Callable[[_H, int], _libpki.san], count: Callable[[_H], int],
             handle: _H) -> List[Tuple[str, str]]:
    return [
        (SAN_KINDS.get(kind, "other"), value)
        for kind, value in (getter(handle, i) for i in range(count(handle)))
    ]


def time_in(value: Time, what: str) -> int:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            raise ArgumentError(detail=f"{what} must be an aware datetime (e.g. tzinfo=timezone.utc)")
        return int(value.timestamp())
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{what} must be a datetime or a Unix time, not {type(value).__name__}")
    return int(value)


_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


def code_in(value: object, from_name: Callable[[str], int], what: str) -> int:
    """A C enum value given by name (``from_name`` looks it up) or as the int itself."""
    if isinstance(value, str):
        return from_name(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"{what} must be a str, not {type(value).__name__}")


def validity_in(days: Optional[int], start: Optional[Time], end: Optional[Time],
                names: Tuple[str, str]) -> Optional[Tuple[int, int]]:
    """An explicit validity (start, end) in Unix time, or None when neither is given. The two
    go together, and not with ``days``; ``names`` are the caller's keyword names."""
    if (start is None) != (end is None):
        raise ArgumentError(detail=f"{names[0]} and {names[1]} go together")
    if start is None or end is None:
        return None
    if days is not None:
        raise ArgumentError(detail=f"give days or {names[0]}/{names[1]}, not both")
    return time_in(start, names[0]), time_in(end, names[1])


_UTC = _dt.timezone.utc
_from_unix = _dt.datetime.fromtimestamp


def time_out(seconds: int) -> _dt.datetime:
    """A Unix time as an aware UTC datetime. datetime.fromtimestamp is one C call (half the
    time of epoch + timedelta, on every certificate's notAfter); where the platform's time_t
    or gmtime cannot take the value (a 32-bit time_t after 2038), the same result by
    arithmetic."""
    try:
        return _from_unix(seconds, _UTC)
    except (OverflowError, OSError, ValueError):
        return _EPOCH + _dt.timedelta(seconds=seconds)


def json_out(text: str) -> Dict[str, JsonValue]:
    # pki_*_to_json always writes one JSON object
    return cast(Dict[str, JsonValue], json.loads(text))
