/* rf_shallow_separating_point against hand-written evaluators: for random
 * shallow pairs with different canonical objects, the returned x must
 * separate both the networks (exact forward pass written here) and the
 * canonical objects (sum_s u_s relu(h_s . (x, 1)) + A x + c, written here).
 * RF_TEST_MULTIPLIER / RF_TEST_SEED scale the loop and fix the seed. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdlib.h>
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/shallow.h"
#include "relufiber/qvec.h"

/* f(x) = W2 relu(W1 x + b1) + b2, by hand. */
static void hand_shallow(fmpq *y, const rf_net_t net, const fmpq *x)
{
    slong i, j, o, n = net->dims[1], m = net->dims[0];
    fmpq_t z, t;
    fmpq_init(z); fmpq_init(t);
    for (o = 0; o < net->dims[2]; o++)
        fmpq_set(y + o, rf_net_b(net, 1, o));
    for (i = 0; i < n; i++) {
        fmpq_set(z, rf_net_b(net, 0, i));
        for (j = 0; j < m; j++) {
            fmpq_mul(t, rf_net_W(net, 0, i, j), x + j);
            fmpq_add(z, z, t);
        }
        if (fmpq_sgn(z) <= 0)
            continue;
        for (o = 0; o < net->dims[2]; o++) {
            fmpq_mul(t, rf_net_W(net, 1, o, i), z);
            fmpq_add(y + o, y + o, t);
        }
    }
    fmpq_clear(z); fmpq_clear(t);
}

static void hand_canon(fmpq *y, const rf_shallow_canon_t C, const fmpq *x)
{
    slong s, j, o;
    fmpq_t z, t;
    fmpq_init(z); fmpq_init(t);
    for (o = 0; o < C->k; o++) {
        fmpq_set(y + o, C->c + o);
        for (j = 0; j < C->m; j++) {
            fmpq_mul(t, rf_shallow_canon_A(C, o, j), x + j);
            fmpq_add(y + o, y + o, t);
        }
    }
    for (s = 0; s < C->r; s++) {
        fmpq_set(z, rf_shallow_canon_H(C, s, C->m));
        for (j = 0; j < C->m; j++) {
            fmpq_mul(t, rf_shallow_canon_H(C, s, j), x + j);
            fmpq_add(z, z, t);
        }
        if (fmpq_sgn(z) <= 0)
            continue;
        for (o = 0; o < C->k; o++) {
            fmpq_mul(t, rf_shallow_canon_U(C, s, o), z);
            fmpq_add(y + o, y + o, t);
        }
    }
    fmpq_clear(z); fmpq_clear(t);
}

Test(shallow_direct, separating_point_separates)
{
    flint_rand_t st;
    ulong seed = rf_test_seed_or(99);
    slong it, n = rf_test_iters(400);
    slong differ = 0, small = 0;
    flint_randinit(st);
    flint_randseed(st, seed, seed + 1);
    for (it = 0; it < n; it++) {
        slong m = 1 + n_randint(st, 3), k = 1 + n_randint(st, 2), nA = 1 + n_randint(st, 4);
        slong kind = n_randint(st, 4), nB = kind == 3 ? nA + 1 : nA, i, j, o;
        rf_net_t A, B;
        rf_shallow_canon_t C, D;
        rf_err_t err;
        rf_net_init(A, 2, (slong[]) {m, nA, k});
        rf_net_randtest(A, st, 4, 3);
        rf_net_init(B, 2, (slong[]) {m, nB, k});
        if (kind == 0) {
            rf_net_randtest(B, st, 4, 3);
        } else {
            /* B = A, then a small change */
            for (i = 0; i < nA; i++) {
                for (j = 0; j < m; j++)
                    fmpq_set(rf_net_W(B, 0, i, j), rf_net_W(A, 0, i, j));
                fmpq_set(rf_net_b(B, 0, i), rf_net_b(A, 0, i));
                for (o = 0; o < k; o++)
                    fmpq_set(rf_net_W(B, 1, o, i), rf_net_W(A, 1, o, i));
            }
            for (o = 0; o < k; o++)
                fmpq_set(rf_net_b(B, 1, o), rf_net_b(A, 1, o));
            if (kind == 1)      /* one outgoing weight changed by 1 */
                fmpq_add_si(rf_net_W(B, 1, 0, 0), rf_net_W(B, 1, 0, 0), 1);
            else if (kind == 2) /* one bias shifted */
                fmpq_add_si(rf_net_b(B, 0, nA - 1), rf_net_b(B, 0, nA - 1), 1);
            else {              /* an extra neuron on the line of neuron 0,
                                   scaled by 2: changes only that jump */
                for (j = 0; j < m; j++)
                    fmpq_mul_2exp(rf_net_W(B, 0, nA, j), rf_net_W(A, 0, 0, j), 1);
                fmpq_mul_2exp(rf_net_b(B, 0, nA), rf_net_b(A, 0, 0), 1);
                fmpq_set_si(rf_net_W(B, 1, 0, nA), 1, 3);
            }
        }
        rf_err_init(err);
        rf_shallow_canon_init(C, m, k);
        rf_shallow_canon_init(D, m, k);
        cr_assert_eq(rf_shallow_canon(C, A, NULL, err), RF_OK);
        cr_assert_eq(rf_shallow_canon(D, B, NULL, err), RF_OK);
        if (!rf_shallow_canon_equal(C, D)) {
            fmpq *x = _fmpq_vec_init(m), *ya = _fmpq_vec_init(k), *yb = _fmpq_vec_init(k);
            rf_shallow_separating_point(x, C, D);
            hand_shallow(ya, A, x);
            hand_shallow(yb, B, x);
            cr_assert(!rf_qvec_equal(ya, yb, k), "seed %lu it %ld (kind %ld): x does "
                      "not separate the networks", seed, it, kind);
            hand_canon(ya, C, x);
            hand_canon(yb, D, x);
            cr_assert(!rf_qvec_equal(ya, yb, k), "seed %lu it %ld: x does not separate "
                      "the canonical objects", seed, it);
            /* and the canonical objects evaluate the networks at x */
            hand_shallow(yb, A, x);
            cr_assert(rf_qvec_equal(ya, yb, k), "seed %lu it %ld: canon of A", seed, it);
            differ++;
            small += kind != 0;
            _fmpq_vec_clear(x, m); _fmpq_vec_clear(ya, k); _fmpq_vec_clear(yb, k);
        }
        rf_shallow_canon_clear(C);
        rf_shallow_canon_clear(D);
        rf_err_clear(err);
        rf_net_clear(A);
        rf_net_clear(B);
    }
    cr_assert(differ > n / 2 && small > n / 4, "seed %lu: %ld differ, %ld small", seed, differ, small);
    flint_randclear(st);
}
