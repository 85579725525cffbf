// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libnfcfault.so - fault injection for nfcommit's tests, by LD_PRELOAD.
 *
 * Built only for tests (`make check', or tests/fault/build), never
 * installed; nfcommit's sources know nothing of it.  It does nothing at
 * all unless the process is nfcommit and NFCOMMIT_FAULT is set:
 *
 *   NFCOMMIT_FAULT=KIND:N[:ERRNO]  the N-th call (from 1) of that kind
 *                                  fails with a realistic errno (or ERRNO,
 *                                  a number or a name such as EIO)
 *   NFCOMMIT_FAULT=KIND:count      nothing fails; at exit the number of
 *                                  calls of that kind is printed
 *   NFCOMMIT_FAULT=all:count       the same for every kind
 *   NFCOMMIT_FAULT_LOG=FILE        where the counts and the one injected
 *                                  fault are written (appended), instead
 *                                  of standard error
 *
 * Kinds, and the errno each fails with by default:
 *
 *   kernel  x_tables get/setsockopt (IPT_SO_* and IP6T_SO_*) on raw IP
 *           sockets, ENOMEM; send, sendto, sendmsg on netlink sockets,
 *           ENOBUFS; recv, recvfrom, recvmsg on netlink sockets, ENOMEM.
 *           Sockets are told apart by what socket() made them.
 *   alloc   malloc, calloc, realloc (libc's own internal ones included),
 *           ENOMEM.  libxtables exits on a failed allocation: that is an
 *           outcome the tests accept as long as nothing is half done.
 *   write   write, pwrite, writev on regular files, and fflush or fclose
 *           of a stdio stream on a regular file with data to write,
 *           ENOSPC.  A failing stream writes into /dev/full for that one
 *           call, so stdio sees a real ENOSPC and drops the data as it
 *           would.  stdio's own flushes of a full buffer are not seen:
 *           the tests keep their rulesets smaller than one buffer.
 *   fsync   fsync, fdatasync, EIO.
 *   rename  rename, renameat, renameat2, EIO.
 *
 * One count is shared by nfcommit and the processes it forks (the parser
 * of the other family, the save child), so N numbers the calls of the
 * whole command.  Programs it executes (the guardian, modprobe, probes)
 * run without the shim: it takes itself out of their environment.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <netinet/in.h>

/* IPT_SO_SET_REPLACE .. IPT_SO_GET_REVISION_TARGET, IPv4 and IPv6 alike */
#define XT_SO_FIRST 64
#define XT_SO_LAST 69
#define MAX_FDS 4096

enum kind { K_KERNEL, K_ALLOC, K_WRITE, K_FSYNC, K_RENAME, K_N };

static const char *const kind_names[K_N] = { "kernel", "alloc", "write",
					     "fsync", "rename" };

enum sock { S_OTHER, S_NETLINK, S_XT };

struct shared {
	unsigned long calls[K_N];
	int injected;
};

static struct shared *sh; /* NULL: inert */
static pid_t top_pid;
static int target = -1;   /* kind, or K_N for all (count mode) */
static unsigned long nth; /* 0: count mode */
static int forced_errno;
static unsigned char socks[MAX_FDS];
static int busy; /* the shim's own calls are not counted */

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

#define REAL(name) real_##name
#define DECLARE(ret, name, ...) static ret (*real_##name)(__VA_ARGS__)

DECLARE(int, socket, int, int, int);
DECLARE(int, close, int);
DECLARE(int, setsockopt, int, int, int, const void *, socklen_t);
DECLARE(int, getsockopt, int, int, int, void *, socklen_t *);
DECLARE(ssize_t, send, int, const void *, size_t, int);
DECLARE(ssize_t, sendto, int, const void *, size_t, int,
	const struct sockaddr *, socklen_t);
DECLARE(ssize_t, sendmsg, int, const struct msghdr *, int);
DECLARE(ssize_t, recv, int, void *, size_t, int);
DECLARE(ssize_t, recvfrom, int, void *, size_t, int, struct sockaddr *,
	socklen_t *);
DECLARE(ssize_t, recvmsg, int, struct msghdr *, int);
DECLARE(ssize_t, write, int, const void *, size_t);
DECLARE(ssize_t, pwrite, int, const void *, size_t, off_t);
DECLARE(ssize_t, pwrite64, int, const void *, size_t, off_t);
DECLARE(ssize_t, writev, int, const struct iovec *, int);
DECLARE(int, fflush, FILE *);
DECLARE(int, fclose, FILE *);
DECLARE(int, fsync, int);
DECLARE(int, fdatasync, int);
DECLARE(int, rename, const char *, const char *);
DECLARE(int, renameat, int, const char *, int, const char *);
DECLARE(int, renameat2, int, const char *, int, const char *, unsigned int);

/* Resolved on first use too: another library's constructor may call
 * before ours ran. */
#define RESOLVE(name)                                                        \
	do {                                                                 \
		if (!real_##name)                                            \
			*(void **)&real_##name = dlsym(RTLD_NEXT, #name);    \
	} while (0)

/* Everything up front, before counting starts: dlsym() itself may
 * allocate, and must not meet an injected failure. */
static void resolve_all(void)
{
	RESOLVE(socket);
	RESOLVE(close);
	RESOLVE(setsockopt);
	RESOLVE(getsockopt);
	RESOLVE(send);
	RESOLVE(sendto);
	RESOLVE(sendmsg);
	RESOLVE(recv);
	RESOLVE(recvfrom);
	RESOLVE(recvmsg);
	RESOLVE(write);
	RESOLVE(pwrite);
	RESOLVE(pwrite64);
	RESOLVE(writev);
	RESOLVE(fflush);
	RESOLVE(fclose);
	RESOLVE(fsync);
	RESOLVE(fdatasync);
	RESOLVE(rename);
	RESOLVE(renameat);
	RESOLVE(renameat2);
}

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Raw system calls only: this runs inside write() and malloc(). */
static void emit(const char *fmt, ...)
{
	const char *log = getenv("NFCOMMIT_FAULT_LOG");
	char line[256];
	va_list ap;
	int n, fd = 2;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	if (log && *log)
		fd = (int)syscall(SYS_openat, AT_FDCWD, log,
				  O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
				  0600);
	if (fd < 0)
		return;
	syscall(SYS_write, fd, line, (size_t)n);
	if (fd != 2)
		syscall(SYS_close, fd);
}

static int errno_named(const char *s)
{
	static const struct {
		const char *name;
		int value;
	} names[] = {
		{ "ENOMEM", ENOMEM }, { "ENOBUFS", ENOBUFS },
		{ "ENOSPC", ENOSPC }, { "EIO", EIO },
		{ "EDQUOT", EDQUOT }, { "EINTR", EINTR },
		{ "EAGAIN", EAGAIN }, { "EPERM", EPERM },
		{ "EINVAL", EINVAL }, { "EROFS", EROFS },
	};
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].value;
	return atoi(s);
}

static bool is_nfcommit(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *base;

	if (n <= 0)
		return false;
	exe[n] = '\0';
	base = strrchr(exe, '/');
	return strcmp(base ? base + 1 : exe, "nfcommit") == 0;
}

__attribute__((constructor)) static void fault_init(void)
{
	const char *spec = getenv("NFCOMMIT_FAULT");
	char kind[16];
	const char *colon, *arg;
	unsigned int i;
	void *p;

	/* Whatever nfcommit executes runs without faults. */
	unsetenv("LD_PRELOAD");
	if (!spec || !*spec || !is_nfcommit())
		return;
	unsetenv("NFCOMMIT_FAULT");
	colon = strchr(spec, ':');
	if (!colon || (size_t)(colon - spec) >= sizeof(kind))
		goto bad;
	memcpy(kind, spec, (size_t)(colon - spec));
	kind[colon - spec] = '\0';
	for (i = 0; i < K_N; i++)
		if (strcmp(kind, kind_names[i]) == 0)
			target = (int)i;
	arg = colon + 1;
	if (strcmp(kind, "all") == 0 && strcmp(arg, "count") == 0)
		target = K_N;
	if (target < 0)
		goto bad;
	if (strncmp(arg, "count", 5) != 0) {
		char *end;

		nth = strtoul(arg, &end, 10);
		if (nth == 0 || target == K_N || (*end && *end != ':'))
			goto bad;
		if (*end == ':')
			forced_errno = errno_named(end + 1);
	}
	resolve_all();
	/* Shared with forked children, so that N counts the whole command. */
	p = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		goto bad;
	top_pid = getpid();
	sh = p;
	return;
bad:
	emit("nfcommit-fault: bad NFCOMMIT_FAULT `%s' (KIND:N[:ERRNO] or KIND:count, KIND one of kernel alloc write fsync rename)\n",
	     spec);
	_exit(125);
}

