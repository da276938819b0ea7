lib_LTLIBRARIES += libpki/libpki.la

libpki_libpki_la_SOURCES = \
	libpki/internal.h \
	libpki/common.c \
	libpki/key.c \
	libpki/legacy_pem.c \
	libpki/names.c \
	libpki/csr.c \
	libpki/cert.c \
	libpki/issue.c \
	libpki/crl-int.h \
	libpki/crl.c \
	libpki/verify-int.h \
	libpki/namecmp.c \
	libpki/verify.c \
	libpki/pkcs12.c
libpki_libpki_la_CPPFLAGS = $(AM_CPPFLAGS) -DPKI_BUILDING_LIBRARY
libpki_libpki_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden $(GNUTLS_CFLAGS) $(NETTLE_CFLAGS) $(TASN1_CFLAGS)
libpki_libpki_la_LIBADD = $(GNUTLS_LIBS) $(NETTLE_LIBS) $(TASN1_LIBS)
libpki_libpki_la_LDFLAGS = $(AM_LDFLAGS) -no-undefined -Wl,-z,defs \
	-version-info $(LIBPKI_LT_CURRENT):$(LIBPKI_LT_REVISION):$(LIBPKI_LT_AGE)
if HAVE_LD_VERSION_SCRIPT
libpki_libpki_la_LDFLAGS += -Wl,--version-script=$(srcdir)/libpki/libpki.map
endif
libpki_libpki_la_DEPENDENCIES = $(srcdir)/libpki/libpki.map
EXTRA_DIST += libpki/libpki.map
