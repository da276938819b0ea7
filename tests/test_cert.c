/*
 * Tests for reading certificates and chains. The certificates are made in a scratch folder by
 * the real openssl and certtool binaries, so libpki is checked against independent tools.
 */
#include "helpers.h"

#include <stdarg.h>
#include <time.h>

/* The string getter GETTER(&s, CERT) returns 0 and exactly @p want (cert_str_ of helpers.h
 * asserts the 0 and a string), which is then freed; @p why is added to the failure. */
#define cert_str_is_(want, getter, cert, why)                                              \
	do {                                                                               \
		char *s_ = cert_str_(getter, (cert));                                      \
		cr_assert_str_eq(s_, (want), "%s %s", #getter, (why));                     \
		pki_free(s_);                                                              \
	} while (0)

static const char *openssl_(void)
{
	const char *o = getenv("OPENSSL");

	return o && *o && strcmp(o, "no") ? o : "openssl";
}

static const char *certtool_(void)
{
	const char *c = getenv("CERTTOOL");

	return c && *c && strcmp(c, "no") ? c : "certtool";
}

/* Run a shell command built from @p fmt; the test fails when it does. */
static void sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	cr_assert_eq(rc, 0, "command failed (%d): %s", rc, cmd);
}

/* The first line of a command's output, without its newline (free()). */
static char *sh_out(const char *fmt, ...)
{
	char cmd[4096], line[1024] = "";
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	if (!fgets(line, sizeof(line), p))
		line[0] = '\0';
	cr_assert_eq(pclose(p), 0, "command failed: %s", cmd);
	line[strcspn(line, "\n")] = '\0';
	return strdup(line);
}

/* Lower-case hex without colons, as libpki prints identifiers. */
static char *plain_hex(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++)
		if (*r != ':' && *r != ' ')
			*w++ = (char)(*r >= 'A' && *r <= 'F' ? *r + 32 : *r);
	*w = '\0';
	return s;
}

static char *ossl_fingerprint(const char *path)
{
	char *s = sh_out("%s x509 -in '%s' -noout -fingerprint -sha256 | sed 's/.*=//'", openssl_(),
			 path);

	return plain_hex(s);
}

static char *ossl_ski(const char *path)
{
	char *s = sh_out("%s x509 -in '%s' -noout -ext subjectKeyIdentifier | tail -1", openssl_(),
			 path);

	return plain_hex(s);
}

static pki_cert_t *load(const char *path)
{
	pki_cert_t *cert = NULL;

	ok_(pki_cert_import_file(&cert, path, 0));
	cr_assert_not_null(cert);
	return cert;
}

/* A P-256 CA by openssl with every extension libpki reads. */
static char *make_ossl_ca(const char *dir)
{
	char *path = path_in(dir, "ca.pem");

	sh("cd '%s' && %s genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key "
	   "2>/dev/null && %s req -x509 -new -key ca.key -out ca.pem -days 30 -set_serial "
	   "0x00abcdef01 -subj '/C=GB/O=Example CA/CN=Example Root' "
	   "-addext 'basicConstraints=critical,CA:TRUE,pathlen:2' "
	   "-addext 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature' "
	   "-addext 'extendedKeyUsage=serverAuth,clientAuth,1.2.3.4.5' "
	   "-addext 'subjectAltName=DNS:ca.example.com,IP:10.9.8.7,IP:2001:db8::42,"
	   "email:ca@example.com,URI:https://ca.example.com/' 2>/dev/null",
	   dir, openssl_(), openssl_());
	return path;
}

