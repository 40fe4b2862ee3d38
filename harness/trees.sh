#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make trees: make run KERNEL_SRC=<tree> on each tree of harness/trees/
# (one .conf per tree: a Debian package and its version),
# trees none of the project's files were written for, as a maintainer runs
# the suite on their own tree: the series (git am --3way; a patch that does
# not apply is left out or ends it, as harness/assemble.sh says) must pass,
# so must the suite alone (SUITE_ONLY=1, as on a tree without the fixes),
# and the tree must be left as it was. Prints a line per check; exits 1
# when one failed. Outside make test, for its time.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

failed=0
check() {
	if [ "$2" -eq 0 ]; then say "trees: $1: passed"; else say "trees: $1: FAILED"; failed=1; fi
}

"$HARNESS_DIR/deps.sh" || exit 1
mkdir -p "$O_TOP/trees"
for conf in "$HARNESS_DIR"/trees/*.conf; do
	deb=$(FETCH_CONF=$conf "$HARNESS_DIR/fetch-base.sh") || { check "fetch $(basename "$conf")" 1; continue; }
	src=$O_TOP/trees/$(basename "$deb" _all.deb)
	if [ ! -f "$src/Makefile" ]; then
		rm -rf "$src" && mkdir -p "$src" && unpack_source_deb "$deb" "$src" ||
			{ check "unpack $deb" 1; continue; }
	fi
	sum=$(cd "$src" && find . -printf '%p %s %T@\n' | sort | sha256sum)
	name=$(basename "$src")
	for only in "" 1; do
		(
			unset BASE
			export KERNEL_SRC=$src SUITE_ONLY=$only
			"$HARNESS_DIR/run.sh" --name "uml${only:+-suite-only}" uml >/dev/null
			rc=$?
			base_setup
			say "trees: $name${only:+ SUITE_ONLY=1}: applied $(cat "$O/assembled.what")"
			exit $rc
		)
		check "KERNEL_SRC=$name${only:+ SUITE_ONLY=1}: the suite passes" $?
	done
	[ "$sum" = "$(cd "$src" && find . -printf '%p %s %T@\n' | sort | sha256sum)" ]
	check "KERNEL_SRC=$name: the tree is left as it was" $?
done
exit $failed
