#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault injection into apply (both families, one transaction), legacy and
# nf_tables: after each failure and the recovery of `nfcommit status', the
# live rules are the old or the new ones, the journal says which, and a
# pending transaction has its guardian.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/fault-lib.sh"
fault_setup
fault_rulesets

setup_apply() { load_old; }

check_apply() {
	check_live_journal
	check_armed
	if [ "$RC" -eq 0 ] && [ "$LIVE" != new ]; then
		violation "apply exited 0, but the old rules are live"
	fi
	kill_guardians
}

for backend in ${FAULT_BACKENDS:-legacy nft}; do
	fault_ns_new "$backend"
	fault_refs
	fault_loop "apply/$backend" setup_apply check_apply \
		apply -t 600 --no-prompt -4 "$TMPD/new.v4" -6 "$TMPD/new.v6"
done
fault_summary
finish
