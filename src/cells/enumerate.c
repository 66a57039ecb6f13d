/* Exact enumeration of the full-dimensional activation regions of one or two
 * networks reading the same input (depth-first over sign choices, layer by
 * layer, one exact LP per side that is not already witnessed by the current
 * interior point). The theorem it implements is stated in cells.h.
 *
 * Invariant at search node k: the first ncons rows of `rows` are strict
 * constraints row . (x, 1) > 0, the open cell they define is non-empty, and
 * xs[k] lies in it. A neuron whose pre-activation is constant on the cell
 * (zero gradient in x) gets the sign of the constant and adds no constraint;
 * every other neuron splits the cell by a hyperplane, which loses only a
 * null set. Hence the closures of the leaf cells cover R^d (or the box),
 * and a neuron that is identically zero on an open cell keeps that cell
 * (pattern entry 0): such regions are never dropped. */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/cells.h"
#include "relufiber/qvec.h"
#include "internal.h"

typedef rf_cells_struct rf_regions_struct;

void rf_cells_affine_eval(fmpq_t r, const fmpq *row, const fmpq *x, slong d)
{
    slong j;
    fmpq_t t;
    fmpq_init(t);
    fmpq_set(r, row + d);
    for (j = 0; j < d; j++) {
        if (fmpq_is_zero(row + j))
            continue;
        fmpq_mul(t, row + j, x + j);
        fmpq_add(r, r, t);
    }
    fmpq_clear(t);
}

/* M = W * Hprev + [0 | b], or [W | b] on the first layer. */
static void layer_map(fmpq_mat_t M, const rf_net_struct *net, slong l,
                      const fmpq_mat_struct *Hprev, slong d)
{
    slong i, j;
    if (l == 0) {
        for (i = 0; i < net->dims[1]; i++) {
            for (j = 0; j < d; j++)
                fmpq_set(fmpq_mat_entry(M, i, j), rf_net_W(net, 0, i, j));
            fmpq_set(fmpq_mat_entry(M, i, d), rf_net_b(net, 0, i));
        }
        return;
    }
    fmpq_mat_mul(M, net->W + l, Hprev);
    for (i = 0; i < net->dims[l + 1]; i++)
        fmpq_add(fmpq_mat_entry(M, i, d), fmpq_mat_entry(M, i, d),
                 rf_net_b(net, l, i));
}

static int row_grad_zero(const fmpq_mat_t M, slong i, slong d)
{
    slong j;
    for (j = 0; j < d; j++)
        if (!fmpq_is_zero(fmpq_mat_entry(M, i, j)))
            return 0;
    return 1;
}

/* Solve the LP for the current constraints; on success xs[k+1] is set.
 * rf_cells_lp_open_interior re-checks both answers exactly. */
static int lp_side(rf_regions_struct *e, slong k)
{
    fmpq_mat_t win;
    int r;
    fmpq *x = e->xs + (k + 1) * e->d;
    if (e->opts->max_lps > 0 && e->stats->lps >= e->opts->max_lps) {
        if (e->rec != NULL)      /* the attempt: the merge caps there too */
            fputc('l', e->rec);
        e->stats->capped = 1;
        e->stop = 1;
        return 0;
    }
    fmpq_mat_window_init(win, e->rows, 0, 0, e->ncons, e->d + 1);
    e->stats->lps++;
    r = rf_cells_lp_open_interior(x, NULL, win, e->d, e->err);
    fmpq_mat_window_clear(win);
    if (r < 0) {
        e->failed = 1;
        e->stop = 1;
        return 0;
    }
    if (r == 0)
        e->stats->lps_empty++;
    if (e->rec != NULL)
        fputc(r == 0 ? 'e' : 'l', e->rec);
    return r;
}

/* Is the sign of the affine row r (gradient non-zero) constant on the
 * current cell because of an existing constraint r_k > 0 with a parallel
 * hyperplane? r = c r_k + e on the gradient part: if c > 0 and e >= 0 then
 * r > 0 on the cell; if c < 0 and e <= 0 then r < 0. Returns +1, -1 or 0. */
