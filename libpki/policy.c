/*
 * libpki — certificate policies of one path (RFC 5280 6.1, with the valid-policy graph of
 * RFC 9618 instead of the tree).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The trust anchor is an input, not a certificate of the path: the certificates processed are
 * RFC 5280's 1..n, from the one the anchor issued down to the leaf. The inputs are the
 * options' user-initial-policy-set (none given: anyPolicy), initial-explicit-policy,
 * initial-policy-mapping-inhibit and initial-any-policy-inhibit; the extensions used are
 * certificatePolicies (qualifiers ignored), policyMappings, policyConstraints and
 * inhibitAnyPolicy, decoded with the libtasn1 layer (asn1.h).
 *
 * The graph: RFC 9618 keeps one node per policy OID and depth (a node with several parents),
 * where RFC 5280's tree copies a node under every parent and can grow exponentially. Only the
 * last depth is needed to go on, and of every node only its valid_policy, its expected_policy_set
 * (its own OID, or the subject policies it is mapped to) and one bit: whether it survives the
 * final intersection with the user-initial-policy-set (6.1.5 (g)(iii): the first node below
 * anyPolicy on some path to it has a valid_policy in that set, or is anyPolicy). That bit is
 * known when a node is made, from its parents, so no depth is kept after the next is built and
 * no pruning is needed: a node that has no child cannot reach depth n.
 *
 * Bounds (documented in the reasons): at most MAX_POLICIES policies and MAX_MAPPINGS mappings
 * per certificate; a certificate with more fails the path (fail closed). A depth then has at
 * most MAX_POLICIES + MAX_MAPPINGS + 1 nodes, and each step costs at most a few times
 * (nodes x (policies + mappings)) OID comparisons: linear in the path length.
 */
#include "verify-int.h"

#include "asn1.h"

#include <limits.h>
#include <string.h>

#define MAX_POLICIES 64
#define MAX_MAPPINGS 64
#define MAX_NODES (MAX_POLICIES + MAX_MAPPINGS + 1)
#define OIDLEN 128

#define OID_ANY "2.5.29.32.0"
#define OID_POLICIES "2.5.29.32"
#define OID_MAPPINGS "2.5.29.33"
#define OID_CONSTRAINTS "2.5.29.36"
#define OID_INHIBIT_ANY "2.5.29.54"

typedef struct {
	char issuer[OIDLEN], subject[OIDLEN];
} mapping_t;

/* What one certificate says about policies. */
typedef struct {
	bool has_policies; /* a certificatePolicies extension */
	char (*policies)[OIDLEN];
	size_t npolicies;
	bool has_any; /* anyPolicy among them */
	mapping_t *maps;
	size_t nmaps;
	int64_t require_explicit, inhibit_mapping, inhibit_any; /* -1: absent */
} certpol_t;

typedef struct {
	char oid[OIDLEN];
	bool any;      /* valid_policy is anyPolicy */
	bool ok;       /* survives the intersection with the user-initial-policy-set */
	bool mapped;   /* expected_policy_set comes from the level's mappings */
	bool from_any; /* made by step (d)(2) (the certificate's anyPolicy) */
} pnode_t;

/* One member of one node's expected_policy_set. */
typedef struct {
	size_t node;     /* index in the level */
	const char *oid; /* the node's own OID, or a subject-domain policy it maps to */
} expect_t;

typedef struct {
	pnode_t *nodes; /* MAX_NODES */
	size_t n;
	const mapping_t *maps; /* the mappings of this depth's certificate, after 6.1.4 (b) */
	size_t nmaps;
	expect_t *exp; /* every expected_policy_set, flattened (MAX_EXPECT): a mapping adds
			  one member to one node, so nodes + mappings bound it */
	size_t nexp;
} level_t;

#define MAX_EXPECT (MAX_NODES + MAX_MAPPINGS)

static void certpol_free(certpol_t *c)
{
	pki_free(c->policies);
	pki_free(c->maps);
	memset(c, 0, sizeof(*c));
}

