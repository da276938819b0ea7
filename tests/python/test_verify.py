# pki.Crl, pki.Trust, pki.Cert.verify and pki.VerifyResult.
import datetime as dt
import pickle

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

import pki

UTC = dt.timezone.utc


@pytest.fixture
def pki_tree():
    root_key = pki.Key.generate("ec")
    root = pki.Cert.self_signed(root_key, "CN=Verify Root", days=3650)
    inter_key = pki.Key.generate("ec")
    inter = pki.Cert.issue_for_key(inter_key, "CN=Verify Intermediate", root, root_key,
                                   profile="intermediate", days=1000)
    leaf_key = pki.Key.generate("ed25519")
    leaf = pki.Cert.issue_for_key(leaf_key, "CN=svc.example.com", inter, inter_key, days=90,
                                  dns=["svc.example.com"], ip=["10.9.8.7"])
    return root, root_key, inter, inter_key, leaf


def test_valid_chain(pki_tree):
    root, _, inter, _, leaf = pki_tree
    result = leaf.verify(root, untrusted=[inter], host="svc.example.com", purpose="server")
    assert result and result.valid and result.trusted
    assert result.reasons == []
    assert result.chain == [leaf, inter, root]
    assert repr(result) == "<pki.VerifyResult valid, chain of 3>"
    result.raise_for_failure()
    d = result.to_dict()
    assert d["valid"] is True and d["host"] == "svc.example.com" and d["purpose"] == "server"
    assert [c["subject"] for c in d["chain"]] == [leaf.subject, inter.subject, root.subject]
    assert "svc.example.com" in result.text()
    assert leaf.verify(pki.Trust([root]), untrusted=[inter], host="10.9.8.7")
    assert leaf.verify([root], untrusted=(inter,))
    uncached = pki.Trust([root], cache=False)  # every check made again each time
    for _ in range(2):
        assert leaf.verify(uncached, untrusted=[inter], host="svc.example.com").chain == \
            [leaf, inter, root]
    assert not leaf.verify(uncached)  # the intermediate is missing
    with pytest.raises(TypeError):
        pki.Trust([root], cache=0)


def test_failures_are_results(pki_tree):
    root, _, inter, _, leaf = pki_tree
    result = leaf.verify(root)  # the intermediate is missing
    assert not result and not result.valid
    assert [r.name for r in result.reasons] == ["issuer_not_found"]
    with pytest.raises(pki.VerifyError) as info:
        result.raise_for_failure()
    assert info.value.detail == result.reasons[0].message
    result = leaf.verify(root, untrusted=[inter], host="other.example.com", purpose="client")
    names = {r.name for r in result.reasons}
    assert names == {"host_mismatch", "purpose"}
    assert all(r.cert_index == 0 for r in result.reasons)
    assert all(isinstance(r.code, int) and r.code > 0 and r.message for r in result.reasons)
    assert "invalid" in repr(result)
    later = leaf.not_after + dt.timedelta(days=1)
    assert [r.name for r in leaf.verify(root, untrusted=[inter], at=later).reasons] == ["expired"]
    other_root = pki.Cert.self_signed(pki.Key.generate("ec"), "CN=Other Root")
    result = leaf.verify(other_root, untrusted=[inter, root])
    assert not result.trusted and "untrusted_root" in {r.name for r in result.reasons}


def test_verify_errors(pki_tree):
    root, _, inter, _, leaf = pki_tree
    with pytest.raises(pki.ArgumentError):
        leaf.verify(root, purpose="everything")
    with pytest.raises(pki.ArgumentError):
        leaf.verify(root, crl_check="sometimes")
    with pytest.raises(pki.InvalidNameError):
        leaf.verify(root, host="not a host!")
    with pytest.raises(TypeError):
        leaf.verify("root")
    with pytest.raises(TypeError):
        leaf.verify(root, untrusted=["inter"])
    with pytest.raises(TypeError):
        leaf.verify(root, bogus=1)
    with pytest.raises(TypeError):
        pki.VerifyResult("handle")


