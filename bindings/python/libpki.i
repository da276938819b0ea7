/*
 * libpki — SWIG interface for Python: the low-level module `pki._libpki`.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The wrappers are generated from the public headers themselves (%include "pki/....h" below),
 * so the module follows the C API exactly; only the conventions are written here, once. Every
 * typemap is keyed on a C type (or a pair of types), never on a parameter name: renaming a
 * parameter in a header cannot change the Python API.
 *
 *  - every negative int return value becomes a Python exception (one typemap); the exception
 *    object is built by a factory the `pki` package registers (pki.Error and its subclasses),
 *    carrying the code and pki_error_detail();
 *  - out-parameters, recognised by type, become return values: `TYPE **` of a handle type (an
 *    owned handle whose destructor runs the matching pki_*_free), `(unsigned char **, size_t *)`
 *    (bytes), `char **` (str; the C buffer is freed with pki_free at once), `const char **`
 *    (a lent str, copied), `int64_t *` and `int *` (int);
 *  - a call with one output returns it; a call with several, or whose int result is
 *    information besides an output (a SAN type, a CRL reason), returns a named tuple whose
 *    field names are declared per function (pki_py_results), never taken from the C
 *    parameter names; a function that would return several unnamed values, or drop a
 *    positive int, raises SystemError instead (tests/python/test_lowlevel.py calls them all);
 *  - inputs: bytes-like objects (or str) for `(const void *, size_t)`, str (or bytes) for
 *    `const char *` (None is NULL; an embedded NUL is refused rather than truncated), a list or
 *    tuple of str for a NULL-terminated `const char *const *`;
 *  - no memory is lent to Python: pki_chain_get()'s borrowed certificate and
 *    pki_verify_result_chain()'s chain are copied, and the *_free functions and pki_free are not
 *    exposed (the handles free themselves);
 *  - the calls that may take more than a millisecond (key generation, PBKDF2, signing,
 *    verification) run without the GIL. A libpki handle may be used by one thread at a time,
 *    so every call claims the handles it is given (all at once, waiting without the GIL while
 *    another thread holds one) and gives them back when its wrapper ends;
 *  - pki_cert_verify returns its result object (the verdict is in it; only errors raise).
 */
/* The module is pki._libpki (the SWIG name _libpki, and -interface _libpki in local.mk so that
 * the init function is PyInit__libpki): its types are named pki._libpki.pki_key and so on. */
%module(threads="1", package="pki") _libpki

