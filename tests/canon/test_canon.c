/* Tests of the any-depth canonical form (src/canon/) and of the equivalence
 * ladder built on it (src/decide/dispatch.c, search.c).
 *
 * Oracles, independent of the code under test: exact evaluation at random
 * rational points (the form computes the same function), the symmetry
 * applied by rf_net_apply_perm_scale and neurons added by hand in this file
 * (orbit invariance), the complete enumeration rf_decide_exhaustive_opts
 * (verdicts of the ladder), and tampered traces (the verifier rejects). */
#include <flint/fmpq_vec.h>
#include "../rftest.h"
#include "relufiber/relufiber.h"

static void rand_arch(slong *L, slong *dims, flint_rand_t st, slong maxL, slong maxw)
{
    slong l;
    *L = 2 + (slong) n_randint(st, maxL - 1);
    for (l = 0; l <= *L; l++)
        dims[l] = 1 + (slong) n_randint(st, maxw);
    dims[0] = 1 + (slong) n_randint(st, 3);
}

/* net with one neuron appended to hidden layer h: row, bias, column given */
static void append_neuron(rf_net_t net, slong h, const fmpq *row, const fmpq_t bias,
                          const fmpq *col)
{
    slong *dims = flint_malloc((net->L + 1) * sizeof(slong)), l, i, j;
    rf_net_t R;
    for (l = 0; l <= net->L; l++)
        dims[l] = net->dims[l];
    dims[h + 1]++;
    rf_net_init(R, net->L, dims);
    for (l = 0; l < net->L; l++)
        for (i = 0; i < net->dims[l + 1]; i++) {
            for (j = 0; j < net->dims[l]; j++)
                fmpq_set(rf_net_W(R, l, i, j), rf_net_W(net, l, i, j));
            fmpq_set(rf_net_b(R, l, i), rf_net_b(net, l, i));
        }
    for (j = 0; j < net->dims[h]; j++)
        fmpq_set(rf_net_W(R, h, net->dims[h + 1], j), row + j);
    fmpq_set(rf_net_b(R, h, net->dims[h + 1]), bias);
    for (i = 0; i < net->dims[h + 2]; i++)
        fmpq_set(rf_net_W(R, h + 1, i, net->dims[h + 1]), col + i);
    rf_net_swap(net, R);
    rf_net_clear(R);
    flint_free(dims);
}

/* Function-preserving additions, written here from Lemma 1 of docs/canon.md
 * independently of src/canon/: a dead neuron, a constant neuron with its
 * value subtracted from the next bias, a positive twin splitting a column. */
static void add_random_moves(rf_net_t net, flint_rand_t st)
{
    slong k, n = (slong) n_randint(st, 4);
    for (k = 0; k < n; k++) {
        slong h = (slong) n_randint(st, net->L - 1), d = net->dims[h], o = net->dims[h + 2], j;
        fmpq *row = _fmpq_vec_init(d), *col = _fmpq_vec_init(o);
        fmpq_t b, c;
        int kind = (int) n_randint(st, 3);
        fmpq_init(b);
        fmpq_init(c);
        for (j = 0; j < o; j++)
            fmpq_set_si(col + j, (slong) n_randint(st, 9) - 4, 1 + n_randint(st, 3));
        if (kind == 0) {            /* dead: zero row, bias <= 0; or signs */
            if (h > 0)
                for (j = 0; j < d; j++)
                    fmpq_set_si(row + j, -(slong) n_randint(st, 3), 1 + n_randint(st, 2));
            fmpq_set_si(b, -(slong) n_randint(st, 3), 1);
            append_neuron(net, h, row, b, col);
        } else if (kind == 1) {     /* constant c > 0, compensated */
            fmpq_set_si(b, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
            for (j = 0; j < o; j++)
                fmpq_submul(rf_net_b(net, h + 1, j), col + j, b);
            append_neuron(net, h, row, b, col);
        } else {                    /* twin of neuron i with factor c */
            slong i = (slong) n_randint(st, net->dims[h + 1]);
            fmpq_set_si(c, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 4));
            for (j = 0; j < d; j++)
                fmpq_mul(row + j, rf_net_W(net, h, i, j), c);
            fmpq_mul(b, rf_net_b(net, h, i), c);
            /* v_i relu(z) = (v_i / 2) relu(z) + (v_i / (2c)) relu(c z) */
            for (j = 0; j < o; j++) {
                fmpq_div_2exp(rf_net_W(net, h + 1, j, i), rf_net_W(net, h + 1, j, i), 1);
                fmpq_div(col + j, rf_net_W(net, h + 1, j, i), c);
            }
            append_neuron(net, h, row, b, col);
        }
        fmpq_clear(b);
        fmpq_clear(c);
        _fmpq_vec_clear(row, d);
        _fmpq_vec_clear(col, o);
    }
}

