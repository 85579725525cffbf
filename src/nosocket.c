// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "nfcommit.h"
#include "nosocket.h"

/* The architecture the filter checks for: a system call number means
 * something else under another ABI, which the filter lets through. */
#if defined(__x86_64__) && !defined(__ILP32__)
#define NOSOCKET_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NOSOCKET_ARCH AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define NOSOCKET_ARCH AUDIT_ARCH_RISCV64
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NOSOCKET_ARCH AUDIT_ARCH_PPC64LE
#elif defined(__s390x__)
#define NOSOCKET_ARCH AUDIT_ARCH_S390X
#endif

int nosocket_install(void)
{
#if defined(NOSOCKET_ARCH) && defined(__NR_socket)
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NOSOCKET_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = (unsigned short)NFC_ARRAY_SIZE(code),
		.filter = code,
	};

	/* Unprivileged processes may filter themselves only like this. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		return -errno;
	return 0;
#else
	return -ENOSYS;
#endif
}
