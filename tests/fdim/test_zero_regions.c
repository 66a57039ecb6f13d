/* Regions with identically-zero pre-activations (pattern entry 0) against an
 * independent brute-force oracle.
 *
 * The oracle uses neither src/cells nor src/fdim/rows.c:
 *   - regions: for one input, an exact breakpoint sweep written here (layer by
 *     layer, every pre-activation is affine on each interval of the previous
 *     layers' breakpoints; split at its root when the root is inside); for two
 *     inputs, a rational grid at several scales plus random rational points;
 *   - Jacobian: the symbolic realization F_S(theta, x) (sym.h) differentiated
 *     with fmpq_mpoly_derivative in every parameter and evaluated at theta,
 *     rows stacked over affinely independent points of every region, exact
 *     rank by fmpq_mat_rref.
 * Environment: RF_TEST_MULTIPLIER (iterations factor, default 1) and
 * RF_TEST_SEED (default fixed); both are printed in every failure message. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <flint/fmpq_vec.h>
#include <flint/fmpq_mpoly.h>
#include "relufiber/relufiber.h"
#include "relufiber/fdim.h"
#include "relufiber/sym.h"
#include "relufiber/io.h"

#define zr_seed() rf_test_seed_or(20261204)

/* Small rational: integer in [-2, 2], sometimes halved. */
static void zr_small(fmpq_t q, flint_rand_t st)
{
    fmpq_set_si(q, (slong) n_randint(st, 5) - 2, n_randint(st, 4) == 0 ? 2 : 1);
}

/* A random net of depth 2..5 built so that exactly-zero pre-activations occur
 * on open sets: neurons of layers >= 2 with a row <= 0 and bias 0 (zero on
 * every region where their inputs vanish, dead elsewhere), zero neurons
 * (row and bias 0), bias-0 neurons after non-negative inputs. */
static void zr_rand_net(rf_net_t net, flint_rand_t st, slong n0)
{
    slong dims[7], L = 2 + n_randint(st, 4), l, i, j;
    dims[0] = n0;
    for (l = 1; l < L; l++)
        dims[l] = 1 + n_randint(st, L >= 4 ? 2 : 3);
    dims[L] = 1;
    rf_net_init(net, L, dims);
    for (l = 0; l < L; l++)
        for (i = 0; i < dims[l + 1]; i++) {
            ulong kind = (l >= 1 && l < L - 1) ? n_randint(st, 6) : 5;
            for (j = 0; j < dims[l]; j++)
                zr_small(rf_net_W(net, l, i, j), st);
            zr_small(rf_net_b(net, l, i), st);
            if (kind <= 1) {            /* row <= 0, bias 0: dead on orthant */
                for (j = 0; j < dims[l]; j++)
                    if (fmpq_sgn(rf_net_W(net, l, i, j)) > 0)
                        fmpq_neg(rf_net_W(net, l, i, j), rf_net_W(net, l, i, j));
                fmpq_zero(rf_net_b(net, l, i));
            } else if (kind == 2) {     /* zero neuron */
                for (j = 0; j < dims[l]; j++)
                    fmpq_zero(rf_net_W(net, l, i, j));
                fmpq_zero(rf_net_b(net, l, i));
            } else if (kind == 3) {     /* bias 0 after non-negative inputs */
                fmpq_zero(rf_net_b(net, l, i));
            }
            /* the output layer keeps random entries; make sure it sees every
             * neuron now and then */
            if (l == L - 1 && n_randint(st, 2))
                for (j = 0; j < dims[l]; j++)
                    if (fmpq_is_zero(rf_net_W(net, l, i, j)))
                        fmpq_set_si(rf_net_W(net, l, i, j), 1 + (slong) j, 1);
        }
}

/* Independent forward pass: pre-activations of every hidden neuron at x,
 * layer-major, plain loops over the entries. */
