/*
 * libpki — the working halves of public functions, for the library's other files (never
 * installed). Issue 13 item 5 (STYLE.md "public validates, internal works"): a public
 * function checks its arguments, clears the error detail and calls the function declared
 * here; library code calls these directly, so no public function runs inside another and
 * no caller saves and restores the detail.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_WORK_INT_H
#define PKI_WORK_INT_H

#include "internal.h"

/*
 * Fail with @p code, putting "<prefix>: " (@p fmt) before the detail a failed internal call
 * has just set: "a certificate in the PKCS#12 file: cannot parse the certificate (gnutls:
 * ...)". The detail is rewritten in place; nothing is saved or restored.
 */
int pki__fail_wrap(int code, const char *fmt, ...) PKI_PRINTF(2, 3);
/* PKI_E_INVALID_ARG "<fn>: path is NULL or empty" unless @p path names something. */
int pki__path(const char *fn, const char *path);

/* pki_file_read's work (common.c): @p out, @p size and @p path are valid (pki__path). */
int pki__file_read(unsigned char **out, size_t *size, const char *path);
/* pki_file_write's work (common.c): @p path is valid, @p flags are PKI_WRITE_* bits. */
int pki__file_write(const char *path, const void *data, size_t size, unsigned flags);
/*
 * The body of a pki_*_import_file (common.c), after PKI__ENTER_OUT: @p path checked
 * (pki__path, in the name of @p fn), the file read, its bytes given to @p import with @p out
 * and @p arg, then freed. @p import is the in-memory importer (pki__key_import's work, ...).
 */
int pki__import_file(const char *fn, const char *path,
		     int (*import)(void *out, const void *data, size_t size, const void *arg),
		     void *out, const void *arg);

/* pki_key_import's work (key.c): @p out is not NULL (set to NULL first), @p data and
 * @p size are checked here (pki__check_input). */
int pki__key_import(pki_key_t **out, const void *data, size_t size, const char *password);
/* pki_csr_import's work (csr.c), with @p out and @p data as for pki__key_import. */
int pki__csr_import(pki_csr_t **out, const void *data, size_t size);

#endif
