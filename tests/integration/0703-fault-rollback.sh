#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault injection into rollback, legacy and nf_tables: the live rules are
# the old or the new ones, the journal says which, and a transaction that
# is still pending keeps its guardian.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/fault-lib.sh"
fault_setup
fault_rulesets

setup_rollback() {
	load_old
	apply_new
}

check_rollback() {
	check_live_journal
	check_armed
	if [ "$RC" -eq 0 ] && [ "$LIVE" != old ]; then
		violation "rollback exited 0, but the new rules are live"
	fi
	kill_guardians
}

for backend in ${FAULT_BACKENDS:-legacy nft}; do
	fault_ns_new "$backend"
	fault_refs
	fault_loop "rollback/$backend" setup_rollback check_rollback rollback
done
fault_summary
finish
