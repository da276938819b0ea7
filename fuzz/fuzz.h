/* Shared by the libFuzzer targets: each defines LLVMFuzzerTestOneInput. */
#ifndef PKI_FUZZ_H
#define PKI_FUZZ_H

#include "config.h"

#include <pki.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of the input, for the string parsers. */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/* Every string a successful getter returns must be valid and freed. */
#define FUZZ_STR(call)                                                             \
	do {                                                                       \
		char *s_ = NULL;                                                   \
		if ((call) >= 0 && s_ != NULL)                                     \
			(void)strlen(s_);                                          \
		pki_free(s_);                                                      \
	} while (0)

/* Call each getter of @p table (int f(char **, const T *) or, with FUZZ_STRS_FLAGS, with a
 * trailing flags argument 0) on @p obj through FUZZ_STR. */
#define FUZZ_STRS(table, obj)                                                      \
	for (size_t i_ = 0; i_ < sizeof(table) / sizeof((table)[0]); i_++)       \
		FUZZ_STR((table)[i_](&s_, (obj)))
#define FUZZ_STRS_FLAGS(table, obj)                                                \
	for (size_t i_ = 0; i_ < sizeof(table) / sizeof((table)[0]); i_++)       \
		FUZZ_STR((table)[i_](&s_, (obj), 0))
/* Both, on the target's own tables: static getters[] and dumps[] (with flags). */
#define FUZZ_GETTERS_AND_DUMPS(obj)                                                \
	do {                                                                       \
		FUZZ_STRS(getters, obj);                                           \
		FUZZ_STRS_FLAGS(dumps, obj);                                       \
	} while (0)

/*
 * Re-encoding must be stable: export @p obj (a pki_T_t, T one of cert, csr, crl) in @p fmt,
 * import that into *@p again (the caller's, for further checks; free it), and abort() unless
 * the DER of both is the same bytes.
 */
#define FUZZ_REENCODE(T, obj, fmt, again)                                          \
	do {                                                                       \
		unsigned char *d1_ = NULL, *d2_ = NULL, *mid_ = NULL;              \
		size_t n1_ = 0, n2_ = 0, nm_ = 0;                                  \
		if (pki_##T##_export(&d1_, &n1_, (obj), PKI_FORMAT_DER, 0) != 0 ||  \
		    pki_##T##_export(&mid_, &nm_, (obj), (fmt), 0) != 0 ||          \
		    pki_##T##_import((again), mid_, nm_, 0) != 0 ||                 \
		    pki_##T##_export(&d2_, &n2_, *(again), PKI_FORMAT_DER, 0) != 0 || \
		    n1_ != n2_ || memcmp(d1_, d2_, n1_) != 0)                       \
			abort();                                                   \
		pki_free(d1_);                                                     \
		pki_free(d2_);                                                     \
		pki_free(mid_);                                                    \
	} while (0)

/*
 * A small strict JSON checker (RFC 8259) for the *_to_json outputs: true when @p s is one
 * JSON value followed only by white space, every string valid UTF-8 without raw controls.
 */
static inline const char *fuzz_json_value(const char *p, int depth);

static inline const char *fuzz_json_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static inline const char *fuzz_json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (;;) {
		unsigned char c = (unsigned char)*p;
		int more;

		if (c == '"')
			return p + 1;
		if (c < 0x20)
			return NULL;
		if (c == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
						return NULL;
				p += 5;
			} else if (*p && strchr("\"\\/bfnrt", *p)) {
				p++;
			} else {
				return NULL;
			}
			continue;
		}
		if (c < 0x80) {
			p++;
			continue;
		}
		/* UTF-8: the lead byte, then its continuation bytes (no overlong 2-byte forms). */
		if (c >= 0xc2 && c <= 0xdf)
			more = 1;
		else if (c >= 0xe0 && c <= 0xef)
			more = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			more = 3;
		else
			return NULL;
		p++;
		for (int i = 0; i < more; i++, p++)
			if (((unsigned char)*p & 0xc0) != 0x80)
				return NULL;
	}
}

static inline const char *fuzz_json_value(const char *p, int depth)
{
	p = fuzz_json_ws(p);
	if (depth > 64)
		return NULL;
	if (*p == '{' || *p == '[') {
		char close = *p == '{' ? '}' : ']';
		bool obj = *p == '{';

		p = fuzz_json_ws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;) {
			if (obj) {
				if (!(p = fuzz_json_string(fuzz_json_ws(p))))
					return NULL;
				p = fuzz_json_ws(p);
				if (*p++ != ':')
					return NULL;
			}
			if (!(p = fuzz_json_value(p, depth + 1)))
				return NULL;
			p = fuzz_json_ws(p);
			if (*p == close)
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	}
	if (*p == '"')
		return fuzz_json_string(p);
	if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4))
		return p + 4;
	if (!strncmp(p, "false", 5))
		return p + 5;
	if (*p == '-' || (*p >= '0' && *p <= '9')) {
		const char *start = p;

		if (*p == '-')
			p++;
		while ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' ||
		       *p == '+' || *p == '-')
			p++;
		return p > start ? p : NULL;
	}
	return NULL;
}

/* Abort unless @p s is valid JSON (a finding for libFuzzer). */
static inline void fuzz_check_json(const char *s)
{
	const char *end = s ? fuzz_json_value(s, 0) : NULL;

	if (!end || *fuzz_json_ws(end) != '\0')
		abort();
}

/* Abort if the text output @p s holds a raw control character other than a newline. */
static inline void fuzz_check_text(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			abort();
}

#endif
