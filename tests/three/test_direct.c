/* Direct tests of three.h functions against computations written here:
 * rf_three_line_breakpoints (completeness and genuineness checked by an exact
 * piecewise-affine argument on each gap), rf_three_decide_univariate (against
 * an exact equality test of two univariate piecewise-linear functions with
 * hand-computed breakpoints), rf_three_rowspace_positive (Gordan's theorem by
 * minimal supports) and rf_three_factor_dim (hand cases and the kernel of
 * the differential of (V, W) -> V W).
 * RF_TEST_MULTIPLIER / RF_TEST_SEED scale the loops and fix the seed. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdlib.h>
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/three.h"
#include "relufiber/qvec.h"

#define seed0() rf_test_seed_or(777)

/* Hand-written forward pass: hidden pre-activations (layer-major) and output. */
static void hand_fwd(fmpq *pre, fmpq *y, const rf_net_t net, const fmpq *x)
{
    fmpq a[8], z[8];
    fmpq_t t;
    slong l, i, j, k = 0;
    for (i = 0; i < 8; i++) { fmpq_init(a + i); fmpq_init(z + i); }
    fmpq_init(t);
    for (j = 0; j < net->dims[0]; j++)
        fmpq_set(a + j, x + j);
    for (l = 0; l < net->L; l++) {
        for (i = 0; i < net->dims[l + 1]; i++) {
            fmpq_set(z + i, rf_net_b(net, l, i));
            for (j = 0; j < net->dims[l]; j++) {
                fmpq_mul(t, rf_net_W(net, l, i, j), a + j);
                fmpq_add(z + i, z + i, t);
            }
        }
        for (i = 0; i < net->dims[l + 1]; i++) {
            if (l == net->L - 1) {
                if (y) fmpq_set(y + i, z + i);
                continue;
            }
            if (pre) fmpq_set(pre + k, z + i);
            k++;
            if (fmpq_sgn(z + i) > 0) fmpq_set(a + i, z + i); else fmpq_zero(a + i);
        }
    }
    for (i = 0; i < 8; i++) { fmpq_clear(a + i); fmpq_clear(z + i); }
    fmpq_clear(t);
}

static void rand_net(rf_net_t net, flint_rand_t st, slong L, const slong *dims)
{
    slong l, i, j;
    rf_net_init(net, L, dims);
    for (l = 0; l < L; l++)
        for (i = 0; i < dims[l + 1]; i++) {
            for (j = 0; j < dims[l]; j++)
                fmpq_set_si(rf_net_W(net, l, i, j), (slong) n_randint(st, 7) - 3, 1 + n_randint(st, 2));
            fmpq_set_si(rf_net_b(net, l, i), (slong) n_randint(st, 7) - 3, 1 + n_randint(st, 2));
        }
}

/* point x0 + t v */
static void line_pt(fmpq *x, const fmpq *x0, const fmpq *v, const fmpq_t t, slong n)
{
    slong j;
    for (j = 0; j < n; j++) {
        fmpq_mul(x + j, v + j, t);
        fmpq_add(x + j, x + j, x0 + j);
    }
}