static void zr_pre(fmpq *pre, const rf_net_t net, const fmpq *x)
{
    slong l, i, j, off = 0, w = net->dims[0];
    fmpq *a = _fmpq_vec_init(8), *nx = _fmpq_vec_init(8);
    fmpq_t t;
    fmpq_init(t);
    for (j = 0; j < w; j++)
        fmpq_set(a + j, x + j);
    for (l = 0; l + 1 < net->L; l++) {
        for (i = 0; i < net->dims[l + 1]; i++) {
            fmpq_set(nx + i, rf_net_b(net, l, i));
            for (j = 0; j < net->dims[l]; j++) {
                fmpq_mul(t, rf_net_W(net, l, i, j), a + j);
                fmpq_add(nx + i, nx + i, t);
            }
            fmpq_set(pre + off + i, nx + i);
        }
        off += net->dims[l + 1];
        for (i = 0; i < net->dims[l + 1]; i++) {
            if (fmpq_sgn(nx + i) > 0)
                fmpq_set(a + i, nx + i);
            else
                fmpq_zero(a + i);
        }
    }
    fmpq_clear(t);
    _fmpq_vec_clear(a, 8);
    _fmpq_vec_clear(nx, 8);
}

/* Sorted unique insert of t into the list bp (length *n, room enough). */
static void zr_insert(fmpq *bp, slong *n, const fmpq_t t)
{
    slong k = 0, m;
    while (k < *n && fmpq_cmp(bp + k, t) < 0)
        k++;
    if (k < *n && fmpq_equal(bp + k, t))
        return;
    for (m = *n; m > k; m--)
        fmpq_set(bp + m, bp + m - 1);
    fmpq_set(bp + k, t);
    (*n)++;
}

/* Two interior points p < q of interval k (0..n) of the breakpoints bp. */
static void zr_interval_points(fmpq_t p, fmpq_t q, const fmpq *bp, slong n, slong k)
{
    if (n == 0) {
        fmpq_set_si(p, 0, 1);
        fmpq_set_si(q, 1, 1);
    } else if (k == 0) {
        fmpq_sub_si(q, bp + 0, 1);
        fmpq_sub_si(p, bp + 0, 2);
    } else if (k == n) {
        fmpq_add_si(p, bp + n - 1, 1);
        fmpq_add_si(q, bp + n - 1, 2);
    } else {
        fmpq_t t;
        fmpq_init(t);
        fmpq_sub(t, bp + k, bp + k - 1);
        { fmpz_t three; fmpz_init_set_ui(three, 3); fmpq_div_fmpz(t, t, three); fmpz_clear(three); }
        fmpq_add(p, bp + k - 1, t);
        fmpq_sub(q, bp + k, t);
        fmpq_clear(t);
    }
}

/* Exact breakpoints of a one-input net (at most cap), sorted. */
static slong zr_sweep(fmpq *bp, slong cap, const rf_net_t net)
{
    slong n = 0, l, i, k, off = 0, H = rf_net_num_hidden(net);
    fmpq *pp = _fmpq_vec_init(H), *pq = _fmpq_vec_init(H), *nw = _fmpq_vec_init(cap);
    fmpq_t p, q, a, r;
    slong nn;
    fmpq_init(p); fmpq_init(q); fmpq_init(a); fmpq_init(r);
    for (l = 0; l + 1 < net->L; l++) {
        nn = 0;
        for (k = 0; k <= n; k++) {
            zr_interval_points(p, q, bp, n, k);
            zr_pre(pp, net, p);
            zr_pre(pq, net, q);
            for (i = 0; i < net->dims[l + 1]; i++) {
                /* pre = a x + c on the interval: a = slope, root p - pre(p)/a */
                fmpq_sub(a, pq + off + i, pp + off + i);
                fmpq_sub(r, q, p);
                fmpq_div(a, a, r);
                if (fmpq_is_zero(a))
                    continue;
                fmpq_div(r, pp + off + i, a);
                fmpq_sub(r, p, r);
                if ((k == 0 || fmpq_cmp(r, bp + k - 1) > 0) &&
                    (k == n || fmpq_cmp(r, bp + k) < 0)) {
                    cr_assert(nn < cap);
                    fmpq_set(nw + nn, r);
                    nn++;
                }
            }
        }
        for (k = 0; k < nn; k++) {
            cr_assert(n < cap);
            zr_insert(bp, &n, nw + k);
        }
        off += net->dims[l + 1];
    }
    fmpq_clear(p); fmpq_clear(q); fmpq_clear(a); fmpq_clear(r);
    _fmpq_vec_clear(pp, H);
    _fmpq_vec_clear(pq, H);
    _fmpq_vec_clear(nw, cap);
    return n;
}

