/*
 * libpki — common definitions: export macro, error codes, memory, files.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The flags rule (how a call grows without changing its signature):
 * - A call that adds to or acts on a data handle (pki_trust_t, pki_chain_t, pki_dn_t,
 *   pki_csr_t, ...) ends in `unsigned flags`. Reserved bits must be 0, else
 *   PKI_E_INVALID_ARG with a detail naming the call and the unknown bits.
 * - Setters and adders on an options object (pki_*_opts_*) take no flags: the options
 *   object is itself the extension point, and a new behaviour is a new setter.
 * - A bool that selects behaviour is a flag or an enum, never a bool parameter
 *   (PKI_EXT_CRITICAL, pki_name_constraint_t). So pki_issue_opts_add_extension(), an
 *   options adder, ends in flags too: they carry PKI_EXT_CRITICAL, as in
 *   pki_csr_add_extension().
 */
#ifndef PKI_COMMON_H
#define PKI_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PKI_BUILDING_LIBRARY) && defined(__GNUC__)
#define PKI_API __attribute__((visibility("default")))
#else
#define PKI_API
#endif

/** Version of the headers; pki_version() gives the library's at run time. */
#define PKI_VERSION_STRING "0.1.0"
/** The parts of PKI_VERSION_STRING as numbers. */
#define PKI_VERSION_MAJOR 0
#define PKI_VERSION_MINOR 1
#define PKI_VERSION_PATCH 0
/**
 * The headers' version as one number, 0xMMmmpp (major, minor, patch), for `#if` tests:
 * `#if PKI_VERSION_NUMBER >= 0x000100`. pki_version_number() gives the library's.
 */
#define PKI_VERSION_NUMBER ((PKI_VERSION_MAJOR << 16) | (PKI_VERSION_MINOR << 8) | PKI_VERSION_PATCH)

/**
 * Error codes. Every function that can fail returns an int: >= 0 on success, one of these
 * (negative, stable across releases) on failure. pki_error_detail() says exactly why.
 */
enum {
	PKI_OK = 0,
	PKI_E_INVALID_ARG = -1,        /**< NULL or out-of-range argument, non-zero reserved flags */
	PKI_E_NOMEM = -2,              /**< out of memory */
	PKI_E_PARSE = -3,              /**< malformed input: not PEM/DER of the expected kind */
	PKI_E_PASSWORD_REQUIRED = -4,  /**< the input is encrypted and no password was given */
	PKI_E_BAD_PASSWORD = -5,       /**< the password does not decrypt the input */
	PKI_E_UNSUPPORTED = -6,        /**< algorithm, format or feature not supported */
	PKI_E_WEAK = -7,               /**< refused as insecure (e.g. RSA below 2048 bits) */
	PKI_E_IO = -8,                 /**< reading or writing a file failed */
	PKI_E_EXISTS = -9,             /**< the output file exists and overwriting was not allowed */
	PKI_E_CRYPTO = -10,            /**< a cryptographic operation failed inside GnuTLS */
	PKI_E_KEY_MISMATCH = -11,      /**< the private key does not belong to the certificate */
	PKI_E_NOT_CA = -12,            /**< the issuer certificate is not a CA (or may not sign) */
	PKI_E_BAD_SIGNATURE = -13,     /**< a signature does not verify */
	PKI_E_VALIDITY = -14,          /**< bad validity period (e.g. ends after the issuer's) */
	PKI_E_NOT_FOUND = -15,         /**< the requested item (extension, entry) is absent */
	PKI_E_TOO_LARGE = -16,         /**< above one of libpki's documented bounds (see below) */
	PKI_E_NO_PRIVATE_KEY = -17,    /**< a private key is needed but the handle is public only */
	PKI_E_KEY_REUSE = -18,         /**< the subject key is the issuer's own key */
	PKI_E_INVALID_NAME = -19,      /**< malformed DN, SAN, host name, IP address or URI */
	PKI_E_VERIFY = -20,            /**< a certificate chain did not verify */
	PKI_E_BAD_PIN = -21,           /**< the PIN of a PKCS#11 token is wrong */
	PKI_E_TOKEN_NOT_FOUND = -22,   /**< no PKCS#11 token matches the URI (or it is unusable) */
	PKI_E_TOKEN_LOCKED = -23,      /**< the token's user PIN is locked */
	PKI_E_KEY_CANNOT_SIGN = -24,   /**< the key may not sign (token object without CKA_SIGN) */
	PKI_E_TOKEN_KEY = -25,         /**< a token's private key cannot be exported */
	PKI_E_USAGE = -26,             /**< key usages contradict the certificate (keyCertSign on a leaf) */
};

