#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make iommufd-selftest: the bug, shown by a test suite this project did not write.
# Builds upstream's iommufd selftest (tools/testing/selftests/iommu/iommufd)
# from each base's own tree, statically, and runs it from an initramfs in
# the x86_64 guest, with and without an emulated VT-d registered before the
# iommufd mock driver, on each base with and without the series' kernel
# patches, and on 6.12 with upstream's own fix of the mock instead
# (patches/6.12-stable/: the stable route, without the series). Prints one
# line per run: its "ok"/"not ok" counts and the tests that failed.
# SELFTEST_RUNS picks the runs ("6.12:base 6.12:stable 6.12:series 7.3:base
# 7.3:series", the default). Writes $O/selftest/report.txt. Fails when a run
# did not get to the end, or when a run with the series or the stable route
# fails a test that passes on the same base without VT-d.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

top=$O_TOP
out=$top/selftest
mkdir -p "$out"
report=$out/report.txt
: >"$report"
status=0

# run BASE VARIANT: build the kernel and the selftest, boot with and without VT-d.
run() {
	local base=$1 variant=$2 skip= o kbuild tree name
	o=$top/$base
	kbuild=$o/selftest-kernel
	. "$PROJECT_DIR/patches/$base/base.conf"
	local extra=
	case $variant in
	base) skip=$FIX_PATCHES ;;
	series) ;;
	stable)
		skip=$(sed -e 's/#.*//' "$PROJECT_DIR/patches/$base/series" | awk 'NF {print $1}' | tr '\n' ' ')
		extra=$(echo "$PROJECT_DIR/patches/$base-stable/"*.patch)
		;;
	*) die "selftest: no variant $variant (base, stable, series)" ;;
	esac
	tree=$(BASE=$base SERIES_SKIP=$skip EXTRA_PATCHES=$extra "$HARNESS_DIR/assemble.sh") || return 1
	name=$base-$variant
	say "selftest: $name: building the kernel ($kbuild)"
	local kconfigs=()
	[ ! -f "$HARNESS_DIR/configs/iommufd-selftest-$base.config" ] ||
		kconfigs=(--kunitconfig="$HARNESS_DIR/configs/iommufd-selftest-$base.config")
	if ! (cd "$tree" && ./tools/testing/kunit/kunit.py build \
		--kunitconfig="$HARNESS_DIR/configs/iommufd-selftest.config" "${kconfigs[@]}" \
		--qemu_config="$HARNESS_DIR/qemu/x86_64-vtd.py" --build_dir="$kbuild") \
		>"$out/$name.build.out" 2>&1; then
		grep -B2 -A3 'error:\|Missing:' "$out/$name.build.out" | tail -n 20 >&2
		say "selftest: $name: the kernel did not build; see $out/$name.build.out"
		return 1
	fi
	# The selftest, against this kernel's own uapi headers, linked statically.
	# A tree whose selftest is newer than its uapi gets the shim.
	local compat=()
	grep -q MOCK_FLAGS_DEVICE_PASID "$tree/drivers/iommu/iommufd/iommufd_test.h" ||
		compat=(-include "$HARNESS_DIR/selftest/iommufd-uapi-compat.h")
	make -s -C "$tree" O="$kbuild" headers >>"$out/$name.build.out" 2>&1 &&
	gcc -static -O2 -Wall -Wno-unused-function -D_GNU_SOURCE "${compat[@]}" \
		-isystem "$kbuild/usr/include" -I "$tree/tools/testing/selftests" \
		-o "$out/iommufd-$name" "$tree/tools/testing/selftests/iommu/iommufd.c" \
		-lpthread -lcap >>"$out/$name.build.out" 2>&1 || {
		tail -n 20 "$out/$name.build.out" >&2
		say "selftest: $name: the selftest did not build; see $out/$name.build.out"
		return 1
	}
	make_initramfs "$kbuild" "$out/$name.cpio" "$HARNESS_DIR/initramfs/selftest-init" \
		"$out/iommufd-$name" /iommufd 0755 || return 1
	# Only a KVM guest that was seen to start is used (see run.sh).
	[ "$(cat "$top/kvm.verdict" 2>/dev/null)" = kvm ] || export PATH=$HARNESS_DIR/qemu/bin:$PATH
	for machine in x86_64-vtd x86_64; do
		local log=$out/$name-$machine.log rc=0
		say "selftest: $name on $machine"
		(cd "$tree" && "$HARNESS_DIR/boot.py" "$HARNESS_DIR/qemu/$machine.py" "$kbuild" "$log" \
			--initrd "$out/$name.cpio" --timeout 1800) 2>>"$out/$name.build.out" || rc=$?
		"$HARNESS_DIR/selftest_report.py" one "$name on $machine" "$log" | tee -a "$report"
		[ "$rc" -eq 0 ] && grep -q 'iommu-probe-kunit: selftest exit' "$log" ||
			{ say "selftest: $name on $machine did not get to the end; see $log"; status=1; }
	done
}

series_runs=()
for r in ${SELFTEST_RUNS:-6.12:base 6.12:stable 6.12:series 7.3:base 7.3:series}; do
	run "${r%%:*}" "${r#*:}" || status=1
	[ "${r#*:}" = base ] || series_runs+=("${r%%:*}-${r#*:}")
done
# Back to the whole series.
BASE=7.3 "$HARNESS_DIR/assemble.sh" >/dev/null
BASE=6.12 "$HARNESS_DIR/assemble.sh" >/dev/null

# With the series, VT-d must make no difference to what passes.
[ ${#series_runs[@]} -eq 0 ] ||
	"$HARNESS_DIR/selftest_report.py" compare "$out" "${series_runs[@]}" || status=1
exit $status
