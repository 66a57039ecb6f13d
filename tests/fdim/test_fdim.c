/* Functional dimension: regression values of the notes (5.9), the scaling
 * kernel, rows against an exact difference-quotient oracle, modular rank
 * against an exact rational rank, invariance under the symmetry group, the
 * chain batch FD <= true FD <= D - H, and bent-hyperplane rejection. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <string.h>
#include "common.h"

/* (1,1,1,1): F(x) = u relu(w relu(a x + b) + c) + e. Notes 3.3 / 5.9. */
Test(fdim, regression_1111)
{
    static const slong cases[4][7] = {
        {1, 0, -1, 1, 1, 0, 4}, {1, 0, 1, -1, 1, 0, 3},
        {1, 0, 1, 1, 1, 0, 3}, {1, 0, -1, -1, 1, 0, 1}};
    slong c;
    flint_rand_t st;
    rf_test_randinit(st);
    for (c = 0; c < 4; c++) {
        rf_net_t net;
        int exact;
        tf_net_from(net, 3, (slong[]) {1, 1, 1, 1}, cases[c]);
        cr_assert_eq(tf_true_fd(net, st, &exact), cases[c][6], "case %ld", (long) c);
        cr_assert(exact);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* One hidden layer with random rationals: FD = D - H (10 and 13). */
Test(fdim, shallow_full)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 6); it++) {
        rf_net_t net;
        int exact;
        slong n0 = 2 + it % 2;
        rf_net_init(net, 2, (slong[]) {n0, 3, 1});
        rf_net_randtest(net, st, 9, 5);
        /* avoid measure-zero degeneracies: nonzero entries */
        {
            slong D = rf_net_num_params(net), k;
            fmpq *th = _fmpq_vec_init(D);
            rf_net_get_params(th, net);
            for (k = 0; k < D; k++)
                if (fmpq_is_zero(th + k))
                    fmpq_set_si(th + k, 1 + k, 7);
            rf_net_set_params(net, th);
            _fmpq_vec_clear(th, D);
        }
        cr_assert_eq(tf_true_fd(net, st, &exact), n0 == 2 ? 10 : 13);
        cr_assert(exact);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* Rows against an exact oracle: on a fixed pattern F is affine in each single
 * parameter, so dF/dtheta_k = F_S(theta + e_k, x) - F_S(theta, x) exactly. */
Test(fdim, rows_vs_difference_oracle)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 60); it++) {
        slong L = 1 + n_randint(st, 4), dims[6], l, D, nd, k, j, q;
        rf_net_t net, net2;
        fmpq *th, *x, *y0, *y1, *rows;
        int *pat;
        for (l = 0; l <= L; l++)
            dims[l] = 1 + n_randint(st, 3);
        rf_net_init(net, L, dims);
        rf_net_init(net2, L, dims);
        rf_net_randtest(net, st, 7, 3);
        D = rf_net_num_params(net);
        nd = dims[L];
        th = _fmpq_vec_init(D);
        x = _fmpq_vec_init(dims[0]);
        y0 = _fmpq_vec_init(nd);
        y1 = _fmpq_vec_init(nd);
        rows = _fmpq_vec_init(nd * D);
        pat = flint_malloc((rf_net_num_hidden(net) + 1) * sizeof(int));
        for (j = 0; j < rf_net_num_hidden(net); j++)
            pat[j] = n_randint(st, 2) ? 1 : -1;   /* any pattern (extension) */
        for (j = 0; j < dims[0]; j++)
            fmpq_set_si(x + j, (slong) n_randint(st, 41) - 20, 1 + n_randint(st, 5));
        rf_fdim_rows_fmpq(rows, net, pat, x, -1);
        rf_net_get_params(th, net);
        rf_net_eval_on_pattern(y0, net, pat, x);
        for (k = 0; k < D; k++) {
            fmpq_add_si(th + k, th + k, 1);
            rf_net_set_params(net2, th);
            rf_net_eval_on_pattern(y1, net2, pat, x);
            fmpq_sub_si(th + k, th + k, 1);
            for (j = 0; j < nd; j++) {
                fmpq_t d;
                fmpq_init(d);
                fmpq_sub(d, y1 + j, y0 + j);
                cr_assert(fmpq_equal(d, rows + j * D + k), "row %ld col %ld", (long) j, (long) k);
                fmpq_clear(d);
            }
        }
        /* derivative rows: value row at x + e_q minus value row at x */
        for (q = 0; q < dims[0]; q++) {
            fmpq *r1 = _fmpq_vec_init(nd * D), *r2 = _fmpq_vec_init(nd * D);
            rf_fdim_rows_fmpq(r2, net, pat, NULL, q);
            fmpq_add_si(x + q, x + q, 1);
            rf_fdim_rows_fmpq(r1, net, pat, x, -1);
            fmpq_sub_si(x + q, x + q, 1);
            for (k = 0; k < nd * D; k++) {
                fmpq_sub(r1 + k, r1 + k, rows + k);
                cr_assert(fmpq_equal(r1 + k, r2 + k));
            }
            _fmpq_vec_clear(r1, nd * D);
            _fmpq_vec_clear(r2, nd * D);
        }
        /* modular rows agree with the exact rows reduced mod p */
        {
            rf_fdim_modnet_t mn;
            mp_limb_t p = n_randprime(st, 60, 1), *xm, *rm, e;
            if (rf_fdim_modnet_init(mn, net, p) == 0) {
                xm = flint_malloc(dims[0] * sizeof(mp_limb_t));
                rm = flint_malloc(nd * D * sizeof(mp_limb_t));
                for (j = 0; j < dims[0]; j++)
                    cr_assert_eq(rf_fdim_q_mod(xm + j, x + j, mn->mod), 0);
                rf_fdim_rows_modp(rm, mn, pat, xm, -1);
                for (k = 0; k < nd * D; k++) {
                    cr_assert_eq(rf_fdim_q_mod(&e, rows + k, mn->mod), 0);
                    cr_assert_eq(e, rm[k]);
                }
                flint_free(xm);
                flint_free(rm);
            }
            rf_fdim_modnet_clear(mn);
        }
        flint_free(pat);
        _fmpq_vec_clear(th, D);
        _fmpq_vec_clear(x, dims[0]);
        _fmpq_vec_clear(y0, nd);
        _fmpq_vec_clear(y1, nd);
        _fmpq_vec_clear(rows, nd * D);
        rf_net_clear(net);
        rf_net_clear(net2);
    }
    flint_randclear(st);
}

