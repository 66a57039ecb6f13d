/* cells.h against independent brute force:
 *   - rf_cells_lp_open_interior: emptiness of {x : A x + c > 0} decided by
 *     Gordan's theorem on the homogenized system, searching the minimal
 *     supports (size <= d + 2) of a certificate by exact nullspaces;
 *   - rf_cells_gordan_verify: against the definition evaluated by hand;
 *   - rf_cells_sign_dot: against the exact fmpq sum, with cancelling
 *     huge / tiny entries;
 *   - rf_cells_count_regions: line arrangements in general position
 *     (1 + n + n(n-1)/2 regions in the plane, n + 1 on a line).
 * RF_TEST_MULTIPLIER / RF_TEST_SEED as in the other randomized suites. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdlib.h>
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/cells.h"

#define seed0() rf_test_seed_or(424242)

/* Brute-force Gordan search. rows: m x (d+1) (a_k, c_k). The homogenized
 * open cone {(x, s) : a_k x + c_k s > 0, s > 0} is empty iff some nonzero
 * lam >= 0 has lam^T M = 0 (M = rows plus the row (0, 1)); a vertex of
 * {lam >= 0, lam^T M = 0, sum lam = 1} has a support S of size <= d + 2 on
 * which the nullspace of M_S^T is 1-dimensional and spanned by a vector of
 * one strict sign. Writes the certificate (restricted to the m rows) into
 * lam if found; returns 1 iff the open polyhedron is empty. */
static int brute_empty(fmpq *lam, const fmpq_mat_t rows, slong d)
{
    slong m = rows->r, n = m + 1, mask, i, j, k;
    for (mask = 1; mask < (WORD(1) << n); mask++) {
        slong S[16], s = 0;
        fmpq_mat_t T;
        int ok = 0;
        for (i = 0; i < n; i++)
            if (mask >> i & 1)
                S[s++] = i;
        if (s > d + 2)
            continue;
        fmpq_mat_init(T, d + 1, s);   /* columns: rows of M on S */
        for (k = 0; k < s; k++)
            for (j = 0; j <= d; j++) {
                if (S[k] < m)
                    fmpq_set(fmpq_mat_entry(T, j, k), fmpq_mat_entry(rows, S[k], j));
                else
                    fmpq_set_si(fmpq_mat_entry(T, j, k), j == d, 1);
            }
        if (rf_test_rank_q(T) == s - 1) {
            fmpz_mat_t Tz, N;
            slong nul, sg = 0;
            fmpz_mat_init(Tz, d + 1, s);
            fmpz_mat_init(N, s, s);
            fmpq_mat_get_fmpz_mat_rowwise(Tz, NULL, T);
            nul = fmpz_mat_nullspace(N, Tz);
            cr_assert_eq(nul, 1);
            ok = 1;
            for (k = 0; k < s; k++) {
                int g = fmpz_sgn(fmpz_mat_entry(N, k, 0));
                if (g == 0 || (sg != 0 && g != sg))
                    ok = 0;
                sg = g;
            }
            if (ok && lam != NULL) {
                for (k = 0; k < m; k++)
                    fmpq_zero(lam + k);
                for (k = 0; k < s; k++)
                    if (S[k] < m) {
                        fmpz_abs(fmpq_numref(lam + S[k]), fmpz_mat_entry(N, k, 0));
                        fmpz_one(fmpq_denref(lam + S[k]));
                    }
            }
            fmpz_mat_clear(Tz);
            fmpz_mat_clear(N);
        }
        fmpq_mat_clear(T);
        if (ok)
            return 1;
    }
    return 0;
}

/* The definition of a Gordan certificate, by hand. */
static int hand_gordan(const fmpq *lam, const fmpq_mat_t rows, slong d)
{
    slong m = rows->r, j, k;
    int nonzero = 0, ok = 1;
    fmpq_t s, t;
    fmpq_init(s); fmpq_init(t);
    for (k = 0; k < m; k++) {
        if (fmpq_sgn(lam + k) < 0)
            ok = 0;
        if (!fmpq_is_zero(lam + k))
            nonzero = 1;
    }
    for (j = 0; j <= d && ok; j++) {
        fmpq_zero(s);
        for (k = 0; k < m; k++) {
            fmpq_mul(t, lam + k, fmpq_mat_entry(rows, k, j));
            fmpq_add(s, s, t);
        }
        if (j < d ? !fmpq_is_zero(s) : fmpq_sgn(s) > 0)
            ok = 0;
    }
    fmpq_clear(s); fmpq_clear(t);
    return ok && nonzero;
}