Test(cert, getters_on_an_openssl_ca)
{
	char *dir = scratch_dir(), *path = make_ossl_ca(dir), *s = NULL, *exp;
	pki_cert_t *cert = load(path);
	pki_key_t *key = NULL, *pub = NULL, *other = NULL;
	int64_t nb = 0, na = 0;
	struct tm tm = { 0 };
	char *start;
	static const struct {
		int type;
		const char *value;
	} sans[] = {
		{ PKI_SAN_DNS, "ca.example.com" }, { PKI_SAN_IP, "10.9.8.7" },
		{ PKI_SAN_IP, "2001:db8::42" },    { PKI_SAN_EMAIL, "ca@example.com" },
		{ PKI_SAN_URI, "https://ca.example.com/" },
	};

	cert_str_is_("CN=Example Root,O=Example CA,C=GB", pki_cert_subject, cert, "");
	cert_str_is_("CN=Example Root,O=Example CA,C=GB", pki_cert_issuer, cert, "");
	cert_str_is_("abcdef01", pki_cert_serial, cert, "");
	/* openssl wrote the dates from the wall clock (no hook reaches it): the notBefore libpki
	 * reads must be the one openssl reads back, to the second */
	start = sh_out("%s x509 -in '%s' -noout -startdate -dateopt iso_8601", openssl_(), path);
	cr_assert_eq(sscanf(start, "notBefore=%d-%d-%d %d:%d:%dZ", &tm.tm_year, &tm.tm_mon,
			    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec),
		     6, "%s", start);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	ok_(pki_cert_validity(&nb, &na, cert));
	cr_assert_eq(nb, (int64_t)timegm(&tm), "notBefore %lld, openssl: %s", (long long)nb, start);
	free(start);
	cr_assert_eq(na - nb, 30 * 86400);

	cr_assert_eq(pki_cert_san_count(cert), 5);
	for (unsigned i = 0; i < 5; i++) {
		cr_assert_eq(pki_cert_san(&s, cert, i), sans[i].type, "%u: %s", i, pki_error_detail());
		cr_assert_str_eq(s, sans[i].value);
		pki_free(s);
	}
	fails_(PKI_E_NOT_FOUND, pki_cert_san(&s, cert, 5));
	cr_assert_null(s);

	cr_assert(pki_cert_is_ca(cert));
	cr_assert_eq(pki_cert_path_len(cert), 2);
	cr_assert_eq(pki_cert_key_usage(cert),
		     PKI_KU_KEY_CERT_SIGN | PKI_KU_CRL_SIGN | PKI_KU_DIGITAL_SIGNATURE);
	cr_assert_eq(pki_cert_ext_key_usage(cert),
		     PKI_EKU_SERVER_AUTH | PKI_EKU_CLIENT_AUTH | PKI_EKU_OTHER);

	exp = ossl_ski(path);
	cert_str_is_(exp, pki_cert_subject_key_id, cert, "");
	cert_str_is_(exp, pki_cert_authority_key_id, cert, "self-signed: AKI = SKI");
	free(exp);

	cert_str_is_("ECDSA-SHA256", pki_cert_signature_algorithm, cert, "");
	exp = ossl_fingerprint(path);
	ok_(pki_cert_fingerprint(&s, cert, 0));
	cr_assert_str_eq(s, exp);
	cr_assert_eq(strlen(s), 64);
	pki_free(s);
	free(exp);

	free(path);
	path = path_in(dir, "ca.key");
	ok_(pki_key_import_file(&key, path, NULL, 0));
	ok_(pki_cert_public_key(&pub, cert));
	cr_assert(pki_key_equal(pub, key));
	cr_assert(pki_cert_matches_key(cert, key));
	cr_assert(pki_cert_matches_key(cert, pub));
	ok_(pki_key_generate(&other, PKI_KEY_EC_P256, 0, 0));
	cr_assert_not(pki_cert_matches_key(cert, other));
	cr_assert_not(pki_cert_matches_key(cert, NULL));
	cr_assert_not(pki_cert_matches_key(NULL, key));
	pki_key_free(other);
	pki_key_free(pub);
	pki_key_free(key);
	free(path);
	pki_cert_free(cert);
	rmtree_(dir);
}

Test(cert, json_of_an_openssl_ca)
{
	char *dir = scratch_dir(), *path = make_ossl_ca(dir), *json = NULL, *exp, want[256];
	pki_cert_t *cert = load(path);
	char nb[40], na[40];
	int64_t tb, ta;
	struct tm tm;
	time_t t;

	ok_(pki_cert_to_json(&json, cert, 0));
	cr_assert(json[0] == '{' && json[strlen(json) - 1] == '}');
#define HAS(s) cr_assert(strstr(json, s) != NULL, "missing %s in %s", s, json)
	HAS("\"subject\":\"CN=Example Root,O=Example CA,C=GB\"");
	HAS("\"issuer\":\"CN=Example Root,O=Example CA,C=GB\"");
	HAS("\"serial\":\"abcdef01\"");
	HAS("\"dns_names\":[\"ca.example.com\"]");
	HAS("\"ip_addresses\":[\"10.9.8.7\",\"2001:db8::42\"]");
	HAS("\"emails\":[\"ca@example.com\"]");
	HAS("\"uris\":[\"https://ca.example.com/\"]");
	HAS("\"is_ca\":true,\"path_len\":2");
	HAS("\"key_usage\":[\"digitalSignature\",\"keyCertSign\",\"cRLSign\"]");
	HAS("\"extended_key_usage\":[\"serverAuth\",\"clientAuth\",\"1.2.3.4.5\"]");
	HAS("\"public_key\":{\"type\":\"ec\",\"bits\":256,\"curve\":\"P-256\"}");
	HAS("\"signature_algorithm\":\"ECDSA-SHA256\"");
	exp = ossl_fingerprint(path);
	snprintf(want, sizeof(want), "\"fingerprint_sha256\":\"%s\"", exp);
	HAS(want);
	free(exp);
	exp = ossl_ski(path);
	snprintf(want, sizeof(want), "\"subject_key_id\":\"%s\",\"authority_key_id\":\"%s\",", exp,
		 exp);
	HAS(want);
	free(exp);
	ok_(pki_cert_validity(&tb, &ta, cert));
	t = (time_t)tb;
	gmtime_r(&t, &tm);
	strftime(nb, sizeof(nb), "\"not_before\":\"%Y-%m-%dT%H:%M:%SZ\"", &tm);
	t = (time_t)ta;
	gmtime_r(&t, &tm);
	strftime(na, sizeof(na), "\"not_after\":\"%Y-%m-%dT%H:%M:%SZ\"", &tm);
	HAS(nb);
	HAS(na);
#undef HAS
	pki_free(json);
	pki_cert_free(cert);
	free(path);
	rmtree_(dir);
}

