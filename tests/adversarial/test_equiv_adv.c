/* Adversarial equivalence tests: degenerate and edge-case networks at every
 * depth 1..4 (zero and constant functions, dead layers, width-1 chains,
 * identity layers relu(z) - relu(-z), hidden first-layer hyperplanes at and
 * beyond s_max, twins, cancelling antiparallel pairs, thin bumps, 2^200 and
 * 3^-100 parameters, input dimension 1 and 6, several outputs). Every verdict
 * is judged by independent exact oracles (common.c). */
#include <string.h>
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/three.h"
#include "relufiber/decide.h"
#include "relufiber/qvec.h"
#include "symgen.h"
#include "common.h"

#define D(...) ((slong[]) {__VA_ARGS__})

/* every pair of nets[0..n) is checked against the expectation same[i]==same[j] */
static void all_pairs(rf_net_struct **nets, const int *cls, slong n,
                      flint_rand_t st, int z3)
{
    slong i, j;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            if (i != j)
                adv_check(nets[i], nets[j], cls[i] == cls[j] ? 0 : 1, 6, z3 && i < j, st);
}

Test(adv_equiv, zero_constant_dead_layers)
{
    flint_rand_t st;
    rf_net_t z1, z2, z3, z4, zw, c2, k1, k2, k3, k4, k5;
    rf_test_randinit(st);
    rf_net_init(z1, 1, D(2, 1));
    rf_net_init(z2, 1, D(2, 1));
    rf_net_init(z3, 1, D(2, 1));
    rf_net_init(z4, 1, D(2, 1));
    rf_net_init(zw, 1, D(2, 1));
    rf_net_init(c2, 1, D(2, 1));
    rf_net_init(k1, 1, D(2, 1));
    rf_net_init(k2, 1, D(2, 1));
    rf_net_init(k3, 1, D(2, 1));
    rf_net_init(k4, 1, D(2, 1));
    rf_net_init(k5, 1, D(2, 1));
    adv_zero(z1, 1, D(2, 1));
    adv_zero(z2, 2, D(2, 3, 1));
    adv_zero(z3, 3, D(2, 2, 2, 1));
    adv_zero(z4, 4, D(2, 1, 1, 1, 1));
    adv_zero(zw, 3, D(2, 3, 2, 1));
    /* 3 relu(2) - 6 = 0: a dead-but-positive neuron against the bias */
    adv_mk(c2, 2, D(2, 1, 1), "0 0 2 | 3 | -6");
    /* constant 4 in five ways */
    adv_mk(k1, 1, D(2, 1), "0 0 4");
    adv_mk(k2, 2, D(2, 1, 1), "0 0 1 | 4 0");
    adv_mk(k3, 3, D(2, 2, 2, 1), "1 2 -1 1 0 1 | -1 -2 0 -1 -1 0 | 5 7 4");
    adv_mk(k4, 4, D(2, 2, 2, 2, 1),
           "1 0 0 1 0 0 | -1 0 0 -1 0 -1 | 3 4 5 6 2 -1 | 2 5 0");
    /* bottleneck, full rank, upper layer constant on O but not on R^2 */
    adv_mk(k5, 3, D(2, 2, 1, 1), "1 0 0 1 0 0 | -1 -1 0 | 7 4");
    {
        rf_net_struct *nets[] = {z1, z2, z3, z4, zw, c2, k1, k2, k3, k4, k5};
        int cls[] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
        all_pairs(nets, cls, 11, st, 1);
    }
    rf_net_clear(z1); rf_net_clear(z2); rf_net_clear(z3); rf_net_clear(z4);
    rf_net_clear(zw); rf_net_clear(c2); rf_net_clear(k1); rf_net_clear(k2);
    rf_net_clear(k3); rf_net_clear(k4); rf_net_clear(k5);
    flint_randclear(st);
}

