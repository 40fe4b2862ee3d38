#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make run: assemble the tree, run the suite in one configuration of
# harness/matrix.conf (RUN_CONFIG; uml unless set) with kunit.py, show
# kunit_tool's summary, and end with three lines: the assembled tree, the raw
# kernel log, the JSON results.
#
# RUN_NAME names the results ($O/results/RUN_NAME.*; the configuration's name
# unless set). SERIES_SKIP (patch names) assembles the tree without those
# patches; SUITE_ONLY=1 leaves out the fix (on a KERNEL_SRC tree where the
# fix does not apply, that happens by itself). KUNIT_ARGS adds kunit.py
# options; KUNIT_CONFIG_ARGS replaces the configuration's --kunitconfig
# options (e.g. --alltests); KUNIT_BUILD_DIR replaces its build directory;
# IMAGE_ONLY=1 rebuilds only the UML image of an existing build directory
# (make mutants); EXEC_ONLY=1 builds nothing and boots what an earlier run
# built there (make bench's repeated boots).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

config=${RUN_CONFIG:-uml}
name=${RUN_NAME:-$config}
row=$(matrix_row "$config") ||
	die "no configuration \"$config\" in $HARNESS_DIR/matrix.conf; there are: $(matrix_names | tr '\n' ' ')"
IFS='|' read -r _ bdir opts how _ <<<"$row"

"$HARNESS_DIR/deps.sh"
tree=$(assembled_tree)

# kunit.py's build directory lives beside the tree, not in it, so that
# reassembling the tree never throws the build away.
kbuild=${KUNIT_BUILD_DIR:-$O/$bdir}
results=$O/results
json=$results/$name.json
log=$results/$name.log
out=$results/$name.kunit.out
mkdir -p "$kbuild" "$(dirname "$json")"
rm -f "$json" "$log" "$out" "$results/$name.reports" "$kbuild/test.log"

# kunit.py build takes the options that say what to build; kunit.py exec also
# those that say how to run it.
read -r -a all <<<"$opts ${KUNIT_ARGS:-}"
common=() run=() extra=() qemu= cross= arch=
for o in "${all[@]}"; do
	case $o in
	--kunitconfig=*) [ -n "${KUNIT_CONFIG_ARGS:-}" ] || common+=("$o") ;;
	--kernel_args=* | --timeout=* | --filter=* | --filter_action=* | --run_isolated=* | --raw_output*) run+=("$o") ;;
	--qemu_config=*) qemu=${o#*=}; common+=("$o") ;;
	--cross_compile=*) cross=${o#*=}; common+=("$o") ;;
	--arch=*) arch=${o#*=}; common+=("$o") ;;
	--*) common+=("$o") ;;
	*) run+=("$o") ;;
	esac
done
[ -z "${KUNIT_CONFIG_ARGS:-}" ] || read -r -a extra <<<"$KUNIT_CONFIG_ARGS"
common+=("${extra[@]}" --build_dir="$kbuild")
kunit() { (cd "$tree" && ./tools/testing/kunit/kunit.py "$@"); }

build_failed() {
	if grep -q 'error:\|Error [0-9]\|Missing:' "$1"; then
		say "the kernel build failed; its last compiler lines:"
		grep -B2 -A3 'error:\|Missing:' "$1" | tail -n 20 >&2 || true
	else
		tail -n 20 "$1" >&2
	fi
	say "kunit.py build failed; its output: $1"
	echo "$tree"; echo "$log"; echo "$json"
	exit 2
}

if [ -n "${EXEC_ONLY:-}" ]; then
	[ -f "$kbuild/.config" ] || die "$name: EXEC_ONLY=1, but nothing was built in $kbuild"
	say "$name: booting what $kbuild holds (EXEC_ONLY=1)"
