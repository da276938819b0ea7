# OCSP through the Python layer; `openssl ocsp` checks what libpki signs.
import shutil
import subprocess

import pytest

import pki


def test_ocsp_round_trip_and_openssl(ca, ca_key, leaf, tmp_path):
    req = pki.ocsp_request(leaf, ca, nonce=True)
    good = pki.ocsp_respond(ca, ca_key, req)
    assert pki.ocsp_check(good, leaf, ca, request=req) == ("good", None, None)
    crl = pki.Crl.create(ca, ca_key, revoked=[(leaf, None, "superseded")])
    bad = pki.ocsp_respond(ca, ca_key, req, crl=crl)
    st = pki.ocsp_check(bad, leaf, ca)
    assert st.status == "revoked" and st.reason == "superseded" and st.revoked_at is not None
    other_key = pki.Key.generate()
    other = pki.Cert.self_signed(other_key, "CN=Other", profile="ca", days=3)
    with pytest.raises(pki.SignatureError):
        pki.ocsp_check(good, leaf, other)
    with pytest.raises(pki.VerifyError):
        pki.ocsp_check(good, leaf, ca, request=pki.ocsp_request(leaf, ca, nonce=True))
    with pytest.raises(pki.KeyMismatchError):
        pki.ocsp_respond(ca, other_key, req)
    with pytest.raises(pki.ParseError):
        pki.ocsp_respond(ca, ca_key, b"not a request")
    if shutil.which("openssl"):
        (tmp_path / "ca.pem").write_bytes(ca.to_pem())
        (tmp_path / "req.der").write_bytes(req)
        (tmp_path / "resp.der").write_bytes(bad)
        out = subprocess.run(["openssl", "ocsp", "-respin", "resp.der", "-reqin", "req.der",
                              "-issuer", "ca.pem", "-CAfile", "ca.pem", "-resp_text"],
                             cwd=tmp_path, capture_output=True, text=True)
        assert "Response verify OK" in out.stdout + out.stderr
        assert "Cert Status: revoked" in out.stdout


def test_ocsp_response_as_revocation_source(ca, ca_key, leaf):
    req = pki.ocsp_request(leaf, ca)
    good = pki.ocsp_respond(ca, ca_key, req)
    assert leaf.verify(ca, ocsp_responses=[good])
    revoked = pki.ocsp_respond(ca, ca_key, req, revoked=[(leaf, "keyCompromise")])
    r = leaf.verify(ca, ocsp_responses=[revoked])
    assert not r and any("says OCSP" in x.message for x in r.reasons)
    stale = leaf.verify(ca, ocsp_responses=[good], at=2**31)
    assert not stale and any("stale" in x.message for x in stale.reasons)
