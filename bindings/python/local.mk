# Python bindings: the package `pki` — a pure-Python layer (pki/*.py) over the SWIG extension
# `pki._libpki` (generated from the public headers, built by libtool). Both are installed in
# one folder, $(pyexecdir)/pki: a package cannot be split across two folders, and the
# extension makes the whole package specific to one interpreter and architecture. The
# extension is named with the interpreter's EXT_SUFFIX (e.g. .cpython-311-x86_64-linux-gnu.so)
# so that another Python version never loads it by mistake.
pki_python_sources = \
	%reldir%/pki/__init__.py \
	%reldir%/pki/_errors.py \
	%reldir%/pki/_util.py \
	%reldir%/pki/_key.py \
	%reldir%/pki/_x509.py \
	%reldir%/pki/_issuer.py \
	%reldir%/pki/_verify.py \
	%reldir%/pki/_pkcs12.py \
	%reldir%/pki/_ocsp.py
pki_python_data = %reldir%/pki/py.typed
EXTRA_DIST += %reldir%/libpki.i $(pki_python_sources) $(pki_python_data) %reldir%/gen_stub.py \
	%reldir%/setup.py %reldir%/pyproject.toml
# The seed workflow in Python (run by tests/python/test_example.py), and the pytest suite that
# tests/python.sh runs (see tests/local.mk).
EXTRA_DIST += examples/seed_workflow.py tests/python
# The whole folder, so that a new test cannot be left out of the tarball (four were); no
# byte code or pytest cache that a run in the source tree may have left.
dist-hook: dist-python-tests
dist-python-tests:
	rm -rf $(distdir)/tests/python/__pycache__ $(distdir)/tests/python/.pytest_cache
.PHONY: dist-python-tests

if ENABLE_PYTHON
pkipyexecdir = $(pyexecdir)/pki
pkipyexec_LTLIBRARIES = %reldir%/pki/_libpki.la
nodist_%canon_reldir%_pki__libpki_la_SOURCES = %reldir%/libpki_wrap.c
%canon_reldir%_pki__libpki_la_CPPFLAGS = $(AM_CPPFLAGS) $(PYTHON_CPPFLAGS)
# Generated code: our warning set minus what SWIG's output trips (its helpers have no
# prototypes, unused parameters and casts of function pointers are its idiom).
%canon_reldir%_pki__libpki_la_CFLAGS = -fvisibility=hidden -fno-strict-aliasing $(WARN_CFLAGS) \
	-Wno-missing-prototypes -Wno-unused-parameter -Wno-cast-function-type \
	-Wno-missing-field-initializers -Wno-shadow $(SAN_CFLAGS)
# No -Wl,-z,defs: the Python C API symbols come from the interpreter that loads the module.
%canon_reldir%_pki__libpki_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -shared \
	-shrext $(PYTHON_EXT_SUFFIX) -export-symbols-regex '^PyInit__libpki$$'
%canon_reldir%_pki__libpki_la_LIBADD = libpki/libpki.la

# SWIG reads the installed-to-be headers, so a change to the C API regenerates the wrapper.
%reldir%/libpki_wrap.c: $(srcdir)/%reldir%/libpki.i $(pkiinclude_HEADERS) $(include_HEADERS)
	$(AM_V_GEN)$(MKDIR_P) %reldir% && \
	$(SWIG) -python -builtin -interface _libpki -I$(top_srcdir)/include -outdir %reldir% \
		-o $@ $(srcdir)/%reldir%/libpki.i && rm -f %reldir%/_libpki.py
# SWIG also writes a _libpki.py shim, removed at once: with -builtin the extension is complete
# without it, and outside the package it would only be a stray module of the same name.
CLEANFILES += %reldir%/libpki_wrap.c %reldir%/_libpki.py

pkipyexec_PYTHON = $(pki_python_sources)
pkipyexec_DATA = $(pki_python_data)
# The type stub of the extension (with py.typed, mypy and pyright see the whole API), made
# from the headers by the same type rules as the wrapper.
nodist_pkipyexec_DATA = %reldir%/_libpki.pyi %reldir%/_errors.pyi
%reldir%/_libpki.pyi: $(srcdir)/%reldir%/gen_stub.py $(srcdir)/%reldir%/libpki.i \
		$(pkiinclude_HEADERS) $(include_HEADERS)
	$(AM_V_GEN)$(MKDIR_P) %reldir% && $(PYTHON) $(srcdir)/%reldir%/gen_stub.py $@ \
		$(srcdir)/%reldir%/libpki.i \
		`for h in $(pkiinclude_HEADERS); do test -f $$h && echo $$h || echo $(srcdir)/$$h; done`
# pki/_errors.py makes its exception classes from a table; the stub declares them as classes.
%reldir%/_errors.pyi: $(srcdir)/%reldir%/gen_stub.py $(srcdir)/%reldir%/pki/_errors.py
	$(AM_V_GEN)$(MKDIR_P) %reldir% && $(PYTHON) $(srcdir)/%reldir%/gen_stub.py --classes $@ \
		$(srcdir)/%reldir%/pki/_errors.py