%{
#include <string.h>
#include <pki.h>

/* Builds the exception for (code, detail); set by the pki package (pki._errors). */
static PyObject *pki_py_error_factory = NULL;
/* Marks "the C function returned 0" until an output replaces it (see pki_py_append). */
static PyObject *pki_py_status_ok = NULL;

/* Raise the exception for @code with @detail (copied before any Python code runs). */
static void pki_py_raise_detail(int code, const char *detail)
{
	PyObject *msg, *exc;

	msg = PyUnicode_DecodeUTF8(detail ? detail : "", (Py_ssize_t)strlen(detail ? detail : ""),
				   "replace");
	if (!msg)
		return;
	if (!pki_py_error_factory) {
		PyErr_Format(PyExc_RuntimeError, "libpki error %d (%s): %U", code,
			     pki_strerror(code), msg);
		Py_DECREF(msg);
		return;
	}
	exc = PyObject_CallFunction(pki_py_error_factory, "iO", code, msg);
	Py_DECREF(msg);
	if (!exc)
		return; /* the factory raised: keep that */
	PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
	Py_DECREF(exc);
}

static void pki_py_raise(int code)
{
	pki_py_raise_detail(code, pki_error_detail());
}

/*
 * Add one output value to a wrapper's result: the placeholder for "no output yet" is
 * replaced, anything else grows into a tuple. Steals both references; NULL on error.
 */
static PyObject *pki_py_append(PyObject *result, PyObject *obj)
{
	PyObject *t;
	Py_ssize_t i, n;

	if (!obj) {
		Py_XDECREF(result);
		return NULL;
	}
	if (!result || result == pki_py_status_ok) {
		Py_XDECREF(result);
		return obj;
	}
	if (!PyTuple_Check(result)) {
		t = PyTuple_Pack(2, result, obj);
		Py_DECREF(result);
		Py_DECREF(obj);
		return t;
	}
	n = PyTuple_GET_SIZE(result);
	t = PyTuple_New(n + 1);
	if (!t) {
		Py_DECREF(result);
		Py_DECREF(obj);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		PyObject *item = PyTuple_GET_ITEM(result, i);

		Py_INCREF(item);
		PyTuple_SET_ITEM(t, i, item);
	}
	PyTuple_SET_ITEM(t, n, obj);
	Py_DECREF(result);
	return t;
}

/* A libpki string (may be NULL) as str; invalid UTF-8 is replaced, never an exception. */
static PyObject *pki_py_str(const char *s)
{
	if (!s)
		Py_RETURN_NONE;
	return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/*
 * A C string argument from str or bytes (None: NULL). Returns 0, or -1 with an exception set.
 * The pointer stays valid while @obj lives (the caller holds it for the call).
 */
static int pki_py_cstring(PyObject *obj, const char **out)
{
	Py_ssize_t n;
	const char *s;

	*out = NULL;
	if (obj == Py_None)
		return 0;
	if (PyUnicode_Check(obj)) {
		s = PyUnicode_AsUTF8AndSize(obj, &n);
		if (!s)
			return -1;
	} else if (PyBytes_Check(obj)) {
		s = PyBytes_AS_STRING(obj);
		n = PyBytes_GET_SIZE(obj);
	} else {
		PyErr_Format(PyExc_TypeError, "expected str, bytes or None, not %.100s",
			     Py_TYPE(obj)->tp_name);
		return -1;
	}
	if (strlen(s) != (size_t)n) {
		pki_py_raise_detail(PKI_E_INVALID_ARG, "a string argument contains a NUL character");
		return -1;
	}
	*out = s;
	return 0;
}

/*
 * Handles in use. A libpki handle may be used by one thread at a time, and the slow calls run
 * without the GIL, so every wrapper claims the handles it was given before calling libpki and
 * gives them back at its end. The check typemaps collect them (pki_py_pending_add), the
 * %exception code takes them all at once (no thread ever holds some while waiting for others,
 * so two calls cannot deadlock), waiting without the GIL; freearg gives them back.
 * The lists are per thread: a wrapper's claims live from its check typemaps to its freearg.
 */
#include <pthread.h>

#define PKI_PY_MAX_CLAIMS 8
struct pki_py_claims {
	const void *h[PKI_PY_MAX_CLAIMS];
	unsigned n;
};
static _Thread_local struct pki_py_claims pki_py_pending, pki_py_held;
static pthread_mutex_t pki_py_busy_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pki_py_busy_cond = PTHREAD_COND_INITIALIZER;
static const void **pki_py_busy; /* handles claimed by some thread, under pki_py_busy_lock */
static size_t pki_py_busy_n, pki_py_busy_cap;

static void pki_py_pending_add(const void *handle)
{
	unsigned i;

	if (!handle)
		return;
	for (i = 0; i < pki_py_pending.n; i++)
		if (pki_py_pending.h[i] == handle)
			return; /* the same handle twice in one call: claimed once */
	if (pki_py_pending.n < PKI_PY_MAX_CLAIMS)
		pki_py_pending.h[pki_py_pending.n++] = handle;
}

/* Under the lock: whether none of @c is busy. */
static int pki_py_claims_free(const struct pki_py_claims *c)
{
	size_t i;
	unsigned j;

	for (i = 0; i < pki_py_busy_n; i++)
		for (j = 0; j < c->n; j++)
			if (pki_py_busy[i] == c->h[j])
				return 0;
	return 1;
}

/* Under the lock: add @c to the busy handles. 0, or -1 when out of memory. */
static int pki_py_claims_mark(const struct pki_py_claims *c)
{
	unsigned j;

	if (pki_py_busy_n + c->n > pki_py_busy_cap) {
		size_t cap = pki_py_busy_cap ? pki_py_busy_cap * 2 : 64;
		const void **p;

		while (cap < pki_py_busy_n + c->n)
			cap *= 2;
		p = (const void **)realloc((void *)pki_py_busy, cap * sizeof(*p));
		if (!p)
			return -1;
		pki_py_busy = p;
		pki_py_busy_cap = cap;
	}
	for (j = 0; j < c->n; j++)
		pki_py_busy[pki_py_busy_n++] = c->h[j];
	return 0;
}

/*
 * Claim the pending handles (GIL held on entry and return). 0, or -1 with MemoryError set.
 * The lock is only ever held briefly and never while waiting for the GIL, so taking it with
 * the GIL held cannot deadlock; waiting for a busy handle is done without the GIL.
 */
static int pki_py_claims_take(void)
{
	struct pki_py_claims c = pki_py_pending;
	int rc;

	pki_py_pending.n = 0;
	if (c.n == 0 || pki_py_held.n != 0)
		return 0; /* nothing to claim, or a nested call (the error factory) */
	pthread_mutex_lock(&pki_py_busy_lock);
	if (pki_py_claims_free(&c)) {
		rc = pki_py_claims_mark(&c);
		pthread_mutex_unlock(&pki_py_busy_lock);
	} else {
		pthread_mutex_unlock(&pki_py_busy_lock);
		Py_BEGIN_ALLOW_THREADS
		pthread_mutex_lock(&pki_py_busy_lock);
		while (!pki_py_claims_free(&c))
			pthread_cond_wait(&pki_py_busy_cond, &pki_py_busy_lock);
		rc = pki_py_claims_mark(&c);
		pthread_mutex_unlock(&pki_py_busy_lock);
		Py_END_ALLOW_THREADS
	}
	if (rc < 0) {
		PyErr_NoMemory();
		return -1;
	}
	pki_py_held = c;
	return 0;
}

/* Give back what this thread's wrapper claimed (idempotent: runs once per handle argument). */
static void pki_py_claims_drop(void)
{
	size_t i;
	unsigned j;

	pki_py_pending.n = 0;
	if (pki_py_held.n == 0)
		return;
	pthread_mutex_lock(&pki_py_busy_lock);
	for (j = 0; j < pki_py_held.n; j++)
		for (i = 0; i < pki_py_busy_n; i++)
			if (pki_py_busy[i] == pki_py_held.h[j]) {
				pki_py_busy[i] = pki_py_busy[--pki_py_busy_n];
				break;
			}
	pthread_cond_broadcast(&pki_py_busy_cond);
	pthread_mutex_unlock(&pki_py_busy_lock);
	pki_py_held.n = 0;
}

/*
 * Named results. One entry per function whose result has several values: the type name and
 * the field names (Python's names for the values, in the order the wrapper produces them:
 * the int result first when `with_int` is 1, then the outputs in C order, then the int result
 * when `with_int` is 2). These names are the Python API; they do not come from the C
 * parameter names.
 */
struct pki_py_result {
	const char *function;
	const char *type_name;
	int with_int;
	const char *fields[5];
	PyTypeObject *type; /* made on first use */
};
static struct pki_py_result pki_py_results[] = {
	{ "pki_cert_validity", "pki._libpki.validity", 0, { "not_before", "not_after" }, NULL },
	{ "pki_crl_entry", "pki._libpki.crl_entry", 1, { "reason", "serial", "revoked_at" }, NULL },
	{ "pki_crl_lookup", "pki._libpki.crl_lookup", 1, { "reason", "revoked_at" }, NULL },
	{ "pki_ocsp_check", "pki._libpki.ocsp_check", 0, { "status", "revoked_at", "reason" }, NULL },
	{ "pki_cert_san", "pki._libpki.san", 1, { "type", "name" }, NULL },
	{ "pki_csr_san", "pki._libpki.san", 1, { "type", "name" }, NULL },
	{ "pki_san_from_string", "pki._libpki.san", 1, { "type", "name" }, NULL },
	{ "pki_cert_extension", "pki._libpki.extension", 1, { "critical", "oid", "value" }, NULL },
	{ "pki_csr_extension", "pki._libpki.extension", 1, { "critical", "oid", "value" }, NULL },
	{ "pki_cert_extension_by_oid", "pki._libpki.extension_value", 1, { "critical", "value" },
	  NULL },
	{ "pki_csr_extension_by_oid", "pki._libpki.extension_value", 1, { "critical", "value" },
	  NULL },
	{ "pki_cert_subject_attribute", "pki._libpki.dn_attribute", 1, { "rdn", "type", "value" },
	  NULL },
	{ "pki_cert_issuer_attribute", "pki._libpki.dn_attribute", 1, { "rdn", "type", "value" },
	  NULL },
	{ "pki_crl_issuer_attribute", "pki._libpki.dn_attribute", 1, { "rdn", "type", "value" },
	  NULL },
	{ "pki_key_rsa_pss_params", "pki._libpki.rsa_pss_params", 0, { "hash", "salt_size" },
	  NULL },
	{ "pki_verify_result_reason", "pki._libpki.verify_reason", 1,
	  { "code", "message", "cert_index" }, NULL },
	{ "pki_lint_finding", "pki._libpki.lint_finding", 1, { "severity", "rule", "source", "text" },
	  NULL },
	/* the issuing calls: 1 when PKI_ISSUE_CLAMP_TO_ISSUER cut notAfter beyond the skew */
	{ "pki_cert_issue", "pki._libpki.issued", 2, { "cert", "clamped" }, NULL },
	{ "pki_cert_issue_for_key", "pki._libpki.issued", 2, { "cert", "clamped" }, NULL },
	{ "pki_issuer_issue", "pki._libpki.issued", 2, { "cert", "clamped" }, NULL },
	{ "pki_issuer_issue_for_key", "pki._libpki.issued", 2, { "cert", "clamped" }, NULL },
	{ "pki_p12_import", "pki._libpki.p12_content", 0, { "key", "cert", "chain", "name" }, NULL },
	{ "pki_p12_import_file", "pki._libpki.p12_content", 0, { "key", "cert", "chain", "name" },
	  NULL },
};

static PyTypeObject *pki_py_result_type(struct pki_py_result *r)
{
	PyStructSequence_Field fields[6];
	PyStructSequence_Desc desc;
	size_t i, k;

	if (r->type)
		return r->type;
	/* functions sharing a type name share one type */
	for (k = 0; k < sizeof(pki_py_results) / sizeof(pki_py_results[0]); k++)
		if (pki_py_results[k].type && !strcmp(pki_py_results[k].type_name, r->type_name))
			return r->type = pki_py_results[k].type;
	for (i = 0; i < 5 && r->fields[i]; i++) {
		fields[i].name = r->fields[i];
		fields[i].doc = NULL;
	}
	fields[i].name = NULL;
	fields[i].doc = NULL;
	desc.name = r->type_name;
	desc.doc = "The values a libpki call returns, by name (and in order, as a tuple).";
	desc.fields = fields;
	desc.n_in_sequence = (int)i;
	r->type = PyStructSequence_NewType(&desc);
	return r->type;
}

/*
 * The wrapper's final result, from the C return value @rc (>= 0, or PKI_E_VERIFY for
 * pki_cert_verify) and @outputs (the placeholder when there were none, one object, or a
 * tuple of them in C order). @slot is the wrapper's own memory of where @function is in
 * pki_py_results (0: not looked up yet, k + 1, or -1: absent), so that the table is searched
 * once per function, not on every call (under the GIL). Steals @outputs; NULL with an
 * exception set on error.
 */
static PyObject *pki_py_finish(const char *function, int *slot, PyObject *outputs, int rc)
{
	const size_t n_results = sizeof(pki_py_results) / sizeof(pki_py_results[0]);
	PyObject *values[6], *res;
	PyTypeObject *type;
	Py_ssize_t n = 0, i;
	size_t k;

	if (!outputs)
		return NULL;
	/* the int of a call with a list output is the list's length */
	if (PyList_Check(outputs) && rc == (int)PyList_GET_SIZE(outputs))
		return outputs;
	if (*slot == 0) {
		for (k = 0; k < n_results; k++)
			if (!strcmp(pki_py_results[k].function, function))
				break;
		*slot = k < n_results ? (int)k + 1 : -1;
	}
	k = *slot > 0 ? (size_t)(*slot - 1) : n_results;
	if (k == n_results) {
		if (outputs == pki_py_status_ok) {
			Py_DECREF(outputs);
			return PyLong_FromLong(rc);
		}
		if (PyTuple_Check(outputs) || rc > 0) {
			Py_DECREF(outputs);
			PyErr_Format(PyExc_SystemError,
				     "pki._libpki.%s returns several values: name them in libpki.i "
				     "(pki_py_results)", function);
			return NULL;
		}
		return outputs;
	}
	type = pki_py_result_type(&pki_py_results[k]);
	if (!type) {
		Py_DECREF(outputs);
		return NULL;
	}
	if (pki_py_results[k].with_int == 1)
		values[n++] = PyLong_FromLong(rc);
	if (PyTuple_Check(outputs)) {
		for (i = 0; i < PyTuple_GET_SIZE(outputs) && n < 6; i++) {
			values[n] = PyTuple_GET_ITEM(outputs, i);
			Py_INCREF(values[n++]);
		}
	} else if (outputs != pki_py_status_ok && n < 6) {
		values[n] = outputs;
		Py_INCREF(values[n++]);
	}
	Py_DECREF(outputs);
	if (pki_py_results[k].with_int == 2 && n < 6)
		values[n++] = PyLong_FromLong(rc);
	res = NULL;
	for (i = 0; i < n; i++)
		if (!values[i])
			goto out;
	for (i = 0; i < 5 && pki_py_results[k].fields[i]; i++)
		;
	if (i != n) {
		PyErr_Format(PyExc_SystemError, "pki._libpki.%s: %zd values for %zd names", function,
			     n, i);
		goto out;
	}
	res = PyStructSequence_New(type);
	if (!res)
		goto out;
	for (i = 0; i < n; i++) {
		PyStructSequence_SET_ITEM(res, i, values[i]);
		values[i] = NULL;
	}
out:
	for (i = 0; i < n; i++)
		Py_XDECREF(values[i]);
	return res;
}
%}

%init %{
	pki_py_status_ok = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type);
	if (!pki_py_status_ok)
		return NULL;
%}