else
	say "$name: building ($config, in $kbuild)"
	if [ -n "${IMAGE_ONLY:-}" ] && [ -z "$qemu" ] && [ -f "$kbuild/.config" ]; then
		# make mutants: the configuration is kunit.py's from the run before
		# and only iommu.c changed, so rebuilding the UML image is enough
		# (kunit.py build would also rebuild the modules and the tools' files).
		make -C "$tree" ARCH=um O="$kbuild" -j"$(nproc)" linux >"$out" 2>&1 || build_failed "$out"
	else
		# KernelCI's kunit job runs kunit.py config, build and exec, in turn.
		[ "$how" != kernelci ] || kunit config "${common[@]}" >"$out" 2>&1 || build_failed "$out"
		kunit build "${common[@]}" >>"$out" 2>&1 || build_failed "$out"
	fi
fi

# QEMU: kunit.py asks for KVM first whatever its --qemu_config says, and on
# some machines a KVM guest never runs. Unless a quick boot under KVM shows
# the kernel starting, hide KVM from it (harness/qemu/tcg).
# kunit.py's own configuration of --arch, where no --qemu_config is given.
vm=${qemu:-${arch:+$tree/tools/testing/kunit/qemu_configs/$arch.py}}
boot() { (cd "$tree" && "$HARNESS_DIR/boot.py" "$vm" "$kbuild" "$@" ${cross:+--cross_compile="$cross"}); }
if [ -n "$vm" ]; then
	verdict=$O_TOP/kvm.verdict
	# Only a guest of the host's own architecture can use KVM at all.
	if [ -e /dev/kvm ] && [ "$(boot - --print-arch)" = "$(uname -m)" ] && [ ! -s "$verdict" ]; then
		if boot "$O_TOP/kvm-probe.log" --accel kvm --timeout 20 --expect 'Linux version' 2>/dev/null; then
			echo kvm >"$verdict"
		else
			echo tcg >"$verdict"
			say "$name: a KVM guest did not start within 20 s ($O_TOP/kvm-probe.log): QEMU runs under TCG"
		fi
	fi
	[ "$(cat "$verdict" 2>/dev/null)" = kvm ] || export PATH=$HARNESS_DIR/qemu/bin:$PATH
fi

rc=0
if [ "$how" = module ]; then
	# The module, loaded twice from an initramfs, on the configuration's machine.
	ko=$kbuild/drivers/iommu/iommu_probe_kunit.ko
	[ -f "$ko" ] || die "$name: no module $ko was built; see $out"
	make_initramfs "$kbuild" "$kbuild/initramfs.cpio" "$HARNESS_DIR/initramfs/module-init" \
		"$ko" /iommu_probe_kunit.ko 0644 ||
		die "$name: could not make the initramfs"
	# An oops inside a case leaves insmod waiting for good: panic on it, so
	# that the guest ends at once (-no-reboot) instead of at the timeout. A
	# healthy run powers off in well under a minute.
	boot "$log" --initrd "$kbuild/initramfs.cpio" --append "oops=panic panic=-1" \
		--timeout 300 >>"$out" 2>&1 || rc=$?
	[ "$rc" -ne 124 ] || say "$name: the guest did not power off within 300 s; console: $log"
	parts=()
	for n in 1 2; do
		awk -v n="$n" '{ sub(/\r$/, "") }
			/iommu-probe-kunit: (load [0-9]+|done)/ { on = ($0 ~ "load " n "$") } on' \
			"$log" >"$results/$name-$n.log"
		kunit parse --json="$results/$name-$n.json" "$results/$name-$n.log" \
			>>"$out" 2>&1 || rc=1
		parts+=("$results/$name-$n.json")
	done
	"$HARNESS_DIR/kunit_results.py" merge "$json" "${parts[@]}" || rc=1
	grep -q 'iommu-probe-kunit: done' "$log" || { say "$name: the guest did not get to the end"; rc=1; }
