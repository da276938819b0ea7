/*
 * libpki — private keys, certificate signing requests and X.509 certificates, on GnuTLS.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Thread safety: libpki keeps no global mutable state of its own (the error detail is
 * per thread). A handle may be used by one thread at a time; distinct handles may be used from
 * distinct threads at once.
 * No initialisation call is needed.
 */
#ifndef PKI_H
#define PKI_H

#include <pki/common.h>
#include <pki/key.h>
#include <pki/x509.h>
#include <pki/crl.h>
#include <pki/verify.h>
#include <pki/pkcs12.h>
#include <pki/lint.h>
#include <pki/token.h>
#include <pki/ocsp.h>

#endif /* PKI_H */
