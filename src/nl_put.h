/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libmnl's attribute writers, inline: the nf_tables encoder calls them for
 * every attribute of every rule (some 40 a rule), and as calls into a
 * shared library they were a third of a restore's own instructions.  The
 * bytes written are libmnl's, padding included.
 */
#ifndef NFC_NL_PUT_H
#define NFC_NL_PUT_H

#include <stdint.h>
#include <string.h>
#include <libmnl/libmnl.h>

static inline struct nlattr *nl_tail(struct nlmsghdr *nlh)
{
	return (struct nlattr *)((char *)nlh + MNL_ALIGN(nlh->nlmsg_len));
}

static inline void nl_put(struct nlmsghdr *nlh, uint16_t type, size_t len,
			  const void *data)
{
	struct nlattr *a = nl_tail(nlh);
	char *p = (char *)a + MNL_ATTR_HDRLEN;
	size_t alen = MNL_ATTR_HDRLEN + len;

	a->nla_type = type;
	a->nla_len = (uint16_t)alen;
	memcpy(p, data, len);
	memset(p + len, 0, MNL_ALIGN(len) - len);
	nlh->nlmsg_len += (uint32_t)MNL_ALIGN(alen);
}

static inline void nl_put_u16(struct nlmsghdr *nlh, uint16_t type,
			      uint16_t v)
{
	nl_put(nlh, type, sizeof(v), &v);
}

static inline void nl_put_u32(struct nlmsghdr *nlh, uint16_t type,
			      uint32_t v)
{
	nl_put(nlh, type, sizeof(v), &v);
}

static inline void nl_put_u64(struct nlmsghdr *nlh, uint16_t type,
			      uint64_t v)
{
	nl_put(nlh, type, sizeof(v), &v);
}

static inline void nl_put_strz(struct nlmsghdr *nlh, uint16_t type,
			       const char *s)
{
	nl_put(nlh, type, strlen(s) + 1, s);
}

static inline struct nlattr *nl_nest_start(struct nlmsghdr *nlh,
					   uint16_t type)
{
	struct nlattr *a = nl_tail(nlh);

	a->nla_type = NLA_F_NESTED | type;
	nlh->nlmsg_len += MNL_ALIGN(sizeof(struct nlattr));
	return a;
}

static inline void nl_nest_end(struct nlmsghdr *nlh, struct nlattr *start)
{
	start->nla_len = (uint16_t)((char *)nl_tail(nlh) - (char *)start);
}

#endif
