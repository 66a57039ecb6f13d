/* SMT-LIB export and solver oracle: rational terms round-trip through the
 * parser, hand examples get the right answer from z3 and cvc5, and a sat
 * model is an exact separating input. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/export.h"
#include "smt_run.h"
#include "symgen.h"

Test(smt, rational_terms_round_trip)
{
    const char *terms[] = {"3", "2.5", "(- 3)", "(/ 1 2)", "(/ 4.0 3.0)",
                           "(- (/ 9.0 2.0))", "(/ (- 107) 24)"};
    const slong num[] = {3, 5, -3, 1, 4, -9, -107}, den[] = {1, 2, 1, 2, 3, 2, 24};
    slong i;
    fmpq_t q, e;
    fmpq_init(q); fmpq_init(e);
    for (i = 0; i < 7; i++) {
        cr_assert(rf_export_smt_parse_q(q, terms[i]) != NULL, "%s", terms[i]);
        fmpq_set_si(e, num[i], den[i]);
        cr_assert(fmpq_equal(q, e), "%s", terms[i]);
    }
    cr_assert(rf_export_smt_parse_q(q, "(* 1 2)") == NULL);
    for (i = -20; i <= 20; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        fmpq_set_si(e, i * 7 - 3, 1 + (i * i) % 11);
        rf_export_smt_fprint_q(f, e);
        fclose(f);
        cr_assert(rf_export_smt_parse_q(q, buf) != NULL);
        cr_assert(fmpq_equal(q, e), "%s", buf);
        free(buf);
    }
    fmpq_clear(q); fmpq_clear(e);
}

static void solve_both(const rf_net_t A, const rf_net_t B, rf_cli_smt_status_t expect)
{
    int s;
    for (s = 0; s < 2; s++) {
        rf_cli_smt_status_t st;
        rf_err_t err;
        fmpq *x = _fmpq_vec_init(rf_net_in_dim(A));
        if (!rf_cli_smt_solver_available((rf_cli_smt_solver_t) s)) {
            _fmpq_vec_clear(x, rf_net_in_dim(A));
            continue;
        }
        rf_err_init(err);
        cr_assert_eq(rf_cli_smt_check_equiv(&st, x, A, B, (rf_cli_smt_solver_t) s, 30000, err),
                     RF_OK, "%s", err->msg);
        cr_assert_eq(st, expect, "solver %d", s);
        if (st == RF_SMT_SAT) {
            fmpq ya[1], yb[1];
            fmpq_init(ya); fmpq_init(yb);
            rf_net_eval(ya, A, x);
            rf_net_eval(yb, B, x);
            cr_assert(!fmpq_equal(ya, yb));
            fmpq_clear(ya); fmpq_clear(yb);
        }
        _fmpq_vec_clear(x, rf_net_in_dim(A));
    }
}

Test(smt, hand_examples_z3_cvc5)
{
    rf_net_t A, B;
    cr_assert(rf_cli_smt_solver_available(RF_SMT_Z3), "z3 must be installed");
    /* relu(x) - relu(-x) == x (identity through two neurons) */
    rf_net_init(A, 2, (slong[]) {1, 2, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    fmpq_set_si(rf_net_W(A, 0, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(A, 0, 1, 0), -1, 1);
    fmpq_set_si(rf_net_W(A, 1, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(A, 1, 0, 1), -1, 1);
    fmpq_set_si(rf_net_W(B, 0, 0, 0), 1, 1);
    solve_both(A, B, RF_SMT_UNSAT);
    /* ... but not equal to (1 + 1/10^6) x */
    fmpq_set_si(rf_net_W(B, 0, 0, 0), 1000001, 1000000);
    solve_both(A, B, RF_SMT_SAT);
    rf_net_clear(A);
    rf_net_clear(B);
}

/* The equivalence ladder (canonical form, search, special procedures,
 * enumeration) against z3 on small deep pairs, on R^d0 and on a box:
 * equivalent copies (random symmetries: permutations, scalings, splits,
 * dead neurons, identity layers), perturbations of one parameter, and
 * thin bumps (differences on a sliver, possibly nowhere). z3's answer is
 * the independent oracle; its models are re-checked exactly (and inside
 * the box). */
Test(smt, ladder_agrees_with_z3_on_small_deep_pairs)
{
    flint_rand_t st;
    slong it, agree = 0, yes = 0, no = 0;
    cr_assert(rf_cli_smt_solver_available(RF_SMT_Z3), "z3 must be installed");
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 40); it++) {
        slong L = 3 + (slong) n_randint(st, 2), dims[6], l, j, kind = it % 3;
        int boxed = (it / 3) % 2;
        rf_net_t A, B;
        rf_equiv_t res;
        rf_err_t err;
        rf_decide_opts_t o;
        rf_cli_smt_status_t zs;
        fmpq *lo = NULL, *hi = NULL;
        dims[0] = 1 + (slong) n_randint(st, 2);
        for (l = 1; l < L; l++)
            dims[l] = 1 + (slong) n_randint(st, 3);
        dims[L] = 1;
        rf_net_init(A, L, dims);
        rf_net_init(B, 1, (slong[]) {1, 1});
        rf_net_randtest(A, st, 4, 3);
        rf_net_set(B, A);
        tsg_random_symmetry(B, st, L + 1);
        if (kind == 1)
            tsg_perturb(B, st);
        else if (kind == 2)
            tsg_add_bump(B, st);
        if (boxed) {
            lo = _fmpq_vec_init(dims[0]);
            hi = _fmpq_vec_init(dims[0]);
            for (j = 0; j < dims[0]; j++) {
                fmpq_set_si(lo + j, -(slong) n_randint(st, 3), 1 + n_randint(st, 2));
                fmpq_set_si(hi + j, 1 + (slong) n_randint(st, 3), 2);
                fmpq_add(hi + j, hi + j, lo + j);
            }
        }
        rf_equiv_init(res);
        rf_err_init(err);
        rf_decide_opts_init(o);
        o->lo = lo;
        o->hi = hi;
        cr_assert_eq(rf_decide_equiv_ladder(res, A, B, o, err), RF_OK, "%s", err->msg);
        cr_assert_eq(rf_cli_smt_check_equiv_box(&zs, NULL, A, B, lo, hi, RF_SMT_Z3, 60000, err),
                     RF_OK, "%s", err->msg);
        if (zs != RF_SMT_UNKNOWN) {
            cr_assert_eq(zs == RF_SMT_UNSAT, res->verdict == RF_EQUIV_YES,
                         "ladder (%s) says %s, z3 says %s [iter %ld, box %d]",
                         rf_equiv_method(res), res->verdict == RF_EQUIV_YES ? "equivalent" : "not",
                         zs == RF_SMT_UNSAT ? "unsat" : "sat", (long) it, boxed);
            agree++;
            yes += res->verdict == RF_EQUIV_YES;
            no += res->verdict == RF_EQUIV_NO;
        }
        if (res->verdict == RF_EQUIV_NO && boxed)
            for (j = 0; j < dims[0]; j++)
                cr_assert(fmpq_cmp(lo + j, res->x + j) <= 0 && fmpq_cmp(res->x + j, hi + j) <= 0,
                          "separating input outside the box");
        if (boxed) {
            _fmpq_vec_clear(lo, dims[0]);
            _fmpq_vec_clear(hi, dims[0]);
        }
        rf_equiv_clear(res);
        rf_err_clear(err);
        rf_net_clear(A);
        rf_net_clear(B);
    }
    cr_log_info("ladder vs z3: %ld compared (%ld equivalent, %ld not)", (long) agree, (long) yes,
                (long) no);
    cr_assert(yes > 0 && no > 0, "both verdicts must occur");
    flint_randclear(st);
}
