/* Shared by the libFuzzer targets: each defines LLVMFuzzerTestOneInput. */
#ifndef PKI_FUZZ_H
#define PKI_FUZZ_H

#include "config.h"

#include <pki.h>
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

#endif
