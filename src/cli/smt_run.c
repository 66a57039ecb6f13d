/* Running an SMT solver (z3, cvc5) on the equivalence query as a subprocess
 * and reading back its verdict and model; models are re-checked exactly. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <flint/fmpq_vec.h>
#include "relufiber/export.h"
#include "smt_run.h"
#include "relufiber/rational.h"
#include "relufiber/qvec.h"

static const char *skip_ws(const char *s)
{
    while (*s && isspace((unsigned char) *s))
        s++;
    return s;
}

const char *rf_export_smt_parse_q(fmpq_t q, const char *s)
{
    s = skip_ws(s);
    if (*s == '(') {
        char op;
        s = skip_ws(s + 1);
        op = *s;
        if (op != '-' && op != '/')
            return NULL;
        s++;
        if (op == '-') {
            if ((s = rf_export_smt_parse_q(q, s)) == NULL)
                return NULL;
            fmpq_neg(q, q);
        } else {
            fmpq_t r;
            fmpq_init(r);
            if ((s = rf_export_smt_parse_q(q, s)) == NULL || (s = rf_export_smt_parse_q(r, s)) == NULL
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

int rf_cli_smt_solver_available(rf_cli_smt_solver_t solver)
{
    const char *cmd = solver == RF_SMT_Z3 ? "command -v z3 >/dev/null 2>&1"
                                          : "command -v cvc5 >/dev/null 2>&1";
    return system(cmd) == 0;
}

/* Read the whole output of cmd into a malloc'ed string. */
static char *run_capture(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    char *buf;
    size_t len = 0, cap = 4096, n;
    if (p == NULL)
        return NULL;
    buf = malloc(cap);
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    buf[len] = '\0';
    pclose(p);
    return buf;
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
    char path[] = "/tmp/relufiber-smt-XXXXXX";
    char cmd[512];
    const char *s;
    char *out;
    int fd, ret = RF_OK;
    slong d = rf_net_in_dim(A), m = rf_net_out_dim(A);
    FILE *f;

    fd = mkstemp(path);
    if (fd < 0 || (f = fdopen(fd, "w")) == NULL)
        return rf_err_set(err, RF_ERR_IO, path, 0, "cannot create a temporary file");
    rf_export_smt_equiv_query_box(f, A, B, lo, hi);
    fclose(f);
    if (solver == RF_SMT_Z3 && timeout_ms > 0)
        snprintf(cmd, sizeof(cmd), "z3 -smt2 -t:%ld %s 2>&1", timeout_ms, path);
    else if (solver == RF_SMT_Z3)
        snprintf(cmd, sizeof(cmd), "z3 -smt2 %s 2>&1", path);
    else if (timeout_ms > 0)
        snprintf(cmd, sizeof(cmd), "cvc5 --lang smt2 --tlimit=%ld %s 2>&1", timeout_ms, path);
    else
        snprintf(cmd, sizeof(cmd), "cvc5 --lang smt2 %s 2>&1", path);
    out = run_capture(cmd);
    unlink(path);
    if (out == NULL)
        return rf_err_set(err, RF_ERR_IO, NULL, 0, "cannot run the solver");
    s = skip_ws(out);
    if (strncmp(s, "unsat", 5) == 0)
        *status = RF_SMT_UNSAT;
    else if (strncmp(s, "sat", 3) == 0) {
        fmpq *xm = _fmpq_vec_init(d), *ya = _fmpq_vec_init(m), *yb = _fmpq_vec_init(m);
        *status = RF_SMT_SAT;
        if (!parse_model(xm, s, d))
            ret = rf_err_set(err, RF_ERR_INTERNAL, NULL, 0,
                             "cannot parse the solver's model: %.200s", s);
        else {
            rf_net_eval(ya, A, xm);
            rf_net_eval(yb, B, xm);
            slong j;
            int inside = 1;
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
    } else if (strncmp(s, "unknown", 7) == 0 || strncmp(s, "timeout", 7) == 0 ||
               strstr(s, "interrupted by timeout") != NULL)
        *status = RF_SMT_UNKNOWN;   /* a solver time limit is no answer */
    else
        ret = rf_err_set(err, RF_ERR_INTERNAL, NULL, 0,
                         "unexpected solver output: %.200s", s);
    free(out);
    return ret;
}