static int implied_sign(const rf_regions_struct *e, const fmpq *r)
{
    slong d = e->d, k, j, j0 = 0;
    int res = 0;
    fmpq_t c, t, u;
    while (fmpq_is_zero(r + j0))
        j0++;
    fmpq_init(c); fmpq_init(t); fmpq_init(u);
    for (k = 0; k < e->ncons && res == 0; k++) {
        const fmpq *rk = e->rows->rows[k];
        int par = !fmpq_is_zero(rk + j0);
        if (!par)
            continue;
        fmpq_div(c, r + j0, rk + j0);
        for (j = 0; j < d && par; j++) {
            fmpq_mul(t, c, rk + j);
            par = fmpq_equal(t, r + j);
        }
        if (!par)
            continue;
        fmpq_mul(t, c, rk + d);
        fmpq_sub(u, r + d, t);             /* e */
        if (fmpq_sgn(c) > 0 && fmpq_sgn(u) >= 0)
            res = 1;
        else if (fmpq_sgn(c) < 0 && fmpq_sgn(u) <= 0)
            res = -1;
    }
    fmpq_clear(c); fmpq_clear(t); fmpq_clear(u);
    return res;
}

static void set_H_row(fmpq_mat_t H, const fmpq_mat_t P, slong i, slong d, int on)
{
    slong j;
    for (j = 0; j <= d; j++) {
        if (on)
            fmpq_set(fmpq_mat_entry(H, i, j), fmpq_mat_entry(P, i, j));
        else
            fmpq_zero(fmpq_mat_entry(H, i, j));
    }
}

/* Record mode (a subtree of a split search): the region's joint signs and
 * interior point, for the merge to replay. */
static void leaf_record(rf_regions_struct *e)
{
    slong k, d = e->d;
    const fmpq *x = e->xs + e->N * d;
    fputc('R', e->rec);
    for (k = 0; k < e->N; k++) {
        int s = e->pat[e->jq[k]][e->patoff[e->jq[k]][e->jt[k]] + e->ji[k]];
        fputc(s > 0 ? '+' : (s < 0 ? '-' : '0'), e->rec);
    }
    for (k = 0; k < d; k++) {
        fputc(' ', e->rec);
        fmpq_fprint(e->rec, x + k);
    }
    fputc('\n', e->rec);
    e->stats->regions++;
    if (e->opts->max_regions > 0 && e->stats->regions >= e->opts->max_regions) {
        e->stats->capped = 1;
        e->stop = 1;
    }
}

void _rf_cells_leaf(rf_regions_struct *e)
{
    slong q, d = e->d, k;
    if (e->rec != NULL) {
        leaf_record(e);
        return;
    }
    for (q = 0; q < e->nnets; q++) {
        const rf_net_struct *net = e->nets[q];
        layer_map(e->out + q, net, net->L - 1,
                  net->L >= 2 ? e->H[q] + (net->L - 2) : NULL, d);
    }
    e->x = e->xs + e->N * d;
    e->stats->regions++;
    for (k = 0; k < e->N; k++)
        if (e->pat[e->jq[k]][e->patoff[e->jq[k]][e->jt[k]] + e->ji[k]] == 0) {
            e->stats->zero_regions++;
            break;
        }
    if (e->leaf(e, e->data)) {
        e->stats->stopped = 1;
        e->stop = 1;
    }
    if (e->opts->max_regions > 0 && e->stats->regions >= e->opts->max_regions
        && !e->stop) {
        e->stats->capped = 1;
        e->stop = 1;
    }
}

/* Entering hidden level t at joint neuron k: its pre-activations are
 * affine now. */
static void enter_level(rf_regions_struct *e, slong k)
{
    slong q, t = e->jt[k];
    if (k > 0 && e->jt[k - 1] == t)
        return;
    for (q = 0; q < e->nnets; q++)
        if (t < e->nets[q]->L - 1)
            layer_map(e->P[q] + t, e->nets[q], t,
                      t > 0 ? e->H[q] + (t - 1) : NULL, e->d);
}

void _rf_cells_dfs(rf_regions_struct *e, slong k);

static void dfs_child(rf_regions_struct *e, slong k, void *arg)
{
    (void) arg;
    _rf_cells_dfs(e, k);
}

void _rf_cells_dfs(rf_regions_struct *e, slong k)
{
    if (e->drv != NULL && e->drv->cancel != NULL && (++e->polls & 63) == 0 &&
        e->drv->cancel(e->drv))
        e->stop = 1;
    if (e->stop)
        return;
    if (k == e->N) {
        _rf_cells_leaf(e);
        return;
    }
    _rf_cells_node(e, k, dfs_child, NULL);
}

/* The search node k: fix the sign of joint neuron k on every non-empty side
 * (witness xs[k + 1]) and call child(e, k + 1, arg) on each. */
