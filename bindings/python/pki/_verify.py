# libpki Python bindings: revocation lists, trust stores and chain verification.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
from __future__ import annotations

import datetime as _dt
from typing import Dict, Iterable, List, NamedTuple, Optional, Tuple, Union, cast

from . import _libpki

from ._errors import ArgumentError, NotFoundError, SignatureError
from ._key import Key
from ._util import (
    Data,
    JsonValue,
    PathLike,
    Time,
    data_in,
    json_out,
    names_in,
    options_of,
    path_in,
    str_in,
    time_in,
    time_out,
    uint_in,
    validity_in,
)
from ._x509 import RDNs, Cert, _check_cert, _check_key, _Encoded, _optional, _rdns

Serial = Union[int, str, Cert]
# A CRL entry for Crl.create: a serial, or (serial[, revoked_at[, reason]]).
RevokedEntry = Union[Serial, Tuple[Serial], Tuple[Serial, Optional[Time]],
                     Tuple[Serial, Optional[Time], Union[str, int]]]


def _serial_hex(serial: Serial) -> str:
    if isinstance(serial, Cert):
        return serial.serial_hex
    if isinstance(serial, bool) or not isinstance(serial, (int, str)):
        raise TypeError(f"a serial number is an int, a hex str or a Cert, not {type(serial).__name__}")
    if isinstance(serial, int):
        if serial <= 0:
            raise ArgumentError(detail=f"serial numbers are positive, not {serial}")
        return format(serial, "x")
    return serial


def _reason_code(reason: Union[str, int]) -> int:
    if isinstance(reason, str):
        return _libpki.pki_crl_reason_from_name(reason)
    if isinstance(reason, bool) or not isinstance(reason, int):
        raise TypeError(f"reason must be a str or an int, not {type(reason).__name__}")
    return reason


class Revoked(NamedTuple):
    """One CRL entry."""

    serial: int
    revoked_at: _dt.datetime
    reason: str