Test(adv_equiv, width_one_chains)
{
    flint_rand_t st;
    rf_net_t r5, r2, r2b, rneg, z, r4s, s1, r3u;
    rf_test_randinit(st);
    rf_net_init(r5, 1, D(1, 1)); rf_net_init(r2, 1, D(1, 1));
    rf_net_init(r2b, 1, D(1, 1)); rf_net_init(rneg, 1, D(1, 1));
    rf_net_init(z, 1, D(1, 1)); rf_net_init(r4s, 1, D(1, 1));
    rf_net_init(s1, 1, D(1, 1)); rf_net_init(r3u, 1, D(1, 1));
    adv_mk(r5, 4, D(1, 1, 1, 1, 1), "1 0 | 1 0 | 1 0 | 1 0");     /* relu(x) */
    adv_mk(r2, 2, D(1, 1, 1), "1 0 | 1 0");                       /* relu(x) */
    adv_mk(r2b, 2, D(1, 2, 1), "1 -1 0 0 | 1 0 0");               /* relu(x) */
    adv_mk(r3u, 3, D(1, 1, 1, 1), "P200 0 | T100 0 | 1*P0 0");    /* relu(x)*2^200/3^100 */
    adv_mk(rneg, 3, D(1, 1, 1, 1), "1 0 | -1 0 | 1 0");           /* 0 */
    adv_zero(z, 2, D(1, 1, 1));
    adv_mk(r4s, 3, D(1, 1, 1, 1), "1 0 | 1 -1 | 1 0");            /* relu(x-1) */
    adv_mk(s1, 2, D(1, 1, 1), "1 -1 | 1 0");                      /* relu(x-1) */
    {
        rf_net_struct *nets[] = {r5, r2, r2b, rneg, z, r4s, s1};
        int cls[] = {0, 0, 0, 1, 1, 2, 2};
        all_pairs(nets, cls, 7, st, 1);
    }
    /* 2^200 / 3^100 relu(x) is not relu(x) */
    adv_check(r3u, r2, 1, 4, 0, st);
    rf_net_clear(r5); rf_net_clear(r2); rf_net_clear(r2b); rf_net_clear(rneg);
    rf_net_clear(z); rf_net_clear(r4s); rf_net_clear(s1); rf_net_clear(r3u);
    flint_randclear(st);
}

Test(adv_equiv, identity_layers_and_affine_functions)
{
    flint_rand_t st;
    rf_net_t s, d3, d4, d3n, a1, a2, a3, c1, c1b, a3b;
    rf_test_randinit(st);
    rf_net_init(s, 1, D(1, 1)); rf_net_init(d3, 1, D(1, 1));
    rf_net_init(d4, 1, D(1, 1)); rf_net_init(d3n, 1, D(1, 1));
    rf_net_init(a1, 1, D(1, 1)); rf_net_init(a2, 1, D(1, 1));
    rf_net_init(a3, 1, D(1, 1)); rf_net_init(c1, 1, D(1, 1));
    rf_net_init(c1b, 1, D(1, 1)); rf_net_init(a3b, 1, D(1, 1));
    adv_mk(s, 2, D(2, 1, 1), "1 -1 0 | 1 0");                       /* relu(x1-x2) */
    adv_mk(d3, 3, D(2, 4, 1, 1), "1 0 -1 0 0 1 0 -1 0 0 0 0 | 1 -1 -1 1 0 | 1 0");
    adv_mk(d4, 4, D(2, 4, 2, 1, 1),
           "1 0 -1 0 0 1 0 -1 0 0 0 0 | 1 -1 -1 1 -1 1 1 -1 0 0 | 1 -1 0 | 1 0");
    adv_mk(d3n, 3, D(2, 4, 1, 1), "1 0 -1 0 0 1 0 -1 0 0 0 0 | 1 -1 -1 1 E6 | 1 0");
    {
        rf_net_struct *nets[] = {s, d3, d4, d3n};
        int cls[] = {0, 0, 0, 1};
        all_pairs(nets, cls, 4, st, 1);
    }
    /* the affine map x1 + x2 + 1 at depths 1, 2, 3 */
    adv_mk(a1, 1, D(2, 1), "1 1 1");
    adv_mk(a2, 2, D(2, 2, 1), "1 1 -1 -1 1 -1 | 1 -1 0");
    adv_mk(a3, 3, D(2, 2, 2, 1), "1 1 -1 -1 1 -1 | 1 -1 -1 1 0 0 | 1 -1 0");
    /* same with a rank-2 bottleneck first layer: relu(x1) - relu(-x1) ... */
    adv_mk(a3b, 3, D(2, 2, 2, 1), "1 1 1 -1 1 0 | 1 0 0 0 0 0 | 1 0 0");
    adv_check(a1, a2, 0, 6, 1, st);
    adv_check(a2, a1, 0, 6, 1, st);
    adv_check(a1, a3, 0, 6, 1, st);
    adv_check(a2, a3, 0, 6, 1, st);
    adv_check(a3, a3b, 1, 6, 1, st);
    /* relu(x) - relu(-x) - relu(2x)/2 = -relu(-x) */
    adv_mk(c1, 2, D(1, 3, 1), "1 -1 2 0 0 0 | 1 -1 -1/2 0");
    adv_mk(c1b, 2, D(1, 1, 1), "-1 0 | -1 0");
    adv_check(c1, c1b, 0, 6, 1, st);
    rf_net_clear(s); rf_net_clear(d3); rf_net_clear(d4); rf_net_clear(d3n);
    rf_net_clear(a1); rf_net_clear(a2); rf_net_clear(a3); rf_net_clear(c1);
    rf_net_clear(c1b); rf_net_clear(a3b);
    flint_randclear(st);
}

