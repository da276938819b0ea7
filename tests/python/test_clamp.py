# PKI_ISSUE_CLAMP_TO_ISSUER from Python: clamp_to_issuer=True on the four issuing calls, and
# the C result (1 when notAfter was cut by more than PKI_CLOCK_SKEW_SECONDS) as a named value
# (capi: (cert, clamped); pki: Cert.clamped). Fixed dates only: no wall clock.
import datetime as dt

import pytest

import pki
from pki import capi

UTC = dt.timezone.utc
CA_NB = dt.datetime(2030, 1, 1, tzinfo=UTC)
CA_NA = dt.datetime(2031, 1, 1, tzinfo=UTC)
NB = dt.datetime(2030, 6, 1, tzinfo=UTC)
SKEW = dt.timedelta(seconds=capi.PKI_CLOCK_SKEW_SECONDS)


@pytest.fixture
def dated_ca(ca_key):
    return pki.Cert.self_signed(ca_key, "CN=Dated CA", not_before=CA_NB, not_after=CA_NA)


@pytest.fixture
def request_key():
    return pki.Key.generate("ec")


def issuers(ca, ca_key, key):
    """The four issuing calls with the same request, as functions of the keyword options."""
    csr = pki.Csr.create(key, "CN=clamp.example.com", dns=["clamp.example.com"])
    issuer = pki.Issuer(ca, ca_key)
    return {
        "Cert.issue": lambda **kw: pki.Cert.issue(csr, ca, ca_key, **kw),
        "Cert.issue_for_key": lambda **kw: pki.Cert.issue_for_key(key, "CN=k", ca, ca_key, **kw),
        "Issuer.issue": lambda **kw: issuer.issue(csr, **kw),
        "Issuer.issue_for_key": lambda **kw: issuer.issue_for_key(key, "CN=k", **kw),
    }


def test_clamped_beyond_skew(dated_ca, ca_key, request_key):
    for name, issue in issuers(dated_ca, ca_key, request_key).items():
        with pytest.raises(pki.ValidityError):
            issue(not_before=NB, not_after=CA_NA + dt.timedelta(days=30))
        cert = issue(not_before=NB, not_after=CA_NA + dt.timedelta(days=30), clamp_to_issuer=True)
        assert cert.not_after == CA_NA, name
        assert cert.clamped is True, name


def test_cut_within_skew_or_none(dated_ca, ca_key, request_key):
    for name, issue in issuers(dated_ca, ca_key, request_key).items():
        small = issue(not_before=NB, not_after=CA_NA + SKEW - dt.timedelta(seconds=1),
                      clamp_to_issuer=True)
        assert small.not_after == CA_NA and small.clamped is False, name
        inside = issue(not_before=NB, not_after=CA_NA - dt.timedelta(days=1),
                       clamp_to_issuer=True)
        assert inside.not_after == CA_NA - dt.timedelta(days=1), name
        assert inside.clamped is False, name
        plain = issue(not_before=NB, not_after=CA_NA - dt.timedelta(days=1))
        assert plain.clamped is False, name
    assert pki.Cert.load(dated_ca.to_der()).clamped is False


def test_capi_named_result(dated_ca, ca_key, request_key):
    ca, key = dated_ca._h, ca_key._h
    sub = request_key._h
    csr = capi.pki_csr_create(sub, "CN=c", ["DNS:c.example.com"], 0)
    opts = capi.pki_issue_opts_new(capi.pki_profile_from_name("server"), 0)
    capi.pki_issue_opts_set_validity(opts, int(NB.timestamp()),
                                     int((CA_NA + dt.timedelta(days=30)).timestamp()))
    flag = capi.PKI_ISSUE_CLAMP_TO_ISSUER
    issuer = capi.pki_issuer_new(ca, key, 0)
    for result in (capi.pki_cert_issue(csr, ca, key, opts, flag),
                   capi.pki_cert_issue_for_key(sub, "CN=c", ca, key, opts, flag),
                   capi.pki_issuer_issue(issuer, csr, opts, flag),
                   capi.pki_issuer_issue_for_key(issuer, sub, "CN=c", opts, flag)):
        cert, clamped = result
        assert (result.cert, result.clamped) == (cert, clamped)
        assert clamped == 1
        assert capi.pki_cert_validity(cert).not_after == int(CA_NA.timestamp())
    result = capi.pki_cert_issue(csr, ca, key, None, 0)
    assert result.clamped == 0 and isinstance(result.cert, capi.pki_cert)
