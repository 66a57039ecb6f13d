/* Batch functional dimension at given points and the true functional
 * dimension from a region list (thin drivers over rf_fdim_rank). */
#include <time.h>
#include "relufiber/fdim.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

int rf_fdim_batch(rf_fdim_rank_t res, const rf_net_t net, const fmpq *pts,
                  slong npts, const rf_fdim_opts_t *opts, flint_rand_t st,
                  rf_err_t err)
{
    rf_fdim_set_t s;
    double t0 = now_s(), tp;
    int r;
    rf_fdim_set_init(s, net, 0);
    r = rf_fdim_set_add_points(s, net, pts, npts, err);
    tp = now_s() - t0;
    if (r == RF_OK) {
        rf_fdim_rank(res, net, s, opts, st);
        res->t_patterns = tp;
    }
    rf_fdim_set_clear(s);
    return r;
}

void rf_fdim_true(rf_fdim_rank_t res, const rf_net_t net,
                  const rf_fdim_regions_t regions, const rf_fdim_opts_t *opts,
                  flint_rand_t st)
{
    rf_fdim_rank(res, net, regions->set, opts, st);
}