/* A version 1 certificate without any extension: every optional item is absent. */
Test(cert, absent_extensions)
{
	char *dir = scratch_dir(), *path = path_in(dir, "plain.pem"), *s = (char *)1, *json = NULL;
	pki_cert_t *cert;

	sh("cd '%s' && %s genpkey -algorithm ED25519 -out k.pem && %s req -new -key k.pem -subj "
	   "/CN=plain -out r.csr && %s x509 -req -in r.csr -signkey k.pem -days 2 -set_serial 0x80 "
	   "-out plain.pem 2>/dev/null",
	   dir, openssl_(), openssl_(), openssl_());
	cert = load(path);
	cr_assert_not(pki_cert_is_ca(cert));
	fails_(PKI_E_NOT_FOUND, pki_cert_path_len(cert));
	fails_(PKI_E_NOT_FOUND, pki_cert_key_usage(cert));
	fails_(PKI_E_NOT_FOUND, pki_cert_ext_key_usage(cert));
	fails_(PKI_E_NOT_FOUND, pki_cert_subject_key_id(&s, cert));
	cr_assert_null(s);
	fails_(PKI_E_NOT_FOUND, pki_cert_authority_key_id(&s, cert));
	cr_assert_eq(pki_cert_san_count(cert), 0);
	fails_(PKI_E_NOT_FOUND, pki_cert_san(&s, cert, 0));
	cert_str_is_("80", pki_cert_serial, cert, "the DER sign byte is not part of the serial");
	cert_str_is_("EdDSA-Ed25519", pki_cert_signature_algorithm, cert, "");
	ok_(pki_cert_to_json(&json, cert, 0));
	cr_assert(strstr(json, "\"is_ca\":false,\"path_len\":null,\"key_usage\":[],"
			       "\"extended_key_usage\":[]") != NULL,
		  "%s", json);
	cr_assert(strstr(json, "\"dns_names\":[],\"ip_addresses\":[],\"emails\":[],\"uris\":[]") !=
			  NULL,
		  "%s", json);
	cr_assert(strstr(json, "\"subject_key_id\":null,\"authority_key_id\":null,") != NULL, "%s",
		  json);
	cr_assert(strstr(json, "\"extensions\":[],\"ocsp_urls\":[],\"ca_issuers_urls\":[],"
			       "\"crl_urls\":[],\"policies\":[],\"policy_mappings\":[],"
			       "\"name_constraints\":null,\"policy_constraints\":null,"
			       "\"inhibit_any_policy\":null,\"subject_rdns\":[[{\"type\":\"CN\","
			       "\"value\":\"plain\"}]],\"issuer_rdns\":[[{\"type\":\"CN\","
			       "\"value\":\"plain\"}]]}") != NULL,
		  "%s", json);
	cr_assert(strstr(json, "\"public_key\":{\"type\":\"ed25519\",\"bits\":255,\"curve\":\"Ed25519\"}") !=
			  NULL,
		  "%s", json);
	pki_free(json);
	ok_(pki_cert_to_text(&s, cert, 0));
	cr_assert(strstr(s, "Version: 1 (0x0)") != NULL, "%s", s);
	pki_free(s);
	pki_cert_free(cert);
	free(path);
	rmtree_(dir);
}

