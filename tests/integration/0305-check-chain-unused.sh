#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check NFC014: user chains no packet reaches.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/check-lib.sh"
require_check_env

check_expect_all 'NFC014-*'

finish
