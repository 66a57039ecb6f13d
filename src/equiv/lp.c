/* Exact LP through cddlib's GMP build: interior points of open polyhedra.
 *
 * Used by the exhaustive cell enumeration to decide whether one more strict
 * sign condition leaves a full-dimensional cell, and to get an exact rational
 * point well inside it. */
#include <gmp.h>
#define GMPRATIONAL
#include <cdd/setoper.h>
#include <cdd/cdd.h>
#include "relufiber/exhaustive.h"

/* cddlib's constants dd_zero, dd_one, ... are globals: set them up once per
 * outermost use and release them after the last one. This counter is the
 * only state and exists solely because cddlib's own state is global. */
static long rf_lp_depth = 0;

void rf_lp_begin(void)
{
    if (rf_lp_depth++ == 0)
        dd_set_global_constants();
}

void rf_lp_end(void)
{
    if (rf_lp_depth > 0 && --rf_lp_depth == 0)
        dd_free_global_constants();
}

int rf_lp_open_interior(fmpq *x, fmpq_t slack, const fmpq_mat_t rows,
                        slong d, rf_err_t err)
{
    slong m = fmpq_mat_nrows(rows), k, j;
    dd_MatrixPtr M;
    dd_LPPtr lp;
    dd_ErrorType e = dd_NoError;
    int ret;
    fmpq_t t;

    if (m == 0) {
        /* the whole space: any point, slack 1 by convention */
        for (j = 0; x != NULL && j < d; j++)
            fmpq_zero(x + j);
        if (slack != NULL)
            fmpq_one(slack);
        return 1;
    }
    rf_lp_begin();
    /* variables (x_1..x_d, t); row k: c_k + a_k.x - t >= 0; last: 1 - t >= 0 */
    M = dd_CreateMatrix(m + 1, d + 2);
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

    lp = dd_Matrix2LP(M, &e);
    if (e != dd_NoError || lp == NULL) {
        dd_FreeMatrix(M);
        rf_lp_end();
        rf_err_set(err, RF_ERR_INTERNAL, "<lp>", 0, "cddlib: cannot build LP (error %d)", (int) e);
        return -1;
    }
    dd_LPSolve(lp, dd_DualSimplex, &e);
    if (e != dd_NoError || lp->LPS != dd_Optimal) {
        /* the LP is always feasible (t -> -inf) and bounded (t <= 1) */
        int st = (int) lp->LPS;
        dd_FreeLPData(lp);
        dd_FreeMatrix(M);
        rf_lp_end();
        rf_err_set(err, RF_ERR_INTERNAL, "<lp>", 0,
                   "cddlib: LP not solved to optimality (error %d, status %d)", (int) e, st);
        return -1;
    }
    fmpq_init(t);
    fmpq_set_mpq(t, lp->optvalue);
    ret = fmpq_sgn(t) > 0;
    if (ret) {
        for (j = 0; x != NULL && j < d; j++)
            fmpq_set_mpq(x + j, lp->sol[j + 1]);
        if (slack != NULL)
            fmpq_set(slack, t);
    }
    fmpq_clear(t);
    dd_FreeLPData(lp);
    dd_FreeMatrix(M);
    rf_lp_end();
    return ret;
}
