/* Worked examples of docs/three_layer.md (notes section 9) as files under
 * examples/three_*.rfn: decisions, reports and fiber summaries are compared
 * with examples/three_examples.expected, and the verdicts are asserted
 * directly. Regenerate the expected file (after checking the diff by hand)
 * with RF_THREE_REGEN=1. */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "../rftest.h"
#include "helpers.h"
#include "relufiber/io.h"

static void load(rf_net_t net, const char *name)
{
    char path[1024];
    rf_err_t err;
    const char *dir = getenv("RF_EXAMPLES");
    rf_err_init(err);
    snprintf(path, sizeof(path), "%s/%s", dir ? dir : "examples", name);
    cr_assert_eq(rf_io_read_file(net, path, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err),
                 0, "cannot read %s: %s", path, err->msg);
    rf_err_clear(err);
}

static void print_vec(FILE *out, const fmpq *v, slong n)
{
    slong i;
    fputc('(', out);
    for (i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        fmpq_fprint(out, v + i);
    }
    fputc(')', out);
}

/* expected: 0 yes, 1 no, -1 unsupported */
static void pair(FILE *out, const char *a, const char *b, int expected,
                 const char *method)
{
    rf_net_t A, B;
    rf_equiv_t res;
    rf_err_t err;
    int ret;
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    rf_equiv_init(res);
    rf_err_init(err);
    load(A, a);
    load(B, b);
    ret = rf_three_decide(res, A, B, err);
    fprintf(out, "== equiv %s %s\n", a, b);
    if (ret != RF_OK) {
        fprintf(out, "unsupported (fallback needed): %s\n", err->msg);
        cr_assert_eq(expected, -1, "%s vs %s: unexpected refusal: %s", a, b,
                     err->msg);
    } else {
        cr_assert_eq((int) res->verdict, expected, "%s vs %s: verdict %d",
                     a, b, (int) res->verdict);
        cr_assert_str_eq(res->method, method);
        fprintf(out, "verdict: %s\nmethod: %s\n",
                res->verdict == RF_EQUIV_YES ? "equivalent" : "not equivalent",
                res->method);
        if (res->verdict == RF_EQUIV_YES) {
            fprintf(out, "certificate:\n%s", res->cert_text);
        } else {
            fprintf(out, "separating input x = ");
            print_vec(out, res->x, res->n_in);
            fprintf(out, "\nf_A(x) = ");
            print_vec(out, res->yA, res->n_out);
            fprintf(out, "\nf_B(x) = ");
            print_vec(out, res->yB, res->n_out);
            fprintf(out, "\n");
        }
    }
    rf_equiv_clear(res);
    rf_err_clear(err);
    rf_net_clear(A);
    rf_net_clear(B);
}

static void report(FILE *out, const char *a)
{
    rf_net_t A;
    rf_three_report_t rep;
    rf_err_t err;
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_three_report_init(rep);
    rf_err_init(err);
    load(A, a);
    fprintf(out, "== report %s\n", a);
    cr_assert_eq(rf_three_report_compute(rep, A, 10, err), RF_OK);
    rf_three_report_fprint(out, rep);
    rf_three_report_clear(rep);
    rf_err_clear(err);
    rf_net_clear(A);
}

static void fiber(FILE *out, const char *a, slong want_ncomp, slong want_dim)
{
    rf_net_t A;
    rf_sys_t sys;
    rf_err_t err;
    slong c, maxd = -1;
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_err_init(err);
    load(A, a);
    fprintf(out, "== fiber %s\n", a);
    rf_sys_init(sys, 0, NULL, NULL);
    if (rf_three_fiber(sys, A, err) != RF_OK) {
        fprintf(out, "refused: %s\n", err->msg);
        cr_assert_eq(want_ncomp, -1, "%s: %s", a, err->msg);
    } else {
        cr_assert_eq(sys->ncomp, want_ncomp, "%s: %ld components", a,
                     (long) sys->ncomp);
        for (c = 0; c < sys->ncomp; c++) {
            fprintf(out, "component %ld: %s, dim %ld, %ld constraints\n  %s\n",
                    (long) (c + 1), sys->comps[c].name, (long) sys->comps[c].dim,
                    (long) sys->comps[c].len, sys->comps[c].description);
            maxd = FLINT_MAX(maxd, sys->comps[c].dim);
        }
        for (c = 0; c < sys->nnotes; c++)
            fprintf(out, "note: %s\n", sys->notes[c]);
        cr_assert_eq(maxd, want_dim, "%s: fiber dimension %ld", a, (long) maxd);
    }
    rf_sys_clear(sys);
    rf_err_clear(err);
    rf_net_clear(A);
}

