noinst_PROGRAMS += examples/keygen
examples_keygen_SOURCES = examples/keygen.c
examples_keygen_LDADD = libpki/libpki.la
# The seed workflow through the C API; built by `make`, run by `make check` (tests/example-seed.sh).
noinst_PROGRAMS += examples/seed_workflow
examples_seed_workflow_SOURCES = examples/seed_workflow.c
examples_seed_workflow_LDADD = libpki/libpki.la
