/* Hidden-symmetry mechanisms: forced dead / always-on neurons with the
 * deficits of notes 5.9 (items 3, 4), twins, collapse, and the (1,1,1,1)
 * regimes of notes 3.3. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include "common.h"

static int has_mech(const rf_fdim_mech_list_t ml, rf_fdim_mech_kind_t k, slong layer, slong i)
{
    slong s;
    for (s = 0; s < ml->n; s++)
        if (ml->m[s].kind == k && ml->m[s].layer == layer && (i < 0 || ml->m[s].i == i))
            return 1;
    return 0;
}

static void mechs_of(rf_fdim_mech_list_t ml, const rf_net_t net)
{
    rf_fdim_regions_t R;
    rf_err_t err;
    rf_err_init(err);
    rf_fdim_regions_init(R, net);
    cr_assert_eq(rf_fdim_regions(R, net, NULL, NULL, 0, err), RF_OK);
    rf_fdim_mechanisms(ml, net, R);
    rf_fdim_regions_clear(R);
    rf_err_clear(err);
}

/* Random net, then force neurons of layer l (1-based) to be dead (sign -1)
 * or always on (sign +1) by the orthant condition. */
static void force(rf_net_t net, slong l, slong count, int sign)
{
    slong i, j;
    for (i = 0; i < count; i++) {
        for (j = 0; j < net->dims[l - 1]; j++) {
            fmpq *w = rf_net_W(net, l - 1, i, j);
            if (fmpq_sgn(w) * sign < 0)
                fmpq_neg(w, w);
        }
        if (fmpq_sgn(rf_net_b(net, l - 1, i)) * sign <= 0)
            fmpq_set_si(rf_net_b(net, l - 1, i), sign, 3);
    }
}

