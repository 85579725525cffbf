#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault injection into restore, legacy and nf_tables backends: every
# kernel call, allocation, write, fsync and rename in turn fails (see
# tests/fault-lib.sh); after each, the live rules are entirely the old or
# entirely the new ones, and the exit status says which.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/fault-lib.sh"
fault_setup
fault_rulesets

setup_restore() { load_old; }

check_restore() {
	local l
	l=$(which_live)
	if [ "$l" = mixed ]; then
		violation "the live ruleset is a mix of the old and the new one"
		show_file "live" "$TMPD/mixed.live" 30
	elif [ "$RC" -eq 0 ] && [ "$l" != new ]; then
		violation "restore exited 0, but the old rules are live"
	elif [ "$RC" -ne 0 ] && [ "$l" != old ] && known_limit; then
		note "$CASE: known limit: exit $RC, but the batch was committed"
		echo "$CASE" >>"$TMPD/known"
	elif [ "$RC" -ne 0 ] && [ "$l" != old ]; then
		violation "restore failed (exit $RC), but the new rules are live"
	fi
}

for backend in ${FAULT_BACKENDS:-legacy nft}; do
	fault_ns_new "$backend"
	fault_refs
	fault_loop "restore/$backend" setup_restore check_restore \
		restore -4 "$TMPD/new.v4" -6 "$TMPD/new.v6"
done
fault_summary
finish