static void random_symmetry(rf_net_t out, const rf_net_t net, flint_rand_t st)
{
    slong h, nh = net->L - 1;
    slong **perm = flint_malloc(nh * sizeof(slong *));
    fmpq **scale = flint_malloc(nh * sizeof(fmpq *));
    for (h = 0; h < nh; h++) {
        perm[h] = flint_malloc(net->dims[h + 1] * sizeof(slong));
        scale[h] = _fmpq_vec_init(net->dims[h + 1]);
    }
    rf_net_randtest_symmetry(perm, scale, net, st);
    rf_net_apply_perm_scale(out, net, (const slong *const *) perm, (const fmpq *const *) scale);
    for (h = 0; h < nh; h++) {
        flint_free(perm[h]);
        _fmpq_vec_clear(scale[h], net->dims[h + 1]);
    }
    flint_free(perm);
    flint_free(scale);
}

/* f_A == f_B at n random rational points (inside the box if given) */
static int agree_at_points(const rf_net_t A, const rf_net_t B, const fmpq *lo,
                           const fmpq *hi, slong n, flint_rand_t st)
{
    slong d = rf_net_in_dim(A), k = rf_net_out_dim(A), it, j;
    fmpq *x = _fmpq_vec_init(d), *ya = _fmpq_vec_init(k), *yb = _fmpq_vec_init(k);
    int ok = 1;
    for (it = 0; it < n && ok; it++) {
        for (j = 0; j < d; j++) {
            fmpq_set_si(x + j, (slong) n_randint(st, 401) - 200, 1 + n_randint(st, 20));
            if (lo != NULL) {
                fmpq_set_si(x + j, (slong) n_randint(st, 101), 100);
                fmpq_t w;
                fmpq_init(w);
                fmpq_sub(w, hi + j, lo + j);
                fmpq_mul(x + j, x + j, w);
                fmpq_add(x + j, x + j, lo + j);
                fmpq_clear(w);
            }
        }
        rf_net_eval(ya, A, x);
        rf_net_eval(yb, B, x);
        ok = rf_qvec_equal(ya, yb, k);
    }
    _fmpq_vec_clear(x, d);
    _fmpq_vec_clear(ya, k);
    _fmpq_vec_clear(yb, k);
    return ok;
}