/* ---- the GIL: released around the calls that may take more than a millisecond ---- */
/* Key generation (seconds for RSA), anything that may run PBKDF2 (600,000 rounds, ~70 ms:
 * importing, exporting or saving a key or a PKCS#12 file with a password), signing
 * (issuance, CSRs, CRLs, key signatures), verification (signatures, path building), PKCS#11
 * tokens (module loading, login, generation on the token), file I/O (pki_file_write fsyncs the
 * file and its folder: ~15 ms on a disk), and decoding what may be large: a CRL of
 * PKI_CRL_MAX_ENTRIES entries (~90 ms to import, ~190 ms to add to a trust store, ~15 ms as
 * JSON) or a bundle of certificates (300 in ~60 ms). Measured on the 2-core CI machine. */
%feature("nothread");
%define PKI_SLOW(FUNCTION)
%feature("nothread", "0") FUNCTION;
%enddef
PKI_SLOW(pki_key_generate)
PKI_SLOW(pki_key_generate_rsa_pss)
PKI_SLOW(pki_key_import)
PKI_SLOW(pki_key_import_file)
PKI_SLOW(pki_key_export)
PKI_SLOW(pki_key_save)
PKI_SLOW(pki_key_export_v2)
PKI_SLOW(pki_key_save_v2)
PKI_SLOW(pki_key_sign)
PKI_SLOW(pki_key_verify)
PKI_SLOW(pki_p12_import)
PKI_SLOW(pki_p12_import_file)
PKI_SLOW(pki_p12_export)
PKI_SLOW(pki_p12_save)
PKI_SLOW(pki_p12_export_v2)
PKI_SLOW(pki_p12_save_v2)
PKI_SLOW(pki_csr_create)
PKI_SLOW(pki_csr_create_v2)
PKI_SLOW(pki_csr_add_extension)
PKI_SLOW(pki_csr_verify)
PKI_SLOW(pki_cert_issue)
PKI_SLOW(pki_cert_issue_for_key)
PKI_SLOW(pki_cert_self_sign)
PKI_SLOW(pki_csr_create_dn)
PKI_SLOW(pki_ocsp_respond)
PKI_SLOW(pki_ocsp_check)
PKI_SLOW(pki_issuer_issue)
PKI_SLOW(pki_issuer_issue_for_key)
PKI_SLOW(pki_cert_verify)
PKI_SLOW(pki_crl_create)
PKI_SLOW(pki_crl_verify)
PKI_SLOW(pki_trust_add_file)
PKI_SLOW(pki_trust_add_dir)
PKI_SLOW(pki_trust_add_system)
PKI_SLOW(pki_trust_add_pem)
PKI_SLOW(pki_trust_add_crl)
PKI_SLOW(pki_trust_add_crl_file)
PKI_SLOW(pki_crl_import)
PKI_SLOW(pki_crl_import_file)
PKI_SLOW(pki_crl_to_json)
PKI_SLOW(pki_crl_to_text)
PKI_SLOW(pki_chain_import)
PKI_SLOW(pki_chain_import_file)
PKI_SLOW(pki_cert_import_file)
PKI_SLOW(pki_csr_import_file)
PKI_SLOW(pki_file_read)
PKI_SLOW(pki_file_write)
PKI_SLOW(pki_key_generate_token)
PKI_SLOW(pki_key_import_url)
PKI_SLOW(pki_cert_import_url)
PKI_SLOW(pki_token_list)

