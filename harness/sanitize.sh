#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The sanitizer run: the suite built with KASAN, lockdep, DEBUG_ATOMIC_SLEEP,
# DEBUG_LIST and kmemleak (harness/sanitize.config) in its own build
# directory, booted so that kmemleak scans after the suite. Any report in
# the log fails the run (exit 1), even when every case passed; anything
# else that goes wrong exits 2. kunit.py builds the kernel and parses the
# log into $O/results/RUN_NAME.json (RUN_NAME defaults to sanitize).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$(assembled_tree)
kbuild=$O/kunit-sanitize
results=$O/results
name=${RUN_NAME:-sanitize}
log=$results/$name.log
json=$results/$name.json
mkdir -p "$kbuild" "$(dirname "$json")"
rm -f "$log" "$json"

if ! (cd "$tree" && ./tools/testing/kunit/kunit.py build \
	--kunitconfig=drivers/iommu \
	--kunitconfig="$HARNESS_DIR/sanitize.config" \
	--build_dir="$kbuild") >"$results/$name.build.out" 2>&1; then
	grep -B2 -A3 'error:\|Missing:' "$results/$name.build.out" | tail -n 20 >&2 || true
	say "error: the sanitizer kernel did not build; see $results/$name.build.out"
	exit 2
fi

# kunit.py always halts the kernel after the tests, before any scan could
# run, so boot it here: the host's filesystem is UML's read-only root and
# kmemleak-init.sh its init, which scans and powers off.
rc=0
timeout --foreground 600 "$kbuild/linux" kunit.enable=1 mem=1G console=tty \
	root=/dev/root rootfstype=hostfs rootflags=/ ro \
	init="$HARNESS_DIR/kmemleak-init.sh" </dev/null >"$log" 2>&1 || rc=$?
[ "$rc" -ne 124 ] || say "the sanitizer kernel timed out after 600 s"

(cd "$tree" && ./tools/testing/kunit/kunit.py parse --json="$json" "$log") \
	>"$results/$name.parse.out" 2>&1 || true
sed -n '/=== iommu_probe/,/Testing complete/p' "$results/$name.parse.out" | tail -n 5

status=0
reports='BUG:|WARNING:|possible recursive locking|possible circular locking|inconsistent lock state|unreferenced object|sleeping function called from invalid context|scheduling while atomic|list_(add|del) corruption|Kernel panic|Oops'
# The report lines, for make mutants' matrix too: $name.reports.
grep -En "$reports" "$log" >"$results/$name.reports" || true
if [ -s "$results/$name.reports" ]; then
	head -n 20 "$results/$name.reports" >&2
	say "sanitizer reports in $log"
	status=1
fi
if [ $status -eq 0 ] && ! grep -q 'iommu-probe-kunit: kmemleak scan done' "$log"; then
	say "the kmemleak scan did not run to its end; see $log"
	status=2
fi
echo "$log"
echo "$json"
exit $status
