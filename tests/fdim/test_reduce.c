/* The structural reduction and the certificates at size (src/fdim/reduce.c,
 * rank.c, batch.c): randomized against the exact rank over Q (fmpq_mat_rref)
 * on small nets with dead, always-on and duplicated neurons, many points per
 * region (the row bound) and deficient ranks; the early stop of the true FD;
 * random points in a box; the result independent of the thread count. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <flint/fmpq_vec.h>
#include "relufiber/fdim.h"
#include "../rftest.h"
#include "common.h"

/* A net whose neurons are often dead or always on: a few rows copied (a
 * class), a few biases large (always on) or very negative (dead). */
static void degenerate_net(rf_net_t net, slong L, const slong *dims, flint_rand_t st)
{
    slong l, i, j;
    rf_net_init(net, L, dims);
    rf_net_randtest(net, st, 4, 3);
    for (l = 0; l < L - 1; l++)
        for (i = 0; i < dims[l + 1]; i++) {
            ulong t = n_randint(st, 5);
            if (t == 0 && i > 0) {          /* copy of neuron 0 times 2 */
                for (j = 0; j < dims[l]; j++)
                    fmpq_mul_si(rf_net_W(net, l, i, j), rf_net_W(net, l, 0, j), 2);
                fmpq_mul_si(rf_net_b(net, l, i), rf_net_b(net, l, 0), 2);
            } else if (t == 1) {            /* on for small inputs */
                fmpq_set_si(rf_net_b(net, l, i), 1000, 1);
            } else if (t == 2 && l > 0) {   /* nonnegative inputs, b < 0: dead */
                for (j = 0; j < dims[l]; j++)
                    fmpq_neg(rf_net_W(net, l, i, j), rf_net_W(net, l, i, j));
                for (j = 0; j < dims[l]; j++)
                    if (fmpz_sgn(fmpq_numref(rf_net_W(net, l, i, j))) > 0)
                        fmpq_neg(rf_net_W(net, l, i, j), rf_net_W(net, l, i, j));
                fmpq_set_si(rf_net_b(net, l, i), -1, 1);
            }
        }
}