void _rf_cells_node(rf_regions_struct *e, slong k, _rf_cells_child_fn child, void *arg)
{
    slong q, t, i, d = e->d, s_idx, nsides;
    fmpq_mat_struct *P;
    fmpq *x0 = e->xs + k * d;
    int signs[2], free_[2];
    fmpq_t v;

    t = e->jt[k];
    enter_level(e, k);
    q = e->jq[k];
    i = e->ji[k];
    P = e->P[q] + t;
    e->stats->nodes++;
    if (e->rec != NULL)
        fputc('n', e->rec);
    if (row_grad_zero(P, i, d)) {
        const fmpq *c = fmpq_mat_entry(P, i, d);
        e->stats->zero_const += fmpq_is_zero(c);
        if (e->rec != NULL && fmpq_is_zero(c))
            fputc('z', e->rec);
        e->pat[q][e->patoff[q][t] + i] = fmpq_sgn(c);
        set_H_row(e->H[q] + t, P, i, d, fmpq_sgn(c) > 0);
        rf_qvec_set(e->xs + (k + 1) * d, x0, d);
        child(e, k + 1, arg);
        return;
    }
    fmpq_init(v);
    rf_cells_affine_eval(v, P->rows[i], x0, d);
    if (fmpq_sgn(v) >= 0) {
        signs[0] = 1; signs[1] = -1;
    } else {
        signs[0] = -1; signs[1] = 1;
    }
    free_[0] = fmpq_sgn(v) != 0;
    free_[1] = 0;
    nsides = 2;
    if (free_[0] && implied_sign(e, P->rows[i]) == signs[0]) {
        nsides = 1;              /* the other side is empty: no LP needed */
        e->stats->pruned++;
        if (e->rec != NULL)
            fputc('p', e->rec);
    }
    fmpq_clear(v);
    for (s_idx = 0; s_idx < nsides && !e->stop; s_idx++) {
        int s = signs[s_idx];
        slong j;
        for (j = 0; j <= d; j++) {
            if (s > 0)
                fmpq_set(fmpq_mat_entry(e->rows, e->ncons, j), fmpq_mat_entry(P, i, j));
            else
                fmpq_neg(fmpq_mat_entry(e->rows, e->ncons, j), fmpq_mat_entry(P, i, j));
        }
        e->ncons++;
        if (free_[s_idx])
            rf_qvec_set(e->xs + (k + 1) * d, x0, d);
        else if (!lp_side(e, k)) {
            e->ncons--;
            continue;
        }
        e->pat[q][e->patoff[q][t] + i] = s;
        set_H_row(e->H[q] + t, P, i, d, s > 0);
        child(e, k + 1, arg);
        e->ncons--;
    }
}

/* Replay joint neurons from..to-1 with the given signs (no LP: the caller
 * knows the path is realized), rebuilding the constraint rows in search
 * order, the affine maps and the patterns. Returns 0 if a sign contradicts
 * a constant neuron (malformed path). */
int _rf_cells_replay(rf_regions_struct *e, const int *signs, slong from, slong to)
{
    slong k, q, t, i, j, d = e->d;
    fmpq_mat_struct *P;
    e->ncons = e->ncons_at[from];
    for (k = from; k < to; k++) {
        int s = signs[k];
        t = e->jt[k];
        enter_level(e, k);
        q = e->jq[k];
        i = e->ji[k];
        P = e->P[q] + t;
        if (row_grad_zero(P, i, d)) {
            if (s != fmpq_sgn(fmpq_mat_entry(P, i, d)))
                return 0;
        } else {
            if (s == 0)
                return 0;
            for (j = 0; j <= d; j++) {
                if (s > 0)
                    fmpq_set(fmpq_mat_entry(e->rows, e->ncons, j), fmpq_mat_entry(P, i, j));
                else
                    fmpq_neg(fmpq_mat_entry(e->rows, e->ncons, j), fmpq_mat_entry(P, i, j));
            }
            e->ncons++;
        }
        e->pat[q][e->patoff[q][t] + i] = s;
        set_H_row(e->H[q] + t, P, i, d, s > 0);
        e->ncons_at[k + 1] = e->ncons;
    }
    return 1;
}

void rf_cells_opts_init(rf_cells_opts_t opts)
{
    opts->lo = NULL;
    opts->hi = NULL;
    opts->domain = NULL;
    opts->max_lps = 0;
    opts->max_regions = 0;
    opts->threads = 1;
    opts->driver = NULL;
}

void rf_cells_stats_init(rf_cells_stats_t stats)
{
    memset(stats, 0, sizeof(rf_cells_stats_struct));
}