/* certtool: an RSA intermediate-style CA with pathlen 0 and a leaf signed by it. */
Test(cert, certtool_made, .timeout = 120)
{
	char *dir = scratch_dir(), *path, *s = NULL, *ca_ski;
	pki_cert_t *ca, *leaf;

	sh("cd '%s' && %s genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca.key "
	   "2>/dev/null && %s genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out leaf.key "
	   "2>/dev/null",
	   dir, openssl_(), openssl_());
	sh("cd '%s' && printf '%%s\\n' 'cn = \"certtool CA\"' 'organization = \"Example\"' "
	   "'serial = 0x0102' 'expiration_days = 10' 'ca' 'path_len = 0' 'cert_signing_key' "
	   "'crl_signing_key' 'signing_key' 'encryption_key' >ca.tmpl && timeout 60 %s --generate-self-signed --load-privkey ca.key "
	   "--template ca.tmpl --outfile ca.pem </dev/null >/dev/null 2>&1",
	   dir, certtool_());
	sh("cd '%s' && printf '%%s\\n' 'cn = \"leaf.example.com\"' 'serial = 0x7f00000000000000001a' "
	   "'expiration_days = 5' 'dns_name = \"leaf.example.com\"' 'ip_address = \"::1\"' "
	   "'signing_key' 'encryption_key' 'tls_www_server' 'tls_www_client' 'code_signing_key' "
	   "'email_protection_key' 'time_stamping_key' 'ocsp_signing_key' >leaf.tmpl && "
	   "timeout 60 %s --generate-certificate --load-privkey leaf.key --load-ca-certificate ca.pem "
	   "--load-ca-privkey ca.key --template leaf.tmpl --outfile leaf.pem </dev/null >/dev/null "
	   "2>&1",
	   dir, certtool_());
	path = path_in(dir, "ca.pem");
	ca = load(path);
	free(path);
	path = path_in(dir, "leaf.pem");
	leaf = load(path);

	cr_assert(pki_cert_is_ca(ca));
	cr_assert_eq(pki_cert_path_len(ca), 0);
	/* certtool drops encryption_key for a CA */
	cr_assert_eq(pki_cert_key_usage(ca),
		     PKI_KU_KEY_CERT_SIGN | PKI_KU_CRL_SIGN | PKI_KU_DIGITAL_SIGNATURE);
	cert_str_is_("0102", pki_cert_serial, ca, "");
	cert_str_is_("RSA-SHA256", pki_cert_signature_algorithm, ca, "");

	cr_assert_not(pki_cert_is_ca(leaf));
	fails_(PKI_E_NOT_FOUND, pki_cert_path_len(leaf));
	cr_assert_eq(pki_cert_ext_key_usage(leaf),
		     PKI_EKU_SERVER_AUTH | PKI_EKU_CLIENT_AUTH | PKI_EKU_CODE_SIGNING |
			     PKI_EKU_EMAIL_PROTECTION | PKI_EKU_TIME_STAMPING | PKI_EKU_OCSP_SIGNING);
	/* certtool drops keyEncipherment for an EC key */
	cr_assert_eq(pki_cert_key_usage(leaf), PKI_KU_DIGITAL_SIGNATURE);
	cert_str_is_("7f00000000000000001a", pki_cert_serial, leaf, "");
	cert_str_is_("CN=certtool CA,O=Example", pki_cert_issuer, leaf, "");
	ok_(pki_cert_subject_key_id(&ca_ski, ca));
	cert_str_is_(ca_ski, pki_cert_authority_key_id, leaf, "the leaf's AKI is the CA's SKI");
	pki_free(ca_ski);
	ok_(pki_cert_to_text(&s, leaf, 0));
	cr_assert(strstr(s, "Issuer: CN=certtool CA,O=Example") != NULL, "%s", s);
	cr_assert(strstr(s, "IP Address:::1") != NULL, "%s", s);
	cr_assert(strstr(s, "curve P-384") != NULL, "%s", s);
	cr_assert(strstr(s, "Extended Key Usage:") != NULL && strstr(s, "serverAuth") != NULL,
		  "%s", s);
	pki_free(s);
	ok_(pki_cert_to_json(&s, leaf, 0));
	/* certtool writes the purposes in its own order, which the JSON keeps */
	{
		static const char *const ekus[] = { "\"serverAuth\"", "\"clientAuth\"",
						    "\"codeSigning\"", "\"emailProtection\"",
						    "\"timeStamping\"", "\"OCSPSigning\"" };
		char *e = strstr(s, "\"extended_key_usage\":[");

		cr_assert_not_null(e, "%s", s);
		for (size_t i = 0; i < 6; i++) {
			char *f = strstr(e, ekus[i]);

			cr_assert(f && f < strchr(e, ']'), "%s not in %s", ekus[i], s);
		}
	}
	cr_assert(strstr(s, "\"key_usage\":[\"digitalSignature\"]") != NULL, "%s", s);
	pki_free(s);
	ok_(pki_cert_to_json(&s, ca, 0));
	cr_assert(strstr(s, "\"key_usage\":[\"digitalSignature\",\"keyCertSign\",\"cRLSign\"]") != NULL,
		  "%s", s);
	cr_assert(strstr(s, "\"public_key\":{\"type\":\"rsa\",\"bits\":2048,\"curve\":null}") != NULL,
		  "%s", s);
	cr_assert(strstr(s, "\"is_ca\":true,\"path_len\":0") != NULL, "%s", s);
	pki_free(s);
	pki_cert_free(ca);
	pki_cert_free(leaf);
	free(path);
	rmtree_(dir);
}

