# Certificate policies, mappings, constraints and inhibitAnyPolicy at issuance (issue 15 item
# 4), read back by pyca/cryptography and by libpki's own getters.
import pytest
from cryptography import x509

import pki

P1, P2, P7 = "1.3.6.1.4.1.99999.1", "1.3.6.1.4.1.99999.2", "1.3.6.1.4.1.99999.7"


def test_policies_on_an_intermediate(ca, ca_key):
    sub = pki.Cert.issue_for_key(
        pki.Key.generate("ec"), "CN=sub", ca, ca_key, profile="intermediate", days=1825,
        policies=[(P1, "https://pki.example.com/cps", "Example notice"), P2],
        policy_mappings=[(P1, P7)], require_explicit_policy=0, inhibit_policy_mapping=1,
        inhibit_any_policy=2)
    c = x509.load_der_x509_certificate(sub.to_der())
    cp = c.extensions.get_extension_for_class(x509.CertificatePolicies)
    assert not cp.critical
    assert [p.policy_identifier.dotted_string for p in cp.value] == [P1, P2]
    q = cp.value[0].policy_qualifiers
    assert q[0] == "https://pki.example.com/cps"
    assert q[1].explicit_text == "Example notice"
    pc = c.extensions.get_extension_for_class(x509.PolicyConstraints)
    assert pc.critical and pc.value.require_explicit_policy == 0 \
        and pc.value.inhibit_policy_mapping == 1
    ia = c.extensions.get_extension_for_class(x509.InhibitAnyPolicy)
    assert ia.critical and ia.value.skip_certs == 2
    pm = c.extensions.get_extension_for_oid(x509.ObjectIdentifier("2.5.29.33"))
    assert pm.critical
    # libpki's getters agree
    assert sub.policies == [P1, P2]
    assert sub.policy_qualifiers(P1) == ["CPS:https://pki.example.com/cps", "notice:Example notice"]
    assert sub.policy_mappings == [(P1, P7)]
    assert sub.policy_constraints == (0, 1)
    assert sub.inhibit_any_policy == 2


def test_leaf_policies_and_refusals(ca, ca_key):
    leaf = pki.Cert.issue_for_key(pki.Key.generate("ec"), "CN=l", ca, ca_key, dns=["l.example"],
                                  policies=[P7])
    assert leaf.policies == [P7] and leaf.policy_constraints is None
    key = pki.Key.generate("ec")
    with pytest.raises(pki.ArgumentError, match="CA profiles"):
        pki.Cert.issue_for_key(key, "CN=l", ca, ca_key, policy_mappings=[(P1, P2)])
    with pytest.raises(pki.ArgumentError, match="anyPolicy"):
        pki.Cert.issue_for_key(key, "CN=s", ca, ca_key, profile="intermediate",
                               policy_mappings=[("2.5.29.32.0", P2)])
    with pytest.raises(pki.ArgumentError):
        pki.Cert.issue_for_key(key, "CN=s", ca, ca_key, policies=[(P1, None, "x" * 201)])
    with pytest.raises(pki.InvalidNameError):
        pki.Cert.issue_for_key(key, "CN=s", ca, ca_key, policies=[(P1, "not a uri", None)])
    with pytest.raises(TypeError):
        pki.Cert.issue_for_key(key, "CN=s", ca, ca_key, policies=[(P1,)])
