/*
 * libpki — the libtasn1 layer: libpki's PKIX definitions (pkix.asn, compiled by asn1Parser into
 * pkix_asn1_tab.c) and small helpers over libtasn1 (never installed).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every ASN.1 structure libpki decodes or encodes itself goes through these helpers; nothing
 * parses DER by hand. Types are named as in pkix.asn without the module prefix ("Name",
 * "TBSCertList", "ECPrivateKey"); element paths inside a node are libtasn1's
 * ("tbsCertList.issuer", "?1" for the first element of a SEQUENCE OF, "" or NULL for the node
 * itself).
 *
 * Errors: every helper returns 0 or a PKI_E_* code and sets the error detail with the name of
 * the structure (@p what, or the type) and libtasn1's text. PKI_E_PARSE for input that does not
 * decode, PKI_E_NOT_FOUND for an absent OPTIONAL element, PKI_E_NOMEM, PKI_E_INVALID_ARG for a
 * value that cannot be written.
 *
 * Threads: the definitions are parsed once (pthread_once) and then only read, so any thread may
 * call these helpers; a node itself belongs to one thread at a time.
 */
#ifndef PKI_ASN1_H
#define PKI_ASN1_H

#include "internal.h"

#include <libtasn1.h>
#include <stdint.h>

/* The parsed definitions (never freed; NULL only if pkix.asn failed to load, which the unit
 * test excludes). */
asn1_node pki__asn1_defs(void);

/* A new empty element of @p type into @p out (free with pki__asn1_free). */
int pki__asn1_create(asn1_node *out, const char *type);

/* Free a node from pki__asn1_create/pki__asn1_decode and set *@p node to NULL (NULL is fine). */
void pki__asn1_free(asn1_node *node);

/* Decode the whole of @p der (@p size bytes) as @p type, strictly: DER only
 * (ASN1_DECODE_FLAG_STRICT_DER refuses indefinite lengths; then the value is encoded again and
 * must equal the input, which refuses every other BER form: long-form short lengths,
 * BOOLEAN TRUE other than 0xff, unsorted SET OF; libtasn1 keeps INTEGER bytes as they came,
 * so pki__asn1_read_int refuses a redundant leading byte; a DEFAULT value written out is
 * not caught), every byte consumed
 * (trailing bytes are refused). Contents of an ANY are not re-checked: decode them with
 * their own type. PKI_E_PARSE with a detail naming @p type (and libtasn1's text);
 * PKI_E_TOO_LARGE above PKI_MAX_INPUT_SIZE. */
int pki__asn1_decode(asn1_node *out, const char *type, const void *der, size_t size);

/* True when @p der (@p size bytes) decodes as @p type as pki__asn1_decode would decode it; a
 * probe: it sets no error detail. */
bool pki__asn1_is(const char *type, const void *der, size_t size);

/* True when @p der is an EncryptedPrivateKeyInfo as pki__asn1_is decodes it and its encryption
 * algorithm has an OID (libtasn1 accepts an empty AlgorithmIdentifier there, and GnuTLS 3.7's
 * gnutls_pkcs8_info aborts on one): only such input may go to gnutls_pkcs8_info. A probe: it
 * leaves no error detail (the detail is "" after a false answer). */
bool pki__asn1_is_epki(const void *der, size_t size);

/* DER of the element @p name of @p node ("" or NULL: the whole node) into @p out
 * (gnutls_free). */
int pki__asn1_encode(gnutls_datum_t *out, asn1_node node, const char *name);
/* The same, into caller-owned memory (pki_free), as the public functions return it. */
int pki__asn1_encode_out(unsigned char **out, size_t *size, asn1_node node, const char *name);

/* The DER (tag, length and contents) of the element @p name as it appears inside the encoding
 * @p der that @p node was decoded from: a pointer into @p der, no copy. Used to hand a decoded
 * part (an extension value, a Name) to GnuTLS or to compare it byte for byte. */
int pki__asn1_der_of(gnutls_datum_t *out, asn1_node node, const char *name, const void *der,
		     size_t size);

/* The value of the element @p name in allocated memory (gnutls_free), NUL-terminated (the NUL
 * not counted in out->size): the bytes of an OCTET STRING, a string type or an ANY (its DER),
 * the two's complement bytes of an INTEGER/ENUMERATED, the dotted text of an OBJECT IDENTIFIER,
 * "TRUE"/"FALSE" of a BOOLEAN, the time text of UTCTime/GeneralizedTime, the alternative's name
 * of a CHOICE. PKI_E_NOT_FOUND when an OPTIONAL element is absent. BIT STRING: use
 * pki__asn1_read_bits. */