Test(cert, every_key_usage_bit)
{
	char *dir = scratch_dir(), *path = path_in(dir, "ku.pem"), *json = NULL;
	pki_cert_t *cert;

	sh("cd '%s' && %s genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k.pem "
	   "2>/dev/null && %s req -x509 -new -key k.pem -subj /CN=ku -days 1 -out ku.pem "
	   "-addext 'keyUsage=digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,"
	   "keyAgreement,keyCertSign,cRLSign,encipherOnly,decipherOnly' "
	   "-addext 'extendedKeyUsage=anyExtendedKeyUsage' 2>/dev/null",
	   dir, openssl_(), openssl_());
	cert = load(path);
	cr_assert_eq(pki_cert_key_usage(cert), 0x1ff);
	cr_assert_eq(pki_cert_ext_key_usage(cert), PKI_EKU_ANY);
	ok_(pki_cert_to_json(&json, cert, 0));
	cr_assert(strstr(json, "\"key_usage\":[\"digitalSignature\",\"nonRepudiation\","
			       "\"keyEncipherment\",\"dataEncipherment\",\"keyAgreement\","
			       "\"keyCertSign\",\"cRLSign\",\"encipherOnly\",\"decipherOnly\"],"
			       "\"extended_key_usage\":[\"anyExtendedKeyUsage\"]") != NULL,
		  "%s", json);
	pki_free(json);
	pki_cert_free(cert);
	free(path);
	rmtree_(dir);
}

Test(cert, text_dump)
{
	char *dir = scratch_dir(), *path = make_ossl_ca(dir), *t = NULL, *fp;
	pki_cert_t *cert = load(path);

	ok_(pki_cert_to_text(&t, cert, 0));
	cr_assert(strstr(t, "Version: 3 (0x2)") != NULL, "%s", t);
	cr_assert(strstr(t, "Serial Number: ab:cd:ef:01") != NULL, "%s", t);
	cr_assert(strstr(t, "Signature Algorithm: ECDSA-SHA256") != NULL, "%s", t);
	cr_assert(strstr(t, "Issuer: CN=Example Root,O=Example CA,C=GB") != NULL, "%s", t);
	cr_assert(strstr(t, "Not Before: ") != NULL && strstr(t, "Not After : ") != NULL, "%s", t);
	cr_assert(strstr(t, "Subject: CN=Example Root") != NULL, "%s", t);
	cr_assert(strstr(t, "curve P-256 (256 bits)") != NULL, "%s", t);
	cr_assert(strstr(t, "Basic Constraints: critical\n            CA:TRUE, pathlen:2") != NULL,
		  "%s", t);
	cr_assert(strstr(t, "Key Usage: critical\n            digitalSignature, keyCertSign, cRLSign") !=
			  NULL,
		  "%s", t);
	cr_assert(strstr(t, "DNS:ca.example.com, IP Address:10.9.8.7") != NULL, "%s", t);
	fp = sh_out("%s x509 -in '%s' -noout -fingerprint -sha256 | sed 's/.*=//'", openssl_(), path);
	cr_assert(strstr(t, fp) != NULL, "fingerprint %s not in %s", fp, t);
	free(fp);
	pki_free(t);
	pki_cert_free(cert);
	free(path);
	rmtree_(dir);
}

