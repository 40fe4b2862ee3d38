#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make run: assemble the tree, run the suite in one configuration of the plan
# with kunit.py, show kunit_tool's summary, and end with three lines: the
# tree, the raw kernel log, the JSON results.
#
#   run.sh [--tree DIR] [--build-dir DIR] [--name NAME] [--exec-only]
#          [--kunit-args ARGS] [--config-args ARGS] [CONFIG]
#
# CONFIG is a configuration of harness/plan.conf (RUN_CONFIG, else uml).
# --tree runs a tree other than the assembled one (a worktree of it: an
# earlier patch, a mutant); --build-dir and --name replace the
# configuration's build directory and the results' name ($O/results/NAME.*);
# --exec-only boots what the build directory holds; --kunit-args adds
# kunit.py options (as KUNIT_ARGS does); --config-args replaces the
# configuration's --kunitconfig options (e.g. --alltests).
# Exit: 0 every case passed or skipped; 1 a case failed, or a scanned log
# holds a report; 2 the kernel did not build (its log is named).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree= kbuild= name= exec_only= extra_args=${KUNIT_ARGS:-} config_args=
while [ $# -gt 0 ]; do
	case $1 in
	--tree) tree=$2; shift 2 ;;
	--build-dir) kbuild=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--exec-only) exec_only=1; shift ;;
	--kunit-args) extra_args="$extra_args $2"; shift 2 ;;
	--config-args) config_args=$2; shift 2 ;;
	-*) die "run.sh: no option $1" ;;
	*) break ;;
	esac
done
config=${1:-${RUN_CONFIG:-uml}}
base_setup
ccache_setup
row=$(plan_config "$config") ||
	die "no configuration \"$config\" in $PLAN; there are: $(plan_configs | tr '\n' ' ')"
IFS='|' read -r _ bdir how _ opts _ <<<"$row"
opts=${opts//\$H/$HARNESS_DIR}
name=${name:-$config}
[ -n "$tree" ] || { "$HARNESS_DIR/deps.sh"; tree=$("$HARNESS_DIR/assemble.sh"); }
# kunit.py's build directory lives beside the tree, never in it, so that
# reassembling the tree keeps the build.
kbuild=${kbuild:-$O/$bdir}
results=$O/results
json=$results/$name.json log=$results/$name.log out=$results/$name.kunit.out
mkdir -p "$kbuild" "$(dirname "$json")"
rm -f "$json" "$log" "$out" "$results/$name.reports" "$kbuild/test.log"

# kunit.py build takes the options that say what to build; kunit.py exec
# also those that say how to run it.
read -r -a all <<<"$opts $extra_args"
common=() run=() qemu= cross= arch=
for o in "${all[@]}"; do
	case $o in
	--kunitconfig=*) [ -n "$config_args" ] || common+=("$o") ;;
	--kernel_args=* | --timeout=* | --filter=* | --filter_action=* | --run_isolated=* | --raw_output*) run+=("$o") ;;
	--qemu_config=*) qemu=${o#*=}; common+=("$o") ;;
	--cross_compile=*) cross=${o#*=}; common+=("$o") ;;
	--arch=*) arch=${o#*=}; common+=("$o") ;;
	--*) common+=("$o") ;;
	*) run+=("$o") ;;
	esac
done
[ -z "$config_args" ] || read -r -a cfg <<<"$config_args"
common+=(${cfg[@]+"${cfg[@]}"} --build_dir="$kbuild")
kunit() { (cd "$tree" && ./tools/testing/kunit/kunit.py "$@"); }
finish() { echo "$tree"; echo "$log"; echo "$json"; exit "$1"; }

build_kernel() {
	say "$name: building ($config, in $kbuild)"
	# KernelCI's kunit job runs kunit.py config, build and exec, in turn.
	if { [ "$how" != kernelci ] || kunit config "${common[@]}" >"$out" 2>&1; } &&
		kunit build "${common[@]}" >>"$out" 2>&1; then
		return 0
	fi
	if grep -q 'error:\|Error [0-9]\|Missing:' "$out"; then
		say "the kernel build failed; its last compiler lines:"
		grep -B2 -A3 'error:\|Missing:' "$out" | tail -n 20 >&2 || true
	else
		tail -n 20 "$out" >&2
	fi
	say "kunit.py build failed; its output: $out"
	finish 2
}

# kunit.py asks QEMU for KVM first, whatever its --qemu_config says, and on
# some machines a KVM guest never runs: unless a quick boot under KVM shows
# the kernel starting, QEMU is run through harness/qemu/bin, without KVM.
use_accelerator() {
	local vm=$1 verdict=$O_TOP/kvm.verdict
	if [ -e /dev/kvm ] && [ "$(boot "$vm" - --print-arch)" = "$(uname -m)" ] && [ ! -s "$verdict" ]; then
		if boot "$vm" "$O_TOP/kvm-probe.log" --accel kvm --timeout 20 --expect 'Linux version' 2>/dev/null; then
			echo kvm >"$verdict"
		else
			echo tcg >"$verdict"
			say "$name: a KVM guest did not start within 20 s ($O_TOP/kvm-probe.log): QEMU runs under TCG"
		fi
	fi
	[ "$(cat "$verdict" 2>/dev/null)" = kvm ] || export PATH=$HARNESS_DIR/qemu/bin:$PATH
}
boot() {
	local vm=$1
	shift
	(cd "$tree" && "$HARNESS_DIR/boot.py" "$vm" "$kbuild" "$@" ${cross:+--cross_compile="$cross"})
}

