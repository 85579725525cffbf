#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault injection into confirm of an apply --persist, legacy and nf_tables:
# the live rules are the old or the new ones and the journal says which;
# the boot files are the old or the new complete files, the previous
# generation the old one.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/fault-lib.sh"
fault_setup
fault_rulesets

setup_confirm() {
	load_old
	reset_persisted "$TMPD/persist"
	apply_new --persist
}

check_confirm() {
	check_live_journal
	check_armed
	check_persisted "$TMPD/persist"
	if [ "$RC" -eq 0 ] && [ "$LIVE" != new ]; then
		violation "confirm exited 0, but the old rules are live"
	fi
	if [ "$RC" -eq 0 ]; then
		check_file "$TMPD/persist/rules.v4" new.v4
		check_file "$TMPD/persist/rules.v6" new.v6
	fi
	kill_guardians
}

for backend in ${FAULT_BACKENDS:-legacy nft}; do
	fault_ns_new "$backend"
	fault_refs
	fault_loop "confirm/$backend" setup_confirm check_confirm confirm
done
fault_summary
finish
