#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make help: the targets, the options a user sets (with their defaults),
# and the plan's configurations and bases, from harness/plan.conf.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cat <<TXT
Targets
  make run          assemble the primary base with its series, run the suite (RUN_CONFIG, uml)
  make test         everything CI holds the project to (harness/test.sh says what)
  make patches      write patches/<base>/ from the assembled tree (CHECK=1: only compare)
  make series       the series as mail in build/<base>/series/: To/Cc, git am, checkpatch
  make each-patch   every patch builds with W=1; the suite passes from its own patch on
  make mutants      every mutant of harness/mutants/<base>/ killed (MUTANTS="NN NN": some)
  make hermetic     count the test's walks of the machine's buses: none (RUN_CONFIG, uml)
  make coverage     line and branch coverage of what the series changes in iommu.c
  make base-oops    the unmodified base oopses beside an undescribed virtio-iommu
  make trees        make run KERNEL_SRC= on the trees of harness/trees/
  make alltests     kunit.py run --alltests, filtered to the suite
  make selftest     the harness's own tests and shellcheck
  make clean        remove build/ (the download and compiler caches stay)

Options (make VAR=value)          default
  BASE          the base           $(plan_primary) (the plan's first; also: $(plan_bases | tail -n +2 | paste -sd' ' -))
  RUN_CONFIG    make run's configuration   uml
  KERNEL_SRC    run on your own kernel tree, never written to   -
  SUITE_ONLY    1: only the patches up to the suite's   -
  KUNIT_ARGS    more kunit.py options   -
  O             output directory   build/
  CACHE_DIR     .deb and ccache cache   ~/.cache/iommu-probe-kunit
  MIRROR        archive URI, instead of the machine's apt configuration   -
  CCACHE        0: no compiler cache   1
  SERIES_NAME, SERIES_EMAIL   the sender of make series   git config user.name/email
  MAILABLE      1: refuse a placeholder sender   -
  MUTANTS       make mutants: the numbers to run   all
  A             make patches: how many patches belong to patches/<base>/, not rfc/   as now
  CHECK         make patches: 1 compares only   -

Configurations (harness/plan.conf): name, bases make test runs it on, what it proves
TXT
plan_lines config | awk -F'|' '{ printf "  %-14s %-10s %s\n", $1, $4, $6 }'
echo
echo "Other steps of make test: name, bases"
plan_lines step | awk -F'|' '{ printf "  %-14s %-10s %s\n", $1, $2, $3 }'
