/* Shallow canonical form and equivalence: hand-computed cases, and 10,000+
 * random (deliberately degenerate) networks checked against independent
 * oracles: exact evaluation on rational points and z3 (QF_LRA). */
#include <criterion/criterion.h>
#include "../rftest.h"
#include "helpers.h"

static void load_example(rf_net_t net, const char *name)
{
    char path[1024];
    rf_err_t err;
    const char *dir = getenv("RF_EXAMPLES");
    snprintf(path, sizeof(path), "%s/%s", dir ? dir : "examples", name);
    rf_err_init(err);
    cr_assert_eq(rf_io_read_file(net, path, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), 0,
                 "cannot read %s: %s", path, err->msg);
    rf_err_clear(err);
}

static int q_is(const fmpq_t q, slong p, ulong d)
{
    fmpq_t t;
    int r;
    fmpq_init(t);
    fmpq_set_si(t, p, d);
    r = fmpq_equal(q, t);
    fmpq_clear(t);
    return r;
}

Test(shallow_canon, example_by_hand)
{
    rf_net_t net;
    rf_shallow_canon_t C;
    rf_shallow_trace_t T;
    rf_err_t err;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    load_example(net, "shallow_2_3_1.rfn");
    rf_shallow_canon_init(C, 2, 1);
    rf_shallow_trace_init(T);
    cr_assert_eq(rf_shallow_canon(C, net, T, err), 0);
    /* kinks (1,-1,0) with u = 1 + 2 * 3/2 = 4 and (1,2,-1/2) with u = -2 * 1/2 */
    cr_assert_eq(C->r, 2);
    cr_assert(q_is(rf_shallow_canon_H(C, 0, 0), 1, 1) && q_is(rf_shallow_canon_H(C, 0, 1), -1, 1) &&
              q_is(rf_shallow_canon_H(C, 0, 2), 0, 1));
    cr_assert(q_is(rf_shallow_canon_U(C, 0, 0), 4, 1));
    cr_assert(q_is(rf_shallow_canon_H(C, 1, 1), 2, 1) && q_is(rf_shallow_canon_H(C, 1, 2), -1, 2));
    cr_assert(q_is(rf_shallow_canon_U(C, 1, 0), -1, 1));
    cr_assert(q_is(C->A + 0, 0, 1) && q_is(C->A + 1, 0, 1) && q_is(C->c, 1, 2));
    cr_assert_eq(T->role[1], RF_SHALLOW_KINK);
    cr_assert_eq(T->line[0], T->line[1], "neurons 1 and 2 merge");
    cr_assert(rf_shallow_trace_verify(net, T, C));
    cr_assert_eq(rf_shallow_canon_min_neurons(C), 2);
    rf_shallow_trace_clear(T);
    rf_shallow_canon_clear(C);
    rf_net_clear(net);
    rf_err_clear(err);
}

/* relu(x) + relu(-x) = |x| = 2 relu(x) - x: one kink, A = -1; it needs 2
 * neurons, and relu(x) - relu(-x) = x needs 2 neurons and has no kink. */
Test(shallow_canon, abs_and_identity)
{
    rf_net_t net, R;
    rf_shallow_canon_t C;
    rf_err_t err;
    rf_err_init(err);
    rf_net_init(net, 2, (slong[]) {1, 2, 1});
    rf_net_init(R, 1, (slong[]) {1, 1});
    fmpq_set_si(rf_net_W(net, 0, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(net, 0, 1, 0), -1, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 1), 1, 1);
    rf_shallow_canon_init(C, 1, 1);
    rf_shallow_canon(C, net, NULL, err);
    cr_assert_eq(C->r, 1);
    cr_assert(q_is(rf_shallow_canon_U(C, 0, 0), 2, 1));
    cr_assert(q_is(C->A, -1, 1));
    cr_assert_eq(rf_shallow_canon_min_neurons(C), 2);
    cr_assert_eq(rf_shallow_canon_realize(R, C, 1), 2);
    cr_assert_eq(rf_shallow_canon_realize(R, C, 0), 3, "plain realisation: kink + pair");
    fmpq_set_si(rf_net_W(net, 1, 0, 1), -1, 1);
    rf_shallow_canon(C, net, NULL, err);
    cr_assert_eq(C->r, 0);
    cr_assert(q_is(C->A, 1, 1));
    cr_assert_eq(rf_shallow_canon_min_neurons(C), 2);
    rf_shallow_canon_clear(C);
    rf_net_clear(net);
    rf_net_clear(R);
    rf_err_clear(err);
}

