# The SWIG module (pki.capi): the conventions of bindings/python/libpki.i.
import gc
import os
import time
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
    assert isinstance(capi.pki_key_id(key, capi.PKI_KEY_ID_SHA1, 0), str)                 # char ** -> str
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
    assert capi.pki_crl_this_update(crl) > 0
    assert capi.pki_crl_next_update(crl) > capi.pki_crl_this_update(crl)
    # a failed verification returns its result instead of raising PKI_E_VERIFY
    other = capi.pki_cert_self_sign(capi.pki_key_generate(capi.PKI_KEY_ED25519, 0, 0), "CN=o", None, 0)
    trust = capi.pki_trust_new(0)
    assert capi.pki_trust_add_cert(trust, ca, 0) == 1
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
    capi.pki_chain_add(chain, cert, 0)
    capi.pki_chain_add(chain, cert, 0)
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


def test_the_extension_is_inside_the_package():
    # pki._libpki, not a top-level _libpki; its types are named for it (not "pki.libpki")
    import importlib.util
    assert capi.__name__ == "pki._libpki"
    assert os.path.dirname(capi.__file__) == os.path.dirname(pki.__file__)
    assert importlib.util.find_spec("_libpki") is None
    for handle in (capi.pki_key, capi.pki_cert, capi.pki_csr, capi.pki_crl, capi.pki_trust):
        assert handle.__module__ == "pki._libpki", handle
        assert repr(handle) == f"<class 'pki._libpki.{handle.__name__}'>"


def test_several_values_come_back_by_name():
    key = capi.pki_key_generate(capi.PKI_KEY_ED25519, 0, 0)
    ca = capi.pki_cert_self_sign(key, "CN=named", None, 0)
    validity = capi.pki_cert_validity(ca)
    assert (validity.not_before, validity.not_after) == tuple(validity)
    assert type(validity).__module__ == "pki._libpki"
    csr = capi.pki_csr_create(key, "CN=y", ["IP:10.0.0.1"], 0)
    san = capi.pki_csr_san(csr, 0)
    assert (san.type, san.name) == (capi.PKI_SAN_IP, "10.0.0.1")
    assert capi.pki_san_from_string("b.example.com", 0).name == "DNS:b.example.com"
    opts = capi.pki_crl_opts_new(0)
    capi.pki_crl_opts_add_revoked(opts, "0c", 1700000000, capi.PKI_CRL_REASON_KEY_COMPROMISE)
    crl = capi.pki_crl_create(ca, key, opts, 0)
    entry = capi.pki_crl_entry(crl, 0)
    assert (entry.reason, entry.serial, entry.revoked_at) == (
        capi.PKI_CRL_REASON_KEY_COMPROMISE, "0c", 1700000000)
    assert capi.pki_crl_lookup(crl, "0c").revoked_at == 1700000000
    assert capi.pki_crl_this_update(crl) > 0
    p12 = capi.pki_p12_import(capi.pki_p12_export(key, ca, None, "n", "pw", 0), "pw", 0)
    assert isinstance(p12.key, capi.pki_key) and isinstance(p12.cert, capi.pki_cert)
    assert p12.name == "n" and capi.pki_chain_count(p12.chain) == 0
    other = capi.pki_cert_self_sign(capi.pki_key_generate(capi.PKI_KEY_ED25519, 0, 0), "CN=o",
                                    None, 0)
    trust = capi.pki_trust_new(0)
    capi.pki_trust_add_cert(trust, ca, 0)
    reason = capi.pki_verify_result_reason(capi.pki_cert_verify(other, trust, None, 0), 0)
    assert reason.code > 0 and reason.message and reason.cert_index == 0


