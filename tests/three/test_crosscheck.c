/* Cross-check of rf_three_decide on random pairs (equivalent by a random
 * composed symmetry: a random point of a random fiber component, then a
 * random permutation; and perturbed versions) against independent oracles:
 * exact evaluation at targeted points, z3 on the QF_LRA encoding of
 * "exists x: f_A(x) != f_B(x)" (skipped visibly when z3 is absent) and the
 * exhaustive exact procedure on small cases. Zero disagreements allowed. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include "helpers.h"
#include "relufiber/qvec.h"
#include "relufiber/export.h"
#include "smt_run.h"
#include "relufiber/decide.h"

/* A random pair; kind 0 equivalent, 1 perturbed (any parameter), 2 with a
 * perturbed output bias (surely different). */
static void random_pair(rf_net_t A, rf_net_t B, flint_rand_t st, slong it,
                        int kind)
{
    static const slong archs[][4] = {
        {1, 1, 2, 1}, {2, 2, 2, 1}, {2, 1, 3, 1}, {2, 2, 3, 1}, {3, 2, 3, 2},
        {3, 2, 2, 1}, {2, 2, 3, 2}, {1, 1, 3, 2}};
    const slong *a = archs[it % 8];
    char types[8];
    slong c;
    th_rand_types(types, st, a[2]);
    if (it % 11 == 5 && a[1] >= 1) {
        slong j;
        for (j = 0; j < a[2]; j++)
            types[j] = j % 2 ? 'Z' : 'H';
    }
    th_rand_net(A, st, a[0], a[1], a[2], a[3], types);
    c = (slong) n_randint(st, rf_three_fiber_num_components(A));
    cr_assert_eq(rf_three_fiber_sample(B, NULL, A, c, st), 0);
    {
        /* every sampled entry must be in lowest terms */
        slong D = rf_net_num_params(B), k;
        fmpq *th = _fmpq_vec_init(D);
        rf_net_get_params(th, B);
        for (k = 0; k < D; k++)
            cr_assert(fmpq_is_canonical(th + k), "non-canonical parameter %ld", (long) k);
        _fmpq_vec_clear(th, D);
    }
    th_permute(B, st);
    if (kind) {
        fmpq_t delta;
        slong D = rf_net_num_params(B), k;
        fmpq_init(delta);
        fmpq_set_si(delta, (slong) n_randint(st, 2) ? 1 : -1,
                    (slong) (1 + n_randint(st, 100)));
        k = kind == 2 ? D - 1 : (slong) n_randint(st, D);
        th_perturb(B, k, delta);
        fmpq_clear(delta);
    }
}