typedef enum { P_OK = 0, P_MALFORMED, P_TOO_MANY, P_NOMEM } pst_t;

static pst_t pst_of(int rc)
{
	return rc == PKI_E_NOMEM ? P_NOMEM : P_MALFORMED;
}

/* The extension @p oid of @p crt decoded as @p type; *node NULL when absent. */
static pst_t ext_decode(asn1_node *node, gnutls_x509_crt_t crt, const char *oid,
			const char *type)
{
	gnutls_datum_t der = { NULL, 0 };
	unsigned crit = 0;
	int ret = gnutls_x509_crt_get_extension_by_oid2(crt, oid, 0, &der, &crit);

	*node = NULL;
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return P_OK;
	if (ret < 0)
		return ret == GNUTLS_E_MEMORY_ERROR ? P_NOMEM : P_MALFORMED;
	ret = pki__asn1_decode(node, type, der.data, der.size);
	gnutls_free(der.data);
	return ret < 0 ? pst_of(ret) : P_OK;
}

/* A SkipCerts INTEGER (0..MAX) at @p name; -1 when absent. */
static pst_t read_skip(int64_t *out, asn1_node node, const char *name)
{
	int rc = pki__asn1_read_int(out, node, name);

	if (rc == PKI_E_NOT_FOUND) {
		*out = -1;
		return P_OK;
	}
	if (rc < 0 || *out < 0)
		return rc == PKI_E_NOMEM ? P_NOMEM : P_MALFORMED;
	if (*out > INT_MAX)
		*out = INT_MAX; /* more than any path */
	return P_OK;
}

/* The number of elements of the SEQUENCE OF @p node in @p n (1..@p max) and a zeroed array
 * of them (@p elem bytes each) in @p out: P_OK, P_MALFORMED, P_TOO_MANY or P_NOMEM. */
static pst_t seq_alloc(void **out, size_t *n, asn1_node node, size_t max, size_t elem)
{
	*n = 0;
	if (pki__asn1_count(n, node, "") < 0 || *n == 0)
		return P_MALFORMED;
	if (*n > max)
		return P_TOO_MANY;
	return (*out = pki__zalloc(*n * elem)) ? P_OK : P_NOMEM;
}

static pst_t read_policies(certpol_t *c, asn1_node node)
{
	void *list = NULL;
	size_t n;
	pst_t st = seq_alloc(&list, &n, node, MAX_POLICIES, sizeof(*c->policies));

	c->has_policies = true;
	c->policies = list;
	for (size_t k = 0; st == P_OK && k < n; k++) {
		char elem[48];

		snprintf(elem, sizeof(elem), "?%zu.policyIdentifier", k + 1);
		if (pki__asn1_read_oid(c->policies[k], OIDLEN, node, elem) < 0)
			return P_MALFORMED;
		for (size_t j = 0; j < k; j++) /* RFC 5280 4.2.1.4: at most once */
			if (strcmp(c->policies[j], c->policies[k]) == 0)
				st = P_MALFORMED;
		if (strcmp(c->policies[k], OID_ANY) == 0)
			c->has_any = true;
		c->npolicies = k + 1;
	}
	return st;
}

static pst_t read_mappings(certpol_t *c, asn1_node node)
{
	void *list = NULL;
	size_t n;
	pst_t st = seq_alloc(&list, &n, node, MAX_MAPPINGS, sizeof(*c->maps));

	c->maps = list;
	for (size_t k = 0; st == P_OK && k < n; k++) {
		char e1[48], e2[48];

		snprintf(e1, sizeof(e1), "?%zu.issuerDomainPolicy", k + 1);
		snprintf(e2, sizeof(e2), "?%zu.subjectDomainPolicy", k + 1);
		if (pki__asn1_read_oid(c->maps[k].issuer, OIDLEN, node, e1) < 0 ||
		    pki__asn1_read_oid(c->maps[k].subject, OIDLEN, node, e2) < 0)
			st = P_MALFORMED;
		c->nmaps = k + 1;
	}
	return st;
}

