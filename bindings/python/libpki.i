/*
 * libpki — SWIG interface for Python: the low-level module `pki._libpki`.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The wrappers are generated from the public headers themselves (%include "pki/....h" below),
 * so the module follows the C API exactly; only the conventions are written here, once:
 *
 *  - every negative int return value becomes a Python exception (one typemap); the exception
 *    object is built by a factory the `pki` package registers (pki.Error and its subclasses),
 *    carrying the code and pki_error_detail();
 *  - out-parameters become return values: handles (owned: their destructor runs the matching
 *    pki_*_free), bytes for (unsigned char **out, size_t *size), str for char **out (the C
 *    buffers are freed with pki_free at once); a call with outputs returns them (a tuple when
 *    there are several, preceded by the int when it carries information, i.e. is > 0);
 *  - inputs: bytes-like objects (or str) for (const void *data, size_t size), str (or bytes)
 *    for const char * (None is NULL; an embedded NUL is refused rather than truncated), a
 *    list or tuple of str for the NULL-terminated `const char *const *sans`;
 *  - no memory is lent to Python: pki_chain_get()'s borrowed certificate and
 *    pki_verify_result_chain()'s chain are copied, and the *_free functions and pki_free are not
 *    exposed (the handles free themselves);
 *  - two functions differ, on purpose: pki_crl_entry/pki_crl_lookup return their int even when
 *    it is 0 (a CRL reason), and pki_cert_verify returns its result object when the certificate
 *    does not verify (PKI_E_VERIFY is an answer there, not an error).
 */
%module(threads="1", package="pki") libpki

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
 * Add one output value to a wrapper's result: the placeholder for a 0 status (or None) is
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
	if (!result || result == pki_py_status_ok || result == Py_None) {
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
%}

%init %{
	pki_py_status_ok = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type);
	if (!pki_py_status_ok)
		return NULL;
%}

/* The slow calls that touch no existing handle run without the GIL: key generation (seconds
 * for big RSA keys) and parsing, where a password means 600,000 PBKDF2 iterations. Calls on
 * handles keep the GIL, since a handle may be used by one thread at a time. */
%feature("nothread");
%feature("nothread", "0") pki_key_generate;
%feature("nothread", "0") pki_key_import;
%feature("nothread", "0") pki_key_import_file;
%feature("nothread", "0") pki_p12_import;
%feature("nothread", "0") pki_p12_import_file;