/* Append the dL Jacobian rows of F_S at x (S = pat with 0 read as inactive)
 * to J starting at row *row, by symbolic differentiation. */
static void zr_sym_rows(fmpq_mat_t J, slong *row, const rf_net_t net,
                        const rf_sym_ctx_t ctx, const int *pat, const fmpq *x)
{
    slong H = rf_net_num_hidden(net), D = rf_net_num_params(net);
    slong dL = rf_net_out_dim(net), o, k;
    int *p = flint_malloc(sizeof(int) * (H + 1));
    fmpq_mpoly_struct *y = rf_sym_vec_init(dL, ctx);
    fmpq_mpoly_t dp;
    fmpq *theta = _fmpq_vec_init(D);
    fmpq **vals = flint_malloc(sizeof(fmpq *) * D);
    rf_net_get_params(theta, net);
    for (k = 0; k < D; k++)
        vals[k] = theta + k;
    for (k = 0; k < H; k++)
        p[k] = pat[k] > 0 ? 1 : -1;
    cr_assert_eq(rf_sym_realize(y, NULL, p, x, 0, ctx, NULL), RF_OK);
    rf_sym_poly_init(dp, ctx);
    for (o = 0; o < dL; o++) {
        cr_assert(*row < J->r);
        for (k = 0; k < D; k++) {
            fmpq_mpoly_derivative(dp, y + o, rf_sym_param_var(ctx, 0, k), ctx->mctx);
            fmpq_mpoly_evaluate_all_fmpq(fmpq_mat_entry(J, *row, k), dp, vals, ctx->mctx);
        }
        (*row)++;
    }
    rf_sym_poly_clear(dp, ctx);
    rf_sym_vec_clear(y, dL, ctx);
    _fmpq_vec_clear(theta, D);
    flint_free(vals);
    flint_free(p);
}

static int zr_has_zero(const int *pat, slong H)
{
    slong k;
    for (k = 0; k < H; k++)
        if (pat[k] == 0)
            return 1;
    return 0;
}

static int zr_pat_eq(const int *a, const int *b, slong H)
{
    slong k;
    for (k = 0; k < H; k++)
        if ((a[k] > 0) - (a[k] < 0) != (b[k] > 0) - (b[k] < 0))
            return 0;
    return 1;
}

/* Index of pat in the region list, or -1. */
static slong zr_find(const rf_fdim_regions_t R, const int *pat, slong H)
{
    slong k;
    for (k = 0; k < R->set->n; k++)
        if (zr_pat_eq(R->set->pat + k * H, pat, H))
            return k;
    return -1;
}

static slong zr_rank(const fmpq_mat_t J, slong nrows)
{
    fmpq_mat_t W;
    slong i, j, r;
    if (nrows == 0)
        return 0;
    fmpq_mat_init(W, nrows, J->c);
    for (i = 0; i < nrows; i++)
        for (j = 0; j < J->c; j++)
            fmpq_set(fmpq_mat_entry(W, i, j), fmpq_mat_entry(J, i, j));
    r = rf_test_rank_q(W);
    fmpq_mat_clear(W);
    return r;
}

/* fdim's answers for net: the region list, the convention and strict ranks. */
typedef struct {
    slong conv, strict, strict_items, nzero;
    int exact, strict_exact;
} zr_fdim_t;

static void zr_fdim(zr_fdim_t *out, rf_fdim_regions_t R, const rf_net_t net,
                    flint_rand_t st)
{
    rf_fdim_rank_t a, b;
    rf_fdim_opts_t o;
    rf_err_t err;
    rf_err_init(err);
    rf_fdim_opts_init(o);
    cr_assert_eq(rf_fdim_regions(R, net, NULL, NULL, 0, err), RF_OK);
    cr_assert(R->complete);
    rf_fdim_rank_init(a);
    rf_fdim_rank_init(b);
    rf_fdim_true(a, net, R, o, st);
    rf_fdim_true_strict(b, net, R, o, st);
    out->conv = a->rank;
    out->exact = a->exact;
    out->strict = b->rank;
    out->strict_exact = b->exact;
    out->strict_items = b->nitems;
    out->nzero = R->nzero;
    rf_fdim_rank_clear(a);
    rf_fdim_rank_clear(b);
    rf_err_clear(err);
}