/* Hidden first-layer hyperplane: shifts by s <= s_max keep the function;
 * beyond s_max the oracles decide. */
Test(adv_equiv, hidden_shift_boundary)
{
    flint_rand_t st;
    rf_net_t h, hs, g;
    const char *ss[] = {"1", "1/2", "0", "-3", "-P200", "1-T100", "1+T100",
                        "3/2", "2", "P200"};
    const int ex[] = {0, 0, 0, 0, 0, 0, ADV_ANY, ADV_ANY, ADV_ANY, ADV_ANY};
    const char *nets[] = {
        /* s_max = 1 attained by both neurons */
        "1 2 -1 1 0 1 | 1 -1 2 -3 -1 -2 | 1 1 0",
        /* s_max = 1 by neuron 1 only; neuron 2 has W2 = 0 in the column */
        "1 2 -1 1 0 1 | 1 -1 0 -3 -1 -2 | 1 1 0",
        /* s_max = 0: the canonical shift is the identity */
        "1 2 -1 1 0 1 | 1 -1 2 -3 0 -2 | 1 1 0",
        /* no positive entry in the column: every neuron dead, s_max = inf */
        "1 2 -1 1 0 1 | -1 -1 0 -3 -1 -2 | 1 1 5",
    };
    slong k, t;
    int e;
    fmpq_t s;
    rf_test_randinit(st);
    fmpq_init(s);
    rf_net_init(h, 1, D(1, 1));
    rf_net_init(hs, 1, D(1, 1));
    rf_net_init(g, 1, D(1, 1));
    for (t = 0; t < 4; t++) {
        adv_mk(h, 3, D(2, 2, 2, 1), nets[t]);
        cr_assert_eq(rf_three_hidden_index(h), 0);
        for (k = 0; k < 10; k++) {
            adv_q(s, ss[k]);
            rf_three_hidden_shift(hs, h, 0, s);
            {   /* Lemma 5.2: s <= s_max (or s_max infinite) keeps f */
                fmpq_t smax;
                fmpq_init(smax);
                e = (!rf_three_hidden_smax(smax, h, 0) || fmpq_cmp(s, smax) <= 0)
                        ? 0 : ADV_ANY;
                if (t < 2)
                    cr_assert_eq(e, ex[k]);
                fmpq_clear(smax);
            }
            adv_check(h, hs, e, 6, k < 8, st);
            adv_check(hs, h, e, 6, 0, st);
            /* and a permuted, rescaled copy of the shifted network */
            rf_net_set(g, hs);
            tsg_perm_scale(g, 0, st);
            tsg_perm_scale(g, 1, st);
            adv_check(h, g, e, 6, 0, st);
        }
    }
    rf_net_clear(h);
    rf_net_clear(hs);
    rf_net_clear(g);
    fmpq_clear(s);
    flint_randclear(st);
}

/* Thin bumps of width 10^-6 at depths 2, 3, 4, in 1 and 6 input dimensions;
 * and bumps whose three neurons coincide (cancelling twins). */