def test_typemaps_are_keyed_on_types_not_parameter_names():
    # A typemap pattern is a C type (or a function, for the two special returns): a parameter
    # name in it would make renaming a C parameter change the Python API.
    import re
    with open(_paths()[1]) as f:
        text = f.read()
    functions = set()
    for header in _wrapped_headers():
        with open(os.path.join(_paths()[0], header)) as f:
            functions |= set(re.findall(r"\b(pki_[a-z0-9_]+)\s*\(", f.read()))
    patterns = re.findall(r"^%typemap\([^)]*\)\s+(.+?)\s*(?:\(|\{|\"|%\{)", text, re.M)
    assert len(patterns) > 20
    type_re = re.compile(r"^(const )?(unsigned )?[A-Za-z_][A-Za-z_0-9]*( const)?( ?\*( ?const)?)*$")
    for group in patterns:
        for pattern in group.split(","):
            pattern = pattern.strip()
            words = pattern.replace("*", " ").split()
            if len(words) == 2 and words[1] in functions:
                continue  # keyed on a function: int pki_cert_verify
            assert type_re.match(pattern), pattern
            assert words[-1] in {"char", "void", "int", "int64_t", "size_t", "PyObject", "TYPE",
                                 "const"} or words[-1].endswith("_t"), pattern


def _runs_without_the_gil(call):
    # A thread counts while `call` runs: it can only count if the call released the GIL. The
    # switch interval is long, so that the counter cannot run before the call starts.
    import sys
    counter, stop = [0], threading.Event()

    def count():
        while not stop.is_set():
            counter[0] += 1
            if counter[0] % 100 == 0:
                time.sleep(0)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1.0)
    t = threading.Thread(target=count)
    try:
        t.start()
        time.sleep(0.05)
        before = counter[0]
        call()
        during = counter[0] - before
    finally:
        stop.set()
        t.join()
        sys.setswitchinterval(old)
    return during > 0


def test_slow_calls_release_the_gil():
    key = capi.pki_key_generate(capi.PKI_KEY_ED25519, 0, 0)
    pem = capi.pki_key_export(key, capi.PKI_FORMAT_PEM, "pw", 0)     # PBKDF2
    assert _runs_without_the_gil(lambda: capi.pki_key_import(pem, "pw", 0))
    assert _runs_without_the_gil(lambda: capi.pki_key_generate(capi.PKI_KEY_RSA, 3072, 0))
    # decoding what may be large: a bundle of 300 certificates, a CRL of 2,000 entries
    cert = capi.pki_cert_self_sign(key, "CN=bundle", None, 0)
    bundle = capi.pki_cert_export(cert, capi.PKI_FORMAT_PEM, 0) * 300
    assert _runs_without_the_gil(lambda: capi.pki_chain_import(bundle, 0))
    opts = capi.pki_crl_opts_new(0)
    for i in range(1, 2001):
        capi.pki_crl_opts_add_revoked(opts, "%x" % (i * 7919), 1700000000, 0)
    crl = capi.pki_crl_export(capi.pki_crl_create(cert, key, opts, 0), capi.PKI_FORMAT_DER, 0)
    assert _runs_without_the_gil(lambda: capi.pki_crl_import(crl, 0))
    # a fast call keeps it: the counter does not move (so the check above can fail)
    assert not _runs_without_the_gil(lambda: [capi.pki_key_type(key) for _ in range(20000)])


def test_one_handle_from_many_threads():
    # the handles are claimed per call: threads sharing a CA key and certificate, in calls that
    # run without the GIL and take them in different orders, neither race nor deadlock
    ca_key = capi.pki_key_generate(capi.PKI_KEY_EC_P256, 0, 0)
    ca = capi.pki_cert_self_sign(ca_key, "CN=shared", None, 0)
    leaf_key = capi.pki_key_generate(capi.PKI_KEY_EC_P256, 0, 0)
    trust = capi.pki_trust_new(0)
    capi.pki_trust_add_cert(trust, ca, 0)
    errors, done = [], []

    def issue(n):
        try:
            for i in range(10):
                if (n + i) % 2:
                    cert = capi.pki_cert_issue_for_key(leaf_key, "CN=leaf%d" % i, ca, ca_key,
                                                       None, 0).cert
                    assert capi.pki_cert_subject(cert) == "CN=leaf%d" % i
                else:
                    assert capi.pki_cert_matches_key(ca, ca_key) is True
                    result = capi.pki_cert_verify(ca, trust, None, 0)
                    assert capi.pki_verify_result_valid(result) is True
            done.append(n)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not [t for t in threads if t.is_alive()], "deadlock"
    assert not errors and sorted(done) == [0, 1, 2, 3]
