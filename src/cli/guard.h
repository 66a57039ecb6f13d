/* relufiber CLI: process guards (guard.c). Budgets: --time-limit S (wall
 * clock; on expiry: "unknown", exit 2) and --memory-limit MB (bytes held by
 * FLINT, GMP and jansson; on excess: error, exit 2), accepted by every
 * command; every out-of-memory of those allocators is a clean exit 2, never
 * an abort. Signals (INT, TERM, HUP, QUIT) and expiry remove the registered
 * temporary files and kill the registered child processes. */
#ifndef RELUFIBER_CLI_GUARD_H
#define RELUFIBER_CLI_GUARD_H

#include <stddef.h>
#include <signal.h>
#include <sys/types.h>

/* Install the allocator hooks and signal handlers (once, first in main). */
void rf_cli_guard_init(void);
/* Remove --time-limit S and --memory-limit MB from argv[1..] (up to a
 * "--") and apply them; a command with a --time-limit of its own (equiv)
 * keeps the option and gets a backstop timer. 0, or 1 after an error
 * message. */
int rf_cli_guard_options(int *argc, char **argv);
/* Arm the wall-clock limit (0: none; 1 on a bad value). */
int rf_cli_guard_set_time_limit(double seconds);
/* Seconds left of the wall-clock limit, or -1 when none is armed. */
double rf_cli_guard_time_left(void);
/* The memory limit in MB (0: none; 1 on a bad value). */
int rf_cli_guard_set_memory_limit(double mb);
/* Bytes currently held through the hooked allocators. */
size_t rf_cli_guard_memory_used(void);

/* Temporary files and children to clean up on a signal or expiry. */
void rf_cli_guard_tmp_add(const char *path);
void rf_cli_guard_tmp_remove(const char *path);
void rf_cli_guard_child_add(pid_t pid);
void rf_cli_guard_child_remove(pid_t pid);
/* Hold the cleanup signals (INT, TERM, HUP, QUIT, ALRM) while a temporary
 * file is created and registered, or unregistered and renamed, so that no
 * signal falls between the two steps; unblock restores the old mask. */
void rf_cli_guard_block(sigset_t *old);
void rf_cli_guard_unblock(const sigset_t *old);
/* mkstemp(path) with the file registered for cleanup, signals held between
 * the two steps; returns the descriptor or -1 (errno set). */
int rf_cli_guard_mkstemp(char *path);
/* Remove the files, kill the children (async-signal-safe). */
void rf_cli_guard_cleanup(void);

#endif
