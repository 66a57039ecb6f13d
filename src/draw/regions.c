/* Exact polygons of the activation regions of a 2-D input network and the
 * exact graph of a 1-D input network (theorem in draw.h): each region of the
 * certified enumeration (cells.h) is an open convex polygon
 * {x in box : r_k . (x, 1) > 0}; clipping the closed box by the closed
 * half-planes over Q gives the exact closure, the closures tile the box, and
 * with 1-D input f is affine on each interval between consecutive region
 * ends. */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/draw.h"
#include "relufiber/qvec.h"
#include "internal.h"

/* ---- exact convex clipping --------------------------------------------- */

static void vec_reserve(fmpq **v, slong *alloc, slong need)
{
    slong k, na;
    if (need <= *alloc)
        return;
    na = FLINT_MAX(need, 2 * *alloc);
    *v = flint_realloc(*v, na * sizeof(fmpq));
    for (k = *alloc; k < na; k++)
        fmpq_init(*v + k);
    *alloc = na;
}

void _rf_draw_vec_free(fmpq *v, slong alloc)
{
    slong k;
    for (k = 0; k < alloc; k++)
        fmpq_clear(v + k);
    flint_free(v);
}

void _rf_draw_box_poly(fmpq **v, slong *n, slong *alloc, const fmpq *lo,
                       const fmpq *hi)
{
    vec_reserve(v, alloc, 8);
    fmpq_set(*v + 0, lo + 0); fmpq_set(*v + 1, lo + 1);
    fmpq_set(*v + 2, hi + 0); fmpq_set(*v + 3, lo + 1);
    fmpq_set(*v + 4, hi + 0); fmpq_set(*v + 5, hi + 1);
    fmpq_set(*v + 6, lo + 0); fmpq_set(*v + 7, hi + 1);
    *n = 4;
}

static void eval_row(fmpq_t r, const fmpq *row, const fmpq *x, const fmpq *y)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_mul(r, row + 0, x);
    fmpq_mul(t, row + 1, y);
    fmpq_add(r, r, t);
    fmpq_add(r, r, row + 2);
    fmpq_clear(t);
}

void _rf_draw_clip(fmpq **v, slong *n, slong *alloc, const fmpq *row)
{
    slong k, m = 0, nn = *n, wa = 0;
    fmpq *w = NULL, *val;
    fmpq_t lam, t;
    if (nn == 0)
        return;
    val = _fmpq_vec_init(nn);
    for (k = 0; k < nn; k++)
        eval_row(val + k, row, *v + 2 * k, *v + 2 * k + 1);
    for (k = 0; k < nn && fmpq_sgn(val + k) >= 0; k++)
        ;
    if (k == nn) {               /* nothing cut */
        _fmpq_vec_clear(val, nn);
        return;
    }
    fmpq_init(lam);
    fmpq_init(t);
    vec_reserve(&w, &wa, 2 * nn + 4);
    for (k = 0; k < nn; k++) {
        slong k2 = (k + 1) % nn, j;
        int s1 = fmpq_sgn(val + k), s2 = fmpq_sgn(val + k2);
        if (s1 >= 0) {
            vec_reserve(&w, &wa, 2 * m + 2);
            fmpq_set(w + 2 * m, *v + 2 * k);
            fmpq_set(w + 2 * m + 1, *v + 2 * k + 1);
            m++;
        }
        if ((s1 > 0 && s2 < 0) || (s1 < 0 && s2 > 0)) {
            /* P + lam (Q - P), lam = val_P / (val_P - val_Q) */
            fmpq_sub(t, val + k, val + k2);
            fmpq_div(lam, val + k, t);
            vec_reserve(&w, &wa, 2 * m + 2);
            for (j = 0; j < 2; j++) {
                fmpq_sub(t, *v + 2 * k2 + j, *v + 2 * k + j);
                fmpq_mul(t, t, lam);
                fmpq_add(w + 2 * m + j, *v + 2 * k + j, t);
            }
            m++;
        }
    }
    vec_reserve(v, alloc, 2 * m);
    for (k = 0; k < 2 * m; k++)
        fmpq_swap(*v + k, w + k);
    *n = m;
    _rf_draw_vec_free(w, wa);
    _fmpq_vec_clear(val, nn);
    fmpq_clear(lam);
    fmpq_clear(t);
}