/* Every call claims the handles it was given (see pki_py_claims_take); $action is the C call,
 * with the GIL released for the functions above. */
%exception {
	if (pki_py_claims_take() < 0)
		SWIG_fail;
	$action
}

/* ---- errors: one rule for every int-returning function ---- */
%typemap(out) int {
	if ($1 < 0) {
		pki_py_raise($1);
		SWIG_fail;
	}
	Py_INCREF(pki_py_status_ok);
	$result = pki_py_status_ok;
}
/* After the outputs: the int, the one output, or the named values (pki_py_finish). */
%typemap(ret) int {
	static int result_slot; /* (see pki_py_finish) */

	$result = pki_py_finish("$symname", &result_slot, $result, $1);
	if (!$result)
		SWIG_fail;
}

/* ---- strings ---- */
%typemap(in) const char * {
	if (pki_py_cstring($input, (const char **)&$1) < 0)
		SWIG_fail;
}
%typemap(freearg) const char * "";
%typemap(typecheck, precedence=SWIG_TYPECHECK_STRING) const char * {
	$1 = ($input == Py_None || PyUnicode_Check($input) || PyBytes_Check($input));
}
%typemap(out) const char * {
	$result = pki_py_str($1);
}

/* Output: a string allocated by libpki, copied into a str and freed at once. */
%typemap(in, numinputs=0) char ** (char *str = NULL) {
	$1 = &str;
}
%typemap(argout) char ** {
	PyObject *o = pki_py_str(str$argnum);

	pki_free(str$argnum);
	str$argnum = NULL;
	$result = pki_py_append($result, o);
	if (!$result)
		SWIG_fail;
}
%typemap(freearg) char ** {
	pki_free(str$argnum);
}