/*
 * Optional values. No value of a type is reserved to mean "absent" or "none" (no -1 for a
 * missing field, no 0 for "not set" where 0 is a value). A getter of a value a certificate,
 * request or CRL may lack returns PKI_E_NOT_FOUND when it is absent (pki_cert_path_len(),
 * pki_crl_next_update(), pki_cert_require_explicit_policy(), ...), and an optional value
 * that used to be one of several outputs has a getter of its own. An optional input has a
 * setter of its own: not calling it leaves the value out, and where a profile has a default
 * that can be removed there is a _clear_ call (pki_issue_opts_clear_path_len()); a time that
 * replaces "now" comes with a flag saying so (PKI_OCSP_CHECK_AT), as 0 is 1970. JSON output
 * writes null for an absent value; Python gives None. (Counts and sizes where 0 has no other
 * meaning keep "0 for the default", as the key size and iteration arguments say.)
 */

/*
 * Bounds. Every bound libpki enforces is a PKI_MAX_* or PKI_<OBJECT>_MAX_* constant,
 * documented where it is defined, and going past one is PKI_E_TOO_LARGE wherever it is met:
 * an input's size, a count of names, entries or certificates (read or given), an iteration
 * count, a key size. PKI_E_INVALID_ARG is for values that mean nothing (NULL, an unknown
 * enum value, a negative count), PKI_E_WEAK for values below a security floor.
 */

/** Largest input (file or buffer) the import functions accept: 16 MiB. */
#define PKI_MAX_INPUT_SIZE (16u * 1024u * 1024u)

/**
 * Largest PBKDF2 iteration count an encrypted key may ask for (10 million, about 1 s here);
 * GnuTLS writes 600,000. More is refused with PKI_E_TOO_LARGE before any derivation rather
 * than run for hours. A PKCS#12 file has its own, smaller budget for all its parts together
 * (PKI_P12_MAX_KDF_ITERATIONS).
 */
#define PKI_MAX_KDF_ITERATIONS 10000000u

/**
 * PBKDF2-HMAC-SHA256 iterations libpki writes when none are chosen (an iteration count of 0
 * in pki_key_export_v2(), pki_key_save_v2(), pki_p12_export_v2(), pki_p12_save_v2(); always
 * in the functions without _v2): 600,000, OWASP's recommendation for PBKDF2-HMAC-SHA256
 * (Password Storage Cheat Sheet, 2023) and GnuTLS 3.7's own count. About 70 ms per
 * derivation on the machine libpki is tested on.
 */
#define PKI_KDF_DEFAULT_ITERATIONS 600000u

/**
 * Fewest PBKDF2 iterations libpki writes when a count is chosen: 10,000, the minimum of NIST
 * SP 800-63B (5.1.1.2, "at least 10,000 iterations" for PBKDF2) and the count Java's keytool
 * writes into PKCS#12 files. It is for tests, batch jobs and long random passwords (about
 * 1.2 ms per derivation); a password a person chose and types wants the default or more.
 * A smaller count is refused (PKI_E_WEAK).
 */
#define PKI_KDF_MIN_ITERATIONS 10000u

/**
 * Most subject alternative names libpki decodes in one certificate or request: the handle
 * of one with more is still made by pki_cert_import() / pki_csr_import() (its key, subject
 * and signature can be inspected), the decoding stops at the bound, and every SAN getter
 * (pki_cert_san_count(), pki_cert_san(), pki_csr_san_count(), ...) answers PKI_E_TOO_LARGE;
 * pki_csr_create() refuses more (PKI_E_TOO_LARGE).
 */
