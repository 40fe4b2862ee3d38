#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make each-patch [BASE=<base>]: what a bisection and the 0-day robot need of
# every patch of the base's series, applied in order onto the base:
#   - drivers/iommu/ builds for x86_64 with W=1 (and sparse, C=1, where
#     kbuild takes Debian's sparse for the tree) and no warning is added
#     that the commits before did not have, compared per file and message,
#     without line numbers; a header a commit touches passes kernel-doc;
#   - from the suite's own patch on, kunit.py run --kunitconfig=drivers/iommu
#     passes on UML: the suite is green at every patch (a patch that changes
#     nothing the UML kernel compiles has the kernel of the patch before it,
#     which is not built and run again, and the line says so).
# Each part works in a worktree of the assembled tree of its own
# ($O/wt/each-patch-w1/, $O/wt/kunit/), with its own build directory; logs
# and results in $O/each-patch/. Prints a line per commit; fails on a build
# error, a new warning or a case that does not pass.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
base_setup
ccache_setup

tree=$("$HARNESS_DIR/assemble.sh") || exit 1
out=$O/each-patch
mkdir -p "$out"
rm -f "$out"/*.log "$out"/*.warn
status=0
mapfile -t commits < <(git -C "$tree" rev-list --reverse base..HEAD)
subject() { git -C "$tree" log -1 --format=%s "$1"; }

# --- W=1, every commit, x86_64 -------------------------------------------
wt=$(worktree each-patch-w1 base) || exit 1
kb=$(dirname "$wt")/kunit-w1
mkdir -p "$kb"
# The seed configuration: x86_64's defconfig with what the series touches.
seed=$out/seed.config
if [ ! -s "$seed" ]; then
	make -s -C "$wt" O="$kb" x86_64_defconfig >"$out/config.log" 2>&1 ||
		die "make x86_64_defconfig failed; see $out/config.log"
	# Warnings stay warnings, so that they are counted rather than stop the build.
	"$wt/scripts/config" --file "$kb/.config" -d WERROR -e PCI -e IOMMU_SUPPORT -e INTEL_IOMMU \
		-e AMD_IOMMU -e VIRTIO_MENU -e VIRTIO -e VIRTIO_PCI -e VIRTIO_IOMMU -e KUNIT \
		-e IOMMU_PROBE_KUNIT_TEST
	cp "$kb/.config" "$seed"
fi
sparse=
command -v sparse >/dev/null 2>&1 && sparse=C=1

# The compiler's, sparse's and kernel-doc's warnings of a log, counted,
# without line numbers and build directories.
warnings() {
	sed -n -E 's#^(\.\./)*([^: ]*/)?(drivers|include|tools)/([^: ]+):[0-9]+(:[0-9]+)?: (warning|error): #\3/\4: \6: #p' "$1" |
		sort | uniq -c | sed 's/^ *//' | sort
}

# kernel-doc's messages, their line numbers 0, so that moved lines compare equal.
kdoc_messages() { sed -n -E 's#^(.*):[0-9]+: (warning|error): #\1:0: \2: #p'; }

# w1 N COMMIT: compile drivers/iommu/ at COMMIT; its warnings in $out/N.warn.
w1() {
	local n=$1 commit=$2 log=$out/w1-$1.log hdr
	git -C "$wt" checkout -q --detach "$commit" || return 1
	cp "$seed" "$kb/.config"
	make -s -C "$wt" O="$kb" olddefconfig >"$log" 2>&1 &&
		make -C "$wt" O="$kb" W=1 $sparse -j"$(nproc)" drivers/iommu/ >>"$log" 2>&1 || return 1
	# A header the commit touches: kernel-doc's messages on it that the
	# header before the commit did not have (a header no earlier commit
	# touched was never checked, so its old messages are not new ones).
	for hdr in $(git -C "$wt" diff --name-only "$commit^" "$commit" -- '*.h' 2>/dev/null); do
		echo "kernel-doc: $hdr" >>"$log"
		git -C "$wt" show "$commit^:$hdr" >"$out/before.h" 2>/dev/null || : >"$out/before.h"
		(cd "$wt" && scripts/kernel-doc -none -Wall "$out/before.h" 2>&1) |
			sed "s#$out/before.h#$hdr#" | kdoc_messages >"$out/before.kdoc"
		(cd "$wt" && scripts/kernel-doc -none -Wall "$hdr" 2>&1) | kdoc_messages |
			grep -vxF -f "$out/before.kdoc" >>"$log"
	done
	warnings "$log" >"$out/$n.warn"
}