Test(crosscheck, random_pairs_against_z3_and_evaluation, .timeout = 600)
{
    flint_rand_t st;
    slong it, N = 1000, yes = 0, no = 0, unsup = 0, z3runs = 0;
    int have_z3 = rf_cli_smt_solver_available(RF_SMT_Z3);
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, N); it++) {
        rf_net_t A, B;
        rf_equiv_t res;
        rf_err_t err;
        int ret, kind = (int) (it % 3);
        rf_net_init(A, 1, (slong[]) {1, 1});
        rf_net_init(B, 1, (slong[]) {1, 1});
        rf_equiv_init(res);
        rf_err_init(err);
        random_pair(A, B, st, it, kind);
        ret = rf_three_decide(res, A, B, err);
        cr_assert(ret == RF_OK || ret == RF_ERR_UNSUPPORTED, "%s", err->msg);
        if (ret == RF_ERR_UNSUPPORTED) {
            unsup++;
        } else {
            slong np = 40, n;
            fmpq *pts = _fmpq_vec_init(2 * np * A->dims[0]);
            n = th_targeted_points(pts, np, A, st);
            n += th_targeted_points(pts + n * A->dims[0], np, B, st);
            if (res->verdict == RF_EQUIV_YES) {
                yes++;
                cr_assert(th_agree(A, B, pts, n), "pair %ld: YES but differ", (long) it);
            } else {
                /* re-evaluate both networks at the separating input: the
                 * engine's own yA, yB are not an independent witness */
                fmpq *ya = _fmpq_vec_init(res->n_out), *yb = _fmpq_vec_init(res->n_out);
                no++;
                rf_net_eval(ya, A, res->x);
                rf_net_eval(yb, B, res->x);
                cr_assert(!rf_qvec_equal(ya, yb, res->n_out), "pair %ld: NO without separation",
                          (long) it);
                cr_assert(rf_qvec_equal(ya, res->yA, res->n_out) &&
                          rf_qvec_equal(yb, res->yB, res->n_out),
                          "pair %ld: printed outputs are not the exact outputs", (long) it);
                _fmpq_vec_clear(ya, res->n_out);
                _fmpq_vec_clear(yb, res->n_out);
            }
            if (kind == 0)
                cr_assert_eq(res->verdict, RF_EQUIV_YES, "pair %ld: equivalent "
                             "pair not recognised", (long) it);
            if (kind == 2)
                cr_assert_eq(res->verdict, RF_EQUIV_NO);
            _fmpq_vec_clear(pts, 2 * np * A->dims[0]);
            if (have_z3) {
                rf_cli_smt_status_t zs;
                rf_err_t e2;
                fmpq *x = _fmpq_vec_init(A->dims[0]);
                rf_err_init(e2);
                cr_assert_eq(rf_cli_smt_check_equiv(&zs, x, A, B, RF_SMT_Z3, 20000, e2),
                             RF_OK, "z3: %s", e2->msg);
                if (zs != RF_SMT_UNKNOWN) {
                    z3runs++;
                    cr_assert_eq(zs == RF_SMT_SAT, res->verdict == RF_EQUIV_NO,
                                 "pair %ld: z3 disagrees (z3 %s, relufiber %s)",
                                 (long) it, zs == RF_SMT_SAT ? "sat" : "unsat",
                                 res->verdict == RF_EQUIV_NO ? "not equivalent"
                                                             : "equivalent");
                }
                _fmpq_vec_clear(x, A->dims[0]);
                rf_err_clear(e2);
            }
        }
        rf_equiv_clear(res);
        rf_err_clear(err);
        rf_net_clear(A);
        rf_net_clear(B);
    }
    cr_log_info("three cross-check: %ld pairs, %ld equivalent, %ld not, %ld "
                "unsupported; z3 agreed on %ld%s", (long) N, (long) yes,
                (long) no, (long) unsup, (long) z3runs,
                have_z3 ? "" : " (z3 not found: SMT comparison SKIPPED)");
    if (!have_z3)
        fprintf(stderr, "WARNING: z3 not found on PATH; SMT cross-check skipped\n");
    cr_assert_eq(unsup, 0);
    cr_assert_geq(yes, N / 3);
    if (have_z3)
        cr_assert_gt(z3runs, 0, "z3 is installed but decided no pair");
    flint_randclear(st);
}

Test(crosscheck, agrees_with_exhaustive_on_small_pairs, .timeout = 600)
{
    flint_rand_t st;
    slong it, cmp = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 60); it++) {
        rf_net_t A, B;
        rf_equiv_t r1, r2;
        rf_err_t e1, e2;
        rf_net_init(A, 1, (slong[]) {1, 1});
        rf_net_init(B, 1, (slong[]) {1, 1});
        rf_equiv_init(r1);
        rf_equiv_init(r2);
        rf_err_init(e1);
        rf_err_init(e2);
        random_pair(A, B, st, it, (int) (it % 2));
        if (rf_three_decide(r1, A, B, e1) == RF_OK &&
            rf_decide_exhaustive(r2, A, B, e2) == RF_OK &&
            r2->verdict != RF_EQUIV_UNKNOWN) {
            if (r1->verdict != r2->verdict) {
                FILE *f = fopen("/tmp/three_disagree.txt", "w");
                rf_io_write_rfn(f, A);
                rf_io_write_rfn(f, B);
                rf_equiv_fprint(f, r1);
                rf_equiv_fprint(f, r2);
                fclose(f);
            }
            cr_assert_eq(r1->verdict, r2->verdict, "pair %ld: three (%s) and "
                         "exhaustive (%s) disagree", (long) it, r1->method,
                         r2->method);
            cmp++;
        }
        rf_equiv_clear(r1);
        rf_equiv_clear(r2);
        rf_err_clear(e1);
        rf_err_clear(e2);
        rf_net_clear(A);
        rf_net_clear(B);
    }
    cr_assert_geq(cmp, 40, "only %ld comparisons", (long) cmp);
    flint_randclear(st);
}
