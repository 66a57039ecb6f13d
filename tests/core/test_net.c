/* Exact network model: evaluation against hand-computed values, patterns,
 * parameter layout round trips. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"

Test(net, eval_small_by_hand)
{
    /* f(x) = relu(x - 1) - 2 relu(-x) + 1/2 */
    rf_net_t net;
    fmpq x[1], y[1];
    int pat[2];
    rf_net_init(net, 2, (slong[]) {1, 2, 1});
    fmpq_set_si(rf_net_W(net, 0, 0, 0), 1, 1);
    fmpq_set_si(rf_net_b(net, 0, 0), -1, 1);
    fmpq_set_si(rf_net_W(net, 0, 1, 0), -1, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 1), -2, 1);
    fmpq_set_si(rf_net_b(net, 1, 0), 1, 2);
    fmpq_init(x); fmpq_init(y);
    fmpq_set_si(x, 3, 1);
    rf_net_eval(y, net, x);
    {
        fmpq_t e; fmpq_init(e); fmpq_set_si(e, 5, 2);
        cr_assert(fmpq_equal(y, e), "f(3) should be 5/2");
        fmpq_set_si(x, -3, 2);
        rf_net_eval(y, net, x);
        fmpq_set_si(e, -5, 2);
        cr_assert(fmpq_equal(y, e), "f(-3/2) should be -5/2");
        fmpq_clear(e);
    }
    cr_assert_eq(rf_net_pattern(pat, net, x), 0);
    cr_assert_eq(pat[0], -1); cr_assert_eq(pat[1], 1);
    fmpq_set_si(x, 1, 1);
    cr_assert_eq(rf_net_pattern(pat, net, x), 1, "x=1 lies on neuron 1's hyperplane");
    cr_assert_eq(pat[0], 0);
    fmpq_clear(x); fmpq_clear(y);
    rf_net_clear(net);
}

/* Hand-written evaluator, independent of net.c's forward(): plain loops over
 * the entries. mask == NULL: ReLU; otherwise neuron k (layer-major) passes
 * its pre-activation iff mask[k] > 0. pre (may be NULL) receives the hidden
 * pre-activations. */
static void hand_eval(fmpq *y, fmpq *pre, const rf_net_t net, const fmpq *x,
                      const int *mask)
{
    fmpq a[8], z[8];
    fmpq_t t;
    slong l, i, j, k = 0;
    for (i = 0; i < 8; i++) {
        fmpq_init(a + i);
        fmpq_init(z + i);
    }
    fmpq_init(t);
    for (j = 0; j < net->dims[0]; j++)
        fmpq_set(a + j, x + j);
    for (l = 0; l < net->L; l++) {
        for (i = 0; i < net->dims[l + 1]; i++) {
            fmpq_set(z + i, fmpq_mat_entry(net->b + l, i, 0));
            for (j = 0; j < net->dims[l]; j++) {
                fmpq_mul(t, fmpq_mat_entry(net->W + l, i, j), a + j);
                fmpq_add(z + i, z + i, t);
            }
        }
        for (i = 0; i < net->dims[l + 1]; i++) {
            if (l == net->L - 1) {
                fmpq_set(y + i, z + i);
                continue;
            }
            if (pre != NULL)
                fmpq_set(pre + k, z + i);
            if (mask != NULL ? mask[k] > 0 : fmpq_sgn(z + i) > 0)
                fmpq_set(a + i, z + i);
            else
                fmpq_zero(a + i);
            k++;
        }
    }
    for (i = 0; i < 8; i++) {
        fmpq_clear(a + i);
        fmpq_clear(z + i);
    }
    fmpq_clear(t);
}

/* Evaluation, forward pass, pattern and pattern-restricted maps against the
 * hand-written evaluator; params round-trip. */