Test(mech, forced_dead_deficit)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 6); it++) {
        rf_net_t net;
        rf_fdim_mech_list_t ml;
        int ex;
        slong D, H, fd;
        rf_net_init(net, 3, (slong[]) {2, 3, 3, 1});
        rf_net_randtest(net, st, 9, 4);
        force(net, 2, 1, -1);
        D = rf_net_num_params(net);
        H = rf_net_num_hidden(net);
        fd = tf_true_fd(net, st, &ex);
        cr_assert(ex);
        cr_assert(D - H - fd >= 4, "deficit %ld", (long) (D - H - fd));
        rf_fdim_mech_list_init(ml);
        mechs_of(ml, net);
        cr_assert(has_mech(ml, RF_FDIM_MECH_DEAD_ORTHANT, 2, 0));
        rf_fdim_mech_list_clear(ml);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

Test(mech, forced_always_on_deficit)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 4); it++) {
        slong m = 1 + it % 2;
        rf_net_t net;
        rf_fdim_mech_list_t ml;
        int ex;
        slong D, H, fd;
        rf_net_init(net, 4, (slong[]) {2, 4, 4, 4, 1});
        rf_net_randtest(net, st, 9, 4);
        force(net, 2, m, +1);
        D = rf_net_num_params(net);
        H = rf_net_num_hidden(net);
        fd = tf_true_fd(net, st, &ex);
        cr_assert(ex);
        cr_assert(D - H - fd >= m * m, "m %ld deficit %ld", (long) m, (long) (D - H - fd));
        rf_fdim_mech_list_init(ml);
        mechs_of(ml, net);
        cr_assert(has_mech(ml, RF_FDIM_MECH_ON_ORTHANT, 2, 0));
        rf_fdim_mech_list_clear(ml);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* Twins: (W_2, b_2) = 3/2 (W_1, b_1) in a (2,3,1) net: detected with the
 * exact ratio, and the deficit is at least n_{l+1} = 1. */
Test(mech, twins)
{
    rf_net_t net;
    rf_fdim_mech_list_t ml;
    flint_rand_t st;
    int ex;
    slong j, fd;
    rf_test_randinit(st);
    rf_net_init(net, 2, (slong[]) {2, 3, 1});
    rf_net_randtest(net, st, 9, 4);
    fmpq_set_si(rf_net_W(net, 0, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(net, 0, 0, 1), -2, 1);
    fmpq_set_si(rf_net_b(net, 0, 0), 1, 3);
    fmpq_set_si(rf_net_W(net, 0, 1, 0), 3, 2);
    fmpq_set_si(rf_net_W(net, 0, 1, 1), -3, 1);
    fmpq_set_si(rf_net_b(net, 0, 1), 1, 2);
    fmpq_set_si(rf_net_W(net, 1, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 1), 1, 1);
    rf_fdim_mech_list_init(ml);
    mechs_of(ml, net);
    cr_assert(has_mech(ml, RF_FDIM_MECH_TWINS, 1, 0));
    for (j = 0; j < ml->n; j++)
        if (ml->m[j].kind == RF_FDIM_MECH_TWINS) {
            fmpq_t c;
            fmpq_init(c);
            fmpq_set_si(c, 3, 2);
            cr_assert(fmpq_equal(ml->m[j].c, c));
            cr_assert_eq(ml->m[j].j, 1);
            fmpq_clear(c);
        }
    fd = tf_true_fd(net, st, &ex);
    cr_assert(ex);
    cr_assert(fd <= 10 - 1, "fd %ld", (long) fd);
    rf_fdim_mech_list_clear(ml);
    rf_net_clear(net);
    flint_randclear(st);
}

/* (1,1,1,1) regimes (notes 3.3): dead second neuron; collapse of layer 1 on
 * x < 0 when b = 0 and a > 0 (F constant there). */
Test(mech, regimes_1111)
{
    rf_net_t net;
    rf_fdim_mech_list_t ml;
    tf_net_from(net, 3, (slong[]) {1, 1, 1, 1}, (slong[]) {1, 0, -1, -1, 1, 0});
    rf_fdim_mech_list_init(ml);
    mechs_of(ml, net);
    cr_assert(has_mech(ml, RF_FDIM_MECH_DEAD_ORTHANT, 2, 0));
    cr_assert(has_mech(ml, RF_FDIM_MECH_COLLAPSE, 1, -1));
    rf_fdim_mech_list_clear(ml);
    rf_net_clear(net);
    /* w > 0, c < 0: the first kink is hidden (notes 3.3, mechanism (c)) */
    tf_net_from(net, 3, (slong[]) {1, 1, 1, 1}, (slong[]) {1, 0, 1, -1, 1, 0});
    rf_fdim_mech_list_init(ml);
    mechs_of(ml, net);
    cr_assert(has_mech(ml, RF_FDIM_MECH_HIDDEN_BEND, 1, 0));
    rf_fdim_mech_list_clear(ml);
    rf_net_clear(net);
    /* w < 0, c > 0 (full FD): no hidden bend */
    tf_net_from(net, 3, (slong[]) {1, 1, 1, 1}, (slong[]) {1, 0, -1, 1, 1, 0});
    rf_fdim_mech_list_init(ml);
    mechs_of(ml, net);
    cr_assert(!has_mech(ml, RF_FDIM_MECH_HIDDEN_BEND, 1, 0));
    rf_fdim_mech_list_clear(ml);
    rf_net_clear(net);
    /* w > 0, c > 0: second neuron always on (orthant certificate) */
    tf_net_from(net, 3, (slong[]) {1, 1, 1, 1}, (slong[]) {1, 0, 1, 1, 1, 0});
    rf_fdim_mech_list_init(ml);
    mechs_of(ml, net);
    cr_assert(has_mech(ml, RF_FDIM_MECH_ON_ORTHANT, 2, 0));
    cr_assert(!has_mech(ml, RF_FDIM_MECH_DEAD_ORTHANT, 2, 0));
    rf_fdim_mech_list_clear(ml);
    rf_net_clear(net);
    /* an unused activation: layer-1 neuron 1 feeds only a dead neuron */
    tf_net_from(net, 3, (slong[]) {1, 2, 1, 1}, (slong[]) {1, -1, 0, 1, -1, 0, -1, 1, 0});
    rf_fdim_mech_list_init(ml);
    mechs_of(ml, net);
    cr_assert(has_mech(ml, RF_FDIM_MECH_DEAD_ORTHANT, 2, 0));
    cr_assert(has_mech(ml, RF_FDIM_MECH_INVISIBLE, 1, 0) || has_mech(ml, RF_FDIM_MECH_INVISIBLE, 1, 1));
    rf_fdim_mech_list_clear(ml);
    rf_net_clear(net);
}

/* An unused weight: layer-2 neuron 2 = relu(-h1 + h2 - 1) is active only for
 * x < -1 where h1 = relu(x) is 0, so dF/dW2_2_1 = 0 everywhere. */
Test(mech, unused_weight)
{
    rf_net_t net;
    rf_fdim_mech_list_t ml;
    flint_rand_t st;
    int ex;
    slong s, found = 0;
    rf_test_randinit(st);
    /* W1 = (1, -1)^T, b1 = 0; W2 = [[1, 1], [-1, 1]], b2 = (-1, -1); W3 = (1, 1), b3 = 0 */
    tf_net_from(net, 3, (slong[]) {1, 2, 2, 1},
                (slong[]) {1, -1, 0, 0, 1, 1, -1, 1, -1, -1, 1, 1, 0});
    rf_fdim_mech_list_init(ml);
    mechs_of(ml, net);
    for (s = 0; s < ml->n; s++)
        if (ml->m[s].kind == RF_FDIM_MECH_UNUSED_WEIGHT) {
            cr_assert_eq(ml->m[s].layer, 2);
            cr_assert_eq(ml->m[s].i, 1);
            cr_assert_eq(ml->m[s].j, 0);
            found++;
        }
    cr_assert_eq(found, 1);
    cr_assert(tf_true_fd(net, st, &ex) < 13 - 4);
    cr_assert(ex);
    rf_fdim_mech_list_clear(ml);
    rf_net_clear(net);
    flint_randclear(st);
}
