# The prepared issuer: a CA certificate and key checked once, then many certificates.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
from __future__ import annotations

from typing import Any, Dict, Optional, Tuple, Union

from . import _libpki
from ._key import Key
from ._x509 import Cert, Csr, _check_cert, _check_key, _handle_of, _issue_opts
from ._util import DNLike, dn_in, options_of


class Issuer:
    """A CA certificate and its private key, checked once for many issuances
    (``pki_issuer_t``): :meth:`issue` gives the certificate :meth:`pki.Cert.issue` would give,
    without checking the CA again.

    The checks of the CA (it is a CA allowed to sign certificates, the key is its key and
    holds the private part) are made here and raise NotCAError, KeyMismatchError or
    NoPrivateKeyError; those of each request (its signature, key reuse, validity within the
    CA's, the subject key) are still made at every :meth:`issue`. The issuer keeps ``ca`` and
    ``ca_key`` alive; one issuance at a time per issuer (other threads wait for it).

    >>> issuer = pki.Issuer(ca, ca_key)
    >>> certs = [issuer.issue(csr) for csr in requests]
    """

    __slots__ = ("_h", "_ca", "_ca_key", "_opts")

    def __init__(self, ca: Cert, ca_key: Key) -> None:
        _check_cert(ca, "ca")
        _check_key(ca_key, "ca_key")
        self._h = _libpki.pki_issuer_new(_handle_of(ca, Cert, "ca"),
                                         _handle_of(ca_key, Key, "ca_key"), 0)
        # pki_issuer_t borrows both handles: these references keep them alive
        self._ca = ca
        self._ca_key = ca_key
        # options handles for plain issuances, made once per (profile, days)
        self._opts: Dict[Tuple[Union[str, int], Optional[int]],
                         Tuple[_libpki.pki_issue_opts, int]] = {}

    @property
    def ca(self) -> Cert:
        """The CA certificate."""
        return self._ca

    def _options(self, profile: Union[str, int], days: Optional[int],
                 options: Dict[str, Any]) -> Tuple[_libpki.pki_issue_opts, int]:
        if options:
            return _issue_opts(profile, days, **options)
        key = (profile, days)
        cached = self._opts.get(key)
        if cached is None:
            cached = self._opts[key] = _issue_opts(profile, days)
        return cached

    @options_of(_issue_opts)
    def issue(self, csr: Csr, profile: Union[str, int] = "server", days: Optional[int] = None,
              **options: Any) -> Cert:
        """Issue a certificate for the request ``csr``: the arguments and keyword options
        of :meth:`pki.Cert.issue` (``subject``, ``dns``, ``not_before``/``not_after``,
        ``serial``, ``extensions``, ``allow_key_reuse``, ...), and the same errors but those
        of the CA checks made by the constructor."""
        if not isinstance(csr, Csr):
            raise TypeError(f"csr must be a pki.Csr, not {type(csr).__name__}")
        opts, flags = self._options(profile, days, options)
        return Cert._issued(_libpki.pki_issuer_issue(self._h, _handle_of(csr, Csr, "csr"), opts,
                                                     flags))

    @options_of(_issue_opts)
    def issue_for_key(self, key: Key, subject: DNLike, profile: Union[str, int] = "server",
                      days: Optional[int] = None, **options: Any) -> Cert:
        """As :meth:`issue`, for a bare (private or public) key and a subject, like
        :meth:`pki.Cert.issue_for_key`."""
        _check_key(key, "key")
        opts, flags = self._options(profile, days, options)
        return Cert._issued(_libpki.pki_issuer_issue_for_key(
            self._h, _handle_of(key, Key, "key"), dn_in(subject, "subject"), opts, flags))

    def __repr__(self) -> str:
        return f"<pki.Issuer {self._ca.subject!r}>"
