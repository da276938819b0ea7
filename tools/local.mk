# The pki command-line tool: a thin program on the public API only (include/pki.h).
bin_PROGRAMS += tools/pki
tools_pki_SOURCES = tools/pki.c tools/cli.h tools/cmd_key.c tools/cmd_csr.c tools/cmd_ca.c tools/cmd_cert.c \
	tools/cmd_convert.c tools/x509-args.c tools/x509-args.h tools/cmd_quick.c \
	tools/cmd_verify.c tools/cmd_crl.c \
	tools/cmd_p12.c \
	tools/cmd_lint.c \
	tools/cmd_trust.c \
	tools/ca-dir.c tools/ca-dir.h tools/inventory.h tools/inventory.c tools/inventory-sqlite.c \
	tools/cmd_token.c \
	tools/cmd_ocsp.c
# SQLite is the pki tool's (the CA directory's inventory), never libpki's.
tools_pki_CFLAGS = $(AM_CFLAGS) $(SQLITE3_CFLAGS)
tools_pki_LDADD = libpki/libpki.la $(SQLITE3_LIBS)
dist_man1_MANS = doc/pki.1
