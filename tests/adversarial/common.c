/* Adversarial suite: network construction from compact parameter strings and
 * the judging oracles (see common.h). */
#include <string.h>
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/decide.h"
#include "relufiber/export.h"
#include "smt_run.h"
#include "relufiber/qvec.h"
#include "relufiber/rational.h"
#include "common.h"

/* atom: [-](P<k> | T<k> | E<k> | rational) */
static void parse_atom(fmpq_t q, const char *s, size_t n)
{
    int neg = 0;
    const char *why = NULL;
    if (n > 0 && s[0] == '-' && n > 1 && (s[1] == 'P' || s[1] == 'T' || s[1] == 'E')) {
        neg = 1;
        s++;
        n--;
    }
    if (n > 1 && (s[0] == 'P' || s[0] == 'T' || s[0] == 'E')) {
        char buf[32];
        ulong k;
        fmpz_t p;
        cr_assert(n - 1 < sizeof(buf));
        memcpy(buf, s + 1, n - 1);
        buf[n - 1] = '\0';
        k = strtoul(buf, NULL, 10);
        fmpz_init(p);
        fmpz_set_ui(p, s[0] == 'P' ? 2 : (s[0] == 'T' ? 3 : 10));
        fmpz_pow_ui(p, p, k);
        {
            fmpz_t one;
            fmpz_init_set_ui(one, 1);
            if (s[0] == 'P')
                fmpq_set_fmpz_frac(q, p, one);
            else
                fmpq_set_fmpz_frac(q, one, p);
            fmpz_clear(one);
        }
        fmpz_clear(p);
        if (neg)
            fmpq_neg(q, q);
        return;
    }
    cr_assert_eq(rf_q_parse(q, s, n, &why), 0, "bad token %.*s: %s", (int) n, s,
                 why ? why : "?");
}

/* token: sum of products of atoms ("1+E6", "3*P200", "-1/2*T100") */
static void parse_token(fmpq_t q, const char *s, size_t n)
{
    size_t i, start = 0;
    fmpq_t term, f;
    fmpq_init(term);
    fmpq_init(f);
    fmpq_zero(q);
    for (i = 0; i <= n; i++) {
        if (i == n || ((s[i] == '+' || s[i] == '-') && i > start &&
                       s[i - 1] != '*')) {
            size_t j, a = start;
            fmpq_one(term);
            for (j = start; j <= i; j++)
                if (j == i || s[j] == '*') {
                    parse_atom(f, s + a, j - a);
                    fmpq_mul(term, term, f);
                    a = j + 1;
                }
            fmpq_add(q, q, term);
            start = (i < n && s[i] == '-') ? i : i + 1;
        }
    }
    fmpq_clear(term);
    fmpq_clear(f);
}

void adv_mk(rf_net_t net, slong L, const slong *dims, const char *txt)
{
    slong D, k = 0;
    fmpq *th;
    const char *p = txt;
    rf_net_clear(net);
    rf_net_init(net, L, dims);
    D = rf_net_num_params(net);
    th = _fmpq_vec_init(D);
    while (*p) {
        const char *e;
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '|')
            p++;
        if (!*p)
            break;
        e = p;
        while (*e && *e != ' ' && *e != '\n' && *e != '\t' && *e != '|')
            e++;
        cr_assert(k < D, "too many parameters (%ld expected)", (long) D);
        parse_token(th + k, p, (size_t) (e - p));
        k++;
        p = e;
    }
    cr_assert_eq(k, D, "parameter count %ld, expected %ld", (long) k, (long) D);
    rf_net_set_params(net, th);
    _fmpq_vec_clear(th, D);
}

void adv_q(fmpq_t q, const char *s)
{
    parse_token(q, s, strlen(s));
}

void adv_scale_neuron(rf_net_t net, slong l, slong i, const fmpq_t lam)
{
    slong j;
    for (j = 0; j < net->dims[l]; j++)
        fmpq_mul(rf_net_W(net, l, i, j), rf_net_W(net, l, i, j), lam);
    fmpq_mul(rf_net_b(net, l, i), rf_net_b(net, l, i), lam);
    for (j = 0; j < net->dims[l + 2]; j++)
        fmpq_div(rf_net_W(net, l + 1, j, i), rf_net_W(net, l + 1, j, i), lam);
}

void adv_zero(rf_net_t net, slong L, const slong *dims)
{
    rf_net_clear(net);
    rf_net_init(net, L, dims);
}

static void rand_small(fmpq_t q, flint_rand_t st)
{
    fmpq_set_si(q, (slong) n_randint(st, 13) - 6, 1 + n_randint(st, 4));
}

