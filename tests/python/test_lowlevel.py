# The SWIG module (pki.capi): the conventions of bindings/python/libpki.i.
import gc
import threading

import pytest

import pki

capi = pki.capi


def test_no_raw_memory_functions_are_exposed():
    # the handles free themselves; exposing these would allow double frees
    for name in ("pki_free", "pki_key_free", "pki_csr_free", "pki_cert_free", "pki_chain_free",
                 "pki_issue_opts_free"):
        assert not hasattr(capi, name), name


def test_every_public_function_is_wrapped():
    import os
    import re
    here = os.path.dirname(os.path.abspath(__file__))
    include = os.path.join(here, "..", "..", "include", "pki")
    declared = set()
    for header in ("common.h", "key.h", "x509.h"):
        with open(os.path.join(include, header)) as f:
            declared |= set(re.findall(r"PKI_API[^;(]*?\b(pki_[a-z0-9_]+)\s*\(", f.read()))
    hidden = {"pki_free"} | {n for n in declared if n.endswith("_free")}
    assert declared, "no declarations found"
    missing = sorted(n for n in declared - hidden if not hasattr(capi, n))
    assert not missing


def test_return_conventions():
    key = capi.pki_key_generate(capi.PKI_KEY_ED25519, 0, 0)
    assert isinstance(key, capi.pki_key)
    assert capi.pki_key_type(key) == capi.PKI_KEY_ED25519          # int > 0 kept
    assert capi.pki_key_has_private(key) is True                    # bool
    assert capi.pki_key_curve(key) == "Ed25519"                     # const char *
    assert capi.pki_key_type_name(999) is None                      # NULL -> None
    assert isinstance(capi.pki_key_export(key, capi.PKI_FORMAT_DER, None, 0), bytes)
    assert isinstance(capi.pki_key_id(key, 0), str)                 # char ** -> str
    cert = capi.pki_cert_self_sign(key, "CN=x", None, 0)
    nb, na = capi.pki_cert_validity(cert)                           # two outputs -> tuple
    assert isinstance(nb, int) and nb < na
    assert capi.pki_cert_san_count(cert) == 0                       # a 0 count stays 0
    assert capi.pki_cert_is_ca(cert) is True
    csr = capi.pki_csr_create(key, "CN=y", ["DNS:y.example.com", "IP:10.0.0.1"], 0)
    assert capi.pki_csr_san(csr, 1) == (capi.PKI_SAN_IP, "10.0.0.1")  # int > 0 and output
    assert capi.pki_csr_verify(csr, 0) == 0                          # plain status: 0
    assert capi.pki_san_from_string("a.example.com", 0) == (capi.PKI_SAN_DNS, "DNS:a.example.com")
    with pytest.raises(pki.NotFoundError):
        capi.pki_csr_san(csr, 2)


def test_argument_conversions():
    key = capi.pki_key_generate(capi.PKI_KEY_EC_P256, 0, 0)
    with pytest.raises(pki.ArgumentError):
        capi.pki_key_type(None)                    # None is NULL: the C check answers
    assert capi.pki_key_has_private(None) is False
    with pytest.raises(TypeError):
        capi.pki_key_type("key")
    with pytest.raises(TypeError):
        capi.pki_csr_create(key, "CN=x", "DNS:not-a-list", 0)
    with pytest.raises(TypeError):
        capi.pki_csr_create(key, "CN=x", [None], 0)
    with pytest.raises(TypeError):
        capi.pki_csr_create(key, "CN=x", [1], 0)
    assert capi.pki_csr_create(key, "CN=x", (), 0) is not None  # empty tuple: {NULL}
    assert capi.pki_csr_create(key, "CN=x", None, 0) is not None
    with pytest.raises(pki.ArgumentError):
        capi.pki_key_export(key, capi.PKI_FORMAT_PEM, None, 1)     # reserved flags
    with pytest.raises(OverflowError):
        capi.pki_key_export(key, capi.PKI_FORMAT_PEM, None, -1)
    with pytest.raises(TypeError):
        capi.pki_key_import(12, None, 0)
    with pytest.raises(pki.ArgumentError):
        capi.pki_issue_opts_set_days(None, 10)


def test_file_functions(tmp_path):
    path = str(tmp_path / "f.bin")
    capi.pki_file_write(path, b"\0\1\2binary", 0)
    assert capi.pki_file_read(path, 0) == b"\0\1\2binary"
    with pytest.raises(pki.ExistsError):
        capi.pki_file_write(path, b"x", 0)
    capi.pki_file_write(path, bytearray(b"y"), capi.PKI_WRITE_OVERWRITE | capi.PKI_WRITE_PRIVATE)
    assert capi.pki_file_read(path, 0) == b"y"
    with pytest.raises(pki.FileError):
        capi.pki_file_read(str(tmp_path / "missing"), 0)


def test_chain_get_returns_independent_copies():
    key = capi.pki_key_generate(capi.PKI_KEY_ED25519, 0, 0)
    cert = capi.pki_cert_self_sign(key, "CN=chained", None, 0)
    chain = capi.pki_chain_new(0)
    capi.pki_chain_add(chain, cert)
    capi.pki_chain_add(chain, cert)
    assert capi.pki_chain_count(chain) == 2
    first = capi.pki_chain_get(chain, 0)
    assert capi.pki_chain_get(chain, 2) is None
    del chain, cert
    gc.collect()
    assert capi.pki_cert_subject(first) == "CN=chained"   # survives the chain


def test_key_generation_from_threads():
    # generation runs without the GIL: threads at once must each succeed with distinct keys
    results, errors = [], []

    def work():
        try:
            results.append(pki.Key.generate("ec").key_id)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(results)) == 8


def test_errors_in_threads_keep_their_own_detail():
    details = {}

    def work(n):
        try:
            pki.Key.generate("rsa", bits=1000 + n)
        except pki.WeakKeyError as exc:
            details[n] = exc.detail

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(details) == list(range(6))
    for n, detail in details.items():
        assert str(1000 + n) in detail
