/* Exact LP through cddlib's GMP build: interior points of open polyhedra.
 *
 * Theorem (Gordan's alternative). For rows (a_k, c_k), k < m, exactly one
 * holds: some x has a_k.x + c_k > 0 for every k, or some lambda >= 0,
 * lambda != 0, has sum lambda_k a_k = 0 and sum lambda_k c_k <= 0. The LP
 * max t s.t. a_k.x + c_k >= t, t <= 1 has optimum t* > 0 in the first case
 * (its solution is an interior point) and t* <= 0 in the second (its dual
 * multipliers are a Gordan vector). Both witnesses are re-checked here in
 * FLINT arithmetic before any answer is returned. */
#include <pthread.h>
#include <gmp.h>
#define GMPRATIONAL
#include <cdd/setoper.h>
#include <cdd/cdd.h>
#include <flint/fmpq_vec.h>
#include "relufiber/cells.h"

/* cddlib's constants dd_zero, dd_one, ... are globals. They are set up once
 * per process, on first use, and stay allocated (reachable) until exit:
 * freeing them would break any other user of cddlib in the process. If some
 * other code already set them (dd_one then has limbs), they are left alone. */
static pthread_once_t rf_cells_lp_once = PTHREAD_ONCE_INIT;

static void rf_cells_lp_setup(void)
{
    if (mpq_numref(dd_one)->_mp_d == NULL)
        dd_set_global_constants();
}

void rf_cells_lp_begin(void)
{
    pthread_once(&rf_cells_lp_once, rf_cells_lp_setup);
}

void rf_cells_lp_end(void)
{
}

/* cddlib's GMP dd_LPSolve first runs a floating-point pre-solve. With entries
 * far outside the double-friendly range (2^200, 3^-150, long fractions) that
 * pre-solve hits cddlib's pivot limit and prints "max number ... of pivots
 * performed by the criss-cross method. Most likely due to the floating-point
 * arithmetics error." on stderr before cddlib falls back to exact arithmetic:
 * the answer stays exact, but an exact engine must not print float noise, and
 * the failed pre-solve costs thousands of pivots. Such LPs go straight to the
 * exact-only solver dd_LPSolve0 (5-10x slower on ordinary rows, hence not
 * always). */

int rf_cells_lp_cdd_solve(struct dd_lpdata *lp)
{
    dd_ErrorType e = dd_NoError;
    dd_rowrange i;
    dd_colrange j;
    int wide = 0;
    for (i = 0; i < lp->m && !wide; i++)
        for (j = 0; j < lp->d && !wide; j++)
            wide = mpz_sizeinbase(mpq_numref(lp->A[i][j]), 2) > RF_CELLS_LP_FLOAT_BITS ||
                   mpz_sizeinbase(mpq_denref(lp->A[i][j]), 2) > RF_CELLS_LP_FLOAT_BITS;
    if (wide)
        dd_LPSolve0(lp, dd_DualSimplex, &e);
    else
        dd_LPSolve(lp, dd_DualSimplex, &e);
    return e == dd_NoError && lp->LPS == dd_Optimal;
}

/* Emptiness certificate (Gordan): lambda >= 0, not all zero, with
 * sum lambda_k a_k = 0 and sum lambda_k c_k <= 0. Then for every x,
 * sum lambda_k (a_k.x + c_k) <= 0, so not all rows can be positive. Checked
 * here in FLINT arithmetic, independently of cddlib. */
int rf_cells_gordan_verify(const fmpq *lam, const fmpq_mat_t rows, slong d)
{
    slong m = fmpq_mat_nrows(rows), k, j;
    int ok = 1, any = 0;
    fmpq_t s, t;
    for (k = 0; k < m && ok; k++) {
        ok = fmpq_sgn(lam + k) >= 0;
        any |= !fmpq_is_zero(lam + k);
    }
    if (!ok || !any)
        return 0;
    fmpq_init(s);
    fmpq_init(t);
    for (j = 0; j <= d && ok; j++) {   /* gradient sums 0, constant sum <= 0 */
        fmpq_zero(s);
        for (k = 0; k < m; k++) {
            if (fmpq_is_zero(lam + k))
                continue;
            fmpq_mul(t, lam + k, fmpq_mat_entry(rows, k, j));
            fmpq_add(s, s, t);
        }
        ok = j < d ? fmpq_is_zero(s) : fmpq_sgn(s) <= 0;
    }
    fmpq_clear(s);
    fmpq_clear(t);
    return ok;
}

