/* Small exact helpers of the three-layer module: strict LP feasibility via
 * cddlib (GMP build), preimages through a full-row-rank first layer, Arb
 * filtered signs, string buffers. */
#define GMPRATIONAL
#include <stdarg.h>
#include <string.h>
#include <gmp.h>
#include <cdd/setoper.h>
#include <cdd/cdd.h>
#include <arb.h>
#include <flint/fmpq_vec.h>
#include "relufiber/exhaustive.h"
#include "three_internal.h"


static void q_to_mpq(mpq_t r, const fmpq_t q)
{
    fmpq_get_mpq(r, q);
}

/* maximise t subject to A x + b - t >= 0 (rows), t <= 1. Feasible strictly
 * iff the optimum is > 0. Variables (x_1..x_n, t); cddlib rows are
 * [b | A] meaning b + A x >= 0. */
int _rf_three_lp_strict(fmpq *sol, const fmpq *A, const fmpq *b, slong rows,
                        slong n)
{
    dd_MatrixPtr M;
    dd_LPPtr lp;
    dd_ErrorType e = dd_NoError;
    slong i, j;
    int ok = 0;
    if (rows == 0) {
        if (sol)
            for (j = 0; j < n; j++)
                fmpq_zero(sol + j);
        return 1;
    }
    rf_lp_begin();   /* cddlib's global constants, shared counter */
    M = dd_CreateMatrix(rows + 1, n + 2);
    for (i = 0; i < rows; i++) {
        q_to_mpq(M->matrix[i][0], b + i);
        for (j = 0; j < n; j++)
            q_to_mpq(M->matrix[i][j + 1], A + i * n + j);
        mpq_set_si(M->matrix[i][n + 1], -1, 1);
    }
    /* 1 - t >= 0 */
    mpq_set_si(M->matrix[rows][0], 1, 1);
    mpq_set_si(M->matrix[rows][n + 1], -1, 1);
    M->representation = dd_Inequality;
    M->objective = dd_LPmax;
    mpq_set_si(M->rowvec[n + 1], 1, 1);
    lp = dd_Matrix2LP(M, &e);
    if (e == dd_NoError && lp != NULL) {
        if (rf_lp_cdd_solve(lp) &&   /* no float noise on huge entries */
            mpq_sgn(lp->optvalue) > 0) {
            ok = 1;
            /* cddlib may hand back non-reduced fractions: canonicalise,
             * every fmpq comparison in the library assumes lowest terms */
            if (sol)
                for (j = 0; j < n; j++) {
                    fmpq_set_mpq(sol + j, lp->sol[j + 1]);
                    fmpq_canonicalise(sol + j);
                }
        }
    }
    if (lp)
        dd_FreeLPData(lp);
    dd_FreeMatrix(M);
    rf_lp_end();
    return ok;
}

int _rf_three_preimage(fmpq *x, const fmpq_mat_t W, const fmpq_mat_t b,
                       const fmpq *z)
{
    slong k = fmpq_mat_nrows(W), n = fmpq_mat_ncols(W), i, j;
    fmpq_mat_t Wt, G, Gi, r, u, xx;
    int ok;
    fmpq_mat_init(Wt, n, k);
    fmpq_mat_init(G, k, k);
    fmpq_mat_init(Gi, k, k);
    fmpq_mat_init(r, k, 1);
    fmpq_mat_init(u, k, 1);
    fmpq_mat_init(xx, n, 1);
    fmpq_mat_transpose(Wt, W);
    fmpq_mat_mul(G, W, Wt);
    ok = fmpq_mat_inv(Gi, G);
    if (ok) {
        for (i = 0; i < k; i++) {
            fmpq_set(fmpq_mat_entry(r, i, 0), z + i);
            if (b)
                fmpq_sub(fmpq_mat_entry(r, i, 0), fmpq_mat_entry(r, i, 0),
                         fmpq_mat_entry(b, i, 0));
        }
        fmpq_mat_mul(u, Gi, r);
        fmpq_mat_mul(xx, Wt, u);
        for (j = 0; j < n; j++)
            fmpq_set(x + j, fmpq_mat_entry(xx, j, 0));
    }
    fmpq_mat_clear(Wt);
    fmpq_mat_clear(G);
    fmpq_mat_clear(Gi);
    fmpq_mat_clear(r);
    fmpq_mat_clear(u);
    fmpq_mat_clear(xx);
    return ok;
}

int _rf_three_sign_dot(fmpq_t value, int *exact, const fmpq *const *p,
                       const fmpq *const *q, slong n)
{
    arb_t s, a, t;
    slong k;
    int sg = 0, decided = 0;
    const slong prec = 128;
    arb_init(s);
    arb_init(a);
    arb_init(t);
    for (k = 0; k < n; k++) {
        arb_set_fmpq(a, p[k], prec);
        arb_set_fmpq(t, q[k], prec);
        arb_mul(a, a, t, prec);
        arb_add(s, s, a, prec);
    }
    if (!arb_contains_zero(s)) {
        sg = arb_is_positive(s) ? 1 : -1;
        decided = 1;
    }
    if (exact)
        *exact = !decided;
    if (!decided || value) {
        fmpq_t v, w;
        fmpq_init(v);
        fmpq_init(w);
        for (k = 0; k < n; k++) {
            fmpq_mul(w, p[k], q[k]);
            fmpq_add(v, v, w);
        }
        sg = fmpq_sgn(v);
        if (value)
            fmpq_set(value, v);
        fmpq_clear(v);
        fmpq_clear(w);
    }
    arb_clear(s);
    arb_clear(a);
    arb_clear(t);
    return sg;
}

slong _rf_three_rank(const fmpq_mat_t W)
{
    if (fmpq_mat_nrows(W) == 0 || fmpq_mat_ncols(W) == 0)
        return 0;
    {
        fmpq_mat_t R;
        slong r;
        fmpq_mat_init(R, fmpq_mat_nrows(W), fmpq_mat_ncols(W));
        r = fmpq_mat_rref(R, W);
        fmpq_mat_clear(R);
        return r;
    }
}

void _rf_three_randq(fmpq_t x, flint_rand_t st, slong nb, slong db, int nz)
{
    slong p, q;
    do {
        p = (slong) n_randint(st, 2 * nb + 1) - nb;
    } while (nz && p == 0);
    q = 1 + (slong) n_randint(st, db);
    fmpq_set_si(x, p, q);
}

void _rf_str_init(_rf_str_t *b)
{
    b->alloc = 256;
    b->len = 0;
    b->s = flint_malloc(b->alloc);
    b->s[0] = '\0';
}

void _rf_str_clear(_rf_str_t *b)
{
    flint_free(b->s);
}

void _rf_str_printf(_rf_str_t *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    while (b->len + (size_t) n + 1 > b->alloc) {
        b->alloc *= 2;
        b->s = flint_realloc(b->s, b->alloc);
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->alloc - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t) n;
}

void _rf_str_q(_rf_str_t *b, const fmpq_t q)
{
    char *t = fmpq_get_str(NULL, 10, q);
    _rf_str_printf(b, "%s", t);
    flint_free(t);
}
