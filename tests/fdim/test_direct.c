/* Direct tests of rf_fdim_embed_local_ident (against a hand-written Jacobian
 * of shallow networks and an exact rref rank) and of the stop callback of
 * rf_fdim_regions_ex (on a grid arrangement with a known region count).
 * RF_TEST_MULTIPLIER / RF_TEST_SEED scale the loop and fix the seed. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/fdim.h"

/* Jacobian rows of a shallow net f = W2 relu(W1 x + b1) + b2 at the points,
 * by the chain rule written out (layout: W1 row-major, b1, W2, b2).
 * Returns 0 if some point lies on a bent hyperplane. */
static int hand_jac(fmpq_mat_t J, const rf_net_t net, const fmpq *pts, slong np)
{
    slong m = net->dims[0], n = net->dims[1], k = net->dims[2], p, i, j, o;
    slong oW1 = 0, ob1 = n * m, oW2 = ob1 + n, ob2 = oW2 + k * n;
    fmpq_t z, t;
    int ok = 1;
    fmpq_init(z); fmpq_init(t);
    for (p = 0; p < np; p++)
        for (i = 0; i < n; i++) {
            const fmpq *x = pts + p * m;
            fmpq_set(z, rf_net_b(net, 0, i));
            for (j = 0; j < m; j++) {
                fmpq_mul(t, rf_net_W(net, 0, i, j), x + j);
                fmpq_add(z, z, t);
            }
            if (fmpq_is_zero(z))
                ok = 0;
            for (o = 0; o < k; o++) {
                slong row = p * k + o;
                fmpq_one(fmpq_mat_entry(J, row, ob2 + o));
                if (fmpq_sgn(z) <= 0)
                    continue;
                fmpq_set(fmpq_mat_entry(J, row, oW2 + o * n + i), z);
                for (j = 0; j < m; j++)
                    fmpq_mul(fmpq_mat_entry(J, row, oW1 + i * m + j), rf_net_W(net, 1, o, i), x + j);
                fmpq_set(fmpq_mat_entry(J, row, ob1 + i), rf_net_W(net, 1, o, i));
            }
        }
    fmpq_clear(z); fmpq_clear(t);
    return ok;
}

Test(fdim_direct, embed_local_ident_vs_hand_jacobian)
{
    flint_rand_t st;
    ulong seed = rf_test_seed_or(31337);
    slong it, n, yes = 0, no = 0, bent = 0;
    n = rf_test_iters(300);
    flint_randinit(st);
    flint_randseed(st, seed, seed + 1);
    for (it = 0; it < n; it++) {
        slong m = 1 + n_randint(st, 2), h = 1 + n_randint(st, 3), k = 1 + n_randint(st, 2);
        slong np = 1 + n_randint(st, 8), D, r, j;
        rf_net_t net;
        fmpq *pts;
        fmpq_mat_t J;
        rf_fdim_rank_t res;
        rf_err_t err;
        int ret, ok;
        rf_net_init(net, 2, (slong[]) {m, h, k});
        rf_net_randtest(net, st, 3, 2);
        D = rf_net_num_params(net);
        pts = _fmpq_vec_init(np * m);
        for (j = 0; j < np * m; j++)
            fmpq_set_si(pts + j, (slong) n_randint(st, 13) - 6, 1 + n_randint(st, 2));
        fmpq_mat_init(J, np * k, D);
        ok = hand_jac(J, net, pts, np);
        rf_fdim_rank_init(res);
        rf_err_init(err);
        ret = rf_fdim_embed_local_ident(res, net, pts, np, st, err);
        if (!ok) {
            cr_assert_eq(ret, -1, "seed %lu it %ld: point on a bent hyperplane accepted", seed, it);
            bent++;
        } else {
            r = rf_test_rank_q(J);
            cr_assert(ret == 0 || ret == 1, "seed %lu it %ld: %s", seed, it, err->msg);
            cr_assert_eq(ret, r == D - h, "seed %lu it %ld: verdict %d, hand rank %ld, "
                         "D - H = %ld", seed, it, ret, r, D - h);
            cr_assert(res->rank <= r, "seed %lu it %ld", seed, it);
            if (res->exact)
                cr_assert_eq(res->rank, r, "seed %lu it %ld", seed, it);
            if (ret) yes++; else no++;
        }
        rf_err_clear(err);
        rf_fdim_rank_clear(res);
        fmpq_mat_clear(J);
        _fmpq_vec_clear(pts, np * m);
        rf_net_clear(net);
    }
    cr_assert(yes > n / 20 && no > n / 20 && bent > 0, "seed %lu: %ld %ld %ld", seed, yes, no, bent);
    flint_randclear(st);
}