static void random_dims(slong *m, slong *n, slong *k, flint_rand_t st)
{
    *m = 1 + (slong) n_randint(st, 3);
    *n = 1 + (slong) n_randint(st, 5);
    *k = 1 + (slong) n_randint(st, 2);
}

/* Canonical form: exact trace, idempotent, realisations (plain and minimal)
 * have the same canonical form and agree pointwise, minimal count <= n. */
Test(shallow_canon, random_idempotent_and_realize)
{
    flint_rand_t st;
    slong it;
    rf_err_t err;
    rf_test_randinit(st);
    rf_err_init(err);
    for (it = 0; rf_test_loop(it, 4000); it++) {
        slong m, n, k, nmin;
        rf_net_t N, R, Rm;
        rf_shallow_canon_t C, C2;
        rf_shallow_trace_t T;
        random_dims(&m, &n, &k, st);
        rf_net_init(N, 1, (slong[]) {1, 1});
        rf_net_init(R, 1, (slong[]) {1, 1});
        rf_net_init(Rm, 1, (slong[]) {1, 1});
        t_rand_shallow(N, st, m, n, k);
        rf_shallow_canon_init(C, m, k);
        rf_shallow_canon_init(C2, m, k);
        rf_shallow_trace_init(T);
        cr_assert_eq(rf_shallow_canon(C, N, T, err), 0);
        cr_assert(rf_shallow_trace_verify(N, T, C), "iteration %ld: trace re-check", (long) it);
        rf_shallow_canon_realize(R, C, 0);
        rf_shallow_canon(C2, R, NULL, err);
        cr_assert(rf_shallow_canon_equal(C, C2), "iteration %ld: not idempotent", (long) it);
        cr_assert(t_grid_agree(N, R, st, 20), "iteration %ld: realisation differs", (long) it);
        nmin = rf_shallow_canon_min_neurons(C);
        cr_assert(nmin >= C->r && nmin <= n, "iteration %ld: min %ld, r %ld, n %ld", (long) it,
                  (long) nmin, (long) C->r, (long) n);
        cr_assert_eq(rf_shallow_canon_realize(Rm, C, 1), nmin);
        rf_shallow_canon(C2, Rm, NULL, err);
        cr_assert(rf_shallow_canon_equal(C, C2), "iteration %ld: minimal realisation", (long) it);
        cr_assert(t_grid_agree(N, Rm, st, 20));
        rf_shallow_trace_clear(T);
        rf_shallow_canon_clear(C);
        rf_shallow_canon_clear(C2);
        rf_net_clear(N);
        rf_net_clear(R);
        rf_net_clear(Rm);
    }
    flint_randclear(st);
    rf_err_clear(err);
}

/* Check an equivalence verdict: NO certificates are re-evaluated here,
 * independently of the library's own check. Returns the verdict. */
static rf_equiv_verdict_t checked_equiv(const rf_net_t A, const rf_net_t B, long it)
{
    rf_equiv_t res;
    rf_err_t err;
    rf_equiv_verdict_t v;
    rf_err_init(err);
    rf_equiv_init(res);
    cr_assert_eq(rf_shallow_equiv(res, A, B, err), 0, "iteration %ld: %s", it, err->msg);
    v = res->verdict;
    cr_assert(v == RF_EQUIV_YES || v == RF_EQUIV_NO);
    if (v == RF_EQUIV_NO) {
        fmpq *ya = _fmpq_vec_init(A->dims[2]), *yb = _fmpq_vec_init(A->dims[2]);
        rf_net_eval(ya, A, res->x);
        rf_net_eval(yb, B, res->x);
        cr_assert(!rf_qvec_equal(ya, yb, A->dims[2]), "iteration %ld: certificate does not separate", it);
        _fmpq_vec_clear(ya, A->dims[2]);
        _fmpq_vec_clear(yb, A->dims[2]);
    } else {
        cr_assert(res->cert_text != NULL);
    }
    rf_equiv_clear(res);
    rf_err_clear(err);
    return v;
}

/* Symmetric transforms are judged equivalent; perturbations are judged as
 * the oracles say; z3 confirms on a subset. */
