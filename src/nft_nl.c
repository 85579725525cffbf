// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/batch.h>
#include <libnftnl/common.h>

#include "nft_nl.h"

/* Dump answers come in skbs of at most 32 KiB; a message never exceeds
 * this. */
#define NFT_NL_RCVBUF (128 * 1024)
/* Batches are built in pages of this size (the kernel takes at most
 * UIO_MAXIOV pages in one sendmsg). */
#define NFT_BATCH_PAGE (2 * 1024 * 1024)
/* Room for the failures of one batch: each comes in its own skb. */
#define NFT_ERR_ROOM 1024
#define NFT_ERR_MAX_MSGS 4096
#define NFT_RCVBUF_BASE (256 * 1024)

int nft_nl_open(struct nft_nl *s, char *msg, size_t msglen)
{
	int one = 1;

	memset(s, 0, sizeof(*s));
	s->buf = malloc(NFT_NL_RCVBUF);
	s->nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!s->buf || !s->nl ||
	    mnl_socket_bind(s->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		snprintf(msg, msglen, "cannot open a netlink socket to nf_tables: %s",
			 strerror(errno));
		nft_nl_close(s);
		return -errno;
	}
	s->portid = mnl_socket_get_portid(s->nl);
	s->seq = 1;
	/* Failures quote only the header of the failed message, and say in
	 * words what was wrong where the kernel can. */
	mnl_socket_setsockopt(s->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	return 0;
}

void nft_nl_close(struct nft_nl *s)
{
	if (s->nl)
		mnl_socket_close(s->nl);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

struct nlmsghdr *nft_nl_request(struct nft_nl *s, char *buf, uint16_t type,
				uint16_t family, uint16_t flags)
{
	memset(buf, 0, NFT_NL_REQ_MAX); /* libmnl leaves attribute padding */
	return nftnl_nlmsg_build_hdr(buf, type, family, flags, s->seq++);
}

static int error_of(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
		return -EBADMSG;
	return e->error;
}

/* Run cb over the messages of one receive; 1 when the answer is
 * complete, 0 when more is to come, or -errno. */
static int run_msgs(struct nft_nl *s, int len, uint32_t seq, mnl_cb_t cb,
		    void *data)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)s->buf;

	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		if (!mnl_nlmsg_portid_ok(nlh, s->portid) ||
		    !mnl_nlmsg_seq_ok(nlh, seq))
			continue; /* a late answer to something else */
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			return -EINTR;
		if (nlh->nlmsg_type == NLMSG_DONE)
			return 1;
		if (nlh->nlmsg_type == NLMSG_ERROR)
			return error_of(nlh) < 0 ? error_of(nlh) : 1;
		if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
			continue;
		if (cb(nlh, data) < MNL_CB_OK)
			return -EBADMSG;
	}
	return 0;
}

int nft_nl_dump(struct nft_nl *s, struct nlmsghdr *req, mnl_cb_t cb,
		void *data)
{
	uint32_t seq = req->nlmsg_seq;
	int ret = 0;

	if (mnl_socket_sendto(s->nl, req, req->nlmsg_len) < 0)
		return -errno;
	while (ret == 0) {
		ssize_t n = mnl_socket_recvfrom(s->nl, s->buf, NFT_NL_RCVBUF);

		if (n < 0)
			return errno == EINTR ? -EAGAIN : -errno;
		ret = run_msgs(s, (int)n, seq, cb, data);
	}
	return ret < 0 ? ret : 0;
}

static int genid_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(a) == NFTA_GEN_ID &&
		    mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			*(uint32_t *)data = ntohl(mnl_attr_get_u32(a));
	}
	return MNL_CB_OK;
}

int nft_nl_genid(struct nft_nl *s, uint32_t *genid)
{
	char buf[NFT_NL_REQ_MAX];
	struct nlmsghdr *req = nft_nl_request(s, buf, NFT_MSG_GETGEN,
					      AF_UNSPEC, NLM_F_ACK);

	*genid = 0;
	return nft_nl_dump(s, req, genid_cb, genid);
}