/* Fallback: find the certificate by a second exact LP,
 * min sum lambda_k c_k  s.t.  lambda >= 0, sum lambda = 1, sum lambda_k a_k = 0. */
static int gordan_by_lp(const fmpq_mat_t rows, slong d)
{
    slong m = fmpq_mat_nrows(rows), k, j;
    dd_MatrixPtr M;
    dd_LPPtr lp;
    dd_ErrorType e = dd_NoError;
    int ok = 0;
    M = dd_CreateMatrix(m + d + 1, m + 1);
    for (k = 0; k < m; k++)
        for (j = 0; j <= m; j++)
            mpq_set_si(M->matrix[k][j], j == k + 1, 1);
    for (j = 0; j < d; j++) {
        mpq_set_si(M->matrix[m + j][0], 0, 1);
        for (k = 0; k < m; k++)
            fmpq_get_mpq(M->matrix[m + j][k + 1], fmpq_mat_entry(rows, k, j));
        set_addelem(M->linset, m + j + 1);
    }
    mpq_set_si(M->matrix[m + d][0], -1, 1);
    for (k = 0; k < m; k++)
        mpq_set_si(M->matrix[m + d][k + 1], 1, 1);
    set_addelem(M->linset, m + d + 1);
    M->representation = dd_Inequality;
    M->objective = dd_LPmin;
    mpq_set_si(M->rowvec[0], 0, 1);
    for (k = 0; k < m; k++)
        fmpq_get_mpq(M->rowvec[k + 1], fmpq_mat_entry(rows, k, d));
    lp = dd_Matrix2LP(M, &e);
    if (e == dd_NoError && lp != NULL) {
        if (rf_cells_lp_cdd_solve(lp)) {
            fmpq *lam = _fmpq_vec_init(m);
            for (k = 0; k < m; k++)
                fmpq_set_mpq(lam + k, lp->sol[k + 1]), fmpq_canonicalise(lam + k);
            ok = rf_cells_gordan_verify(lam, rows, d);
            _fmpq_vec_clear(lam, m);
        }
        dd_FreeLPData(lp);
    }
    dd_FreeMatrix(M);
    return ok;
}

/* The certificate from the primal LP's dual solution: the multipliers of
 * rows 1..m (dual value of row nbindex[j+1] is dsol[j], cddlib's convention).
 * At an optimum t* <= 0 < 1 the row t <= 1 is slack, so these multipliers
 * are exactly a Gordan certificate (LP duality). */
static int gordan_from_dual(dd_LPPtr lp, const fmpq_mat_t rows, slong d)
{
    slong m = fmpq_mat_nrows(rows), j;
    fmpq *lam = _fmpq_vec_init(m);
    int ok;
    for (j = 1; j < lp->d; j++) {
        long r = lp->nbindex[j + 1];
        if (r >= 1 && r <= m)
            fmpq_set_mpq(lam + r - 1, lp->dsol[j]), fmpq_canonicalise(lam + r - 1);
    }
    ok = rf_cells_gordan_verify(lam, rows, d);
    _fmpq_vec_clear(lam, m);
    return ok;
}

/* Exact re-check of an interior point: every row strictly positive at x;
 * the minimum goes to slack (may be NULL). */
