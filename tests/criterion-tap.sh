#!/bin/sh
# Run one Criterion test program with its TAP report on stdout, for automake's TAP driver.
# PKI_TEST_WRAPPER (e.g. "valgrind ...") is put in front of the program when set.
prog=$1
shift
# shellcheck disable=SC2086
exec $PKI_TEST_WRAPPER "$prog" -q --tap "$@" 2>&1
