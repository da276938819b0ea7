/*
 * libpki — prepared distinguished names (namecmp.c), for callers that compare one name many
 * times (name constraints, path building): parsing and the RFC 4518 preparation are done once,
 * each comparison is then a few memcmp. pki__dn_equal / pki__dn_within (verify-int.h) are
 * the one-shot forms. Never installed.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_NAMECMP_H
#define PKI_NAMECMP_H

#include "internal.h"

typedef struct pki__dn pki__dn_t;

/* Parse and prepare the DER Name @p der: 0 and *@p out (pki__dn_release), PKI_E_PARSE when
 * malformed (the cases pki__dn_equal treats as unequal), PKI_E_NOMEM. */
int pki__dn_prepare(pki__dn_t **out, const gnutls_datum_t *der);
void pki__dn_release(pki__dn_t *dn); /* NULL is fine */
/* As pki__dn_equal / pki__dn_within on prepared names; false when either is NULL. */
bool pki__dn_prep_equal(const pki__dn_t *a, const pki__dn_t *b);
bool pki__dn_prep_within(const pki__dn_t *name, const pki__dn_t *base);
/* The number of RDNs (0: the empty name). */
size_t pki__dn_prep_rdns(const pki__dn_t *dn);

#endif