/* A NULL-terminated array of strings (pki_cert_sans): a list of str; the C result is its
 * length, so the list alone is returned (pki_py_finish). */
%typemap(in, numinputs=0) char *** (char **strv = NULL) {
	$1 = &strv;
}
%typemap(argout) char *** {
	PyObject *list = PyList_New(0);

	for (char **p = strv$argnum; list && p && *p; p++) {
		PyObject *o = pki_py_str(*p);

		if (!o || PyList_Append(list, o) < 0) {
			Py_XDECREF(o);
			Py_CLEAR(list);
			break;
		}
		Py_DECREF(o);
	}
	pki_strings_free(strv$argnum);
	strv$argnum = NULL;
	$result = pki_py_append($result, list);
	if (!$result)
		SWIG_fail;
}
%typemap(freearg) char *** {
	pki_strings_free(strv$argnum);
}

/* Input: a NULL-terminated array of strings, from a list or tuple of str (None: NULL). */
%typemap(in) const char *const * (PyObject *seq = NULL, const char **vec = NULL) {
	Py_ssize_t i, n;

	if ($input != Py_None) {
		if (!PyList_Check($input) && !PyTuple_Check($input)) {
			PyErr_Format(PyExc_TypeError, "expected a list or tuple of str, not %.100s",
				     Py_TYPE($input)->tp_name);
			SWIG_fail;
		}
		seq = PySequence_Tuple($input); /* a snapshot the caller cannot mutate */
		if (!seq)
			SWIG_fail;
		n = PyTuple_GET_SIZE(seq);
		vec = (const char **)PyMem_Calloc((size_t)n + 1, sizeof(*vec));
		if (!vec) {
			PyErr_NoMemory();
			SWIG_fail;
		}
		for (i = 0; i < n; i++) {
			PyObject *item = PyTuple_GET_ITEM(seq, i);

			if (item == Py_None) {
				PyErr_SetString(PyExc_TypeError, "None in a list of names");
				SWIG_fail;
			}
			if (pki_py_cstring(item, &vec[i]) < 0)
				SWIG_fail;
		}
	}
	$1 = ($1_ltype)vec;
}
%typemap(freearg) const char *const * {
	PyMem_Free((void *)vec$argnum);
	Py_XDECREF(seq$argnum);
}
/* (SWIG would otherwise fall back to the char ** typemaps, by dropping the qualifiers) */
%typemap(argout) const char *const * "";

