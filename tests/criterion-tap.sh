#!/bin/sh
# Run one Criterion test program with its TAP report on stdout, for automake's TAP driver.
# PKI_TEST_WRAPPER (e.g. "valgrind ...") is put in front of the real program (through libtool,
# so that it runs the binary and not libtool's wrapper script).
prog=$1
shift
if [ -n "${PKI_TEST_WRAPPER:-}" ]; then
	# shellcheck disable=SC2086
	exec ${LIBTOOL:-libtool} --mode=execute $PKI_TEST_WRAPPER "$prog" -q --tap "$@" 2>&1
fi
exec "$prog" -q --tap "$@" 2>&1
