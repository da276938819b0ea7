/*
 * Every file of a test-vector tree through every libpki importer: pki-vectors DIR...
 *
 * Each regular file (up to PKI_VECTORS_MAX_FILE bytes) is offered to the certificate, chain,
 * request, CRL, key (no password, then "foobar", pyca's password) and PKCS#12 (pyca's
 * passwords) importers; what imports is also dumped as text and JSON. The program checks what a parser of
 * untrusted input must never do: crash, hang, leak (under ASan/valgrind), return a code outside
 * the documented PKI_E_* range, or succeed without setting its out-parameter. It prints one
 * line per importer with how many files it accepted, then the slowest file, and exits 1 on any
 * broken promise. Which files are accepted is reported, not asserted: the vectors hold many
 * deliberately malformed inputs.
 */
#define _POSIX_C_SOURCE 200809L
#include <pki.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define PKI_VECTORS_MAX_FILE (1024 * 1024)
#define MAX_DEPTH 12

enum { T_CERT, T_CHAIN, T_CSR, T_CRL, T_KEY, T_P12, T_COUNT };
static const char *const type_names[T_COUNT] = { "certificate", "chain", "request", "CRL", "key",
						 "PKCS#12" };
static unsigned long accepted[T_COUNT];
static unsigned long files, broken;
static double slowest;
static int verbose; /* PKI_VECTORS_VERBOSE=1: why each key and PKCS#12 file was refused */
static char slowest_path[4096];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void complain(const char *path, const char *what, int rc)
{
	fprintf(stderr, "BROKEN %s: %s (rc %d: %s; %s)\n", path, what, rc, pki_strerror(rc),
		pki_error_detail());
	broken++;
}

/* A result must be 0 with an object, or a negative PKI_E_* code that pki_strerror names,
 * with the object left NULL. */
static int judge(const char *path, const char *what, int rc, const void *obj)
{
	if (rc == 0 && obj != NULL)
		return 1;
	if (rc < 0 && obj == NULL && strcmp(pki_strerror(rc), pki_strerror(-9999)) != 0)
		return 0;
	complain(path, what, rc);
	return 0;
}

static void dumped(const char *path, const char *what, int rc, char *s)
{
	if (rc < 0 || s == NULL || (rc == 0 && strlen(s) == 0 && what[0] != 'k'))
		complain(path, what, rc);
	pki_free(s);
}

/*
 * Offer the file to pki_T_import (T: cert, csr or crl) and judge the result; what imports is
 * counted in accepted[@p slot] and dumped as text and JSON.
 */
#define IMPORT_AND_DUMP(T, slot)                                                           \
	do {                                                                               \
		pki_##T##_t *T = NULL;                                                     \
                                                                                           \
		rc = pki_##T##_import(&T, data, size, 0);                                  \
		if (judge(path, "pki_" #T "_import", rc, T)) {                             \
			accepted[slot]++;                                                  \
			s = NULL, rc = pki_##T##_to_text(&s, T, 0), dumped(path, #T " text", rc, s); \
			s = NULL, rc = pki_##T##_to_json(&s, T, 0), dumped(path, #T " json", rc, s); \
			pki_##T##_free(T);                                                 \
		}                                                                          \
	} while (0)

static void try_file(const char *path, const unsigned char *data, size_t size)
{
	static const char *const key_passwords[] = { NULL, "foobar" };
	pki_chain_t *chain = NULL;
	pki_key_t *key = NULL;
	char *s = NULL;
	int rc;

	IMPORT_AND_DUMP(cert, T_CERT);
	rc = pki_chain_import(&chain, data, size, 0);
	if (judge(path, "pki_chain_import", rc, chain)) {
		accepted[T_CHAIN]++;
		if (pki_chain_count(chain) == 0)
			complain(path, "an imported chain with no certificate", 0);
		pki_chain_free(chain);
	}
	IMPORT_AND_DUMP(csr, T_CSR);
	IMPORT_AND_DUMP(crl, T_CRL);
	for (size_t i = 0; i < sizeof(key_passwords) / sizeof(key_passwords[0]); i++) {
		key = NULL;
		rc = pki_key_import(&key, data, size, key_passwords[i], 0);
		if (judge(path, "pki_key_import", rc, key)) {
			accepted[T_KEY]++;
			s = NULL, rc = pki_key_to_json(&s, key, 0), dumped(path, "key json", rc, s);
			pki_key_free(key);
			break;
		}
		if (verbose && i + 1 == sizeof(key_passwords) / sizeof(key_passwords[0]))
			printf("key refused %s: %s\n", path, pki_error_detail());
	}
	/* pyca's PKCS#12 passwords: "cryptography", "password", the empty one, and none (a file
	 * without MAC, which needs the flag) */
	for (size_t i = 0; i < 4; i++) {
		static const char *const pw[] = { "cryptography", "password", "", NULL };
		pki_key_t *k = NULL;
		pki_cert_t *c = NULL;
		pki_chain_t *ch = NULL;
		char *name = NULL;

		rc = pki_p12_import(&k, &c, &ch, &name, data, size, pw[i],
				    pw[i] ? 0 : PKI_P12_ALLOW_NO_MAC);
		if (rc > 0 || (rc < 0 && (k || c || ch || name)) || (rc == 0 && !k))
			complain(path, "pki_p12_import", rc);
		pki_key_free(k);
		pki_cert_free(c);
		pki_chain_free(ch);
		pki_free(name);
		if (rc == 0) {
			accepted[T_P12]++;
			break;
		}
		if (verbose)
			printf("p12 refused %s: %s\n", path, pki_error_detail());
	}
}

static void walk(const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;

	if (depth > MAX_DEPTH || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "__pycache__") == 0)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= sizeof(path) ||
		    lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk(path, depth + 1);
		} else if (S_ISREG(st.st_mode) && st.st_size > 0 &&
			   st.st_size <= PKI_VECTORS_MAX_FILE) {
			unsigned char *data = NULL;
			size_t size = 0;
			double t0;
			int rc = pki_file_read(&data, &size, path, 0);

			if (rc < 0) {
				complain(path, "pki_file_read", rc);
				continue;
			}
			t0 = now();
			try_file(path, data, size);
			t0 = now() - t0;
			if (t0 > slowest) {
				slowest = t0;
				snprintf(slowest_path, sizeof(slowest_path), "%s", path);
			}
			pki_free(data);
			files++;
		}
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: pki-vectors DIR...\n");
		return 2;
	}
	verbose = getenv("PKI_VECTORS_VERBOSE") != NULL;
	for (int i = 1; i < argc; i++)
		walk(argv[i], 0);
	printf("%lu files read\n", files);
	for (int t = 0; t < T_COUNT; t++)
		printf("%-12s %lu accepted\n", type_names[t], accepted[t]);
	printf("slowest file: %.1f ms of CPU for all importers together (%s)\n", slowest * 1e3,
	       slowest_path);
	if (files == 0) {
		fprintf(stderr, "no file read\n");
		return 1;
	}
	return broken ? 1 : 0;
}