class Crl(_Encoded):
    """A certificate revocation list.

    Make one with :meth:`create`, parse one with :meth:`load` / :meth:`load_file`. Equality and
    hashing use the DER encoding.
    """

    __slots__ = ()
    _h: _libpki.pki_crl
    _kind = "crl"
    _handle_type = _libpki.pki_crl
    _makers = "Crl.create(), Crl.load() or Crl.load_file()"

    @classmethod
    def create(cls, ca: Cert, ca_key: Key, revoked: Iterable[RevokedEntry] = (), *, days: Optional[int] = None,
               this_update: Optional[Time] = None, next_update: Optional[Time] = None,
               number: Union[int, str, None] = None) -> "Crl":
        """A CRL signed by ``ca_key`` on behalf of ``ca``.

        Args:
            revoked: entries, each a serial (int, hex str or the Cert itself) or a tuple
                (serial, revoked_at, reason) with revoked_at a datetime/Unix time (None: now)
                and reason a name ("keyCompromise", ...) or a pki_crl_reason_t code.
            days: lifetime (default 30 days); or this_update and next_update together.
            number: the cRLNumber (default: thisUpdate in Unix seconds).
        Raises:
            NotCAError, KeyMismatchError, ValidityError, ArgumentError.
        """
        _check_cert(ca, "ca")
        _check_key(ca_key, "ca_key")
        opts = _libpki.pki_crl_opts_new(0)
        now = int(_dt.datetime.now(_dt.timezone.utc).timestamp())
        for entry in names_in(revoked, "revoked"):
            when: Optional[Time] = None
            reason: Union[str, int] = 0
            if isinstance(entry, tuple):
                if not 1 <= len(entry) <= 3:
                    raise ArgumentError(detail="a revoked entry is (serial, revoked_at, reason)")
                # a RevokedEntry padded to three items (mypy cannot follow the padding); the
                # items are checked below by _serial_hex, time_in and _reason_code
                serial, when, reason = cast(Tuple[Serial, Optional[Time], Union[str, int]],
                                            (tuple(entry) + (None, 0))[:3])
            else:
                serial = entry
            at = now if when is None else time_in(when, "revoked_at")
            _libpki.pki_crl_opts_add_revoked(opts, _serial_hex(serial), at, _reason_code(reason))
        validity = validity_in(days, this_update, next_update, ("this_update", "next_update"))
        if validity is not None:
            _libpki.pki_crl_opts_set_validity(opts, *validity)
        elif days is not None:
            _libpki.pki_crl_opts_set_days(opts, uint_in(days, "days"))
        if number is not None:
            _libpki.pki_crl_opts_set_number(opts, _serial_hex(number))
        return cls(_libpki.pki_crl_create(ca._h, ca_key._h, opts, 0))

    @property
    def issuer(self) -> str:
        return _libpki.pki_crl_issuer(self._h)

    @property
    def issuer_rdns(self) -> RDNs:
        """The issuer attribute by attribute: a list of (type, value) per RDN."""
        return _rdns(_libpki.pki_crl_issuer_attribute, self._h)

    @property
    def this_update(self) -> _dt.datetime:
        return time_out(_libpki.pki_crl_this_update(self._h))

    @property
    def next_update(self) -> Optional[_dt.datetime]:
        """nextUpdate, or None when the CRL has none."""
        t = _optional(_libpki.pki_crl_next_update, self._h)
        return None if t is None else time_out(t)

    @property
    def number(self) -> Optional[int]:
        """The cRLNumber, or None."""
        try:
            return int(_libpki.pki_crl_number(self._h), 16)
        except NotFoundError:
            return None

    @property
    def authority_key_id(self) -> Optional[str]:
        try:
            return _libpki.pki_crl_authority_key_id(self._h)
        except NotFoundError:
            return None

    @property
    def revoked(self) -> List[Revoked]:
        """Every entry, in order."""
        out = []
        for i in range(_libpki.pki_crl_count(self._h)):
            e = _libpki.pki_crl_entry(self._h, i)
            out.append(Revoked(int(e.serial, 16), time_out(e.revoked_at),
                               _libpki.pki_crl_reason_name(e.reason) or str(e.reason)))
        return out

    def __len__(self) -> int:
        return _libpki.pki_crl_count(self._h)

    def lookup(self, serial: Serial) -> Optional[Revoked]:
        """The entry for a serial number (or a certificate's), or None when not revoked."""
        hex_serial = _serial_hex(serial)
        try:
            found = _libpki.pki_crl_lookup(self._h, hex_serial)
        except NotFoundError:
            return None
        digits = hex_serial.replace(":", "").lower()
        digits = digits[2:] if digits.startswith("0x") else digits
        return Revoked(int(digits or "0", 16),
                       time_out(found.revoked_at),
                       _libpki.pki_crl_reason_name(found.reason) or str(found.reason))

    def __contains__(self, serial: Serial) -> bool:
        return self.lookup(serial) is not None

    def verify(self, issuer: Cert) -> None:
        """Check the CRL's signature with ``issuer``'s key; raises SignatureError."""
        _check_cert(issuer, "issuer")
        _libpki.pki_crl_verify(self._h, issuer._h, 0)

    def is_signed_by(self, issuer: Cert) -> bool:
        try:
            self.verify(issuer)
        except SignatureError:
            return False
        return True

    def __copy__(self) -> "Crl":
        return Crl(_libpki.pki_crl_dup(self._h))

    def __repr__(self) -> str:
        return f"<pki.Crl {self.issuer}, {len(self)} revoked, updated {self.this_update:%Y-%m-%d}>"