/*
 * libmnl 1.0.4 does not zero the padding after an attribute: zero the room
 * a message may take before it is built, so no stray heap bytes reach the
 * kernel.  Only just ahead of the messages (not whole pages): zeroing is
 * writing, and untouched memory costs nothing.
 */
static void zero_ahead(struct nft_batch *bt)
{
	char *at = nftnl_batch_buffer(bt->nb);

	if (at < bt->zlo || at > bt->zhi) /* a new page */
		bt->zlo = bt->zhi = at;
	if (bt->zhi < at + NFT_BATCH_MSG_MAX) {
		memset(bt->zhi, 0, (size_t)(at + NFT_BATCH_MSG_MAX - bt->zhi));
		bt->zhi = at + NFT_BATCH_MSG_MAX;
	}
}

int nft_batch_init(struct nft_batch *bt, struct nft_nl *s)
{
	struct nlmsghdr *nlh;
	struct nlattr *a;

	memset(bt, 0, sizeof(*bt));
	bt->nb = nftnl_batch_alloc(NFT_BATCH_PAGE, NFT_BATCH_MSG_MAX);
	if (!bt->nb)
		return -ENOMEM;
	zero_ahead(bt);
	bt->seq0 = s->seq;
	nlh = nftnl_batch_begin(nftnl_batch_buffer(bt->nb), bt->seq0);
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, NFTA_GEN_ID, 0);
	bt->genid = mnl_attr_get_payload(a);
	bt->bytes = nlh->nlmsg_len;
	s->seq = bt->seq0 + 1;
	if (nftnl_batch_update(bt->nb) < 0) {
		nft_batch_free(bt);
		return -ENOMEM;
	}
	return 0;
}

void nft_batch_free(struct nft_batch *bt)
{
	if (bt->nb)
		nftnl_batch_free(bt->nb);
	free(bt->tags);
	memset(bt, 0, sizeof(*bt));
}

struct nlmsghdr *nft_batch_msg(struct nft_batch *bt, uint16_t type,
			       uint16_t family, uint16_t flags, uint32_t tag)
{
	if (bt->nmsgs == bt->tags_cap) {
		uint32_t cap = bt->tags_cap ? bt->tags_cap * 2 : 1024;
		uint32_t *v = realloc(bt->tags, cap * sizeof(*v));

		if (!v)
			return NULL;
		bt->tags = v;
		bt->tags_cap = cap;
	}
	bt->tags[bt->nmsgs] = tag;
	zero_ahead(bt);
	return nftnl_nlmsg_build_hdr(nftnl_batch_buffer(bt->nb), type, family,
				     flags, bt->seq0 + 1 + bt->nmsgs);
}

int nft_batch_next(struct nft_batch *bt)
{
	const struct nlmsghdr *nlh = nftnl_batch_buffer(bt->nb);

	bt->bytes += NLMSG_ALIGN(nlh->nlmsg_len);
	bt->nmsgs++;
	return nftnl_batch_update(bt->nb) < 0 ? -ENOMEM : 0;
}

static int set_buf(int fd, int opt, int size)
{
	return setsockopt(fd, SOL_SOCKET, opt, &size, sizeof(size));
}

static void grow_buffers(struct nft_nl *s, struct nft_batch *bt)
{
	int fd = mnl_socket_get_fd(s->nl);
	size_t want = bt->bytes + NFT_NL_RCVBUF;
	uint32_t msgs = bt->nmsgs < NFT_ERR_MAX_MSGS ? bt->nmsgs
						      : NFT_ERR_MAX_MSGS;
	int snd = want > INT32_MAX / 2 ? INT32_MAX / 2 : (int)want;
	int rcv = NFT_RCVBUF_BASE + (int)msgs * NFT_ERR_ROOM;

	/* FORCE needs CAP_NET_ADMIN, which a writer has; the plain option
	 * is capped by net.core.[rw]mem_max but better than nothing. */
	if (snd > s->sndbuf && (set_buf(fd, SO_SNDBUFFORCE, snd) == 0 ||
				set_buf(fd, SO_SNDBUF, snd) == 0))
		s->sndbuf = snd;
	if (rcv > s->rcvbuf && (set_buf(fd, SO_RCVBUFFORCE, rcv) == 0 ||
				set_buf(fd, SO_RCVBUF, rcv) == 0))
		s->rcvbuf = rcv;
}