Test(shallow_equiv, random_transforms_and_perturbations, .timeout = 600)
{
    flint_rand_t st;
    slong it, nz3 = 0, nno = 0;
    int z3 = t_have_z3();
    rf_err_t err;
    rf_test_randinit(st);
    rf_err_init(err);
    if (!z3)
        cr_log_warn("z3 not found: the SMT oracle part of this test is SKIPPED");
    for (it = 0; rf_test_loop(it, 10000); it++) {
        slong m, n, k, moves, t;
        rf_net_t N, G, M, P;
        rf_shallow_canon_t C1, C2;
        rf_equiv_verdict_t v;
        int grid;
        random_dims(&m, &n, &k, st);
        rf_net_init(N, 1, (slong[]) {1, 1});
        rf_net_init(G, 1, (slong[]) {1, 1});
        rf_net_init(M, 1, (slong[]) {1, 1});
        rf_net_init(P, 1, (slong[]) {1, 1});
        t_rand_shallow(N, st, m, n, k);
        rf_shallow_canon_init(C1, m, k);
        rf_shallow_canon_init(C2, m, k);
        rf_shallow_canon(C1, N, NULL, err);
        /* H_n: canonical form invariant, equivalent with an H_n certificate */
        t_apply_random_hn(G, N, st);
        rf_shallow_canon(C2, G, NULL, err);
        cr_assert(rf_shallow_canon_equal(C1, C2), "iteration %ld: not H_n invariant", (long) it);
        cr_assert_eq(checked_equiv(N, G, it), RF_EQUIV_YES);
        /* hidden-symmetry moves (and H_n on top) */
        rf_net_set(M, N);
        moves = 1 + (slong) n_randint(st, 3);
        for (t = 0; t < moves; t++)
            t_random_move(M, st);
        t_apply_random_hn(G, M, st);
        cr_assert(t_grid_agree(N, G, st, 10), "iteration %ld: test move is wrong", (long) it);
        rf_shallow_canon(C2, G, NULL, err);
        cr_assert(rf_shallow_canon_equal(C1, C2), "iteration %ld: moves change the canonical form", (long) it);
        cr_assert_eq(checked_equiv(N, G, it), RF_EQUIV_YES);
        cr_assert_eq(checked_equiv(G, N, it), RF_EQUIV_YES);
        /* perturbation of one parameter of G */
        rf_net_set(P, G);
        {
            slong D = rf_net_num_params(P), idx = (slong) n_randint(st, (ulong) D);
            fmpq *th = _fmpq_vec_init(D);
            fmpq_t d;
            fmpq_init(d);
            rf_net_get_params(th, P);
            t_rand_nonzero(d, st, 2, 3);
            fmpq_add(th + idx, th + idx, d);
            rf_net_set_params(P, th);
            _fmpq_vec_clear(th, D);
            fmpq_clear(d);
        }
        v = checked_equiv(N, P, it);
        grid = t_grid_agree(N, P, st, 40);
        if (!grid)
            cr_assert_eq(v, RF_EQUIV_NO, "iteration %ld: grid separates but judged equivalent", (long) it);
        if (v == RF_EQUIV_NO)
            nno++;
        if (z3 && (it % 50 == 0 || (v == RF_EQUIV_YES && it % 5 == 0))) {
            int zr = t_z3_equiv(N, P);
            if (zr >= 0) {
                cr_assert_eq(zr, v == RF_EQUIV_YES, "iteration %ld: z3 disagrees (z3 %d, verdict %d)",
                             (long) it, zr, (int) v);
                nz3++;
            }
            if (it % 100 == 0) {
                zr = t_z3_equiv(N, G);
                cr_assert(zr != 0, "iteration %ld: z3 finds the transformed network different", (long) it);
                nz3 += zr > 0;
            }
        }
        rf_shallow_canon_clear(C1);
        rf_shallow_canon_clear(C2);
        rf_net_clear(N);
        rf_net_clear(G);
        rf_net_clear(M);
        rf_net_clear(P);
    }
    cr_assert_gt(nno, rf_test_count(5000), "most perturbations change the function (%ld)", (long) nno);
    if (z3)
        cr_assert_gt(nz3, rf_test_count(200), "z3 oracle ran %ld times", (long) nz3);
    cr_log_info("shallow_equiv: 10000 networks, %ld NO verdicts, %ld z3 checks", (long) nno, (long) nz3);
    flint_randclear(st);
    rf_err_clear(err);
}

/* Canonical objects that differ only in the affine part or only in one jump:
 * the separating point must work (the "hard" cases for the search). */