w1 0 base || die "the base does not build; see $out/w1-0.log"
if [ -n "$sparse" ] && grep -q 'sparse is not available or not up to date' "$out/w1-0.log"; then
	say "each-patch: kbuild refuses this sparse ($(sparse --version 2>&1)) for Linux $BASE: W=1 only"
	sparse=
fi
say "each-patch: the base: $(awk '{n += $1} END {print n + 0}' "$out/0.warn") warning(s) in drivers/iommu/ with W=1${sparse:+ $sparse}"
# A build after a patch recompiles what the patch touched: its warnings are
# compared with all those seen so far.
known=$out/known.warn
cp "$out/0.warn" "$known"
for i in "${!commits[@]}"; do
	n=$((i + 1)) c=${commits[$i]}
	if ! w1 "$n" "$c"; then
		say "each-patch: $n/$(subject "$c"): BUILD FAILED; see $out/w1-$n.log"
		grep -E 'error:|Error [0-9]' "$out/w1-$n.log" | head -n 5 >&2
		status=1
		continue
	fi
	new=$(comm -13 "$known" "$out/$n.warn")
	sort -u -o "$known" "$known" "$out/$n.warn"
	if [ -n "$new" ]; then
		say "each-patch: $n/$(subject "$c"): NEW WARNINGS ($out/w1-$n.log):"
		printf '%s\n' "$new" | head -n 20 >&2
		status=1
	else
		say "each-patch: $n/$(subject "$c"): builds with W=1${sparse:+ $sparse}, no new warning"
	fi
done

# --- the suite on UML, from its own patch on -------------------------------
first=$(git -C "$tree" rev-list --count base..suite)
kwt=$(worktree kunit suite) || exit 1
kkb=$(dirname "$kwt")/kunit
# same_kernel COMMIT: COMMIT changes nothing the run is built or read with:
# it touches only kunit_tool's configurations (all_tests.config, which
# --kunitconfig=drivers/iommu does not read) and C files that kernel does
# not compile (another architecture's driver). Its kernel is the one the
# patch before it built, which was run already; kunit_tool itself is not
# among them.
same_kernel() {
	local f
	for f in $(git -C "$tree" diff --name-only "$1^" "$1"); do
		case $f in
		tools/testing/kunit/configs/*) ;;
		*.c) [ ! -e "$kkb/${f%.c}.o" ] || return 1 ;;
		*) return 1 ;;
		esac
	done
}
for i in "${!commits[@]}"; do
	n=$((i + 1)) c=${commits[$i]}
	[ "$n" -ge "$first" ] || continue
	if [ "$n" -gt "$first" ] && same_kernel "$c"; then
		say "each-patch: $n/$(subject "$c"): the suite: the UML kernel of patch $ran (this patch touches only $(git -C "$tree" diff --name-only "$c^" "$c" | tr '\n' ' ')- not compiled for UML), $prev"
		continue
	fi
	git -C "$kwt" checkout -q --detach "$c"
	"$HARNESS_DIR/run.sh" --tree "$kwt" --build-dir "$kkb" --name "each-patch/$n" uml \
		>"$out/kunit-$n.out" 2>&1
	rc=$?
	counts=$("$HARNESS_DIR/kunit_results.py" count "$O/results/each-patch/$n.json" 2>/dev/null)
	ran=$n prev="which did not pass"
	if [ "$rc" -eq 0 ] && [ -n "$counts" ]; then
		say "each-patch: $n/$(subject "$c"): the suite: $counts"
		prev="which passed: $counts"
	else
		say "each-patch: $n/$(subject "$c"): THE SUITE DOES NOT PASS: ${counts:-no results} ($out/kunit-$n.out)"
		status=1
	fi
done
exit $status
