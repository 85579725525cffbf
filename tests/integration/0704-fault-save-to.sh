#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault injection into save --to (both families), legacy and nf_tables:
# each file is the old or the new complete file (never empty, cut or
# mixed), the previous generation the old one; exit 0 means both are new.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/fault-lib.sh"
fault_setup
fault_rulesets

setup_save() { reset_persisted "$TMPD/saved"; }

check_save() {
	check_persisted "$TMPD/saved"
	if [ "$RC" -eq 0 ]; then
		check_file "$TMPD/saved/rules.v4" new.v4
		check_file "$TMPD/saved/rules.v6" new.v6
	fi
	[ "$(live)" = "$NEW" ] || violation "save changed the live rules"
}

for backend in ${FAULT_BACKENDS:-legacy nft}; do
	fault_ns_new "$backend"
	fault_refs
	nfc restore -4 "$TMPD/new.v4" -6 "$TMPD/new.v6" || bail "loading the new rules failed"
	fault_loop "save/$backend" setup_save check_save \
		save --keep 1 -4 --to "$TMPD/saved/rules.v4" -6 --to "$TMPD/saved/rules.v6"
done
fault_summary
finish