static void rand_rows(fmpq_mat_t rows, flint_rand_t st)
{
    slong i, j;
    for (i = 0; i < rows->r; i++)
        for (j = 0; j < rows->c; j++)
            fmpq_set_si(fmpq_mat_entry(rows, i, j), (slong) n_randint(st, 7) - 3,
                        1 + n_randint(st, 2));
}

Test(cells, lp_open_interior_vs_brute_gordan)
{
    flint_rand_t st;
    ulong seed = seed0();
    slong it, n = rf_test_iters(400), nonempty = 0, empty = 0;
    flint_randinit(st);
    flint_randseed(st, seed, seed + 3);
    for (it = 0; it < n; it++) {
        slong d = 1 + n_randint(st, 3), m = n_randint(st, d == 1 ? 5 : 7), i, j;
        fmpq_mat_t rows;
        fmpq *x = _fmpq_vec_init(d), *lam = _fmpq_vec_init(m + 1);
        fmpq_t slack, v, mn;
        rf_err_t err;
        int r, b;
        fmpq_init(slack); fmpq_init(v); fmpq_init(mn);
        rf_err_init(err);
        fmpq_mat_init(rows, m, d + 1);
        rand_rows(rows, st);
        /* some systems are made empty on purpose: a row and its negation */
        if (m >= 2 && n_randint(st, 4) == 0)
            for (j = 0; j <= d; j++)
                fmpq_neg(fmpq_mat_entry(rows, 1, j), fmpq_mat_entry(rows, 0, j));
        r = rf_cells_lp_open_interior(x, slack, rows, d, err);
        b = brute_empty(lam, rows, d);
        cr_assert(r == 0 || r == 1, "seed %lu it %ld: error %s", seed, it, err->msg);
        cr_assert_eq(r, !b, "seed %lu it %ld (d = %ld, m = %ld): library %d, brute "
                     "force %s", seed, it, d, m, r, b ? "empty" : "non-empty");
        if (r == 1) {
            /* x strictly inside, slack = the minimum of the row values */
            for (i = 0; i < m; i++) {
                rf_cells_affine_eval(v, fmpq_mat_entry(rows, i, 0), x, d);
                cr_assert(fmpq_sgn(v) > 0, "seed %lu it %ld row %ld", seed, it, i);
                if (i == 0 || fmpq_cmp(v, mn) < 0)
                    fmpq_set(mn, v);
            }
            if (m == 0)
                fmpq_one(mn);
            cr_assert(fmpq_equal(slack, mn), "seed %lu it %ld: slack", seed, it);
            nonempty++;
        } else {
            /* the brute-force certificate passes the library's verifier */
            cr_assert(hand_gordan(lam, rows, d));
            cr_assert(rf_cells_gordan_verify(lam, rows, d), "seed %lu it %ld", seed, it);
            empty++;
        }
        fmpq_mat_clear(rows);
        _fmpq_vec_clear(x, d);
        _fmpq_vec_clear(lam, m + 1);
        fmpq_clear(slack); fmpq_clear(v); fmpq_clear(mn);
        rf_err_clear(err);
    }
    cr_assert(empty > n / 20 && nonempty > n / 20, "seed %lu: %ld empty, %ld non-empty",
              seed, empty, nonempty);
    flint_randclear(st);
}

Test(cells, gordan_verify_vs_definition)
{
    flint_rand_t st;
    ulong seed = seed0() + 1;
    slong it, n = rf_test_iters(3000), yes = 0;
    flint_randinit(st);
    flint_randseed(st, seed, seed + 5);
    for (it = 0; it < n; it++) {
        slong d = 1 + n_randint(st, 3), m = 1 + n_randint(st, 4), k, j;
        fmpq_mat_t rows;
        fmpq *lam = _fmpq_vec_init(m);
        fmpq_mat_init(rows, m, d + 1);
        rand_rows(rows, st);
        for (k = 0; k < m; k++)
            fmpq_set_si(lam + k, (slong) n_randint(st, 4) - (n_randint(st, 8) == 0), 1);
        /* half of the time make sum lam_k a_k = 0 by construction:
         * the last row is minus the weighted sum of the others */
        if (n_randint(st, 2) && m >= 2) {
            fmpq_one(lam + m - 1);
            for (j = 0; j <= d; j++) {
                fmpq_t s, t;
                fmpq_init(s); fmpq_init(t);
                for (k = 0; k + 1 < m; k++) {
                    fmpq_mul(t, lam + k, fmpq_mat_entry(rows, k, j));
                    fmpq_add(s, s, t);
                }
                fmpq_neg(fmpq_mat_entry(rows, m - 1, j), s);
                if (j == d && n_randint(st, 2))  /* constant sum > 0 or = 0 */
                    fmpq_add_si(fmpq_mat_entry(rows, m - 1, j), fmpq_mat_entry(rows, m - 1, j),
                                (slong) n_randint(st, 3) - 1);
                fmpq_clear(s); fmpq_clear(t);
            }
        }
        cr_assert_eq(rf_cells_gordan_verify(lam, rows, d), hand_gordan(lam, rows, d),
                     "seed %lu it %ld", seed, it);
        yes += hand_gordan(lam, rows, d);
        fmpq_mat_clear(rows);
        _fmpq_vec_clear(lam, m);
    }
    cr_assert(yes > n / 20 && yes < n - n / 20, "seed %lu: %ld of %ld", seed, yes, n);
    flint_randclear(st);
}

