# SPDX-License-Identifier: GPL-2.0
# The two commands: "make run" and "make test". See README.md.

# Where the assembled tree, kunit.py's build and the results go.
O ?= $(CURDIR)/build
export O KERNEL_SRC CACHE_DIR MIRROR KUNIT_ARGS

.PHONY: run test series mutants clean

run:
	@harness/run.sh

test:
	@harness/test.sh

series:
	@harness/series.sh

mutants:
	@harness/mutants.sh

clean:
	rm -rf -- "$(O)"