Test(fdim_reduce, certified_rank_vs_exact_rank)
{
    flint_rand_t st;
    slong it, nstruct = 0, nrowb = 0, ndef = 0, nexact = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 120); it++) {
        slong L = 2 + n_randint(st, 2), dims[5], l, npts, D, n0;
        rf_net_t net;
        fmpq *pts, *lo, *hi;
        rf_fdim_rank_t res, res2;
        rf_fdim_opts_t o;
        rf_fdim_set_t s;
        rf_err_t err;
        fmpq_mat_t J;
        slong rq;
        for (l = 0; l <= L; l++)
            dims[l] = 1 + n_randint(st, 4);
        degenerate_net(net, L, dims, st);
        D = rf_net_num_params(net);
        n0 = dims[0];
        npts = 1 + n_randint(st, 25);
        pts = _fmpq_vec_init(npts * n0);
        lo = _fmpq_vec_init(n0);
        hi = _fmpq_vec_init(n0);
        for (l = 0; l < n0; l++) {
            fmpq_set_si(lo + l, -1 - (slong) n_randint(st, 3), 1);
            fmpq_set_si(hi + l, 1 + (slong) n_randint(st, 3), 2);
        }
        /* small boxes: many points share a region (row bound) */
        rf_fdim_random_points_box(pts, npts, net, lo, hi, st);
        for (l = 0; l < npts * n0; l++)
            cr_assert(fmpq_cmp(pts + l, lo + l % n0) > 0 && fmpq_cmp(pts + l, hi + l % n0) < 0);
        rf_fdim_opts_init(o);
        o->want_kernel = 1;
        o->exact_limit = 0;   /* no exact fallback: only the cheap certificates */
        rf_err_init(err);
        rf_fdim_set_init(s, net, it % 3 == 0);
        if (rf_fdim_set_add_points(s, net, pts, npts, err) != RF_OK) {
            rf_fdim_set_clear(s);
            goto next;
        }
        rf_fdim_rank_init(res);
        rf_fdim_rank(res, net, s, o, st);
        fmpq_mat_init(J, 0, 0);
        rf_fdim_set_matrix(J, net, s);
        rq = tf_rank_q(J);
        /* the lower bound and the proved upper bound enclose the exact rank */
        cr_assert(res->rank <= rq && rq <= res->upper, "it %ld: %ld <= %ld <= %ld", (long) it,
                  (long) res->rank, (long) rq, (long) res->upper);
        cr_assert(res->upper <= res->row_bound && res->upper <= D - res->struct_dim);
        /* the column reduction is lossless: the modular rank finds the
         * exact rank (two 24-bit primes both unlucky: negligible) */
        cr_assert_eq(res->rank, rq, "it %ld: lossy reduction? rank_p %ld, rank_Q %ld", (long) it,
                     (long) res->rank, (long) rq);
        cr_assert(res->struct_dim >= res->zero_cols);
        if (res->exact) {
            nexact++;
            cr_assert_eq(res->rank, rq, "it %ld", (long) it);
        }
        if (rq < FLINT_MIN(J->r, D - res->H))
            ndef++;
        if (res->exact && res->cert == RF_FDIM_CERT_SANDWICH && res->rank == res->row_bound &&
            res->row_bound < FLINT_MIN(J->r, D - res->H))
            nrowb++;
        if (res->cert == RF_FDIM_CERT_STRUCTURAL) {
            fmpq_mat_t P;
            nstruct++;
            cr_assert_eq(res->kernel->c, D - res->rank);
            cr_assert_eq(tf_rank_q(res->kernel), D - res->rank);
            fmpq_mat_init(P, J->r, res->kernel->c);
            fmpq_mat_mul(P, J, res->kernel);
            cr_assert(fmpq_mat_is_zero(P), "it %ld: structural kernel vector not in the kernel", (long) it);
            fmpq_mat_clear(P);
        }
        /* threads do not change the result (same prime sequence) */
        {
            flint_rand_t st2;
            rf_fdim_opts_t o2;
            flint_randinit(st2);
            rf_fdim_opts_init(o2);
            o2->lower_only = 1;
            rf_fdim_rank_init(res2);
            rf_fdim_rank(res2, net, s, o2, st2);
            flint_randclear(st2);
            flint_randinit(st2);
            o2->threads = 3;
            {
                rf_fdim_rank_t res3;
                rf_fdim_rank_init(res3);
                rf_fdim_rank(res3, net, s, o2, st2);
                cr_assert_eq(res2->rank, res3->rank);
                cr_assert_eq(res2->prime, res3->prime);
                rf_fdim_rank_clear(res3);
            }
            flint_randclear(st2);
            rf_fdim_rank_clear(res2);
        }
        fmpq_mat_clear(J);
        rf_fdim_rank_clear(res);
        rf_fdim_set_clear(s);
next:
        rf_err_clear(err);
        _fmpq_vec_clear(pts, npts * n0);
        _fmpq_vec_clear(lo, n0);
        _fmpq_vec_clear(hi, n0);
        rf_net_clear(net);
    }
    cr_assert(nstruct >= rf_test_count(1) && nrowb >= rf_test_count(1) && ndef >= rf_test_count(1),
              "paths exercised: structural %ld, row bound %ld, deficient %ld (exact %ld)",
              (long) nstruct, (long) nrowb, (long) ndef, (long) nexact);
    flint_randclear(st);
}

/* The early stop settles the true FD only at D - H, and then agrees with the
 * true FD of the complete region list. */