/* The oracle for one-input nets: rank of all intervals (convention) and of
 * the intervals without zero entries (strict); checks the region list. */
static void zr_check_1d(const rf_net_t net, flint_rand_t st, ulong seed,
                        slong it, slong *conv_out, slong *nzero_out,
                        slong *strict_out)
{
    slong H = rf_net_num_hidden(net), D = rf_net_num_params(net);
    slong dL = rf_net_out_dim(net), cap = 256, nb, k, m, rowc = 0, rows_s = 0;
    fmpq *bp = _fmpq_vec_init(cap);
    fmpq_t p, q;
    int *pats, *seen;
    rf_fdim_regions_t R;
    rf_sym_ctx_t ctx;
    fmpq_mat_t Jc, Js;
    zr_fdim_t f;
    slong oc, os, nstrict = 0;

    fmpq_init(p); fmpq_init(q);
    nb = zr_sweep(bp, cap, net);
    pats = flint_malloc(sizeof(int) * (nb + 1) * (H + 1));
    rf_fdim_regions_init(R, net);
    zr_fdim(&f, R, net, st);
    seen = flint_calloc(R->set->n + 1, sizeof(int));
    rf_sym_ctx_init(ctx, net, 0);
    fmpq_mat_init(Jc, 2 * (nb + 1) * dL, D);
    fmpq_mat_init(Js, 2 * (nb + 1) * dL, D);
    for (k = 0; k <= nb; k++) {
        int *pk = pats + k * (H + 1);
        int pq_[64];
        slong idx;
        zr_interval_points(p, q, bp, nb, k);
        rf_net_pattern(pk, net, p);
        rf_net_pattern(pq_, net, q);
        cr_assert(zr_pat_eq(pk, pq_, H),
                  "seed %lu it %ld: pattern not constant on interval %ld", seed, it, k);
        idx = zr_find(R, pk, H);
        cr_assert(idx >= 0, "seed %lu it %ld: oracle region %ld (zero entry %d) "
                  "missing from fdim's list", seed, it, k, zr_has_zero(pk, H));
        seen[idx] = 1;
        zr_sym_rows(Jc, &rowc, net, ctx, pk, p);
        zr_sym_rows(Jc, &rowc, net, ctx, pk, q);
        if (!zr_has_zero(pk, H)) {
            zr_sym_rows(Js, &rows_s, net, ctx, pk, p);
            zr_sym_rows(Js, &rows_s, net, ctx, pk, q);
            nstrict++;
        }
    }
    /* the lists are equal as sets: every listed region was found */
    for (m = 0; m < R->set->n; m++)
        cr_assert(seen[m], "seed %lu it %ld: fdim region %ld not found by the "
                  "sweep (%ld breakpoints)", seed, it, m, nb);
    /* the oracle's zero-region count is fdim's nzero */
    {
        slong z = 0;
        for (m = 0; m < R->set->n; m++)
            z += zr_has_zero(R->set->pat + m * H, H);
        cr_assert_eq(z, f.nzero, "seed %lu it %ld", seed, it);
    }
    oc = zr_rank(Jc, rowc);
    os = zr_rank(Js, rows_s);
    cr_assert(f.exact, "seed %lu it %ld: fdim rank not exact", seed, it);
    cr_assert_eq(oc, f.conv, "seed %lu it %ld: convention rank oracle %ld, fdim %ld",
                 seed, it, oc, f.conv);
    if (nstrict == 0) {
        cr_assert_eq(f.strict_items, 0, "seed %lu it %ld", seed, it);
    } else {
        cr_assert(f.strict_exact, "seed %lu it %ld", seed, it);
        cr_assert_eq(os, f.strict, "seed %lu it %ld: strict rank oracle %ld, fdim %ld",
                     seed, it, os, f.strict);
    }
    *conv_out = oc;
    if (strict_out)
        *strict_out = nstrict ? os : -1;
    *nzero_out = f.nzero;
    fmpq_mat_clear(Jc);
    fmpq_mat_clear(Js);
    rf_sym_ctx_clear(ctx);
    flint_free(seen);
    flint_free(pats);
    rf_fdim_regions_clear(R);
    fmpq_clear(p); fmpq_clear(q);
    _fmpq_vec_clear(bp, cap);
}