static int interior_verify(fmpq_t slack, const fmpq *x, const fmpq_mat_t rows,
                           slong d)
{
    slong m = fmpq_mat_nrows(rows), k;
    int ok = 1;
    fmpq_t v;
    fmpq_init(v);
    for (k = 0; k < m && ok; k++) {
        rf_cells_affine_eval(v, rows->rows[k], x, d);
        ok = fmpq_sgn(v) > 0;
        if (ok && slack != NULL && (k == 0 || fmpq_cmp(v, slack) < 0))
            fmpq_set(slack, v);
    }
    fmpq_clear(v);
    return ok;
}

/* d = 1: the open set is an interval {lo < x < hi}, decided exactly. When it
 * is empty, the Gordan vector is one row (a_k = 0, c_k <= 0) or a pair
 * (a_i > 0 > a_j) with lambda = (-a_j, a_i). Returns 1 / 0 with x or lam. */
static int interval_1d(fmpq *x, fmpq *lam, const fmpq_mat_t rows)
{
    slong m = fmpq_mat_nrows(rows), k, ilo = -1, ihi = -1;
    fmpq_t lo, hi, r;
    int ok = 1;
    fmpq_init(lo); fmpq_init(hi); fmpq_init(r);
    for (k = 0; k < m && ok; k++) {
        const fmpq *a = fmpq_mat_entry(rows, k, 0), *c = fmpq_mat_entry(rows, k, 1);
        if (fmpq_is_zero(a)) {
            if (fmpq_sgn(c) <= 0) {
                ok = 0;
                fmpq_one(lam + k);
            }
            continue;
        }
        fmpq_div(r, c, a);
        fmpq_neg(r, r);                 /* a x + c > 0 <=> x > r (a > 0) */
        if (fmpq_sgn(a) > 0) {
            if (ilo < 0 || fmpq_cmp(r, lo) > 0)
                fmpq_set(lo, r), ilo = k;
        } else if (ihi < 0 || fmpq_cmp(r, hi) < 0) {
            fmpq_set(hi, r), ihi = k;
        }
    }
    if (ok && ilo >= 0 && ihi >= 0 && fmpq_cmp(lo, hi) >= 0) {
        ok = 0;
        fmpq_neg(lam + ilo, fmpq_mat_entry(rows, ihi, 0));
        fmpq_set(lam + ihi, fmpq_mat_entry(rows, ilo, 0));
    }
    if (ok) {
        if (ilo >= 0 && ihi >= 0) {
            fmpq_add(x, lo, hi);
            fmpq_div_2exp(x, x, 1);
        } else if (ilo >= 0) {
            fmpq_add_si(x, lo, 1);
        } else if (ihi >= 0) {
            fmpq_sub_si(x, hi, 1);
        } else {
            fmpq_zero(x);
        }
    }
    fmpq_clear(lo); fmpq_clear(hi); fmpq_clear(r);
    return ok;
}

static int open_interior_1d(fmpq *x, fmpq_t slack, const fmpq_mat_t rows,
                            rf_err_t err)
{
    slong m = fmpq_mat_nrows(rows);
    fmpq *lam = _fmpq_vec_init(m);
    fmpq_t y;
    int ret;
    fmpq_init(y);
    ret = interval_1d(y, lam, rows);
    if (ret ? !interior_verify(slack, y, rows, 1) : !rf_cells_gordan_verify(lam, rows, 1))
        ret = -1;
    if (ret == 1 && x != NULL)
        fmpq_set(x, y);
    fmpq_clear(y);
    _fmpq_vec_clear(lam, m);
    if (ret < 0)
        rf_err_set(err, RF_ERR_INTERNAL, "", 0, "cells: the exact interval test failed its re-check");
    return ret;
}

/* The primal LP  max t  s.t.  c_k + a_k.x - t >= 0 (k < m),  1 - t >= 0,
 * over the variables (x_1..x_d, t), as a cddlib matrix. */