Test(canon, form_computes_the_same_function_and_verifies)
{
    flint_rand_t st;
    slong it, L, dims[8];
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 150); it++) {
        rf_net_t N, C;
        rf_canon_trace_t T;
        rf_err_t err;
        rand_arch(&L, dims, st, 6, 5);
        rf_net_init(N, L, dims);
        rf_net_init(C, 1, (slong[]) {1, 1});
        if (n_randint(st, 2))
            rf_net_randtest_degenerate(N, st, 5, 4);
        else
            rf_net_randtest(N, st, 5, 4);
        rf_canon_trace_init(T);
        rf_err_init(err);
        cr_assert_eq(rf_canon_net(C, T, N, NULL, NULL, err), RF_OK);
        cr_assert(rf_canon_trace_verify(N, T, C));
        cr_assert(agree_at_points(N, C, NULL, NULL, 30, st), "the form changed the function");
        cr_assert(rf_net_num_hidden(C) <= rf_net_num_hidden(N) || rf_net_num_hidden(C) == C->L - 1);
        /* tampering: a wrong scaling or a wrong move is rejected */
        if (T->nmoves > 0) {
            fmpq_add_si(T->moves[0].c, T->moves[0].c, 1);
            if (T->moves[0].kind != RF_CANON_DEAD && T->moves[0].kind != RF_CANON_UNUSED)
                cr_assert(!rf_canon_trace_verify(N, T, C), "a tampered move passed");
            fmpq_sub_si(T->moves[0].c, T->moves[0].c, 1);
        }
        {
            slong h, i;
            for (h = 0; h + 1 < L; h++)
                for (i = 0; i < N->dims[h + 1]; i++)
                    if (T->pos[h][i] >= 0) {
                        fmpq_mul_2exp(T->scale[h] + i, T->scale[h] + i, 1);
                        cr_assert(!rf_canon_trace_verify(N, T, C), "a tampered scaling passed");
                        fmpq_div_2exp(T->scale[h] + i, T->scale[h] + i, 1);
                        h = L;
                        break;
                    }
        }
        cr_assert(rf_canon_trace_verify(N, T, C));
        rf_canon_trace_clear(T);
        rf_err_clear(err);
        rf_net_clear(N);
        rf_net_clear(C);
    }
    flint_randclear(st);
}

Test(canon, orbit_invariance_under_symmetries_and_moves)
{
    flint_rand_t st;
    slong it, L, dims[8];
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 200); it++) {
        rf_net_t N, M, CN, CM;
        rf_canon_trace_t TN, TM;
        rf_err_t err;
        rf_equiv_t res;
        rand_arch(&L, dims, st, 6, 5);
        rf_net_init(N, L, dims);
        rf_net_init(M, 1, (slong[]) {1, 1});
        rf_net_init(CN, 1, (slong[]) {1, 1});
        rf_net_init(CM, 1, (slong[]) {1, 1});
        if (n_randint(st, 2))
            rf_net_randtest_degenerate(N, st, 5, 4);
        else
            rf_net_randtest(N, st, 5, 4);
        rf_net_set(M, N);
        add_random_moves(M, st);
        random_symmetry(M, M, st);
        cr_assert(agree_at_points(N, M, NULL, NULL, 10, st), "the test's own moves are wrong");
        rf_canon_trace_init(TN);
        rf_canon_trace_init(TM);
        rf_err_init(err);
        cr_assert_eq(rf_canon_net(CN, TN, N, NULL, NULL, err), RF_OK);
        cr_assert_eq(rf_canon_net(CM, TM, M, NULL, NULL, err), RF_OK);
        cr_assert(rf_net_equal(CN, CM), "canonical forms differ on one orbit (arch %ld hidden %ld vs %ld)",
                  (long) L, (long) rf_net_num_hidden(CN), (long) rf_net_num_hidden(CM));
        /* the ladder decides it on the first rung */
        rf_equiv_init(res);
        cr_assert_eq(rf_decide_equiv(res, N, M, err), RF_OK);
        cr_assert_eq(res->verdict, RF_EQUIV_YES);
        if (L > 2)
            cr_assert_str_eq(rf_equiv_method(res), "canonical-form");
        rf_equiv_clear(res);
        rf_canon_trace_clear(TN);
        rf_canon_trace_clear(TM);
        rf_err_clear(err);
        rf_net_clear(N);
        rf_net_clear(M);
        rf_net_clear(CN);
        rf_net_clear(CM);
    }
    flint_randclear(st);
}