__attribute__((destructor)) static void fault_report(void)
{
	unsigned int i;

	if (!sh || nth || getpid() != top_pid)
		return;
	for (i = 0; i < K_N; i++)
		if (target == K_N || (int)i == target)
			emit("nfcommit-fault: count %s %lu\n", kind_names[i],
			     sh->calls[i]);
}

/* Count one call of kind k; true when it is the one that fails (errno is
 * set then). */
static bool hit(enum kind k, const char *fn, int err)
{
	unsigned long n;

	if (!sh || busy)
		return false;
	n = __atomic_add_fetch(&sh->calls[k], 1, __ATOMIC_SEQ_CST);
	if (nth == 0 || (int)k != target || n != nth)
		return false;
	err = forced_errno ? forced_errno : err;
	busy++;
	emit("nfcommit-fault: injected %s #%lu: %s() fails with %s (pid %d)\n",
	     kind_names[k], n, fn,
	     strerrorname_np(err) ? strerrorname_np(err) : "?", (int)getpid());
	busy--;
	sh->injected = 1;
	errno = err;
	return true;
}

/* ---- allocations ---------------------------------------------------- */

void *malloc(size_t size)
{
	if (hit(K_ALLOC, "malloc", ENOMEM))
		return NULL;
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	if (hit(K_ALLOC, "calloc", ENOMEM))
		return NULL;
	return __libc_calloc(n, size);
}

