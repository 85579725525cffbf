#!/bin/bash
# The apply tests that matter most, again on the nf_tables backend, where
# apply keeps the old rules behind a marker and rolls back with one small
# batch (src/nft_stage.h), the snapshot being the fallback.
. "$(dirname "$0")/../lib.sh"
require_nfcommit
require_netns
command -v iptables-nft-save >/dev/null || skip "no iptables-nft-save"
for t in 0600-apply-timeout 0603-apply-kill-guardian 0605-apply-concurrent 0607-apply-dual-stack 0608-apply-ssh 0611-apply-reboot; do
	APPLY_BACKEND=nft bash "$TESTS_DIR/integration/$t.sh" >"$TMPD/$t.log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$t on nft (exit $rc)"
		show_file "$t" "$TMPD/$t.log" 30
	fi
done
finish