Test(fdim_reduce, true_random_early_stop)
{
    flint_rand_t st;
    slong it, nhit = 0, nmiss = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 30); it++) {
        slong dims[4] = {1 + n_randint(st, 2), 1 + n_randint(st, 3), 1 + n_randint(st, 3), 1};
        rf_net_t net;
        rf_fdim_rank_t res;
        rf_fdim_opts_t o;
        int hit, exact;
        slong fd;
        if (it % 2) {
            degenerate_net(net, 3, dims, st);
        } else {
            /* generic: every parameter a random nonzero small rational */
            slong k, D2;
            fmpq *th;
            rf_net_init(net, 3, dims);
            D2 = rf_net_num_params(net);
            th = _fmpq_vec_init(D2);
            for (k = 0; k < D2; k++) {
                slong num = 1 + (slong) n_randint(st, 9);
                fmpq_set_si(th + k, n_randint(st, 2) ? num : -num, 1 + n_randint(st, 7));
            }
            rf_net_set_params(net, th);
            _fmpq_vec_clear(th, D2);
        }
        rf_fdim_opts_init(o);
        rf_fdim_rank_init(res);
        hit = rf_fdim_true_random(res, net, NULL, NULL, 200, o, st);
        fd = tf_true_fd(net, st, &exact);
        if (hit) {
            nhit++;
            cr_assert(res->exact && res->rank == res->bound);
            if (exact)
                cr_assert_eq(fd, res->bound, "it %ld", (long) it);
        } else {
            nmiss++;
            if (getenv("RF_DBG")) printf("miss: bound %ld rank %ld upper %ld rowb %ld K %ld n %ld fd %ld\n", (long) res->bound, (long) res->rank, (long) res->upper, (long) res->row_bound, (long) res->struct_dim, (long) res->nitems, (long) fd);
            cr_assert(res->nitems == 0 || res->rank < res->bound);  /* nitems 0: a zero neuron, no admissible point drawn */
            cr_assert(res->rank <= fd || !exact);
        }
        rf_fdim_rank_clear(res);
        rf_net_clear(net);
    }
    cr_assert(nhit >= rf_test_count(1) && nmiss >= rf_test_count(1), "hit %ld miss %ld",
              (long) nhit, (long) nmiss);
    flint_randclear(st);
}

/* The output-null split (src/fdim/outspace.c): deep nets with a narrow
 * output and a last hidden layer that is mostly off, so that the items have
 * small active sets A with rank W^L[:, A] < nd. The proved upper bound must
 * enclose the exact rank over Q (fmpq_mat_rref) every time, and it must be
 * what makes the rank exact in a good share of the cases (a loose bound
 * would leave them as intervals). */