Test(cells, sign_dot_cancellation)
{
    flint_rand_t st;
    ulong seed = seed0() + 2;
    slong it, n = rf_test_iters(2000), zeros = 0;
    flint_randinit(st);
    flint_randseed(st, seed, seed + 7);
    for (it = 0; it < n; it++) {
        slong len = n_randint(st, 7), k, alloc = len + 2;
        fmpq *p = _fmpq_vec_init(alloc), *q = _fmpq_vec_init(alloc);
        const fmpq *pp[10], *qq[10];
        fmpq_t v, s, t;
        int ex = -1, sg;
        fmpq_init(v); fmpq_init(s); fmpq_init(t);
        for (k = 0; k < len; k++) {
            fmpz_t big;
            fmpz_init(big);
            fmpz_one(big);
            fmpz_mul_2exp(big, big, n_randint(st, 3000));
            fmpq_set_si(p + k, (slong) n_randint(st, 21) - 10, 1 + n_randint(st, 9));
            if (n_randint(st, 2))
                fmpq_mul_fmpz(p + k, p + k, big);
            else
                fmpq_div_fmpz(p + k, p + k, big);
            fmpq_set_si(q + k, (slong) n_randint(st, 7) - 3, 1 + n_randint(st, 5));
            fmpz_clear(big);
        }
        /* cancel: append the negated sum (as 1 * (-sum)), and sometimes a
         * tiny perturbation +-2^-4000 / 3 */
        if (len > 0 && n_randint(st, 3)) {
            fmpq_zero(s);
            for (k = 0; k < len; k++) {
                fmpq_mul(t, p + k, q + k);
                fmpq_add(s, s, t);
            }
            fmpq_neg(p + len, s);
            fmpq_one(q + len);
            len++;
            if (n_randint(st, 2)) {
                fmpz_t big;
                fmpz_init(big);
                fmpz_one(big);
                fmpz_mul_2exp(big, big, 4000);
                fmpq_set_si(p + len, n_randint(st, 2) ? 1 : -1, 3);
                fmpq_div_fmpz(p + len, p + len, big);
                fmpq_one(q + len);
                len++;
                fmpz_clear(big);
            }
        }
        for (k = 0; k < len; k++) {
            pp[k] = p + k;
            qq[k] = q + k;
        }
        fmpq_zero(s);
        for (k = 0; k < len; k++) {
            fmpq_mul(t, p + k, q + k);
            fmpq_add(s, s, t);
        }
        sg = rf_cells_sign_dot(v, &ex, pp, qq, len);
        cr_assert_eq(sg, fmpq_sgn(s), "seed %lu it %ld", seed, it);
        cr_assert(fmpq_equal(v, s), "seed %lu it %ld: value", seed, it);
        if (fmpq_is_zero(s)) {
            /* a zero sum of inexact (non-dyadic or huge) terms cannot be
             * decided by balls: the exact path must have been taken */
            int inexact = 0;
            for (k = 0; k < len; k++) {
                fmpz_t od;
                fmpz_init(od);
                fmpz_fdiv_q_2exp(od, fmpq_denref(p + k), fmpz_val2(fmpq_denref(p + k)));
                /* odd denominator part > 1: the ball of p_k has radius > 0 */
                if (!fmpz_is_one(od) && !fmpq_is_zero(q + k))
                    inexact = 1;
                fmpz_clear(od);
            }
            if (inexact)
                cr_assert_eq(ex, 1, "seed %lu it %ld: exact flag", seed, it);
            zeros++;
        }
        /* sign without value */
        cr_assert_eq(rf_cells_sign_dot(NULL, NULL, pp, qq, len), fmpq_sgn(s));
        _fmpq_vec_clear(p, alloc);
        _fmpq_vec_clear(q, alloc);
        fmpq_clear(v); fmpq_clear(s); fmpq_clear(t);
    }
    cr_assert(zeros > n / 10, "seed %lu", seed);
    flint_randclear(st);
}

