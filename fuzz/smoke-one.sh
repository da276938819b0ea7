#!/bin/sh
# smoke-one.sh TARGET SECONDS SRCDIR: one libFuzzer smoke run of fuzz/fuzz_NAME (from the
# build folder), seeded from fuzz/corpus/NAME and the checked-in fuzz/regress/NAME. Prints the
# run's final statistics, or the end of its log and "findings in NAME"; exits non-zero on any
# crash, leak, UB report or timeout (the reproducer is left in fuzz/artifacts/NAME-*).
t=$1 seconds=$2 srcdir=$3
name=${t#fuzz/fuzz_}
case $name in names) dict=names.dict ;; *) dict=pem.dict ;; esac
mkdir -p "fuzz/work/$name" fuzz/artifacts
regress=
test -d "$srcdir/fuzz/regress/$name" && regress=$srcdir/fuzz/regress/$name
if "./$t" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len=65536 \
	-print_final_stats=1 -dict="$srcdir/fuzz/$dict" -artifact_prefix="fuzz/artifacts/$name-" \
	"fuzz/work/$name" "fuzz/corpus/$name" $regress 2>"fuzz/$name.log"; then
	# one write, so that the summaries of parallel runs do not interleave
	printf 'fuzz-smoke: %s for %s s: %s\n' "$name" "$seconds" \
		"$(grep -E 'stat::number_of_executed_units|cov:' "fuzz/$name.log" | tail -2 | tr '\n' ' ')"
else
	{ tail -60 "fuzz/$name.log"; echo "fuzz-smoke: findings in $name"; } >&2
	exit 1
fi