/* Output: a lent string (owned by a handle), copied, never freed. */
%typemap(in, numinputs=0) const char ** (const char *lent = NULL) {
	$1 = ($1_ltype)&lent;
}
%typemap(argout) const char ** {
	$result = pki_py_append($result, pki_py_str(lent$argnum));
	if (!$result)
		SWIG_fail;
}
%typemap(freearg) const char ** "";

/* ---- byte buffers ---- */
/*
 * A buffer is two C parameters: `const void *` then `size_t` for an input, `unsigned char **`
 * then `size_t *` for an output. SWIG cannot key a two-parameter typemap on types alone, so
 * each half has its own typemap and the first tells the second where its size is (through
 * this thread's pki_py_sizes, consumed in argument order); a `size_t` or `size_t *` that does
 * not follow a buffer raises SystemError rather than guess.
 */
%{
static _Thread_local struct {
	size_t in[4];      /* sizes of the input buffers converted so far, in argument order */
	unsigned n_in, next_in;
	size_t *out;       /* the size slot of the output buffer just declared */
} pki_py_sizes;
%}

/* Input: a buffer from a bytes-like object (or str, as UTF-8); its size is the next size_t. */
%typemap(in) const void * (Py_buffer view) {
	Py_ssize_t n;

	view.obj = NULL;
	if (PyUnicode_Check($input)) {
		const char *s = PyUnicode_AsUTF8AndSize($input, &n);

		if (!s)
			SWIG_fail;
		$1 = (void *)s;
	} else {
		if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0)
			SWIG_fail;
		$1 = view.buf;
		n = view.len;
	}
	if (pki_py_sizes.n_in == sizeof(pki_py_sizes.in) / sizeof(pki_py_sizes.in[0])) {
		PyErr_SetString(PyExc_SystemError, "pki._libpki: too many buffers in one call");
		SWIG_fail;
	}
	pki_py_sizes.in[pki_py_sizes.n_in++] = (size_t)n;
}
%typemap(freearg) const void * {
	if (view$argnum.obj)
		PyBuffer_Release(&view$argnum);
}
/* (numinputs=0 "in" typemaps run first: start this call's list of sizes) */
%typemap(in, numinputs=0) size_t {
	pki_py_sizes.n_in = pki_py_sizes.next_in = 0;
}
%typemap(check) size_t {
	if (pki_py_sizes.next_in == pki_py_sizes.n_in) {
		PyErr_SetString(PyExc_SystemError,
				"pki._libpki: a size_t parameter that is not the size of a buffer");
		SWIG_fail;
	}
	$1 = pki_py_sizes.in[pki_py_sizes.next_in++];
}

/* Output: a buffer allocated by libpki, returned as bytes; wiped and freed at once. The size
 * is written by libpki through the `size_t *` that follows. */
%typemap(in, numinputs=0) unsigned char ** (unsigned char *buf = NULL, size_t len = 0) {
	$1 = &buf;
	pki_py_sizes.out = &len;
}
%typemap(in, numinputs=0) size_t * {
	if (!pki_py_sizes.out) {
		PyErr_SetString(PyExc_SystemError,
				"pki._libpki: a size_t * parameter that is not the size of a buffer");
		SWIG_fail;
	}
	$1 = pki_py_sizes.out;
	pki_py_sizes.out = NULL;
}
%typemap(argout) unsigned char ** {
	PyObject *o = PyBytes_FromStringAndSize(buf$argnum ? (const char *)buf$argnum : "",
						buf$argnum ? (Py_ssize_t)len$argnum : 0);

	pki_free(buf$argnum); /* wipes: these may be private keys */
	buf$argnum = NULL;
	$result = pki_py_append($result, o);
	if (!$result)
		SWIG_fail;
}
%typemap(freearg) unsigned char ** {
	pki_free(buf$argnum);
}
%typemap(argout) size_t * "";
%typemap(freearg) size_t * "";