Test(examples, notes_examples_match_expected_output)
{
    char *buf = NULL, *exp = NULL, path[1024];
    size_t len = 0, elen = 0;
    FILE *out = open_memstream(&buf, &len);
    const char *dir = getenv("RF_EXAMPLES");
    rf_err_t err;
    rf_err_init(err);
    cr_assert(out != NULL);
    /* n1 = 1: preserve <-> hide swap and reflection (univariate procedure) */
    pair(out, "three_e1_preserve.rfn", "three_e1_hide.rfn", 0, "univariate-n1=1");
    pair(out, "three_e2_a.rfn", "three_e2_b.rfn", 0, "univariate-n1=1");
    /* flips absorbed by always-active neurons, dead-neuron freedom,
     * permutation and scaling, GL mixing (preserve) */
    pair(out, "three_e3_a.rfn", "three_e3_b.rfn", 0, "three-layer-EQ");
    pair(out, "three_e3_a.rfn", "three_e3_dead.rfn", 0, "three-layer-EQ");
    pair(out, "three_e3_a.rfn", "three_e3_perm.rfn", 0, "three-layer-EQ");
    pair(out, "three_e6_a.rfn", "three_e6_b.rfn", 0, "three-layer-EQ");
    /* hide: hidden-hyperplane shift, its range, non-localizability */
    pair(out, "three_e4_hidden.rfn", "three_e4_shift_half.rfn", 0, "three-layer-EQ");
    pair(out, "three_e4_hidden.rfn", "three_e4_shift_over.rfn", 1, "three-layer-line-test");
    pair(out, "three_e4_hidden.rfn", "three_e4_b1only.rfn", 1, "three-layer-line-test");
    /* non-bottleneck coNP instance: refused, exhaustive fallback needed */
    pair(out, "three_e5_conp.rfn", "three_e5_zero.rfn", -1, "");
    report(out, "three_e1_preserve.rfn");
    report(out, "three_e3_a.rfn");
    report(out, "three_e4_hidden.rfn");
    report(out, "three_e5_conp.rfn");
    report(out, "three_e6_a.rfn");
    report(out, "three_e3_generic.rfn");
    fiber(out, "three_e3_a.rfn", 7, -1);       /* notes E3 fails G4: certain components */
    fiber(out, "three_e3_generic.rfn", 5, 9);
    fiber(out, "three_e4_hidden.rfn", 1, 5);
    fiber(out, "three_e1_preserve.rfn", 2, 3);
    fiber(out, "three_e2_a.rfn", 4, 5);
    fiber(out, "three_e5_conp.rfn", -1, -1);
    fclose(out);
    snprintf(path, sizeof(path), "%s/three_examples.expected",
             dir ? dir : "examples");
    if (getenv("RF_THREE_REGEN")) {
        FILE *f = fopen(path, "w");
        cr_assert(f != NULL);
        fwrite(buf, 1, len, f);
        fclose(f);
    }
    cr_assert_eq(rf_io_slurp(&exp, &elen, path, err), 0, "%s", err->msg);
    if (elen != len || memcmp(exp, buf, len) != 0) {
        FILE *f = fopen("three_examples.actual", "w");
        if (f) {
            fwrite(buf, 1, len, f);
            fclose(f);
        }
        cr_assert_fail("output differs from %s (actual output written to "
                       "three_examples.actual in the test directory)", path);
    }
    flint_free(exp);
    free(buf);
    rf_err_clear(err);
}