void _rf_draw_area2(fmpq_t a2, const fmpq *v, slong n)
{
    slong k;
    fmpq_t t;
    fmpq_init(t);
    fmpq_zero(a2);
    for (k = 0; k < n; k++) {
        slong k2 = (k + 1) % n;
        fmpq_mul(t, v + 2 * k, v + 2 * k2 + 1);
        fmpq_add(a2, a2, t);
        fmpq_mul(t, v + 2 * k2, v + 2 * k + 1);
        fmpq_sub(a2, a2, t);
    }
    fmpq_clear(t);
}

void _rf_draw_poly_init(rf_draw_poly_struct *P)
{
    P->n = 0;
    P->v = NULL;
    P->npat = 0;
    P->pat = NULL;
    fmpq_init(P->area);
}

void _rf_draw_poly_clear(rf_draw_poly_struct *P)
{
    if (P->v != NULL)
        _fmpq_vec_clear(P->v, 2 * P->n);
    flint_free(P->pat);
    fmpq_clear(P->area);
    P->v = NULL;
    P->pat = NULL;
    P->n = 0;
}

/* ---- regions ------------------------------------------------------------ */

void rf_draw_regions_init(rf_draw_regions_t R)
{
    slong j;
    memset(R, 0, sizeof(rf_draw_regions_struct));
    for (j = 0; j < 2; j++) {
        fmpq_init(R->lo + j);
        fmpq_init(R->hi + j);
    }
    rf_cells_stats_init(&R->stats);
}

void rf_draw_regions_clear(rf_draw_regions_t R)
{
    slong k, j;
    for (k = 0; k < R->npoly; k++)
        _rf_draw_poly_clear(R->poly + k);
    flint_free(R->poly);
    for (k = 0; k < R->nseg; k++)
        for (j = 0; j < 4; j++)
            fmpq_clear(R->seg[k].v + j);
    flint_free(R->seg);
    for (j = 0; j < 2; j++) {
        fmpq_clear(R->lo + j);
        fmpq_clear(R->hi + j);
    }
    memset(R, 0, sizeof(rf_draw_regions_struct));
}

typedef struct {
    rf_draw_regions_struct *R;
    const rf_net_struct *net;
    fmpq *v;
    slong vn, valloc;
    fmpq *pre0, *pre1;   /* pre-activations at the two ends of an edge */
    slong nh;
} reg_data;

static int on_box_side(const rf_draw_regions_struct *R, const fmpq *a,
                       const fmpq *b)
{
    slong j;
    for (j = 0; j < 2; j++) {
        if (fmpq_equal(a + j, R->lo + j) && fmpq_equal(b + j, R->lo + j))
            return 1;
        if (fmpq_equal(a + j, R->hi + j) && fmpq_equal(b + j, R->hi + j))
            return 1;
    }
    return 0;
}

/* layer of hidden neuron k (layer-major) */
static slong neuron_layer(const rf_net_struct *net, slong k)
{
    slong t;
    for (t = 0; t + 1 < net->L; t++) {
        if (k < net->dims[t + 1])
            return t;
        k -= net->dims[t + 1];
    }
    return net->L - 2;
}

