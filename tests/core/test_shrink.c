/* Small-height separating inputs (rf_equiv_shrink_separating and friends):
 * random networks of depth 2 and 3, partners differing in one parameter by
 * 1/1000, 2^-20 or 10^-30, separating inputs of large height. Oracles: an
 * exact evaluation of both networks at the result, its height, the box. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/qvec.h"

/* random rational p/q with |p/q| <= 4 and a denominator of about bits bits */
static void rand_big_q(fmpq_t x, flint_rand_t st, slong bits)
{
    fmpz_t p, q;
    fmpz_init(p);
    fmpz_init(q);
    fmpz_randbits(q, st, bits);
    fmpz_abs(q, q);
    fmpz_add_ui(q, q, 1);
    fmpz_randm(p, st, q);
    fmpz_mul_2exp(p, p, 3);
    fmpz_sub(p, p, q);
    fmpz_sub(p, p, q);
    fmpz_sub(p, p, q);
    fmpz_sub(p, p, q);
    fmpq_set_fmpz_frac(x, p, q);
    fmpz_clear(p);
    fmpz_clear(q);
}

static void rand_small_q(fmpq_t x, flint_rand_t st)
{
    fmpq_set_si(x, (slong) n_randint(st, 19) - 9, 1 + (slong) n_randint(st, 4));
}

static void rand_net(rf_net_t net, flint_rand_t st, slong L, const slong *dims)
{
    slong l, i, j;
    rf_net_clear(net);
    rf_net_init(net, L, dims);
    for (l = 0; l < L; l++)
        for (i = 0; i < dims[l + 1]; i++) {
            for (j = 0; j < dims[l]; j++)
                rand_small_q(rf_net_W(net, l, i, j), st);
            rand_small_q(rf_net_b(net, l, i), st);
        }
}

static int separates(const rf_net_t A, const rf_net_t B, const fmpq *x)
{
    slong d = rf_net_out_dim(A);
    fmpq *ya = _fmpq_vec_init(d), *yb = _fmpq_vec_init(d);
    int r;
    rf_net_eval(ya, A, x);
    rf_net_eval(yb, B, x);
    r = !rf_qvec_equal(ya, yb, d);
    _fmpq_vec_clear(ya, d);
    _fmpq_vec_clear(yb, d);
    return r;
}

static int in_box(const fmpq *x, const fmpq *lo, const fmpq *hi, slong n)
{
    slong k;
    for (k = 0; k < n; k++)
        if (fmpq_cmp(x + k, lo + k) < 0 || fmpq_cmp(x + k, hi + k) > 0)
            return 0;
    return 1;
}

Test(shrink, random_pairs_small_height)
{
    flint_rand_t st;
    slong it, tried = 0, small = 0;
    rf_net_t A, B;
    rf_test_randinit(st);
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    for (it = 0; rf_test_loop(it, 120); it++) {
        slong L = 2 + (slong) n_randint(st, 2), dims[4], n, D, k, h0, h, kind = it % 3;
        fmpq *th, *x, *out;
        fmpq_t delta;
        dims[0] = 1 + (slong) n_randint(st, 5);
        dims[1] = 2 + (slong) n_randint(st, 6);
        dims[2] = L == 2 ? 1 + (slong) n_randint(st, 2) : 2 + (slong) n_randint(st, 8);
        dims[3] = 1 + (slong) n_randint(st, 2);
        rand_net(A, st, L, dims);
        rf_net_set(B, A);
        n = dims[0];
        D = rf_net_num_params(B);
        th = _fmpq_vec_init(D);
        rf_net_get_params(th, B);
        fmpq_init(delta);
        if (kind == 0)
            fmpq_set_si(delta, 1, 1000);
        else if (kind == 1)
            fmpq_set_si(delta, 1, WORD(1) << 20);
        else {
            fmpz_t p;
            fmpz_init(p);
            fmpz_set_ui(p, 10);
            fmpz_pow_ui(p, p, 30);
            fmpq_one(delta);
            fmpq_div_fmpz(delta, delta, p);
            fmpz_clear(p);
        }
        k = (slong) n_randint(st, D);
        fmpq_add(th + k, th + k, delta);
        rf_net_set_params(B, th);
        x = _fmpq_vec_init(n);
        out = _fmpq_vec_init(n);
        for (k = 0; k < n; k++)
            rand_big_q(x + k, st, 200);
        if (separates(A, B, x)) {
            tried++;
            h0 = rf_equiv_height(x, n);
            cr_assert_eq(rf_equiv_shrink_separating(out, A, B, x, NULL, NULL), 1);
            cr_assert(separates(A, B, out), "shrunk input does not separate");
            h = rf_equiv_height(out, n);
            cr_assert_leq(h, h0);
            if (kind < 2)
                cr_assert_leq(h, 64, "height %ld after shrinking (delta kind %ld)",
                              (long) h, (long) kind);
            small += h <= 64;
            /* aliasing */
            cr_assert_eq(rf_equiv_shrink_separating(x, A, B, x, NULL, NULL), 1);
            cr_assert(rf_qvec_equal(x, out, n));
        } else {
            /* not separating: 0 unless a separating point is nearby */
            if (rf_equiv_shrink_separating(out, A, B, x, NULL, NULL) == 0)
                cr_assert(rf_qvec_equal(out, x, n));
            else
                cr_assert(separates(A, B, out));
        }
        /* identical networks: never separates */
        cr_assert_eq(rf_equiv_shrink_separating(out, A, A, x, NULL, NULL), 0);
        cr_assert(rf_qvec_equal(out, x, n));
        fmpq_clear(delta);
        _fmpq_vec_clear(th, D);
        _fmpq_vec_clear(x, n);
        _fmpq_vec_clear(out, n);
    }
    cr_assert_geq(tried, rf_test_count(40));
    cr_assert_geq(small, tried - tried / 10, "only %ld of %ld shrunk below 64 bits",
                  (long) small, (long) tried);
    rf_net_clear(A);
    rf_net_clear(B);
    flint_randclear(st);
}

