/*
 * pki(1) — the inventory of a CA directory: every certificate the CA issued, and its
 * revocation. The commands use only the inv_* functions; tools/inventory.c passes each call to
 * the backend the directory's settings name (inventory = sqlite: tools/inventory-sqlite.c, an
 * SQLite file DIR/inventory.db). Another backend (PostgreSQL, for several issuing hosts
 * sharing one CA) is one more inv_backend_t in tools/inventory.c's table; no command changes.
 * Every function prints its own "pki: ..." message on failure and returns an exit code.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_TOOLS_INVENTORY_H
#define PKI_TOOLS_INVENTORY_H

#include <stdbool.h>
#include <stdint.h>

typedef struct inv inv_t;

/* One issued certificate. Strings are borrowed (for inv_record) or lent (by inv_list). */
typedef struct {
	const char *serial;      /* lower-case hex, no leading zero bytes (pki_cert_serial) */
	const char *subject;     /* RFC 4514 */
	const char *sans;        /* typed SANs one a line, "DNS:a.example\nIP:10.0.0.1"; in a
				    name '\\' is "\\\\" and a newline "\\n" (inv_sans_encode/next) */
	const char *profile;     /* server, client, server-client, intermediate */
	const char *fingerprint; /* SHA-256 of the DER, hex */
	const char *key_id;      /* the request's key id (SHA-1, as subjectKeyIdentifier) */
	int64_t not_before, not_after, issued_at;
	int64_t revoked_at; /* 0: not revoked */
	int reason;         /* pki_crl_reason_t when revoked */
} inv_entry_t;

/* What inv_list returns. */
typedef struct {
	bool revoked_only;
	int64_t expiring_before; /* 0: any; else valid now and notAfter before this time */
	int64_t now;
} inv_filter_t;

/*
 * Open the inventory of the CA directory @p dir with @p backend (the settings' "inventory",
 * e.g. "sqlite"); @p create makes it when absent (ca init, quick). A locked database is
 * waited for at most @p lock_timeout_ms; a corrupt one, or one of a newer schema than this pki
 * knows, is refused before anything is changed. An older schema is migrated (in one
 * transaction).
 */
int inv_open(inv_t **out, const char *dir, const char *backend, bool create,
	     unsigned lock_timeout_ms);
/* Whether @p backend names a backend this pki has. */
bool inv_backend_known(const char *backend);
void inv_close(inv_t *inv);

/* A write transaction: nothing else writes until inv_end (waits as inv_open). */
int inv_begin(inv_t *inv);
/* Record an issuance; a serial already in the inventory is refused (the transaction's
 * uniqueness). Call between inv_begin and inv_end. */
int inv_record(inv_t *inv, const inv_entry_t *e);
/* Commit (@p commit) or roll back the transaction. */
int inv_end(inv_t *inv, bool commit);

/* Call @p fn for each entry matching @p f, by issue time; stops at a non-zero return. */
int inv_list(inv_t *inv, const inv_filter_t *f, int (*fn)(void *ctx, const inv_entry_t *e),
	     void *ctx);
/* The entry of @p serial or @p fingerprint (one of them NULL); *found tells. */
int inv_find(inv_t *inv, const char *serial, const char *fingerprint,
	     int (*fn)(void *ctx, const inv_entry_t *e), void *ctx, bool *found);
/* Mark @p serial revoked (inside inv_begin/inv_end). */
int inv_revoke(inv_t *inv, const char *serial, int64_t revoked_at, int reason);
/* The next CRL number, recorded (inside inv_begin/inv_end): above every earlier one and at
 * least @p floor (thisUpdate, libpki's default number, so numbers never go back). */
int inv_next_crl_number(inv_t *inv, uint64_t floor, uint64_t *number);

/* @p sans (pki_cert_sans) as inv_entry_t.sans (malloc'd; NULL: out of memory). */
char *inv_sans_encode(char *const *sans, int n);
/* The next name of an inv_entry_t.sans at *@p p (malloc'd, unescaped), *@p p moved past it;
 * NULL at the end (or out of memory). */
char *inv_sans_next(const char **p);

/* A backend: the functions above on its own state (what open made), as inventory.c calls them. */
typedef struct {
	const char *name;
	int (*open)(void **state, const char *dir, bool create, unsigned lock_timeout_ms);
	void (*close)(void *state);
	int (*begin)(void *state);
	int (*record)(void *state, const inv_entry_t *e);
	int (*end)(void *state, bool commit);
	int (*list)(void *state, const inv_filter_t *f,
		    int (*fn)(void *ctx, const inv_entry_t *e), void *ctx);
	int (*find)(void *state, const char *serial, const char *fingerprint,
		    int (*fn)(void *ctx, const inv_entry_t *e), void *ctx, bool *found);
	int (*revoke)(void *state, const char *serial, int64_t revoked_at, int reason);
	int (*next_crl_number)(void *state, uint64_t floor, uint64_t *number);
} inv_backend_t;

extern const inv_backend_t inv_sqlite_backend; /* tools/inventory-sqlite.c */

#endif /* PKI_TOOLS_INVENTORY_H */