/* ---- scalar outputs: times (Unix seconds) and indexes ---- */
%typemap(in, numinputs=0) int64_t * (int64_t t = 0) {
	$1 = &t;
}
%typemap(argout) int64_t * {
	$result = pki_py_append($result, PyLong_FromLongLong((long long)t$argnum));
	if (!$result)
		SWIG_fail;
}
%typemap(in, numinputs=0) int * (int i = -1) {
	$1 = &i;
}
%typemap(argout) int * {
	$result = pki_py_append($result, PyLong_FromLong(i$argnum));
	if (!$result)
		SWIG_fail;
}
/* pki_key_rsa_pss_params: the hash and the salt length. */
%typemap(in, numinputs=0) pki_hash_t * (pki_hash_t h = PKI_HASH_DEFAULT) {
	$1 = &h;
}
%typemap(argout) pki_hash_t * {
	$result = pki_py_append($result, PyLong_FromLong((long)h$argnum));
	if (!$result)
		SWIG_fail;
}
/* pki_ocsp_check: the status and the CRL reason, as ints (the values are stable). */
%typemap(in, numinputs=0) pki_ocsp_status_t * (pki_ocsp_status_t e = PKI_OCSP_UNKNOWN) {
	$1 = &e;
}
%typemap(in, numinputs=0) pki_crl_reason_t * (pki_crl_reason_t e = PKI_CRL_REASON_UNSPECIFIED) {
	$1 = &e;
}
%typemap(argout) pki_ocsp_status_t *, pki_crl_reason_t * {
	$result = pki_py_append($result, PyLong_FromLong((long)e$argnum));
	if (!$result)
		SWIG_fail;
}
%typemap(in, numinputs=0) unsigned int * (unsigned int u = 0) {
	$1 = &u;
}
%typemap(argout) unsigned int * {
	$result = pki_py_append($result, PyLong_FromUnsignedLong((unsigned long)u$argnum));
	if (!$result)
		SWIG_fail;
}
%typemap(in) int64_t {
	long long v = PyLong_AsLongLong($input);

	if (v == -1 && PyErr_Occurred())
		SWIG_fail;
	$1 = (int64_t)v;
}

/* ---- handles: owned by the Python object, freed by its destructor ---- */
%define PKI_HANDLE(TYPE, STRUCT, FREE)
%nodefaultctor STRUCT;
struct STRUCT {};
%extend STRUCT {
	~STRUCT() { FREE($self); }
}
%ignore FREE;
/* Output: a new handle, owned by Python. */
%typemap(in, numinputs=0) TYPE ** (TYPE *handle = NULL) {
	$1 = &handle;
}
%typemap(argout) TYPE ** {
	PyObject *o = SWIG_NewPointerObj(handle$argnum, $descriptor(TYPE *), SWIG_POINTER_OWN);

	if (o)
		handle$argnum = NULL; /* the Python object owns it now */
	$result = pki_py_append($result, o);
	if (!$result)
		SWIG_fail;
}
%typemap(freearg) TYPE ** {
	FREE(handle$argnum);
}
/* Input: claimed for the call (one thread at a time per handle). */
%typemap(check) TYPE *, const TYPE * "pki_py_pending_add($1);";
%typemap(freearg) TYPE *, const TYPE * "pki_py_claims_drop();";
%enddef

PKI_HANDLE(pki_key_t, pki_key, pki_key_free)
PKI_HANDLE(pki_csr_t, pki_csr, pki_csr_free)
PKI_HANDLE(pki_cert_t, pki_cert, pki_cert_free)
PKI_HANDLE(pki_chain_t, pki_chain, pki_chain_free)
PKI_HANDLE(pki_issue_opts_t, pki_issue_opts, pki_issue_opts_free)
PKI_HANDLE(pki_issuer_t, pki_issuer, pki_issuer_free)
PKI_HANDLE(pki_crl_t, pki_crl, pki_crl_free)
PKI_HANDLE(pki_crl_opts_t, pki_crl_opts, pki_crl_opts_free)
PKI_HANDLE(pki_trust_t, pki_trust, pki_trust_free)
PKI_HANDLE(pki_verify_opts_t, pki_verify_opts, pki_verify_opts_free)
PKI_HANDLE(pki_verify_result_t, pki_verify_result, pki_verify_result_free)
PKI_HANDLE(pki_lint_t, pki_lint, pki_lint_free)
PKI_HANDLE(pki_ocsp_opts_t, pki_ocsp_opts, pki_ocsp_opts_free)
PKI_HANDLE(pki_dn_t, pki_dn, pki_dn_free)

/* pki_chain_get lends a certificate owned by the chain: hand Python its own copy instead, so
 * that no object depends on another's lifetime. None past the end. (The chain is still
 * claimed here: the copy is made before the wrapper gives it back.) */
