/* Region enumeration against exact evaluation at many rational points, the
 * chain batch FD <= true FD <= D - H, and invariance under the symmetry
 * group (random positive rescalings and permutations). */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <string.h>
#include "common.h"

static int pattern_in(const rf_fdim_set_t s, const int *pat)
{
    slong r;
    for (r = 0; r < s->n; r++)
        if (memcmp(s->pat + r * s->nh, pat, s->nh * sizeof(int)) == 0)
            return 1;
    return 0;
}

static void check_regions(const rf_net_t net, flint_rand_t st, const fmpq *lo,
                          const fmpq *hi)
{
    rf_fdim_regions_t R;
    rf_err_t err;
    slong n0 = net->dims[0], nh = rf_net_num_hidden(net), r, a, j;
    int *pat = flint_malloc((nh + 1) * sizeof(int));
    fmpq *x = _fmpq_vec_init(n0);
    rf_err_init(err);
    rf_fdim_regions_init(R, net);
    cr_assert_eq(rf_fdim_regions(R, net, lo, hi, 0, err), RF_OK);
    cr_assert(R->complete);
    /* every witness realizes its pattern exactly (entries 0 only where the
     * pre-activation vanishes identically); patterns are distinct */
    for (r = 0; r < R->set->n; r++) {
        slong z = 0, t;
        for (t = 0; t < nh; t++)
            z += R->set->pat[r * nh + t] == 0;
        cr_assert_eq(rf_net_pattern(pat, net, R->set->x + r * n0), z);
        cr_assert(memcmp(pat, R->set->pat + r * nh, nh * sizeof(int)) == 0);
        for (a = 0; a < r; a++)
            cr_assert(memcmp(R->set->pat + a * nh, R->set->pat + r * nh, nh * sizeof(int)) != 0);
        if (lo)
            for (j = 0; j < n0; j++) {
                cr_assert(fmpq_cmp(R->set->x + r * n0 + j, lo + j) > 0);
                cr_assert(fmpq_cmp(R->set->x + r * n0 + j, hi + j) < 0);
            }
    }
    /* completeness oracle: random admissible points at several scales */
    for (a = 0; a < 400; a++) {
        slong sc = (a % 4 == 3) ? 1000 : (a % 4 == 2 ? 30 : 3);
        for (j = 0; j < n0; j++) {
            fmpq_set_si(x + j, (slong) n_randint(st, 2001) - 1000, 1000);
            fmpq_mul_si(x + j, x + j, sc);
            if (lo) {   /* map into the box */
                fmpq_t t;
                fmpq_init(t);
                fmpq_set_si(t, (slong) n_randint(st, 999) + 1, 1000);
                fmpq_sub(x + j, hi + j, lo + j);
                fmpq_mul(x + j, x + j, t);
                fmpq_add(x + j, x + j, lo + j);
                fmpq_clear(t);
            }
        }
        if (rf_net_pattern(pat, net, x) == 0)
            cr_assert(pattern_in(R->set, pat), "pattern of a sample point missing");
    }
    rf_fdim_regions_clear(R);
    rf_err_clear(err);
    _fmpq_vec_clear(x, n0);
    flint_free(pat);
}