static pst_t read_constraints(certpol_t *c, asn1_node node)
{
	pst_t st = read_skip(&c->require_explicit, node, "requireExplicitPolicy");

	if (st == P_OK)
		st = read_skip(&c->inhibit_mapping, node, "inhibitPolicyMapping");
	if (st == P_OK && c->require_explicit < 0 && c->inhibit_mapping < 0)
		st = P_MALFORMED; /* RFC 5280 4.2.1.11: an empty sequence MUST NOT be issued */
	return st;
}

static pst_t read_inhibit_any(certpol_t *c, asn1_node node)
{
	pst_t st = read_skip(&c->inhibit_any, node, "");

	return st == P_OK && c->inhibit_any < 0 ? P_MALFORMED : st;
}

/* Decode what @p crt says about policies; @p what names the failing extension. */
static pst_t certpol_read(certpol_t *c, gnutls_x509_crt_t crt, const char **what)
{
	static const struct {
		const char *name, *oid, *type;
		pst_t (*read)(certpol_t *c, asn1_node node);
	} exts[] = {
		{ "certificatePolicies", OID_POLICIES, "CertificatePolicies", read_policies },
		{ "policyMappings", OID_MAPPINGS, "PolicyMappings", read_mappings },
		{ "policyConstraints", OID_CONSTRAINTS, "PolicyConstraints", read_constraints },
		{ "inhibitAnyPolicy", OID_INHIBIT_ANY, "InhibitAnyPolicy", read_inhibit_any },
	};
	pst_t st = P_OK;

	memset(c, 0, sizeof(*c));
	c->require_explicit = c->inhibit_mapping = c->inhibit_any = -1;
	for (size_t i = 0; st == P_OK && i < sizeof(exts) / sizeof(exts[0]); i++) {
		asn1_node node = NULL;

		*what = exts[i].name;
		st = ext_decode(&node, crt, exts[i].oid, exts[i].type);
		if (st == P_OK && node)
			st = exts[i].read(c, node);
		pki__asn1_free(&node);
	}
	return st;
}

/* ---- the graph ----------------------------------------------------------------------- */

/* Flatten the expected_policy_sets of @p l into l->exp, once per depth, so that the next
 * depth scans one list instead of every node's mappings. */
static void flatten(level_t *l)
{
	l->nexp = 0;
	for (size_t k = 0; k < l->n; k++) {
		const pnode_t *nd = &l->nodes[k];

		if (!nd->mapped) {
			l->exp[l->nexp].node = k;
			l->exp[l->nexp++].oid = nd->oid;
			continue;
		}
		for (size_t m = 0; m < l->nmaps && l->nexp < MAX_EXPECT; m++) {
			if (strcmp(l->maps[m].issuer, nd->oid) == 0) {
				l->exp[l->nexp].node = k;
				l->exp[l->nexp++].oid = l->maps[m].subject;
			}
		}
	}
}

static pnode_t *find(level_t *l, const char *oid)
{
	for (size_t k = 0; k < l->n; k++)
		if (strcmp(l->nodes[k].oid, oid) == 0)
			return &l->nodes[k];
	return NULL;
}

static pnode_t *add(level_t *l, const char *oid)
{
	pnode_t *nd;

	if (l->n >= MAX_NODES)
		return NULL; /* cannot happen within the bounds; the caller fails closed */
	nd = &l->nodes[l->n++];
	memset(nd, 0, sizeof(*nd));
	snprintf(nd->oid, sizeof(nd->oid), "%s", oid);
	nd->any = strcmp(oid, OID_ANY) == 0;
	return nd;
}

typedef struct {
	char **set; /* user-initial-policy-set; NULL: anyPolicy */
	size_t n;
} uset_t;

static bool in_user_set(const uset_t *u, const char *oid)
{
	if (!u->set)
		return true;
	for (size_t k = 0; k < u->n; k++)
		if (strcmp(u->set[k], oid) == 0)
			return true;
	return false;
}