Test(zero_regions, one_input_sweep_oracle)
{
    flint_rand_t st;
    ulong seed = zr_seed();
    slong it, n = rf_test_iters(60), withzero = 0, c, z, s, differ = 0;
    rf_net_t net;
    flint_randinit(st);
    flint_randseed(st, seed, seed ^ 0x9e3779b9UL);
    for (it = 0; it < n; it++) {
        zr_rand_net(net, st, 1);
        zr_check_1d(net, st, seed, it, &c, &z, &s);
        withzero += (z > 0);
        differ += (z > 0 && s != c);
        rf_net_clear(net);
    }
    /* the generator does produce zero regions */
    cr_assert(withzero >= n / 10, "seed %lu: only %ld of %ld nets had zero regions",
              seed, withzero, n);
    /* and nets where dropping the zero regions changes the value (the bug
     * this file guards against) */
    cr_assert(differ > 0, "seed %lu: no net where the zero regions matter", seed);
    flint_randclear(st);
}

/* A hand-made case: x -> relu(x) -> relu(-h) (zero for x > 0, the neuron is
 * identically zero there) -> output; the convention rank counts the region. */
Test(zero_regions, one_input_hand_case)
{
    flint_rand_t st;
    rf_net_t net;
    slong c, z;
    flint_randinit(st);
    rf_net_init(net, 3, (slong[]) {1, 1, 1, 1});
    fmpq_set_si(rf_net_W(net, 0, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 0), -1, 1);
    fmpq_set_si(rf_net_W(net, 2, 0, 0), 1, 1);
    zr_check_1d(net, st, 0, 0, &c, &z, NULL);
    /* regions: x < 0 (pattern -,0: h = 0 identically) and x > 0 (+,-) */
    cr_assert_eq(z, 1);
    /* F = relu(-relu(x)) = 0: every Jacobian row is a product with a zero
     * factor except dF/db2 = 1 and, on x < 0 with relu'(0) = 0, nothing else;
     * on x > 0 also nothing (neuron 2 off): rank 1 */
    cr_assert_eq(c, 1);
    rf_net_clear(net);
    flint_randclear(st);
}

/* Two inputs: grid + random points. */
static void zr_rand_point(fmpq *x, flint_rand_t st)
{
    slong j;
    for (j = 0; j < 2; j++)
        fmpq_set_si(x + j, (slong) n_randint(st, 401) - 200, 1 + n_randint(st, 13));
}

/* Are the points pts[0..n) (2 coordinates each) affinely spanning R^2? */
static int zr_aff_full(const fmpq *pts, slong n)
{
    fmpq_mat_t M;
    slong i, r;
    if (n < 3)
        return 0;
    fmpq_mat_init(M, n - 1, 2);
    for (i = 1; i < n; i++) {
        fmpq_sub(fmpq_mat_entry(M, i - 1, 0), pts + 2 * i, pts + 0);
        fmpq_sub(fmpq_mat_entry(M, i - 1, 1), pts + 2 * i + 1, pts + 1);
    }
    r = rf_test_rank_q(M);
    fmpq_mat_clear(M);
    return r == 2;
}