Test(cert, export_import_dup)
{
	char *dir = scratch_dir(), *path = make_ossl_ca(dir), *f1 = NULL, *f2 = NULL;
	pki_cert_t *cert = load(path), *back = NULL, *dup = NULL;
	unsigned char *pem = NULL, *der = NULL, *der2 = NULL;
	size_t npem, nder, nder2;

	ok_(pki_cert_export(&pem, &npem, cert, PKI_FORMAT_PEM, 0));
	cr_assert(strncmp((char *)pem, "-----BEGIN CERTIFICATE-----", 27) == 0);
	ok_(pki_cert_export(&der, &nder, cert, PKI_FORMAT_DER, 0));
	ok_(pki_cert_import(&back, der, nder, 0));
	ok_(pki_cert_export(&der2, &nder2, back, PKI_FORMAT_DER, 0));
	cr_assert(nder == nder2 && memcmp(der, der2, nder) == 0);
	pki_free(der2);
	pki_cert_free(back);
	ok_(pki_cert_import(&back, pem, npem, 0));
	ok_(pki_cert_dup(&dup, back));
	ok_(pki_cert_fingerprint(&f1, cert, 0));
	ok_(pki_cert_fingerprint(&f2, dup, 0));
	cr_assert_str_eq(f1, f2);
	pki_cert_free(back); /* the duplicate outlives its source */
	pki_free(f2);
	ok_(pki_cert_fingerprint(&f2, dup, 0));
	cr_assert_str_eq(f1, f2);
	pki_free(f1);
	pki_free(f2);
	pki_cert_free(dup);
	pki_free(pem);
	pki_free(der);
	pki_cert_free(cert);
	free(path);
	rmtree_(dir);
}