/* Notes 5.4: every scaling vector is in the kernel of every block, exactly. */
Test(fdim, scaling_vectors_in_kernel)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 40); it++) {
        slong L = 2 + n_randint(st, 3), dims[6], l, i, D, nd, q, k, m;
        rf_net_t net;
        fmpq *rows, *v;
        int *pat;
        fmpq *x;
        for (l = 0; l <= L; l++)
            dims[l] = 1 + n_randint(st, 4);
        rf_net_init(net, L, dims);
        rf_net_randtest(net, st, 9, 4);
        D = rf_net_num_params(net);
        nd = dims[L];
        rows = _fmpq_vec_init(nd * D);
        v = _fmpq_vec_init(D);
        x = _fmpq_vec_init(dims[0]);
        pat = flint_malloc((rf_net_num_hidden(net) + 1) * sizeof(int));
        for (k = 0; k < rf_net_num_hidden(net); k++)
            pat[k] = n_randint(st, 2) ? 1 : -1;
        for (k = 0; k < dims[0]; k++)
            fmpq_set_si(x + k, (slong) n_randint(st, 41) - 20, 1 + n_randint(st, 5));
        for (q = -1; q < dims[0]; q++) {
            rf_fdim_rows_fmpq(rows, net, pat, x, q);
            for (l = 1; l < L; l++)
                for (i = 0; i < dims[l]; i++) {
                    rf_fdim_scaling_vector(v, net, l, i);
                    for (m = 0; m < nd; m++) {
                        fmpq_t s;
                        fmpq_init(s);
                        for (k = 0; k < D; k++)
                            fmpq_addmul(s, rows + m * D + k, v + k);
                        cr_assert(fmpq_is_zero(s));
                        fmpq_clear(s);
                    }
                }
        }
        flint_free(pat);
        _fmpq_vec_clear(rows, nd * D);
        _fmpq_vec_clear(v, D);
        _fmpq_vec_clear(x, dims[0]);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* Certified rank = exact rank over Q (fmpq_mat_rref), on random nets and
 * random batches (full and deficient), with the kernel verified again. */
Test(fdim, modp_rank_vs_exact_rank)
{
    flint_rand_t st;
    slong it, ncert[5] = {0, 0, 0, 0, 0};
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 80); it++) {
        slong L = 1 + n_randint(st, 4), dims[6], l, npts, D;
        rf_net_t net;
        fmpq *pts;
        rf_fdim_rank_t res;
        rf_fdim_opts_t o;
        rf_fdim_set_t s;
        rf_err_t err;
        fmpq_mat_t J;
        for (l = 0; l <= L; l++)
            dims[l] = 1 + n_randint(st, 3);
        rf_net_init(net, L, dims);
        rf_net_randtest(net, st, 5, 3);
        D = rf_net_num_params(net);
        npts = 1 + n_randint(st, 12);
        pts = _fmpq_vec_init(npts * dims[0]);
        rf_fdim_random_points(pts, npts, net, st);
        rf_fdim_opts_init(o);
        o->want_kernel = (it / 2) % 2 == 0;  /* without it: the cheapest certificate */
        rf_err_init(err);
        rf_fdim_set_init(s, net, it % 2);
        if (rf_fdim_set_add_points(s, net, pts, npts, err) != RF_OK) {
            /* a degenerate net: every point on a hyperplane (zero neuron) */
            rf_fdim_set_clear(s);
            goto next;
        }
        rf_fdim_rank_init(res);
        rf_fdim_rank(res, net, s, o, st);
        fmpq_mat_init(J, 0, 0);
        rf_fdim_set_matrix(J, net, s);
        cr_assert(res->exact);
        cr_assert_eq(res->rank, tf_rank_q(J), "it %ld", (long) it);
        cr_assert(res->rank <= res->bound);
        ncert[res->cert]++;
        if (o->want_kernel && (res->cert == RF_FDIM_CERT_KERNEL || res->cert == RF_FDIM_CERT_STRUCTURAL)) {
            fmpq_mat_t P;
            cr_assert_eq(res->kernel->c, D - res->rank);
            cr_assert_eq(tf_rank_q(res->kernel), D - res->rank);
            fmpq_mat_init(P, J->r, res->kernel->c);
            fmpq_mat_mul(P, J, res->kernel);
            cr_assert(fmpq_mat_is_zero(P));
            fmpq_mat_clear(P);
        }
        fmpq_mat_clear(J);
        rf_fdim_rank_clear(res);
        rf_fdim_set_clear(s);
next:
        rf_err_clear(err);
        _fmpq_vec_clear(pts, npts * dims[0]);
        rf_net_clear(net);
    }
    cr_assert(ncert[RF_FDIM_CERT_SANDWICH] >= rf_test_count(1) &&
              ncert[RF_FDIM_CERT_KERNEL] >= rf_test_count(1) &&
              ncert[RF_FDIM_CERT_STRUCTURAL] >= rf_test_count(1),
              "certificate kinds exercised (sandwich %ld, kernel %ld, structural %ld)",
              (long) ncert[RF_FDIM_CERT_SANDWICH], (long) ncert[RF_FDIM_CERT_KERNEL],
              (long) ncert[RF_FDIM_CERT_STRUCTURAL]);
    flint_randclear(st);
}

