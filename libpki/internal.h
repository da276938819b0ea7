/*
 * libpki — declarations shared between the library's source files (never installed).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_INTERNAL_H
#define PKI_INTERNAL_H

#include "config.h"

#include <pki.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509-ext.h>
#include <gnutls/x509.h>
#include <stdarg.h>
#include <stdatomic.h>

#define PKI_UNUSED __attribute__((unused))
#define PKI_PRINTF(f, a) __attribute__((format(printf, f, a)))

struct pki_key {
	int type;                   /* pki_key_type_t */
	gnutls_x509_privkey_t x509; /* NULL for a public-only key */
	gnutls_privkey_t priv;      /* wraps x509 (does not own it); NULL for public-only */
	gnutls_pubkey_t pub;        /* always set */
	struct pki__token *token;   /* a PKCS#11 token key (x509 NULL, priv set); pkcs11.c */
};
/* Wipe and free a token key's URI and PIN (pkcs11.c); NULL is fine. */
void pki__token_free(struct pki__token *token);
/* The certificate a pkcs11: URI names (pkcs11.c; pki_cert_import_file takes URIs too). */
int pki__cert_import_url(pki_cert_t **out, const char *url);
/* That certificate as a chain of one (pki_chain_import_file takes URIs too). */
int pki__chain_import_url(pki_chain_t **out, const char *url);


/*
 * The subject alternative names of a certificate or request, decoded once when the handle is
 * made (GnuTLS's indexed getter decodes the whole extension on every call, so reading n names
 * cost n^2). @c status is 0, or the PKI_E_* code of a SAN extension that did not decode (the
 * getters then decode it again to say why). At most PKI__MAX_SANS names.
 */
#define PKI__MAX_SANS PKI_MAX_SANS
typedef struct {
	gnutls_subject_alt_names_t list; /* NULL when there is no SAN extension */
	unsigned count;
	int status;
} pki__sans_t;

struct pki_csr {
	gnutls_x509_crq_t crq;
	pki__sans_t sans;
};

/*
 * A certificate. Its GnuTLS structure and SANs are reached through pki__cert_crt() and
 * pki__cert_sans(): a certificate this library issued keeps only the signed DER and is
 * decoded at first use (most issued certificates are only exported). The decoding is
 * lock-free: a thread decodes, publishes with a compare-and-swap, and a thread that lost the
 * race frees its copy, so reading one handle from several threads stays as safe as before.
 */
struct pki__cert_ext;
struct pki__dn_attrs;
struct pki__cert_dec {
	gnutls_x509_crt_t crt;
	pki__sans_t sans;
	/* Decoded at first use and published the same way (NULL until then): the subject and
	 * issuer as text (cert.c), their attributes (dn.c), the authority information access,
	 * CRL distribution points and certificate policies (ext.c). */
	_Atomic(char *) subject, issuer;
	_Atomic(struct pki__dn_attrs *) subject_attrs, issuer_attrs;
	_Atomic(struct pki__cert_ext *) aia, crl_dp, policies;
};
struct pki_cert {
	_Atomic(struct pki__cert_dec *) crt_imported; /* NULL until decoded (lazy handles) */
	gnutls_datum_t der; /* the DER of a lazy handle (gnutls_malloc'd), else empty */
};

struct pki_chain {
	pki_cert_t **certs;
	size_t count, cap;
};

/* ---- errors (error.c/common.c) ---- */
/* Record a detail message for the calling thread and return @p code. */
int pki__fail(int code, const char *fmt, ...) PKI_PRINTF(2, 3);
/* As pki__fail, appending GnuTLS's text for @p gnutls_err. */
int pki__fail_gnutls(int code, int gnutls_err, const char *fmt, ...) PKI_PRINTF(3, 4);
/* Clear the detail message (called on entry of public functions). */
void pki__clear_error(void);
/* Map a GnuTLS parse/crypto error code to the closest PKI_E_* code. */
int pki__map_gnutls(int gnutls_err, int fallback);
/*
 * Defines static int NAME(T *out, const gnutls_datum_t *d, gnutls_x509_crt_fmt_t fmt), which
 * reads one GnuTLS object of type T from @p d: PREFIX_init, PREFIX_import, and PREFIX_deinit
 * when that fails (*out is NULL then). Errors: PKI_E_NOMEM "cannot allocate <A>"; the import's
 * code through pki__map_gnutls (PKI_E_PARSE by default), "cannot parse <THE>". One copy of
 * the steps for every object type libpki imports from bytes (certificates, requests, keys).
 */