static const char *ext_ack_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*e);
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	mnl_attr_for_each(a, nlh, off) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			return mnl_attr_get_str(a);
	}
	return NULL;
}

struct drain {
	struct nft_batch *bt;
	nft_err_cb on_err;
	void *arg;
	int first;   /* first failure */
	bool restart;
};

static void on_error_msg(struct drain *dr, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	uint32_t seq = e->msg.nlmsg_seq, tag = NFT_TAG_BATCH;
	int err = error_of(nlh);

	if (err == 0)
		return;
	if (seq > dr->bt->seq0 && seq - dr->bt->seq0 - 1 < dr->bt->nmsgs)
		tag = dr->bt->tags[seq - dr->bt->seq0 - 1];
	if (err == -ERESTART && tag == NFT_TAG_BATCH) {
		dr->restart = true;
		return;
	}
	if (!dr->first)
		dr->first = err;
	if (dr->on_err)
		dr->on_err(dr->arg, tag, err, ext_ack_msg(nlh));
}

/* The kernel handles the batch inside sendmsg(): by the time it returns,
 * every failure is queued on the socket. */
static int drain_errors(struct nft_nl *s, struct drain *dr)
{
	int fd = mnl_socket_get_fd(s->nl);

	for (;;) {
		ssize_t n = recv(fd, s->buf, NFT_NL_RCVBUF, MSG_DONTWAIT);
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)s->buf;
		int len = (int)n;

		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0 && errno == ENOBUFS) {
			/* More failures than room: the first ones are in. */
			if (!dr->first)
				dr->first = -ENOBUFS;
			continue;
		}
		if (n < 0)
			return -errno;
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len))
			if (nlh->nlmsg_type == NLMSG_ERROR)
				on_error_msg(dr, nlh);
	}
}

/*
 * The batch went in, but its replies could not be read: the kernel has
 * already decided, and only the generation tells what.  A committed batch
 * moved it on by one; an aborted one left it where it was.
 */
static int outcome_by_genid(struct nft_nl *s, uint32_t genid, int recv_err)
{
	uint32_t now;

	if (nft_nl_genid(s, &now) < 0)
		return recv_err;
	return now == genid + 1 ? 0 : recv_err;
}

int nft_batch_send(struct nft_nl *s, struct nft_batch *bt, uint32_t genid,
		   bool commit, nft_err_cb on_err, void *arg)
{
	static const struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct drain dr = { .bt = bt, .on_err = on_err, .arg = arg };
	uint32_t be = htonl(genid);
	struct msghdr mh = { 0 };
	struct iovec *iov;
	int niov, ret;

	if (commit && !bt->ended) {
		struct nlmsghdr *nlh;

		zero_ahead(bt);
		nlh = nftnl_batch_end(nftnl_batch_buffer(bt->nb),
				      bt->seq0 + 1 + bt->nmsgs);

		bt->bytes += nlh->nlmsg_len;
		if (nftnl_batch_update(bt->nb) < 0)
			return -ENOMEM;
		bt->ended = true;
	}
	if (!commit && bt->ended)
		return -EINVAL; /* END cannot be taken back */
	memcpy(bt->genid, &be, sizeof(be));
	niov = nftnl_batch_iovec_len(bt->nb);
	iov = calloc((size_t)niov, sizeof(*iov));
	if (!iov)
		return -ENOMEM;
	nftnl_batch_iovec(bt->nb, iov, (uint32_t)niov);
	grow_buffers(s, bt);
	mh.msg_name = (void *)&kernel;
	mh.msg_namelen = sizeof(kernel);
	mh.msg_iov = iov;
	mh.msg_iovlen = (size_t)niov;
	ret = sendmsg(mnl_socket_get_fd(s->nl), &mh, 0) < 0 ? -errno : 0;
	free(iov);
	if (ret == 0)
		ret = drain_errors(s, &dr);
	if (ret < 0 && commit && !dr.first && !dr.restart)
		ret = outcome_by_genid(s, genid, ret);
	if (ret == 0 && dr.restart)
		ret = -ERESTART;
	if (ret == 0)
		ret = dr.first;
	return ret;
}
