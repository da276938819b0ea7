# Python bindings: a SWIG extension `_libpki` (generated from the public headers, built by
# libtool, installed in pyexecdir) and the pure-Python package `pki` (installed in pythondir)
# that wraps it. The extension is top-level rather than inside the package so that it is found
# even where pyexecdir differs from pythondir.
pki_python_sources = \
	%reldir%/pki/__init__.py \
	%reldir%/pki/_errors.py \
	%reldir%/pki/_util.py \
	%reldir%/pki/_key.py \
	%reldir%/pki/_x509.py \
	%reldir%/pki/_verify.py \
	%reldir%/pki/_pkcs12.py
EXTRA_DIST += %reldir%/libpki.i $(pki_python_sources) %reldir%/pki/py.typed
# The seed workflow in Python (run by tests/python/test_example.py), and the pytest suite that
# tests/python.sh runs (see tests/local.mk).
EXTRA_DIST += examples/seed_workflow.py \
	tests/python/conftest.py tests/python/test_errors.py tests/python/test_key.py \
	tests/python/test_csr.py tests/python/test_cert.py tests/python/test_verify.py \
	tests/python/test_pkcs12.py tests/python/test_interop.py tests/python/test_memory.py \
	tests/python/test_lowlevel.py tests/python/test_example.py

if ENABLE_PYTHON
pyexec_LTLIBRARIES = %reldir%/_libpki.la
nodist_%canon_reldir%__libpki_la_SOURCES = %reldir%/libpki_wrap.c
%canon_reldir%__libpki_la_CPPFLAGS = $(AM_CPPFLAGS) $(PYTHON_CPPFLAGS)
# Generated code: our warning set minus what SWIG's output trips (its helpers have no
# prototypes, unused parameters and casts of function pointers are its idiom).
%canon_reldir%__libpki_la_CFLAGS = -fvisibility=hidden -fno-strict-aliasing $(WARN_CFLAGS) \
	-Wno-missing-prototypes -Wno-unused-parameter -Wno-cast-function-type \
	-Wno-missing-field-initializers -Wno-shadow $(SAN_CFLAGS)
# No -Wl,-z,defs: the Python C API symbols come from the interpreter that loads the module.
%canon_reldir%__libpki_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -shared \
	-export-symbols-regex '^PyInit__libpki$$'
%canon_reldir%__libpki_la_LIBADD = libpki/libpki.la

# SWIG reads the installed-to-be headers, so a change to the C API regenerates the wrapper.
%reldir%/libpki_wrap.c: $(srcdir)/%reldir%/libpki.i $(pkiinclude_HEADERS) $(include_HEADERS)
	$(AM_V_GEN)$(MKDIR_P) %reldir% && \
	$(SWIG) -python -builtin -I$(top_srcdir)/include -outdir %reldir% \
		-o $@ $(srcdir)/%reldir%/libpki.i
# SWIG also writes a libpki.py shim; with -builtin the extension is complete without it.
CLEANFILES += %reldir%/libpki_wrap.c %reldir%/libpki.py

pkipythondir = $(pythondir)/pki
pkipython_PYTHON = $(pki_python_sources)
pkipython_DATA = %reldir%/pki/py.typed

pki_python_module = _libpki
endif

# libtool installs a .la beside the module; Python has no use for it. Prerequisite-only hook
# rules, so that other fragments may hook too.
install-exec-hook: pki-python-install-exec-hook
uninstall-hook: pki-python-uninstall-hook
pki-python-install-exec-hook:
	@if test -n "$(pki_python_module)"; then \
		echo "rm -f $(DESTDIR)$(pyexecdir)/$(pki_python_module).la"; \
		rm -f "$(DESTDIR)$(pyexecdir)/$(pki_python_module).la"; fi
pki-python-uninstall-hook:
	@if test -n "$(pki_python_module)"; then \
		rm -f "$(DESTDIR)$(pyexecdir)/$(pki_python_module).so"; fi
.PHONY: pki-python-install-exec-hook pki-python-uninstall-hook

# make installcheck (run by distcheck): the installed package imports and works from the
# installed folders, not from the source tree.
installcheck-local: pki-python-installcheck
pki-python-installcheck:
	@if test -n "$(pki_python_module)"; then \
		echo "import pki from $(DESTDIR)$(pythondir)"; \
		PYTHONPATH="$(DESTDIR)$(pythondir):$(DESTDIR)$(pyexecdir)" \
		LD_LIBRARY_PATH="$(DESTDIR)$(libdir)" PYTHONDONTWRITEBYTECODE=1 \
		$(PYTHON) -c 'import sys, pki; \
			assert pki.__file__.startswith(sys.argv[1]), pki.__file__; \
			k = pki.Key.generate("ed25519"); \
			assert pki.Cert.self_signed(k, "CN=installcheck").matches(k); \
			print("pki", pki.version(), "imports from", pki.__file__)' \
			"$(DESTDIR)$(pythondir)" || exit 1; fi
.PHONY: pki-python-installcheck
