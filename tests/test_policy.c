/*
 * Certificate policies through pki_cert_verify (libpki/policy.c): chains root -> CA -> leaf
 * made with GnuTLS (tests/gcert.h), the policy extensions GnuTLS has no setter for written as
 * DER. Every refusal has a control chain that differs in the one setting under test.
 */
#define PKI_TEST_FIXED_CLOCK /* libpki, GnuTLS and gcert() at TEST_NOW (helpers.h) */
#include "gcert.h"

#define OID_ANY "2.5.29.32.0"
#define P1 "1.2.3.1"
#define P2 "1.2.3.2"

/* DER values */
static const unsigned char require_explicit_0[] = { 0x30, 0x03, 0x80, 0x01, 0x00 };
static const unsigned char require_explicit_0_inhibit_mapping_0[] = { 0x30, 0x06, 0x80, 0x01,
								      0x00, 0x81, 0x01, 0x00 };
static const unsigned char inhibit_any_0[] = { 0x02, 0x01, 0x00 };
/* PolicyMappings { { 1.2.3.1, 1.2.3.2 } } */
static const unsigned char map_p1_p2[] = { 0x30, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x2a, 0x03,
					   0x01, 0x06, 0x03, 0x2a, 0x03, 0x02 };
/* PolicyMappings { { anyPolicy, 1.2.3.2 } }: forbidden */
static const unsigned char map_any_p2[] = { 0x30, 0x0d, 0x30, 0x0b, 0x06, 0x04, 0x55, 0x1d,
					    0x20, 0x00, 0x06, 0x03, 0x2a, 0x03, 0x02 };
/* certificatePolicies that is not a SEQUENCE */
static const unsigned char bad_policies[] = { 0x04, 0x01, 0x00 };

typedef struct {
	const char *policies[3]; /* certificatePolicies (none: no extension) */
	const unsigned char *constraints;
	size_t nconstraints;
	const unsigned char *mappings;
	size_t nmappings;
	const unsigned char *inhibit_any;
	size_t ninhibit_any;
	const unsigned char *raw_policies;
	size_t nraw_policies;
	bool critical; /* the policy extensions critical, as RFC 5280 wants them */
} polspec_t;

/* SET_DER(spec, field, der): the DER array @p der (and its size) as spec.field. */
#define SET_DER(spec, field, der) ((spec).field = (der), (spec).n##field = sizeof(der))

static void add_pol(gnutls_x509_crt_t crt, const void *arg)
{
	const polspec_t *s = arg;

	for (size_t i = 0; i < 3 && s->policies[i]; i++) {
		struct gnutls_x509_policy_st pol;

		memset(&pol, 0, sizeof(pol));
		pol.oid = (char *)s->policies[i];
		cr_assert_eq(gnutls_x509_crt_set_policy(crt, &pol, 0), 0);
	}
	if (s->constraints)
		gcert_raw_ext(crt, "2.5.29.36", s->constraints, s->nconstraints, s->critical);
	if (s->mappings)
		gcert_raw_ext(crt, "2.5.29.33", s->mappings, s->nmappings, s->critical);
	if (s->inhibit_any)
		gcert_raw_ext(crt, "2.5.29.54", s->inhibit_any, s->ninhibit_any, s->critical);
	if (s->raw_policies)
		gcert_raw_ext(crt, "2.5.29.32", s->raw_policies, s->nraw_policies, false);
}

/* root -> "CN=Top CA" (@p top, when not NULL) -> "CN=Policy CA" (@p ca) -> "CN=leaf" */
static pki_verify_result_t *chain3(const polspec_t *top, const polspec_t *ca,
				   const polspec_t *leaf)
{
	gcert_t root = gcert("CN=Root", NULL, true, NULL, NULL);
	gcert_t t = { NULL, NULL, NULL };
	gcert_t mid, l;
	pki_verify_result_t *r;

	if (top)
		t = gcert("CN=Top CA", &root, true, add_pol, top);
	mid = gcert("CN=Policy CA", top ? &t : &root, true, add_pol, ca);
	l = gcert("CN=leaf", &mid, false, add_pol, leaf);
	r = gcert_verify(&l, &root, &mid, top ? &t : NULL, NULL);
	gcert_free(&l);
	gcert_free(&mid);
	if (top)
		gcert_free(&t);
	gcert_free(&root);
	return r;
}

/* root -> "CN=Policy CA" (@p ca) -> "CN=leaf" (@p leaf) */
static pki_verify_result_t *chain(const polspec_t *ca, const polspec_t *leaf)
{
	return chain3(NULL, ca, leaf);
}

