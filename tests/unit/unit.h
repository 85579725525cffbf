/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal unit-test harness: CHECK records a failure with its line and
 * goes on; main() returns non-zero when any check failed.
 */
#ifndef NFC_UNIT_H
#define NFC_UNIT_H

#include <stdio.h>
#include <string.h>

static unsigned int unit_checks, unit_failures;

#define CHECK(cond)                                                        \
	do {                                                               \
		unit_checks++;                                             \
		if (!(cond)) {                                             \
			unit_failures++;                                   \
			fprintf(stderr, "%s:%d: check failed: %s\n",       \
				__FILE__, __LINE__, #cond);                \
		}                                                          \
	} while (0)

#define CHECK_STR(a, b)                                                    \
	do {                                                               \
		const char *a_ = (a), *b_ = (b);                           \
		unit_checks++;                                             \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                   \
			unit_failures++;                                   \
			fprintf(stderr, "%s:%d: `%s' != `%s'\n", __FILE__, \
				__LINE__, a_ ? a_ : "(null)",              \
				b_ ? b_ : "(null)");                       \
		}                                                          \
	} while (0)

static inline int unit_report(const char *name)
{
	printf("%s: %u checks, %u failed\n", name, unit_checks,
	       unit_failures);
	return unit_failures ? 1 : 0;
}

#endif