class Trust:
    """A set of trusted CA certificates (trust anchors) and CRLs.

    ``pki.Trust([ca])``, ``pki.Trust.system()``; add more with the ``add*`` methods.
    By default the store remembers the signature and certificate checks that passed, so that
    leaves under the same intermediates cost one signature check each; ``cache=False``
    (PKI_TRUST_NO_CACHE) keeps nothing: every verification checks everything again.
    """

    __slots__ = ("_h", "__weakref__")

    def __init__(self, certs: Iterable[Cert] = (), crls: Iterable[Crl] = (), *,
                 cache: bool = True) -> None:
        if not isinstance(cache, bool):
            raise TypeError(f"cache must be a bool, not {type(cache).__name__}")
        self._h = _libpki.pki_trust_new(0 if cache else _libpki.PKI_TRUST_NO_CACHE)
        for cert in names_in(certs, "certs"):
            self.add(cert)
        for crl in names_in(crls, "crls"):
            self.add_crl(crl)

    @classmethod
    def system(cls) -> "Trust":
        """The system's CAs (on Debian /etc/ssl/certs).  Raises NotFoundError if none."""
        trust = cls()
        trust.add_system()
        return trust

    def add(self, cert: Cert) -> "Trust":
        """Trust a CA certificate. Returns self."""
        _check_cert(cert, "cert")
        _libpki.pki_trust_add_cert(self._h, cert._h, 0)
        return self

    def add_pem(self, data: Data) -> int:
        """Trust every certificate of a PEM bundle; returns how many."""
        return _libpki.pki_trust_add_pem(self._h, data_in(data), 0)

    def add_file(self, path: PathLike) -> int:
        return _libpki.pki_trust_add_file(self._h, path_in(path), 0)

    def add_dir(self, path: PathLike) -> int:
        return _libpki.pki_trust_add_dir(self._h, path_in(path), 0)

    def add_system(self) -> int:
        return _libpki.pki_trust_add_system(self._h, 0)

    def add_crl(self, crl: Crl) -> "Trust":
        """Add a CRL, consulted when verifying with crl_check. Returns self."""
        if not isinstance(crl, Crl):
            raise TypeError(f"crl must be a pki.Crl, not {type(crl).__name__}")
        _libpki.pki_trust_add_crl(self._h, crl._h, 0)
        return self

    def add_crl_file(self, path: PathLike) -> "Trust":
        _libpki.pki_trust_add_crl_file(self._h, path_in(path), 0)
        return self

    def __repr__(self) -> str:
        return "<pki.Trust>"


class Reason(NamedTuple):
    """Why a certificate did not verify."""

    code: int
    name: str         # "expired", "host_mismatch", ...
    message: str      # a sentence naming the certificate concerned
    cert_index: int   # index in VerifyResult.chain


class VerifyResult:
    """The outcome of :meth:`pki.Cert.verify`: true in a boolean context when valid."""

    __slots__ = ("_h", "__weakref__")

    def __init__(self, handle: object) -> None:
        if not isinstance(handle, _libpki.pki_verify_result):
            raise TypeError("VerifyResult objects come from Cert.verify()")
        self._h = handle

    @property
    def valid(self) -> bool:
        return _libpki.pki_verify_result_valid(self._h)

    @property
    def trusted(self) -> bool:
        """Whether the chain ends at a certificate of the trust store."""
        return _libpki.pki_verify_result_trusted(self._h)

    @property
    def chain(self) -> List[Cert]:
        """The chain built, leaf first."""
        chain = _libpki.pki_verify_result_chain(self._h)
        return [Cert(_libpki.pki_chain_get(chain, i)) for i in range(_libpki.pki_chain_count(chain))]

    @property
    def reasons(self) -> List[Reason]:
        out = []
        for i in range(_libpki.pki_verify_result_reason_count(self._h)):
            r = _libpki.pki_verify_result_reason(self._h, i)
            out.append(Reason(r.code, _libpki.pki_verify_reason_name(r.code) or str(r.code),
                              r.message or "", r.cert_index))
        return out

    def __bool__(self) -> bool:
        return self.valid

    def raise_for_failure(self) -> None:
        """Raise VerifyError (detail: the reasons) unless valid."""
        if not self.valid:
            from ._errors import VerifyError
            raise VerifyError(detail="; ".join(r.message for r in self.reasons))

    def text(self) -> str:
        return _libpki.pki_verify_result_to_text(self._h, 0)

    def to_dict(self) -> Dict[str, JsonValue]:
        return json_out(_libpki.pki_verify_result_to_json(self._h, 0))

    def __repr__(self) -> str:
        if self.valid:
            return f"<pki.VerifyResult valid, chain of {len(self.chain)}>"
        return f"<pki.VerifyResult invalid: {', '.join(r.name for r in self.reasons)}>"


