# SPDX-License-Identifier: GPL-2.0
# The two commands: "make run" and "make test"; "make help" for the rest.

# Where the assembled trees, kunit.py's builds and the results go: one
# directory per base, $(O)/<base> ($(O)/<version> for a KERNEL_SRC tree).
O ?= $(CURDIR)/build
export O BASE KERNEL_SRC CACHE_DIR MIRROR KUNIT_ARGS RUN_CONFIG SUITE_ONLY MAILABLE \
	SERIES_NAME SERIES_EMAIL MUTANTS A CHECK CCACHE

TARGETS := run test patches series each-patch mutants hermetic coverage base-oops trees alltests selftest
.PHONY: $(TARGETS) help clean

run:
	@harness/run.sh

test:
	@harness/test.sh

patches series each-patch mutants hermetic coverage base-oops trees alltests selftest:
	@harness/$@.sh

help:
	@harness/help.sh

clean:
	rm -rf -- "$(O)"