Test(regions, complete_1d_2d_3d)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 45); it++) {
        slong L = 2 + n_randint(st, 2), dims[5], l;
        rf_net_t net;
        dims[0] = 1 + it % 3;
        for (l = 1; l < L; l++)
            dims[l] = 1 + n_randint(st, 3);
        dims[L] = 1;
        rf_net_init(net, L, dims);
        rf_net_randtest(net, st, 9, 4);
        check_regions(net, st, NULL, NULL);
        {
            fmpq *lo = _fmpq_vec_init(dims[0]), *hi = _fmpq_vec_init(dims[0]);
            for (l = 0; l < dims[0]; l++) {
                fmpq_set_si(lo + l, -1, 2);
                fmpq_set_si(hi + l, 3, 4);
            }
            check_regions(net, st, lo, hi);
            _fmpq_vec_clear(lo, dims[0]);
            _fmpq_vec_clear(hi, dims[0]);
        }
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* batch FD <= true FD <= D - H; random rescaling + permutation keeps both. */
Test(regions, chain_and_group_invariance)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 30); it++) {
        slong L = 2 + n_randint(st, 2), dims[5], l, i, j, npts = 6, tfd, tfd2;
        rf_net_t net, g;
        fmpq *pts;
        rf_fdim_rank_t b1, b2;
        rf_fdim_opts_t o;
        rf_err_t err;
        int ex;
        dims[0] = 1 + it % 2;
        for (l = 1; l < L; l++)
            dims[l] = 1 + n_randint(st, 3);
        dims[L] = 1 + n_randint(st, 2);
        rf_net_init(net, L, dims);
        rf_net_randtest(net, st, 9, 4);
        /* g = random positive rescaling then a random permutation per layer */
        rf_net_init(g, 1, (slong[]) {1, 1});
        rf_net_set(g, net);
        for (l = 1; l < L; l++) {
            slong n = dims[l], *perm = flint_malloc(n * sizeof(slong));
            rf_net_t h;
            for (i = 0; i < n; i++) {
                fmpq_t c;
                fmpq_init(c);
                fmpq_set_si(c, 1 + n_randint(st, 7), 1 + n_randint(st, 5));
                for (j = 0; j < dims[l - 1]; j++)
                    fmpq_mul(rf_net_W(g, l - 1, i, j), rf_net_W(g, l - 1, i, j), c);
                fmpq_mul(rf_net_b(g, l - 1, i), rf_net_b(g, l - 1, i), c);
                for (j = 0; j < dims[l + 1]; j++)
                    fmpq_div(rf_net_W(g, l, j, i), rf_net_W(g, l, j, i), c);
                fmpq_clear(c);
                perm[i] = i;
            }
            for (i = n - 1; i > 0; i--) {
                slong k = n_randint(st, i + 1), t = perm[i];
                perm[i] = perm[k];
                perm[k] = t;
            }
            rf_net_init(h, 1, (slong[]) {1, 1});
            rf_net_set(h, g);
            for (i = 0; i < n; i++) {
                for (j = 0; j < dims[l - 1]; j++)
                    fmpq_set(rf_net_W(g, l - 1, perm[i], j), rf_net_W(h, l - 1, i, j));
                fmpq_set(rf_net_b(g, l - 1, perm[i]), rf_net_b(h, l - 1, i));
                for (j = 0; j < dims[l + 1]; j++)
                    fmpq_set(rf_net_W(g, l, j, perm[i]), rf_net_W(h, l, j, i));
            }
            rf_net_clear(h);
            flint_free(perm);
        }
        /* g computes the same function (exact check at sample points) */
        pts = _fmpq_vec_init(npts * dims[0]);
        rf_fdim_random_points(pts, npts, net, st);
        for (i = 0; i < npts; i++) {
            fmpq *y1 = _fmpq_vec_init(dims[L]), *y2 = _fmpq_vec_init(dims[L]);
            rf_net_eval(y1, net, pts + i * dims[0]);
            rf_net_eval(y2, g, pts + i * dims[0]);
            cr_assert(rf_qvec_equal(y1, y2, dims[L]));
            _fmpq_vec_clear(y1, dims[L]);
            _fmpq_vec_clear(y2, dims[L]);
        }
        tfd = tf_true_fd(net, st, &ex);
        cr_assert(ex);
        tfd2 = tf_true_fd(g, st, &ex);
        cr_assert(ex);
        cr_assert_eq(tfd, tfd2);
        cr_assert(tfd <= rf_net_num_params(net) - rf_net_num_hidden(net));
        rf_err_init(err);
        rf_fdim_opts_init(o);
        rf_fdim_rank_init(b1);
        rf_fdim_rank_init(b2);
        if (rf_fdim_batch(b1, net, pts, npts, o, st, err) == RF_OK) {
            cr_assert_eq(rf_fdim_batch(b2, g, pts, npts, o, st, err), RF_OK);
            cr_assert(b1->exact && b2->exact);
            cr_assert_eq(b1->rank, b2->rank);
            cr_assert(b1->rank <= tfd);
        }
        rf_fdim_rank_clear(b1);
        rf_fdim_rank_clear(b2);
        rf_err_clear(err);
        _fmpq_vec_clear(pts, npts * dims[0]);
        rf_net_clear(g);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* A thin region that uniform sampling misses: (1,2,1) with two kinks 10^-6
 * apart; the sweep finds the three regions and the full FD 5. */
Test(regions, thin_region_found)
{
    rf_net_t net;
    flint_rand_t st;
    int ex;
    rf_fdim_regions_t R;
    rf_err_t err;
    rf_test_randinit(st);
    rf_net_init(net, 2, (slong[]) {1, 2, 1});
    fmpq_set_si(rf_net_W(net, 0, 0, 0), 1, 1);
    fmpq_set_si(rf_net_b(net, 0, 0), 0, 1);
    fmpq_set_si(rf_net_W(net, 0, 1, 0), -1, 1);
    fmpq_set_si(rf_net_b(net, 0, 1), 1, 1000000);   /* kinks at 0 and 1e-6 */
    fmpq_set_si(rf_net_W(net, 1, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 1), 2, 1);
    rf_err_init(err);
    rf_fdim_regions_init(R, net);
    rf_fdim_regions(R, net, NULL, NULL, 0, err);
    cr_assert_eq(R->set->n, 3);
    cr_assert_eq(tf_true_fd(net, st, &ex), 5);
    rf_fdim_regions_clear(R);
    rf_err_clear(err);
    rf_net_clear(net);
    flint_randclear(st);
}

/* Early exit: rf_fdim_true_search gives the same FD as the complete search,
 * and stops only with rank = D - H. */
Test(regions, early_exit_agrees)
{
    flint_rand_t st;
    slong it, nstop = 0;
    rf_test_randinit(st);
    /* beyond the 12 draws, go on until the early exit has happened once
       (whether a draw stops early depends on the seed) */
    for (it = 0; rf_test_loop(it, 12) || (nstop == 0 && it < 200); it++) {
        rf_net_t net;
        rf_fdim_regions_t R;
        rf_fdim_rank_t res;
        rf_fdim_opts_t o;
        rf_err_t err;
        int ex;
        slong full;
        rf_net_init(net, 3, (slong[]) {2 + it % 2, 4, 4, 1});
        rf_net_randtest(net, st, 9, 4);
        full = tf_true_fd(net, st, &ex);
        cr_assert(ex);
        rf_err_init(err);
        rf_fdim_opts_init(o);
        rf_fdim_regions_init(R, net);
        rf_fdim_rank_init(res);
        cr_assert_eq(rf_fdim_true_search(res, R, net, NULL, NULL, 0, o, st, err), RF_OK);
        cr_assert(res->exact);
        cr_assert_eq(res->rank, full);
        if (R->stopped) {
            nstop++;
            cr_assert_eq(res->rank, res->bound);
            cr_assert(!R->complete);
        } else {
            cr_assert(R->complete);
        }
        rf_fdim_rank_clear(res);
        rf_fdim_regions_clear(R);
        rf_err_clear(err);
        rf_net_clear(net);
    }
    cr_assert(nstop >= 1, "early exit never exercised in %ld draws", (long) it);
    flint_randclear(st);
}