_PURPOSES = ("any", "server", "client")
_CRL_CHECKS = {"off": _libpki.PKI_CRL_CHECK_OFF, "leaf": _libpki.PKI_CRL_CHECK_LEAF,
               "chain": _libpki.PKI_CRL_CHECK_CHAIN}


def verify(cert: Cert, trust: Union[Trust, Cert, Iterable[Cert]], *,
           untrusted: Iterable[Cert] = (), host: Optional[str] = None,
           purpose: Optional[str] = None, email: Optional[str] = None,
           at: Optional[Time] = None, crl_check: str = "off",
           max_depth: Optional[int] = None, policies: Iterable[str] = (),
           explicit_policy: bool = False, inhibit_policy_mapping: bool = False,
           inhibit_any_policy: bool = False, profile: str = "rfc5280",
           allow_sha1: bool = False, allow_legacy_keys: bool = False,
           ocsp_responses: Iterable[Data] = ()) -> VerifyResult:
    """Verify ``cert`` up to a trust anchor; see :meth:`pki.Cert.verify`."""
    _check_cert(cert, "cert")
    if isinstance(trust, Cert):
        trust = Trust([trust])
    elif not isinstance(trust, Trust):
        trust = Trust(trust)
    opts = _libpki.pki_verify_opts_new(0)
    if host is not None:
        _libpki.pki_verify_opts_set_host(opts, str_in(host, "host"))
    if purpose is not None:
        _libpki.pki_verify_opts_set_purpose(opts, _libpki.pki_purpose_from_name(str_in(purpose, "purpose")))
    if email is not None:
        _libpki.pki_verify_opts_set_email(opts, str_in(email, "email"))
    if at is not None:
        _libpki.pki_verify_opts_set_time(opts, time_in(at, "at"))
    if max_depth is not None:
        if not isinstance(max_depth, int) or isinstance(max_depth, bool):
            raise ArgumentError(detail=f"max_depth must be an int, not {max_depth!r}")
        if not 1 <= max_depth <= 64:
            raise ArgumentError(detail=f"max_depth must be 1..64, not {max_depth}")
        _libpki.pki_verify_opts_set_max_depth(opts, max_depth)
    if isinstance(policies, str):
        policies = [policies]
    for oid in policies:
        _libpki.pki_verify_opts_add_policy(opts, str_in(oid, "policy"))
    _libpki.pki_verify_opts_set_policy_flags(
        opts, (_libpki.PKI_VERIFY_POLICY_EXPLICIT if explicit_policy else 0)
        | (_libpki.PKI_VERIFY_POLICY_INHIBIT_MAPPING if inhibit_policy_mapping else 0)
        | (_libpki.PKI_VERIFY_POLICY_INHIBIT_ANY if inhibit_any_policy else 0))
    _libpki.pki_verify_opts_set_profile(opts, _libpki.pki_verify_profile_from_name(str_in(profile, "profile")))
    _libpki.pki_verify_opts_set_algorithms(
        opts, (_libpki.PKI_VERIFY_ALLOW_SHA1 if allow_sha1 else 0)
        | (_libpki.PKI_VERIFY_ALLOW_LEGACY_KEYS if allow_legacy_keys else 0))
    try:
        mode = _CRL_CHECKS[crl_check]
    except (KeyError, TypeError):
        raise ArgumentError(detail=f"crl_check must be 'off', 'leaf' or 'chain', not {crl_check!r}") from None
    _libpki.pki_verify_opts_set_crl_check(opts, mode)
    for resp in ocsp_responses:
        _libpki.pki_verify_opts_add_ocsp_response(opts, data_in(resp, "ocsp response"), 0)
    extra = names_in(untrusted, "untrusted")
    if extra:
        chain = _libpki.pki_chain_new(0)
        for c in extra:
            _check_cert(c, "every untrusted certificate")
            _libpki.pki_chain_add(chain, c._h, 0)
        _libpki.pki_verify_opts_add_untrusted(opts, chain)
    return VerifyResult(_libpki.pki_cert_verify(cert._h, trust._h, opts, 0))


# Cert.verify (in _x509, which this module imports) takes the options of verify: its
# signature lists them and it refuses others, as if they were spelled out there too.
setattr(Cert, "verify", options_of(verify)(Cert.verify))
