/* Shared helpers for the fdim tests. */
#ifndef RF_TEST_FDIM_COMMON_H
#define RF_TEST_FDIM_COMMON_H
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/fdim.h"
#include "relufiber/qvec.h"

/* Exact rank over Q by fmpq_mat_rref (independent of the modular code). */
static inline slong tf_rank_q(const fmpq_mat_t J)
{
    fmpq_mat_t B;
    slong r;
    fmpq_mat_init(B, J->r, J->c);
    r = fmpq_mat_rref(B, J);
    fmpq_mat_clear(B);
    return r;
}

/* Net with given architecture and a parameter vector from small ints. */
static inline void tf_net_from(rf_net_t net, slong L, const slong *dims,
                               const slong *vals)
{
    slong D, k;
    fmpq *th;
    rf_net_init(net, L, dims);
    D = rf_net_num_params(net);
    th = _fmpq_vec_init(D);
    for (k = 0; k < D; k++)
        fmpq_set_si(th + k, vals[k], 1);
    rf_net_set_params(net, th);
    _fmpq_vec_clear(th, D);
}

/* True FD through the complete region list. Asserts completeness. */
static inline slong tf_true_fd(const rf_net_t net, flint_rand_t st, int *exact)
{
    rf_fdim_regions_t R;
    rf_fdim_rank_t res;
    rf_fdim_opts_t o;
    rf_err_t err;
    slong r;
    rf_err_init(err);
    rf_fdim_opts_init(o);
    rf_fdim_regions_init(R, net);
    rf_fdim_regions(R, net, NULL, NULL, 0, err);
    rf_fdim_rank_init(res);
    rf_fdim_true(res, net, R, o, st);
    r = res->rank;
    *exact = res->exact && R->complete;
    rf_fdim_rank_clear(res);
    rf_fdim_regions_clear(R);
    rf_err_clear(err);
    return r;
}
#endif
