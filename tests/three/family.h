/* Test and benchmark families of three-layer networks (header only, shared
 * by tests/three and bench/three).
 *
 * fam_preserve_hide: the (q, q, r + 2, 1) "preserve -> hide" pairs of issue
 * 11. H ("hide") has W1 = I and b1 = (1, 0, ..., 0); first-layer index 1 is
 * hidden in the weak sense only: the neurons that read y_1 have every other
 * weight and their bias <= 0, while an always-active neuron and the other
 * crossing neurons have W2[j,1] = 0 and positive entries elsewhere (so the
 * old, strong hypothesis fails). s_max = 1. P ("preserve") is H shifted by
 * s_max (b1 = 0: the hyperplane sits at the breakpoint of the neurons that
 * read it), with its first layer permuted and positively rescaled and its
 * second-layer neurons permuted (Lemma 5.1). f_P = f_H by the weak Lemma
 * 5.2. */
#ifndef RF_TEST_THREE_FAMILY_H
#define RF_TEST_THREE_FAMILY_H

#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpq_vec.h>
#include "relufiber/net.h"
#include "relufiber/three.h"

static inline void fam_rq(fmpq_t x, flint_rand_t st, int sign)
{
    slong p = 1 + (slong) n_randint(st, 9), q = 1 + (slong) n_randint(st, 4);
    if (sign == 0)
        sign = n_randint(st, 2) ? 1 : -1;
    fmpq_set_si(x, sign * p, q);
}

static inline void fam_perm(slong *p, slong n, flint_rand_t st)
{
    slong i, k, t;
    for (i = 0; i < n; i++)
        p[i] = i;
    for (i = n - 1; i > 0; i--) {
        k = (slong) n_randint(st, (ulong) (i + 1));
        t = p[i];
        p[i] = p[k];
        p[k] = t;
    }
}

/* H and P must be initialised (any architecture); q >= 2, r >= 1. */
static inline void fam_preserve_hide(rf_net_t H, rf_net_t P, slong q, slong r,
                              flint_rand_t st)
{
    slong n2 = r + 2, j, k, readers = 1 + (r > 2 ? 1 : 0);
    slong *perm[2];
    fmpq *sc[2];
    fmpq_t s;
    fmpq_init(s);
    rf_net_clear(H);
    rf_net_init(H, 3, (slong[]) {q, q, n2, 1});
    for (k = 0; k < q; k++)
        fmpq_one(rf_net_W(H, 0, k, k));
    fmpq_one(rf_net_b(H, 0, 0));
    for (j = 0; j < n2; j++) {
        if (j < readers) {
            /* reads y_1: every other weight and the bias <= 0 */
            fam_rq(rf_net_W(H, 1, j, 0), st, 1);
            for (k = 1; k < q; k++)
                fam_rq(rf_net_W(H, 1, j, k), st, -1);
            /* b2 = -W2[j,1] (1 + t), t = 0 for the first: s_max = 1 */
            fmpq_set_si(s, j == 0 ? 0 : (slong) n_randint(st, 3), 2);
            fmpq_add_si(s, s, 1);
            fmpq_mul(rf_net_b(H, 1, j), rf_net_W(H, 1, j, 0), s);
            fmpq_neg(rf_net_b(H, 1, j), rf_net_b(H, 1, j));
        } else if (j == readers) {
            /* always active, ignores y_1 */
            for (k = 1; k < q; k++)
                fam_rq(rf_net_W(H, 1, j, k), st, 1);
            fam_rq(rf_net_b(H, 1, j), st, 1);
        } else {
            /* crossing, ignores y_1: positive weight on y_2, negative bias */
            fam_rq(rf_net_W(H, 1, j, 1), st, 1);
            for (k = 2; k < q; k++)
                fam_rq(rf_net_W(H, 1, j, k), st, 0);
            fam_rq(rf_net_b(H, 1, j), st, -1);
        }
        fam_rq(rf_net_W(H, 2, 0, j), st, 0);
    }
    fam_rq(rf_net_b(H, 2, 0), st, 0);
    fmpq_one(s);
    rf_three_hidden_shift(P, H, 0, s);
    perm[0] = flint_malloc(q * sizeof(slong));
    perm[1] = flint_malloc(n2 * sizeof(slong));
    sc[0] = _fmpq_vec_init(q);
    sc[1] = NULL;
    fam_perm(perm[0], q, st);
    fam_perm(perm[1], n2, st);
    for (k = 0; k < q; k++)
        fmpq_set_si(sc[0] + k, 1 + (slong) n_randint(st, 5),
                    1 + (slong) n_randint(st, 3));
    rf_net_apply_perm_scale(P, P, (const slong *const *) perm,
                            (const fmpq *const *) sc);
    flint_free(perm[0]);
    flint_free(perm[1]);
    _fmpq_vec_clear(sc[0], q);
    fmpq_clear(s);
}

#endif