static void add_seg(rf_draw_regions_struct *R, const fmpq *a, const fmpq *b,
                    slong layer, slong neuron)
{
    rf_draw_seg_struct *s;
    slong j;
    if (R->nseg == R->segalloc) {
        R->segalloc = FLINT_MAX(16, 2 * R->segalloc);
        R->seg = flint_realloc(R->seg, R->segalloc * sizeof(rf_draw_seg_struct));
    }
    s = R->seg + R->nseg++;
    for (j = 0; j < 4; j++)
        fmpq_init(s->v + j);
    fmpq_set(s->v + 0, a + 0);
    fmpq_set(s->v + 1, a + 1);
    fmpq_set(s->v + 2, b + 0);
    fmpq_set(s->v + 3, b + 1);
    s->layer = layer;
    s->neuron = neuron;
}

static int region_leaf(const rf_cells_struct *e, void *data)
{
    reg_data *D = data;
    rf_draw_regions_struct *R = D->R;
    rf_draw_poly_struct *P;
    slong k, j;
    fmpq row[3];
    _rf_draw_box_poly(&D->v, &D->vn, &D->valloc, R->lo, R->hi);
    for (j = 0; j < 3; j++)
        fmpq_init(row + j);
    for (k = e->nbox; k < e->ncons; k++) {
        for (j = 0; j < 3; j++)
            fmpq_set(row + j, fmpq_mat_entry(e->rows, k, j));
        _rf_draw_clip(&D->v, &D->vn, &D->valloc, row);
    }
    for (j = 0; j < 3; j++)
        fmpq_clear(row + j);
    if (R->npoly == R->alloc) {
        R->alloc = FLINT_MAX(16, 2 * R->alloc);
        R->poly = flint_realloc(R->poly, R->alloc * sizeof(rf_draw_poly_struct));
    }
    P = R->poly + R->npoly++;
    _rf_draw_poly_init(P);
    P->n = D->vn;
    P->v = _fmpq_vec_init(2 * D->vn);
    for (k = 0; k < 2 * D->vn; k++)
        fmpq_set(P->v + k, D->v + k);
    _rf_draw_area2(P->area, P->v, P->n);
    fmpq_div_2exp(P->area, P->area, 1);
    P->npat = D->nh;
    P->pat = flint_malloc(FLINT_MAX(D->nh, 1) * sizeof(int));
    for (k = 0; k < D->nh; k++)
        P->pat[k] = e->pat[0][k];
    /* kink segments: an edge inside the box on which a neuron that is not
       identically zero on the region vanishes at both ends */
    for (k = 0; k < P->n; k++) {
        const fmpq *a = P->v + 2 * k, *b = P->v + 2 * ((k + 1) % P->n);
        if (on_box_side(R, a, b))
            continue;
        rf_net_forward(D->pre0, NULL, D->net, a);
        rf_net_forward(D->pre1, NULL, D->net, b);
        for (j = 0; j < D->nh; j++)
            if (P->pat[j] != 0 && fmpq_is_zero(D->pre0 + j) && fmpq_is_zero(D->pre1 + j)) {
                add_seg(R, a, b, neuron_layer(D->net, j), j);
                break;   /* the lowest neuron (layer) bending there */
            }
    }
    return 0;
}

/* order of kink segments: endpoints (normalised), then neuron */
static int cmp_seg(const void *a, const void *b)
{
    const rf_draw_seg_struct *s = a, *t = b;
    slong j;
    int c;
    for (j = 0; j < 4; j++)
        if ((c = fmpq_cmp(s->v + j, t->v + j)) != 0)
            return c;
    return (s->neuron > t->neuron) - (s->neuron < t->neuron);
}

/* each segment with its lexicographically smaller end first; exact
   duplicates (an edge shared by two regions) removed */
