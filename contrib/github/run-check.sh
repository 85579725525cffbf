#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The check step of the GitHub Action (action.yml): run `nfcommit check'
# on the IPv4 and IPv6 files named in INPUT_IPV4 and INPUT_IPV6 (blank
# separated, globs allowed) with --format=github, so that GitHub shows
# each finding on its line, and with INPUT_SARIF set, write a SARIF report
# there too.  INPUT_WERROR=true fails on warnings; INPUT_ARGS adds
# options.  NFCOMMIT names the binary (default: nfcommit on the PATH).
# Exits with check's status: 0 clean, 1 findings, 2 usage or unreadable.
set -u
nfcommit=${NFCOMMIT:-nfcommit}
args=()
files=0

# shellcheck disable=SC2206 # word splitting and globbing wanted
v4=(${INPUT_IPV4:-})
# shellcheck disable=SC2206
v6=(${INPUT_IPV6:-})
if [ ${#v4[@]} -gt 0 ]; then
	args+=(-4 "${v4[@]}")
	files=$((files + ${#v4[@]}))
fi
if [ ${#v6[@]} -gt 0 ]; then
	args+=(-6 "${v6[@]}")
	files=$((files + ${#v6[@]}))
fi
if [ "$files" -eq 0 ]; then
	echo "::error::nfcommit check: name the rules files with the ipv4 and ipv6 inputs"
	exit 2
fi
opts=()
[ "${INPUT_WERROR:-false}" = true ] && opts+=(--werror)
# shellcheck disable=SC2206 # options are words
[ -n "${INPUT_ARGS:-}" ] && opts+=(${INPUT_ARGS})

if [ -n "${INPUT_SARIF:-}" ]; then
	"$nfcommit" check --format=sarif "${opts[@]}" "${args[@]}" >"$INPUT_SARIF"
	# Its status is the same as the run below.
fi
"$nfcommit" check --format=github "${opts[@]}" "${args[@]}"
rc=$?
case $rc in
0) echo "nfcommit check: $files file(s), no errors" ;;
1) echo "nfcommit check: findings at or above the threshold (see the annotations)" ;;
*) echo "nfcommit check: usage error or unreadable file (exit $rc)" ;;
esac
exit "$rc"
