/* SMT-LIB QF_LRA encoding of networks and of the query
 * "exists x: f_A(x) != f_B(x)" (exact rationals, ReLU through ite). */
#include "relufiber/export.h"

void rf_export_smt_fprint_q(FILE *out, const fmpq_t q)
{
    int neg = fmpq_sgn(q) < 0;
    if (neg)
        fputs("(- ", out);
    if (fmpz_is_one(fmpq_denref(q))) {
        fmpz_t a;
        fmpz_init(a);
        fmpz_abs(a, fmpq_numref(q));
        fmpz_fprint(out, a);
        fmpz_clear(a);
    } else {
        fmpz_t a;
        fmpz_init(a);
        fmpz_abs(a, fmpq_numref(q));
        fputs("(/ ", out);
        fmpz_fprint(out, a);
        fputc(' ', out);
        fmpz_fprint(out, fmpq_denref(q));
        fputc(')', out);
        fmpz_clear(a);
    }
    if (neg)
        fputc(')', out);
}

/* (+ b (* w1 v1) ...) with zero terms omitted, over previous variables. */
static void write_affine(FILE *out, const rf_net_t net, slong l, slong i,
                         const char *prefix)
{
    slong j, nz = 0;
    for (j = 0; j < net->dims[l]; j++)
        nz += !fmpq_is_zero(rf_net_W(net, l, i, j));
    if (nz == 0) {          /* (+ b) with one argument is not SMT-LIB */
        rf_export_smt_fprint_q(out, rf_net_b(net, l, i));
        return;
    }
    fputs("(+ ", out);
    rf_export_smt_fprint_q(out, rf_net_b(net, l, i));
    for (j = 0; j < net->dims[l]; j++) {
        const fmpq *w = rf_net_W(net, l, i, j);
        if (fmpq_is_zero(w))
            continue;
        fputs(" (* ", out);
        rf_export_smt_fprint_q(out, w);
        if (l == 0)
            fprintf(out, " x%ld)", (long) (j + 1));
        else
            fprintf(out, " %s_h%ld_%ld)", prefix, (long) l, (long) (j + 1));
    }
    fputc(')', out);
}

void rf_export_smt_net(FILE *out, const rf_net_t net, const char *prefix)
{
    slong l, i;
    for (l = 0; l < net->L; l++) {
        for (i = 0; i < net->dims[l + 1]; i++) {
            if (l == net->L - 1) {
                fprintf(out, "(declare-fun %s_y%ld () Real)\n", prefix, (long) (i + 1));
                fprintf(out, "(assert (= %s_y%ld ", prefix, (long) (i + 1));
                write_affine(out, net, l, i, prefix);
                fputs("))\n", out);
                continue;
            }
            fprintf(out, "(declare-fun %s_z%ld_%ld () Real)\n", prefix,
                    (long) (l + 1), (long) (i + 1));
            fprintf(out, "(declare-fun %s_h%ld_%ld () Real)\n", prefix,
                    (long) (l + 1), (long) (i + 1));
            fprintf(out, "(assert (= %s_z%ld_%ld ", prefix, (long) (l + 1), (long) (i + 1));
            write_affine(out, net, l, i, prefix);
            fputs("))\n", out);
            fprintf(out, "(assert (= %s_h%ld_%ld (ite (> %s_z%ld_%ld 0) %s_z%ld_%ld 0)))\n",
                    prefix, (long) (l + 1), (long) (i + 1),
                    prefix, (long) (l + 1), (long) (i + 1),
                    prefix, (long) (l + 1), (long) (i + 1));
        }
    }
}

void rf_export_smt_equiv_query(FILE *out, const rf_net_t A, const rf_net_t B)
{
    rf_export_smt_equiv_query_box(out, A, B, NULL, NULL);
}

void rf_export_smt_equiv_query_box(FILE *out, const rf_net_t A, const rf_net_t B,
                                   const fmpq *lo, const fmpq *hi)
{
    slong j, d = rf_net_in_dim(A), m = rf_net_out_dim(A);
    fprintf(out, "; relufiber: exists x%s such that f_A(x) != f_B(x)? "
            "sat = the networks differ (model = separating input), "
            "unsat = equivalent%s\n", lo ? " in the box lo <= x <= hi" : "",
            lo ? " on the box" : "");
    fputs("(set-option :produce-models true)\n(set-logic QF_LRA)\n", out);
    for (j = 0; j < d; j++)
        fprintf(out, "(declare-fun x%ld () Real)\n", (long) (j + 1));
    for (j = 0; lo != NULL && hi != NULL && j < d; j++) {
        fputs("(assert (<= ", out);
        rf_export_smt_fprint_q(out, lo + j);
        fprintf(out, " x%ld))\n(assert (<= x%ld ", (long) (j + 1), (long) (j + 1));
        rf_export_smt_fprint_q(out, hi + j);
        fputs("))\n", out);
    }
    rf_export_smt_net(out, A, "A");
    rf_export_smt_net(out, B, "B");
    fputs("(assert (or false", out);
    for (j = 0; j < m; j++)
        fprintf(out, " (not (= A_y%ld B_y%ld))", (long) (j + 1), (long) (j + 1));
    fputs("))\n(check-sat)\n(get-value (", out);
    for (j = 0; j < d; j++)
        fprintf(out, "%sx%ld", j ? " " : "", (long) (j + 1));
    fputs("))\n", out);
}