/* Points on a bent hyperplane are rejected, naming the point. */
Test(fdim, bent_hyperplane_rejected)
{
    rf_net_t net;
    fmpq pts[3];
    rf_fdim_rank_t res;
    rf_fdim_opts_t o;
    rf_err_t err;
    flint_rand_t st;
    int r;
    rf_test_randinit(st);
    /* (1,2,1): neurons relu(x - 1), relu(-x + 3) */
    tf_net_from(net, 2, (slong[]) {1, 2, 1}, (slong[]) {1, -1, -1, 3, 1, 1, 0});
    fmpq_init(pts); fmpq_init(pts + 1); fmpq_init(pts + 2);
    fmpq_set_si(pts, 0, 1);
    fmpq_set_si(pts + 1, 3, 1);
    fmpq_set_si(pts + 2, 5, 1);
    rf_err_init(err);
    rf_fdim_opts_init(o);
    rf_fdim_rank_init(res);
    r = rf_fdim_batch(res, net, pts, 3, o, st, err);
    cr_assert_eq(r, RF_ERR_INPUT);
    cr_assert(strstr(err->msg, "point 2 (3)") != NULL, "%s", err->msg);
    cr_assert(strstr(err->msg, "neuron 2 of layer 1") != NULL, "%s", err->msg);
    fmpq_set_si(pts + 1, 7, 2);
    cr_assert_eq(rf_fdim_batch(res, net, pts, 3, o, st, err), RF_OK);
    cr_assert_eq(res->rank, 3);  /* three regions hit: rank 3 of D - H = 5 */
    rf_fdim_rank_clear(res);
    rf_err_clear(err);
    fmpq_clear(pts); fmpq_clear(pts + 1); fmpq_clear(pts + 2);
    rf_net_clear(net);
    flint_randclear(st);
}

/* The exact-rank fallback (kernel lift disabled) agrees with fmpq_mat_rref. */
Test(fdim, exact_rank_fallback)
{
    flint_rand_t st;
    slong it, nexact = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 40); it++) {
        slong L = 2 + n_randint(st, 2), dims[5], l;
        rf_net_t net;
        rf_fdim_regions_t R;
        rf_fdim_rank_t res;
        rf_fdim_opts_t o;
        rf_err_t err;
        fmpq_mat_t J;
        for (l = 0; l <= L; l++)
            dims[l] = 1 + n_randint(st, 3);
        rf_net_init(net, L, dims);
        rf_net_randtest(net, st, 5, 3);
        rf_err_init(err);
        rf_fdim_regions_init(R, net);
        cr_assert_eq(rf_fdim_regions(R, net, NULL, NULL, 0, err), RF_OK);
        rf_fdim_opts_init(o);
        o->max_primes = 0;
        rf_fdim_rank_init(res);
        rf_fdim_true(res, net, R, o, st);
        fmpq_mat_init(J, 0, 0);
        rf_fdim_set_matrix(J, net, R->set);
        cr_assert(res->exact);
        cr_assert_eq(res->rank, tf_rank_q(J));
        nexact += (res->cert == RF_FDIM_CERT_EXACT);
        fmpq_mat_clear(J);
        rf_fdim_rank_clear(res);
        rf_fdim_regions_clear(R);
        rf_err_clear(err);
        rf_net_clear(net);
    }
    cr_assert(nexact > 0);
    flint_randclear(st);
}