/* The box lo < x < hi as 2d strict rows; its centre is the root witness. */
static int box_rows(rf_regions_struct *e, const fmpq *lo, const fmpq *hi)
{
    slong j, d = e->d;
    for (j = 0; j < d; j++) {
        fmpq *a = e->rows->rows[2 * j], *b = e->rows->rows[2 * j + 1];
        if (fmpq_cmp(lo + j, hi + j) >= 0)
            return 0;
        fmpq_one(a + j);                 /* x_j - lo_j > 0 */
        fmpq_neg(a + d, lo + j);
        fmpq_set_si(b + j, -1, 1);       /* hi_j - x_j > 0 */
        fmpq_set(b + d, hi + j);
        fmpq_add(e->xs + j, lo + j, hi + j);
        fmpq_div_2exp(e->xs + j, e->xs + j, 1);
    }
    e->ncons = e->nbox = 2 * d;
    return 1;
}

/* Append the caller's domain rows (strict); the root witness must then lie
 * in box and domain: an exact LP finds one, or proves the domain empty.
 * Returns 1, 0 (empty domain) or -1 (LP failure, err set). */
static int domain_rows(rf_regions_struct *e, const fmpq_mat_t D)
{
    slong k, j, d = e->d;
    fmpq_mat_t win;
    int r;
    for (k = 0; k < fmpq_mat_nrows(D); k++, e->ncons++)
        for (j = 0; j <= d; j++)
            fmpq_set(fmpq_mat_entry(e->rows, e->ncons, j), fmpq_mat_entry(D, k, j));
    e->nbox = e->ncons;
    fmpq_mat_window_init(win, e->rows, 0, 0, e->ncons, d + 1);
    r = rf_cells_lp_open_interior(e->xs, NULL, win, d, e->err);
    fmpq_mat_window_clear(win);
    return r;
}

/* The per-network state: pattern offsets, pre- and post-activation maps of
 * every hidden level (d + 1 columns), the output map. */
static void state_init_net(rf_regions_struct *e, slong q, const rf_net_struct *net)
{
    slong t, off = 0, d = e->d;
    e->nets[q] = net;
    e->N += rf_net_num_hidden(net);
    e->patoff[q] = flint_malloc(FLINT_MAX(net->L, 1) * sizeof(slong));
    e->P[q] = flint_malloc(FLINT_MAX(net->L, 1) * sizeof(fmpq_mat_struct));
    e->H[q] = flint_malloc(FLINT_MAX(net->L, 1) * sizeof(fmpq_mat_struct));
    for (t = 0; t + 1 < net->L; t++) {
        e->patoff[q][t] = off;
        off += net->dims[t + 1];
        fmpq_mat_init(e->P[q] + t, net->dims[t + 1], d + 1);
        fmpq_mat_init(e->H[q] + t, net->dims[t + 1], d + 1);
    }
    e->pat[q] = flint_malloc((off + 1) * sizeof(int));
    fmpq_mat_init(e->out + q, net->dims[net->L], d + 1);
}

/* The joint neuron order: hidden level by level, network by network
 * inside a level (a neuron's pre-activation is affine once every earlier
 * level is fixed). */
static void state_init_order(rf_regions_struct *e)
{
    slong q, t, T = 0, k = 0, i;
    for (q = 0; q < e->nnets; q++)
        T = FLINT_MAX(T, e->nets[q]->L - 1);
    e->jq = flint_malloc((e->N + 1) * sizeof(slong));
    e->jt = flint_malloc((e->N + 1) * sizeof(slong));
    e->ji = flint_malloc((e->N + 1) * sizeof(slong));
    for (t = 0; t < T; t++)
        for (q = 0; q < e->nnets; q++)
            if (t + 1 < e->nets[q]->L)
                for (i = 0; i < e->nets[q]->dims[t + 1]; i++, k++) {
                    e->jq[k] = q;
                    e->jt[k] = t;
                    e->ji[k] = i;
                }
}

void _rf_cells_state_clear(rf_regions_struct *e)
{
    slong q, t;
    _fmpq_vec_clear(e->xs, (e->N + 1) * e->d);
    fmpq_mat_clear(e->rows);
    flint_free(e->jq);
    flint_free(e->jt);
    flint_free(e->ji);
    flint_free(e->ncons_at);
    flint_free(e->signs);
    for (q = 0; q < e->nnets; q++) {
        for (t = 0; t + 1 < e->nets[q]->L; t++) {
            fmpq_mat_clear(e->P[q] + t);
            fmpq_mat_clear(e->H[q] + t);
        }
        fmpq_mat_clear(e->out + q);
        flint_free(e->P[q]);
        flint_free(e->H[q]);
        flint_free(e->patoff[q]);
        flint_free(e->pat[q]);
    }
}