Test(shrink, stays_in_box)
{
    flint_rand_t st;
    slong it, tried = 0;
    rf_net_t A, B;
    rf_test_randinit(st);
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    for (it = 0; rf_test_loop(it, 80); it++) {
        slong dims[4] = {2 + (slong) n_randint(st, 3), 4, 5, 1}, n = dims[0], k, w;
        fmpq *x = _fmpq_vec_init(n), *out = _fmpq_vec_init(n);
        fmpq *lo = _fmpq_vec_init(n), *hi = _fmpq_vec_init(n);
        fmpq_t r;
        fmpq_init(r);
        rand_net(A, st, 3, dims);
        rf_net_set(B, A);
        fmpq_set_si(r, 1, 1000);
        fmpq_add(rf_net_b(B, 2, 0), rf_net_b(B, 2, 0), r);   /* everywhere */
        if (it % 2)
            fmpq_add(rf_net_W(B, 0, 1, 0), rf_net_W(B, 0, 1, 0), r);
        /* box around x: width 2^-w, w up to 80 bits (narrower than the
         * coarse grids, so clamping matters) */
        w = (slong) n_randint(st, 81);
        for (k = 0; k < n; k++) {
            rand_big_q(x + k, st, 160);
            rand_big_q(r, st, 40);
            fmpq_abs(r, r);
            fmpq_div_2exp(r, r, (ulong) w);
            fmpq_sub(lo + k, x + k, r);
            fmpq_div_2exp(r, r, 1);
            fmpq_add(hi + k, x + k, r);
            if (fmpq_equal(lo + k, hi + k))
                fmpq_add_si(hi + k, hi + k, 1);
        }
        if (separates(A, B, x)) {
            tried++;
            cr_assert_eq(rf_equiv_shrink_separating(out, A, B, x, lo, hi), 1);
            cr_assert(separates(A, B, out));
            cr_assert(in_box(out, lo, hi, n), "shrunk input left the box (w = %ld)",
                      (long) w);
            cr_assert_leq(rf_equiv_height(out, n), rf_equiv_height(x, n));
        }
        fmpq_clear(r);
        _fmpq_vec_clear(x, n);
        _fmpq_vec_clear(out, n);
        _fmpq_vec_clear(lo, n);
        _fmpq_vec_clear(hi, n);
    }
    cr_assert_geq(tried, rf_test_count(30));
    rf_net_clear(A);
    rf_net_clear(B);
    flint_randclear(st);
}

Test(shrink, verdict_and_filter)
{
    /* f_A = relu(x1) + x2, f_B = f_A + 2^-200 x1: rf_equiv_shrink keeps the
     * method and remarks; the double filter sees no difference between
     * identical networks */
    rf_net_t A, B;
    rf_equiv_t res;
    rf_equiv_filter_t F;
    fmpq *x = _fmpq_vec_init(2);
    fmpq_t e;
    double xd[2] = {0.75, -1.5};
    rf_net_init(A, 2, (slong[]) {2, 1, 1});
    fmpq_one(rf_net_W(A, 0, 0, 0));
    fmpq_one(rf_net_W(A, 1, 0, 0));
    rf_net_init(B, 1, (slong[]) {1, 1});
    rf_net_set(B, A);
    fmpq_init(e);
    fmpq_one(e);
    fmpq_div_2exp(e, e, 200);
    fmpq_add(rf_net_b(B, 0, 0), rf_net_b(B, 0, 0), e);   /* kink moved */
    fmpq_set_si(x, 3, 7);
    fmpq_div_2exp(x, x, 150);
    fmpq_add(x, x, e);
    fmpq_set_si(x + 1, 5, 11);
    rf_equiv_init(res);
    cr_assert_eq(rf_equiv_set_separating(res, A, B, x, "test"), 1);
    res->reason = rf_text_dup("remark");
    rf_equiv_shrink(res, A, B, NULL, NULL);
    cr_assert_eq(res->verdict, RF_EQUIV_NO);
    cr_assert_str_eq(rf_equiv_method(res), "test");
    cr_assert_str_eq(res->reason, "remark");
    cr_assert(separates(A, B, res->x));
    cr_assert(!rf_qvec_equal(res->yA, res->yB, 1));
    cr_assert_leq(rf_equiv_height(res->x, 2), rf_equiv_height(x, 2));
    rf_equiv_filter_init(F, A, A);
    cr_assert_leq(rf_equiv_filter_evidence(F, xd), 1.0);
    rf_equiv_filter_clear(F);
    /* A and B differ by 1 on x1 > 0 after an output-bias change */
    fmpq_one(rf_net_b(B, 1, 0));
    rf_equiv_filter_init(F, A, B);
    cr_assert_gt(rf_equiv_filter_evidence(F, xd), 1.0);
    rf_equiv_filter_clear(F);
    cr_assert_eq(rf_equiv_separating_near_d(x, A, B, xd, NULL, NULL), 1);
    cr_assert(separates(A, B, x));
    cr_assert_leq(rf_equiv_height(x, 2), 2);
    fmpq_clear(e);
    _fmpq_vec_clear(x, 2);
    rf_equiv_clear(res);
    rf_net_clear(A);
    rf_net_clear(B);
}