/* 6.1.3 (d): the nodes of depth i (@p cur) from depth i-1 (@p prev) and the certificate's
 * policies; false when a bound is hit. */
static bool grow(level_t *cur, const level_t *prev, const certpol_t *c, bool any_allowed,
		 const uset_t *u)
{
	const pnode_t *anynode = NULL;

	for (size_t k = 0; k < prev->n; k++)
		if (prev->nodes[k].any)
			anynode = &prev->nodes[k];
	cur->n = 0;
	/* (1) each policy of the certificate other than anyPolicy */
	for (size_t p = 0; p < c->npolicies; p++) {
		const char *oid = c->policies[p];
		bool matched = false, ok = false;
		pnode_t *nd;

		if (strcmp(oid, OID_ANY) == 0)
			continue;
		for (size_t e = 0; e < prev->nexp; e++) {
			const pnode_t *m = &prev->nodes[prev->exp[e].node];

			if (!m->any && strcmp(prev->exp[e].oid, oid) == 0) {
				matched = true;
				ok = ok || m->ok;
			}
		}
		if (!matched && anynode) {
			matched = true;
			ok = in_user_set(u, oid); /* its parent is anyPolicy */
		}
		if (!matched)
			continue;
		if (!(nd = add(cur, oid)))
			return false;
		nd->ok = ok;
	}
	/* (2) anyPolicy: every expected policy of depth i-1 not made in (1) */
	if (c->has_any && any_allowed) {
		for (size_t e = 0; e < prev->nexp; e++) {
			const pnode_t *m = &prev->nodes[prev->exp[e].node];
			pnode_t *nd = find(cur, prev->exp[e].oid);

			if (nd && !nd->from_any)
				continue; /* made in (1) */
			if (!nd) {
				if (!(nd = add(cur, prev->exp[e].oid)))
					return false;
				nd->from_any = true;
			}
			/* a child of anyPolicy is anyPolicy itself here: mappings never map to
			 * or from anyPolicy (6.1.4 (a)) */
			nd->ok = nd->ok || m->ok || nd->any;
		}
	}
	return true;
}

/* 6.1.4 (b): apply the mappings of the certificate of depth i to @p l. */
static bool map_level(level_t *l, const certpol_t *c, bool mapping_allowed)
{
	const pnode_t *anynode = NULL;

	l->maps = c->maps;
	l->nmaps = c->nmaps;
	if (c->nmaps == 0)
		return true;
	for (size_t k = 0; k < l->n; k++)
		if (l->nodes[k].any)
			anynode = &l->nodes[k];
	if (!mapping_allowed) {
		/* (2) delete the nodes of the mapped issuer-domain policies */
		size_t w = 0;

		for (size_t k = 0; k < l->n; k++) {
			bool mapped = false;

			for (size_t m = 0; m < c->nmaps && !mapped; m++)
				mapped = strcmp(c->maps[m].issuer, l->nodes[k].oid) == 0;
			if (!mapped)
				l->nodes[w++] = l->nodes[k];
		}
		l->n = w;
		return true;
	}
	/* (1) a node whose policy is mapped now expects the subject-domain policies; with no
	 * node for it but an anyPolicy node, one is made (a child of anyPolicy at depth i-1) */
	for (size_t m = 0; m < c->nmaps; m++) {
		pnode_t *nd = find(l, c->maps[m].issuer);

		if (!nd && anynode && !(nd = add(l, c->maps[m].issuer)))
			return false; /* its ok bit is set by the caller */
		if (nd)
			nd->mapped = true;
	}
	return true;
}

/* ---- reasons ------------------------------------------------------------------------- */

/* The certificate as verify.c names it: its role, position and subject ("the leaf 'CN=x'",
 * "intermediate 1 'CN=Sub CA'", "the trust anchor 'CN=Root'"). */
static void who(char *buf, size_t len, const pki__path_t *path, size_t pos)
{
	snprintf(buf, len, "%s", pki__pname(path, pos));
}

