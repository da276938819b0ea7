# examples/seed_workflow.py runs and leaves a CA and a server certificate that fit together.
import os
import stat
import subprocess
import sys

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

import pki

EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                       "seed_workflow.py")


def run(*args, env=None):
    return subprocess.run([sys.executable, EXAMPLE, *args], capture_output=True, text=True,
                          timeout=120, env=env)


def test_seed_workflow(tmp_path):
    out = run(str(tmp_path), "ca-secret")
    assert out.returncode == 0, out.stderr
    assert "registry.example.com" in out.stdout
    names = sorted(os.listdir(tmp_path))
    assert names == ["ca.crt", "ca.key", "server.crt", "server.csr", "server.key"]
    for secret in ("ca.key", "server.key"):
        assert stat.S_IMODE(os.stat(tmp_path / secret).st_mode) == 0o600
    with pytest.raises(pki.PasswordRequiredError):
        pki.Key.load_file(tmp_path / "ca.key")
    ca_key = pki.Key.load_file(tmp_path / "ca.key", password="ca-secret")
    ca = pki.Cert.load_file(tmp_path / "ca.crt")
    cert = pki.Cert.load_file(tmp_path / "server.crt")
    assert ca.matches(ca_key) and ca.is_ca
    assert cert.matches(pki.Key.load_file(tmp_path / "server.key"))
    assert cert.issuer == ca.subject and cert.authority_key_id == ca.subject_key_id
    assert cert.dns_names == ["registry.example.com", "registry"]
    assert [str(a) for a in cert.ip_addresses] == ["10.0.0.5"]
    assert pki.Csr.load_file(tmp_path / "server.csr").public_key == cert.public_key
    c = x509.load_pem_x509_certificate((tmp_path / "server.crt").read_bytes())
    ca_public = x509.load_pem_x509_certificate((tmp_path / "ca.crt").read_bytes()).public_key()
    ca_public.verify(c.signature, c.tbs_certificate_bytes, ec.ECDSA(c.signature_hash_algorithm))
    # a second run refuses to overwrite
    again = run(str(tmp_path), "ca-secret")
    assert again.returncode == 1 and "exists" in again.stderr


def test_seed_workflow_usage(tmp_path):
    assert run().returncode == 2
    env = dict(os.environ)
    env.pop("PKI_PASSWORD", None)
    assert run(str(tmp_path), env=env).returncode == 2
    env["PKI_PASSWORD"] = "from-env"
    assert run(str(tmp_path), env=env).returncode == 0
    pki.Key.load_file(tmp_path / "ca.key", password="from-env")