Test(net, pattern_map_and_params_random)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 2000); it++) {
        slong L = 1 + n_randint(st, 4), l, D;
        slong dims[6];
        rf_net_t net, net2;
        fmpq *x, *y, *y2, *theta;
        int *pat;
        for (l = 0; l <= L; l++)
            dims[l] = 1 + n_randint(st, 4);
        rf_net_init(net, L, dims);
        rf_net_init(net2, 1, (slong[]) {1, 1});
        rf_net_randtest(net, st, 5, 4);
        x = _fmpq_vec_init(dims[0]);
        y = _fmpq_vec_init(dims[L]);
        y2 = _fmpq_vec_init(dims[L]);
        pat = flint_malloc((rf_net_num_hidden(net) + 1) * sizeof(int));
        for (l = 0; l < dims[0]; l++)
            fmpq_set_si(x + l, (slong) n_randint(st, 21) - 10, 1 + n_randint(st, 3));
        {
            slong H = rf_net_num_hidden(net), k, nz = 0;
            fmpq *pre = _fmpq_vec_init(H + 1), *pre2 = _fmpq_vec_init(H + 1);
            rf_net_eval(y, net, x);
            hand_eval(y2, pre, net, x, NULL);
            cr_assert(rf_qvec_equal(y, y2, dims[L]), "it %ld: rf_net_eval", (long) it);
            rf_net_forward(pre2, y, net, x);
            cr_assert(rf_qvec_equal(y, y2, dims[L]), "it %ld: forward output", (long) it);
            cr_assert(rf_qvec_equal(pre, pre2, H), "it %ld: pre-activations", (long) it);
            for (k = 0; k < H; k++)
                nz += fmpq_is_zero(pre + k);
            cr_assert_eq(rf_net_pattern(pat, net, x), nz);
            for (k = 0; k < H; k++)
                cr_assert_eq(pat[k], fmpq_sgn(pre + k), "it %ld neuron %ld", (long) it, (long) k);
            /* an arbitrary mask, not the pattern of x */
            for (k = 0; k < H; k++)
                pat[k] = (int) n_randint(st, 3) - 1;
            rf_net_eval_on_pattern(y, net, pat, x);
            hand_eval(y2, NULL, net, x, pat);
            cr_assert(rf_qvec_equal(y, y2, dims[L]), "it %ld: eval_on_pattern", (long) it);
            _fmpq_vec_clear(pre, H + 1);
            _fmpq_vec_clear(pre2, H + 1);
        }
        D = rf_net_num_params(net);
        theta = _fmpq_vec_init(D);
        rf_net_get_params(theta, net);
        rf_net_set(net2, net);
        cr_assert(rf_net_equal(net, net2));
        rf_qvec_zero(theta, 1);
        rf_net_set_params(net2, theta);
        cr_assert_eq(rf_net_equal(net, net2), fmpq_is_zero(rf_net_W(net, 0, 0, 0)));
        _fmpq_vec_clear(theta, D);
        _fmpq_vec_clear(x, dims[0]);
        _fmpq_vec_clear(y, dims[L]);
        _fmpq_vec_clear(y2, dims[L]);
        flint_free(pat);
        rf_net_clear(net);
        rf_net_clear(net2);
    }
    flint_randclear(st);
}

Test(net, param_names)
{
    rf_net_t net;
    char buf[32];
    rf_net_init(net, 2, (slong[]) {2, 3, 1});
    cr_assert_eq(rf_net_num_params(net), 13);
    rf_net_param_name(buf, sizeof(buf), net, 0);
    cr_assert_str_eq(buf, "W1_1_1");
    rf_net_param_name(buf, sizeof(buf), net, 5);
    cr_assert_str_eq(buf, "W1_3_2");
    rf_net_param_name(buf, sizeof(buf), net, 6);
    cr_assert_str_eq(buf, "b1_1");
    rf_net_param_name(buf, sizeof(buf), net, 12);
    cr_assert_str_eq(buf, "b2_1");
    rf_net_clear(net);
}