static void policy_list(char *buf, size_t len, const certpol_t *c)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < c->npolicies && o + 20 < len; k++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", k ? ", " : "",
				      strcmp(c->policies[k], OID_ANY) == 0 ? "anyPolicy"
									   : c->policies[k]);
	if (o + 20 >= len)
		snprintf(buf + o, len - o, ", ...");
}

/* ---- the check ----------------------------------------------------------------------- */

/* Whether no certificate of @p path has any of the policy extensions. */
static bool no_policy_extensions(const pki__path_t *path)
{
	static const char *const oids[] = { OID_POLICIES, OID_MAPPINGS, OID_CONSTRAINTS,
					    OID_INHIBIT_ANY };

	for (size_t i = 0; i < path->n; i++)
		for (unsigned k = 0;; k++) {
			char oid[OIDLEN];
			size_t len = sizeof(oid);
			unsigned crit = 0;
			int ret = gnutls_x509_crt_get_extension_info(path->certs[i], k, oid, &len,
								     &crit);

			if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
				break;
			if (ret < 0)
				return false; /* let the full processing see it */
			for (size_t j = 0; j < sizeof(oids) / sizeof(oids[0]); j++)
				if (strcmp(oid, oids[j]) == 0)
					return false;
		}
	return true;
}

/* The state of RFC 5280 6.1.2 carried from one certificate of the path to the next. */
typedef struct {
	pki__vctx_t *v;
	const pki__path_t *path;
	size_t n; /* RFC certificates 1..n; the top of the path is the anchor */
	level_t a, b, *prev, *cur; /* depth i-1 and depth i of the graph */
	certpol_t cp[2]; /* the certificate of depth i and of depth i-1 (its mappings) */
	certpol_t *cpcur, *cpprev;
	uset_t u;
	char explicit_src[480]; /* what set explicit_policy to 0, for the reasons */
	int64_t explicit_policy, inhibit_any, policy_mapping;
	bool graph; /* valid_policy_graph not NULL */
} pstate_t;

static void state_free(pstate_t *s)
{
	certpol_free(&s->cp[0]);
	certpol_free(&s->cp[1]);
	pki_free(s->a.nodes);
	pki_free(s->b.nodes);
	pki_free(s->a.exp);
	pki_free(s->b.exp);
}

/* 6.1.2: the inputs from the options @p o (NULL: the defaults) and a graph holding anyPolicy
 * at depth 0; false when out of memory (reported). */
static bool state_init(pstate_t *s, pki__vctx_t *v, const pki_verify_opts_t *o,
		       const pki__path_t *path)
{
	memset(s, 0, sizeof(*s));
	s->v = v;
	s->path = path;
	s->n = path->n - 1;
	s->prev = &s->a;
	s->cur = &s->b;
	s->cpcur = &s->cp[0];
	s->cpprev = &s->cp[1];
	s->graph = true;
	snprintf(s->explicit_src, sizeof(s->explicit_src), "the initial-explicit-policy option");
	if (o && o->npolicies > 0) {
		bool any = false;

		for (size_t k = 0; k < o->npolicies; k++)
			any = any || strcmp(o->policies[k], OID_ANY) == 0;
		if (!any) {
			s->u.set = o->policies;
			s->u.n = o->npolicies;
		}
	}
	s->explicit_policy = o && o->explicit_policy ? 0 : (int64_t)s->n + 1;
	s->inhibit_any = o && o->inhibit_any ? 0 : (int64_t)s->n + 1;
	s->policy_mapping = o && o->inhibit_mapping ? 0 : (int64_t)s->n + 1;

	s->a.nodes = pki__zalloc(MAX_NODES * sizeof(pnode_t));
	s->b.nodes = pki__zalloc(MAX_NODES * sizeof(pnode_t));
	s->a.exp = pki__zalloc(MAX_EXPECT * sizeof(expect_t));
	s->b.exp = pki__zalloc(MAX_EXPECT * sizeof(expect_t));
	if (!s->a.nodes || !s->b.nodes || !s->a.exp || !s->b.exp) {
		pki__vnomem(v);
		return false;
	}
	add(s->prev, OID_ANY)->ok = true; /* depth 0 */
	flatten(s->prev);
	return true;
}

