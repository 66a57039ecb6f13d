/* Path embedding: exact invariance under positive rescalings, equivariance
 * under permutations, the linearized realization against exact evaluation,
 * true FD <= rank dPhi <= D - H, and the shallow box conditions against the
 * exact functional dimension on the box. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include "common.h"
#include "relufiber/fdim.h"

Test(embed, phi_invariance_and_linear_form)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 40); it++) {
        slong L = 1 + n_randint(st, 4), dims[6], l, i, j, np, p, a;
        rf_net_t net, g;
        fmpq *phi, *phig, *x, *y, *y2;
        int *pat;
        for (l = 0; l <= L; l++)
            dims[l] = 1 + n_randint(st, 3);
        rf_net_init(net, L, dims);
        rf_net_randtest(net, st, 9, 4);
        np = rf_fdim_embed_num_paths(net, 0);
        phi = _fmpq_vec_init(np);
        phig = _fmpq_vec_init(np);
        rf_fdim_embed_phi(phi, net);
        /* positive rescaling: Phi unchanged exactly */
        rf_net_init(g, 1, (slong[]) {1, 1});
        rf_net_set(g, net);
        for (l = 1; l < L; l++)
            for (i = 0; i < dims[l]; i++) {
                fmpq_t c;
                fmpq_init(c);
                fmpq_set_si(c, 1 + n_randint(st, 9), 1 + n_randint(st, 9));
                for (j = 0; j < dims[l - 1]; j++)
                    fmpq_mul(rf_net_W(g, l - 1, i, j), rf_net_W(g, l - 1, i, j), c);
                fmpq_mul(rf_net_b(g, l - 1, i), rf_net_b(g, l - 1, i), c);
                for (j = 0; j < dims[l + 1]; j++)
                    fmpq_div(rf_net_W(g, l, j, i), rf_net_W(g, l, j, i), c);
                fmpq_clear(c);
            }
        rf_fdim_embed_phi(phig, g);
        cr_assert(rf_qvec_equal(phi, phig, np));
        /* permutation swapping neurons 0 and 1 of a hidden layer: Phi is
         * permuted, path by path */
        if (L >= 2 && dims[1] >= 2) {
            slong *nodes = flint_malloc((L + 1) * sizeof(slong)), sl, s0, q;
            rf_net_set(g, net);
            for (j = 0; j < dims[0]; j++)
                fmpq_swap(rf_net_W(g, 0, 0, j), rf_net_W(g, 0, 1, j));
            fmpq_swap(rf_net_b(g, 0, 0), rf_net_b(g, 0, 1));
            for (j = 0; j < dims[2]; j++)
                fmpq_swap(rf_net_W(g, 1, j, 0), rf_net_W(g, 1, j, 1));
            rf_fdim_embed_phi(phig, g);
            for (p = 0; p < np; p++) {
                /* image path: swap 0 <-> 1 at layer 1 */
                rf_fdim_embed_path(&sl, &s0, nodes, net, p);
                if (sl == 0 && nodes[0] <= 1)
                    nodes[0] ^= 1;
                if (sl == 1 && s0 <= 1)
                    s0 ^= 1;
                /* find index of the image path */
                for (q = 0; q < np; q++) {
                    slong sl2, s2, *n2 = flint_malloc((L + 1) * sizeof(slong)), t, same;
                    rf_fdim_embed_path(&sl2, &s2, n2, net, q);
                    same = (sl2 == sl && s2 == s0);
                    for (t = 0; same && t < L - sl; t++)
                        same = (n2[t] == nodes[t]);
                    flint_free(n2);
                    if (same) {
                        cr_assert(fmpq_equal(phig + q, phi + p));
                        break;
                    }
                }
                cr_assert(q < np);
            }
            flint_free(nodes);
        }
        /* linear form on the region of x equals the exact output */
        x = _fmpq_vec_init(dims[0]);
        y = _fmpq_vec_init(dims[L]);
        y2 = _fmpq_vec_init(dims[L]);
        pat = flint_malloc((rf_net_num_hidden(net) + 1) * sizeof(int));
        for (a = 0; a < 10; a++) {
            for (j = 0; j < dims[0]; j++)
                fmpq_set_si(x + j, (slong) n_randint(st, 201) - 100, 1 + n_randint(st, 7));
            if (rf_net_pattern(pat, net, x))
                continue;
            rf_net_eval(y, net, x);
            rf_fdim_embed_eval_linear(y2, net, phi, pat, x);
            cr_assert(rf_qvec_equal(y, y2, dims[L]));
        }
        flint_free(pat);
        _fmpq_vec_clear(x, dims[0]);
        _fmpq_vec_clear(y, dims[L]);
        _fmpq_vec_clear(y2, dims[L]);
        _fmpq_vec_clear(phi, np);
        _fmpq_vec_clear(phig, np);
        rf_net_clear(g);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