Test(zero_regions, two_input_sampling_oracle)
{
    flint_rand_t st;
    ulong seed = zr_seed() + 7;
    slong it, n = rf_test_iters(20), withzero = 0, complete_hits = 0;
    flint_randinit(st);
    flint_randseed(st, seed, seed ^ 0x51ed27UL);
    for (it = 0; it < n; it++) {
        rf_net_t net;
        rf_fdim_regions_t R;
        zr_fdim_t f;
        slong H, D, dL, nr, k, i, j, s, rowc = 0, rows_s = 0, npts = 0;
        fmpq *pts, *regpts;
        slong *regn;
        int pat[64], pat2[64];
        rf_sym_ctx_t ctx;
        fmpq_mat_t Jc, Js;
        static const slong scales[4][2] = {{1, 4}, {1, 1}, {5, 1}, {64, 1}};
        int all_hit = 1, all_hit_s = 1;
        slong oc, os;

        zr_rand_net(net, st, 2);
        H = rf_net_num_hidden(net);
        D = rf_net_num_params(net);
        dL = rf_net_out_dim(net);
        rf_fdim_regions_init(R, net);
        zr_fdim(&f, R, net, st);
        withzero += (f.nzero > 0);
        nr = R->set->n;
        /* sample points: grid -6..6 at 4 scales (+ a 1/7 shift), 150 random */
        pts = _fmpq_vec_init(2 * (4 * 169 + 150));
        for (s = 0; s < 4; s++)
            for (i = -6; i <= 6; i++)
                for (j = -6; j <= 6; j++) {
                    fmpq_set_si(pts + 2 * npts, i * scales[s][0], scales[s][1]);
                    fmpq_set_si(pts + 2 * npts + 1, j * scales[s][0], scales[s][1]);
                    if (s == 3) {
                        fmpq_t e;
                        fmpq_init(e);
                        fmpq_set_si(e, 1, 7);
                        fmpq_add(pts + 2 * npts, pts + 2 * npts, e);
                        fmpq_clear(e);
                    }
                    npts++;
                }
        for (k = 0; k < 150; k++, npts++)
            zr_rand_point(pts + 2 * npts, st);
        regpts = _fmpq_vec_init(2 * 3 * (nr + 1));
        regn = flint_calloc(nr + 1, sizeof(slong));
        for (k = 0; k < npts; k++) {
            slong idx, z = rf_net_pattern(pat, net, pts + 2 * k);
            idx = zr_find(R, pat, H);
            if (idx < 0) {
                /* only a point on a genuine boundary may be unlisted: it has
                 * a zero entry and a small perturbation changes its pattern */
                int changed = 0, t;
                cr_assert(z > 0, "seed %lu it %ld: point %ld has a zero-free "
                          "pattern missing from fdim's list", seed, it, k);
                for (t = 0; t < 4 && !changed; t++) {
                    fmpq y[2];
                    fmpq_init(y + 0); fmpq_init(y + 1);
                    for (j = 0; j < 2; j++) {
                        fmpq_set_si(y + j, (slong) n_randint(st, 2001) - 1000, 1000000);
                        fmpq_add(y + j, y + j, pts + 2 * k + j);
                    }
                    rf_net_pattern(pat2, net, y);
                    changed = !zr_pat_eq(pat, pat2, H);
                    fmpq_clear(y + 0); fmpq_clear(y + 1);
                }
                cr_assert(changed, "seed %lu it %ld: point %ld has a zero entry, "
                          "is not on a boundary, and its pattern is not listed",
                          seed, it, k);
                continue;
            }
            /* keep up to 3 affinely independent points per region */
            if (regn[idx] < 3) {
                fmpq_set(regpts + 2 * (3 * idx + regn[idx]), pts + 2 * k);
                fmpq_set(regpts + 2 * (3 * idx + regn[idx]) + 1, pts + 2 * k + 1);
                regn[idx]++;
                if (regn[idx] == 2 &&
                    fmpq_equal(regpts + 6 * idx, regpts + 6 * idx + 2) &&
                    fmpq_equal(regpts + 6 * idx + 1, regpts + 6 * idx + 3))
                    regn[idx]--;
                if (regn[idx] == 3 && !zr_aff_full(regpts + 6 * idx, 3))
                    regn[idx]--;
            }
        }
        rf_sym_ctx_init(ctx, net, 0);
        fmpq_mat_init(Jc, 3 * (nr + 1) * dL, D);
        fmpq_mat_init(Js, 3 * (nr + 1) * dL, D);
        for (k = 0; k < nr; k++) {
            const int *pk = R->set->pat + k * H;
            int z = zr_has_zero(pk, H);
            if (regn[k] < 3) {
                all_hit = 0;
                if (!z)
                    all_hit_s = 0;
            }
            for (i = 0; i < regn[k]; i++) {
                zr_sym_rows(Jc, &rowc, net, ctx, pk, regpts + 2 * (3 * k + i));
                if (!z)
                    zr_sym_rows(Js, &rows_s, net, ctx, pk, regpts + 2 * (3 * k + i));
            }
        }
        oc = zr_rank(Jc, rowc);
        os = zr_rank(Js, rows_s);
        cr_assert(f.exact, "seed %lu it %ld", seed, it);
        cr_assert(oc <= f.conv, "seed %lu it %ld: oracle %ld > fdim %ld", seed, it, oc, f.conv);
        if (all_hit) {
            complete_hits++;
            cr_assert_eq(oc, f.conv, "seed %lu it %ld: convention rank oracle %ld, "
                         "fdim %ld", seed, it, oc, f.conv);
        }
        if (f.strict_items > 0) {
            cr_assert(os <= f.strict, "seed %lu it %ld", seed, it);
            if (all_hit_s)
                cr_assert_eq(os, f.strict, "seed %lu it %ld: strict rank oracle %ld, "
                             "fdim %ld", seed, it, os, f.strict);
        } else {
            cr_assert_eq(rows_s, 0, "seed %lu it %ld", seed, it);
        }
        fmpq_mat_clear(Jc);
        fmpq_mat_clear(Js);
        rf_sym_ctx_clear(ctx);
        flint_free(regn);
        _fmpq_vec_clear(regpts, 2 * 3 * (nr + 1));
        _fmpq_vec_clear(pts, 2 * (4 * 169 + 150));
        rf_fdim_regions_clear(R);
        rf_net_clear(net);
    }
    cr_assert(withzero > 0, "seed %lu: no net with zero regions", seed);
    cr_assert(complete_hits >= n / 4, "seed %lu: the sampling hit every region "
              "of only %ld of %ld nets", seed, complete_hits, n);
    flint_randclear(st);
}