/* The policy extensions of the certificate at path position @p pos (@p name) into s->cpcur;
 * false when they cannot be read (a reason given). */
static bool read_cert(pstate_t *s, size_t pos, const char *name)
{
	const char *what = "";
	pst_t st;

	certpol_free(s->cpcur);
	st = certpol_read(s->cpcur, s->path->certs[pos], &what);
	if (st == P_NOMEM) {
		pki__vnomem(s->v);
		return false;
	}
	if (st == P_TOO_MANY) {
		pki__vreason(s->v, PKI_VERIFY_POLICY, (int)pos,
			     "%s has more entries in its %s extension than libpki examines "
			     "(%d), so its policies cannot be checked",
			     name, what,
			     strcmp(what, "policyMappings") == 0 ? MAX_MAPPINGS : MAX_POLICIES);
		return false;
	}
	if (st != P_OK) {
		pki__vreason(s->v, PKI_VERIFY_MALFORMED, (int)pos,
			     "the %s extension of %s is malformed, so its policies cannot be "
			     "checked",
			     what, name);
		return false;
	}
	return true;
}

/* 6.1.3 (d), (e), (f) for RFC certificate @p i (path position @p pos): depth i of the graph
 * from its policies; false when the path fails here (a reason given). */
static bool process_policies(pstate_t *s, size_t i, size_t pos, const char *name, bool self)
{
	const certpol_t *c = s->cpcur;

	/* (d), (e) */
	if (s->graph && c->has_policies) {
		if (!grow(s->cur, s->prev, c, s->inhibit_any > 0 || (i < s->n && self), &s->u)) {
			pki__vreason(s->v, PKI_VERIFY_POLICY, (int)pos,
				     "the policy graph at %s grows beyond libpki's bound", name);
			return false;
		}
		s->graph = s->cur->n > 0;
	} else {
		s->cur->n = 0;
		s->graph = false;
	}
	s->cur->maps = NULL;
	s->cur->nmaps = 0;
	/* (f) */
	if (s->explicit_policy == 0 && !s->graph) {
		char list[300];

		policy_list(list, sizeof(list), c);
		if (!c->has_policies)
			pki__vreason(s->v, PKI_VERIFY_POLICY, (int)pos,
				     "%s has no certificatePolicies extension, and an explicit "
				     "policy is required (%s)",
				     name, s->explicit_src);
		else
			pki__vreason(s->v, PKI_VERIFY_POLICY, (int)pos,
				     "none of the policies of %s (%s) is valid for the path "
				     "above it, and an explicit policy is required (%s)",
				     name, list, s->explicit_src);
		return false;
	}
	return true;
}

/* 6.1.4 (a), (b), (h), (i), (j): the preparation for the certificate below a CA (@p pos);
 * false when the path fails here (a reason given). */