Test(adv_equiv, thin_bumps_and_twins)
{
    flint_rand_t st;
    rf_net_t b, a;
    rf_test_randinit(st);
    rf_net_init(a, 1, D(1, 1));
    rf_net_init(b, 1, D(1, 1));
    /* shallow, 1-D */
    adv_mk(a, 2, D(1, 1, 1), "1 0 | 1 0");
    adv_mk(b, 2, D(1, 4, 1), "1 1 1 1 0 -1 -1-E6 -1-2*E6 | 1 1 -2 1 0");
    adv_check(a, b, 1, 6, 1, st);
    /* shallow, 6-D, bump across a skew hyperplane far from the origin */
    adv_mk(a, 2, D(6, 1, 1), "1 2 3 4 5 6 0 | 1 0");
    adv_mk(b, 2, D(6, 4, 1),
           "1 2 3 4 5 6 | 1 -1 1 -1 1 -1 | 1 -1 1 -1 1 -1 | 1 -1 1 -1 1 -1 |"
           " 0 -1000 -1000-E6 -1000-2*E6 | 1 1 -2 1 0");
    adv_check(a, b, 1, 6, 0, st);
    /* the same with the bump neurons coinciding: twins that cancel */
    adv_mk(b, 2, D(6, 4, 1),
           "1 2 3 4 5 6 | 1 -1 1 -1 1 -1 | 2 -2 2 -2 2 -2 | 1 -1 1 -1 1 -1 |"
           " 0 -1000 -2000 -1000 | 1 1 -1 1 0");
    adv_check(a, b, 0, 6, 0, st);
    /* three-layer bottleneck: bump of t = y1 - y2 - 1 in the second layer */
    adv_mk(a, 3, D(2, 2, 1, 1), "1 0 0 1 0 0 | 1 0 0 | 1 0");
    adv_mk(b, 3, D(2, 2, 4, 1),
           "1 0 0 1 0 0 | 1 -1 1 -1 1 -1 1 0 -1 -1-E6 -1-2*E6 0 | 1 -2 1 1 0");
    adv_check(a, b, 1, 6, 1, st);
    adv_check(b, a, 1, 6, 0, st);
    /* bump neurons as twins: t, t, t with 1, -2, 1 cancel */
    adv_mk(b, 3, D(2, 2, 4, 1),
           "1 0 0 1 0 0 | 1 -1 2 -2 1 -1 1 0 -1 -2 -1 0 | 1 -1 1 1 0");
    adv_check(a, b, 0, 6, 1, st);
    /* bump on a hidden part: t = -y1 - y2 - 1 < 0 on O, bump invisible */
    adv_mk(b, 3, D(2, 2, 4, 1),
           "1 0 0 1 0 0 | -1 -1 -1 -1 -1 -1 1 0 -1 -1-E6 -1-2*E6 0 | 1 -2 1 1 0");
    adv_check(a, b, 0, 6, 1, st);
    /* four layers: bump after an identity layer */
    adv_mk(a, 4, D(2, 2, 2, 1, 1), "1 0 0 1 0 0 | 1 0 0 1 0 0 | 1 0 0 | 1 0");
    adv_mk(b, 4, D(2, 2, 2, 4, 1),
           "1 0 0 1 0 0 | 1 0 0 1 0 0 | 1 -1 1 -1 1 -1 1 0 -1 -1-E6 -1-2*E6 0 |"
           " 1 -2 1 1 0");
    adv_check(a, b, 1, 6, 0, st);
    /* bump in the FIRST layer of a three-layer net with n1 > n0 */
    adv_mk(a, 3, D(1, 1, 1, 1), "1 0 | 1 0 | 1 0");
    adv_mk(b, 3, D(1, 4, 1, 1), "1 1 1 1 0 -1 -1-E6 -1-2*E6 | 1 1 -2 1 0 | 1 0");
    adv_check(a, b, 1, 6, 1, st);
    rf_net_clear(a);
    rf_net_clear(b);
    flint_randclear(st);
}

/* 2^200 and 3^-100 parameters: symmetric copies are equivalent, tiny
 * perturbations are not, at depths 2 and 3 and with several outputs. */
Test(adv_equiv, huge_and_tiny_rationals)
{
    flint_rand_t st;
    rf_net_t a, b;
    rf_test_randinit(st);
    rf_net_init(a, 1, D(1, 1));
    rf_net_init(b, 1, D(1, 1));
    /* shallow 2 -> 3 neurons -> 2 outputs; neuron 1 scaled by 2^200,
     * neuron 2 by 3^-100 */
    adv_mk(a, 2, D(2, 3, 2), "1 2 -1 1 3 -2 0 1 -1 | 1 2 3 -1 0 1 | 0 1");
    rf_net_set(b, a);
    {
        fmpq_t lam;
        fmpq_init(lam);
        adv_q(lam, "P200");
        adv_scale_neuron(b, 0, 0, lam);
        adv_q(lam, "T100");
        adv_scale_neuron(b, 0, 1, lam);
        fmpq_clear(lam);
    }
    adv_check(a, b, 0, 6, 1, st);
    /* a 3^-100 change of a first-layer weight: the kink moves by ~3^-100 */
    fmpq_add(rf_net_W(b, 0, 2, 1), rf_net_W(b, 0, 2, 1), rf_net_W(b, 0, 1, 1));
    adv_check(a, b, 1, 6, 1, st);
    /* three-layer: scale a first-layer neuron by 2^200, perturb b3 by 3^-100 */
    adv_mk(a, 3, D(2, 2, 2, 1), "1 2 -1 1 0 1 | 1 -1 2 3 -1 -2 | 1 1 0");
    rf_net_set(b, a);
    {
        fmpq_t lam;
        fmpq_init(lam);
        adv_q(lam, "P200");
        adv_scale_neuron(b, 0, 0, lam);
        adv_q(lam, "T100");
        adv_scale_neuron(b, 0, 1, lam);
        adv_q(lam, "3*P100");
        adv_scale_neuron(b, 1, 1, lam);
        fmpq_clear(lam);
    }
    adv_check(a, b, 0, 6, 1, st);
    adv_check(b, a, 0, 6, 0, st);
    {
        fmpq_t t;
        fmpq_init(t);
        fmpz_set_ui(fmpq_denref(t), 3);
        fmpz_pow_ui(fmpq_denref(t), fmpq_denref(t), 100);
        fmpz_one(fmpq_numref(t));
        fmpq_add(rf_net_b(b, 2, 0), rf_net_b(b, 2, 0), t);
        adv_check(a, b, 1, 6, 1, st);
        /* and a tiny change of a second-layer bias: visible only near a
         * crossing hyperplane */
        fmpq_sub(rf_net_b(b, 2, 0), rf_net_b(b, 2, 0), t);
        fmpq_add(rf_net_b(b, 1, 1), rf_net_b(b, 1, 1), t);
        adv_check(a, b, 1, 6, 1, st);
        fmpq_clear(t);
    }
    rf_net_clear(a);
    rf_net_clear(b);
    flint_randclear(st);
}

