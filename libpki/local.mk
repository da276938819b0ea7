lib_LTLIBRARIES += libpki/libpki.la

libpki_libpki_la_SOURCES = \
	libpki/internal.h \
	libpki/work-int.h \
	libpki/asn1.h \
	libpki/asn1.c \
	libpki/pkix_asn1_tab.c \
	libpki/common.c \
	libpki/serial.c \
	libpki/key.c \
	libpki/keyenc.c \
	libpki/sign.c \
	libpki/legacy_pem.c \
	libpki/names.c \
	libpki/csr.c \
	libpki/cert.c \
	libpki/x509.c \
	libpki/issue.c \
	libpki/issue-opts.c \
	libpki/issue-sans.c \
	libpki/issue-int.h \
	libpki/issuer.c \
	libpki/ext-int.h \
	libpki/ext.c \
	libpki/dn.c \
	libpki/crl-int.h \
	libpki/crl.c \
	libpki/crl-write.c \
	libpki/crl-text.c \
	libpki/verify-int.h \
	libpki/namecmp.h \
	libpki/namecmp.c \
	libpki/path.c \
	libpki/dsa-inherit.h \
	libpki/dsa-inherit.c \
	libpki/validate.c \
	libpki/nameconstraints.c \
	libpki/policy.c \
	libpki/revocation.c \
	libpki/verify.c \
	libpki/profile.c \
	libpki/pkcs12.c \
	libpki/pkcs12-write.c \
	libpki/pkcs11.c \
	libpki/ocsp-int.h \
	libpki/ocsp.c \
	libpki/ocsp-verify.c
libpki_libpki_la_CPPFLAGS = $(AM_CPPFLAGS) -DPKI_BUILDING_LIBRARY
libpki_libpki_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden $(GNUTLS_CFLAGS) $(TASN1_CFLAGS)
libpki_libpki_la_LIBADD = $(GNUTLS_LIBS) $(TASN1_LIBS)
libpki_libpki_la_LDFLAGS = $(AM_LDFLAGS) -no-undefined -Wl,-z,defs \
	-version-info $(LIBPKI_LT_CURRENT):$(LIBPKI_LT_REVISION):$(LIBPKI_LT_AGE)
if HAVE_LD_VERSION_SCRIPT
libpki_libpki_la_LDFLAGS += -Wl,--version-script=$(srcdir)/libpki/libpki.map
endif
libpki_libpki_la_DEPENDENCIES = $(srcdir)/libpki/libpki.map
EXTRA_DIST += libpki/libpki.map

# libpki's ASN.1 definitions: pkix.asn compiled by asn1Parser (Debian libtasn1-bin) into a
# const asn1_static_node[] table. The table is generated in the source tree and shipped in the
# tarball (automake distributes it as a source), so building a release needs no asn1Parser;
# a git checkout (or a changed pkix.asn) needs it, and configure says so.
EXTRA_DIST += libpki/pkix.asn
MAINTAINERCLEANFILES = libpki/pkix_asn1_tab.c
libpki/pkix_asn1_tab.c: libpki/pkix.asn
	$(AM_V_GEN)if test "x$(ASN1PARSER)" = xno; then \
	  echo "$@: asn1Parser is needed to compile pkix.asn (Debian package libtasn1-bin)" >&2; \
	  exit 1; fi; \
	$(ASN1PARSER) -o $(srcdir)/libpki/pkix_asn1_tab.c-t -n pki__pkix_asn1_tab $< >/dev/null && \
	mv -f $(srcdir)/libpki/pkix_asn1_tab.c-t $(srcdir)/libpki/pkix_asn1_tab.c
