/* Process guards of the relufiber executable: time and memory budgets, and
 * clean exits on signals.
 *
 * Facts used: (1) FLINT, GMP and jansson route every allocation through
 * replaceable functions (__flint_set_memory_functions,
 * mp_set_memory_functions, json_set_alloc_funcs), so counting the usable
 * size of each block bounds the memory of all exact arithmetic and of the
 * JSON trees, and a failed allocation can end the process with a message
 * and exit status 2 instead of abort(); (2) a signal handler may call only
 * async-signal-safe functions: write, unlink, kill, _exit, raise, signal,
 * so the temporary files and child processes to clean up are kept in fixed
 * tables that the handler only reads.
 *
 * This is the one place with process-wide state: the library has none. */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <gmp.h>
#include <jansson.h>
#include <flint/flint.h>
#include "guard.h"

#define GUARD_SLOTS 16

static char *volatile tmp_paths[GUARD_SLOTS];
static volatile pid_t children[GUARD_SLOTS];
static long long mem_used;               /* bytes (signed: a block allocated
                                            before the hooks may be freed) */
static size_t mem_limit;                 /* bytes; 0: none */
static char time_msg[160], mem_msg[160];
static size_t time_msg_len;

/* ---- cleanup, safe in a signal handler ---------------------------------- */

void rf_cli_guard_cleanup(void)
{
    int k;
    for (k = 0; k < GUARD_SLOTS; k++) {
        char *p = tmp_paths[k];
        pid_t c = children[k];
        if (p != NULL)
            unlink(p);
        if (c > 0)
            kill(c, SIGKILL);
    }
}

static void put(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(2, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t) w;
    }
}

