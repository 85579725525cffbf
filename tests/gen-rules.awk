# SPDX-License-Identifier: GPL-2.0-or-later
# tests/gen-rules.awk: a valid IPv4 filter table of n rules (awk -v n=N),
# documentation addresses only, four kinds of rules in turn, no two alike
# (up to 50 million).
BEGIN {
	print "*filter"; print ":INPUT ACCEPT [0:0]"; print ":FORWARD ACCEPT [0:0]"; print ":OUTPUT ACCEPT [0:0]"
	split("192.0.2 198.51.100 203.0.113", net, " ")
	for (i = 0; i < n; i++) {
		a = net[int(i / 256) % 3 + 1] "." (i % 256)
		if (i % 4 == 0) printf "-A INPUT -s %s/32 -p tcp -m tcp --dport %d -j ACCEPT\n", a, 1 + int(i / 768) % 65535
		else if (i % 4 == 1) printf "-A FORWARD -d %s/32 -p tcp -m tcp --sport %d -j DROP\n", a, 1 + int(i / 768) % 65535
		else if (i % 4 == 2) printf "-A OUTPUT -d %s/32 -p udp -m udp --sport %d -j REJECT\n", a, 1 + int(i / 768) % 65535
		else printf "-A INPUT -s %s/32 -i eth0 -p udp -m udp --dport %d -j ACCEPT\n", a, 1 + int(i / 768) % 65535
	}
	print "COMMIT"
}