/* relufiber fdim --true NET --json on generated nets written as .rfn. */
static int zr_run(char *out, size_t n, const char *args)
{
    char cmd[2048];
    const char *bin = getenv("RF_BIN");
    FILE *f;
    size_t k;
    int st;
    cr_assert(bin != NULL, "RF_BIN must be set");
    snprintf(cmd, sizeof cmd, "%s %s 2>&1", bin, args);
    f = popen(cmd, "r");
    cr_assert(f != NULL);
    k = fread(out, 1, n - 1, f);
    out[k] = 0;
    st = pclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(zero_regions, cli_reports_zero_regions)
{
    flint_rand_t st;
    ulong seed = zr_seed() + 13;
    static char out[1 << 16];
    slong done = 0, tries = 0;
    flint_randinit(st);
    flint_randseed(st, seed, seed + 1);
    while (done < 4 && tries < 200) {
        rf_net_t net;
        slong c, z, rank = -1, nz = -1;
        char path[64], args[256], *p;
        FILE *fp;
        int fd;
        tries++;
        zr_rand_net(net, st, 1);
        zr_check_1d(net, st, seed, tries, &c, &z, NULL);
        if (z == 0) {
            rf_net_clear(net);
            continue;
        }
        strcpy(path, "/tmp/rf_zero_XXXXXX");
        fd = mkstemp(path);
        cr_assert(fd >= 0);
        fp = fdopen(fd, "w");
        rf_io_write_rfn(fp, net);
        fclose(fp);
        snprintf(args, sizeof args, "fdim --true %s --json", path);
        cr_assert_eq(zr_run(out, sizeof out, args), 0, "seed %lu: %s", seed, out);
        unlink(path);
        p = strstr(out, "\"regions_zero\": ");
        cr_assert(p != NULL, "seed %lu: %s", seed, out);
        nz = strtol(p + strlen("\"regions_zero\": "), NULL, 10);
        p = strstr(out, "\"true\": {\"rank\": ");
        cr_assert(p != NULL, "seed %lu: %s", seed, out);
        rank = strtol(p + strlen("\"true\": {\"rank\": "), NULL, 10);
        cr_assert_eq(nz, z, "seed %lu try %ld: %s", seed, tries, out);
        cr_assert_eq(rank, c, "seed %lu try %ld: oracle %ld: %s", seed, tries, c, out);
        cr_assert(strstr(out, "\"true_fd_exact\": true") != NULL, "%s", out);
        done++;
        rf_net_clear(net);
    }
    cr_assert_eq(done, 4, "seed %lu", seed);
    flint_randclear(st);
}