Test(embed, dphi_rank_sandwich)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 20); it++) {
        slong L = 2 + n_randint(st, 2), dims[5], l, r, fd;
        rf_net_t net;
        int ex, ex2;
        dims[0] = 1 + n_randint(st, 2);
        for (l = 1; l <= L; l++)
            dims[l] = 1 + n_randint(st, 3);
        rf_net_init(net, L, dims);
        rf_net_randtest(net, st, 9, 4);
        r = rf_fdim_embed_dphi_rank(&ex, net, st);
        fd = tf_true_fd(net, st, &ex2);
        cr_assert(ex && ex2);
        cr_assert(fd <= r && r <= rf_net_num_params(net) - rf_net_num_hidden(net),
                  "fd %ld rank dPhi %ld", (long) fd, (long) r);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* Theorem 3 of docs/embedding.md against the exact FD on the box: verdict
 * IDENTIFIABLE => FD on the box = D - H; NOT => FD on the box < D - H. */
Test(embed, shallow_box_vs_exact_fd)
{
    flint_rand_t st;
    slong it, nid = 0, nnot = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 60); it++) {
        slong n0 = 1 + n_randint(st, 2), j;
        rf_net_t net;
        fmpq *lo = _fmpq_vec_init(n0), *hi = _fmpq_vec_init(n0);
        rf_shallow_box_struct v;
        rf_fdim_regions_t R;
        rf_fdim_rank_t res;
        rf_fdim_opts_t o;
        rf_err_t err;
        rf_net_init(net, 2, (slong[]) {n0, 1 + (slong) n_randint(st, 3), 1 + (slong) n_randint(st, 2)});
        rf_net_randtest(net, st, 5, 3);
        if (it % 5 == 0)   /* make twins */
            for (j = 0; j <= n0 && net->dims[1] >= 2; j++) {
                fmpq *a = j < n0 ? rf_net_W(net, 0, 0, j) : rf_net_b(net, 0, 0);
                fmpq *b = j < n0 ? rf_net_W(net, 0, 1, j) : rf_net_b(net, 0, 1);
                fmpq_mul_si(b, a, 2);
            }
        for (j = 0; j < n0; j++) {
            fmpq_set_si(lo + j, -1, 1);
            fmpq_set_si(hi + j, 1, 1);
        }
        rf_err_init(err);
        cr_assert_eq(rf_shallow_box_identifiable(&v, net, lo, hi, err), RF_OK);
        rf_fdim_regions_init(R, net);
        cr_assert_eq(rf_fdim_regions(R, net, lo, hi, 0, err), RF_OK);
        rf_fdim_opts_init(o);
        rf_fdim_rank_init(res);
        rf_fdim_true(res, net, R, o, st);
        cr_assert(res->exact && R->complete);
        if (v.verdict == RF_SHALLOW_IDENTIFIABLE) {
            cr_assert_eq(res->rank, res->bound, "%s", v.reason);
            nid++;
        } else if (v.verdict == RF_SHALLOW_NOT) {
            cr_assert(res->rank < res->bound, "%s", v.reason);
            nnot++;
        }
        rf_fdim_rank_clear(res);
        rf_fdim_regions_clear(R);
        rf_err_clear(err);
        _fmpq_vec_clear(lo, n0);
        _fmpq_vec_clear(hi, n0);
        rf_net_clear(net);
    }
    cr_assert(nid > rf_test_count(5) && nnot > rf_test_count(5), "both verdicts exercised (%ld, %ld)", (long) nid, (long) nnot);
    flint_randclear(st);
}
