#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fetch the base kernel's Debian binary package into the download cache,
# without root: apt runs on a private state directory whose sources list
# uses the mirror URI of the machine's own apt configuration (or $MIRROR),
# with the suite changed. Prints the path of the verified .deb.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ -n "${FETCH_CONF:-}" ] || base_setup

conf=${FETCH_CONF:-$BASE_CONF}
[ -r "$conf" ] || die "no base configuration $conf"
. "$conf"

debs=$CACHE_DIR/debs
mkdir -p "$debs"

# A .deb lands in $debs only after apt verified it (see below), so what is
# there can be trusted without the network.
cached=$debs/${PACKAGE}_${VERSION/:/%3a}_all.deb
if [ -s "$cached" ]; then
	say "base: $PACKAGE $VERSION (cached: $cached)"
	echo "$cached"
	exit 0
fi

mirror_uri() {
	local want=$1
	# One line per configured index target: URI and suite.
	apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
	while read -r uri rel; do
		case $want:$rel in
		debian-security:*-security | debian:*) ;;
		*) continue ;;
		esac
		[ "$want" = debian ] && [ "${rel%-security}" != "$rel" ] && continue
		echo "$uri"
		break
	done
}

uri=${MIRROR:-$(mirror_uri "$ARCHIVE")}
[ -n "$uri" ] || die "no $ARCHIVE archive in this machine's apt configuration; set MIRROR=<archive URI>"

state=$CACHE_DIR/apt
mkdir -p "$state/lists/partial" "$state/archives/partial"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
opt=
[ -r "$keyring" ] && opt="[signed-by=$keyring] "
printf 'deb %s%s %s main\n' "$opt" "$uri" "$SUITE" >"$state/sources.list"

apt_opts=(
	-o "Dir::Etc::SourceList=$state/sources.list"
	-o "Dir::Etc::SourceParts=$state/sources.list.d"
	-o "Dir::State=$state"
	-o "Dir::State::Lists=$state/lists"
	-o "Dir::State::status=/dev/null"
	-o "Dir::Cache=$state"
	-o "Dir::Cache::Archives=$state/archives"
	-o "Debug::NoLocking=1"
)
# apt drops privileges to _apt for downloads; as root into a private
# directory that user cannot write, so download as the caller.
[ "$(id -u)" -eq 0 ] && apt_opts+=(-o "APT::Sandbox::User=root")

log=$CACHE_DIR/apt.log
say "base: looking up $PACKAGE in $SUITE (log: $log)"
# apt-get update exits 0 on some fetch failures; its log says "Err:".
if ! apt-get "${apt_opts[@]}" update >"$log" 2>&1 || grep -q '^Err:' "$log"; then
	tail -n 3 "$log" >&2
	die "could not fetch the package lists of $SUITE from $uri; see $log"
fi

versions=$(apt-cache "${apt_opts[@]}" madison "$PACKAGE" 2>>"$log" | awk -F'|' '{gsub(/^ +| +$/, "", $2); print $2}')
[ -n "$versions" ] || die "$PACKAGE is not in $SUITE of the configured $ARCHIVE archive (log: $log)"
if printf '%s\n' "$versions" | grep -qxF "$VERSION"; then
	use=$VERSION
else
	use=$(printf '%s\n' "$versions" | head -n 1)
	say "warning: $PACKAGE $VERSION is gone from $SUITE; using the newest, $use"
	cached=$debs/${PACKAGE}_${use/:/%3a}_all.deb
	if [ -s "$cached" ]; then
		echo "$cached"
		exit 0
	fi
fi

# apt-get download checks the file against the hash in the signed index;
# download into a scratch directory and move it into the cache only then,
# so an interrupted download is never trusted.
tmp=$(mktemp -d "$debs/.download.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && apt-get "${apt_opts[@]}" download "$PACKAGE=$use") >>"$log" 2>&1; then
	tail -n 3 "$log" >&2
	die "could not download $PACKAGE $use; see $log"
fi
deb=$(ls "$tmp"/*.deb)
mv "$deb" "$debs/$(basename "$deb")"
cached=$debs/$(basename "$deb")
say "base: $PACKAGE $use (downloaded: $cached)"
echo "$cached"