/* n1 = 1 (univariate path): parallel, antiparallel and zero first rows. */
Test(adv_equiv, univariate_edge_cases)
{
    flint_rand_t st;
    rf_net_t a, b;
    rf_test_randinit(st);
    rf_net_init(a, 1, D(1, 1));
    rf_net_init(b, 1, D(1, 1));
    /* relu(s) + relu(1 - relu(s)) = 1 + relu(s - 1), s = x1 + x2 */
    adv_mk(a, 3, D(2, 1, 2, 1), "1 1 0 | 1 -1 0 1 | 1 1 0");
    adv_mk(b, 3, D(2, 1, 1, 1), "1 1 -1 | 1 0 | 1 1");
    adv_check(a, b, 0, 6, 1, st);
    adv_mk(b, 3, D(2, 1, 1, 1), "2 2 -2 | 1/2 0 | 1 1");
    adv_check(a, b, 0, 6, 1, st);
    adv_mk(b, 3, D(2, 1, 1, 1), "2 2 -2 | 1/2 T100 | 1 1");
    adv_check(a, b, 1, 6, 1, st);
    /* antiparallel first rows, both constant (dead second layers) */
    adv_mk(a, 3, D(2, 1, 1, 1), "1 1 0 | -1 0 | 3 2");
    adv_mk(b, 3, D(2, 1, 2, 1), "-1 -1 5 | -2 -1 -3 0 | 1 1 2");
    adv_check(a, b, 0, 6, 1, st);
    /* zero first row (constant) vs a constant with a nonzero row */
    adv_mk(a, 3, D(2, 1, 1, 1), "0 0 2 | 1 1 | 1 -1");   /* relu(3) - 1 = 2 */
    adv_mk(b, 3, D(2, 1, 1, 1), "1 -3 0 | -1 0 | 1 2");  /* 2 */
    adv_check(a, b, 0, 6, 1, st);
    /* zero row vs a function of -x: not equivalent */
    adv_mk(b, 3, D(2, 1, 1, 1), "-1 0 0 | 1 0 | 1 2");
    adv_check(a, b, 1, 6, 1, st);
    /* the n1 = 1 reflection: relu(relu(x) - 1) + relu(1 - relu(x)) vs
     * its mirror in x (different functions: x -> -x) */
    adv_mk(a, 3, D(1, 1, 2, 1), "1 0 | 1 -1 -1 1 | 1 1 0");
    adv_mk(b, 3, D(1, 1, 2, 1), "-1 0 | 1 -1 -1 1 | 1 1 0");
    adv_check(a, b, 1, 6, 1, st);
    rf_net_clear(a);
    rf_net_clear(b);
    flint_randclear(st);
}

/* Non-bottleneck (n1 > n0), rank-deficient W1, different hidden widths. */
Test(adv_equiv, non_bottleneck_and_rank_deficient)
{
    flint_rand_t st;
    rf_net_t a, b;
    slong it;
    rf_test_randinit(st);
    rf_net_init(a, 1, D(1, 1));
    rf_net_init(b, 1, D(1, 1));
    /* rank 1 W1 with n1 = 2 = n0: parallel rows 1 and 2 */
    adv_mk(a, 3, D(2, 2, 2, 1), "1 1 2 2 0 -1 | 1 1 -1 2 0 1 | 1 -1 0");
    rf_net_set(b, a);
    tsg_perm_scale(b, 0, st);
    tsg_perm_scale(b, 1, st);
    adv_check(a, b, 0, 6, 1, st);
    tsg_split(b, 0, 1, st);
    adv_check(a, b, 0, 6, 1, st);
    tsg_perturb(b, st);
    adv_check(a, b, ADV_ANY, 6, 1, st);
    /* n1 = 3 > n0 = 1 */
    for (it = 0; rf_test_loop(it, 6); it++) {
        adv_mk(a, 3, D(1, 3, 2, 1), "1 -1 2 0 1 -1 | 1 1 -1 0 -1 2 1 -1 | 2 -1 1/2");
        rf_net_set(b, a);
        tsg_random_symmetry(b, st, 4);
        adv_check(a, b, 0, 6, it < 2, st);
        tsg_add_bump(b, st);
        adv_check(a, b, ADV_ANY, 6, it < 2, st);
    }
    rf_net_clear(a);
    rf_net_clear(b);
    flint_randclear(st);
}