%typemap(out) const pki_cert_t * {
	if (!$1) {
		$result = SWIG_Py_Void();
	} else {
		pki_cert_t *copy = NULL;
		int rc = pki_cert_dup(&copy, $1);

		if (rc < 0) {
			pki_py_raise(rc);
			SWIG_fail;
		}
		$result = SWIG_NewPointerObj(copy, $descriptor(pki_cert_t *), SWIG_POINTER_OWN);
		if (!$result) {
			pki_cert_free(copy);
			SWIG_fail;
		}
	}
}

/* pki_verify_result_chain lends the chain: copy it into a new chain owned by Python. */
%typemap(out) const pki_chain_t * {
	if (!$1) {
		$result = SWIG_Py_Void();
	} else {
		pki_chain_t *copy = NULL;
		int i, n, rc = pki_chain_new(&copy, 0);

		n = rc < 0 ? 0 : pki_chain_count($1);
		for (i = 0; rc >= 0 && i < n; i++)
			rc = pki_chain_add(copy, pki_chain_get($1, (unsigned)i), 0);
		if (rc < 0) {
			pki_chain_free(copy);
			pki_py_raise(rc);
			SWIG_fail;
		}
		$result = SWIG_NewPointerObj(copy, $descriptor(pki_chain_t *), SWIG_POINTER_OWN);
		if (!$result) {
			pki_chain_free(copy);
			SWIG_fail;
		}
	}
}

/* pki_cert_verify returns 0 whenever the verification ran (the verdict is in the result
 * object it returns); only errors raise. */
%typemap(out) int pki_cert_verify {
	if ($1 < 0) {
		pki_py_raise($1);
		SWIG_fail;
	}
	Py_INCREF(pki_py_status_ok);
	$result = pki_py_status_ok;
}

/* Memory is never handed to Python raw: every buffer is copied and freed by the typemaps. */
%ignore pki_free;
%ignore pki_strings_free;

/* Registration hook for the pki package. */
%typemap(in) PyObject * "$1 = $input;";
%inline %{
/* Set the callable (code, detail) -> exception instance used for every libpki failure. */
static PyObject *pki_py_set_error_factory(PyObject *factory)
{
	if (!PyCallable_Check(factory)) {
		PyErr_SetString(PyExc_TypeError, "the error factory must be callable");
		return NULL;
	}
	Py_INCREF(factory);
	Py_XSETREF(pki_py_error_factory, factory);
	Py_RETURN_NONE;
}
%}

%{
/*
 * The SANs of a certificate or request (pki_cert_sans / pki_csr_sans: "DNS:a", "IP:...") as
 * a list of (kind, value) str pairs, split at the first ':' here: Cert.sans and Csr.sans in
 * one call. Splitting in Python cost more than the C call (cProfile and callgrind of
 * bench/compare.py's parse_cert_fields). The same pairs as str.partition: a name without ':'
 * gives (name, ""); ':' never occurs inside a UTF-8 sequence, so splitting the bytes and
 * decoding each half ("replace") equals decoding and then splitting. Frees @names.
 */
static PyObject *pki_py_san_pairs(int rc, char **names)
{
	PyObject *list = NULL;
	Py_ssize_t i, n = 0;

	if (rc < 0) {
		pki_py_raise(rc);
		goto out;
	}
	while (names && names[n])
		n++;
	list = PyList_New(n);
	for (i = 0; list && i < n; i++) {
		const char *s = names[i], *colon = strchr(s, ':');
		size_t kind_len = colon ? (size_t)(colon - s) : strlen(s);
		const char *value = colon ? colon + 1 : "";
		PyObject *kind_o = PyUnicode_DecodeUTF8(s, (Py_ssize_t)kind_len, "replace");
		PyObject *value_o = kind_o ? pki_py_str(value) : NULL;
		PyObject *pair = value_o ? PyTuple_Pack(2, kind_o, value_o) : NULL;

		Py_XDECREF(kind_o);
		Py_XDECREF(value_o);
		if (!pair)
			Py_CLEAR(list);
		else
			PyList_SET_ITEM(list, i, pair);
	}
out:
	pki_strings_free(names);
	return list;
}
%}

%inline %{
/* Cert.sans and Csr.sans (see pki_py_san_pairs). */
static PyObject *pki_py_cert_sans(const pki_cert_t *cert)
{
	char **names = NULL;
	int rc = pki_cert_sans(&names, cert, 0);

	return pki_py_san_pairs(rc, names);
}

static PyObject *pki_py_csr_sans(const pki_csr_t *csr)
{
	char **names = NULL;
	int rc = pki_csr_sans(&names, csr, 0);

	return pki_py_san_pairs(rc, names);
}
%}

#define PKI_API
%include "pki/common.h"
%include "pki/key.h"
%include "pki/x509.h"
%include "pki/crl.h"
%include "pki/verify.h"
%include "pki/pkcs12.h"
%include "pki/lint.h"
%include "pki/token.h"
%include "pki/ocsp.h"