# The module, loaded twice from an initramfs; kunit.py parses each load.
run_module() {
	local vm=$1 ko=$kbuild/drivers/iommu/iommu-probe-kunit.ko n rc=0 parts=()
	[ -f "$ko" ] || die "$name: no module $ko was built; see $out"
	make_initramfs "$kbuild" "$kbuild/initramfs.cpio" "$HARNESS_DIR/initramfs/module-init" \
		"$ko" /iommu_probe_kunit.ko 0644 || die "$name: could not make the initramfs"
	# An oops inside a case leaves insmod waiting for good: panic on it, so
	# that the guest ends at once (-no-reboot) instead of at the timeout.
	boot "$vm" "$log" --initrd "$kbuild/initramfs.cpio" --append "oops=panic panic=-1" \
		--timeout 600 >>"$out" 2>&1 || rc=$?
	[ "$rc" -ne 124 ] || say "$name: the guest did not power off within 600 s; console: $log"
	rc=0
	for n in 1 2; do
		awk -v n="$n" '{ sub(/\r$/, "") }
			/iommu-probe-kunit: (load [0-9]+|done)/ { on = ($0 ~ "load " n "$") } on' \
			"$log" >"$results/$name-$n.log"
		kunit parse --json="$results/$name-$n.json" "$results/$name-$n.log" >>"$out" 2>&1 || rc=1
		parts+=("$results/$name-$n.json")
	done
	"$HARNESS_DIR/kunit_results.py" merge "$json" "${parts[@]}" || rc=1
	grep -q 'iommu-probe-kunit: done' "$log" || { say "$name: the guest did not get to the end"; rc=1; }
	return $rc
}

# Run again when the first run lost lines without stopping: UML drops console
# writes while the pipe to kunit.py is full, so on a busy machine KTAP lines
# can be lost although the kernel ran to its totals (kunit.py then misses
# results), and an older base's kunit_tool can print "[CRASHED]" for ever on such
# input (the exec is bounded). A kernel that oopsed lost nothing: it stopped.
lost_lines() {
	local rc=$1 stuck=$2 totals=
	grep -q '^# Totals: ' "$log" 2>/dev/null && totals=1
	"$HARNESS_DIR/kunit_results.py" oops "$log" >/dev/null 2>&1 && return 1
	[ -n "$stuck" ] && [ -z "$totals" ] && return 0
	[ "$rc" -ne 0 ] && [ -n "$totals" ] &&
		grep -q 'missing expected subtest\|missing subtest result line\|LineStream: going past EOF' "$out.exec"
}

run_exec() {
	local try rc stuck limit=${EXEC_LIMIT:-900}
	for try in 1 2; do
		rc=0 stuck=
		(cd "$tree" && exec timeout -k 10 "$limit" ./tools/testing/kunit/kunit.py exec \
			"${common[@]}" ${run[@]+"${run[@]}"} --json="$json") >"$out.exec" 2>&1 || rc=$?
		head -c 20000000 "$out.exec" >>"$out"
		if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
			say "$name: kunit.py exec did not end within $limit s; the raw log: $kbuild/test.log"
			rm -f "$json"
			stuck=1
		fi
		[ -f "$kbuild/test.log" ] && cp "$kbuild/test.log" "$log"
		[ "$try" = 1 ] && lost_lines "$rc" "$stuck" || break
		say "$name: KTAP lines were lost on the console (that log: $log.lost); running again"
		mv "$log" "$log.lost"
	done
	# Keep the run that got the kernel's totals into its log.
	if ! grep -q '^# Totals: ' "$log" 2>/dev/null && grep -q '^# Totals: ' "$log.lost" 2>/dev/null; then
		mv "$log.lost" "$log"
	fi
	rm -f "$out.exec"
	# With --raw_output kunit.py parses nothing: the verdicts are in the log.
	case " ${run[*]-} " in *" --raw_output"*) rm -f "$json" ;; esac
	return $rc
}

[ -n "$exec_only" ] && [ ! -f "$kbuild/.config" ] && die "$name: --exec-only, but nothing was built in $kbuild"
[ -n "$exec_only" ] || build_kernel
vm=${qemu:-${arch:+$tree/tools/testing/kunit/qemu_configs/$arch.py}}
[ -z "$vm" ] || use_accelerator "$vm"
rc=0
if [ "$how" = module ]; then
	run_module "$vm" || rc=1
else
	run_exec || rc=1
fi
# KernelCI's run has every default suite: the suite's own cases count.
if [ "$how" = kernelci ] && [ -s "$json" ]; then
	mv "$json" "$results/$name.all.json"
	cp "$log" "$results/$name.all.log"
	rc=0
	"$HARNESS_DIR/kunit_results.py" only iommu_probe "$json" "$results/$name.all.json" >&2 &&
		"$HARNESS_DIR/kunit_results.py" count "$json" >/dev/null || rc=1
fi
# kunit_tool's own summary; its whole output stays in $out.
sed -n '/^Running tests with:\|^\$ qemu/,$p' "$out" | grep -v '^\[..:..:..\] \[PASSED\]' | tail -n 40 || true
if [ "$how" = scan ] || [ "$how" = module ]; then
	if ! "$HARNESS_DIR/kunit_results.py" scan "$log" "$results/$name.reports" >/dev/null; then
		head -n 20 "$results/$name.reports" >&2
		say "$name: reports in the kernel log ($log)"
		rc=1
	fi
fi
if [ "$rc" -ne 0 ] && [ ! -s "$json" ]; then
	tail -n 20 "$out" >&2
	say "$name: kunit.py failed; its output: $out"
fi
[ ! -f "$O/assembled.what" ] || [ "$tree" != "$O/tree" ] || say "$name: applied $(cat "$O/assembled.what")"
finish $rc