static void dedupe_segs(rf_draw_regions_struct *R)
{
    slong k, m = 0, j;
    for (k = 0; k < R->nseg; k++) {
        fmpq *v = R->seg[k].v;
        int c = fmpq_cmp(v + 0, v + 2);
        if (c > 0 || (c == 0 && fmpq_cmp(v + 1, v + 3) > 0)) {
            fmpq_swap(v + 0, v + 2);
            fmpq_swap(v + 1, v + 3);
        }
    }
    if (R->nseg > 1)
        qsort(R->seg, R->nseg, sizeof(rf_draw_seg_struct), cmp_seg);
    for (k = 0; k < R->nseg; k++) {
        if (m > 0 && cmp_seg(R->seg + m - 1, R->seg + k) == 0) {
            for (j = 0; j < 4; j++)
                fmpq_clear(R->seg[k].v + j);
            continue;
        }
        if (m != k)
            R->seg[m] = R->seg[k];   /* moves the fmpq structs */
        m++;
    }
    R->nseg = m;
}

int rf_draw_regions(rf_draw_regions_t R, const rf_net_t net, const fmpq *lo,
                    const fmpq *hi, slong max_regions, rf_err_t err)
{
    rf_cells_opts_t opts;
    reg_data D;
    const rf_net_struct *nets[1];
    slong k, j;
    int r;
    rf_draw_regions_clear(R);
    rf_draw_regions_init(R);
    if (net->dims[0] != 2)
        return rf_err_set(err, RF_ERR_INPUT, "<draw>", 0,
                          "region pictures need a network with 2 inputs; this one has %ld "
                          "(use a 1-input network for the graph)", (long) net->dims[0]);
    for (j = 0; j < 2; j++) {
        if (fmpq_cmp(lo + j, hi + j) >= 0)
            return rf_err_set(err, RF_ERR_INPUT, "<draw>", 0,
                              "empty box: coordinate %ld has lo >= hi", (long) (j + 1));
        fmpq_set(R->lo + j, lo + j);
        fmpq_set(R->hi + j, hi + j);
    }
    R->nlayers = net->L - 1;
    rf_cells_opts_init(opts);
    opts->lo = lo;
    opts->hi = hi;
    opts->max_regions = max_regions > 0 ? max_regions : RF_DRAW_MAX_REGIONS;
    D.R = R;
    D.net = net;
    D.v = NULL;
    D.vn = D.valloc = 0;
    D.nh = rf_net_num_hidden(net);
    D.pre0 = _fmpq_vec_init(FLINT_MAX(D.nh, 1));
    D.pre1 = _fmpq_vec_init(FLINT_MAX(D.nh, 1));
    nets[0] = net;
    r = rf_cells_enumerate(&R->stats, nets, 1, opts, region_leaf, &D, err);
    if (r == RF_OK)
        dedupe_segs(R);
    _fmpq_vec_clear(D.pre0, FLINT_MAX(D.nh, 1));
    _fmpq_vec_clear(D.pre1, FLINT_MAX(D.nh, 1));
    _rf_draw_vec_free(D.v, D.valloc);
    (void) k;
    return r;
}