void *realloc(void *ptr, size_t size)
{
	if (hit(K_ALLOC, "realloc", ENOMEM))
		return NULL;
	return __libc_realloc(ptr, size);
}

/* ---- kernel calls --------------------------------------------------- */

static enum sock sock_of(int fd)
{
	return fd >= 0 && fd < MAX_FDS ? (enum sock)socks[fd] : S_OTHER;
}

int socket(int domain, int type, int protocol)
{
	int fd;

	RESOLVE(socket);
	fd = REAL(socket)(domain, type, protocol);
	if (fd >= 0 && fd < MAX_FDS)
		socks[fd] = domain == AF_NETLINK ? S_NETLINK
			    : (domain == AF_INET || domain == AF_INET6) &&
					    (type & 0xf) == SOCK_RAW
				    ? S_XT
				    : S_OTHER;
	return fd;
}

int close(int fd)
{
	RESOLVE(close);
	if (fd >= 0 && fd < MAX_FDS)
		socks[fd] = S_OTHER;
	return REAL(close)(fd);
}

static bool xt_opt(int fd, int level, int opt)
{
	return sock_of(fd) == S_XT &&
	       (level == IPPROTO_IP || level == IPPROTO_IPV6) &&
	       opt >= XT_SO_FIRST && opt <= XT_SO_LAST;
}

int setsockopt(int fd, int level, int opt, const void *val, socklen_t len)
{
	RESOLVE(setsockopt);
	if (xt_opt(fd, level, opt) && hit(K_KERNEL, "setsockopt", ENOMEM))
		return -1;
	return REAL(setsockopt)(fd, level, opt, val, len);
}

int getsockopt(int fd, int level, int opt, void *val, socklen_t *len)
{
	RESOLVE(getsockopt);
	if (xt_opt(fd, level, opt) && hit(K_KERNEL, "getsockopt", ENOMEM))
		return -1;
	return REAL(getsockopt)(fd, level, opt, val, len);
}

static bool nl_hit(int fd, const char *fn, int err)
{
	return sock_of(fd) == S_NETLINK && hit(K_KERNEL, fn, err);
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	RESOLVE(send);
	if (nl_hit(fd, "send", ENOBUFS))
		return -1;
	return REAL(send)(fd, buf, len, flags);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen)
{
	RESOLVE(sendto);
	if (nl_hit(fd, "sendto", ENOBUFS))
		return -1;
	return REAL(sendto)(fd, buf, len, flags, to, tolen);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	RESOLVE(sendmsg);
	if (nl_hit(fd, "sendmsg", ENOBUFS))
		return -1;
	return REAL(sendmsg)(fd, msg, flags);
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	RESOLVE(recv);
	if (nl_hit(fd, "recv", ENOMEM))
		return -1;
	return REAL(recv)(fd, buf, len, flags);
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
		 struct sockaddr *from, socklen_t *fromlen)
{
	RESOLVE(recvfrom);
	if (nl_hit(fd, "recvfrom", ENOMEM))
		return -1;
	return REAL(recvfrom)(fd, buf, len, flags, from, fromlen);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	RESOLVE(recvmsg);
	if (nl_hit(fd, "recvmsg", ENOMEM))
		return -1;
	return REAL(recvmsg)(fd, msg, flags);
}