Test(canon, box_reductions_keep_the_function_on_the_box)
{
    flint_rand_t st;
    slong it, L, dims[8], j;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 100); it++) {
        rf_net_t N, C;
        rf_canon_trace_t T;
        rf_err_t err;
        fmpq *lo, *hi;
        rand_arch(&L, dims, st, 5, 6);
        rf_net_init(N, L, dims);
        rf_net_init(C, 1, (slong[]) {1, 1});
        rf_net_randtest(N, st, 5, 4);
        lo = _fmpq_vec_init(dims[0]);
        hi = _fmpq_vec_init(dims[0]);
        for (j = 0; j < dims[0]; j++) {
            fmpq_set_si(lo + j, (slong) n_randint(st, 7) - 3, 1 + n_randint(st, 3));
            fmpq_set_si(hi + j, 1 + (slong) n_randint(st, 4), 4);
            fmpq_add(hi + j, hi + j, lo + j);
        }
        rf_canon_trace_init(T);
        rf_err_init(err);
        cr_assert_eq(rf_canon_net(C, T, N, lo, hi, err), RF_OK);
        cr_assert(rf_canon_trace_verify(N, T, C));
        cr_assert(agree_at_points(N, C, lo, hi, 30, st), "the box form changed the function on the box");
        rf_canon_trace_clear(T);
        rf_err_clear(err);
        _fmpq_vec_clear(lo, dims[0]);
        _fmpq_vec_clear(hi, dims[0]);
        rf_net_clear(N);
        rf_net_clear(C);
    }
    flint_randclear(st);
}

/* Perturbations of relative size 10^-e, e up to 30: the ladder answers
 * like the complete enumeration, and its NO comes with a small dyadic
 * input (the search) re-checked here by exact evaluation. */
Test(canon, ladder_against_the_enumeration_on_perturbations)
{
    flint_rand_t st;
    slong it, L, dims[8], by_search = 0, nos = 0;
    static const int expo[] = {1, 5, 12, 30};
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 60); it++) {
        rf_net_t A, B;
        rf_equiv_t r1, r2;
        rf_err_t err;
        rf_decide_exhaustive_opts_t o;
        slong l, i, j;
        fmpq_t eps;
        rand_arch(&L, dims, st, 4, 3);
        dims[0] = 1 + (slong) n_randint(st, 2);
        rf_net_init(A, L, dims);
        rf_net_init(B, 1, (slong[]) {1, 1});
        rf_net_randtest(A, st, 5, 4);
        random_symmetry(B, A, st);
        l = (slong) n_randint(st, L);
        i = (slong) n_randint(st, B->dims[l + 1]);
        j = (slong) n_randint(st, B->dims[l]);
        fmpq_init(eps);
        fmpz_set_ui(fmpq_denref(eps), 10);
        fmpz_pow_ui(fmpq_denref(eps), fmpq_denref(eps), expo[it % 4]);
        fmpz_one(fmpq_numref(eps));
        fmpq_add(rf_net_W(B, l, i, j), rf_net_W(B, l, i, j), eps);
        rf_equiv_init(r1);
        rf_equiv_init(r2);
        rf_err_init(err);
        rf_decide_exhaustive_opts_init(o);
        o->prefilter = 0;
        cr_assert_eq(rf_decide_equiv(r1, A, B, err), RF_OK, "%s", err->msg);
        cr_assert_eq(rf_decide_exhaustive_opts(r2, NULL, A, B, o, err), RF_OK, "%s", err->msg);
        cr_assert_eq(r1->verdict, r2->verdict, "ladder (%s) vs enumeration", rf_equiv_method(r1));
        if (r1->verdict == RF_EQUIV_NO) {
            slong k = rf_net_out_dim(A), q;
            fmpq *ya = _fmpq_vec_init(k), *yb = _fmpq_vec_init(k);
            nos++;
            rf_net_eval(ya, A, r1->x);
            rf_net_eval(yb, B, r1->x);
            cr_assert(!rf_qvec_equal(ya, yb, k), "the separating input does not separate");
            if (!strcmp(rf_equiv_method(r1), "separating-search")) {
                by_search++;
                for (q = 0; q < rf_net_in_dim(A); q++)
                    cr_assert(fmpz_bits(fmpq_denref(r1->x + q)) <= 13
                              && fmpz_bits(fmpq_numref(r1->x + q)) <= 24,
                              "separating input of large height");
            }
            _fmpq_vec_clear(ya, k);
            _fmpq_vec_clear(yb, k);
        }
        fmpq_clear(eps);
        rf_equiv_clear(r1);
        rf_equiv_clear(r2);
        rf_err_clear(err);
        rf_net_clear(A);
        rf_net_clear(B);
    }
    cr_log_info("perturbations: %ld not equivalent, %ld of them found by the search",
                (long) nos, (long) by_search);
    cr_assert(by_search >= rf_test_count(nos / 2), "the search found only %ld of %ld", (long) by_search,
              (long) nos);
    flint_randclear(st);
}