int rf_draw_regions_verify(const rf_draw_regions_t R, const rf_net_t net)
{
    slong k, i, j, nh = rf_net_num_hidden(net);
    fmpq_t sum, t, a2;
    fmpq c[2];
    fmpq *pre = _fmpq_vec_init(FLINT_MAX(nh, 1));
    int *pat = flint_malloc(FLINT_MAX(nh, 1) * sizeof(int));
    int ok = 1;
    fmpq_init(sum);
    fmpq_init(t);
    fmpq_init(a2);
    fmpq_init(c + 0);
    fmpq_init(c + 1);
    for (k = 0; k < R->npoly && ok; k++) {
        const rf_draw_poly_struct *P = R->poly + k;
        if (P->n < 3 || fmpq_sgn(P->area) <= 0 || P->npat != nh) {
            ok = 0;
            break;
        }
        _rf_draw_area2(a2, P->v, P->n);
        fmpq_div_2exp(a2, a2, 1);
        if (!fmpq_equal(a2, P->area)) {
            ok = 0;
            break;
        }
        fmpq_add(sum, sum, a2);   /* = P->area */
        /* vertex average: strictly inside the convex polygon */
        for (j = 0; j < 2; j++) {
            fmpq_zero(c + j);
            for (i = 0; i < P->n; i++)
                fmpq_add(c + j, c + j, P->v + 2 * i + j);
            _rf_draw_div_si(c + j, c + j, P->n);
        }
        rf_net_pattern(pat, net, c);
        for (i = 0; i < nh; i++)
            if (pat[i] != P->pat[i])
                ok = 0;
        /* vertices: in the closed box, on the box boundary or a kink */
        for (i = 0; i < P->n && ok; i++) {
            const fmpq *x = P->v + 2 * i;
            int onb = 0;
            for (j = 0; j < 2; j++) {
                if (fmpq_cmp(x + j, R->lo + j) < 0 || fmpq_cmp(x + j, R->hi + j) > 0)
                    ok = 0;
                if (fmpq_equal(x + j, R->lo + j) || fmpq_equal(x + j, R->hi + j))
                    onb = 1;
            }
            if (!onb) {
                rf_net_forward(pre, NULL, net, x);
                onb = 0;
                for (j = 0; j < nh; j++)
                    if (fmpq_is_zero(pre + j))
                        onb = 1;
                if (!onb)
                    ok = 0;
            }
        }
    }
    if (ok && R->stats.complete) {
        fmpq_sub(t, R->hi + 0, R->lo + 0);
        fmpq_sub(a2, R->hi + 1, R->lo + 1);
        fmpq_mul(t, t, a2);
        ok = fmpq_equal(t, sum);
    }
    fmpq_clear(sum);
    fmpq_clear(t);
    fmpq_clear(a2);
    fmpq_clear(c + 0);
    fmpq_clear(c + 1);
    _fmpq_vec_clear(pre, FLINT_MAX(nh, 1));
    flint_free(pat);
    return ok;
}

/* ---- graph of a 1-D input net ------------------------------------------ */

void rf_draw_graph_init(rf_draw_graph_t G)
{
    memset(G, 0, sizeof(rf_draw_graph_struct));
    fmpq_init(G->lo);
    fmpq_init(G->hi);
    rf_cells_stats_init(&G->stats);
}

void rf_draw_graph_clear(rf_draw_graph_t G)
{
    if (G->t != NULL) {
        _fmpq_vec_clear(G->t, G->npts);
        _fmpq_vec_clear(G->y, G->npts);
    }
    flint_free(G->bend);
    fmpq_clear(G->lo);
    fmpq_clear(G->hi);
    memset(G, 0, sizeof(rf_draw_graph_struct));
}

typedef struct {
    fmpq *ends;
    slong n, alloc;
} graph_data;

static int graph_leaf(const rf_cells_struct *e, void *data)
{
    graph_data *D = data;
    slong k;
    fmpq_t v;
    /* the two ends of the interval: the tightest rows a x + c > 0 */
    fmpq_init(v);
    for (k = e->nbox; k < e->ncons; k++) {
        const fmpq *a = fmpq_mat_entry(e->rows, k, 0);
        if (fmpq_is_zero(a))
            continue;
        fmpq_div(v, fmpq_mat_entry(e->rows, k, 1), a);
        fmpq_neg(v, v);
        vec_reserve(&D->ends, &D->alloc, D->n + 1);
        fmpq_set(D->ends + D->n++, v);
    }
    fmpq_clear(v);
    return 0;
}

static int cmp_fmpq(const void *a, const void *b)
{
    return fmpq_cmp((const fmpq *) a, (const fmpq *) b);
}