Test(shallow_equiv, separating_affine_and_jump)
{
    rf_net_t A, B;
    rf_net_init(A, 2, (slong[]) {2, 2, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    fmpq_set_si(rf_net_W(A, 0, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(A, 0, 0, 1), 2, 1);
    fmpq_set_si(rf_net_W(A, 0, 1, 0), -1, 1);
    fmpq_set_si(rf_net_W(A, 0, 1, 1), -2, 1);
    fmpq_set_si(rf_net_b(A, 0, 1), 1, 1);
    fmpq_set_si(rf_net_W(A, 1, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(A, 1, 0, 1), 1, 1);
    rf_net_set(B, A);
    fmpq_set_si(rf_net_b(B, 0, 1), 0, 1);   /* the second kink moves onto the first */
    cr_assert_eq(checked_equiv(A, B, -1), RF_EQUIV_NO);
    rf_net_set(B, A);
    fmpq_set_si(rf_net_W(B, 1, 0, 1), 2, 1); /* only a jump changes */
    cr_assert_eq(checked_equiv(A, B, -2), RF_EQUIV_NO);
    rf_net_set(B, A);
    fmpq_set_si(rf_net_b(B, 1, 0), 1, 3);   /* only c changes */
    cr_assert_eq(checked_equiv(A, B, -3), RF_EQUIV_NO);
    rf_net_clear(A);
    rf_net_clear(B);
}

/* The example pair: equivalent by hidden-symmetry moves (not by H_n, the
 * widths differ), confirmed by z3 when present. */
Test(shallow_equiv, example_flip_pair)
{
    rf_net_t A, B, G;
    rf_equiv_t res;
    rf_err_t err;
    flint_rand_t st;
    rf_test_randinit(st);
    rf_err_init(err);
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    rf_net_init(G, 1, (slong[]) {1, 1});
    load_example(A, "shallow_flip_a.rfn");
    load_example(B, "shallow_flip_b.rfn");
    rf_equiv_init(res);
    cr_assert_eq(rf_shallow_equiv(res, A, B, err), 0);
    cr_assert_eq(res->verdict, RF_EQUIV_YES);
    cr_assert(strstr(res->cert_text, "no element of H_n") != NULL);
    cr_assert(strstr(res->cert_json, "\"type\": \"moves\"") != NULL);
    if (t_have_z3())
        cr_assert_eq(t_z3_equiv(A, B), 1);
    t_apply_random_hn(G, B, st);
    cr_assert_eq(rf_shallow_equiv(res, B, G, err), 0);
    cr_assert_eq(res->verdict, RF_EQUIV_YES);
    cr_assert(strstr(res->cert_text, "B = g.A") != NULL, "%s", res->cert_text);
    rf_equiv_clear(res);
    rf_net_clear(A);
    rf_net_clear(B);
    rf_net_clear(G);
    rf_err_clear(err);
    flint_randclear(st);
}

/* Greedy realisation (used beyond RF_SHALLOW_MIN_SEARCH_MAX kinks): same
 * canonical object, never worse than the plain realisation, never better
 * than the exact minimum where that is known. */
Test(shallow_canon, greedy_realisation)
{
    flint_rand_t st;
    slong it;
    rf_err_t err;
    rf_test_randinit(st);
    rf_err_init(err);
    for (it = 0; rf_test_loop(it, 300); it++) {
        slong m = 1 + (slong) n_randint(st, 3), k = 1 + (slong) n_randint(st, 2);
        slong n = it % 3 == 0 ? RF_SHALLOW_MIN_SEARCH_MAX + 1 + (slong) n_randint(st, 4) : 1 + (slong) n_randint(st, 6);
        slong g, plain;
        rf_net_t N, R;
        rf_shallow_canon_t C, C2;
        rf_net_init(N, 1, (slong[]) {1, 1});
        rf_net_init(R, 1, (slong[]) {1, 1});
        t_rand_shallow(N, st, m, n, k);
        rf_shallow_canon_init(C, m, k);
        rf_shallow_canon_init(C2, m, k);
        rf_shallow_canon(C, N, NULL, err);
        g = rf_shallow_canon_greedy_neurons(C);
        plain = rf_shallow_canon_realize(R, C, 0);
        cr_assert_leq(g, plain, "iteration %ld", (long) it);
        if (C->r <= RF_SHALLOW_MIN_SEARCH_MAX)
            cr_assert_geq(g, rf_shallow_canon_min_neurons(C));
        else {
            cr_assert_eq(rf_shallow_canon_realize(R, C, 1), g);
            rf_shallow_canon(C2, R, NULL, err);
            cr_assert(rf_shallow_canon_equal(C, C2), "iteration %ld: greedy realisation", (long) it);
            cr_assert(t_grid_agree(N, R, st, 10));
        }
        rf_shallow_canon_clear(C);
        rf_shallow_canon_clear(C2);
        rf_net_clear(N);
        rf_net_clear(R);
    }
    flint_randclear(st);
    rf_err_clear(err);
}
