# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/hostile.sh - helpers for the hostile-input tests (05NN), sourced
# after lib.sh.
#
#   sanitized          true when $NFCOMMIT is built with AddressSanitizer
#                      (memory bounds are not checked then: ASan's shadow
#                      memory and quarantine inflate them)
#   rss_wrap           makes $TMPD/nfc-rss, a wrapper of $NFCOMMIT that
#                      writes "MAXRSS_KB SECONDS" to $RSS_DIR/$RSS_TAG.rss
#                      (GNU time; RSS_DIR is writable by nobody too)
#   assert_rss TAG MAX_MB WHAT
#                      $RSS_DIR/TAG.rss is below MAX_MB megabytes
#                      (not checked in sanitized builds)

sanitized() {
	ASAN_OPTIONS=help=1 "$NFCOMMIT" --version 2>&1 | grep -q 'AddressSanitizer'
}

RSS_DIR=$TMPD/rss
export RSS_DIR

rss_wrap() {
	require_cmd /usr/bin/time
	mkdir -p "$RSS_DIR"
	chmod 1777 "$RSS_DIR"
	cat >"$TMPD/nfc-rss" <<WRAP
#!/bin/sh
exec /usr/bin/time -f '%M %e' -o "$RSS_DIR/\${RSS_TAG:-last}.rss" "$NFCOMMIT" "\$@"
WRAP
	chmod 755 "$TMPD/nfc-rss"
}

assert_rss() {
	local tag=$1 max=$2 what=$3 kb sec
	if [ ! -s "$RSS_DIR/$tag.rss" ]; then
		fail "$what: no memory measurement ($RSS_DIR/$tag.rss)"
		return 1
	fi
	# GNU time puts "Command exited with non-zero status N" first.
	read -r kb sec < <(tail -n 1 "$RSS_DIR/$tag.rss")
	note "$what: peak RSS $((kb / 1024)) MB in ${sec}s"
	sanitized && return 0
	if [ "$kb" -gt $((max * 1024)) ]; then
		fail "$what: peak RSS $((kb / 1024)) MB, over the documented bound of $max MB"
		return 1
	fi
	return 0
}