int rf_draw_graph(rf_draw_graph_t G, const rf_net_t net, const fmpq_t lo,
                  const fmpq_t hi, slong output, rf_err_t err)
{
    rf_cells_opts_t opts;
    graph_data D;
    const rf_net_struct *nets[1];
    slong k, m, dl = net->dims[net->L];
    fmpq *yv;
    fmpq_t s0, s1, t;
    int r;
    rf_draw_graph_clear(G);
    rf_draw_graph_init(G);
    if (net->dims[0] != 1)
        return rf_err_set(err, RF_ERR_INPUT, "<draw>", 0,
                          "a graph needs a network with 1 input; this one has %ld "
                          "(use a 2-input network for the regions)", (long) net->dims[0]);
    if (fmpq_cmp(lo, hi) >= 0)
        return rf_err_set(err, RF_ERR_INPUT, "<draw>", 0, "empty interval: lo >= hi");
    if (output < 0 || output >= dl)
        return rf_err_set(err, RF_ERR_INPUT, "<draw>", 0,
                          "output %ld out of range: the network has %ld output(s)",
                          (long) (output + 1), (long) dl);
    fmpq_set(G->lo, lo);
    fmpq_set(G->hi, hi);
    G->output = output;
    rf_cells_opts_init(opts);
    opts->lo = lo;
    opts->hi = hi;
    opts->max_regions = RF_DRAW_MAX_REGIONS;
    nets[0] = net;
    D.ends = NULL;
    D.n = D.alloc = 0;
    vec_reserve(&D.ends, &D.alloc, 2);
    fmpq_set(D.ends + 0, lo);
    fmpq_set(D.ends + 1, hi);
    D.n = 2;
    r = rf_cells_enumerate(&G->stats, nets, 1, opts, graph_leaf, &D, err);
    if (r) {
        _rf_draw_vec_free(D.ends, D.alloc);
        return r;
    }
    /* sort, keep the distinct ends in [lo, hi] */
    if (D.n > 1)
        qsort(D.ends, D.n, sizeof(fmpq), cmp_fmpq);
    m = 0;
    for (k = 0; k < D.n; k++) {
        if (fmpq_cmp(D.ends + k, lo) < 0 || fmpq_cmp(D.ends + k, hi) > 0)
            continue;
        if (m > 0 && fmpq_equal(D.ends + k, D.ends + m - 1))
            continue;
        fmpq_swap(D.ends + m, D.ends + k);
        m++;
    }
    G->npts = m;
    G->t = _fmpq_vec_init(m);
    G->y = _fmpq_vec_init(m);
    G->bend = flint_calloc(m, sizeof(int));
    yv = _fmpq_vec_init(dl);
    for (k = 0; k < m; k++) {
        fmpq_set(G->t + k, D.ends + k);
        rf_net_eval(yv, net, G->t + k);
        fmpq_set(G->y + k, yv + output);
    }
    fmpq_init(s0);
    fmpq_init(s1);
    fmpq_init(t);
    for (k = 1; k + 1 < m; k++) {
        fmpq_sub(s0, G->y + k, G->y + k - 1);
        fmpq_sub(t, G->t + k, G->t + k - 1);
        fmpq_div(s0, s0, t);
        fmpq_sub(s1, G->y + k + 1, G->y + k);
        fmpq_sub(t, G->t + k + 1, G->t + k);
        fmpq_div(s1, s1, t);
        if (!fmpq_equal(s0, s1)) {
            G->bend[k] = 1;
            G->nbends++;
        }
    }
    fmpq_clear(s0);
    fmpq_clear(s1);
    fmpq_clear(t);
    _fmpq_vec_clear(yv, dl);
    _rf_draw_vec_free(D.ends, D.alloc);
    return RF_OK;
}

/* ---- do two networks agree on the box? ---------------------------------- */

typedef struct {
    fmpq *sep;      /* d entries */
    int differ;
} agree_data;

/* On a joint region both networks are affine; equal maps there mean equal
 * functions on the region, and the closures of the joint regions cover the
 * box. Different maps differ at a point of the open region: the interior
 * point itself, or a step from it along a coordinate where the gradients
 * differ, shorter than the distance to every constraint in that direction. */