/* The pre-activation of neuron i of layer l as a network of its own: the
 * layers below l, then the row (W_l[i], b_l[i]) without a ReLU. */
static void preact_net(rf_net_t out, const rf_net_t N, slong l, slong i)
{
    slong *dims = flint_malloc((l + 2) * sizeof(slong)), k, r, c;
    for (k = 0; k <= l; k++)
        dims[k] = N->dims[k];
    dims[l + 1] = 1;
    rf_net_clear(out);
    rf_net_init(out, l + 1, dims);
    for (k = 0; k <= l; k++)
        for (r = 0; r < dims[k + 1]; r++) {
            slong src = k == l ? i : r;
            for (c = 0; c < dims[k]; c++)
                fmpq_set(rf_net_W(out, k, r, c), rf_net_W(N, k, src, c));
            fmpq_set(rf_net_b(out, k, r), rf_net_b(N, k, src));
        }
    flint_free(dims);
}

/* A neuron of the last hidden layer made active only on a tiny part of the
 * box (its bias lowered until it is active just around the best of 400
 * random points), and its output weight moved by 10^-30: the difference
 * shows only where that neuron is active, which random candidates rarely
 * hit. The ladder must agree with the enumeration on the box, and its NO
 * verdicts come from the search, with a small input inside the box. */