def test_crl_create_and_read(pki_tree):
    root, root_key, inter, inter_key, leaf = pki_tree
    when = dt.datetime(2026, 6, 1, tzinfo=UTC)
    crl = pki.Crl.create(inter, inter_key, revoked=[leaf, (0xABC, when, "keyCompromise"), 77],
                         days=7, number=42)
    assert crl.issuer == inter.subject
    assert crl.number == 42
    assert crl.authority_key_id == inter.subject_key_id
    assert crl.signature_algorithm == "ECDSA-SHA256"
    assert crl.next_update - crl.this_update == dt.timedelta(days=7)
    assert len(crl) == 3
    entries = crl.revoked
    assert entries[0].serial == leaf.serial and entries[0].reason == "unspecified"
    assert entries[1] == pki.Revoked(0xABC, when, "keyCompromise")
    assert entries[2].serial == 77
    assert leaf in crl and 0xABC in crl and "0abc" in crl and 5 not in crl
    assert crl.lookup(inter) is None
    assert crl.lookup(0xABC) == entries[1]
    crl.verify(inter)
    assert crl.is_signed_by(inter) and not crl.is_signed_by(root)
    with pytest.raises(pki.SignatureError):
        crl.verify(root)
    d = crl.to_dict()
    assert d["issuer"] == inter.subject and len(d["revoked"]) == 3
    assert d["revoked"][1]["reason"] == "keyCompromise"
    assert inter.subject in crl.text()
    assert repr(crl).startswith("<pki.Crl CN=Verify Intermediate, 3 revoked")
    # encodings, files, protocol
    for data in (crl.to_pem(), crl.to_der()):
        assert pki.Crl.load(data) == crl
    assert pickle.loads(pickle.dumps(crl)) == crl
    import copy
    assert copy.copy(crl) == crl and hash(copy.copy(crl)) == hash(crl)
    # cryptography reads the same
    c = x509.load_der_x509_crl(crl.to_der())
    assert c.is_signature_valid(x509.load_der_x509_certificate(inter.to_der()).public_key())
    assert sorted(r.serial_number for r in c) == sorted(e.serial for e in entries)
    assert c.get_revoked_certificate_by_serial_number(0xABC).revocation_date.replace(tzinfo=UTC) == when


def test_crl_explicit_validity_and_files(pki_tree, tmp_path):
    root, root_key, *_ = pki_tree
    tu = root.not_before + dt.timedelta(days=1)  # from the CA, not the wall clock
    nu = tu + dt.timedelta(days=2)
    crl = pki.Crl.create(root, root_key, this_update=tu, next_update=nu)
    assert (crl.this_update, crl.next_update, len(crl), crl.revoked) == (tu, nu, 0, [])
    path = tmp_path / "root.crl"
    crl.save(path)
    assert pki.Crl.load_file(path) == crl
    trust = pki.Trust().add(root).add_crl_file(path)
    assert isinstance(trust, pki.Trust)


def test_crl_errors(pki_tree):
    root, root_key, inter, inter_key, leaf = pki_tree
    with pytest.raises(pki.NotCAError):
        pki.Crl.create(leaf, root_key)
    with pytest.raises(pki.KeyMismatchError):
        pki.Crl.create(root, inter_key)
    with pytest.raises(pki.ArgumentError):
        pki.Crl.create(root, root_key, revoked=[5, 5])  # twice
    with pytest.raises(pki.ArgumentError):
        pki.Crl.create(root, root_key, revoked=[0])
    with pytest.raises(pki.ArgumentError):
        pki.Crl.create(root, root_key, revoked=[(5, None, "bored")])
    with pytest.raises(pki.ArgumentError):
        pki.Crl.create(root, root_key, this_update=dt.datetime(2030, 1, 1, tzinfo=UTC))  # no next_update
    with pytest.raises(pki.ArgumentError):
        pki.Crl.create(root, root_key, days=0)
    with pytest.raises(TypeError):
        pki.Crl.create(root, root_key, revoked=[1.5])
    with pytest.raises(pki.ParseError):
        pki.Crl.load(b"not a crl")
    with pytest.raises(pki.FileError):
        pki.Crl.load_file("/nonexistent/x.crl")
    with pytest.raises(TypeError):
        pki.Crl("handle")


def test_revocation_checking(pki_tree):
    root, root_key, inter, inter_key, leaf = pki_tree
    crl = pki.Crl.create(inter, inter_key, revoked=[leaf])
    root_crl = pki.Crl.create(root, root_key)
    trust = pki.Trust([root], crls=[crl, root_crl])
    assert leaf.verify(trust, untrusted=[inter])          # CRLs off by default
    result = leaf.verify(trust, untrusted=[inter], crl_check="leaf")
    assert [r.name for r in result.reasons] == ["revoked"]
    clean = pki.Crl.create(inter, inter_key)
    assert leaf.verify(pki.Trust([root], [clean, root_crl]), untrusted=[inter], crl_check="chain")
    missing = leaf.verify(pki.Trust([root]), untrusted=[inter], crl_check="leaf")
    assert "crl_missing" in {r.name for r in missing.reasons}


