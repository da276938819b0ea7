# API reference, generated at build time from the comments of the public headers by
# doc/apidoc.py: one man3 page per public function and type (doc/api/man3/NAME.3, installed
# in $(man3dir), so `man 3 pki_cert_issue` works) and one HTML page (doc/api/html/index.html,
# `make html`, installed in $(htmldir)). `make check-doc` lists every PKI_API declaration
# without @param (for each parameter), @return (non-void) or @since.
EXTRA_DIST += %reldir%/apidoc.py
pki_api_headers = $(include_HEADERS) $(pkiinclude_HEADERS)
man3dir = $(mandir)/man3
pki_api_stamp = %reldir%/api/stamp

if BUILD_API_DOC
pki_api_doc = $(pki_api_stamp)
$(pki_api_stamp): $(srcdir)/%reldir%/apidoc.py $(pki_api_headers)
	$(AM_V_GEN)rm -rf %reldir%/api && $(MKDIR_P) %reldir%/api/man3 %reldir%/api/html && \
	$(DOC_PYTHON) $(srcdir)/%reldir%/apidoc.py --version $(PACKAGE_VERSION) \
		--date "`date -u -d @$${SOURCE_DATE_EPOCH:-$$(date +%s)} +%Y-%m-%d 2>/dev/null || date -u +%Y-%m-%d`" \
		--man %reldir%/api/man3 --html %reldir%/api/html/index.html \
		`for h in $(pki_api_headers); do test -f $$h && echo $$h || echo $(srcdir)/$$h; done` && \
	touch $@

check-doc:
	$(DOC_PYTHON) $(srcdir)/%reldir%/apidoc.py --check \
		`for h in $(pki_api_headers); do test -f $$h && echo $$h || echo $(srcdir)/$$h; done`
else
check-doc:
	@echo "check-doc: configure found no Python 3 to run doc/apidoc.py" >&2; exit 1
endif

all-local: $(pki_api_doc)
html-local: $(pki_api_doc)
install-data-local: pki-install-api-doc
uninstall-local: pki-uninstall-api-doc
pki-install-api-doc: $(pki_api_doc)
	@if test -n "$(pki_api_doc)"; then \
	echo " $(MKDIR_P) $(DESTDIR)$(man3dir) $(DESTDIR)$(htmldir)"; \
	$(MKDIR_P) "$(DESTDIR)$(man3dir)" "$(DESTDIR)$(htmldir)" && \
	echo " $(INSTALL_DATA) %reldir%/api/man3/*.3 $(DESTDIR)$(man3dir)" && \
	$(INSTALL_DATA) %reldir%/api/man3/*.3 "$(DESTDIR)$(man3dir)" && \
	echo " $(INSTALL_DATA) %reldir%/api/html/index.html $(DESTDIR)$(htmldir)/libpki-api.html" && \
	$(INSTALL_DATA) %reldir%/api/html/index.html "$(DESTDIR)$(htmldir)/libpki-api.html"; fi
pki-uninstall-api-doc:
	@if test -n "$(pki_api_doc)"; then \
	for f in %reldir%/api/man3/*.3; do rm -f "$(DESTDIR)$(man3dir)/`basename $$f`"; done; \
	rm -f "$(DESTDIR)$(htmldir)/libpki-api.html"; fi
.PHONY: pki-install-api-doc pki-uninstall-api-doc check-doc

clean-local: pki-clean-api-doc
pki-clean-api-doc:
	rm -rf %reldir%/api
.PHONY: pki-clean-api-doc