#define PKI_MAX_SANS 10000u

/** Most certificates a chain holds: pki_chain_import() and pki_chain_add() refuse more
 *  (PKI_E_TOO_LARGE). */
#define PKI_MAX_CHAIN_CERTS 1000u

/**
 * Longest RFC 4514 DN string (in bytes) and most attributes in one, for pki_csr_create(),
 * pki_cert_self_sign(), pki_cert_issue_for_key() and pki_issue_opts_set_subject(): a longer
 * string or more attributes is PKI_E_INVALID_NAME, before the string is parsed further (real
 * names have a handful of attributes; GnuTLS slows down quadratically past a few thousand).
 */
#define PKI_MAX_DN_LENGTH 65536u
/** Most attributes in one DN string (see PKI_MAX_DN_LENGTH). */
#define PKI_MAX_DN_ATTRIBUTES 256u

/** Encodings for import/export. Import functions auto-detect and ignore it. */
typedef enum {
	PKI_FORMAT_PEM = 0,
	PKI_FORMAT_DER = 1,
} pki_format_t;

/**
 * A fixed English sentence for an error code ("wrong password"). Never NULL; unknown codes give
 * "unknown error". The memory is static.
 * @param code  a PKI_E_* code (or any int).
 * @return the sentence, static memory.
 * @since 0.1
 */
PKI_API const char *pki_strerror(int code);

/**
 * Detail of the last failure in the calling thread, naming the cause ("RSA keys shorter than
 * 2048 bits are refused", "gnutls: ASN1 parser: Error in DER parsing"). Never NULL.
 *
 * The rule (libgit2's model): the detail is set when a call fails and explains that failure;
 * it is never the way to tell whether a call failed: the return value is (a negative int, or
 * the NULL or false that the function's documentation names as a failure). Exactly:
 * - every libpki function clears the detail to "" on entry, and a failing one sets it before
 *   returning; so right after a call that succeeded the detail is "", and right after a call
 *   that failed it describes that failure. Predicates (pki_key_has_private(), ...) and
 *   getters returning a pointer (pki_chain_get(), ...) follow the same rule: false or NULL for
 *   a NULL handle or an index out of range sets a detail; a plain "no" answer leaves "".
 * - except these, which never change it, so that they may be called while reporting a
 *   failure: pki_error_detail(), pki_strerror(), pki_version(), pki_free(), every *_free()
 *   function, and the functions returning a static name (pki_key_type_name(),
 *   pki_key_algorithm(), pki_key_curve(), pki_crl_reason_name(), pki_verify_reason_name()).
 * The text is thread-local storage of libpki: valid until the next libpki call in this
 * thread (copy it to keep it).
 * @return the detail, owned by libpki (thread-local); never NULL.
 * @since 0.1
 */
PKI_API const char *pki_error_detail(void);

/**
 * Run-time library version, e.g. "0.1.0".
 * @return the version of the loaded libpki, static memory, never NULL.
 * @since 0.1
 */
PKI_API const char *pki_version(void);

/**
 * Run-time library version as one number, 0xMMmmpp like PKI_VERSION_NUMBER. A program built
 * against newer headers can check the library it loaded:
 * `if (pki_version_number() < PKI_VERSION_NUMBER) ...`.
 * @return the version number of the loaded libpki.
 * @since 0.1
 */
PKI_API unsigned long pki_version_number(void);

/**
 * Free (and wipe) memory that libpki returned through an out-parameter: byte buffers and
 * strings alike. NULL is fine. Use pki_free(), never free() or gnutls_free(): only
 * pki_free() wipes the bytes (keys, passwords, PKCS#12 files). The memory is plain malloc()
 * memory, so a free() by mistake leaks the secret into freed memory but cannot corrupt the
 * heap (on a C library without malloc_usable_size(), such as some BSDs, it can: there a
 * hidden size header precedes each block).
 * @param ptr  a buffer or string libpki returned, or NULL.
 * @since 0.1
 */
