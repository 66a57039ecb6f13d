/* SMT-LIB export and solver oracle: rational terms round-trip through the
 * parser, hand examples get the right answer from z3 and cvc5, and a sat
 * model is an exact separating input. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/export.h"
#include "smt_run.h"

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
