#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make each-patch [BASE=6.12]: every patch of the series, applied in order
# onto the base, builds on its own with W=1 (and sparse, C=1, where
# kbuild accepts Debian's sparse for the tree; it refuses 0.6.4 for 7.3),
# and adds no warning that the commit before it did not have - what a
# bisection needs and what the 0-day robot would report. Warnings are
# compared per file and message, with their counts, without line numbers.
#
# In a worktree of the assembled tree ($O/each-patch/tree), with one x86_64
# configuration that compiles every file the series touches: the core,
# VT-d, virtio-iommu and the suite. drivers/iommu/ is compiled at the base
# and after each patch; a header the series touches is checked with
# kernel-doc (W=1 checks the .c files' comments itself), at the base too. Every commit
# starts from the same seed configuration, so the suite's option is on from
# the patch that adds it. Logs: $O/each-patch/<n>.log; a summary line per
# commit on stderr. Fails on a build error or a new warning.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

tree=$(assembled_tree) || exit 1
tag=$(cat "$O/base.tag")
out=$O/each-patch
wt=$out/tree
kb=$out/build
mkdir -p "$out"
rm -f "$out"/*.log "$out"/*.warn

git -C "$tree" worktree prune
if ! git -C "$wt" rev-parse -q --verify HEAD >/dev/null 2>&1; then
	rm -rf "$wt"
	git -C "$tree" worktree add -q --detach "$wt" "$tag" || die "could not add a worktree of $tree at $wt"
fi

# The seed configuration: x86_64's defconfig with what the series touches.
seed=$out/seed.config
if [ ! -s "$seed" ]; then
	git -C "$wt" checkout -q --detach "$tag"
	make -s -C "$wt" O="$kb" x86_64_defconfig >"$out/config.log" 2>&1 ||
		die "make x86_64_defconfig failed; see $out/config.log"
	# Warnings stay warnings (6.12's dmar.c has one under W=1), so that
	# they are counted rather than stop the build of the base.
	"$wt/scripts/config" --file "$kb/.config" -d WERROR -e PCI -e IOMMU_SUPPORT -e INTEL_IOMMU \
		-e VIRTIO_MENU -e VIRTIO -e VIRTIO_PCI -e VIRTIO_IOMMU -e KUNIT \
		-e IOMMU_PROBE_KUNIT_TEST -e IOMMU_PROBE_KUNIT_TEST_INTRUSIVE
	cp "$kb/.config" "$seed"
fi

sparse=
if command -v sparse >/dev/null 2>&1; then sparse=C=1; else say "each-patch: no sparse here; W=1 only"; fi

# warnings LOG: the compiler's, sparse's and kernel-doc's warnings, without
# line numbers (a patch moves lines) and build directories, counted.
warnings() {
	sed -n -E 's#^(\.\./)*(tree/)?([^: ]+):[0-9]+(:[0-9]+)?: (warning|error): #\3: \5: #p' "$1" |
		sed -E "s#$wt/##g" | sort | uniq -c | sed 's/^ *//' | sort
}

# build N COMMIT: compile at COMMIT; the warnings in $out/N.warn.
build() {
	local n=$1 commit=$2 log=$out/$1.log hdr hdrs
	git -C "$wt" checkout -q --detach "$commit" || return 1
	cp "$seed" "$kb/.config"
	make -s -C "$wt" O="$kb" olddefconfig >"$log" 2>&1 &&
		make -C "$wt" O="$kb" W=1 $sparse -j"$(nproc)" drivers/iommu/ >>"$log" 2>&1 || return 1
	# The base: every header the series touches; a commit: its own.
	if [ "$n" = 0 ]; then
		hdrs=$(git -C "$tree" diff --name-only "$tag" HEAD -- '*.h')
	else
		hdrs=$(git -C "$wt" diff --name-only "$commit^" "$commit" -- '*.h')
	fi
	for hdr in $hdrs; do
		echo "kernel-doc: $hdr" >>"$log"
		(cd "$wt" && scripts/kernel-doc -none -Wall "$hdr") >>"$log" 2>&1
	done
	warnings "$log" >"$out/$n.warn"
}

status=0
say "each-patch: the base ($tag)"
build 0 "$tag" || die "the base does not build; see $out/0.log"
if [ -n "$sparse" ] && grep -q 'sparse is not available or not up to date' "$out/0.log"; then
	say "each-patch: kbuild refuses this sparse ($(sparse --version 2>&1)) for Linux $BASE: W=1 only"
	sparse=
fi
say "each-patch: the base: $(awk '{n += $1} END {print n + 0}' "$out/0.warn") warning(s) in drivers/iommu/ with W=1${sparse:+ $sparse}"
# A build after a patch recompiles only what the patch touched, so its
# warnings are compared with all seen so far: the base's (everything
# compiled) and the earlier patches'.
known=$out/known.warn
cp "$out/0.warn" "$known"
n=0
for commit in $(git -C "$tree" rev-list --reverse "$tag"..HEAD); do
	n=$((n + 1))
	subject=$(git -C "$tree" log -1 --format=%s "$commit")
	if ! build "$n" "$commit"; then
		say "each-patch: $n/$subject: BUILD FAILED; see $out/$n.log"
		grep -E 'error:|Error [0-9]' "$out/$n.log" | head -n 5 >&2
		status=1
		continue
	fi
	new=$(comm -13 "$known" "$out/$n.warn")
	sort -u -o "$known" "$known" "$out/$n.warn"
	if [ -n "$new" ]; then
		say "each-patch: $n/$subject: NEW WARNINGS ($out/$n.log):"
		printf '%s\n' "$new" | head -n 20 >&2
		status=1
	else
		say "each-patch: $n/$subject: builds, no new warning"
	fi
done
git -C "$wt" checkout -q --detach "$tag"
exit $status
