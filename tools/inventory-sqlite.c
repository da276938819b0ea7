/*
 * pki(1) — the CA directory's inventory on SQLite (tools/inventory.h): DIR/inventory.db, an
 * embedded file, no server. The schema version is PRAGMA user_version; each migration is
 * recorded in the migrations table, and a database of a newer schema is refused untouched.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "inventory.h"
#include "cli.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct {
	sqlite3 *db;
	char *path;
	unsigned timeout_ms;
	bool in_txn;
} sq_t;

/* The schema, one step per version; user_version is the last step applied. */
static const struct {
	int version;
	const char *description;
	const char *sql;
} migrations[] = {
	{ 1, "certificates issued, with their revocation",
	  "CREATE TABLE migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL,"
	  " description TEXT NOT NULL);"
	  "CREATE TABLE certificates ("
	  " serial TEXT PRIMARY KEY NOT NULL,"
	  " subject TEXT NOT NULL, sans TEXT NOT NULL, profile TEXT NOT NULL,"
	  " not_before INTEGER NOT NULL, not_after INTEGER NOT NULL,"
	  " fingerprint TEXT NOT NULL UNIQUE, issued_at INTEGER NOT NULL,"
	  " request_key_id TEXT,"
	  " revoked_at INTEGER, revocation_reason INTEGER);"
	  "CREATE INDEX certificates_not_after ON certificates (not_after);" },
	{ 2, "the numbers of the CRLs made (pki crl new --ca-dir), never reused",
	  "CREATE TABLE crls (number INTEGER PRIMARY KEY NOT NULL, issued_at INTEGER NOT NULL);" },
	/* sans was "DNS:a,URI:b", which a comma in a URI or a dirName made ambiguous; it is now
	 * one name a line, '\\' and a newline in a name escaped (inventory.h). Old rows are split
	 * only before a ',' that starts a typed name (",DNS:", ",URI:", ...). */
	{ 3, "subjectAltNames one a line (a comma inside a name is kept)",
	  "UPDATE certificates SET sans = replace(replace(replace(replace(replace(replace("
	  "replace(replace(sans, '\\', '\\\\'), char(10), '\\n'),"
	  " ',DNS:', char(10) || 'DNS:'), ',IP:', char(10) || 'IP:'),"
	  " ',email:', char(10) || 'email:'), ',URI:', char(10) || 'URI:'),"
	  " ',other:', char(10) || 'other:'), ',dirName:', char(10) || 'dirName:');" },
};
#define SCHEMA_VERSION 3

/* "pki: inventory PATH: WHAT: why; nothing was changed" with the cause in plain words. */
static int db_fail(sq_t *inv, int rc, const char *what)
{
	const char *msg = inv->db ? sqlite3_errmsg(inv->db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return cli_error("inventory %s: %s: locked by another process (waited %u ms); "
				 "nothing was changed, try again", inv->path, what, inv->timeout_ms);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return cli_error("inventory %s: %s: the file is corrupt or not an SQLite database "
				 "(%s); nothing was changed: restore it from a backup", inv->path,
				 what, msg);
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return cli_error("inventory %s: %s: cannot write it (%s)", inv->path, what, msg);
	default:
		return cli_error("inventory %s: %s: %s", inv->path, what, msg);
	}
}