/* Random symmetric copies (permutation, scaling, splitting, dead neurons,
 * identity layers) and perturbations at depths 2..4, input dimensions 1, 2
 * and 6, outputs 1 and 2; the enumeration or z3 is the oracle. */
Test(adv_equiv, random_depths_dims, .timeout = 600)
{
    flint_rand_t st;
    rf_net_t a, b;
    slong it, nyes = 0, nno = 0;
    rf_test_randinit(st);
    rf_net_init(a, 1, D(1, 1));
    rf_net_init(b, 1, D(1, 1));
    for (it = 0; rf_test_loop(it, 150); it++) {
        slong L = 2 + it % 3, n0 = (it % 4 == 3) ? 6 : 1 + it % 2, dims[5], l;
        int v;
        dims[0] = n0;
        for (l = 1; l < L; l++)
            dims[l] = 1 + (slong) n_randint(st, L == 2 ? 4 : 3);
        dims[L] = 1 + (it % 5 == 0);
        rf_net_clear(a);
        rf_net_init(a, L, dims);
        rf_net_randtest(a, st, 4, 3);
        if (it % 7 == 0)   /* a dead or zero row on purpose */
            for (l = 0; l < n0; l++)
                fmpq_zero(rf_net_W(a, 0, 0, l));
        rf_net_set(b, a);
        tsg_random_symmetry(b, st, 4);
        v = adv_check(a, b, 0, 4, it % 6 == 0, st);
        nyes += v == 0;
        switch (it % 3) {
        case 0: tsg_perturb(b, st); break;
        case 1: tsg_add_bump(b, st); break;
        default: tsg_perturb(b, st); tsg_random_symmetry(b, st, 4); break;
        }
        v = adv_check(a, b, ADV_ANY, 4, it % 6 == 0, st);
        nno += v == 1;
    }
    cr_assert(nno > rf_test_count(30), "too few NO answers (%ld): the attack is too weak", (long) nno);
    rf_net_clear(a);
    rf_net_clear(b);
    flint_randclear(st);
}

/* Regression: with entries like 2^220 and 3^-220 cddlib's floating-point LP
 * pre-solve used to print "max number ... of pivots performed by the
 * criss-cross method. Most likely due to the floating-point arithmetics
 * error." on stderr during the exact decision (and fdim's region search).
 * The decision must be exact AND silent. */
#include <unistd.h>
#include <fcntl.h>
#include "relufiber/io.h"
#include "relufiber/fdim.h"

Test(adv_equiv, huge_entries_no_float_noise)
{
    char pa[1024], pb[1024], errpath[] = "/tmp/rf_adv_stderr_XXXXXX";
    const char *dir = getenv("RF_ADV_DATA");
    rf_net_t A, B;
    rf_err_t err;
    rf_equiv_t res;
    flint_rand_t st;
    int fd, saved;
    off_t size;
    cr_assert(dir != NULL, "RF_ADV_DATA not set");
    snprintf(pa, sizeof(pa), "%s/huge_entries_A.rfn", dir);
    snprintf(pb, sizeof(pb), "%s/huge_entries_B.rfn", dir);
    rf_err_init(err);
    rf_net_init(A, 1, D(1, 1));
    rf_net_init(B, 1, D(1, 1));
    cr_assert_eq(rf_io_read_file(A, pa, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), RF_OK, "%s", err->msg);
    cr_assert_eq(rf_io_read_file(B, pb, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), RF_OK, "%s", err->msg);
    rf_test_randinit(st);
    fd = mkstemp(errpath);
    cr_assert(fd >= 0);
    fflush(stderr);
    saved = dup(2);
    dup2(fd, 2);
    {
        rf_decide_exhaustive_opts_t o;
        rf_fdim_regions_t reg;
        rf_decide_exhaustive_opts_init(o);
        o->prefilter = 0;
        rf_equiv_init(res);
        cr_assert_eq(rf_decide_exhaustive_opts(res, NULL, A, B, o, err), RF_OK);
        cr_assert_eq(res->verdict, RF_EQUIV_YES);
        rf_equiv_clear(res);
        rf_equiv_init(res);
        cr_assert_eq(rf_decide_equiv(res, A, B, err), RF_OK);
        cr_assert_eq(res->verdict, RF_EQUIV_YES);
        rf_equiv_clear(res);
        rf_fdim_regions_init(reg, A);
        cr_assert_eq(rf_fdim_regions(reg, A, NULL, NULL, 0, err), RF_OK);
        rf_fdim_regions_clear(reg);
    }
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    size = lseek(fd, 0, SEEK_END);
    close(fd);
    unlink(errpath);
    cr_assert_eq(size, 0, "the exact decision printed %ld bytes on stderr (cddlib "
                 "float pre-solve noise)", (long) size);
    /* and the verdict survives the oracles */
    adv_check(A, B, 0, 4, 0, st);
    rf_net_clear(A);
    rf_net_clear(B);
    flint_randclear(st);
}

