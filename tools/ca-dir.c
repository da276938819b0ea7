/*
 * pki(1) — CA directories (tools/ca-dir.h): where they are, their settings file, and the
 * record of each issuance in the inventory.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "ca-dir.h"

#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_LOCK_TIMEOUT_MS 10000

static const char settings_text[] =
	"# A pki CA directory (pki ca init): ca.pem, ca-key.pem (0600, never overwritten by\n"
	"# pki) and inventory.db, the record of every certificate issued and revoked.\n"
	"# inventory: the backend (sqlite: inventory.db in this folder).\n"
	"inventory = sqlite\n"
	"# How long an issuance waits for another one holding the inventory, in milliseconds.\n"
	"lock-timeout-ms = 10000\n";

char *cadir_default(const char *given)
{
	const char *v = getenv("PKI_CA_DIR"), *home;
	char *s;
	size_t n;

	if (given)
		return cli_strdup(given);
	if (v && *v)
		return cli_strdup(v);
	v = getenv("XDG_DATA_HOME");
	if (v && v[0] == '/') { /* the XDG spec ignores relative values */
		n = strlen(v) + 16;
		s = malloc(n);
		if (s)
			snprintf(s, n, "%s/libpki/ca", v);
		return s;
	}
	home = getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());

		home = pw ? pw->pw_dir : NULL;
	}
	if (!home || !*home)
		return NULL;
	n = strlen(home) + 32;
	s = malloc(n);
	if (s)
		snprintf(s, n, "%s/.local/share/libpki/ca", home);
	return s;
}

char *cadir_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s/%s", dir, name);
	return s;
}

int cadir_write_settings(const char *dir)
{
	char *path = cadir_join(dir, "settings");
	int ex;

	if (!path)
		return cli_error("out of memory");
	ex = cli_write(path, settings_text, sizeof(settings_text) - 1, false, false);
	free(path);
	return ex;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* DIR/settings: "key = value" lines, '#' comments; a missing file means the defaults. */
static int read_settings(cadir_t *d)
{
	char *path = cadir_join(d->dir, "settings"), line[512];
	FILE *f;
	unsigned lineno = 0;
	int ex = EXIT_OK;

	if (!path)
		return cli_error("out of memory");
	f = fopen(path, "r");
	if (!f) {
		ex = errno == ENOENT ? EXIT_OK : cli_error("%s: %s", path, strerror(errno));
		free(path);
		return ex;
	}
	while (!ex && fgets(line, sizeof(line), f)) {
		char *eq, *k, *v;

		lineno++;
		k = trim(line);
		if (!*k || *k == '#')
			continue;
		if (!(eq = strchr(k, '='))) {
			ex = cli_error("%s:%u: expected 'key = value'", path, lineno);
			break;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		if (!strcmp(k, "inventory")) {
			if (!inv_backend_known(v))
				ex = cli_error("%s:%u: inventory '%s': this pki knows only 'sqlite'", path,
					       lineno, v);
			free(d->backend);
			d->backend = cli_strdup(v);
		} else if (!strcmp(k, "lock-timeout-ms")) {
			char *end;
			unsigned long ms = strtoul(v, &end, 10);

			if (!*v || *end || ms > 3600000)
				ex = cli_error("%s:%u: lock-timeout-ms '%s': a number of milliseconds "
					       "up to 3600000", path, lineno, v);
			else
				d->lock_timeout_ms = (unsigned)ms;
		} else {
			ex = cli_error("%s:%u: unknown setting '%s'", path, lineno, k);
		}
	}
	fclose(f);
	free(path);
	return ex;
}

void cadir_free(cadir_t *d)
{
	if (!d)
		return;
	inv_close(d->inv);
	free(d->dir);
	free(d->backend);
	free(d->ca_path);
	free(d->key_path);
	free(d);
}

int cadir_open(cadir_t **out, const char *dir, bool create)
{
	cadir_t *d = calloc(1, sizeof(*d));
	int ex;

	*out = NULL;
	if (!d)
		return cli_error("out of memory");
	d->lock_timeout_ms = DEFAULT_LOCK_TIMEOUT_MS;
	d->dir = cli_strdup(dir);
	if (!(d->ca_path = cadir_join(dir, "ca.pem")) || !(d->key_path = cadir_join(dir, "ca-key.pem"))) {
		cadir_free(d);
		return cli_error("out of memory");
	}
	if ((ex = read_settings(d)) || (ex = inv_open(&d->inv, dir, d->backend ? d->backend : "sqlite", create,
					     d->lock_timeout_ms))) {
		cadir_free(d);
		return ex;
	}
	*out = d;
	return EXIT_OK;
}

/* The typed SANs of @p cert, as the inventory keeps them (malloc'd). */
static char *sans_of(const pki_cert_t *cert)
{
	char **v = NULL, *s;
	int count = pki_cert_sans(&v, cert, 0);

	s = inv_sans_encode(v, count < 0 ? 0 : count);
	pki_strings_free(v);
	return s;
}

int cadir_record(cadir_t *d, const pki_cert_t *cert, const pki_key_t *req_key,
		 const char *profile)
{
	char *serial = NULL, *subject = NULL, *fp = NULL, *kid = NULL, *sans = NULL;
	inv_entry_t e = { .profile = profile, .issued_at = (int64_t)time(NULL) };
	int rc, ex;

	if ((rc = pki_cert_serial(&serial, cert)) < 0 || (rc = pki_cert_subject(&subject, cert)) < 0 ||
	    (rc = pki_cert_fingerprint(&fp, cert, 0)) < 0 ||
	    (rc = pki_cert_validity(&e.not_before, &e.not_after, cert)) < 0 ||
	    (req_key && (rc = pki_key_id(&kid, req_key, PKI_KEY_ID_SHA1, 0)) < 0)) {
		ex = cli_fail(rc, "reading the new certificate for the inventory");
		goto out;
	}
	if (!(sans = sans_of(cert))) {
		ex = cli_error("out of memory");
		goto out;
	}
	e.serial = serial;
	e.subject = subject;
	e.fingerprint = fp;
	e.key_id = kid;
	e.sans = sans;
	ex = inv_record(d->inv, &e);
out:
	pki_free(serial);
	pki_free(subject);
	pki_free(fp);
	pki_free(kid);
	free(sans);
	return ex;
}

int cadir_open_for_sign(cadir_t **out, const char *dir, const char **ca, const char **ca_key)
{
	int ex;

	if (*ca || *ca_key)
		return cli_usage("--ca-dir DIR holds the CA: no --ca or --ca-key with it");
	if ((ex = cadir_open(out, dir, false)))
		return ex;
	*ca = (*out)->ca_path;
	*ca_key = (*out)->key_path;
	return EXIT_OK;
}

int cadir_record_csr(cadir_t *d, const pki_cert_t *cert, const pki_csr_t *csr,
		     const char *profile)
{
	pki_key_t *pub = NULL;
	int rc = pki_csr_public_key(&pub, csr), ex;

	if (rc < 0)
		return cli_fail(rc, "reading the request's key");
	ex = cadir_record(d, cert, pub, profile ? profile : "server");
	pki_key_free(pub);
	return ex;
}

int cadir_end(cadir_t *d, int ex, const char *written)
{
	if (inv_end(d->inv, ex == EXIT_OK) && ex == EXIT_OK) {
		if (written && strcmp(written, "-")) {
			unlink(written);
			cli_error("%s removed: the inventory did not record it", written);
		}
		return EXIT_ERROR;
	}
	return ex;
}