static dd_MatrixPtr interior_lp_matrix(const fmpq_mat_t rows, slong d)
{
    slong m = fmpq_mat_nrows(rows), k, j;
    dd_MatrixPtr M = dd_CreateMatrix(m + 1, d + 2);
    for (k = 0; k < m; k++) {
        fmpq_get_mpq(M->matrix[k][0], fmpq_mat_entry(rows, k, d));
        for (j = 0; j < d; j++)
            fmpq_get_mpq(M->matrix[k][j + 1], fmpq_mat_entry(rows, k, j));
        mpq_set_si(M->matrix[k][d + 1], -1, 1);
    }
    mpq_set_si(M->matrix[m][0], 1, 1);
    for (j = 0; j < d; j++)
        mpq_set_si(M->matrix[m][j + 1], 0, 1);
    mpq_set_si(M->matrix[m][d + 1], -1, 1);
    M->representation = dd_Inequality;
    M->objective = dd_LPmax;
    for (j = 0; j <= d; j++)
        mpq_set_si(M->rowvec[j], 0, 1);
    mpq_set_si(M->rowvec[d + 1], 1, 1);
    return M;
}

/* Read the solved LP's answer and re-check it: 1 with x (and slack) when
 * t* > 0 and the point is interior, 0 when t* <= 0 and a Gordan vector
 * re-checks, -1 (err set) when a re-check fails. */
static int interior_lp_answer(fmpq *x, fmpq_t slack, dd_LPPtr lp,
                              const fmpq_mat_t rows, slong d, rf_err_t err)
{
    slong j;
    int ret;
    fmpq_t t;
    fmpq_init(t);
    fmpq_set_mpq(t, lp->optvalue), fmpq_canonicalise(t);
    ret = fmpq_sgn(t) > 0;
    fmpq_clear(t);
    if (ret) {
        fmpq *y = _fmpq_vec_init(d);
        for (j = 0; j < d; j++)
            fmpq_set_mpq(y + j, lp->sol[j + 1]), fmpq_canonicalise(y + j);
        if (!interior_verify(slack, y, rows, d))
            ret = -1;
        for (j = 0; ret == 1 && x != NULL && j < d; j++)
            fmpq_set(x + j, y + j);
        _fmpq_vec_clear(y, d);
        if (ret < 0)
            rf_err_set(err, RF_ERR_INTERNAL, "", 0,
                       "cells: the LP's interior point violates a constraint");
        return ret;
    }
    if (!gordan_from_dual(lp, rows, d) && !gordan_by_lp(rows, d)) {
        rf_err_set(err, RF_ERR_INTERNAL, "", 0,
                   "cddlib reported an empty cell but no emptiness certificate re-checks");
        return -1;
    }
    return 0;
}

int rf_cells_lp_open_interior(fmpq *x, fmpq_t slack, const fmpq_mat_t rows,
                              slong d, rf_err_t err)
{
    slong m = fmpq_mat_nrows(rows), j;
    dd_MatrixPtr M;
    dd_LPPtr lp;
    dd_ErrorType e = dd_NoError;
    int ret;

    if (m == 0) {
        /* the whole space: any point, slack 1 by convention */
        for (j = 0; x != NULL && j < d; j++)
            fmpq_zero(x + j);
        if (slack != NULL)
            fmpq_one(slack);
        return 1;
    }
    if (d == 1)
        return open_interior_1d(x, slack, rows, err);
    rf_cells_lp_begin();
    M = interior_lp_matrix(rows, d);
    lp = dd_Matrix2LP(M, &e);
    if (e != dd_NoError || lp == NULL) {
        dd_FreeMatrix(M);
        return rf_err_set(err, RF_ERR_INTERNAL, "", 0,
                          "cddlib: cannot build LP (error %d)", (int) e), -1;
    }
    if (!rf_cells_lp_cdd_solve(lp)) {
        /* the LP is always feasible (t -> -inf) and bounded (t <= 1) */
        rf_err_set(err, RF_ERR_INTERNAL, "", 0,
                   "cddlib: LP not solved to optimality (error %d, status %d)",
                   (int) e, (int) lp->LPS);
        ret = -1;
    } else {
        ret = interior_lp_answer(x, slack, lp, rows, d, err);
    }
    dd_FreeLPData(lp);
    dd_FreeMatrix(M);
    rf_cells_lp_end();
    return ret;
}
