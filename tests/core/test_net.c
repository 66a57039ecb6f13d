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

/* Independent evaluation: the pattern-restricted affine map agrees with the
 * true network at points of that pattern, and params round-trip. */
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
        rf_net_eval(y, net, x);
        rf_net_pattern(pat, net, x);
        rf_net_eval_on_pattern(y2, net, pat, x);
        cr_assert(rf_qvec_equal(y, y2, dims[L]));
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