def test_trust_stores(pki_tree, tmp_path):
    root, _, inter, _, leaf = pki_tree
    trust = pki.Trust()
    assert trust.add_pem(root.to_pem() + inter.to_pem()) == 2
    assert leaf.verify(trust)
    (tmp_path / "root.pem").write_bytes(root.to_pem())
    t2 = pki.Trust()
    assert t2.add_file(tmp_path / "root.pem") == 1
    assert leaf.verify(t2, untrusted=[inter])
    t3 = pki.Trust()
    assert t3.add_dir(tmp_path) == 1
    with pytest.raises(pki.ParseError):
        pki.Trust().add_pem(b"nothing")
    with pytest.raises(pki.FileError):
        pki.Trust().add_file(tmp_path / "missing.pem")
    with pytest.raises(TypeError):
        pki.Trust(["root"])
    with pytest.raises(TypeError):
        pki.Trust().add_crl(root)
    try:
        system = pki.Trust.system()
    except pki.NotFoundError:
        pytest.skip("this system has no CA certificates")
    assert not leaf.verify(system, untrusted=[inter]).trusted


# ---- the verification options, each shown to change the verdict ----

def test_max_depth_and_email(pki_tree):
    root, _, inter, inter_key, leaf = pki_tree
    assert leaf.verify(root, untrusted=[inter], max_depth=3)
    result = leaf.verify(root, untrusted=[inter], max_depth=2)
    assert not result and result.reasons
    for bad in (0, 65, True, "3"):
        with pytest.raises(pki.ArgumentError):
            leaf.verify(root, untrusted=[inter], max_depth=bad)
    mail = pki.Cert.issue_for_key(pki.Key.generate("ec"), "CN=Ops", inter, inter_key,
                                  profile="client", email=["ops@example.com"])
    assert mail.verify(root, untrusted=[inter], email="ops@example.com", purpose="client")
    result = mail.verify(root, untrusted=[inter], email="dev@example.com", purpose="client")
    assert not result and result.reasons


def test_explicit_policy(pki_tree):
    root, _, inter, _, leaf = pki_tree
    # libpki's profiles write no certificatePolicies: requiring an explicit policy fails
    assert leaf.verify(root, untrusted=[inter])
    assert leaf.verify(root, untrusted=[inter], inhibit_policy_mapping=True, inhibit_any_policy=True)
    result = leaf.verify(root, untrusted=[inter], explicit_policy=True)
    assert not result and result.reasons
    result = leaf.verify(root, untrusted=[inter], explicit_policy=True, policies=["2.5.29.32.0"])
    assert not result


def test_profile_webpki(pki_tree):
    root, _, inter, inter_key, _ = pki_tree
    # the CA/Browser Forum rules want the CN to be one of the SANs; RFC 5280 does not
    odd = pki.Cert.issue_for_key(pki.Key.generate("ec"), "CN=Not A Name", inter, inter_key,
                                 dns=["svc.example.com"])
    assert odd.verify(root, untrusted=[inter], host="svc.example.com", profile="rfc5280")
    result = odd.verify(root, untrusted=[inter], host="svc.example.com", profile="webpki")
    assert not result and result.reasons
    with pytest.raises(pki.ArgumentError):
        odd.verify(root, profile="browser")


def _crypto_chain(leaf_key, hash_alg):
    """A root (RSA-2048, SHA-256) and a server leaf it signs with hash_alg, by cryptography."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Legacy Root")])
    ski = x509.SubjectKeyIdentifier.from_public_key(root_key.public_key())
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(1)
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                           critical=True)
            .add_extension(ski, critical=False)
            .sign(root_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "legacy.example.com")]))
            .issuer_name(root_name).public_key(leaf_key.public_key()).serial_number(2)
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=10))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("legacy.example.com")]),
                           critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski),
                           critical=False)
            .sign(root_key, hash_alg))
    return pki.Cert.load(root.public_bytes(Encoding.PEM)), pki.Cert.load(leaf.public_bytes(Encoding.PEM))


def test_allow_legacy_keys():
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa

    root, leaf = _crypto_chain(rsa.generate_private_key(public_exponent=65537, key_size=1024),
                               hashes.SHA256())
    result = leaf.verify(root, host="legacy.example.com")
    assert not result and "weak_algorithm" in {r.name for r in result.reasons}
    assert leaf.verify(root, host="legacy.example.com", allow_legacy_keys=True)
    assert not leaf.verify(root, host="legacy.example.com", allow_sha1=True)


def test_allow_sha1():
    from cryptography.hazmat.primitives import hashes

    root, leaf = _crypto_chain(ec.generate_private_key(ec.SECP256R1()), hashes.SHA1())
    result = leaf.verify(root, host="legacy.example.com")
    assert not result and "weak_algorithm" in {r.name for r in result.reasons}
    assert leaf.verify(root, host="legacy.example.com", allow_sha1=True)
    assert not leaf.verify(root, host="legacy.example.com", allow_legacy_keys=True)