CLEANFILES += %reldir%/_libpki.pyi %reldir%/_errors.pyi

pki_python_inplace_deps = %reldir%/pki/_libpki.la $(pki_python_sources) $(pki_python_data) \
	%reldir%/_libpki.pyi %reldir%/_errors.pyi
pki_python_module = _libpki$(PYTHON_EXT_SUFFIX)
endif

# The package as Python sees it, assembled in the build tree (bindings/python/inplace/pki:
# copies of the .py files and the built extension), so that
#   PYTHONPATH=BUILD/bindings/python/inplace LD_LIBRARY_PATH=BUILD/libpki/.libs python3
# imports the uninstalled bindings (tests/python.sh does that; README says so).
pki_python_inplace = %reldir%/inplace/pki
all-local: pki-python-inplace
pki-python-inplace: $(pki_python_inplace_deps)
	@if test -n "$(pki_python_module)"; then \
	$(MKDIR_P) $(pki_python_inplace) && \
	for f in $(pki_python_sources) $(pki_python_data); do \
		if test -f "$$f"; then s="$$f"; else s="$(srcdir)/$$f"; fi; \
		cp -f "$$s" $(pki_python_inplace)/ || exit 1; done && \
	cp -f %reldir%/_libpki.pyi %reldir%/_errors.pyi %reldir%/pki/.libs/$(pki_python_module) $(pki_python_inplace)/; fi
clean-local: pki-python-clean-inplace
pki-python-clean-inplace:
	rm -rf %reldir%/inplace
.PHONY: pki-python-inplace pki-python-clean-inplace

# libtool installs a .la beside the module; Python has no use for it. Prerequisite-only hook
# rules, so that other fragments may hook too.
install-exec-hook: pki-python-install-exec-hook
uninstall-hook: pki-python-uninstall-hook
# The hook also writes the package's .dist-info (PEP 376/566 metadata: importlib.metadata and
# pip see the installed pki): METADATA, INSTALLER and RECORD (paths, no hashes).
pki_python_distinfo = pki-$(PACKAGE_VERSION).dist-info
pki-python-install-exec-hook:
	@if test -n "$(pki_python_module)"; then \
		echo "rm -f $(DESTDIR)$(pkipyexecdir)/_libpki.la"; \
		rm -f "$(DESTDIR)$(pkipyexecdir)/_libpki.la"; \
		d="$(DESTDIR)$(pyexecdir)/$(pki_python_distinfo)"; \
		echo " writing $$d"; \
		$(MKDIR_P) "$$d" && \
		printf '%s\n' "Metadata-Version: 2.1" "Name: pki" "Version: $(PACKAGE_VERSION)" \
			"Summary: Private keys, certificate requests and X.509 certificates made easy, on GnuTLS (libpki)" \
			"License: LGPL-2.1-or-later" "Requires-Python: >=3.7" \
			"Classifier: Typing :: Typed" > "$$d/METADATA" && \
		echo autotools > "$$d/INSTALLER" && \
		(cd "$(DESTDIR)$(pyexecdir)" && find pki "$(pki_python_distinfo)" -type f \
			! -name RECORD ! -name '*.pyc' | LC_ALL=C sort | sed 's/$$/,,/' && \
			echo "$(pki_python_distinfo)/RECORD,,") > "$$d/RECORD"; fi
pki-python-uninstall-hook:
	@if test -n "$(pki_python_module)"; then \
		rm -f "$(DESTDIR)$(pkipyexecdir)/$(pki_python_module)"; \
		rm -rf "$(DESTDIR)$(pyexecdir)/$(pki_python_distinfo)"; fi
.PHONY: pki-python-install-exec-hook pki-python-uninstall-hook

# make installcheck (run by distcheck): the installed package imports and works from the
# installed folders, not from the source tree.
installcheck-local: pki-python-installcheck
pki-python-installcheck:
	@if test -n "$(pki_python_module)"; then \
		echo "import pki from $(DESTDIR)$(pyexecdir)"; \
		PYTHONPATH="$(DESTDIR)$(pyexecdir)" \
		LD_LIBRARY_PATH="$(DESTDIR)$(libdir)" PYTHONDONTWRITEBYTECODE=1 \
		$(PYTHON) -c 'import sys, pki; \
			assert pki.__file__.startswith(sys.argv[1]), pki.__file__; \
			k = pki.Key.generate("ed25519"); \
			import importlib.metadata as md; assert md.version("pki") == pki.version(), md.version("pki"); \
			assert pki.Cert.self_signed(k, "CN=installcheck").matches(k); \
			print("pki", pki.version(), "imports from", pki.__file__)' \
			"$(DESTDIR)$(pyexecdir)" || exit 1; fi
.PHONY: pki-python-installcheck