/* Three-layer campaign: random sign patterns (half with an entirely hidden
 * first-layer hyperplane), zero entries, n1 > n0 now and then; B is A moved
 * by permutations, scalings, hidden shifts at / below / beyond s_max, split
 * or dead neurons, a bump or a perturbation. Every verdict must agree with
 * the complete enumeration (prefilter and input reduction off). */
static void camp_q(fmpq_t q, flint_rand_t st, int sign)
{
    fmpq_set_si(q, 1 + (slong) n_randint(st, 9), 1 + n_randint(st, 3));
    if (sign < 0 || (sign == 0 && n_randint(st, 2)))
        fmpq_neg(q, q);
    if (n_randint(st, 12) == 0)
        fmpq_zero(q);
}

static void camp_net(rf_net_t A, flint_rand_t st)
{
    slong n0 = 1 + n_randint(st, 4);
    slong n1 = 1 + n_randint(st, n0 + (n_randint(st, 4) == 0));
    slong n2 = 1 + n_randint(st, 5), n3 = 1 + (n_randint(st, 4) == 0), i, j;
    slong hid = n_randint(st, 2) ? (slong) n_randint(st, n1) : -1;
    rf_net_clear(A);
    rf_net_init(A, 3, D(n0, n1, n2, n3));
    for (i = 0; i < n1; i++) {
        for (j = 0; j < n0; j++)
            camp_q(rf_net_W(A, 0, i, j), st, 0);
        camp_q(rf_net_b(A, 0, i), st, 0);
    }
    for (j = 0; j < n2; j++) {
        for (i = 0; i < n1; i++)
            camp_q(rf_net_W(A, 1, j, i), st, hid < 0 ? 0 : (i == hid ? 1 : -1));
        camp_q(rf_net_b(A, 1, j), st, hid < 0 ? 0 : -1);
    }
    for (i = 0; i < n3; i++) {
        for (j = 0; j < n2; j++)
            camp_q(rf_net_W(A, 2, i, j), st, 0);
        camp_q(rf_net_b(A, 2, i), st, 0);
    }
}