/* ---- errors: one rule for every int-returning function ---- */
%typemap(out) int {
	if ($1 < 0) {
		pki_py_raise($1);
		SWIG_fail;
	}
	if ($1 == 0) {
		Py_INCREF(pki_py_status_ok);
		$result = pki_py_status_ok;
	} else {
		$result = PyLong_FromLong($1);
	}
}
/* After the outputs: a bare 0 status (no output replaced it) is returned as 0. */
%typemap(ret) int {
	if ($result == pki_py_status_ok) {
		Py_DECREF($result);
		$result = PyLong_FromLong(0);
	}
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

%typemap(in, numinputs=0) char **out (char *str = NULL), char **serial (char *str = NULL),
	char **name (char *str = NULL) {
	$1 = &str;
}
%typemap(argout) char **out, char **serial, char **name {
	PyObject *o = pki_py_str(str$argnum);

	pki_free(str$argnum);
	str$argnum = NULL;
	$result = pki_py_append($result, o);
	if (!$result)
		SWIG_fail;
}
%typemap(freearg) char **out, char **serial, char **name {
	pki_free(str$argnum);
}

/* A NULL-terminated array of strings from a list or tuple of str (None: NULL). */
%typemap(in) const char *const *sans (PyObject *seq = NULL, const char **vec = NULL) {
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
%typemap(freearg) const char *const *sans {
	PyMem_Free((void *)vec$argnum);
	Py_XDECREF(seq$argnum);
}

/* ---- byte buffers ---- */
%typemap(in) (const void *data, size_t size) (Py_buffer view) {
	view.obj = NULL;
	if (PyUnicode_Check($input)) {
		Py_ssize_t n;
		const char *s = PyUnicode_AsUTF8AndSize($input, &n);

		if (!s)
			SWIG_fail;
		$1 = (void *)s;
		$2 = (size_t)n;
	} else {
		if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0)
			SWIG_fail;
		$1 = view.buf;
		$2 = (size_t)view.len;
	}
}
%typemap(freearg) (const void *data, size_t size) {
	if (view$argnum.obj)
		PyBuffer_Release(&view$argnum);
}

%typemap(in, numinputs=0) (unsigned char **out, size_t *size)
	(unsigned char *buf = NULL, size_t len = 0) {
	$1 = &buf;
	$2 = &len;
}
%typemap(argout) (unsigned char **out, size_t *size) {
	PyObject *o = PyBytes_FromStringAndSize(buf$argnum ? (const char *)buf$argnum : "",
						buf$argnum ? (Py_ssize_t)len$argnum : 0);

	pki_free(buf$argnum); /* wipes: these may be private keys */
	buf$argnum = NULL;
	$result = pki_py_append($result, o);
	if (!$result)
		SWIG_fail;
}
%typemap(freearg) (unsigned char **out, size_t *size) {
	pki_free(buf$argnum);
}

/* ---- times (Unix seconds) and other scalar outputs ---- */
%typemap(in, numinputs=0) int64_t *not_before (int64_t t = 0), int64_t *not_after (int64_t t = 0),
	int64_t *this_update (int64_t t = 0), int64_t *next_update (int64_t t = 0),
	int64_t *revoked_at (int64_t t = 0) {
	$1 = &t;
}
%typemap(argout) int64_t *not_before, int64_t *not_after, int64_t *this_update,
	int64_t *next_update, int64_t *revoked_at {
	$result = pki_py_append($result, PyLong_FromLongLong((long long)t$argnum));
	if (!$result)
		SWIG_fail;
}
%typemap(in, numinputs=0) int *cert_index (int i = -1) {
	$1 = &i;
}
%typemap(argout) int *cert_index {
	$result = pki_py_append($result, PyLong_FromLong(i$argnum));
	if (!$result)
		SWIG_fail;
}
/* A lent string (owned by the handle): copied, never freed. */
%typemap(in, numinputs=0) const char **message (const char *lent = NULL) {
	$1 = ($1_ltype)&lent;
}
%typemap(argout) const char **message {
	$result = pki_py_append($result, pki_py_str(lent$argnum));
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
%typemap(in, numinputs=0) TYPE **out (TYPE *handle = NULL), TYPE **result (TYPE *handle = NULL),
	TYPE **key (TYPE *handle = NULL), TYPE **cert (TYPE *handle = NULL),
	TYPE **chain (TYPE *handle = NULL) {
	$1 = &handle;
}
%typemap(argout) TYPE **out, TYPE **result, TYPE **key, TYPE **cert, TYPE **chain {
	PyObject *o = SWIG_NewPointerObj(handle$argnum, $descriptor(TYPE *), SWIG_POINTER_OWN);

	if (o)
		handle$argnum = NULL; /* the Python object owns it now */
	$result = pki_py_append($result, o);
	if (!$result)
		SWIG_fail;
}
%typemap(freearg) TYPE **out, TYPE **result, TYPE **key, TYPE **cert, TYPE **chain {
	FREE(handle$argnum);
}
%enddef

PKI_HANDLE(pki_key_t, pki_key, pki_key_free)
PKI_HANDLE(pki_csr_t, pki_csr, pki_csr_free)
PKI_HANDLE(pki_cert_t, pki_cert, pki_cert_free)
PKI_HANDLE(pki_chain_t, pki_chain, pki_chain_free)
PKI_HANDLE(pki_issue_opts_t, pki_issue_opts, pki_issue_opts_free)
PKI_HANDLE(pki_crl_t, pki_crl, pki_crl_free)
PKI_HANDLE(pki_crl_opts_t, pki_crl_opts, pki_crl_opts_free)
PKI_HANDLE(pki_trust_t, pki_trust, pki_trust_free)
PKI_HANDLE(pki_verify_opts_t, pki_verify_opts, pki_verify_opts_free)
PKI_HANDLE(pki_verify_result_t, pki_verify_result, pki_verify_result_free)

/* pki_chain_get lends a certificate owned by the chain: hand Python its own copy instead, so
 * that no object depends on another's lifetime. None past the end. */
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
			rc = pki_chain_add(copy, pki_chain_get($1, (unsigned)i));
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

/* Where 0 is information (a CRL reason code), the int is always returned with the outputs. */
%typemap(out) int pki_crl_entry, int pki_crl_lookup {
	if ($1 < 0) {
		pki_py_raise($1);
		SWIG_fail;
	}
	$result = PyLong_FromLong($1);
}
/* A certificate that does not verify is an answer, not an error: pki_cert_verify returns its
 * result object in both cases (PKI_E_VERIFY is not raised); other failures still raise. */
%typemap(out) int pki_cert_verify {
	if ($1 < 0 && $1 != PKI_E_VERIFY) {
		pki_py_raise($1);
		SWIG_fail;
	}
	Py_INCREF(pki_py_status_ok);
	$result = pki_py_status_ok;
}

/* Memory is never handed to Python raw: every buffer is copied and freed by the typemaps. */
%ignore pki_free;

/* Registration hook for the pki package. */
%typemap(in) PyObject *factory "$1 = $input;";
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

#define PKI_API
%include "pki/common.h"
%include "pki/key.h"
%include "pki/x509.h"
%include "pki/crl.h"
%include "pki/verify.h"
%include "pki/pkcs12.h"
