/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Subcommands.  Each returns an exit code from enum nfc_exit; only main()
 * exits.
 */
#ifndef NFC_CMD_H
#define NFC_CMD_H

#include "nfcommit.h"

int cmd_restore(int argc, char **argv);
int cmd_save(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_confirm(int argc, char **argv);
int cmd_rollback(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_guardian(int argc, char **argv);
int cmd_boot(int argc, char **argv);
int cmd_reload(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_panic(int argc, char **argv);
int cmd_flush(int argc, char **argv);
int cmd_config(int argc, char **argv);

/* Shared option helpers. */
int parse_wait(const char *arg, int *wait_s);
void print_try_help(const char *cmd);
/* After getopt: NFC_EXIT_INPUT, with a message, when an argument is left
 * over, else 0. */
int no_more_args(const char *cmd, int argc, char **argv);

#endif