/* ---- writes --------------------------------------------------------- */

static bool regular(int fd)
{
	struct stat st;

	return fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

ssize_t write(int fd, const void *buf, size_t len)
{
	RESOLVE(write);
	if (regular(fd) && hit(K_WRITE, "write", ENOSPC))
		return -1;
	return REAL(write)(fd, buf, len);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	RESOLVE(pwrite);
	if (regular(fd) && hit(K_WRITE, "pwrite", ENOSPC))
		return -1;
	return REAL(pwrite)(fd, buf, len, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	RESOLVE(pwrite64);
	if (regular(fd) && hit(K_WRITE, "pwrite64", ENOSPC))
		return -1;
	return REAL(pwrite64)(fd, buf, len, off);
}

ssize_t writev(int fd, const struct iovec *iov, int n)
{
	RESOLVE(writev);
	if (regular(fd) && hit(K_WRITE, "writev", ENOSPC))
		return -1;
	return REAL(writev)(fd, iov, n);
}

/* A stream about to write to a regular file: the call that puts data on
 * the disk, whichever libc function it is inside. */
static bool stream_hit(FILE *f, const char *fn)
{
	int err = forced_errno ? forced_errno : ENOSPC;

	return f && __fpending(f) > 0 && regular(fileno(f)) &&
	       hit(K_WRITE, fn, err);
}

/* Point the stream's descriptor at /dev/full for one call: stdio then
 * fails exactly as on a full disk. */
static int full_swap(FILE *f)
{
	int fd = fileno(f), saved = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	int full = open("/dev/full", O_WRONLY | O_CLOEXEC);

	if (saved < 0 || full < 0 || dup2(full, fd) < 0) {
		if (full >= 0)
			REAL(close)(full);
		if (saved >= 0)
			REAL(close)(saved);
		return -1;
	}
	REAL(close)(full);
	return saved;
}

int fflush(FILE *f)
{
	int saved, ret, err;

	RESOLVE(fflush);
	RESOLVE(close);
	if (!stream_hit(f, "fflush"))
		return REAL(fflush)(f);
	saved = full_swap(f);
	ret = REAL(fflush)(f);
	err = errno;
	if (saved >= 0) {
		dup2(saved, fileno(f));
		REAL(close)(saved);
	}
	errno = err;
	return ret;
}

int fclose(FILE *f)
{
	int saved, ret, err;

	RESOLVE(fclose);
	RESOLVE(close);
	if (!stream_hit(f, "fclose"))
		return REAL(fclose)(f);
	saved = full_swap(f);
	ret = REAL(fclose)(f);
	err = errno;
	if (saved >= 0)
		REAL(close)(saved);
	errno = err;
	return ret;
}

/* ---- fsync and rename ----------------------------------------------- */

int fsync(int fd)
{
	RESOLVE(fsync);
	if (hit(K_FSYNC, "fsync", EIO))
		return -1;
	return REAL(fsync)(fd);
}

int fdatasync(int fd)
{
	RESOLVE(fdatasync);
	if (hit(K_FSYNC, "fdatasync", EIO))
		return -1;
	return REAL(fdatasync)(fd);
}

int rename(const char *from, const char *to)
{
	RESOLVE(rename);
	if (hit(K_RENAME, "rename", EIO))
		return -1;
	return REAL(rename)(from, to);
}

int renameat(int fd1, const char *from, int fd2, const char *to)
{
	RESOLVE(renameat);
	if (hit(K_RENAME, "renameat", EIO))
		return -1;
	return REAL(renameat)(fd1, from, fd2, to);
}

int renameat2(int fd1, const char *from, int fd2, const char *to,
	      unsigned int flags)
{
	RESOLVE(renameat2);
	if (hit(K_RENAME, "renameat2", EIO))
		return -1;
	return REAL(renameat2)(fd1, from, fd2, to, flags);
}
