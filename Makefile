# SPDX-License-Identifier: GPL-2.0
# The two commands: "make run" and "make test". See README.md.

# Where the assembled trees, kunit.py's builds and the results go: one
# directory per base, $(O)/<base> ($(O)/<version> for a KERNEL_SRC tree).
O ?= $(CURDIR)/build
export O BASE KERNEL_SRC CACHE_DIR MIRROR KUNIT_ARGS RUN_CONFIG SUITE_ONLY MAILABLE \
	SERIES_NAME SERIES_EMAIL

.PHONY: run test patches series each-patch mutants coverage trees alltests bench iommufd-selftest clean

run:
	@harness/run.sh

test:
	@harness/test.sh

patches:
	@harness/patches.sh

series:
	@harness/series.sh

each-patch:
	@harness/each-patch.sh

mutants:
	@harness/mutants.sh

coverage:
	@harness/coverage.sh

trees:
	@harness/trees.sh

alltests:
	@harness/alltests.sh

bench:
	@harness/bench.sh

iommufd-selftest:
	@harness/iommufd-selftest.sh

clean:
	rm -rf -- "$(O)"