static void on_fatal_signal(int sig)
{
    rf_cli_guard_cleanup();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_alarm(int sig)
{
    (void) sig;
    rf_cli_guard_cleanup();
    put(time_msg, time_msg_len);
    _exit(2);
}

void rf_cli_guard_block(sigset_t *old)
{
    sigset_t all;
    sigemptyset(&all);
    sigaddset(&all, SIGINT);
    sigaddset(&all, SIGTERM);
    sigaddset(&all, SIGHUP);
    sigaddset(&all, SIGQUIT);
    sigaddset(&all, SIGALRM);
    sigprocmask(SIG_BLOCK, &all, old);
}

void rf_cli_guard_unblock(const sigset_t *old)
{
    sigprocmask(SIG_SETMASK, old, NULL);
}

int rf_cli_guard_mkstemp(char *path)
{
    sigset_t mask;
    int fd, e;
    rf_cli_guard_block(&mask);
    fd = mkstemp(path);
    e = errno;
    if (fd >= 0)
        rf_cli_guard_tmp_add(path);
    rf_cli_guard_unblock(&mask);
    errno = e;
    return fd;
}

void rf_cli_guard_tmp_add(const char *path)
{
    int k;
    for (k = 0; k < GUARD_SLOTS; k++)
        if (tmp_paths[k] == NULL) {
            size_t n = strlen(path) + 1;
            char *c = malloc(n);
            if (c == NULL)
                return;
            memcpy(c, path, n);
            tmp_paths[k] = c;
            return;
        }
}

void rf_cli_guard_tmp_remove(const char *path)
{
    int k;
    for (k = 0; k < GUARD_SLOTS; k++)
        if (tmp_paths[k] != NULL && strcmp(tmp_paths[k], path) == 0) {
            char *c = tmp_paths[k];
            tmp_paths[k] = NULL;
            free(c);
            return;
        }
}

void rf_cli_guard_child_add(pid_t pid)
{
    int k;
    for (k = 0; k < GUARD_SLOTS; k++)
        if (children[k] == 0) {
            children[k] = pid;
            return;
        }
}

void rf_cli_guard_child_remove(pid_t pid)
{
    int k;
    for (k = 0; k < GUARD_SLOTS; k++)
        if (children[k] == pid)
            children[k] = 0;
}

/* ---- counted allocation ------------------------------------------------- */

static void out_of_memory(size_t n)
{
    char num[32];
    int k = 0;
    size_t mb = n >> 20;
    rf_cli_guard_cleanup();
    put(mem_msg, strlen(mem_msg));
    /* the size of the failed request, in MB */
    do
        num[k++] = (char) ('0' + mb % 10);
    while ((mb /= 10) > 0 && k < 30);
    put(" (request of ", 13);
    while (k > 0)
        put(num + --k, 1);
    put(" MB)\n", 5);
    _exit(2);
}

static void count(void *p, int sign)
{
    long long s = (long long) malloc_usable_size(p);
    if (sign > 0)
        __atomic_add_fetch(&mem_used, s, __ATOMIC_RELAXED);
    else
        __atomic_sub_fetch(&mem_used, s, __ATOMIC_RELAXED);
}

static void check(size_t n)
{
    size_t lim = mem_limit;
    long long used;
    if (lim == 0)
        return;
    used = __atomic_load_n(&mem_used, __ATOMIC_RELAXED);
    if (n > lim || (used > 0 && (size_t) used > lim - n))
        out_of_memory(n);
}

static void *g_malloc(size_t n)
{
    void *p;
    check(n);
    p = malloc(n ? n : 1);
    if (p == NULL)
        out_of_memory(n);
    count(p, 1);
    return p;
}

static void *g_calloc(size_t a, size_t b)
{
    void *p;
    if (b != 0 && a > (size_t) -1 / b)
        out_of_memory((size_t) -1);
    check(a * b);
    p = calloc(a ? a : 1, b ? b : 1);
    if (p == NULL)
        out_of_memory(a * b);
    count(p, 1);
    return p;
}

static void *g_realloc(void *old, size_t n)
{
    void *p;
    size_t had = old ? malloc_usable_size(old) : 0;
    if (n > had)
        check(n - had);
    p = realloc(old, n ? n : 1);
    if (p == NULL)
        out_of_memory(n);
    __atomic_sub_fetch(&mem_used, (long long) had, __ATOMIC_RELAXED);
    count(p, 1);
    return p;
}

static void g_free(void *p)
{
    if (p == NULL)
        return;
    count(p, -1);
    free(p);
}

static void *gmp_realloc(void *old, size_t had, size_t n)
{
    (void) had;
    return g_realloc(old, n);
}

static void gmp_free(void *p, size_t n)
{
    (void) n;
    g_free(p);
}

/* ---- set-up --------------------------------------------------------------- */

void rf_cli_guard_init(void)
{
    struct sigaction sa;
    int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT}, k;
    __flint_set_memory_functions(g_malloc, g_calloc, g_realloc, g_free);
    mp_set_memory_functions(g_malloc, gmp_realloc, gmp_free);
    json_set_alloc_funcs(g_malloc, g_free);
    snprintf(mem_msg, sizeof(mem_msg), "relufiber: error: out of memory");
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_fatal_signal;
    for (k = 0; k < 4; k++) {
        struct sigaction old;
        /* a signal ignored by the parent (nohup) stays ignored */
        if (sigaction(sigs[k], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[k], &sa, NULL);
    }
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    /* a file size limit (RLIMIT_FSIZE) makes write() fail with EFBIG
       instead of killing the process: the output is then discarded */
    signal(SIGXFSZ, SIG_IGN);
}

int rf_cli_guard_set_time_limit(double s)
{
    struct itimerval it;
    memset(&it, 0, sizeof(it));
    if (!(s >= 0) || s > 1e8)
        return 1;
    time_msg_len = (size_t) snprintf(time_msg, sizeof(time_msg),
                                     "relufiber: unknown: time limit of %g s reached, no answer "
                                     "(exit 2)\n", s);
    if (time_msg_len >= sizeof(time_msg))
        time_msg_len = sizeof(time_msg) - 1;
    if (s == 0)
        return 0;
    it.it_value.tv_sec = (time_t) s;
    it.it_value.tv_usec = (suseconds_t) ((s - (double) (time_t) s) * 1e6);
    if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
        it.it_value.tv_usec = 1;
    return setitimer(ITIMER_REAL, &it, NULL) != 0;
}

double rf_cli_guard_time_left(void)
{
    struct itimerval it;
    if (getitimer(ITIMER_REAL, &it) != 0
        || (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0))
        return -1.0;
    return (double) it.it_value.tv_sec + 1e-6 * (double) it.it_value.tv_usec;
}

int rf_cli_guard_set_memory_limit(double mb)
{
    if (!(mb >= 0) || mb > 1e9)
        return 1;
    mem_limit = (size_t) (mb * 1048576.0);
    if (mb > 0)
        snprintf(mem_msg, sizeof(mem_msg),
                 "relufiber: error: out of memory: memory limit of %g MB reached", mb);
    return 0;
}

size_t rf_cli_guard_memory_used(void)
{
    long long u = __atomic_load_n(&mem_used, __ATOMIC_RELAXED);
    return u > 0 ? (size_t) u : 0;
}

/* A number of seconds or MB: a non-negative decimal. */
static int parse_amount(double *v, const char *s)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return *s == '\0' || *end != '\0' || errno != 0 || !(*v >= 0) || *v > 1e9;
}

/* Commands with a graceful --time-limit of their own: the option stays in
 * argv for them and the guard's timer is a backstop a little later. */
static int own_time_limit(const char *cmd)
{
    return cmd != NULL && strcmp(cmd, "equiv") == 0;
}

int rf_cli_guard_options(int *argc, char **argv)
{
    int i, j = 1;
    const char *cmd = *argc > 1 ? argv[1] : NULL;
    for (i = 1; i < *argc; i++) {
        const char *a = argv[i];
        int is_t = strcmp(a, "--time-limit") == 0, is_m = strcmp(a, "--memory-limit") == 0;
        double v;
        if (strcmp(a, "--") == 0) {
            while (i < *argc)
                argv[j++] = argv[i++];
            break;
        }
        if (!is_t && !is_m) {
            argv[j++] = argv[i];
            continue;
        }
        if (i + 1 >= *argc || parse_amount(&v, argv[i + 1])) {
            fprintf(stderr, "relufiber: %s takes a non-negative number (%s), not '%s'\n", a,
                    is_t ? "seconds" : "megabytes", i + 1 < *argc ? argv[i + 1] : "");
            return 1;
        }
        if (is_m) {
            rf_cli_guard_set_memory_limit(v);
        } else if (own_time_limit(cmd)) {
            rf_cli_guard_set_time_limit(v > 0 ? v * 1.25 + 1 : 0);
            argv[j++] = argv[i];
            argv[j++] = argv[i + 1];
        } else {
            rf_cli_guard_set_time_limit(v);
        }
        i++;
    }
    argv[j] = NULL;
    *argc = j;
    return 0;
}
