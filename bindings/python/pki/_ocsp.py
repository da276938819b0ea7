# libpki Python bindings: OCSP requests, responses and their check (RFC 6960).
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
from __future__ import annotations

import datetime as _dt
from typing import Iterable, NamedTuple, Optional, Tuple, Union

from . import _libpki
from ._key import Key
from ._util import Data, Time, data_in, time_in, time_out, uint_in
from ._verify import Crl, Serial, _reason_code, _serial_hex
from ._x509 import Cert, _check_cert, _check_key

_STATUS = {_libpki.PKI_OCSP_GOOD: "good", _libpki.PKI_OCSP_REVOKED: "revoked",
           _libpki.PKI_OCSP_UNKNOWN: "unknown"}


class OcspStatus(NamedTuple):
    """A certificate's status in an OCSP response: "good", "revoked" or "unknown"; when
    revoked, the time and the reason name (None without one)."""

    status: str
    revoked_at: Optional[_dt.datetime]
    reason: Optional[str]


def ocsp_request(cert: Cert, issuer: Cert, nonce: bool = False) -> bytes:
    """A DER OCSP request for ``cert`` (SHA-1 CertID), with a random nonce if asked."""
    _check_cert(cert, "cert")
    _check_cert(issuer, "issuer")
    der: bytes = _libpki.pki_ocsp_request_create(cert._h, issuer._h,
                                                 _libpki.PKI_OCSP_NONCE if nonce else 0)
    return der


def ocsp_respond(ca: Cert, key: Key, request: Data, *, crl: Optional[Crl] = None,
                 revoked: Iterable[Union[Serial, Tuple[Serial, Union[str, int, None]]]] = (),
                 signer: Optional[Cert] = None, hours: int = 24) -> bytes:
    """Answer a DER OCSP request as ``ca``: signed by ``key`` (the CA's, a token key too,
    or the delegated ``signer``'s), revoked from ``crl`` and ``revoked`` (serials, or
    (serial, reason) pairs, revoked now), unknown for other issuers, good otherwise."""
    _check_cert(ca, "ca")
    _check_key(key, "key")
    opts = _libpki.pki_ocsp_opts_new(0)
    _libpki.pki_ocsp_opts_set_validity(opts, uint_in(hours, "hours") * 3600)
    if crl is not None:
        _libpki.pki_ocsp_opts_set_crl(opts, crl._h)
    if signer is not None:
        _check_cert(signer, "signer")
        _libpki.pki_ocsp_opts_set_signer(opts, signer._h)
    now = int(_dt.datetime.now(_dt.timezone.utc).timestamp())
    for entry in revoked:
        serial, reason = entry if isinstance(entry, tuple) else (entry, None)
        code = _libpki.PKI_CRL_REASON_UNSPECIFIED if reason is None else _reason_code(reason)
        _libpki.pki_ocsp_opts_add_revoked(opts, _serial_hex(serial), now, code)
    der: bytes = _libpki.pki_ocsp_respond(ca._h, key._h, data_in(request, "request"), opts, 0)
    return der


def ocsp_check(response: Data, cert: Cert, issuer: Cert, request: Optional[Data] = None,
               at: Optional[Time] = None) -> OcspStatus:
    """Check a DER OCSP response about ``cert``: signer (the issuer or its delegated
    responder), validity window at ``at`` (default now) and, with the request, its nonce.

    Raises:
        SignatureError, ValidityError (stale), NotFoundError, VerifyError (nonce), ParseError.
    """
    _check_cert(cert, "cert")
    _check_cert(issuer, "issuer")
    r = _libpki.pki_ocsp_check(data_in(response, "response"), cert._h, issuer._h,
                               b"" if request is None else data_in(request, "request"),
                               0 if at is None else time_in(at, "at"),
                               0 if at is None else _libpki.PKI_OCSP_CHECK_AT)
    revoked = r.status == _libpki.PKI_OCSP_REVOKED
    reason = _libpki.pki_crl_reason_name(r.reason) if revoked and r.reason > 0 else None
    return OcspStatus(_STATUS[r.status], time_out(r.revoked_at) if revoked else None, reason)
