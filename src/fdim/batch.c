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
                  slong npts, const rf_fdim_opts_t opts, flint_rand_t st,
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
                  const rf_fdim_regions_t regions, const rf_fdim_opts_t opts,
                  flint_rand_t st)
{
    rf_fdim_rank(res, net, regions->set, opts, st);
}

void rf_fdim_true_strict(rf_fdim_rank_t res, const rf_net_t net,
                         const rf_fdim_regions_t regions,
                         const rf_fdim_opts_t opts, flint_rand_t st)
{
    rf_fdim_set_t s;
    slong r, k, nh = regions->set->nh, n0 = regions->set->n0;
    rf_fdim_set_init(s, net, 1);
    for (r = 0; r < regions->set->n; r++) {
        const int *pat = regions->set->pat + r * nh;
        for (k = 0; k < nh && pat[k] != 0; k++)
            ;
        if (k == nh)
            rf_fdim_set_append(s, regions->set->x + r * n0, pat);
    }
    rf_fdim_rank(res, net, s, opts, st);
    rf_fdim_set_clear(s);
}

/* Early-exit test: rank mod p of the blocks found so far reaches D - H. */
typedef struct {
    const rf_net_struct *net;
    flint_rand_s *st;
    int bits;
} stop_data_t;

static int reached_bound(void *data, const rf_fdim_regions_struct *r)
{
    stop_data_t *sd = data;
    rf_fdim_rank_t t;
    rf_fdim_opts_t o;
    int hit;
    rf_fdim_opts_init(o);
    o->lower_only = 1;
    o->prime_bits = sd->bits;
    rf_fdim_rank_init(t);
    rf_fdim_rank(t, sd->net, r->set, o, sd->st);
    hit = (t->rank == t->bound);
    rf_fdim_rank_clear(t);
    return hit;
}

int rf_fdim_true_search(rf_fdim_rank_t res, rf_fdim_regions_t regions,
                        const rf_net_t net, const fmpq *lo, const fmpq *hi,
                        slong cap, const rf_fdim_opts_t opts, flint_rand_t st,
                        rf_err_t err)
{
    stop_data_t sd;
    int ret;
    double t0 = now_s();
    sd.net = net;
    sd.st = st;
    sd.bits = opts->prime_bits;
    ret = rf_fdim_regions_ex(regions, net, lo, hi, cap, reached_bound, &sd, err);
    if (ret != RF_OK)
        return ret;
    t0 = now_s() - t0;
    rf_fdim_rank(res, net, regions->set, opts, st);
    res->t_patterns = t0;   /* time of the region search */
    return RF_OK;
}
