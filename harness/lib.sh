# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the harness scripts; sourced, not run.

HARNESS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(dirname "$HARNESS_DIR")

# Output directory (O=DIR on make's command line), default build/ here.
O=${O:-$PROJECT_DIR/build}
mkdir -p "$O"
O=$(cd "$O" && pwd)

# Download cache, kept outside O= so that "make clean" does not drop it.
CACHE_DIR=${CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/iommu-probe-kunit}

# Which base the project builds on when no KERNEL_SRC is given.
BASE=${BASE:-7.3}

say() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The assembled tree. With ASSEMBLED=1 the tree at $O/tree is taken as it
# is, without reassembling: make mutants runs with a mutant applied there.
assembled_tree() {
	if [ -n "${ASSEMBLED:-}" ]; then
		echo "$O/tree"
	else
		"$HARNESS_DIR/assemble.sh"
	fi
}
