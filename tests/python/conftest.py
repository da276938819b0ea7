# Fixtures for the pytest suite of the libpki Python bindings. Each fixture is function-scoped:
# every test builds what it needs (ECDSA P-256 and Ed25519 keys are cheap).
import pytest

import pki


@pytest.fixture
def ca_key():
    return pki.Key.generate("ec")


@pytest.fixture
def ca(ca_key):
    return pki.Cert.self_signed(ca_key, "CN=Test Root CA,O=libpki tests", profile="ca", days=3650)


@pytest.fixture
def leaf_key():
    return pki.Key.generate("ed25519")


@pytest.fixture
def csr(leaf_key):
    return pki.Csr.create(leaf_key, "CN=registry.example.com,O=Example Ltd",
                          dns=["registry.example.com", "www.example.com"],
                          ip=["10.0.0.5", "2001:db8::1"])


@pytest.fixture
def leaf(csr, ca, ca_key):
    return pki.Cert.issue(csr, ca, ca_key, profile="server", days=90)
