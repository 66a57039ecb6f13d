/* Running an SMT solver (z3, cvc5) on the equivalence query as a subprocess
 * and reading back its verdict and model; models are re-checked exactly.
 * The query file lives in $TMPDIR (default /tmp); the file and the solver
 * are registered with the guard (guard.h), so that Ctrl-C, SIGTERM or an
 * expired --time-limit removes the one and kills the other. */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <time.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <flint/fmpq_vec.h>
#include "relufiber/export.h"
#include "smt_run.h"
#include "guard.h"
#include "relufiber/rational.h"
#include "relufiber/qvec.h"

static const char *skip_ws(const char *s)
{
    while (*s && isspace((unsigned char) *s))
        s++;
    return s;
}

/* nesting deeper than this is no solver's model: refused, so that hostile
   text cannot exhaust the stack */
#define SMT_MAX_DEPTH 1000

static const char *parse_q(fmpq_t q, const char *s, int depth)
{
    s = skip_ws(s);
    if (depth > SMT_MAX_DEPTH)
        return NULL;
    if (*s == '(') {
        char op;
        s = skip_ws(s + 1);
        op = *s;
        if (op != '-' && op != '/')
            return NULL;
        s++;
        if (op == '-') {
            if ((s = parse_q(q, s, depth + 1)) == NULL)
                return NULL;
            fmpq_neg(q, q);
        } else {
            fmpq_t r;
            fmpq_init(r);
            if ((s = parse_q(q, s, depth + 1)) == NULL || (s = parse_q(r, s, depth + 1)) == NULL
                || fmpq_is_zero(r)) {
                fmpq_clear(r);
                return NULL;
            }
            fmpq_div(q, q, r);
            fmpq_clear(r);
        }
        s = skip_ws(s);
        return *s == ')' ? s + 1 : NULL;
    } else {
        const char *t = s;
        while (isdigit((unsigned char) *t) || *t == '.')
            t++;
        if (t == s || rf_q_parse(q, s, (size_t) (t - s), NULL) != 0)
            return NULL;
        return t;
    }
}

const char *rf_export_smt_parse_q(fmpq_t q, const char *s)
{
    return parse_q(q, s, 0);
}

