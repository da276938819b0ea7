/*
 * pki(1) — the inventory's front (tools/inventory.h): each call goes to the backend the CA
 * directory's settings name. A new backend is one more entry in the table below.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "inventory.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

struct inv {
	const inv_backend_t *be;
	void *state;
};

static const inv_backend_t *const backends[] = { &inv_sqlite_backend, NULL };

static const inv_backend_t *backend_of(const char *name)
{
	for (const inv_backend_t *const *b = backends; *b; b++)
		if (!strcmp((*b)->name, name))
			return *b;
	return NULL;
}

bool inv_backend_known(const char *backend)
{
	return backend_of(backend) != NULL;
}

int inv_open(inv_t **out, const char *dir, const char *backend, bool create,
	     unsigned lock_timeout_ms)
{
	const inv_backend_t *be = backend_of(backend);
	inv_t *inv;
	int ex;

	*out = NULL;
	if (!be)
		return cli_error("%s: inventory backend '%s': this pki knows only 'sqlite'", dir,
				 backend);
	if (!(inv = calloc(1, sizeof(*inv))))
		return cli_error("out of memory");
	inv->be = be;
	if ((ex = be->open(&inv->state, dir, create, lock_timeout_ms))) {
		free(inv);
		return ex;
	}
	*out = inv;
	return EXIT_OK;
}

void inv_close(inv_t *inv)
{
	if (!inv)
		return;
	inv->be->close(inv->state); /* rolls back an open transaction */
	free(inv);
}

int inv_begin(inv_t *inv)
{
	return inv->be->begin(inv->state);
}

int inv_record(inv_t *inv, const inv_entry_t *e)
{
	return inv->be->record(inv->state, e);
}

int inv_end(inv_t *inv, bool commit)
{
	return inv->be->end(inv->state, commit);
}

int inv_list(inv_t *inv, const inv_filter_t *f, int (*fn)(void *ctx, const inv_entry_t *e),
	     void *ctx)
{
	return inv->be->list(inv->state, f, fn, ctx);
}

int inv_find(inv_t *inv, const char *serial, const char *fingerprint,
	     int (*fn)(void *ctx, const inv_entry_t *e), void *ctx, bool *found)
{
	return inv->be->find(inv->state, serial, fingerprint, fn, ctx, found);
}

int inv_revoke(inv_t *inv, const char *serial, int64_t revoked_at, int reason)
{
	return inv->be->revoke(inv->state, serial, revoked_at, reason);
}

int inv_next_crl_number(inv_t *inv, uint64_t floor, uint64_t *number)
{
	return inv->be->next_crl_number(inv->state, floor, number);
}

char *inv_sans_encode(char *const *sans, int n)
{
	size_t len = 1;
	char *s, *o;

	for (int i = 0; i < n; i++)
		len += 2 * strlen(sans[i]) + 1;
	if (!(s = o = malloc(len)))
		return NULL;
	for (int i = 0; i < n; i++) {
		if (i)
			*o++ = '\n';
		for (const char *c = sans[i]; *c; c++) {
			if (*c == '\\' || *c == '\n')
				*o++ = '\\';
			*o++ = *c == '\n' ? 'n' : *c;
		}
	}
	*o = '\0';
	return s;
}

char *inv_sans_next(const char **p)
{
	const char *c = *p;
	char *s, *o;

	if (!c || !*c)
		return NULL;
	if (!(s = o = malloc(strlen(c) + 1)))
		return NULL;
	for (; *c && *c != '\n'; c++) {
		if (*c == '\\' && (c[1] == '\\' || c[1] == 'n'))
			*o++ = *++c == 'n' ? '\n' : '\\';
		else
			*o++ = *c;
	}
	*o = '\0';
	*p = *c ? c + 1 : c;
	return s;
}