/* The leaves the tests verify, by the policy they assert (none: no extension). */
static const polspec_t leaf_p1 = { .policies = { P1 } };
static const polspec_t leaf_p2 = { .policies = { P2 } };
static const polspec_t leaf_none = { .policies = { NULL } };
static const polspec_t leaf_any = { .policies = { OID_ANY } };

Test(policy, require_explicit_policy_honoured)
{
	polspec_t ca = { .policies = { P1 } };

	SET_DER(ca, constraints, require_explicit_0);
	gcert_expect_valid(chain(&ca, &leaf_p1));
	gcert_expect_reason(chain(&ca, &leaf_none), PKI_VERIFY_POLICY, 0,
			    "the leaf 'CN=leaf' has no certificatePolicies extension",
			    "requireExplicitPolicy of intermediate 1 'CN=Policy CA'");
	gcert_expect_reason(chain(&ca, &leaf_p2), PKI_VERIFY_POLICY, 0, "1.2.3.2",
			    "an explicit policy is required");
	/* without the constraint, no policy is needed */
	ca.constraints = NULL;
	gcert_expect_valid(chain(&ca, &leaf_none));
	gcert_expect_valid(chain(&ca, &leaf_p2));
}

Test(policy, inhibit_any_policy_honoured)
{
	polspec_t ca = { .policies = { OID_ANY }, .critical = true }; /* inhibitAnyPolicy MUST be */

	SET_DER(ca, constraints, require_explicit_0);
	/* anyPolicy in the leaf is honoured ... */
	gcert_expect_valid(chain(&ca, &leaf_any));
	/* ... until the CA inhibits it: then the leaf asserts no policy */
	SET_DER(ca, inhibit_any, inhibit_any_0);
	gcert_expect_reason(chain(&ca, &leaf_any), PKI_VERIFY_POLICY, 0, "anyPolicy",
			    "explicit policy is required");
	/* a concrete policy still matches the CA's own anyPolicy (6.1.3 (d)(1)(ii)) */
	gcert_expect_valid(chain(&ca, &leaf_p1));
}

Test(policy, policy_mappings_honoured)
{
	polspec_t ca = { .policies = { P1 } };

	SET_DER(ca, constraints, require_explicit_0);
	SET_DER(ca, mappings, map_p1_p2);
	/* the CA's P1 is P2 in the leaf's domain */
	gcert_expect_valid(chain(&ca, &leaf_p2));
	gcert_expect_reason(chain(&ca, &leaf_p1), PKI_VERIFY_POLICY, 0, "1.2.3.1", NULL);
}

/* root -> Top CA (P1; inhibitPolicyMapping 0 and requireExplicitPolicy 0 when @p inhibit) ->
 * Policy CA (P1, maps P1 to P2) -> leaf (P2). A CA's own inhibitPolicyMapping applies to the
 * certificates below it (6.1.4 (b) comes before (i)), hence the two CAs. */
Test(policy, inhibit_policy_mapping_honoured)
{
	polspec_t top = { .policies = { P1 } };
	polspec_t ca = { .policies = { P1 } };

	SET_DER(ca, mappings, map_p1_p2);
	SET_DER(top, constraints, require_explicit_0);
	gcert_expect_valid(chain3(&top, &ca, &leaf_p2));
	/* mapping inhibited: the mapped P1 node is deleted, nothing is left for the leaf */
	SET_DER(top, constraints, require_explicit_0_inhibit_mapping_0);
	gcert_expect_reason(chain3(&top, &ca, &leaf_p2), PKI_VERIFY_POLICY, 0, "1.2.3.2",
			    "requireExplicitPolicy of intermediate 2 'CN=Top CA'");
}

Test(policy, anypolicy_mapping_refused)
{
	polspec_t ca = { .policies = { OID_ANY } };

	SET_DER(ca, mappings, map_any_p2);
	gcert_expect_reason(chain(&ca, &leaf_p2), PKI_VERIFY_POLICY, 1, "map anyPolicy", NULL);
}

Test(policy, malformed_policies_rejected)
{
	polspec_t ca = { .policies = { NULL } };

	SET_DER(ca, raw_policies, bad_policies);
	gcert_expect_reason(chain(&ca, &leaf_none), PKI_VERIFY_MALFORMED, 1,
			    "the extension 2.5.29.32 of intermediate 1 'CN=Policy CA' does not parse",
			    NULL);
}
