// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Without arguments: unit test of the snapshot file format (no kernel):
 * files that are not whole snapshots are refused, and a snapshot read
 * from a file writes back the same bytes.
 *
 * With arguments it is the integration tests' handle on the snapshot API
 * (nothing else in nfcommit calls it yet); run it only inside a private
 * network namespace:
 *
 *   test_snapshot_nft take FILE FAMILY:TABLE...   (FAMILY ip, ip6, inet...)
 *   test_snapshot_nft restore FILE
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netlink.h>

#include "backend.h"
#include "guard.h"
#include "snapshot_nft.h"
#include "unit.h"

#define MAX_TABLES 32

static int memfd(const void *data, size_t len)
{
	FILE *f = tmpfile();
	int fd;

	if (!f)
		return -1;
	fd = dup(fileno(f));
	fclose(f);
	if (fd >= 0 && (write(fd, data, len) != (ssize_t)len ||
			lseek(fd, 0, SEEK_SET) != 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int read_from(const void *data, size_t len, struct nft_snapshot **s)
{
	int fd = memfd(data, len), ret;

	if (fd < 0)
		return -EIO;
	ret = nft_snapshot_read(fd, s);
	close(fd);
	return ret;
}

/* A file with one table, "filter", holding one (empty) message; the
 * header of that message starts at *msg_at. */
static size_t one_table_file(unsigned char *buf, size_t *msg_at)
{
	struct {
		uint8_t nfproto, exists;
		uint16_t namelen;
		uint32_t pad;
		uint64_t len;
	} t = { NFPROTO_IPV4, 1, 6, 0, sizeof(struct nlmsghdr) };
	struct nlmsghdr msg = { .nlmsg_len = sizeof(struct nlmsghdr) };
	uint32_t n = 1;
	size_t off = 0;

	memcpy(buf + off, "NFCSNAP1", 8);
	off += 8;
	memcpy(buf + off, &n, sizeof(n));
	off += sizeof(n);
	memcpy(buf + off, &t, sizeof(t));
	off += sizeof(t);
	memcpy(buf + off, "filter", 6);
	off += 6;
	*msg_at = off;
	memcpy(buf + off, &msg, sizeof(msg));
	return off + sizeof(msg);
}

static void test_format(void)
{
	unsigned char f[128], back[128];
	struct nft_snapshot *s = NULL;
	struct nft_table_id id;
	struct nlmsghdr msg;
	size_t len, at;
	bool existed;
	int fd;

	len = one_table_file(f, &at);
	CHECK(read_from(f, len, &s) == 0);
	if (!s)
		return;
	CHECK(nft_snapshot_ntables(s) == 1);
	id = nft_snapshot_table(s, 0, &existed);
	CHECK(existed && id.nfproto == NFPROTO_IPV4);
	CHECK_STR(id.name, "filter");
	fd = memfd("", 0);
	CHECK(fd >= 0 && nft_snapshot_write(s, fd) == 0);
	CHECK(lseek(fd, 0, SEEK_SET) == 0 &&
	      read(fd, back, sizeof(back)) == (ssize_t)len);
	CHECK(memcmp(back, f, len) == 0);
	close(fd);
	nft_snapshot_free(s);

	/* a message longer than the data, a wrong magic, a cut file */
	memcpy(&msg, f + at, sizeof(msg));
	msg.nlmsg_len = 64;
	memcpy(f + at, &msg, sizeof(msg));
	s = NULL;
	CHECK(read_from(f, len, &s) == -EPROTO && !s);
	len = one_table_file(f, &at);
	f[0] = 'X';
	CHECK(read_from(f, len, &s) == -EPROTO && !s);
	f[0] = 'N';
	CHECK(read_from(f, len - 4, &s) < 0 && !s);
}

static int family_of(const char *name)
{
	static const struct {
		const char *name;
		uint8_t nfproto;
	} fams[] = {
		{ "ip", NFPROTO_IPV4 },	   { "ip6", NFPROTO_IPV6 },
		{ "inet", NFPROTO_INET },  { "arp", NFPROTO_ARP },
		{ "bridge", NFPROTO_BRIDGE }, { "netdev", NFPROTO_NETDEV },
	};
	unsigned int i;

	for (i = 0; i < NFC_ARRAY_SIZE(fams); i++)
		if (strcmp(fams[i].name, name) == 0)
			return fams[i].nfproto;
	return -1;
}

static int take(struct nfc_backend *b, const char *file, int argc,
		char **argv)
{
	struct nft_table_id ids[MAX_TABLES];
	struct nft_snapshot *s;
	int i, fd, ret;

	if (argc > MAX_TABLES)
		return 2;
	for (i = 0; i < argc; i++) {
		char *colon = strchr(argv[i], ':');
		int f;

		if (!colon)
			return 2;
		*colon = '\0';
		f = family_of(argv[i]);
		if (f < 0)
			return 2;
		ids[i] = (struct nft_table_id){ (uint8_t)f, colon + 1 };
	}
	if (nft_snapshot_take(b, ids, (unsigned int)argc, &s) < 0) {
		fprintf(stderr, "take: %s\n", b->err);
		return 1;
	}
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ret = fd < 0 ? -errno : nft_snapshot_write(s, fd);
	if (fd >= 0 && close(fd) < 0 && ret == 0)
		ret = -errno;
	nft_snapshot_free(s);
	if (ret < 0)
		fprintf(stderr, "take: %s: %s\n", file, strerror(-ret));
	return ret < 0 ? 1 : 0;
}

static int restore(struct nfc_backend *b, const char *file)
{
	struct nft_snapshot *s;
	int fd = open(file, O_RDONLY | O_CLOEXEC), ret;

	ret = fd < 0 ? -errno : nft_snapshot_read(fd, &s);
	if (fd >= 0)
		close(fd);
	if (ret < 0) {
		fprintf(stderr, "restore: %s: %s\n", file, strerror(-ret));
		return 1;
	}
	ret = nft_snapshot_restore(b, s);
	if (ret < 0)
		fprintf(stderr, "restore: %s\n", b->err);
	nft_snapshot_free(s);
	return ret < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct nfc_backend b;
	char msg[512];
	int ret;

	if (argc == 1) {
		test_format();
		return unit_report("test_snapshot_nft");
	}
	if (argc < 3 || guard_check(msg, sizeof(msg)) < 0) {
		fprintf(stderr, "usage: %s take FILE FAMILY:TABLE... | restore FILE (in a private netns)\n",
			argv[0]);
		return 2;
	}
	if (backend_open(&b, "nft") < 0) {
		fprintf(stderr, "%s\n", b.err);
		return 1;
	}
	if (strcmp(argv[1], "take") == 0)
		ret = take(&b, argv[2], argc - 3, argv + 3);
	else if (strcmp(argv[1], "restore") == 0 && argc == 3)
		ret = restore(&b, argv[2]);
	else
		ret = 2;
	backend_close(&b);
	return ret;
}
