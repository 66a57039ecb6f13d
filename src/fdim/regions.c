/* Activation regions for the true functional dimension.
 *
 * Theorem (true FD from regions, docs/functional_dimension.md). On each
 * full-dimensional activation region S the rows dF(x)/dtheta are affine in x,
 * so the rows of all points of S span the pattern block B_S (value rows at
 * one interior witness and their n0 derivatives in x), and the true
 * functional dimension is the rank of the blocks of all regions.
 *
 * The regions come from the certified kernel (rf_cells_enumerate): every
 * realized region is listed, including the regions on which a hidden
 * pre-activation is identically zero (pattern entry 0). There the map
 * theta -> F_theta(x) is not differentiable; relufiber uses the one-sided
 * convention relu'(0) = 0 (the neuron counts as inactive, as in PyTorch),
 * so such a region contributes the block of its pattern with the zero
 * entries read as inactive. rf_fdim_regions_struct::nzero counts them, so a
 * caller can report the value under the strict definition (parametrically
 * smooth points only) as well. */
#include <string.h>
#include "relufiber/fdim.h"
#include "relufiber/cells.h"

typedef struct {
    rf_fdim_regions_struct *out;
    int (*stop)(void *, const rf_fdim_regions_struct *);
    void *data;
    slong next_check;
} regions_data;

static int regions_leaf(const rf_cells_struct *e, void *data)
{
    regions_data *rd = data;
    rf_fdim_regions_struct *r = rd->out;
    slong k;
    for (k = 0; k < r->set->nh; k++)
        if (e->pat[0][k] == 0) {
            r->nzero++;
            break;
        }
    rf_fdim_set_append(r->set, e->x, e->pat[0]);
    if (rd->stop != NULL && r->set->n >= rd->next_check) {
        rd->next_check *= 2;
        r->nlp = e->stats->lps;
        if (rd->stop(rd->data, r))
            return 1;
    }
    return 0;
}

void rf_fdim_regions_init(rf_fdim_regions_t r, const rf_net_t net)
{
    rf_fdim_set_init(r->set, net, 1);
    r->nlp = 0;
    r->nzero = 0;
    r->complete = 0;
    r->stopped = 0;
    r->threads = 1;
}

void rf_fdim_regions_clear(rf_fdim_regions_t r)
{
    rf_fdim_set_clear(r->set);
}

int rf_fdim_regions(rf_fdim_regions_t r, const rf_net_t net, const fmpq *lo,
                    const fmpq *hi, slong cap, rf_err_t err)
{
    return rf_fdim_regions_ex(r, net, lo, hi, cap, NULL, NULL, err);
}

int rf_fdim_regions_ex(rf_fdim_regions_t r, const rf_net_t net, const fmpq *lo,
                       const fmpq *hi, slong cap,
                       int (*stop)(void *data, const rf_fdim_regions_struct *r),
                       void *data, rf_err_t err)
{
    rf_cells_opts_t opts;
    rf_cells_stats_t st;
    regions_data rd;
    const rf_net_struct *nets[1];
    int ret;
    nets[0] = net;
    rf_cells_opts_init(opts);
    opts->lo = lo;
    opts->hi = hi;
    opts->max_lps = cap > 0 ? cap : RF_FDIM_REGIONS_CAP;
    opts->threads = r->threads;
    rd.out = r;
    rd.stop = stop;
    rd.data = data;
    rd.next_check = 16;
    ret = rf_cells_enumerate(st, nets, 1, opts, regions_leaf, &rd, err);
    r->nlp = st->lps;
    r->stopped = st->stopped;
    r->complete = ret == RF_OK && st->complete;
    return ret;
}