#define PKI__DEFINE_GNUTLS_IMPORT(name, T, prefix, a, the)                                    \
	static int name(T *out, const gnutls_datum_t *d, gnutls_x509_crt_fmt_t fmt)          \
	{                                                                                    \
		int ret = prefix##_init(out);                                                \
                                                                                             \
		if (ret < 0) {                                                               \
			*out = NULL;                                                         \
			return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate " a);      \
		}                                                                            \
		ret = prefix##_import(*out, d, fmt);                                         \
		if (ret < 0) {                                                               \
			prefix##_deinit(*out);                                               \
			*out = NULL;                                                         \
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,       \
						"cannot parse " the);                        \
		}                                                                            \
		return 0;                                                                    \
	}

/*
 * ---- argument checks of public functions (common.c) ----
 * One form for every PKI_E_INVALID_ARG detail about an argument: "<function>: <argument> is
 * NULL", "<function>: unknown flags 0x4". @p fn is the public function's name: pass __func__.
 * Each returns 0 or the code, so a prelude reads
 *     if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0 ||
 *         (ret = pki__input(__func__, data, size)) < 0)
 *             return ret;
 * and internal callers skip it (STYLE.md: public validates, internal works).
 */
/* The entry of a public function: clears the detail, then PKI_E_INVALID_ARG when @p flags has
 * a bit outside @p allowed. */
int pki__enter(const char *fn, unsigned flags, unsigned allowed);
/* The same check of @p flags without clearing the detail. */
int pki__flags(const char *fn, unsigned flags, unsigned allowed);
/* As pki__enter for a function whose first parameter is the out-parameter @p out, checked
 * first ("<fn>: out is NULL"). PKI__ENTER_OUT also sets *out to NULL. */
int pki__enter_out(const char *fn, const void *out, unsigned flags, unsigned allowed);
/* The usual entry of a function returning a new object in @p out (a T **): *out is NULL from
 * the first line on (STYLE.md: NULL on failure), then pki__enter_out(__func__, ...). An
 * expression: it returns nothing by itself. */
#define PKI__ENTER_OUT(out, flags, allowed)                                                    \
	((out) ? (void)(*(out) = NULL) : (void)0, pki__enter_out(__func__, (out), (flags), (allowed)))
/* The entry of a getter lending or giving a string of the object @p obj (named @p what):
 * clears the detail, sets *out to NULL, then "<fn>: out is NULL", "<fn>: <what> is NULL". */
int pki__enter_str(const char *fn, char **out, const void *obj, const char *what);
/* The entry of a function whose first argument is the object @p p it works on (a setter):
 * clears the detail, then "<fn>: <what> is NULL". */
int pki__enter_arg(const char *fn, const void *p, const char *what);
/* The entry of a setter that checks its value: pki__enter_arg, then, unless @p valid,
 * PKI_E_INVALID_ARG with the detail @p fmt. */
int pki__enter_set(const char *fn, const void *p, const char *what, bool valid, const char *fmt,
		   ...) PKI_PRINTF(5, 6);
/* The entry of an export to bytes: clears the detail, *out NULL and *size 0 (when given),
 * then "<fn>: out is NULL", "size is NULL", "<what> is NULL", "unknown format %d" (PEM and
 * DER are known), unknown flags (none is). */
int pki__enter_export(const char *fn, unsigned char **out, size_t *size, const void *obj,
		      const char *what, pki_format_t format, unsigned flags);
/* PKI__ENTER_OUT for a function reading the object @p obj (named @p what) into @p out:
 * "<fn>: <what> is NULL" checked after "out is NULL"; no flags. */
#define PKI__ENTER_OUT_OF(out, obj, what)                                                      \
	((out) ? (void)(*(out) = NULL) : (void)0, pki__enter_out_of(__func__, (out), (obj), (what)))
int pki__enter_out_of(const char *fn, const void *out, const void *obj, const char *what);
/* PKI_E_INVALID_ARG "<fn>: <what> is NULL" when @p p is NULL, else 0. */
int pki__arg(const char *fn, const void *p, const char *what);
/* PKI_E_INVALID_ARG "<fn>: data is NULL", else pki__check_input(data, size). */
int pki__input(const char *fn, const void *data, size_t size);

/* ---- memory: everything handed to the caller is freed (and wiped) by pki_free ---- */
void *pki__malloc(size_t size);
void *pki__zalloc(size_t size); /* zeroed */
/*
 * The one growth rule for arrays: @p p (NULL or from pki__malloc) holds @p count elements of
 * @p elem bytes in *@p cap slots. When fewer than @p extra slots are free, a copy twice as
 * large, or of count + extra slots if that is more (at most @p max slots; new slots zeroed),
 * replaces it, and the old block is wiped and freed. Returns the array to use, or NULL with
 * *@p err set (PKI_E_TOO_LARGE naming @p what past @p max, PKI_E_NOMEM) and @p p untouched.
 * @p count is the number of elements to keep (copied), not the number wanted.
 */
void *pki__reserve(void *p, size_t *cap, size_t count, size_t extra, size_t elem, size_t max,
		   const char *what, int *err);
/* pki__reserve with @p extra 1: room for one more element after the @p count there are. */
void *pki__grow(void *p, size_t *cap, size_t count, size_t elem, size_t max, const char *what,
		int *err);
char *pki__strdup(const char *s);
/* Replace the string *@p field (NULL or from pki__malloc; freed) with a copy of @p value, or
 * with NULL when @p value is NULL. 0, or PKI_E_NOMEM with *@p field untouched. */
int pki__set_str(char **field, const char *value);
/* pki_free each of the @p n strings of @p v (NULL entries fine), then @p v; NULL is fine. */
void pki__free_strings(char **v, size_t n);
char *pki__strndup(const char *s, size_t n);
/* Copy a GnuTLS datum into caller-owned memory; wipes and frees @p d in all cases. */
int pki__datum_out(unsigned char **out, size_t *size, gnutls_datum_t *d);
/* Lower-case hex of @p n bytes (pki_free); NULL on allocation failure. */
char *pki__hex(const unsigned char *p, size_t n);

/* ---- the dates libpki writes and accepts, in Unix seconds (one definition for all) ---- */
/* 9999-12-31T23:59:59Z, the last instant RFC 5280's GeneralizedTime can say. */
#define PKI__TIME_MAX INT64_C(253402300799)
/* 1950-01-01T00:00:00Z, the first instant UTCTime can say (CRL dates are written as such). */
#define PKI__TIME_MIN_UTC INT64_C(-631152000)

/* ---- hex and serial numbers (serial.c) ---- */
/* The value of a hex digit, or -1. */
int pki__hex_digit(int c);
/* Parse a positive integer written in hex ("0x" prefix allowed, ':' between bytes, leading
 * zeros ignored) into the content bytes of its DER INTEGER (a 0x00 first when the top bit is
 * set) in @p out (@p cap bytes: 20 for a serial, RFC 5280 4.1.2.2). PKI_E_INVALID_ARG, with
 * @p what ("serial", "CRL number") in the detail, for NULL, no digits, a non-hex character,
 * zero, or more than @p cap bytes. */
int pki__serial_parse(unsigned char *out, size_t cap, size_t *len, const char *hex,
		      const char *what);
/* Whether two INTEGER contents (any length, as read from DER or pki__serial_parse) are the
 * same value: the whole values compared, redundant sign bytes ignored. */
bool pki__serial_equal(const unsigned char *a, size_t an, const unsigned char *b, size_t bn);

/* ---- input ---- */
/* Check a (data, size) input: non-NULL, non-empty, within PKI_MAX_INPUT_SIZE. */
int pki__check_input(const void *data, size_t size);
/* True when the buffer contains a PEM armour line "-----BEGIN ". */
bool pki__is_pem(const void *data, size_t size);
/* True when the PEM in data has a "-----BEGIN <label>-----" line. */
bool pki__pem_has_label(const void *data, size_t size, const char *label);
/* Decode the first "<label>" PEM block of data into *der (gnutls_free it) and check that it
 * is one whole DER object, as pki__check_input checks binary input. */
int pki__pem_to_der(gnutls_datum_t *der, const void *data, size_t size, const char *label);

/* ---- a growable string for text and JSON output ---- */
typedef struct {
	char *p;
	size_t len, cap;
	bool failed;
} pki__buf_t;

void pki__buf_printf(pki__buf_t *b, const char *fmt, ...) PKI_PRINTF(2, 3);
void pki__buf_add(pki__buf_t *b, const char *s, size_t n);
/*
 * Decode one UTF-8 sequence at @p s (n > 0 bytes left): its length (1..4) and code point in
 * @p cp, or 0 when the bytes are not well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no truncated sequence). The one decoder of the library.
 */
size_t pki__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/*
 * Text escaping, for every string that comes from a certificate, request, CRL, PKCS#12 file or
 * any other input and is shown as text. Printable ASCII and well-formed UTF-8 are kept as
 * they are (backslashes too: RFC 4514 names use them; the result is for display, not meant
 * to be parsed back). Escaped:
 *   - a C0 control byte or DEL as \xNN (upper-case hex: "\x1B", "\x0A", "\x7F");
 *   - a byte that is not part of well-formed UTF-8 (RFC 3629: overlong forms, surrogates,
 *     > U+10FFFF, truncated or stray continuation bytes) as \xNN;
 *   - a C1 control (U+0080..U+009F), U+061C, U+200E/F, U+2028..U+202E, U+2066..U+2069
 *     (line separators and bidirectional controls) as \u{XXXX} ("\u{9B}", "\u{202E}").
 * So the result never holds a byte below 0x20, DEL, a C1 control or invalid UTF-8.
 */
void pki__buf_add_escaped(pki__buf_t *b, const char *s, size_t n);
/* As pki__buf_add_escaped for a NUL-terminated string; NULL appends "(null)". */
void pki__buf_add_escaped_str(pki__buf_t *b, const char *s);
/* The escaped form of @p n bytes at @p s as a new string (pki_free); NULL when out of memory. */
char *pki__escape(const char *s, size_t n);
/* Append @p s as a JSON string literal (quoted, escaped); NULL appends null. The result is
 * valid JSON (UTF-8) for any bytes: C0 as JSON escapes, DEL/C1/bidi controls as \uXXXX, a
 * byte that is not well-formed UTF-8 as the text \\xNN. */
void pki__buf_json_str(pki__buf_t *b, const char *s);
/* Append @p key (literal JSON such as ",\"issuer\":") and @p s as pki__buf_json_str does. */
void pki__buf_json_member(pki__buf_t *b, const char *key, const char *s);
/*
 * What the code shared by certificates, requests and CRLs needs to know of one kind of handle
 * (a small vtable; cert.c, csr.c, crl.c). Exports: its DER. Dumps (pki_<object>_to_json,
 * _to_text): what they show is read once into an info structure of @c size bytes (zeroed
 * first; @c free frees it whatever @c read returned), then @c json or @c text writes it.
 */
typedef struct {
	const char *arg;   /* the handle's parameter in messages: "cert" */
	const char *label; /* its PEM label: "CERTIFICATE" */
	int (*der)(gnutls_datum_t *der, const void *obj); /* gnutls_free */
	size_t size;
	int (*read)(void *info, const void *obj);
	void (*free)(void *info);
	void (*json)(pki__buf_t *b, const void *info, const void *obj);
	void (*text)(pki__buf_t *b, const void *info, const void *obj);
} pki__kind_t;
/* pki_<object>_export of @p obj, with the entry checks of public function @p fn
 * (pki__enter_export). */
int pki__export(const char *fn, unsigned char **out, size_t *size, const void *obj,
		pki_format_t format, unsigned flags, const pki__kind_t *kind);
/* A dump of @p obj as JSON or text, with the entry checks of public function @p fn. */
int pki__dump(const char *fn, char **out, const void *obj, unsigned flags,
	      const pki__kind_t *kind, bool json);
/* Hand the text to the caller (pki_free); PKI_E_NOMEM if any append failed. */
int pki__buf_finish(pki__buf_t *b, char **out);
void pki__buf_discard(pki__buf_t *b);

/* ---- keys ---- */
/* A public-only key handle owning @p pub (taken over even on failure). */
int pki__key_from_pubkey(pki_key_t **out, gnutls_pubkey_t pub);
/* Whether two public keys are the same key: their DER SubjectPublicKeyInfo compared (the one
 * rule for key equality in libpki). PKI_E_* if one cannot be encoded. */
int pki__pubkey_equal(gnutls_pubkey_t a, gnutls_pubkey_t b, bool *eq);
/* The pki_key_type_t of a GnuTLS public key; PKI_KEY_UNKNOWN if unsupported. */
int pki__key_type_of(gnutls_pubkey_t pub);
/* pki_key_algorithm, pki_key_curve and pki_key_bits's work (key.c), @p key not NULL: the
 * same values, and the error detail untouched. */
const char *pki__key_algorithm(const pki_key_t *key);
const char *pki__key_curve(const pki_key_t *key);
int pki__key_bits(const pki_key_t *key);
/* SHA-1 of the subjectPublicKey bits (RFC 5280 4.2.1.2 method 1) into @p id (20 bytes). */
int pki__key_sha1_id(unsigned char id[20], gnutls_pubkey_t pub);
/* PKI_E_INVALID_ARG for "" as a password that would encrypt (NULL means no encryption). */
int pki__check_new_password(const char *password);
/* The digest libpki signs with for a key: SHA-256/384/512, or UNKNOWN for EdDSA. */
gnutls_digest_algorithm_t pki__key_sign_digest(const pki_key_t *key);
/* 0 when @p key may sign with @p dig: PKI_E_INVALID_ARG for an RSA-PSS key restricted to
 * another hash (RFC 4055 3.1). */
int pki__key_check_digest(const pki_key_t *key, gnutls_digest_algorithm_t dig);

/* ---- private key encodings (keyenc.c) ---- */
/* The size in bytes of an EC private scalar on @p curve (a gnutls_ecc_curve_t): 32 for P-256,
 * 48 for P-384, 66 for P-521 (RFC 5915 3, SEC 1 C.4); 0 for other curves. */
size_t pki__ec_scalar_size(int curve);
/* Re-encode the plain PKCS#8 PrivateKeyInfo @p pkcs8 of an EC key (DER) with its
 * ECPrivateKey privateKey exactly @p size bytes (left-padded with zeros, leading zeros
 * dropped), into @p out (gnutls_free; wipe it). */
int pki__ec_fix_pkcs8(gnutls_datum_t *out, const gnutls_datum_t *pkcs8, size_t size);
/* The plain PKCS#8 PrivateKeyInfo (DER) of @p key (gnutls_free; wipe it): GnuTLS's encoding,
 * with the EC scalar of an EC key at the curve's exact size. */
int pki__key_pkcs8_der(gnutls_datum_t *out, const pki_key_t *key);
/* Encrypt the PrivateKeyInfo DER @p plain as an EncryptedPrivateKeyInfo (DER, gnutls_free):
 * PBES2 with PBKDF2-HMAC-SHA256 (@p iter iterations, 16-byte salt) and AES-256-CBC. */
int pki__pkcs8_encrypt(gnutls_datum_t *out, const gnutls_datum_t *plain, const char *password,
		       unsigned iter);
/* Test hooks of pki_file_write() (common.c), set only by tests/test_write_fallback.c, which
 * links the library's objects (hidden symbols, not exported): take the fallback (a named
 * temporary file, then link or rename) as where O_TMPFILE is missing, and call a function
 * once that temporary file is created, before any byte is written. */
extern bool pki__write_force_fallback;
extern void (*pki__write_created_hook)(const char *tmp, int fd);

/* The library's clock: Unix seconds now. Every "now" of libpki (issuance, CRL and OCSP
 * writing and checking, verification) comes from here, so that a test can fix it with
 * pki__now_hook; nothing else moves it (no environment variable: the environment of a
 * process must not move the clock its certificates are checked against). */
int64_t pki__now(void);
/* Test hook of pki__now() (common.c), set only by tests that link the library's objects
 * (hidden symbols, not exported): when set, pki__now() returns what it returns. */
extern int64_t (*pki__now_hook)(void);

/* Wipe and gnutls_free @p d's data; the datum is left empty. */
void pki__wipe_datum(gnutls_datum_t *d);
/* For cleanups: gnutls_free the data of every datum of a NULL-terminated list, leaving each
 * empty; pki__wipe_datums wipes them first (pki__wipe_datum). */
void pki__free_datums(gnutls_datum_t *d, ...) __attribute__((sentinel));
void pki__wipe_datums(gnutls_datum_t *d, ...) __attribute__((sentinel));
/* The PKCS#12 file (DER, gnutls_free) of @p key, @p cert (with the localKeyId @p id and the
 * friendlyName @p name, NULL for none) and @p n_chain more certificates: PBES2 with @p iter
 * PBKDF2-HMAC-SHA256 iterations for the key and the certificates, an HMAC-SHA256 MAC with
 * @p iter iterations (pkcs12-write.c). */
int pki__p12_write(gnutls_datum_t *out, const pki_key_t *key, gnutls_x509_crt_t cert,
		   gnutls_x509_crt_t *chain, size_t n_chain, const gnutls_datum_t *id,
		   const char *name, const char *password, unsigned iter);
/* The iterations to write (@p out) for the count a caller chose: 0 means
 * PKI_KDF_DEFAULT_ITERATIONS; below PKI_KDF_MIN_ITERATIONS is PKI_E_WEAK, above @p max
 * PKI_E_INVALID_ARG; with no @p password, only 0 is accepted (and *out is 0). */
int pki__kdf_iterations(unsigned *out, unsigned iterations, unsigned max, const char *password);
/* pki__key_pkcs8_der, then pki__pkcs8_encrypt when @p password is non-empty. */
int pki__key_pkcs8_export(gnutls_datum_t *out, const pki_key_t *key, const char *password,
			  unsigned iter);

/* ---- names (names.c) ---- */
/* Parse the RFC 4514 string @p dn and set it as the subject DN of @p crt / @p crq. "" sets an
 * empty subject. PKI_E_INVALID_NAME with a detail naming the bad part.
 * _crt replaces any subject already set (also one copied by gnutls_x509_crt_set_crq).
 * _crq must be called first on a freshly initialised request: it imports a template request
 * carrying the subject (GnuTLS cannot write multi-valued RDNs), then set version, key,
 * extensions and sign. */
int pki__dn_set_crt(gnutls_x509_crt_t crt, const char *dn);
/* ,"key":[[{"type":..,"value":..},...],...]: the Name @p dn attribute by attribute, one array
 * per RDN, in DER order (dn.c; the forms of pki_cert_subject_attribute). */
void pki__json_rdns(pki__buf_t *b, const char *key, gnutls_x509_dn_t dn);
/* The same for the DER of a Name (null when it does not decode). */
void pki__json_rdns_der(pki__buf_t *b, const char *key, const gnutls_datum_t *name);
/* The same for the subject (@p issuer false) or the issuer of @p cert, from the attributes its
 * handle caches (null when they cannot be read). */
void pki__json_cert_rdns(pki__buf_t *b, const char *key, const pki_cert_t *cert, bool issuer);
int pki__dn_set_crq(gnutls_x509_crq_t crq, const char *dn);
/* The RFC 4514 string of a built name (pki_free; "" when empty). */
int pki__dn_render(char **out, const pki_dn_t *dn);
/* Validate a typed SAN string ("DNS:x", "IP:1.2.3.4", "email:a@b", "URI:s:..."): its
 * pki_san_type_t as return value and the normalised value without prefix in @p value
 * (pki_free). PKI_E_INVALID_NAME when malformed. */
int pki__san_parse(const char *typed, char **value);
/* Add one SAN (type, normalised value as given by pki__san_parse) to a request. */
int pki__san_add_crq(gnutls_x509_crq_t crq, int type, const char *value);
/* Write @p n SANs (types and normalised values as given by pki__san_parse) as one
 * subjectAltName extension, replacing any: linear, where n calls of pki__san_add_* re-encode
 * the extension each time (quadratic). */
int pki__sans_set_crt(gnutls_x509_crt_t crt, char *const *values, const int *types, size_t n);
/* The same for a request; the names encoded are kept in @p keep (the handle's list). */
int pki__sans_set_crq(gnutls_x509_crq_t crq, char *const *values, const int *types, size_t n,
		      pki__sans_t *keep);
/* True for a DNS host name (LDH labels, optional leading "*." wildcard label). */
bool pki__is_hostname(const char *s);
/* Parse an IPv4 or IPv6 address text into @p out (4 or 16 bytes); the length, or 0. */
size_t pki__parse_ip(const char *s, unsigned char out[16]);

/* The short name libpki writes for a DN attribute OID ("CN", "emailAddress"), or NULL. */
const char *pki__dn_attr_name(const char *oid);
/* The RFC 4514 string of a GnuTLS get_dn3() result (@p n bytes), with GnuTLS's attribute
 * names EMAIL, givenName, surName written emailAddress, GN, SN as libpki and openssl do. */
char *pki__dn_from_gnutls(const char *s, size_t n);
/* The one rendering of a name in libpki (pki_cert_subject/issuer, pki_csr_subject; CRL
 * issuers and verification messages should use it too): call with the result @p ret and the
 * datum @p d of gnutls_x509_{crt,crq,crl}_get_{issuer_,}dn3(..., 0) (or gnutls_x509_rdn_get2
 * on a DER Name); gives the RFC 4514 string (pki_free) in @p out, "" for an empty name, and
 * frees @p d. @p what ("subject", "issuer") names it in an error. */
int pki__dn_text(char **out, int ret, gnutls_datum_t *d, const char *what);
/* Render a SAN as GnuTLS returns it (gnutls_x509_subject_alt_name_t @p gtype, raw @p data):
 * the pki_san_type_t as return value, the text without prefix in @p out (pki_free). */
int pki__san_render(char **out, int gtype, const unsigned char *data, size_t size);
/* Decode into @p s the SAN extension value @p der that gnutls_x509_{crt,crq}_get_extension_by_
 * oid2 gave with result @p ret (not found: no SANs); frees der->data. @p what names the owner
 * ("certificate", "request") in errors. 0, or the code (also kept in s->status). */
int pki__sans_read(pki__sans_t *s, int ret, gnutls_datum_t *der, const char *what);
/* The @p index-th name of @p s: its pki_san_type_t as the return value, its text in @p out. */
int pki__sans_get(char **out, const pki__sans_t *s, unsigned index, const char *what);
/* Every name of @p s as typed strings ("DNS:...", "IP:...", "email:...", "URI:...",
 * "other:HEX"), NULL-terminated (pki_strings_free); the count. */
int pki__sans_all(char ***out, const pki__sans_t *s, const char *what);
void pki__sans_clear(pki__sans_t *s);
/* The SANs of an imported certificate from GnuTLS's own decoded list (no second decode):
 * 0, PKI_E_NOMEM, or 1 when the names are not all plain DNS/IP/email/URI values (or there
 * are none) and the caller decodes the extension itself (pki__sans_read). */
int pki__sans_from_crt(pki__sans_t *s, gnutls_x509_crt_t crt);
/* Append "dns_names":[...],"ip_addresses":[...],"emails":[...],"uris":[...] for @p n SANs. */
void pki__json_sans(pki__buf_t *b, char *const *values, const int *types, size_t n);

/* ---- what certificates and requests share (x509.c) ---- */
/* A certificate or a request as the code they share sees it: @c crt, or @c crq when crt is
 * NULL; @c sans NULL when the handle is NULL. @c arg names the handle's parameter in messages
 * ("cert", "csr"), @c what the object ("certificate", "request"). Made by value:
 * cert.c's and csr.c's x509(). */
typedef struct {
	gnutls_x509_crt_t crt;
	gnutls_x509_crq_t crq;
	const pki__sans_t *sans;
	const char *arg, *what;
} pki__x509_t;
/* Decode the SANs of @p crt (or of @p crq when crt is NULL) into @p s, once per handle. */
int pki__x509_sans_load(pki__sans_t *s, gnutls_x509_crt_t crt, gnutls_x509_crq_t crq);
/* Finish a new handle @p h (a zeroed pki_cert_t or pki_csr_t holding @p crt or @p crq; NULL
 * when its allocation failed): its SANs decoded into @p sans. Returns @p h with the detail
 * clear, or NULL (PKI_E_NOMEM, the only failure that stops an import: a SAN extension that
 * does not decode is reported by the SAN getters) with @p h, @p crt and @p crq freed. */
void *pki__x509_adopt(void *h, pki__sans_t *sans, gnutls_x509_crt_t crt, gnutls_x509_crq_t crq);
/* The public getters pki_{cert,csr}_{san_count,san,sans,subject,signature_algorithm,
 * public_key}, argument checks included (@p fn: the public function's __func__). */
int pki__x509_san_count(const char *fn, pki__x509_t x);
int pki__x509_san(const char *fn, char **out, pki__x509_t x, unsigned index);
int pki__x509_san_list(const char *fn, char ***out, pki__x509_t x, unsigned flags);
int pki__x509_subject(const char *fn, char **out, pki__x509_t x);
int pki__x509_signature_algorithm(const char *fn, char **out, pki__x509_t x);
int pki__x509_public_key(const char *fn, pki_key_t **out, pki__x509_t x);
/* The same work for library code, without argument checks. */
int pki__x509_subject_text(char **out, pki__x509_t x);
int pki__x509_sign_name(char **out, pki__x509_t x);
int pki__x509_pubkey(gnutls_pubkey_t *pub, pki__x509_t x);
/* Every SAN of @p x: @p n values (pki_free each, then the array) and their pki_san_type_t in
 * @p types (pki_free); on failure what was filled is still to be freed. */
int pki__x509_sans_copy(char ***values, int **types, size_t *n, pki__x509_t x);

/* ---- x509 reading helpers (cert.c) ---- */
/* A certificate handle for @p crt (taken over, also on failure), its SANs decoded. */
int pki__cert_wrap(pki_cert_t **out, gnutls_x509_crt_t crt);
/* A certificate handle for the DER @p der (gnutls_malloc'd, taken over, also on failure),
 * decoded at first use: what issuance returns. */
int pki__cert_wrap_der(pki_cert_t **out, gnutls_datum_t *der);
/* The work of pki_cert_import and pki_chain_new (cert.c), for internal callers: @p out is not
 * NULL (set to NULL first); @p data and @p size are checked here (pki__check_input). */
int pki__cert_import(pki_cert_t **out, const void *data, size_t size);
int pki__chain_new(pki_chain_t **out);
/* The GnuTLS certificate of @p cert, decoded at the first call for a lazy handle; NULL only
 * if that decoding fails (out of memory), with the detail set. */
gnutls_x509_crt_t pki__cert_crt(const pki_cert_t *cert);
/* The decoded certificate of @p cert with its caches (decoded as by pki__cert_crt); NULL only
 * for a NULL @p cert or when that decoding fails (detail set). */
struct pki__cert_dec *pki__cert_dec(const pki_cert_t *cert);
/* Free what ext.c and dn.c cached in a certificate's decoding; NULL is fine. */
void pki__cert_ext_free(struct pki__cert_ext *e);
void pki__dn_attrs_free(struct pki__dn_attrs *a);
/* Append the {"type","bits","curve"} JSON object of a public key (any algorithm). */
void pki__pubkey_json(pki__buf_t *b, gnutls_pubkey_t pub);
/* A line such as "ec P-256 (256 bits)" describing a public key. */
void pki__pubkey_text(pki__buf_t *b, gnutls_pubkey_t pub);
/* Name of a signature algorithm ("ECDSA-SHA256"), or @p oid when GnuTLS does not know it. */
char *pki__sign_name(int sign_algo, const char *oid);
/* A certificate decoded from @p der; 0 or a negative PKI_E_* (*out NULL). path.c */
int pki__crt_from_der(gnutls_x509_crt_t *out, const gnutls_datum_t *der);
/* A copy of @p in (re-imported from its DER); 0 or a negative PKI_E_*. path.c */
int pki__crt_copy(gnutls_x509_crt_t *out, gnutls_x509_crt_t in);

/* Decrypt a legacy OpenSSL-encrypted PEM key (DEK-Info) into DER (gnutls_free, wipe). */
int pki__legacy_pem_decrypt(gnutls_datum_t *der, const char *data, size_t size,
			    const char *password);

/* RFC 3339 UTC ("2026-01-01T00:00:00Z") for a Unix time into buf (>= 32 bytes). */
void pki__rfc3339(char *buf, size_t len, int64_t t);

#endif /* PKI_INTERNAL_H */
