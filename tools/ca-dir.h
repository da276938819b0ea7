/*
 * pki(1) — a CA directory (pki ca init DIR): ca.pem, ca-key.pem (0600, never overwritten),
 * settings and the inventory of what the CA issued (tools/inventory.h). Used by ca init/list,
 * revoke, cert sign --ca-dir, crl new --ca-dir and quick.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_TOOLS_CA_DIR_H
#define PKI_TOOLS_CA_DIR_H

#include "cli.h"
#include "inventory.h"

typedef struct {
	char *dir, *ca_path, *key_path;
	char *backend;            /* settings: inventory (default sqlite) */
	unsigned lock_timeout_ms; /* settings: lock-timeout-ms (default 10000) */
	inv_t *inv;
} cadir_t;

/* "DIR/NAME" (malloc'd; NULL when out of memory). */
char *cadir_join(const char *dir, const char *name);
/* --ca-dir when given, else $PKI_CA_DIR, $XDG_DATA_HOME/libpki/ca, ~/.local/share/libpki/ca
 * (malloc'd; NULL when none can be found). */
char *cadir_default(const char *given);
/*
 * Open the CA directory @p dir: its settings and inventory (@p create: made when absent, for
 * quick's folders made before the inventory existed). Returns an exit code.
 */
int cadir_open(cadir_t **out, const char *dir, bool create);
void cadir_free(cadir_t *d);
/* Write DIR/settings for a new directory (refused when it exists). */
int cadir_write_settings(const char *dir);
/*
 * Record @p cert, just issued with @p profile (its name) for the request key @p req_key, in
 * the open transaction (inv_begin). Returns an exit code.
 */
int cadir_record(cadir_t *d, const pki_cert_t *cert, const pki_key_t *req_key,
		 const char *profile);

/* cert sign --ca-dir DIR: open it, and point @p ca / @p ca_key at its files (refusing
 * --ca/--ca-key as well). */
int cadir_open_for_sign(cadir_t **out, const char *dir, const char **ca, const char **ca_key);
/* cadir_record for the key of the request @p csr; @p profile NULL means server. */
int cadir_record_csr(cadir_t *d, const pki_cert_t *cert, const pki_csr_t *csr,
		     const char *profile);
/*
 * End an issuance's transaction: commit when @p ex is 0, else roll back. When the commit
 * fails, the certificate just written to @p written (NULL or "-": standard output) is removed,
 * so no certificate exists that the inventory does not know. Returns the exit code.
 */
int cadir_end(cadir_t *d, int ex, const char *written);

#endif /* PKI_TOOLS_CA_DIR_H */