Test(three_direct, line_breakpoints_exact)
{
    flint_rand_t st;
    ulong seed = seed0();
    slong it, n = rf_test_iters(300);
    flint_randinit(st);
    flint_randseed(st, seed, seed + 1);
    for (it = 0; it < n; it++) {
        slong L = 2 + n_randint(st, 3), dims[6], l, H, nt, g, k, j;
        rf_net_t net;
        fmpq *t = NULL, *x0, *v, *x, *pp, *pq, *pm;
        fmpq_t p, q, r, a;
        dims[0] = 1 + n_randint(st, 3);
        for (l = 1; l < L; l++)
            dims[l] = 1 + n_randint(st, 3);
        dims[L] = 1;
        rand_net(net, st, L, dims);
        H = rf_net_num_hidden(net);
        x0 = _fmpq_vec_init(dims[0]); v = _fmpq_vec_init(dims[0]); x = _fmpq_vec_init(dims[0]);
        pp = _fmpq_vec_init(H); pq = _fmpq_vec_init(H); pm = _fmpq_vec_init(H);
        fmpq_init(p); fmpq_init(q); fmpq_init(r); fmpq_init(a);
        for (j = 0; j < dims[0]; j++) {
            fmpq_set_si(x0 + j, (slong) n_randint(st, 11) - 5, 1 + n_randint(st, 3));
            fmpq_set_si(v + j, (slong) n_randint(st, 5) - 2, 1);
        }
        if (fmpq_is_zero(v + 0))
            fmpq_one(v + 0);
        nt = rf_three_line_breakpoints(&t, net, x0, v);
        for (k = 0; k + 1 < nt; k++)
            cr_assert(fmpq_cmp(t + k, t + k + 1) < 0, "seed %lu it %ld: not sorted", seed, it);
        /* each breakpoint: some pre-activation vanishes there, and the
         * strict sign patterns just left and right of it differ */
        for (k = 0; k < nt; k++) {
            int zero = 0, differ = 0;
            line_pt(x, x0, v, t + k, dims[0]);
            hand_fwd(pm, NULL, net, x);
            for (j = 0; j < H; j++)
                zero |= fmpq_is_zero(pm + j);
            cr_assert(zero, "seed %lu it %ld: breakpoint %ld is not a zero", seed, it, k);
            fmpq_set_si(r, 1, 1);
            if (k > 0) { fmpq_sub(r, t + k, t + k - 1); }
            if (k + 1 < nt) { fmpq_sub(a, t + k + 1, t + k); if (fmpq_cmp(a, r) < 0) fmpq_set(r, a); }
            { fmpz_t two; fmpz_init_set_ui(two, 3); fmpq_div_fmpz(r, r, two); fmpz_clear(two); }
            fmpq_sub(p, t + k, r);
            fmpq_add(q, t + k, r);
            line_pt(x, x0, v, p, dims[0]);
            hand_fwd(pp, NULL, net, x);
            line_pt(x, x0, v, q, dims[0]);
            hand_fwd(pq, NULL, net, x);
            for (j = 0; j < H; j++)
                differ |= fmpq_sgn(pp + j) != fmpq_sgn(pq + j);
            cr_assert(differ, "seed %lu it %ld: no sign change at breakpoint %ld", seed, it, k);
        }
        /* completeness: on every gap, neuron by neuron in layer order, the
         * pre-activation through two interior points has no root inside the
         * gap (if an earliest missed sign change existed, the earlier layers
         * would be constant on the gap, that pre-activation affine there, and
         * its root inside) */
        for (g = 0; g <= nt; g++) {
            if (nt == 0) { fmpq_set_si(p, 0, 1); fmpq_set_si(q, 1, 1); }
            else if (g == 0) { fmpq_sub_si(q, t + 0, 1); fmpq_sub_si(p, t + 0, 2); }
            else if (g == nt) { fmpq_add_si(p, t + nt - 1, 1); fmpq_add_si(q, t + nt - 1, 2); }
            else {
                fmpq_sub(r, t + g, t + g - 1);
                { fmpz_t three; fmpz_init_set_ui(three, 3); fmpq_div_fmpz(r, r, three); fmpz_clear(three); }
                fmpq_add(p, t + g - 1, r);
                fmpq_sub(q, t + g, r);
            }
            line_pt(x, x0, v, p, dims[0]);
            hand_fwd(pp, NULL, net, x);
            line_pt(x, x0, v, q, dims[0]);
            hand_fwd(pq, NULL, net, x);
            for (j = 0; j < H; j++) {
                fmpq_sub(a, pq + j, pp + j);
                fmpq_sub(r, q, p);
                fmpq_div(a, a, r);
                if (fmpq_is_zero(a))
                    continue;
                fmpq_div(r, pp + j, a);
                fmpq_sub(r, p, r);     /* root of the affine extension */
                cr_assert(!((g == 0 || fmpq_cmp(r, t + g - 1) > 0) &&
                            (g == nt || fmpq_cmp(r, t + g) < 0)),
                          "seed %lu it %ld: missed breakpoint in gap %ld (neuron %ld)",
                          seed, it, g, j);
            }
        }
        if (t) _fmpq_vec_clear(t, nt);
        fmpq_clear(p); fmpq_clear(q); fmpq_clear(r); fmpq_clear(a);
        _fmpq_vec_clear(x0, dims[0]); _fmpq_vec_clear(v, dims[0]); _fmpq_vec_clear(x, dims[0]);
        _fmpq_vec_clear(pp, H); _fmpq_vec_clear(pq, H); _fmpq_vec_clear(pm, H);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* Exact equality of two univariate nets of architecture (1, 1, n2, n3):
 * every breakpoint is where u = a x + b vanishes or where a second-layer
 * pre-activation W2_j u + b2_j vanishes with u > 0; both functions are
 * affine between consecutive candidates, so agreement at the candidates, the
 * midpoints and one point beyond each end decides. */
static int uni_cands(fmpq *c, slong nc, const rf_net_t N)
{
    slong j;
    const fmpq *a = rf_net_W(N, 0, 0, 0), *b = rf_net_b(N, 0, 0);
    fmpq_t u;
    if (fmpq_is_zero(a))
        return nc;
    fmpq_init(u);
    fmpq_div(c + nc, b, a);
    fmpq_neg(c + nc, c + nc);
    nc++;
    for (j = 0; j < N->dims[2]; j++) {
        if (fmpq_is_zero(rf_net_W(N, 1, j, 0)))
            continue;
        fmpq_div(u, rf_net_b(N, 1, j), rf_net_W(N, 1, j, 0));
        fmpq_neg(u, u);
        if (fmpq_sgn(u) > 0) {
            fmpq_sub(c + nc, u, b);
            fmpq_div(c + nc, c + nc, a);
            nc++;
        }
    }
    fmpq_clear(u);
    return nc;
}

static int uni_equal(const rf_net_t A, const rf_net_t B)
{
    fmpq *c = _fmpq_vec_init(20), *ya = _fmpq_vec_init(4), *yb = _fmpq_vec_init(4);
    fmpq_t x, lo, hi;
    slong nc = 0, k, i, d = A->dims[3];
    int eq = 1;
    fmpq_init(x); fmpq_init(lo); fmpq_init(hi);
    nc = uni_cands(c, nc, A);
    nc = uni_cands(c, nc, B);
    fmpq_zero(lo); fmpq_zero(hi);
    for (k = 0; k < nc; k++) {
        if (fmpq_cmp(c + k, lo) < 0) fmpq_set(lo, c + k);
        if (fmpq_cmp(c + k, hi) > 0) fmpq_set(hi, c + k);
    }
    fmpq_sub_si(lo, lo, 1);
    fmpq_add_si(hi, hi, 1);
    /* candidates, lo, hi, and every midpoint of pairs (covers consecutive) */
    for (k = -2; k < nc * (nc + 1) && eq; k++) {
        if (k == -2) fmpq_set(x, lo);
        else if (k == -1) fmpq_set(x, hi);
        else if (k < nc) fmpq_set(x, c + k);
        else {
            slong a = (k - nc) / nc, b = (k - nc) % nc;
            fmpq_add(x, c + a, c + b);
            fmpq_div_2exp(x, x, 1);
        }
        hand_fwd(NULL, ya, A, x);
        hand_fwd(NULL, yb, B, x);
        for (i = 0; i < d; i++)
            eq &= fmpq_equal(ya + i, yb + i);
    }
    fmpq_clear(x); fmpq_clear(lo); fmpq_clear(hi);
    _fmpq_vec_clear(c, 20); _fmpq_vec_clear(ya, 4); _fmpq_vec_clear(yb, 4);
    return eq;
}

Test(three_direct, decide_univariate_vs_exact_pwl_equality)
{
    flint_rand_t st;
    ulong seed = seed0() + 1;
    slong it, n = rf_test_iters(300), yes = 0, no = 0;
    flint_randinit(st);
    flint_randseed(st, seed, seed + 2);
    for (it = 0; it < n; it++) {
        slong n2 = 1 + n_randint(st, 3), n3 = 1 + n_randint(st, 2), i, kind = n_randint(st, 5);
        slong dims[4] = {1, 1, n2, n3};
        rf_net_t A, B;
        rf_equiv_t res;
        rf_err_t err;
        int truth, r;
        rand_net(A, st, 3, dims);
        rand_net(B, st, 3, dims);
        if (kind <= 2) {
            rf_net_set(B, A);
            if (kind >= 1) {      /* positive rescaling of the first neuron */
                fmpq_t c;
                fmpq_init(c);
                fmpq_set_si(c, 1 + n_randint(st, 4), 1 + n_randint(st, 3));
                fmpq_mul(rf_net_W(B, 0, 0, 0), rf_net_W(B, 0, 0, 0), c);
                fmpq_mul(rf_net_b(B, 0, 0), rf_net_b(B, 0, 0), c);
                for (i = 0; i < n2; i++)
                    fmpq_div(rf_net_W(B, 1, i, 0), rf_net_W(B, 1, i, 0), c);
                fmpq_clear(c);
            }
            if (kind == 2) {      /* perturb one parameter */
                slong D = rf_net_num_params(B), k = n_randint(st, D);
                fmpq *th = _fmpq_vec_init(D);
                rf_net_get_params(th, B);
                fmpq_add_si(th + k, th + k, n_randint(st, 2) ? 1 : -1);
                rf_net_set_params(B, th);
                _fmpq_vec_clear(th, D);
            }
        }
        truth = uni_equal(A, B);
        rf_equiv_init(res);
        rf_err_init(err);
        r = rf_three_decide_univariate(res, A, B, err);
        cr_assert_eq(r, RF_OK, "seed %lu it %ld: %s", seed, it, err->msg);
        cr_assert_eq(res->verdict == RF_EQUIV_YES, truth, "seed %lu it %ld (kind %ld): "
                     "verdict %d, exact PWL comparison says %s", seed, it, kind,
                     (int) res->verdict, truth ? "equal" : "different");
        if (res->verdict == RF_EQUIV_NO) {
            fmpq *ya = _fmpq_vec_init(n3), *yb = _fmpq_vec_init(n3);
            hand_fwd(NULL, ya, A, res->x);
            hand_fwd(NULL, yb, B, res->x);
            cr_assert(!rf_qvec_equal(ya, yb, n3), "seed %lu it %ld: x does not separate", seed, it);
            _fmpq_vec_clear(ya, n3); _fmpq_vec_clear(yb, n3);
            no++;
        } else
            yes++;
        rf_equiv_clear(res);
        rf_err_clear(err);
        rf_net_clear(A);
        rf_net_clear(B);
    }
    cr_assert(yes > n / 10 && no > n / 10, "seed %lu: %ld yes, %ld no", seed, yes, no);
    {   /* n1 = 2 is refused */
        rf_net_t A;
        rf_equiv_t res;
        rf_err_t err;
        rand_net(A, st, 3, (slong[]) {2, 2, 2, 1});
        rf_equiv_init(res);
        rf_err_init(err);
        cr_assert_eq(rf_three_decide_univariate(res, A, A, err), RF_ERR_UNSUPPORTED);
        rf_equiv_clear(res);
        rf_err_clear(err);
        rf_net_clear(A);
    }
    flint_randclear(st);
}

/* Gordan: {y : y^T M > 0} is empty iff some nonzero lam >= 0 has M lam = 0;
 * a minimal one has a support S of columns with rank(M_S) = |S| - 1 and a
 * one-signed nullvector. */
static int brute_rowspace_positive(const fmpq_mat_t M)
{
    slong d = M->r, m = M->c, mask, i, k;
    for (mask = 1; mask < (WORD(1) << m); mask++) {
        slong S[16], s = 0;
        fmpq_mat_t T;
        int ok = 0;
        for (i = 0; i < m; i++)
            if (mask >> i & 1)
                S[s++] = i;
        if (s > d + 1)
            continue;
        fmpq_mat_init(T, d, s);
        for (k = 0; k < s; k++)
            for (i = 0; i < d; i++)
                fmpq_set(fmpq_mat_entry(T, i, k), fmpq_mat_entry(M, i, S[k]));
        if (rf_test_rank_q(T) == s - 1) {
            fmpz_mat_t Tz, N;
            slong sg = 0;
            fmpz_mat_init(Tz, d, s);
            fmpz_mat_init(N, s, s);
            fmpq_mat_get_fmpz_mat_rowwise(Tz, NULL, T);
            cr_assert_eq(fmpz_mat_nullspace(N, Tz), 1);
            ok = 1;
            for (k = 0; k < s; k++) {
                int g = fmpz_sgn(fmpz_mat_entry(N, k, 0));
                if (g == 0 || (sg != 0 && g != sg))
                    ok = 0;
                sg = g;
            }
            fmpz_mat_clear(Tz);
            fmpz_mat_clear(N);
        }
        fmpq_mat_clear(T);
        if (ok)
            return 0;
    }
    return 1;
}

Test(three_direct, rowspace_positive_vs_gordan)
{
    flint_rand_t st;
    ulong seed = seed0() + 2;
    slong it, n = rf_test_iters(500), pos = 0;
    flint_randinit(st);
    flint_randseed(st, seed, seed + 3);
    for (it = 0; it < n; it++) {
        slong d = 1 + n_randint(st, 3), m = 1 + n_randint(st, 4), i, j;
        fmpq_mat_t M, Mp;
        fmpq *p = _fmpq_vec_init(m);
        int r, b;
        fmpq_mat_init(M, d, m);
        for (i = 0; i < d; i++)
            for (j = 0; j < m; j++)
                fmpq_set_si(fmpq_mat_entry(M, i, j), (slong) n_randint(st, 7) - 3, 1);
        r = rf_three_rowspace_positive(p, M);
        b = brute_rowspace_positive(M);
        cr_assert_eq(r, b, "seed %lu it %ld: library %d, Gordan %d", seed, it, r, b);
        if (r) {
            fmpq_mat_init(Mp, d + 1, m);
            for (j = 0; j < m; j++) {
                cr_assert(fmpq_sgn(p + j) > 0, "seed %lu it %ld: p not positive", seed, it);
                for (i = 0; i < d; i++)
                    fmpq_set(fmpq_mat_entry(Mp, i, j), fmpq_mat_entry(M, i, j));
                fmpq_set(fmpq_mat_entry(Mp, d, j), p + j);
            }
            cr_assert_eq(rf_test_rank_q(Mp), rf_test_rank_q(M), "seed %lu it %ld: p not in rowspace", seed, it);
            fmpq_mat_clear(Mp);
            pos++;
        }
        fmpq_mat_clear(M);
        _fmpq_vec_clear(p, m);
    }
    cr_assert(pos > n / 10 && pos < n - n / 10, "seed %lu: %ld", seed, pos);
    flint_randclear(st);
}

Test(three_direct, factor_dim)
{
    flint_rand_t st;
    slong it, a, m, d;
    flint_randinit(st);
    /* vw = M for scalars: M != 0 is a hyperbola (dim 1); M = 0 is the union of
     * two lines (dim 1); rank 2 cannot factor through a = 1 */
    cr_assert_eq(rf_three_factor_dim(1, 1, 1, 1, 1), 1);
    cr_assert_eq(rf_three_factor_dim(1, 1, 1, 0, 1), 1);
    cr_assert_eq(rf_three_factor_dim(1, 2, 2, 2, 1), -1);
    cr_assert_eq(rf_three_factor_dim(2, 1, 2, 2, 1), -1);
    /* rho = a: the rowspace of W is that of M, so no entrywise positive W
     * exists when that rowspace has no positive vector */
    cr_assert_eq(rf_three_factor_dim(2, 3, 2, 2, 0), -1);
    /* rho = a <= min(d, m): the fiber is the GL(a)-orbit (V g^-1, g W), whose
     * dimension equals the kernel dimension of the differential
     * (dV, dW) -> dV W + V dW at a point; computed exactly here */
    for (it = 0; it < 30; it++) {
        slong i, j, k, nv, nw, row;
        fmpq_mat_t V, W, J;
        a = 1 + n_randint(st, 3);
        m = a + n_randint(st, 2);
        d = a + n_randint(st, 2);
        fmpq_mat_init(V, d, a);
        fmpq_mat_init(W, a, m);
        do {
            for (i = 0; i < d; i++)
                for (k = 0; k < a; k++)
                    fmpq_set_si(fmpq_mat_entry(V, i, k), (slong) n_randint(st, 9) - 4, 1);
            for (k = 0; k < a; k++)
                for (j = 0; j < m; j++)
                    fmpq_set_si(fmpq_mat_entry(W, k, j), 1 + n_randint(st, 5), 1);
        } while (rf_test_rank_q(V) < a || rf_test_rank_q(W) < a);
        nv = d * a;
        nw = a * m;
        fmpq_mat_init(J, d * m, nv + nw);
        for (i = 0; i < d; i++)
            for (j = 0; j < m; j++) {
                row = i * m + j;
                for (k = 0; k < a; k++) {
                    /* d(VW)_ij / dV_ik = W_kj ; / dW_kj = V_ik */
                    fmpq_set(fmpq_mat_entry(J, row, i * a + k), fmpq_mat_entry(W, k, j));
                    fmpq_set(fmpq_mat_entry(J, row, nv + k * m + j), fmpq_mat_entry(V, i, k));
                }
            }
        cr_assert_eq(rf_three_factor_dim(a, m, d, a, 1), nv + nw - rf_test_rank_q(J),
                     "a %ld m %ld d %ld", a, m, d);
        fmpq_mat_clear(J);
        fmpq_mat_clear(V);
        fmpq_mat_clear(W);
    }
    flint_randclear(st);
}