int adv_lines_differ(const rf_net_t A, const rf_net_t B, slong lines,
                     flint_rand_t st)
{
    slong n0 = A->dims[0], t, k, q, i;
    fmpq *x0 = _fmpq_vec_init(n0), *v = _fmpq_vec_init(n0),
         *x = _fmpq_vec_init(n0);
    fmpq_t s, nn;
    int found = 0;
    fmpq_init(s);
    fmpq_init(nn);
    for (t = 0; t < lines && !found; t++) {
        for (k = 0; k < n0; k++) {
            rand_small(x0 + k, st);
            rand_small(v + k, st);
        }
        if (rf_qvec_is_zero(v, n0))
            fmpq_one(v);
        found = rf_three_line_test(x, A, B, x0, v);
    }
    /* lines through a point of every first-layer hyperplane of A and B */
    for (q = 0; q < 2 && !found; q++) {
        const rf_net_struct *N = q ? B : A;
        if (N->L < 2)
            continue;
        for (i = 0; i < N->dims[1] && !found; i++) {
            fmpq_zero(nn);
            fmpq_zero(s);
            for (k = 0; k < n0; k++) {
                rand_small(x0 + k, st);
                rand_small(v + k, st);
                fmpq_addmul(nn, rf_net_W(N, 0, i, k), rf_net_W(N, 0, i, k));
                fmpq_addmul(s, rf_net_W(N, 0, i, k), x0 + k);
            }
            if (fmpq_is_zero(nn))
                continue;
            fmpq_add(s, s, rf_net_b(N, 0, i));
            fmpq_div(s, s, nn);
            for (k = 0; k < n0; k++)
                fmpq_submul(x0 + k, s, rf_net_W(N, 0, i, k));
            if (rf_qvec_is_zero(v, n0))
                fmpq_one(v);
            found = rf_three_line_test(x, A, B, x0, v);
        }
    }
    _fmpq_vec_clear(x0, n0);
    _fmpq_vec_clear(v, n0);
    _fmpq_vec_clear(x, n0);
    fmpq_clear(s);
    fmpq_clear(nn);
    return found;
}

int adv_check(const rf_net_t A, const rf_net_t B, int expect, slong lines,
              int use_z3, flint_rand_t st)
{
    rf_equiv_t res;
    rf_err_t err;
    slong n0 = A->dims[0], d = A->dims[A->L];
    int r, v;
    rf_equiv_init(res);
    rf_err_init(err);
    r = rf_decide_equiv(res, A, B, err);
    cr_assert_eq(r, RF_OK, "rf_decide_equiv failed: %s", err->msg);
    v = res->verdict;
    cr_assert(v == RF_EQUIV_YES || v == RF_EQUIV_NO, "verdict %d (%s)", v,
              res->reason ? res->reason : "");
    if (v == RF_EQUIV_NO) {
        fmpq *ya = _fmpq_vec_init(d), *yb = _fmpq_vec_init(d);
        rf_net_eval(ya, A, res->x);
        rf_net_eval(yb, B, res->x);
        cr_assert(!rf_qvec_equal(ya, yb, d), "NO (%s) without separation",
                  res->method);
        cr_assert(rf_qvec_equal(ya, res->yA, d) && rf_qvec_equal(yb, res->yB, d),
                  "printed outputs are not the exact outputs (%s)", res->method);
        _fmpq_vec_clear(ya, d);
        _fmpq_vec_clear(yb, d);
    } else {
        cr_assert(res->cert_text != NULL, "YES without certificate (%s)",
                  res->method);
        cr_assert(!adv_lines_differ(A, B, lines, st),
                  "WRONG: YES (%s) but a line test separates", res->method);
    }
    if (expect >= 0)
        cr_assert_eq(v, expect, "verdict %s by %s, expected %s",
                     v ? "NO" : "YES", res->method, expect ? "NO" : "YES");
    if (rf_net_num_hidden(A) + rf_net_num_hidden(B) <= 14) {
        rf_equiv_t r2;
        rf_decide_exhaustive_opts_t o;
        rf_decide_exhaustive_opts_init(o);
        o->prefilter = 0;
        o->reduce = 0;
        rf_equiv_init(r2);
        cr_assert_eq(rf_decide_exhaustive_opts(r2, NULL, A, B, o, err), RF_OK,
                     "%s", err->msg);
        cr_assert_eq((int) r2->verdict, v, "enumeration says %d, %s says %d",
                     (int) r2->verdict, res->method, v);
        rf_equiv_clear(r2);
    }
    if (use_z3 && rf_cli_smt_solver_available(RF_SMT_Z3)) {
        rf_cli_smt_status_t s;
        fmpq *x = _fmpq_vec_init(n0);
        /* a solver that fails to run is an error, not agreement; only a
         * timeout ("unknown") is tolerated, and said so in the log */
        cr_assert_eq(rf_cli_smt_check_equiv(&s, x, A, B, RF_SMT_Z3, 20000, err), RF_OK,
                     "z3 did not run: %s", err->msg);
        if (s == RF_SMT_UNKNOWN)
            fprintf(stderr, "note: z3 answered unknown (%s verdict not cross-checked)\n",
                    res->method);
        else
            cr_assert_eq(s == RF_SMT_SAT, v == RF_EQUIV_NO,
                         "z3 disagrees with %s", res->method);
        _fmpq_vec_clear(x, n0);
    }
    rf_equiv_clear(res);
    return v;
}