static int agree_leaf(const rf_cells_struct *e, void *data)
{
    agree_data *D = data;
    slong d = e->d, r, j, c, jd = -1, nout = fmpq_mat_nrows(e->out + 0);
    fmpq_t va, vb, eps, m, g;
    if (fmpq_mat_equal(e->out + 0, e->out + 1))
        return 0;
    fmpq_init(va); fmpq_init(vb); fmpq_init(eps); fmpq_init(m); fmpq_init(g);
    for (j = 0; j < d; j++)
        fmpq_set(D->sep + j, e->x + j);
    for (r = 0; r < nout; r++) {
        rf_cells_affine_eval(va, e->out[0].rows[r], e->x, d);
        rf_cells_affine_eval(vb, e->out[1].rows[r], e->x, d);
        if (!fmpq_equal(va, vb))
            goto done;
    }
    for (r = 0; r < nout && jd < 0; r++)
        for (j = 0; j < d && jd < 0; j++)
            if (!fmpq_equal(fmpq_mat_entry(e->out + 0, r, j), fmpq_mat_entry(e->out + 1, r, j)))
                jd = j;
    fmpq_one(eps);
    for (c = 0; c < e->ncons; c++) {
        const fmpq *row = e->rows->rows[c];
        if (fmpq_sgn(row + jd) >= 0)
            continue;
        rf_cells_affine_eval(m, row, e->x, d);
        fmpq_neg(g, row + jd);
        fmpq_div(m, m, g);
        fmpq_div_2exp(m, m, 1);
        if (fmpq_cmp(m, eps) < 0)
            fmpq_set(eps, m);
    }
    fmpq_add(D->sep + jd, D->sep + jd, eps);
done:
    D->differ = 1;
    fmpq_clear(va); fmpq_clear(vb); fmpq_clear(eps); fmpq_clear(m); fmpq_clear(g);
    return 1;
}

int rf_draw_regions_agree(int *agree, fmpq *sep, const rf_net_t A, const rf_net_t B,
                          const fmpq *lo, const fmpq *hi, rf_err_t err)
{
    rf_cells_opts_t opts;
    rf_cells_stats_t st;
    agree_data D;
    const rf_net_struct *nets[2];
    slong d = A->dims[0], dl = A->dims[A->L];
    int r;
    *agree = -1;
    if (B->dims[0] != d || B->dims[B->L] != dl)
        return rf_err_set(err, RF_ERR_INPUT, "<draw>", 0,
                          "the two networks differ in input or output dimension");
    rf_cells_opts_init(opts);
    rf_cells_stats_init(st);
    opts->lo = lo;
    opts->hi = hi;
    nets[0] = A;
    nets[1] = B;
    D.sep = _fmpq_vec_init(d);
    D.differ = 0;
    r = rf_cells_enumerate(st, nets, 2, opts, agree_leaf, &D, err);
    if (r == RF_OK) {
        if (D.differ) {
            /* re-check the separating point exactly */
            fmpq *ya = _fmpq_vec_init(dl), *yb = _fmpq_vec_init(dl);
            slong j;
            int inbox = 1;
            rf_net_eval(ya, A, D.sep);
            rf_net_eval(yb, B, D.sep);
            for (j = 0; j < d; j++)
                inbox &= fmpq_cmp(D.sep + j, lo + j) > 0 && fmpq_cmp(D.sep + j, hi + j) < 0;
            if (rf_qvec_equal(ya, yb, dl) || !inbox)
                r = rf_err_set(err, RF_ERR_INTERNAL, "", 0,
                               "draw: a separating point failed its exact re-check");
            else
                *agree = 0;
            if (sep != NULL)
                for (j = 0; j < d; j++)
                    fmpq_set(sep + j, D.sep + j);
            _fmpq_vec_clear(ya, dl);
            _fmpq_vec_clear(yb, dl);
        } else if (st->complete) {
            *agree = 1;
        }
    }
    _fmpq_vec_clear(D.sep, d);
    return r;
}
