/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One NETLINK_NETFILTER socket per command, and nf_tables batches on it.
 *
 * A batch is one transaction: BATCH_BEGIN (carrying the ruleset
 * generation it was built against), the messages, BATCH_END.  It goes to
 * the kernel in a single sendmsg(), and no message asks for an ack, so
 * only failures come back; each message carries a caller's tag so that a
 * failure can be traced to the line that caused it.  Without BATCH_END
 * the kernel checks everything and keeps nothing (restore --test).
 */
#ifndef NFC_NFT_NL_H
#define NFC_NFT_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct nftnl_batch;

struct nft_nl {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;    /* next sequence number */
	int sndbuf;      /* socket buffer sizes set so far */
	int rcvbuf;
	char *buf;       /* receive buffer, NFT_NL_RCVBUF bytes */
};

int nft_nl_open(struct nft_nl *s, char *msg, size_t msglen);
void nft_nl_close(struct nft_nl *s);

/* The current ruleset generation.  Returns 0 or -errno. */
int nft_nl_genid(struct nft_nl *s, uint32_t *genid);

/* A request header in buf (at least NFT_NL_REQ_MAX bytes). */
#define NFT_NL_REQ_MAX 1024
struct nlmsghdr *nft_nl_request(struct nft_nl *s, char *buf, uint16_t type,
				uint16_t family, uint16_t flags);

/*
 * Send a dump request and call cb on every object of the answer.
 * Returns 0, -EINTR when the ruleset changed during the dump (start
 * again), -ENOENT when the table or set asked for does not exist, or
 * another -errno.
 */
int nft_nl_dump(struct nft_nl *s, struct nlmsghdr *req, mnl_cb_t cb,
		void *data);

/* Tag of the batch's own BEGIN message: a failure there is about the
 * batch as a whole (another program changed the ruleset: -ERESTART). */
#define NFT_TAG_BATCH UINT32_MAX

struct nft_batch {
	struct nftnl_batch *nb;
	uint32_t seq0;        /* sequence number of BATCH_BEGIN */
	uint32_t nmsgs;       /* messages after BEGIN */
	uint32_t *tags;       /* per message, by seq - seq0 - 1 */
	uint32_t tags_cap;
	unsigned char *genid; /* NFTA_GEN_ID payload in BEGIN */
	size_t bytes;         /* everything queued so far */
	char *zlo, *zhi;      /* zeroed so far in the current page */
	bool ended;
};

int nft_batch_init(struct nft_batch *bt, struct nft_nl *s);
void nft_batch_free(struct nft_batch *bt);

/*
 * Start a message; the caller adds attributes to the returned header and
 * then calls nft_batch_next().  Returns NULL when out of memory.
 */
struct nlmsghdr *nft_batch_msg(struct nft_batch *bt, uint16_t type,
			       uint16_t family, uint16_t flags, uint32_t tag);
int nft_batch_next(struct nft_batch *bt);

/* Room a message may take: what one nfc_rule can grow into. */
#define NFT_BATCH_MSG_MAX (128 * 1024)

typedef void (*nft_err_cb)(void *arg, uint32_t tag, int err,
			   const char *kmsg);

/*
 * Send the batch as built against generation genid; commit false sends
 * it without BATCH_END.  on_err is called for every failure the kernel
 * reports.  Returns 0, -ERESTART when the generation changed (nothing
 * was done; the batch may be sent again with a new genid), or the first
 * -errno reported.  With commit false a successful check also returns 0.
 */
int nft_batch_send(struct nft_nl *s, struct nft_batch *bt, uint32_t genid,
		   bool commit, nft_err_cb on_err, void *arg);

#endif
