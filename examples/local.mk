noinst_PROGRAMS += examples/keygen
examples_keygen_SOURCES = examples/keygen.c
examples_keygen_LDADD = libpki/libpki.la