static bool prepare_next(pstate_t *s, size_t pos, const char *name, bool self)
{
	const certpol_t *c = s->cpcur;

	/* (a) */
	for (size_t m = 0; m < c->nmaps; m++) {
		if (strcmp(c->maps[m].issuer, OID_ANY) == 0 ||
		    strcmp(c->maps[m].subject, OID_ANY) == 0) {
			pki__vreason(s->v, PKI_VERIFY_POLICY, (int)pos,
				     "the policyMappings of %s map anyPolicy, which RFC "
				     "5280 forbids",
				     name);
			return false;
		}
	}
	/* (b) */
	if (s->graph) {
		size_t before = s->cur->n;

		if (!map_level(s->cur, c, s->policy_mapping > 0)) {
			pki__vreason(s->v, PKI_VERIFY_POLICY, (int)pos,
				     "the policy graph at %s grows beyond libpki's bound", name);
			return false;
		}
		/* nodes made for mapped policies under anyPolicy: their parent is
		 * anyPolicy, so the user-set test decides */
		for (size_t k = before; k < s->cur->n; k++)
			s->cur->nodes[k].ok = in_user_set(&s->u, s->cur->nodes[k].oid);
		s->graph = s->cur->n > 0;
	}
	/* (h) */
	if (!self) {
		if (s->explicit_policy > 0)
			s->explicit_policy--;
		if (s->policy_mapping > 0)
			s->policy_mapping--;
		if (s->inhibit_any > 0)
			s->inhibit_any--;
	}
	/* (i), (j) */
	if (c->require_explicit >= 0 && c->require_explicit < s->explicit_policy) {
		s->explicit_policy = c->require_explicit;
		snprintf(s->explicit_src, sizeof(s->explicit_src), "requireExplicitPolicy of %s",
			 name);
	}
	if (c->inhibit_mapping >= 0 && c->inhibit_mapping < s->policy_mapping)
		s->policy_mapping = c->inhibit_mapping;
	if (c->inhibit_any >= 0 && c->inhibit_any < s->inhibit_any)
		s->inhibit_any = c->inhibit_any;
	return true;
}

/* 6.1.5 (a), (b), (g): the wrap-up at the leaf (@p pos). */
static void wrap_up(pstate_t *s, size_t pos, const char *name)
{
	bool any_ok = false;

	/* (a), (b) */
	if (s->explicit_policy > 0)
		s->explicit_policy--;
	if (s->cpcur->require_explicit == 0) {
		s->explicit_policy = 0;
		snprintf(s->explicit_src, sizeof(s->explicit_src), "requireExplicitPolicy of %s",
			 name);
	}
	/* (g): the intersection is empty unless a node of depth n survives it */
	if (s->explicit_policy != 0)
		return;
	for (size_t k = 0; s->graph && k < s->cur->n; k++)
		any_ok = any_ok || s->cur->nodes[k].ok;
	if (!any_ok)
		pki__vreason(s->v, PKI_VERIFY_POLICY, (int)pos,
			     "no certificate policy of the path is %s, and an "
			     "explicit policy is required (%s)",
			     s->u.set ? "among the acceptable policies given"
				      : "valid down to the leaf",
			     s->explicit_src);
}

/* Depth i becomes depth i-1; the certificate's mappings stay with it. */
static void next_depth(pstate_t *s)
{
	level_t *t = s->prev;
	certpol_t *tc = s->cpprev;

	flatten(s->cur);
	s->prev = s->cur;
	s->cur = t;
	s->cpprev = s->cpcur;
	s->cpcur = tc;
}

void pki__policy_check(pki__vctx_t *v, const pki__path_t *path)
{
	const pki_verify_opts_t *o = pki__vctx_opts(v);
	pstate_t s;

	if (!path || path->n < 2)
		return; /* nothing below the anchor */
	/* Without any policy extension and with the default inputs (any policy, explicit
	 * policy not required) the outcome is known: the graph empties at the first
	 * certificate, explicit_policy stays above 0 (n + 1, decremented n times at most, and no
	 * requireExplicitPolicy), so 6.1.5 (g) finds the path valid. Most chains are like
	 * this; building the graph for them cost more than the rest of the validation. */
	if ((!o || (!o->explicit_policy && o->npolicies == 0)) && no_policy_extensions(path))
		return;
	if (!state_init(&s, v, o, path))
		goto out;
	for (size_t i = 1; i <= s.n; i++) {
		size_t pos = s.n - i; /* path position of RFC certificate i */
		char name[400];
		bool self;

		who(name, sizeof(name), path, pos);
		if (!read_cert(&s, pos, name))
			goto out;
		self = pki__crt_self_issued(path->certs[pos]);
		if (!process_policies(&s, i, pos, name, self))
			goto out;
		if (i < s.n) {
			if (!prepare_next(&s, pos, name, self))
				goto out;
		} else {
			wrap_up(&s, pos, name);
		}
		next_depth(&s);
	}
out:
	state_free(&s);
}