Test(adv_equiv, three_layer_campaign, .timeout = 600)
{
    flint_rand_t st;
    rf_net_t A, B;
    slong it, meth[5] = {0, 0, 0, 0, 0};
    rf_test_randinit(st);
    rf_net_init(A, 1, D(1, 1));
    rf_net_init(B, 1, D(1, 1));
    for (it = 0; rf_test_loop(it, 1500); it++) {
        rf_equiv_t r1, r2;
        rf_err_t e1, e2;
        rf_decide_exhaustive_opts_t o;
        rf_decide_opts_t lo;
        slong h;
        rf_decide_opts_init(lo);
        lo->canonical = 0;
        lo->search = 0;
        camp_net(A, st);
        rf_net_set(B, A);
        if (n_randint(st, 2))
            tsg_perm_scale(B, 0, st);
        if (n_randint(st, 2))
            tsg_perm_scale(B, 1, st);
        h = rf_three_hidden_index(B);
        if (h >= 0 && n_randint(st, 2)) {
            fmpq_t s, t;
            fmpq_init(s);
            fmpq_init(t);
            if (!rf_three_hidden_smax(s, B, h))
                fmpq_set_si(s, 5, 1);
            if (n_randint(st, 3) == 0) {
                fmpq_set_si(t, (slong) n_randint(st, 3), 1 + n_randint(st, 3));
                if (n_randint(st, 2))
                    fmpq_neg(t, t);
                fmpq_add(s, s, t);
            }
            rf_three_hidden_shift(B, B, h, s);
            fmpq_clear(s);
            fmpq_clear(t);
        }
        switch (it % 6) {
        case 1: tsg_split(B, 1, (slong) n_randint(st, B->dims[2]), st); break;
        case 2: tsg_add_dead(B, 1, st); break;
        case 3: tsg_perturb(B, st); break;
        case 4: tsg_add_bump(B, st); break;
        case 5: if (n_randint(st, 2)) tsg_split(B, 0, (slong) n_randint(st, B->dims[1]), st); break;
        default: break;
        }
        rf_equiv_init(r1);
        rf_equiv_init(r2);
        rf_err_init(e1);
        rf_err_init(e2);
        rf_decide_exhaustive_opts_init(o);
        o->prefilter = 0;
        o->reduce = 0;
        /* the three-layer rung on its own (no canonical form, no search),
         * then the whole ladder: both agree with the enumeration */
        cr_assert_eq(rf_decide_equiv_ladder(r1, A, B, lo, e1), RF_OK, "it %ld: %s", (long) it, e1->msg);
        cr_assert_eq(rf_decide_exhaustive_opts(r2, NULL, A, B, o, e2), RF_OK, "%s", e2->msg);
        cr_assert_eq(r1->verdict, r2->verdict, "it %ld: %s says %d, the enumeration %d",
                     (long) it, r1->method, (int) r1->verdict, (int) r2->verdict);
        {
            rf_equiv_t r3;
            rf_equiv_init(r3);
            cr_assert_eq(rf_decide_equiv(r3, A, B, e1), RF_OK, "it %ld: %s", (long) it, e1->msg);
            cr_assert_eq(r3->verdict, r2->verdict, "it %ld: the ladder (%s) says %d, the enumeration %d",
                         (long) it, r3->method, (int) r3->verdict, (int) r2->verdict);
            rf_equiv_clear(r3);
        }
        meth[strstr(r1->method, "univariate") ? 0 : strstr(r1->method, "line-test") ? 1
             : strstr(r1->method, "constant") ? 2 : strstr(r1->method, "three-layer-EQ") ? 3 : 4]++;
        rf_equiv_clear(r1);
        rf_equiv_clear(r2);
    }
    cr_log_info("three-layer campaign: univariate %ld, line-test %ld, constant %ld, EQ %ld, "
                "fallback %ld", (long) meth[0], (long) meth[1], (long) meth[2],
                (long) meth[3], (long) meth[4]);
    cr_assert(meth[3] > rf_test_count(200) && meth[0] > rf_test_count(200) && meth[4] > rf_test_count(50));
    rf_net_clear(A);
    rf_net_clear(B);
    flint_randclear(st);
}

/* Regression (review): rf_equiv_set_separating used to store verdict NO
 * before its re-check, so an x with f_A(x) == f_B(x) left an uncertified NO
 * in res for any caller that dropped the return value. The verdict must be
 * NO exactly when the re-check holds. A: relu(x) - relu(-x) = x; B: x as
 * relu(2x)/2 - relu(-x) (scaled twin); C: relu(x). */
Test(adv_equiv, set_separating_never_leaves_unchecked_no)
{
    rf_net_t A, B, C;
    rf_equiv_t res;
    fmpq *x = _fmpq_vec_init(1);
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    rf_net_init(C, 1, (slong[]) {1, 1});
    adv_mk(A, 2, (slong[]) {1, 2, 1}, "1 -1  0 0  1 -1  0");
    adv_mk(B, 2, (slong[]) {1, 2, 1}, "2 -1  0 0  1/2 -1  0");
    adv_mk(C, 2, (slong[]) {1, 1, 1}, "1  0  1  0");
    rf_equiv_init(res);
    fmpq_set_si(x, -3, 7);
    /* same function: the re-check must fail and the verdict must not be NO */
    cr_assert_eq(rf_equiv_set_separating(res, A, B, x, "test"), 0);
    cr_assert_neq(res->verdict, RF_EQUIV_NO);
    cr_assert(rf_qvec_equal(res->yA, res->yB, 1));
    /* A(-3/7) = -3/7, C(-3/7) = 0: a real separating input gives NO */
    cr_assert_eq(rf_equiv_set_separating(res, A, C, x, "test"), 1);
    cr_assert_eq(res->verdict, RF_EQUIV_NO);
    cr_assert(!rf_qvec_equal(res->yA, res->yB, 1));
    /* and x in the region where A and C agree is refused again */
    fmpq_set_si(x, 5, 2);
    cr_assert_eq(rf_equiv_set_separating(res, A, C, x, "test"), 0);
    cr_assert_neq(res->verdict, RF_EQUIV_NO);
    rf_equiv_clear(res);
    _fmpq_vec_clear(x, 1);
    rf_net_clear(A);
    rf_net_clear(B);
    rf_net_clear(C);
}