Test(fdim_reduce, output_null_split_vs_exact_rank)
{
    flint_rand_t st;
    slong it, ntight = 0, nrun = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 60); it++) {
        slong L = 3 + n_randint(st, 2), dims[6], l, i, npts, n0, D;
        rf_net_t net;
        fmpq *pts, *lo, *hi;
        rf_fdim_rank_t res;
        rf_fdim_opts_t o;
        rf_fdim_set_t s;
        rf_err_t err;
        fmpq_mat_t J;
        slong rq;
        dims[0] = 1 + n_randint(st, 3);
        for (l = 1; l < L; l++)
            dims[l] = 2 + n_randint(st, 4);
        dims[L] = 2 + n_randint(st, 2);
        rf_net_init(net, L, dims);
        rf_net_randtest(net, st, 5, 3);
        for (i = 0; i < dims[L - 1]; i++)      /* last hidden layer mostly off */
            fmpq_set_si(rf_net_b(net, L - 2, i), -(slong) n_randint(st, 4), 1 + n_randint(st, 2));
        if (n_randint(st, 3) == 0)              /* a rank-deficient output block */
            for (l = 0; l < dims[L]; l++)
                fmpq_mul_si(rf_net_W(net, L - 1, l, 1), rf_net_W(net, L - 1, l, 0), 3);
        D = rf_net_num_params(net);
        n0 = dims[0];
        npts = 2 + n_randint(st, 30);
        pts = _fmpq_vec_init(npts * n0);
        lo = _fmpq_vec_init(n0);
        hi = _fmpq_vec_init(n0);
        for (l = 0; l < n0; l++) {
            fmpq_set_si(lo + l, -3, 1);
            fmpq_set_si(hi + l, 3, 1);
        }
        rf_fdim_random_points_box(pts, npts, net, lo, hi, st);
        rf_fdim_opts_init(o);
        o->exact_limit = 0;
        rf_err_init(err);
        rf_fdim_set_init(s, net, 0);
        if (rf_fdim_set_add_points(s, net, pts, npts, err) == RF_OK) {
            rf_fdim_rank_init(res);
            rf_fdim_rank(res, net, s, o, st);
            fmpq_mat_init(J, 0, 0);
            rf_fdim_set_matrix(J, net, s);
            rq = tf_rank_q(J);
            nrun++;
            cr_assert(rq <= res->row_bound, "it %ld: row bound %ld below the exact rank %ld",
                      (long) it, (long) res->row_bound, (long) rq);
            cr_assert(res->rank <= rq && rq <= res->upper);
            if (res->exact)
                cr_assert_eq(res->rank, rq, "it %ld", (long) it);
            if (res->exact && res->cert == RF_FDIM_CERT_SANDWICH && res->rank == res->row_bound
                && rq < FLINT_MIN(J->r, D - res->H) && rq < D - res->struct_dim)
                ntight++;
            fmpq_mat_clear(J);
            rf_fdim_rank_clear(res);
        }
        rf_fdim_set_clear(s);
        rf_err_clear(err);
        _fmpq_vec_clear(pts, npts * n0);
        _fmpq_vec_clear(lo, n0);
        _fmpq_vec_clear(hi, n0);
        rf_net_clear(net);
    }
    cr_assert(nrun < 20 || ntight >= 5,
              "the row bound certified only %ld of %ld cases", (long) ntight, (long) nrun);
    flint_randclear(st);
}

/* The output-null split (outspace.c) and the row bound on the unusual cases
 * the test above does not draw: nd = 1..4 outputs, zero / equal /
 * proportional output columns and rows, a last hidden layer of width 1..6,
 * dead, always-on and often-collapsed layers, depth 2..5, small integer
 * weights and grid points so that many items lie exactly on kinks (pattern
 * entries 0, appended with their exact patterns), duplicate points, and
 * block mode. Never below the exact rank over Q; exact results equal it. */
