# Type information: pki ships py.typed and a stub of pki._libpki (generated from the headers);
# mypy --strict accepts typed code using both layers and rejects a wrong use.
# Skipped when mypy is not installed (Debian package mypy).
import inspect
import os
import subprocess
import sys
import textwrap

import pytest

import pki

GOOD = """
import pki
from pki import capi

key: capi.pki_key = capi.pki_key_generate(capi.PKI_KEY_ED25519, 0, 0)
cert = capi.pki_cert_self_sign(key, "CN=typed", None, 0)
validity = capi.pki_cert_validity(cert)
not_before: int = validity.not_before
der: bytes = capi.pki_cert_export(cert, capi.PKI_FORMAT_DER, 0)
subject: str = capi.pki_cert_subject(cert)
matches: bool = capi.pki_cert_matches_key(cert, key)
curve: str | None = capi.pki_key_curve(key)
csr = capi.pki_csr_create(key, "CN=y", ["DNS:y.example.com"], 0)
san_type: int = capi.pki_csr_san(csr, 0).type
p12 = capi.pki_p12_import(capi.pki_p12_export(key, cert, None, None, "pw", 0), "pw", 0)
p12_key: capi.pki_key = p12.key
k = pki.Key.generate("ed25519")
c = pki.Cert.self_signed(k, "CN=layer")
print(subject, not_before, len(der), matches, curve, san_type, p12_key, c)


class MyError(pki.ParseError):  # the exception classes are classes to mypy (pki/_errors.pyi)
    pass


try:
    pki.Key.load(b"junk")
except (pki.ParseError, pki.FileError) as exc:
    failure: pki.ParseError | pki.FileError = exc
    code: int = failure.code
"""

BAD = """
from pki import capi

key = capi.pki_key_generate(capi.PKI_KEY_ED25519, 0, 0)
cert = capi.pki_cert_self_sign(key, "CN=typed", None, 0)
wrong: str = capi.pki_cert_validity(cert)
capi.pki_cert_subject(key)
"""


def _mypy(tmp_path, source):
    path = tmp_path / "client.py"
    path.write_text(textwrap.dedent(source))
    pkg_dir = os.path.dirname(os.path.dirname(pki.__file__))
    env = dict(os.environ, MYPYPATH=pkg_dir)
    # --follow-imports=silent: the client and the stub are checked; errors inside the pki
    # package's own modules are the business of the package's maintainers, not of this test
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-incremental",
         "--cache-dir", str(tmp_path / "cache"), str(path)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)


@pytest.fixture(scope="module")
def mypy_available():
    try:
        import mypy  # noqa: F401
    except ImportError:
        pytest.skip("mypy is not installed (Debian package mypy)")


def test_the_stub_is_shipped():
    here = os.path.dirname(pki.__file__)
    assert os.path.exists(os.path.join(here, "py.typed"))
    with open(os.path.join(here, "_libpki.pyi")) as f:
        stub = f.read()
    for name in dir(pki.capi):
        if name.startswith(("pki_", "PKI_")) and not name.startswith("pki_py_") \
                and name not in {"pki_key", "pki_csr", "pki_cert", "pki_chain", "pki_crl",
                                 "pki_crl_opts", "pki_trust", "pki_issue_opts", "pki_issuer",
                                 "pki_verify_opts", "pki_verify_result", "pki_lint",
                                 "pki_ocsp_opts", "pki_dn"}:
            assert f"\ndef {name}(" in stub or f"\n{name}: " in stub, name
    # the exception classes, made from a table at run time, are declared to type checkers
    with open(os.path.join(here, "_errors.pyi")) as f:
        stub = f.read()
    errors = [c for c in vars(pki._errors).values()
              if isinstance(c, type) and issubclass(c, pki.Error) and c is not pki.Error]
    assert len(errors) >= 30
    for cls in errors:
        bases = ", ".join(b.__name__ for b in cls.__bases__)
        assert f"\nclass {cls.__name__}({bases}): ..." in stub, cls


def test_mypy_strict_accepts_typed_use(mypy_available, tmp_path):
    r = _mypy(tmp_path, GOOD)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_strict_rejects_a_wrong_use(mypy_available, tmp_path):
    r = _mypy(tmp_path, BAD)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "client.py:6: error" in r.stdout and "client.py:7: error" in r.stdout, r.stdout


def test_mypy_strict_accepts_the_package(mypy_available, tmp_path):
    # The package's own modules (pki/*.py over the generated pki/_libpki.pyi), as built in the
    # tree or installed: `mypy --strict pki` reports nothing.
    pkg_parent = os.path.dirname(os.path.dirname(pki.__file__))
    r = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
         "--cache-dir", str(tmp_path / "cache"), "pki"],
        capture_output=True, text=True, cwd=pkg_parent, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Success: no issues found" in r.stdout, r.stdout


def _keyword_options(function, leave_out=()):
    return {name: p.default for name, p in inspect.signature(function).parameters.items()
            if p.kind is p.KEYWORD_ONLY and name not in leave_out}


def test_forwarded_options_are_the_same():
    # The public methods show the keyword options they pass on (pki._util.options_of builds
    # their signature from the function that takes them): same names and defaults, and any
    # other keyword is refused with the public name.
    from pki import _verify, _x509

    issue = _keyword_options(_x509._issue_opts)
    assert "not_before" in issue and "allow_key_reuse" in issue
    assert _keyword_options(pki.Cert.issue) == issue
    # (copy_extensions is about a request: only Cert.issue has one)
    no_request = {"subject", "copy_extensions"}
    assert _keyword_options(pki.Cert.self_signed) == _keyword_options(_x509._issue_opts, no_request)
    assert _keyword_options(pki.Cert.issue_for_key) == _keyword_options(_x509._issue_opts, no_request)
    assert _keyword_options(pki.Issuer.issue) == issue
    assert _keyword_options(pki.Issuer.issue_for_key) == _keyword_options(_x509._issue_opts,
                                                                          {"subject"})
    key = pki.Key.generate("ed25519")
    with pytest.raises(TypeError, match=r"Cert\.self_signed\(\) got an unexpected keyword "
                                        r"argument 'copy_extensions'"):
        pki.Cert.self_signed(key, "CN=x", copy_extensions=True)
    with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
        pki.Cert.issue_for_key(key, "CN=x", None, key, bogus=1)
    verify = _keyword_options(_verify.verify)
    assert "host" in verify and "crl_check" in verify
    assert _keyword_options(pki.Cert.verify) == verify