typedef struct { slong calls, seen[16], stop_at; } stop_data;

static int stop_cb(void *data, const rf_fdim_regions_struct *r)
{
    stop_data *s = data;
    if (s->calls < 16)
        s->seen[s->calls] = r->set->n;
    s->calls++;
    return s->stop_at > 0 && s->calls >= s->stop_at;
}

/* relu(x - i) and relu(y - j), i, j = 1..6: the grid cuts the plane into
 * 7 x 7 = 49 regions. */
Test(fdim_direct, regions_ex_stop_callback)
{
    rf_net_t net;
    rf_fdim_regions_t R;
    rf_err_t err;
    stop_data sd;
    slong i, total;
    rf_net_init(net, 2, (slong[]) {2, 12, 1});
    for (i = 0; i < 6; i++) {
        fmpq_one(rf_net_W(net, 0, i, 0));
        fmpq_set_si(rf_net_b(net, 0, i), -(i + 1), 1);
        fmpq_one(rf_net_W(net, 0, 6 + i, 1));
        fmpq_set_si(rf_net_b(net, 0, 6 + i), -(i + 1), 1);
        fmpq_set_si(rf_net_W(net, 1, 0, i), i + 1, 1);
        fmpq_set_si(rf_net_W(net, 1, 0, 6 + i), -(i + 2), 1);
    }
    rf_err_init(err);
    /* never stopping: complete, checkpoints 16 and 32 seen */
    memset(&sd, 0, sizeof sd);
    rf_fdim_regions_init(R, net);
    cr_assert_eq(rf_fdim_regions_ex(R, net, NULL, NULL, 0, stop_cb, &sd, err), RF_OK);
    total = R->set->n;
    cr_assert_eq(total, 49);
    cr_assert(R->complete && !R->stopped);
    cr_assert_eq(sd.calls, 2, "%ld calls", sd.calls);
    cr_assert_eq(sd.seen[0], 16);
    cr_assert_eq(sd.seen[1], 32);
    rf_fdim_regions_clear(R);
    /* stopping at the first checkpoint */
    memset(&sd, 0, sizeof sd);
    sd.stop_at = 1;
    rf_fdim_regions_init(R, net);
    cr_assert_eq(rf_fdim_regions_ex(R, net, NULL, NULL, 0, stop_cb, &sd, err), RF_OK);
    cr_assert_eq(sd.calls, 1);
    cr_assert(R->stopped && !R->complete);
    cr_assert(R->set->n >= 16 && R->set->n < 49, "%ld regions", R->set->n);
    rf_fdim_regions_clear(R);
    /* stopping at the second */
    memset(&sd, 0, sizeof sd);
    sd.stop_at = 2;
    rf_fdim_regions_init(R, net);
    cr_assert_eq(rf_fdim_regions_ex(R, net, NULL, NULL, 0, stop_cb, &sd, err), RF_OK);
    cr_assert_eq(sd.calls, 2);
    cr_assert(R->stopped && !R->complete);
    cr_assert(R->set->n >= 32 && R->set->n < 49, "%ld regions", R->set->n);
    rf_fdim_regions_clear(R);
    rf_err_clear(err);
    rf_net_clear(net);
}
