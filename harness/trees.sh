#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make trees: make run KERNEL_SRC=<tree> on each tree of harness/trees/
# (Debian's 7.2.13 from sid, the 7.3 release candidate from experimental),
# trees none of this project's files were written for, as a maintainer runs
# the suite on their own tree. Each must take the fix and the suite (git
# apply --3way; patch 7 may be left out) and pass; with ALSO_SUITE_ONLY=yes
# the suite alone (SUITE_ONLY=1) must fail exactly what the unmodified
# primary base fails; and the tree must be left as it was. Prints a line per
# check and exits 1 when one failed. Outside make test, for its hour.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

top=$O_TOP
failed=0
check() {
	if [ "$2" -eq 0 ]; then say "trees: $1: passed"; else say "trees: $1: FAILED"; failed=1; fi
}
timed() { local t0=$SECONDS rc; "$@"; rc=$?; say "--- $((SECONDS - t0)) s"; return $rc; }

"$HARNESS_DIR/deps.sh" || exit 1
mkdir -p "$top/trees"
for conf in "$HARNESS_DIR"/trees/*.conf; do
	name=$(basename "$conf" .conf)
	deb=$(FETCH_CONF=$conf "$HARNESS_DIR/fetch-base.sh") || { check "fetch $name" 1; continue; }
	src=$top/trees/$(basename "$deb" _all.deb)
	say "KERNEL_SRC=$src"
	if [ ! -f "$src/Makefile" ]; then
		rm -rf "$src" && mkdir -p "$src" && unpack_source_deb "$deb" "$src" ||
			{ check "unpack $deb" 1; continue; }
	fi
	sum=$(cd "$src" && find . -printf '%p %s %T@\n' | sort | sha256sum)
	o=$(unset BASE; KERNEL_SRC=$src; . "$HARNESS_DIR/lib.sh"; echo "$O")
	(unset BASE; KERNEL_SRC=$src RUN_CONFIG=uml timed "$HARNESS_DIR/run.sh" >/dev/null)
	check "KERNEL_SRC=$(basename "$src"): the suite passes" $?
	grep -q "^the fix and the suite: patches/$PRIMARY_BASE," "$o/assembled.what"
	check "KERNEL_SRC=$(basename "$src"): the fix and the suite applied" $?
	# SUITE_ONLY=1: the suite alone, as on a tree without the fix; what
	# fails must be what fails on the unmodified primary base.
	if [ "$(. "$conf" && echo "${ALSO_SUITE_ONLY:-}")" = yes ]; then
		(unset BASE; KERNEL_SRC=$src SUITE_ONLY=1 RUN_CONFIG=uml RUN_NAME=uml-suite-only \
			timed "$HARNESS_DIR/run.sh" >/dev/null)
		"$HARNESS_DIR/kunit_results.py" expect "$HARNESS_DIR/unmodified-base/$PRIMARY_BASE/uml.expect" \
			"$o/results/uml-suite-only.json" | grep -v '^ok' >&2
		check "KERNEL_SRC=$(basename "$src") SUITE_ONLY=1: fails as Linux $PRIMARY_BASE without the fix" "${PIPESTATUS[0]}"
	fi
	[ "$sum" = "$(cd "$src" && find . -printf '%p %s %T@\n' | sort | sha256sum)" ]
	check "KERNEL_SRC=$(basename "$src"): the tree is left as it was" $?
done
exit $failed