else
	# UML drops console writes while the pipe to kunit.py is full (its
	# console fd is non-blocking), so on a busy machine KTAP lines can be
	# lost although the kernel ran to the end: the log has KUnit's closing
	# totals, but kunit.py missed results or could not parse. Such a run is
	# run once more, saying so; a kernel that stopped early is not.
	#
	# kunit.py's own --timeout bounds the kernel, not its parser: 6.12's
	# kunit_tool, given KTAP with lines lost, can print "[CRASHED]" for
	# ever, and stops reading the kernel meanwhile. Bound the whole exec
	# (EXEC_LIMIT seconds), keep only the start of what it printed, and
	# run once more, as for lost lines.
	limit=${EXEC_LIMIT:-600}
	for try in 1 2; do
		rc=0 stuck=
		(cd "$tree" && exec timeout -k 10 "$limit" ./tools/testing/kunit/kunit.py exec \
			"${common[@]}" "${run[@]}" --json="$json") >"$out.exec" 2>&1 || rc=$?
		head -c 20000000 "$out.exec" >>"$out"
		if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
			say "$name: kunit.py exec did not end within $limit s; the raw log: $kbuild/test.log"
			rm -f "$json"
			stuck=1
		fi
		[ -f "$kbuild/test.log" ] && cp "$kbuild/test.log" "$log"
		totals=
		grep -q '^# Totals: ' "$log" 2>/dev/null && totals=1
		# A kernel that oopsed lost nothing: it stopped.
		grep -q 'BUG: \|Oops: \|Kernel panic - ' "$log" 2>/dev/null && break
		[ "$try" = 1 ] && { { [ -n "$stuck" ] && [ -z "$totals" ]; } || { [ "$rc" -ne 0 ] && [ -n "$totals" ] &&
			grep -q 'missing expected subtest\|missing subtest result line\|LineStream: going past EOF' "$out.exec"; }; } || break
		say "$name: KTAP lines were lost on the console (that log: $log.lost); running again"
		mv "$log" "$log.lost"
	done
	# The run that got the kernel's totals into its log is the one kept
	# (make mutants reads the verdicts there when kunit.py gave none).
	if ! grep -q '^# Totals: ' "$log" 2>/dev/null && grep -q '^# Totals: ' "$log.lost" 2>/dev/null; then
		mv "$log.lost" "$log"
	fi
	rm -f "$out.exec"
	# With --raw_output kunit.py parses nothing, and its JSON says nothing
	# true: the kernel's own verdicts are in the log.
	case " ${run[*]} " in *" --raw_output"*) rm -f "$json" ;; esac
fi
# The KernelCI run has every default suite: the suite's own cases count.
if [ "$how" = kernelci ] && [ -s "$json" ]; then
	mv "$json" "$results/$name.all.json"
	cp "$log" "$results/$name.all.log"
	rc=0
	"$HARNESS_DIR/kunit_results.py" only iommu_probe "$json" "$results/$name.all.json" >&2 &&
		"$HARNESS_DIR/kunit_results.py" count "$json" >/dev/null || rc=1
fi
# kunit_tool's own summary; its whole output stays in $out.
sed -n '/^Running tests with:\|^\$ qemu/,$p' "$out" | grep -v '^\[..:..:..\] \[PASSED\]' | tail -n 40

if [ "$how" = scan ] || [ "$how" = module ]; then
	grep -En "$REPORTS" "$log" >"$results/$name.reports" || true
	if [ -s "$results/$name.reports" ]; then
		head -n 20 "$results/$name.reports" >&2
		say "$name: reports in the kernel log ($log)"
		[ "$rc" -ne 0 ] || rc=1
	fi
fi
if [ "$rc" -ne 0 ] && [ ! -s "$json" ]; then
	tail -n 20 "$out" >&2
	say "$name: kunit.py failed (exit $rc); its output: $out"
fi

# What the tree got, and, where only the suite went in, whether what failed
# is what fails without the fix.
what=$(cat "$O/assembled.what" 2>/dev/null || true)
[ -z "$what" ] || say "$name: applied $what"
expect=$HARNESS_DIR/unmodified-base/$SERIES_BASE/$config.expect
case $what in
*"the suite only"*)
	if [ -f "$expect" ] && [ -s "$json" ] &&
		"$HARNESS_DIR/kunit_results.py" expect "$expect" "$json" >"$results/$name.expect" 2>&1; then
		say "$name: what fails here is what fails on Linux $SERIES_BASE without the fix ($expect): this tree does not have it"
	elif [ -f "$expect" ]; then
		say "$name: the results differ from Linux $SERIES_BASE without the fix ($expect): see $results/$name.expect"
	fi
	;;
esac

echo "$tree"
echo "$log"
echo "$json"
exit "$rc"