Test(fdim_reduce, output_null_split_unusual_nets)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 150); it++) {
        slong L = 2 + n_randint(st, 4), dims[8], l, i, j, k, n0, nd, nh, npts, nl, rq;
        int blocks = n_randint(st, 4) == 0, *pat;
        ulong t;
        rf_net_t net;
        rf_fdim_set_t s;
        rf_fdim_rank_t res;
        rf_fdim_opts_t o;
        fmpq_mat_t J;
        fmpq *x;
        dims[0] = n0 = 1 + n_randint(st, 3);
        for (l = 1; l < L - 1; l++)
            dims[l] = 1 + n_randint(st, 4);
        dims[L - 1] = nl = 1 + n_randint(st, 6);
        dims[L] = nd = 1 + n_randint(st, 4);
        rf_net_init(net, L, dims);
        for (l = 0; l < L; l++)
            for (i = 0; i < dims[l + 1]; i++) {
                for (j = 0; j < dims[l]; j++)
                    fmpq_set_si(rf_net_W(net, l, i, j), (slong) n_randint(st, 5) - 2, 1);
                fmpq_set_si(rf_net_b(net, l, i), (slong) n_randint(st, 5) - 2, 1 + n_randint(st, 2));
            }
        for (l = 0; l < L - 1; l++) {
            t = n_randint(st, 6);
            for (i = 0; i < dims[l + 1] && t <= 2; i++)
                fmpq_set_si(rf_net_b(net, l, i), t == 0 ? -100 : t == 2 ? 100
                            : -(slong) n_randint(st, 3) - 1, 1);   /* dead, off, on */
        }
        t = n_randint(st, 8);
        if (t == 0 && nl > 1) {                       /* a zero column */
            j = n_randint(st, nl);
            for (k = 0; k < nd; k++)
                fmpq_zero(rf_net_W(net, L - 1, k, j));
        } else if ((t == 1 || t == 2) && nl > 1) {    /* equal / proportional columns */
            slong a = n_randint(st, nl), b = n_randint(st, nl);
            for (k = 0; k < nd; k++)
                fmpq_mul_si(rf_net_W(net, L - 1, k, b), rf_net_W(net, L - 1, k, a), t == 1 ? 1 : -3);
        } else if (t == 3 && nd > 1) {                /* proportional outputs */
            slong a = n_randint(st, nd), b = n_randint(st, nd);
            for (j = 0; j < nl; j++)
                fmpq_mul_si(rf_net_W(net, L - 1, b, j), rf_net_W(net, L - 1, a, j), 2);
        } else if (t == 4 && nd > 1) {                /* a zero output row */
            k = n_randint(st, nd);
            for (j = 0; j < nl; j++)
                fmpq_zero(rf_net_W(net, L - 1, k, j));
        } else if (t == 5) {                          /* sparse output layer */
            for (k = 0; k < nd; k++)
                for (j = 0; j < nl; j++)
                    if (n_randint(st, 2))
                        fmpq_zero(rf_net_W(net, L - 1, k, j));
        } else if (t == 6 && nd > 1) {                /* rank-one output layer */
            for (k = 1; k < nd; k++)
                for (j = 0; j < nl; j++)
                    fmpq_mul_si(rf_net_W(net, L - 1, k, j), rf_net_W(net, L - 1, 0, j), k + 1);
        }
        nh = rf_net_num_hidden(net);
        npts = 1 + n_randint(st, blocks ? 6 : 25);
        x = _fmpq_vec_init(n0);
        pat = flint_malloc((nh + 1) * sizeof(int));
        rf_fdim_set_init(s, net, blocks);
        for (k = 0; k < npts; k++) {
            if (k > 0 && n_randint(st, 5) == 0) {     /* a duplicate point */
                slong c = n_randint(st, k);
                for (j = 0; j < n0; j++)
                    fmpq_set(x + j, s->x + c * n0 + j);
            } else {
                for (j = 0; j < n0; j++)
                    fmpq_set_si(x + j, (slong) n_randint(st, 9) - 4, 1 + n_randint(st, 2));
            }
            rf_net_pattern(pat, net, x);              /* exact, zeros on kinks */
            rf_fdim_set_append(s, x, pat);
        }
        rf_fdim_opts_init(o);
        rf_fdim_rank_init(res);
        rf_fdim_rank(res, net, s, o, st);
        fmpq_mat_init(J, 0, 0);
        rf_fdim_set_matrix(J, net, s);
        rq = tf_rank_q(J);
        cr_assert(rq <= res->row_bound, "it %ld: row bound %ld below the exact rank %ld",
                  (long) it, (long) res->row_bound, (long) rq);
        cr_assert(res->rank <= rq && rq <= res->upper, "it %ld: %ld <= %ld <= %ld", (long) it,
                  (long) res->rank, (long) rq, (long) res->upper);
        if (res->exact)
            cr_assert_eq(res->rank, rq, "it %ld", (long) it);
        fmpq_mat_clear(J);
        rf_fdim_rank_clear(res);
        rf_fdim_set_clear(s);
        flint_free(pat);
        _fmpq_vec_clear(x, n0);
        rf_net_clear(net);
    }
    flint_randclear(st);
}