/* Number of regions of shallow nets whose hyperplanes are in general
 * position: on the line, n distinct points give n + 1 intervals; in the
 * plane, n lines with no two parallel and no three concurrent give
 * 1 + n + n (n - 1) / 2 regions. */
Test(cells, count_regions_arrangements)
{
    flint_rand_t st;
    ulong seed = seed0() + 3;
    slong it, n = rf_test_iters(60), tested = 0;
    flint_randinit(st);
    flint_randseed(st, seed, seed + 11);
    for (it = 0; it < n; it++) {
        slong d = 1 + n_randint(st, 2), h = 1 + n_randint(st, 6), i, j, k, cnt = -2;
        rf_net_t net;
        rf_err_t err;
        int general = 1;
        rf_net_init(net, 2, (slong[]) {d, h, 1});
        for (i = 0; i < h; i++) {
            for (j = 0; j < d; j++)
                fmpq_set_si(rf_net_W(net, 0, i, j), (slong) n_randint(st, 13) - 6, 1 + n_randint(st, 3));
            fmpq_set_si(rf_net_b(net, 0, i), (slong) n_randint(st, 21) - 10, 1 + n_randint(st, 3));
            fmpq_set_si(rf_net_W(net, 1, 0, i), 1, 1);
        }
        /* general position, checked exactly by determinants */
        for (i = 0; i < h && general; i++) {
            fmpq_mat_t A;
            fmpq_mat_init(A, 1, d);
            for (j = 0; j < d; j++)
                fmpq_set(fmpq_mat_entry(A, 0, j), rf_net_W(net, 0, i, j));
            general = rf_test_rank_q(A) == 1;
            fmpq_mat_clear(A);
            for (j = i + 1; j < h && general; j++) {
                fmpq_mat_t B;
                fmpq_mat_init(B, 2, d + 1);
                for (k = 0; k < d; k++) {
                    fmpq_set(fmpq_mat_entry(B, 0, k), rf_net_W(net, 0, i, k));
                    fmpq_set(fmpq_mat_entry(B, 1, k), rf_net_W(net, 0, j, k));
                }
                fmpq_set(fmpq_mat_entry(B, 0, d), rf_net_b(net, 0, i));
                fmpq_set(fmpq_mat_entry(B, 1, d), rf_net_b(net, 0, j));
                if (d == 1)
                    general = rf_test_rank_q(B) == 2;          /* distinct points */
                else {
                    fmpq_mat_t C;
                    fmpq_mat_window_init(C, B, 0, 0, 2, 2);
                    general = rf_test_rank_q(C) == 2;          /* not parallel */
                    fmpq_mat_window_clear(C);
                }
                fmpq_mat_clear(B);
                for (k = j + 1; k < h && general && d == 2; k++) {
                    fmpq_mat_t T;
                    slong r, c;
                    slong idx[3] = {i, j, k};
                    fmpq_mat_init(T, 3, 3);
                    for (r = 0; r < 3; r++) {
                        for (c = 0; c < 2; c++)
                            fmpq_set(fmpq_mat_entry(T, r, c), rf_net_W(net, 0, idx[r], c));
                        fmpq_set(fmpq_mat_entry(T, r, 2), rf_net_b(net, 0, idx[r]));
                    }
                    general = rf_test_rank_q(T) == 3;          /* not concurrent */
                    fmpq_mat_clear(T);
                }
            }
        }
        if (general) {
            slong expect = d == 1 ? h + 1 : 1 + h + h * (h - 1) / 2;
            rf_err_init(err);
            cr_assert_eq(rf_cells_count_regions(&cnt, NULL, net, 0, err), RF_OK);
            cr_assert_eq(cnt, expect, "seed %lu it %ld: d %ld h %ld: %ld regions, "
                         "expected %ld", seed, it, d, h, cnt, expect);
            /* with a cap below the count: -1 */
            if (expect > 1) {
                cr_assert_eq(rf_cells_count_regions(&cnt, NULL, net, expect - 1, err), RF_OK);
                cr_assert_eq(cnt, -1, "seed %lu it %ld: capped count", seed, it);
            }
            rf_err_clear(err);
            tested++;
        }
        rf_net_clear(net);
    }
    cr_assert(tested > n / 3, "seed %lu: %ld", seed, tested);
    flint_randclear(st);
}