int pki__asn1_read(gnutls_datum_t *out, asn1_node node, const char *name);

/* A BIT STRING: its bytes (gnutls_free) and its length in bits. */
int pki__asn1_read_bits(gnutls_datum_t *out, size_t *bits, asn1_node node, const char *name);

/* An INTEGER or ENUMERATED that fits in int64_t. PKI_E_PARSE if it does not fit or is not in
 * minimal form;
 * PKI_E_NOT_FOUND when absent (also for a DEFAULT left out: the caller knows the default). Serial numbers and CRL numbers have any length:
 * read them with pki__asn1_read. */
int pki__asn1_read_int(int64_t *out, asn1_node node, const char *name);

/* A BOOLEAN; an absent one reads false (every BOOLEAN in pkix.asn is DEFAULT FALSE, which DER
 * leaves out; libtasn1 then has no node, so a misspelt @p name reads false as well). */
int pki__asn1_read_bool(bool *out, asn1_node node, const char *name);

/* An OBJECT IDENTIFIER as dotted text into @p buf (@p len bytes; 128 is always enough for the
 * OIDs libpki knows, longer ones are PKI_E_PARSE). */
int pki__asn1_read_oid(char *buf, size_t len, asn1_node node, const char *name);

/* A Time (CHOICE of UTCTime and GeneralizedTime), UTCTime or GeneralizedTime as a Unix time,
 * in the strict RFC 5280 forms (YYMMDDHHMMSSZ, YYYYMMDDHHMMSSZ, no fractions; UTCTime years
 * 50-99 are 19xx). PKI_E_PARSE for any other form. */
int pki__asn1_read_time(int64_t *out, asn1_node node, const char *name);

/* Write @p size bytes at @p data into the element @p name (asn1_write_value: for a SEQUENCE OF
 * element "NEW" with NULL data appends one; a CHOICE takes the alternative's name). */
int pki__asn1_write(asn1_node node, const char *name, const void *data, size_t size);
/* Write a NUL-terminated text value (OID dotted text, CHOICE alternative, "TRUE"). */
int pki__asn1_write_str(asn1_node node, const char *name, const char *value);
/* Write an INTEGER or ENUMERATED (minimal two's complement). */
int pki__asn1_write_int(asn1_node node, const char *name, int64_t value);
/* Write a Time (CHOICE: UTCTime for 1950-2049, GeneralizedTime otherwise, RFC 5280 4.1.2.5),
 * UTCTime or GeneralizedTime element from a Unix time. */
int pki__asn1_write_time(asn1_node node, const char *name, int64_t t);

/* Encrypt @p plain with PBES2 (PBKDF2-HMAC-SHA256 with @p iter iterations and a random salt,
 * AES-256-CBC; the same as pki__pkcs8_encrypt) into @p node: the AlgorithmIdentifier @p alg
 * (PBES2 and its PBES2-params) and the ciphertext @p data. For PKCS#8's
 * EncryptedPrivateKeyInfo and PKCS#12's EncryptedData. keyenc.c. */
int pki__pbes2_write(asn1_node node, const char *alg, const char *data,
		     const gnutls_datum_t *plain, const char *password, unsigned iter);

/* The number of elements of the SEQUENCE OF / SET OF @p name (0 when it is an absent OPTIONAL
 * element). */
int pki__asn1_count(size_t *out, asn1_node node, const char *name);

/* The DER encoding of an OBJECT IDENTIFIER given as dotted text (gnutls_free):
 * PKI_E_INVALID_ARG if @p oid is not a valid OID. */
int pki__asn1_encode_oid(gnutls_datum_t *out, const char *oid);

/* The DER RSASSA-PSS-params for @p dig (gnutls_free): MGF1 with the same hash, salt as long
 * as the hash, every field explicit (RFC 4055 3.1). sign.c. */
int pki__pss_params_der(gnutls_datum_t *out, gnutls_digest_algorithm_t dig);
/* Write the AlgorithmIdentifier @p name of @p node for signatures with @p sign: NULL parameters
 * for RSA PKCS#1 v1.5, pki__pss_params_der for RSASSA-PSS, none otherwise. sign.c. */
int pki__asn1_write_sign_alg(asn1_node node, const char *name, gnutls_sign_algorithm_t sign);

#endif /* PKI_ASN1_H */