Test(canon, search_activates_rarely_active_neurons)
{
    flint_rand_t st;
    slong it, nos = 0, by_search = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 12); it++) {
        slong L = 4, dims[5], d, i, k, j, best = 0;
        rf_net_t A, B0, B, Z;
        rf_equiv_t r1, r2;
        rf_err_t err;
        rf_decide_opts_t lo_opts;
        rf_decide_exhaustive_opts_t o;
        fmpq *lo, *hi, *x, *z;
        fmpq_t M, mn, eps;
        dims[0] = d = 2 + (slong) n_randint(st, 2);
        dims[1] = 3 + (slong) n_randint(st, 3);
        dims[2] = 3 + (slong) n_randint(st, 3);
        dims[3] = 3 + (slong) n_randint(st, 3);
        dims[4] = 1;
        rf_net_init(A, L, dims);
        rf_net_init(B0, 1, (slong[]) {1, 1});
        rf_net_init(B, 1, (slong[]) {1, 1});
        rf_net_init(Z, 1, (slong[]) {1, 1});
        rf_net_randtest(A, st, 5, 4);
        i = (slong) n_randint(st, dims[3]);
        if (fmpq_is_zero(rf_net_W(A, 3, 0, i)))
            fmpq_one(rf_net_W(A, 3, 0, i));
        lo = _fmpq_vec_init(d);
        hi = _fmpq_vec_init(d);
        x = _fmpq_vec_init(400 * d);
        z = _fmpq_vec_init(400);
        for (j = 0; j < d; j++) {
            fmpq_set_si(lo + j, -1, 1);
            fmpq_set_si(hi + j, 1, 1);
        }
        preact_net(Z, A, 2, i);
        fmpq_init(M);
        fmpq_init(mn);
        for (k = 0; k < 400; k++) {
            for (j = 0; j < d; j++)
                fmpq_set_si(x + k * d + j, (slong) n_randint(st, 2001) - 1000, 1000);
            rf_net_eval(z + k, Z, x + k * d);
            if (k == 0 || fmpq_cmp(z + k, z + best) > 0)
                best = k;
            if (k == 0 || fmpq_cmp(z + k, mn) < 0)
                fmpq_set(mn, z + k);
        }
        /* b_i -= M - (M - min) / 1000: active at the best point only by a
           thousandth of the spread */
        fmpq_sub(M, z + best, mn);
        fmpq_div_fmpz(M, M, (fmpz_t) {1000});
        fmpq_sub(M, z + best, M);
        fmpq_sub(rf_net_b(A, 2, i), rf_net_b(A, 2, i), M);
        rf_net_set(B0, A);
        fmpq_init(eps);
        fmpz_set_ui(fmpq_denref(eps), 10);
        fmpz_pow_ui(fmpq_denref(eps), fmpq_denref(eps), 30);
        fmpz_one(fmpq_numref(eps));
        fmpq_add(rf_net_W(B0, 3, 0, i), rf_net_W(B0, 3, 0, i), eps);
        random_symmetry(B, B0, st);
        rf_equiv_init(r1);
        rf_equiv_init(r2);
        rf_err_init(err);
        rf_decide_opts_init(lo_opts);
        lo_opts->lo = lo;
        lo_opts->hi = hi;
        lo_opts->special = 1;
        rf_decide_exhaustive_opts_init(o);
        o->prefilter = 0;
        o->lo = lo;
        o->hi = hi;
        cr_assert_eq(rf_decide_equiv_ladder(r1, A, B, lo_opts, err), RF_OK, "%s", err->msg);
        cr_assert_eq(rf_decide_exhaustive_opts(r2, NULL, A, B, o, err), RF_OK, "%s", err->msg);
        cr_assert_eq(r1->verdict, r2->verdict, "ladder (%s) vs enumeration on the box",
                     rf_equiv_method(r1));
        if (r1->verdict == RF_EQUIV_NO) {
            fmpq *ya = _fmpq_vec_init(1), *yb = _fmpq_vec_init(1);
            nos++;
            rf_net_eval(ya, A, r1->x);
            rf_net_eval(yb, B, r1->x);
            cr_assert(!rf_qvec_equal(ya, yb, 1), "the separating input does not separate");
            for (j = 0; j < d; j++)
                cr_assert(fmpq_cmp(r1->x + j, lo + j) >= 0 && fmpq_cmp(r1->x + j, hi + j) <= 0,
                          "separating input outside the box");
            by_search += !strcmp(rf_equiv_method(r1), "separating-search");
            _fmpq_vec_clear(ya, 1);
            _fmpq_vec_clear(yb, 1);
        }
        fmpq_clear(M);
        fmpq_clear(mn);
        fmpq_clear(eps);
        _fmpq_vec_clear(lo, d);
        _fmpq_vec_clear(hi, d);
        _fmpq_vec_clear(x, 400 * d);
        _fmpq_vec_clear(z, 400);
        rf_equiv_clear(r1);
        rf_equiv_clear(r2);
        rf_err_clear(err);
        rf_net_clear(A);
        rf_net_clear(B0);
        rf_net_clear(B);
        rf_net_clear(Z);
    }
    cr_log_info("rare neurons: %ld not equivalent, %ld found by the search", (long) nos,
                (long) by_search);
    cr_assert(by_search >= nos - nos / 10, "the search found only %ld of %ld", (long) by_search,
              (long) nos);
    cr_assert(nos >= rf_test_count(12) / 2, "too few non-equivalent pairs (%ld)", (long) nos);
    flint_randclear(st);
}
