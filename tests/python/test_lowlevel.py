# The SWIG module (pki.capi): the conventions of bindings/python/libpki.i.
import gc
import threading

import pytest

import pki

capi = pki.capi


def test_no_raw_memory_functions_are_exposed():
    # the handles free themselves; exposing these would allow double frees
    for name in ("pki_free", "pki_key_free", "pki_csr_free", "pki_cert_free", "pki_chain_free",
                 "pki_issue_opts_free", "pki_crl_free", "pki_crl_opts_free", "pki_trust_free",
                 "pki_verify_opts_free", "pki_verify_result_free"):
        assert not hasattr(capi, name), name


def _paths():
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.join(here, "..", "..")
    return os.path.join(top, "include"), os.path.join(top, "bindings", "python", "libpki.i")


def _wrapped_headers():
    import re
    with open(_paths()[1]) as f:
        return re.findall(r'^%include "(pki/[a-z0-9_]+\.h)"', f.read(), re.M)


def test_every_public_header_is_wrapped():
    # pki.h lists the public headers; SWIG must read each, or the bindings drift
    import os
    import re
    with open(os.path.join(_paths()[0], "pki.h")) as f:
        public = re.findall(r"#include <(pki/[a-z0-9_]+\.h)>", f.read())
    assert public
    missing = [h for h in public if h not in _wrapped_headers()]
    assert not missing, f"add %include lines (and typemaps) to libpki.i for {missing}"


def test_every_public_function_is_wrapped():
    import os
    import re
    declared = set()
    for header in _wrapped_headers():
        with open(os.path.join(_paths()[0], header)) as f:
            declared |= set(re.findall(r"PKI_API[^;(]*?\b(pki_[a-z0-9_]+)\s*\(", f.read()))
    assert declared, "no declarations found"
    hidden = {"pki_free"} | {n for n in declared if n.endswith("_free")}
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


def test_special_returns():
    key = capi.pki_key_generate(capi.PKI_KEY_ED25519, 0, 0)
    ca = capi.pki_cert_self_sign(key, "CN=ca", None, 0)
    opts = capi.pki_crl_opts_new(0)
    capi.pki_crl_opts_add_revoked(opts, "0a", 1700000000, capi.PKI_CRL_REASON_UNSPECIFIED)
    crl = capi.pki_crl_create(ca, key, opts, 0)
    # a reason of 0 is information: kept with the outputs
    assert capi.pki_crl_entry(crl, 0) == (0, "0a", 1700000000)
    assert capi.pki_crl_lookup(crl, "0a") == (0, 1700000000)
    with pytest.raises(pki.NotFoundError):
        capi.pki_crl_lookup(crl, "0b")
    assert capi.pki_crl_validity(crl)[0] > 0
    # a failed verification returns its result instead of raising PKI_E_VERIFY
    other = capi.pki_cert_self_sign(capi.pki_key_generate(capi.PKI_KEY_ED25519, 0, 0), "CN=o", None, 0)
    trust = capi.pki_trust_new(0)
    assert capi.pki_trust_add_cert(trust, ca) == 1
    result = capi.pki_cert_verify(other, trust, None, 0)
    assert capi.pki_verify_result_valid(result) is False
    code, message, index = capi.pki_verify_result_reason(result, 0)
    assert code > 0 and isinstance(message, str) and message and index == 0
    chain = capi.pki_verify_result_chain(result)   # a copy, owned by Python
    del result
    gc.collect()
    assert capi.pki_chain_count(chain) >= 1
    with pytest.raises(pki.ArgumentError):
        capi.pki_cert_verify(None, trust, None, 0)  # other failures still raise


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


def test_parsing_encrypted_keys_from_threads():
    # pki_key_import runs without the GIL: threads decrypting at once each get their answer
    key = pki.Key.generate("ed25519")
    pem = key.to_pem(password="right")
    outcomes = {}

    def work(n, password):
        try:
            outcomes[n] = pki.Key.load(pem, password=password) == key
        except pki.BadPasswordError as exc:
            outcomes[n] = exc.code

    threads = [threading.Thread(target=work, args=(n, "right" if n % 2 else "wrong"))
               for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == {0: capi.PKI_E_BAD_PASSWORD, 1: True, 2: capi.PKI_E_BAD_PASSWORD, 3: True}
