#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Check that every tool the build needs is there; as root, install the
# missing ones from Debian's archive, otherwise print the command that would.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# command-or-file  debian-package
needs=(
	"gcc gcc"
	"make make"
	"flex flex"
	"bison bison"
	"bc bc"
	"perl perl"
	"python3 python3"
	"xz xz-utils"
	"git git"
	"patch patch"
	"apt-get apt"
	# the compiler cache every build shares (harness/lib.sh)
	"ccache ccache"
	"dpkg-deb dpkg"
	"/usr/include/libelf.h libelf-dev"
	"/usr/include/gelf.h libelf-dev"
	# checkpatch.pl's SPDX check, run with Debian's python3
	"py:ply python3-ply"
	"py:git python3-git"
	# the QEMU configurations of harness/plan.conf
	"qemu-system-x86_64 qemu-system-x86"
	"qemu-system-aarch64 qemu-system-arm"
	"aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu"
	# the module run's initramfs: a busybox that needs no libraries
	"pkg:busybox-static busybox-static"
	# make coverage
	"lcov lcov"
	# make each-patch: C=1
	"sparse sparse"
	# make test's self-test of the scripts
	"shellcheck shellcheck"
)

missing=()
for n in "${needs[@]}"; do
	what=${n% *} pkg=${n#* }
	case $what in
	py:*) /usr/bin/python3 -c "import ${what#py:}" 2>/dev/null && continue ;;
	pkg:*) dpkg-query -W -f='${Status}' "${what#pkg:}" 2>/dev/null | grep -q ' installed$' && continue ;;
	/*) [ -e "$what" ] && continue ;;
	*) command -v "$what" >/dev/null 2>&1 && continue ;;
	esac
	say "missing: $what (Debian package $pkg)"
	case " ${missing[*]-} " in *" $pkg "*) ;; *) missing+=("$pkg") ;; esac
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	die "build tools are missing; install them with:
  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
fi

mkdir -p "$O_TOP"
log=$O_TOP/apt-install.log
say "installing ${missing[*]} (log: $log)"
if ! { apt-get update && DEBIAN_FRONTEND=noninteractive \
	apt-get install -y --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
	tail -n 5 "$log" >&2
	die "could not install ${missing[*]}; see $log"
fi