/* The search state of nnets networks (input dimensions checked by the
 * caller), with the root constraints (box, domain) and the root witness
 * xs[0]. Returns 1 when the search can start; 0 when there is nothing to
 * search (an empty domain) or an error (e->failed = 1, err set). The state
 * must be cleared (_rf_cells_state_clear) in every case. */
int _rf_cells_state_setup(rf_regions_struct *e, const rf_net_struct *const *nets,
                          slong nnets, const rf_cells_opts_struct *opts,
                          rf_cells_stats_struct *stats, rf_err_t err)
{
    slong q, d = nets[0]->dims[0];
    int box = opts->lo != NULL && opts->hi != NULL, r;
    memset(e, 0, sizeof(*e));
    e->nnets = nnets;
    e->d = d;
    e->stats = stats;
    e->opts = opts;
    e->err = err;
    for (q = 0; q < nnets; q++)
        state_init_net(e, q, nets[q]);
    state_init_order(e);
    e->ncons_at = flint_calloc(e->N + 1, sizeof(slong));
    e->signs = flint_calloc(e->N + 1, sizeof(int));
    fmpq_mat_init(e->rows, e->N + 1 + (box ? 2 * d : 0) +
                  (opts->domain != NULL ? fmpq_mat_nrows(opts->domain) : 0), d + 1);
    e->xs = _fmpq_vec_init((e->N + 1) * d);
    if (box && !box_rows(e, opts->lo, opts->hi)) {
        rf_err_set(err, RF_ERR_INPUT, "", 0, "empty input box (some lo_j >= hi_j)");
        e->failed = 1;
        return 0;
    }
    if (opts->domain != NULL && fmpq_mat_nrows(opts->domain) > 0 &&
        (r = domain_rows(e, opts->domain)) != 1) {
        if (r < 0)    /* an empty domain (r == 0) has no region: nothing listed */
            e->failed = 1;
        return 0;
    }
    e->ncons_at[0] = e->ncons;
    return 1;
}

int rf_cells_enumerate(rf_cells_stats_t stats, const rf_net_struct *const *nets,
                       slong nnets, const rf_cells_opts_t opts,
                       rf_cells_leaf_fn leaf_fn, void *data, rf_err_t err)
{
    rf_regions_struct e;
    slong q, d;
    if (nnets < 1 || nnets > RF_CELLS_MAX_NETS)
        return rf_err_set(err, RF_ERR_INPUT, "", 0,
                          "rf_cells_enumerate: %ld networks (1 or 2 allowed)", (long) nnets);
    d = nets[0]->dims[0];
    for (q = 1; q < nnets; q++)
        if (nets[q]->dims[0] != d)
            return rf_err_set(err, RF_ERR_INPUT, "", 0,
                              "the networks have different input dimensions");
    rf_cells_stats_init(stats);
    if (_rf_cells_state_setup(&e, nets, nnets, opts, stats, err)) {
        e.leaf = leaf_fn;
        e.data = data;
        rf_cells_lp_begin();
        if (opts->threads > 1 || opts->driver != NULL)
            _rf_cells_split_enumerate(&e);
        else
            _rf_cells_dfs(&e, 0);
        rf_cells_lp_end();
    }
    stats->complete = !stats->capped && !stats->stopped && !e.failed;
    _rf_cells_state_clear(&e);
    return e.failed ? err->code : RF_OK;
}

/* ---- region counting ---------------------------------------------------- */

static int count_leaf(const rf_cells_struct *e, void *data)
{
    (void) e;
    (void) data;
    return 0;
}

int rf_cells_count_regions(slong *count, rf_cells_stats_t stats,
                           const rf_net_t net, slong max_regions, rf_err_t err)
{
    rf_cells_stats_t st;
    rf_cells_opts_t opts;
    const rf_net_struct *nets[1];
    int r;
    nets[0] = net;
    rf_cells_opts_init(opts);
    /* one more than the cap tells "more than max_regions" */
    opts->max_regions = max_regions > 0 ? max_regions + 1 : 0;
    r = rf_cells_enumerate(st, nets, 1, opts, count_leaf, NULL, err);
    if (stats != NULL)
        *stats = *st;
    if (r != RF_OK)
        return r;
    *count = (max_regions > 0 && st->regions > max_regions) ? -1 : st->regions;
    return RF_OK;
}