Test(cert, import_bad_input)
{
	static const unsigned char garbage[] = "definitely not a certificate";
	static const char csr_pem[] =
		"-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";
	static const char key_pem[] = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";
	char *dir = scratch_dir(), *path = make_ossl_ca(dir);
	pki_cert_t *cert = load(path), *out = (pki_cert_t *)1;
	unsigned char *der = NULL, *pem = NULL;
	size_t nder, npem;

	assert_import_refuses_(pki_cert_import, out, garbage, sizeof(garbage), 2);
	fails_(PKI_E_PARSE, pki_cert_import(&out, csr_pem, strlen(csr_pem), 0));
	cr_assert(strstr(pki_error_detail(), "request, not") != NULL, "%s", pki_error_detail());
	fails_(PKI_E_PARSE, pki_cert_import(&out, key_pem, strlen(key_pem), 0));
	cr_assert_null(out);

	ok_(pki_cert_export(&der, &nder, cert, PKI_FORMAT_DER, 0));
	ok_(pki_cert_export(&pem, &npem, cert, PKI_FORMAT_PEM, 0));
	for (size_t cut = 1; cut < nder; cut += 5) {
		fails_(PKI_E_PARSE, pki_cert_import(&out, der, cut, 0));
		cr_assert_null(out);
	}
	for (size_t cut = 30; cut < npem - 28; cut += 40)
		fails_(PKI_E_PARSE, pki_cert_import(&out, pem, cut, 0));
	fails_(PKI_E_IO, pki_cert_import_file(&out, dir, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_import_file(&out, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_import_file(NULL, path, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_import_file(&out, path, 1));
	cr_assert_null(out);
	pki_free(der);
	pki_free(pem);
	pki_cert_free(cert);
	free(path);
	rmtree_(dir);
}

Test(cert, null_arguments)
{
	char *dir = scratch_dir(), *path = make_ossl_ca(dir), *s = (char *)1;
	pki_cert_t *cert = load(path), *c = (pki_cert_t *)1;
	unsigned char *b = (unsigned char *)1;
	size_t n = 1;
	int64_t t1, t2;
	pki_key_t *k = (pki_key_t *)1;

	fails_(PKI_E_INVALID_ARG, pki_cert_export(NULL, &n, cert, PKI_FORMAT_PEM, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_export(&b, NULL, cert, PKI_FORMAT_PEM, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_export(&b, &n, NULL, PKI_FORMAT_PEM, 0));
	cr_assert_null(b);
	fails_(PKI_E_INVALID_ARG, pki_cert_export(&b, &n, cert, (pki_format_t)9, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_export(&b, &n, cert, PKI_FORMAT_PEM, 1));
	fails_(PKI_E_INVALID_ARG, pki_cert_dup(NULL, cert));
	fails_(PKI_E_INVALID_ARG, pki_cert_dup(&c, NULL));
	cr_assert_null(c);
	fails_(PKI_E_INVALID_ARG, pki_cert_subject(NULL, cert));
	fails_(PKI_E_INVALID_ARG, pki_cert_subject(&s, NULL));
	cr_assert_null(s);
	fails_(PKI_E_INVALID_ARG, pki_cert_issuer(&s, NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_serial(&s, NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_serial(NULL, cert));
	fails_(PKI_E_INVALID_ARG, pki_cert_validity(NULL, &t2, cert));
	fails_(PKI_E_INVALID_ARG, pki_cert_validity(&t1, NULL, cert));
	fails_(PKI_E_INVALID_ARG, pki_cert_validity(&t1, &t2, NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_san_count(NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_san(NULL, cert, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_san(&s, NULL, 0));
	cr_assert_not(pki_cert_is_ca(NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_path_len(NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_key_usage(NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_ext_key_usage(NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_subject_key_id(NULL, cert));
	fails_(PKI_E_INVALID_ARG, pki_cert_subject_key_id(&s, NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_authority_key_id(&s, NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_signature_algorithm(&s, NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_public_key(&k, NULL));
	cr_assert_null(k);
	fails_(PKI_E_INVALID_ARG, pki_cert_public_key(NULL, cert));
	fails_(PKI_E_INVALID_ARG, pki_cert_fingerprint(&s, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_fingerprint(&s, cert, 1));
	fails_(PKI_E_INVALID_ARG, pki_cert_to_json(&s, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_to_json(NULL, cert, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_to_json(&s, cert, 1));
	fails_(PKI_E_INVALID_ARG, pki_cert_to_text(&s, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_to_text(&s, cert, 1));
	cr_assert_null(s);
	pki_cert_free(NULL);
	pki_cert_free(cert);
	free(path);
	rmtree_(dir);
}

/* ---------------------------------------------------------------------------------------- */
/* Chains                                                                                    */

/* root -> intermediate -> leaf by openssl, bundled leaf first in "bundle.pem". */
static void make_chain(const char *dir)
{
	sh("cd '%s' && for n in root int leaf; do %s genpkey -algorithm EC -pkeyopt "
	   "ec_paramgen_curve:P-256 -out $n.key 2>/dev/null || exit 1; done && "
	   "%s req -x509 -new -key root.key -subj /CN=Root -days 9 -out root.pem 2>/dev/null && "
	   "%s req -new -key int.key -subj /CN=Int -out int.csr && "
	   "printf 'basicConstraints=critical,CA:TRUE\\nkeyUsage=keyCertSign\\n' >ca.ext && "
	   "%s x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial -days 8 "
	   "-extfile ca.ext -out int.pem 2>/dev/null && "
	   "%s req -new -key leaf.key -subj /CN=leaf.example -out leaf.csr && "
	   "printf 'subjectAltName=DNS:leaf.example\\n' >leaf.ext && "
	   "%s x509 -req -in leaf.csr -CA int.pem -CAkey int.key -CAcreateserial -days 7 "
	   "-extfile leaf.ext -out leaf.pem 2>/dev/null && "
	   "cat leaf.pem int.pem root.pem >bundle.pem",
	   dir, openssl_(), openssl_(), openssl_(), openssl_(), openssl_(), openssl_());
}

Test(chain, bundle_of_three)
{
	static const char *const names[] = { "leaf.pem", "int.pem", "root.pem" };
	static const char *const subjects[] = { "CN=leaf.example", "CN=Int", "CN=Root" };
	char *dir = scratch_dir(), *path, *s = NULL;
	pki_chain_t *chain = NULL, *back = NULL;
	unsigned char *pem = NULL;
	size_t n;

	make_chain(dir);
	path = path_in(dir, "bundle.pem");
	ok_(pki_chain_import_file(&chain, path, 0));
	cr_assert_eq(pki_chain_count(chain), 3);
	for (unsigned i = 0; i < 3; i++) {
		char *p = path_in(dir, names[i]), *fp = ossl_fingerprint(p);

		ok_(pki_cert_fingerprint(&s, pki_chain_get(chain, i), 0));
		cr_assert_str_eq(s, fp, "certificate %u out of order", i);
		pki_free(s);
		cert_str_is_(subjects[i], pki_cert_subject, pki_chain_get(chain, i), "");
		free(fp);
		free(p);
	}
	cr_assert_null(pki_chain_get(chain, 3));
	cr_assert_null(pki_chain_get(NULL, 0));

	/* export = the PEM blocks concatenated, which read back the same */
	ok_(pki_chain_export(&pem, &n, chain, 0));
	cr_assert_eq(strlen((char *)pem), n);
	ok_(pki_chain_import(&back, pem, n, 0));
	cr_assert_eq(pki_chain_count(back), 3);
	for (unsigned i = 0; i < 3; i++) {
		char *a = NULL, *b = NULL;

		ok_(pki_cert_fingerprint(&a, pki_chain_get(chain, i), 0));
		ok_(pki_cert_fingerprint(&b, pki_chain_get(back, i), 0));
		cr_assert_str_eq(a, b);
		pki_free(a);
		pki_free(b);
	}
	/* the intermediate's AKI is the root's SKI */
	{
		char *aki = NULL, *ski = NULL;

		ok_(pki_cert_authority_key_id(&aki, pki_chain_get(chain, 1)));
		ok_(pki_cert_subject_key_id(&ski, pki_chain_get(chain, 2)));
		cr_assert_str_eq(aki, ski);
		pki_free(aki);
		pki_free(ski);
	}
	pki_free(pem);
	pki_chain_free(back);
	pki_chain_free(chain);
	free(path);
	rmtree_(dir);
}

Test(chain, build_with_add)
{
	char *dir = scratch_dir(), *path, *a = NULL, *b = NULL;
	pki_chain_t *chain = NULL;
	pki_cert_t *cert;
	unsigned char *pem = (unsigned char *)1;
	size_t n;

	make_chain(dir);
	path = path_in(dir, "int.pem");
	cert = load(path);
	ok_(pki_chain_new(&chain, 0));
	cr_assert_eq(pki_chain_count(chain), 0);
	fails_(PKI_E_NOT_FOUND, pki_chain_export(&pem, &n, chain, 0));
	cr_assert_null(pem);
	ok_(pki_chain_add(chain, cert, 0));
	ok_(pki_chain_add(chain, cert, 0));
	cr_assert_eq(pki_chain_count(chain), 2);
	ok_(pki_cert_fingerprint(&a, cert, 0));
	pki_cert_free(cert); /* the chain holds copies */
	ok_(pki_cert_fingerprint(&b, pki_chain_get(chain, 1), 0));
	cr_assert_str_eq(a, b);
	pki_free(a);
	pki_free(b);
	fails_(PKI_E_INVALID_ARG, pki_chain_add(NULL, pki_chain_get(chain, 0), 0));
	fails_(PKI_E_INVALID_ARG, pki_chain_add(chain, NULL, 0));
	pki_chain_free(chain);
	free(path);
	rmtree_(dir);
}

Test(chain, bad_input)
{
	static const char garbage[] = "no certificates in here";
	char *dir = scratch_dir(), *path = make_ossl_ca(dir);
	pki_chain_t *chain = (pki_chain_t *)1;
	unsigned char *pem = NULL, *der = NULL, *big;
	size_t npem, nder, nbig;
	pki_cert_t *cert = load(path);

	fails_(PKI_E_INVALID_ARG, pki_chain_new(NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_chain_new(&chain, 1));
	cr_assert_null(chain);
	fails_(PKI_E_INVALID_ARG, pki_chain_import(NULL, garbage, sizeof(garbage), 0));
	fails_(PKI_E_INVALID_ARG, pki_chain_import(&chain, NULL, 3, 0));
	fails_(PKI_E_PARSE, pki_chain_import(&chain, garbage, 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_chain_import(&chain, garbage, sizeof(garbage), 1));
	fails_(PKI_E_PARSE, pki_chain_import(&chain, garbage, sizeof(garbage), 0));
	cr_assert_null(chain);
	fails_(PKI_E_INVALID_ARG, pki_chain_import_file(&chain, NULL, 0));
	fails_(PKI_E_IO, pki_chain_import_file(&chain, dir, 0));
	fails_(PKI_E_INVALID_ARG, pki_chain_count(NULL));
	fails_(PKI_E_INVALID_ARG, pki_chain_export(NULL, &npem, NULL, 0));
	pki_chain_free(NULL);

	ok_(pki_cert_export(&pem, &npem, cert, PKI_FORMAT_PEM, 0));
	ok_(pki_cert_export(&der, &nder, cert, PKI_FORMAT_DER, 0));
	/* one DER certificate is a chain of one */
	ok_(pki_chain_import(&chain, der, nder, 0));
	cr_assert_eq(pki_chain_count(chain), 1);
	pki_chain_free(chain);
	/* truncated: the second certificate is cut */
	big = malloc(2 * npem);
	memcpy(big, pem, npem);
	memcpy(big + npem, pem, npem);
	fails_(PKI_E_PARSE, pki_chain_import(&chain, big, npem + npem / 2, 0));
	cr_assert_null(chain);
	for (size_t cut = 1; cut < nder; cut += 9)
		fails_(PKI_E_PARSE, pki_chain_import(&chain, der, cut, 0));
	free(big);

	/* 1000 certificates are fine, 1001 are refused */
	nbig = 1001 * npem;
	big = malloc(nbig);
	for (size_t i = 0; i < 1001; i++)
		memcpy(big + i * npem, pem, npem);
	fails_(PKI_E_TOO_LARGE, pki_chain_import(&chain, big, nbig, 0));
	cr_assert_null(chain);
	ok_(pki_chain_import(&chain, big, nbig - npem, 0));
	cr_assert_eq(pki_chain_count(chain), 1000);
	fails_(PKI_E_TOO_LARGE, pki_chain_add(chain, cert, 0));
	pki_chain_free(chain);
	free(big);

	pki_free(pem);
	pki_free(der);
	pki_cert_free(cert);
	free(path);
	rmtree_(dir);
}
