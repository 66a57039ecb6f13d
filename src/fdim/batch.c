/* Batch functional dimension at given points and the true functional
 * dimension from a region list (thin drivers over rf_fdim_rank). */
#include <time.h>
#include <flint/fmpq_vec.h>
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

/* Theorem (early stop of the true FD). For admissible points Z (in the box
 * when one is given) every value row at z in Z lies in the row space of the
 * pattern block of z's region, a realised region, so
 *     rank_p(Z) <= batch FD(Z) <= true FD <= D - H
 * (the last bound: the H scaling vectors are in the kernel of every block).
 * Hence rank_p(Z) = D - H settles the true FD = D - H exactly. The points
 * are drawn in rounds of doubling size (first round: enough rows to reach
 * D - H), so the total work is at most twice that of the last round. */
int rf_fdim_true_random(rf_fdim_rank_t res, const rf_net_t net,
                        const fmpq *lo, const fmpq *hi, slong maxpts,
                        const rf_fdim_opts_t opts, flint_rand_t st)
{
    slong nd = rf_net_out_dim(net), n0 = rf_net_in_dim(net);
    slong D = rf_net_num_params(net), H = rf_net_num_hidden(net);
    slong n = FLINT_MAX(8, (D - H + nd - 1) / nd), have = 0;
    rf_fdim_set_t s;
    rf_fdim_opts_t o;
    rf_err_t err;
    double t0 = now_s();
    int hit = 0;
    *o = *opts;
    o->lower_only = 1;
    rf_err_init(err);
    rf_fdim_set_init(s, net, 0);
    while (1) {
        slong add = FLINT_MIN(n, maxpts) - have;
        if (add > 0) {
            fmpq *pts = _fmpq_vec_init(add * n0);
            double t1 = now_s();
            rf_fdim_random_points_box(pts, add, net, lo, hi, st);
            /* a point left on a hyperplane after the retries is an error of
             * the net (a zero neuron): then no early stop */
            if (rf_fdim_set_add_points(s, net, pts, add, err) != RF_OK) {
                _fmpq_vec_clear(pts, add * n0);
                break;
            }
            _fmpq_vec_clear(pts, add * n0);
            have += add;
            res->t_patterns += now_s() - t1;
        }
        rf_fdim_rank(res, net, s, o, st);
        if (res->rank == D - H) {
            hit = 1;
            break;
        }
        if (have >= maxpts)
            break;
        n = 2 * have;
    }
    if (hit) {
        res->exact = 1;
        res->cert = RF_FDIM_CERT_SANDWICH;
        res->note[0] = 0;
    }
    res->t_rank = now_s() - t0 - res->t_patterns;
    rf_fdim_set_clear(s);
    rf_err_clear(err);
    return hit;
}