int rf_cli_smt_solver_available(rf_cli_smt_solver_t solver)
{
    const char *cmd = solver == RF_SMT_Z3 ? "command -v z3 >/dev/null 2>&1"
                                          : "command -v cvc5 >/dev/null 2>&1";
    return system(cmd) == 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

char *rf_cli_run_capture(char *const *argv, double timeout_s, int *timed_out)
{
    char *buf;
    size_t len = 0, cap = 4096;
    int fds[2], st;
    pid_t pid;
    sigset_t mask;
    double deadline = timeout_s > 0 ? now_s() + timeout_s : 0;
    if (timed_out != NULL)
        *timed_out = 0;
    if (pipe(fds))
        return NULL;
    fflush(stdout);
    fflush(stderr);
    rf_cli_guard_block(&mask);
    pid = fork();
    if (pid < 0) {
        rf_cli_guard_unblock(&mask);
        close(fds[0]);
        close(fds[1]);
        return NULL;
    }
    if (pid == 0) {
        rf_cli_guard_unblock(&mask);
        close(fds[0]);
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    rf_cli_guard_child_add(pid);
    rf_cli_guard_unblock(&mask);
    close(fds[1]);
    buf = malloc(cap);
    while (buf != NULL) {
        ssize_t n;
        if (deadline > 0) {
            struct pollfd pfd;
            double left = deadline - now_s();
            int pr;
            pfd.fd = fds[0];
            pfd.events = POLLIN;
            pfd.revents = 0;
            pr = left > 0 ? poll(&pfd, 1, (int) (left * 1000) + 1) : 0;
            if (pr < 0 && errno == EINTR)
                continue;
            if (pr == 0) {              /* the tool's time is up */
                kill(pid, SIGKILL);
                if (timed_out != NULL)
                    *timed_out = 1;
                break;
            }
        }
        n = read(fds[0], buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t) n;
        if (cap - len < 2) {
            char *nb = cap < ((size_t) 1 << 30) ? realloc(buf, cap * 2) : NULL;
            cap *= 2;
            if (nb == NULL) {           /* more than 1 GiB of solver output */
                free(buf);
                buf = NULL;
                kill(pid, SIGKILL);
                break;
            }
            buf = nb;
        }
    }
    close(fds[0]);
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    rf_cli_guard_child_remove(pid);
    if (buf != NULL)
        buf[len] = '\0';
    return buf;
}

static char *run_capture(char *const *argv)
{
    return rf_cli_run_capture(argv, 0, NULL);
}

/* The directory of temporary files: $TMPDIR if set and not empty, else /tmp. */
const char *rf_cli_tmp_dir(void)
{
    const char *t = getenv("TMPDIR");
    return t != NULL && *t != '\0' ? t : "/tmp";
}

/* Model values "(xK term)" for K = 1..d. */
static int parse_model(fmpq *x, const char *out, slong d)
{
    slong j;
    for (j = 0; j < d; j++) {
        char key[40];
        const char *s;
        snprintf(key, sizeof(key), "(x%ld ", (long) (j + 1));
        s = strstr(out, key);
        if (s == NULL || rf_export_smt_parse_q(x + j, s + strlen(key)) == NULL)
            return 0;
    }
    return 1;
}

int rf_cli_smt_parse_answer(rf_cli_smt_status_t *status, fmpq *x, const char *out, slong d)
{
    const char *s = skip_ws(out);
    if (strncmp(s, "unsat", 5) == 0)
        *status = RF_SMT_UNSAT;
    else if (strncmp(s, "sat", 3) == 0) {
        *status = RF_SMT_SAT;
        return parse_model(x, s, d) ? 0 : 1;
    } else if (strncmp(s, "unknown", 7) == 0 || strncmp(s, "timeout", 7) == 0 ||
               strstr(s, "interrupted by timeout") != NULL)
        *status = RF_SMT_UNKNOWN;   /* a solver time limit is no answer */
    else
        return 2;
    return 0;
}

int rf_cli_smt_check_equiv(rf_cli_smt_status_t *status, fmpq *x, const rf_net_t A,
                       const rf_net_t B, rf_cli_smt_solver_t solver,
                       long timeout_ms, rf_err_t err)
{
    return rf_cli_smt_check_equiv_box(status, x, A, B, NULL, NULL, solver, timeout_ms, err);
}

int rf_cli_smt_check_equiv_box(rf_cli_smt_status_t *status, fmpq *x, const rf_net_t A,
                               const rf_net_t B, const fmpq *lo, const fmpq *hi,
                               rf_cli_smt_solver_t solver, long timeout_ms, rf_err_t err)
{
    const char *dir = rf_cli_tmp_dir();
    size_t plen = strlen(dir) + 32;
    char *path = malloc(plen), tl[48];
    char *argv[6];
    const char *s;
    char *out;
    int fd, ret = RF_OK, r;
    slong d = rf_net_in_dim(A), m = rf_net_out_dim(A);
    FILE *f = NULL;

    if (path == NULL)
        return rf_err_set(err, RF_ERR_IO, NULL, 0, "out of memory");
    snprintf(path, plen, "%s/relufiber-smt-XXXXXX", dir);
    fd = rf_cli_guard_mkstemp(path);
    if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
        ret = rf_err_set(err, RF_ERR_IO, path, 0, "cannot create a temporary file: %s",
                         strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(path);
            rf_cli_guard_tmp_remove(path);
        }
        free(path);
        return ret;
    }
    rf_export_smt_equiv_query_box(f, A, B, lo, hi);
    if (fclose(f) != 0) {
        unlink(path);
        rf_cli_guard_tmp_remove(path);
        ret = rf_err_set(err, RF_ERR_IO, path, 0, "cannot write the solver query");
        free(path);
        return ret;
    }
    r = 0;
    if (solver == RF_SMT_Z3) {
        argv[r++] = "z3";
        argv[r++] = "-smt2";
        if (timeout_ms > 0) {
            snprintf(tl, sizeof(tl), "-t:%ld", timeout_ms);
            argv[r++] = tl;
        }
    } else {
        argv[r++] = "cvc5";
        argv[r++] = "--lang";
        argv[r++] = "smt2";
        if (timeout_ms > 0) {
            snprintf(tl, sizeof(tl), "--tlimit=%ld", timeout_ms);
            argv[r++] = tl;
        }
    }
    argv[r++] = path;
    argv[r] = NULL;
    out = run_capture(argv);
    unlink(path);
    rf_cli_guard_tmp_remove(path);
    free(path);
    if (out == NULL)
        return rf_err_set(err, RF_ERR_IO, NULL, 0, "cannot run the solver");
    s = skip_ws(out);
    {
        fmpq *xm = _fmpq_vec_init(d), *ya = _fmpq_vec_init(m), *yb = _fmpq_vec_init(m);
        r = rf_cli_smt_parse_answer(status, xm, s, d);
        if (r == 2)
            ret = rf_err_set(err, RF_ERR_INTERNAL, NULL, 0,
                             "unexpected solver output: %.200s", s);
        else if (r == 1)
            ret = rf_err_set(err, RF_ERR_INTERNAL, NULL, 0,
                             "cannot parse the solver's model: %.200s", s);
        else if (*status == RF_SMT_SAT) {
            slong j;
            int inside = 1;
            rf_net_eval(ya, A, xm);
            rf_net_eval(yb, B, xm);
            for (j = 0; lo != NULL && hi != NULL && j < d; j++)
                inside = inside && fmpq_cmp(lo + j, xm + j) <= 0 && fmpq_cmp(xm + j, hi + j) <= 0;
            if (rf_qvec_equal(ya, yb, m))
                ret = rf_err_set(err, RF_ERR_INTERNAL, NULL, 0,
                                 "the solver's model does not separate the networks");
            else if (!inside)
                ret = rf_err_set(err, RF_ERR_INTERNAL, NULL, 0,
                                 "the solver's model lies outside the box");
            else if (x != NULL)
                rf_qvec_set(x, xm, d);
        }
        _fmpq_vec_clear(xm, d);
        _fmpq_vec_clear(ya, m);
        _fmpq_vec_clear(yb, m);
    }
    free(out);
    return ret;
}