PKI_API void pki_free(void *ptr);

/**
 * Free (and wipe) a NULL-terminated array of strings that libpki returned, and each string
 * in it (e.g. from pki_cert_sans()). NULL is fine.
 * @param v  the array, or NULL.
 * @since 0.1
 */
PKI_API void pki_strings_free(char **v);

/** Flags for pki_file_write() and the *_save functions. */
enum {
	PKI_WRITE_OVERWRITE = 1u << 0, /**< replace an existing regular file */
	PKI_WRITE_PRIVATE = 1u << 1,   /**< the content is secret: mode 0600 whatever the umask */
	/**
	 * no fsync of the file and its folder: still atomic for every reader (never seen half
	 * written), but durable only once the caller syncs (e.g. syncfs() after a batch).
	 */
	PKI_WRITE_NO_SYNC = 1u << 2,
};

/**
 * Write @p size bytes to @p path atomically. On Linux the file is created without a name
 * (O_TMPFILE) in the folder of @p path, written, given its mode and fsynced, and only then
 * named with linkat(): a crash at any point leaves no file with the content behind. Where
 * O_TMPFILE is not available (other systems, some file systems), a temporary file with a
 * random name in the same folder is created exclusively with the final mode, written, fsynced
 * and renamed. With PKI_WRITE_OVERWRITE the replacement is a rename() over the old file, so
 * the complete new file briefly has a temporary name even on Linux (between two system calls).
 * The file is 0644 (subject to the umask), or 0600 with PKI_WRITE_PRIVATE whatever the umask,
 * from its first byte. An existing file is never replaced without PKI_WRITE_OVERWRITE
 * (PKI_E_EXISTS, also when it appears while the file is written); a symbolic link at @p path
 * is always refused. On failure no temporary file is left and the previous file is intact.
 * @param path   the file to write.
 * @param data   the bytes to write.
 * @param size   their number.
 * With PKI_WRITE_NO_SYNC the fsyncs are left out: other processes still see either no file
 * or the whole file, but after a crash (power loss) before the caller has synced, the file may
 * be missing or empty; for batches that sync once at the end.
 * @param flags  PKI_WRITE_OVERWRITE, PKI_WRITE_PRIVATE, PKI_WRITE_NO_SYNC.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_EXISTS, PKI_E_IO.
 * @since 0.1
 */
PKI_API int pki_file_write(const char *path, const void *data, size_t size, unsigned flags);

/**
 * Read a whole file (at most PKI_MAX_INPUT_SIZE bytes) into a buffer owned by the caller
 * (pki_free). A NUL byte is appended after the data and not counted in @p size.
 * @param[out] out, size  the content and its length (pki_free); NULL/0 on failure.
 * @param path   the file to read.
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_IO, PKI_E_TOO_LARGE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_file_read(unsigned char **out, size_t *size, const char *path, unsigned flags);

/**
 * Make text safe to show on a terminal: the form libpki's own text output uses for every
 * string that comes from an input (names, SANs, friendly names, CRL entries). Printable ASCII
 * and well-formed UTF-8 are kept; a C0 control byte, DEL, or a byte that is not well-formed
 * UTF-8 becomes \xNN (two upper-case hex digits); a C1 control (U+0080..U+009F), a line or
 * paragraph separator or a bidirectional control (U+061C, U+200E, U+200F, U+2028..U+202E,
 * U+2066..U+2069) becomes \u{XXXX}. Backslashes are kept, so the result is for display only.
 * @param[out] out  the escaped, NUL-terminated text, owned by the caller (pki_free); NULL on
 *                  failure.
 * @param s         the bytes to escape (may contain NUL bytes, shown as \x00); NULL only
 *                  when @p n is 0.
 * @param n         number of bytes at @p s.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_text_escape(char **out, const char *s, size_t n, unsigned flags);

#ifdef __cplusplus
}
#endif
#endif /* PKI_COMMON_H */