static int user_version(sq_t *inv, int *v)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(inv->db, "PRAGMA user_version", -1, &st, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*v = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Bring an older schema up to SCHEMA_VERSION, all steps in one transaction. */
static int migrate(sq_t *inv, int from)
{
	char sql[128];
	int rc, v = from;

	if ((rc = sqlite3_exec(inv->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK)
		return db_fail(inv, rc, "updating the schema");
	/* another process may have migrated it while we waited for the lock */
	if ((rc = user_version(inv, &v)) != SQLITE_OK)
		goto fail;
	for (size_t i = 0; i < sizeof(migrations) / sizeof(migrations[0]); i++) {
		sqlite3_stmt *st = NULL;

		if (migrations[i].version <= v)
			continue;
		if ((rc = sqlite3_exec(inv->db, migrations[i].sql, NULL, NULL, NULL)) != SQLITE_OK)
			goto fail;
		rc = sqlite3_prepare_v2(inv->db, "INSERT INTO migrations VALUES (?, ?, ?)", -1, &st,
					NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int(st, 1, migrations[i].version);
			sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
			sqlite3_bind_text(st, 3, migrations[i].description, -1, SQLITE_STATIC);
			rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(inv->db);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_OK)
			goto fail;
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", SCHEMA_VERSION);
	if ((rc = sqlite3_exec(inv->db, sql, NULL, NULL, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_exec(inv->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
		goto fail;
	return EXIT_OK;
fail:
	db_fail(inv, rc, "updating the schema");
	sqlite3_exec(inv->db, "ROLLBACK", NULL, NULL, NULL);
	return EXIT_ERROR;
}

static void sq_close(void *state);

static int sq_open(void **out, const char *dir, bool create, unsigned lock_timeout_ms)
{
	sq_t *inv = calloc(1, sizeof(*inv));
	size_t n = strlen(dir) + 16;
	struct stat st;
	int rc, v = 0, flags = SQLITE_OPEN_READWRITE;

	*out = NULL;
	if (!inv || !(inv->path = malloc(n))) {
		free(inv);
		return cli_error("out of memory");
	}
	snprintf(inv->path, n, "%s/inventory.db", dir);
	inv->timeout_ms = lock_timeout_ms;
	if (stat(inv->path, &st) != 0) {
		if (!create) {
			cli_error("%s: no inventory (inventory.db) in this folder: make a CA directory "
				  "with 'pki ca init %s'", dir, dir);
			goto fail;
		}
		flags |= SQLITE_OPEN_CREATE;
	}
	if ((rc = sqlite3_open_v2(inv->path, &inv->db, flags, NULL)) != SQLITE_OK) {
		db_fail(inv, rc, "opening");
		goto fail;
	}
	sqlite3_busy_timeout(inv->db, (int)lock_timeout_ms);
	sqlite3_extended_result_codes(inv->db, 0);
	if (flags & SQLITE_OPEN_CREATE)
		chmod(inv->path, 0600); /* the CA's records: as private as its key folder */
	if ((rc = user_version(inv, &v)) != SQLITE_OK) {
		db_fail(inv, rc, "reading the schema version");
		goto fail;
	}
	if (v > SCHEMA_VERSION) {
		cli_error("inventory %s: schema version %d, written by a newer pki (this one knows "
			  "version %d); nothing was changed: use that pki", inv->path, v,
			  SCHEMA_VERSION);
		goto fail;
	}
	if (v < SCHEMA_VERSION && migrate(inv, v))
		goto fail;
	*out = inv;
	return EXIT_OK;
fail:
	sq_close(inv);
	return EXIT_ERROR;
}

static void sq_close(void *state)
{
	sq_t *inv = state;

	if (!inv)
		return;
	if (inv->in_txn)
		sqlite3_exec(inv->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(inv->db);
	free(inv->path);
	free(inv);
}

static int sq_begin(void *state)
{
	sq_t *inv = state;
	int rc = sqlite3_exec(inv->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_fail(inv, rc, "starting a transaction");
	inv->in_txn = true;
	return EXIT_OK;
}

static int sq_end(void *state, bool commit)
{
	sq_t *inv = state;
	int rc;

	if (!inv->in_txn)
		return EXIT_OK;
	rc = sqlite3_exec(inv->db, commit ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		db_fail(inv, rc, commit ? "committing" : "rolling back");
		sqlite3_exec(inv->db, "ROLLBACK", NULL, NULL, NULL);
		inv->in_txn = false;
		return EXIT_ERROR;
	}
	inv->in_txn = false;
	return EXIT_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int sq_record(void *state, const inv_entry_t *e)
{
	sq_t *inv = state;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(inv->db,
				    "INSERT INTO certificates (serial, subject, sans, profile, "
				    "not_before, not_after, fingerprint, issued_at, request_key_id) "
				    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
				    -1, &st, NULL);

	if (rc == SQLITE_OK) {
		bind_text(st, 1, e->serial);
		bind_text(st, 2, e->subject);
		bind_text(st, 3, e->sans ? e->sans : "");
		bind_text(st, 4, e->profile);
		sqlite3_bind_int64(st, 5, e->not_before);
		sqlite3_bind_int64(st, 6, e->not_after);
		bind_text(st, 7, e->fingerprint);
		sqlite3_bind_int64(st, 8, e->issued_at);
		bind_text(st, 9, e->key_id);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return EXIT_OK;
	if (rc == SQLITE_CONSTRAINT)
		return cli_error("inventory %s: serial %s is already recorded; nothing was issued",
				 inv->path, e->serial);
	return db_fail(inv, rc, "recording the certificate");
}

#define COLUMNS "serial, subject, sans, profile, not_before, not_after, fingerprint, " \
		"issued_at, request_key_id, revoked_at, revocation_reason"

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Step through @p st, handing each row to @p fn. */
static int rows(sq_t *inv, sqlite3_stmt *st, int (*fn)(void *, const inv_entry_t *), void *ctx,
		bool *found)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		inv_entry_t e = {
			.serial = col(st, 0), .subject = col(st, 1), .sans = col(st, 2),
			.profile = col(st, 3), .not_before = sqlite3_column_int64(st, 4),
			.not_after = sqlite3_column_int64(st, 5), .fingerprint = col(st, 6),
			.issued_at = sqlite3_column_int64(st, 7), .key_id = col(st, 8),
			.revoked_at = sqlite3_column_int64(st, 9),
			.reason = sqlite3_column_int(st, 10),
		};

		if (found)
			*found = true;
		if (fn(ctx, &e))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(inv, rc, "reading");
	return EXIT_OK;
}

static int sq_list(void *state, const inv_filter_t *f, int (*fn)(void *ctx, const inv_entry_t *e),
	     void *ctx)
{
	sq_t *inv = state;
	char sql[512];
	sqlite3_stmt *st = NULL;
	int rc, ex;

	snprintf(sql, sizeof(sql), "SELECT " COLUMNS " FROM certificates WHERE 1%s%s "
		 "ORDER BY issued_at, rowid",
		 f->revoked_only ? " AND revoked_at IS NOT NULL" : "",
		 f->expiring_before ? " AND revoked_at IS NULL AND not_after >= ?1 AND not_after < ?2"
				    : "");
	if ((rc = sqlite3_prepare_v2(inv->db, sql, -1, &st, NULL)) != SQLITE_OK)
		return db_fail(inv, rc, "reading");
	if (f->expiring_before) {
		sqlite3_bind_int64(st, 1, f->now);
		sqlite3_bind_int64(st, 2, f->expiring_before);
	}
	ex = rows(inv, st, fn, ctx, NULL);
	sqlite3_finalize(st);
	return ex;
}

static int sq_find(void *state, const char *serial, const char *fingerprint,
	     int (*fn)(void *ctx, const inv_entry_t *e), void *ctx, bool *found)
{
	sq_t *inv = state;
	sqlite3_stmt *st = NULL;
	int rc, ex;

	*found = false;
	rc = sqlite3_prepare_v2(inv->db,
				serial ? "SELECT " COLUMNS " FROM certificates WHERE serial = ?"
				       : "SELECT " COLUMNS " FROM certificates WHERE fingerprint = ?",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(inv, rc, "reading");
	bind_text(st, 1, serial ? serial : fingerprint);
	ex = rows(inv, st, fn, ctx, found);
	sqlite3_finalize(st);
	return ex;
}

static int sq_revoke(void *state, const char *serial, int64_t revoked_at, int reason)
{
	sq_t *inv = state;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(inv->db,
				    "UPDATE certificates SET revoked_at = ?, revocation_reason = ? "
				    "WHERE serial = ? AND revoked_at IS NULL",
				    -1, &st, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, revoked_at);
		sqlite3_bind_int(st, 2, reason);
		bind_text(st, 3, serial);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? EXIT_OK : db_fail(inv, rc, "recording the revocation");
}

static int sq_next_crl_number(void *state, uint64_t floor, uint64_t *number)
{
	sq_t *inv = state;
	sqlite3_stmt *st = NULL;
	int64_t last = 0;
	int rc = sqlite3_prepare_v2(inv->db, "SELECT coalesce(max(number), 0) FROM crls", -1, &st,
				    NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		last = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return db_fail(inv, rc, "reading the last CRL number");
	if (floor > INT64_MAX - 1 || last == INT64_MAX)
		return cli_error("inventory %s: no CRL number left", inv->path);
	*number = (uint64_t)last + 1 > floor ? (uint64_t)last + 1 : floor;
	st = NULL;
	rc = sqlite3_prepare_v2(inv->db, "INSERT INTO crls (number, issued_at) VALUES (?, ?)", -1,
				&st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)*number);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? EXIT_OK : db_fail(inv, rc, "recording the CRL number");
}

const inv_backend_t inv_sqlite_backend = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.begin = sq_begin,
	.record = sq_record,
	.end = sq_end,
	.list = sq_list,
	.find = sq_find,
	.revoke = sq_revoke,
	.next_crl_number = sq_next_crl_number,
};
