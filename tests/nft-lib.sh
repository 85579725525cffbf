# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/nft-lib.sh - helpers for the nf_tables backend tests (02NN).
# Source after lib.sh.  Everything that loads rules runs inside in_netns.

NFT_RESTORE4=${NFT_RESTORE4:-iptables-nft-restore}
NFT_SAVE4=${NFT_SAVE4:-iptables-nft-save}
NFT_RESTORE6=${NFT_RESTORE6:-ip6tables-nft-restore}
NFT_SAVE6=${NFT_SAVE6:-ip6tables-nft-save}
export NFT_RESTORE4 NFT_SAVE4 NFT_RESTORE6 NFT_SAVE6

# The snapshot helper (built with the unit tests), next to nfcommit's
# build directory.
SNAPTOOL=${SNAPTOOL:-$(dirname "$NFCOMMIT")/../tests/unit/test_snapshot_nft}
export SNAPTOOL

require_nft_ref() {
	require_root
	require_netns
	require_cmd nft
	local c
	for c in "$NFT_RESTORE4" "$NFT_SAVE4" "$NFT_RESTORE6" "$NFT_SAVE6"; do
		require_cmd "$c"
	done
}

# nft_save FAM [OPTIONS]: the reference iptables-nft-save, comment lines
# left out.
nft_save() {
	local fam=$1
	shift
	if [ "$fam" = 6 ]; then "$NFT_SAVE6" "$@"; else "$NFT_SAVE4" "$@"; fi 2>/dev/null |
		grep -v '^#' || true
}
export -f nft_save

# nft_ruleset: `nft list ruleset`, and its expressions with the rule
# handles (the last word of a rule's header line) left out.
nft_ruleset() {
	nft list ruleset 2>/dev/null
	nft --debug=netlink list ruleset 2>/dev/null |
		sed -E 's/^((ip|ip6) [^ ]+ [^ ]+)( [0-9]+)+$/\1/'
}
export -f nft_ruleset

ref_restore_cmd() {
	if [ "$1" = 6 ]; then echo "$NFT_RESTORE6"; else echo "$NFT_RESTORE4"; fi
}
