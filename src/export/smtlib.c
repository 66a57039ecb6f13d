/* SMT-LIB 2 exporter (logic QF_NRA). Every variable, auxiliary ones
 * included, is declared as a Real constant: an auxiliary variable is
 * existentially quantified simply by letting the solver choose it. Whole
 * mode asserts the disjunction over the components of the conjunction of
 * their constraints; per-component mode checks each component separately
 * one after the other, separated by (reset), with an echo naming each. */
#include "internal.h"

static void smt_constraint(FILE *out, const rf_sys_constraint_struct *k,
                           const rf_sys_t sys, char **names)
{
    const char *op = k->rel == RF_SYS_REL_GT ? ">" : k->rel == RF_SYS_REL_GE ? ">=" : "=";
    fputs(k->rel == RF_SYS_REL_NE ? "(not (= " : "(", out);
    if (k->rel != RF_SYS_REL_NE)
        fprintf(out, "%s ", op);
    _rf_export_poly_smt(out, &k->poly, sys, names);
    fputs(k->rel == RF_SYS_REL_NE ? " 0.0))" : " 0.0)", out);
}

/* The conjunction of the constraints of component i, indented. */
static void smt_comp(FILE *out, const rf_sys_t sys, slong i, char **names,
                     const char *ind)
{
    const rf_sys_comp_struct *c = sys->comps + i;
    slong k;
    char buf[64];
    snprintf(buf, sizeof buf, "%s; component %ld: ", ind, (long) (i + 1));
    _rf_export_comment(out, buf, c->name, "");
    snprintf(buf, sizeof buf, "%s; ", ind);
    if (c->description)
        _rf_export_comment(out, buf, c->description, "");
    fprintf(out, "%s; dimension %ld\n", ind, (long) c->dim);
    if (c->len == 0) {
        fprintf(out, "%strue", ind);
        return;
    }
    fprintf(out, "%s%s", ind, c->len > 1 ? "(and\n" : "");
    for (k = 0; k < c->len; k++) {
        if (c->len > 1)
            fprintf(out, "%s  ", ind);
        smt_constraint(out, c->cons + k, sys, names);
        if (c->cons[k].label)
            _rf_export_comment(out, " ; ", c->cons[k].label, "");
        else if (c->len > 1)
            fputc('\n', out);
    }
    if (c->len > 1)
        fprintf(out, "%s)", ind);
}

/* Logic, options and the declarations of all variables. */
static void preamble(FILE *out, const rf_sys_t sys, char **names)
{
    slong k;
    fputs("(set-option :produce-models true)\n(set-logic QF_NRA)\n", out);
    for (k = 0; k < sys->nvars; k++)
        fprintf(out, "(declare-fun %s () Real)%s\n", names[k],
                sys->kinds[k] == RF_SYS_VAR_AUX ? " ; auxiliary" : "");
}

void _rf_export_smt2(FILE *out, const rf_sys_t sys, int per_component)
{
    char **names = _rf_export_names(sys, RF_EXPORT_SMT2);
    slong i;
    _rf_export_header(out, sys, names, per_component ? "SMT-LIB 2, per component"
                      : "SMT-LIB 2", "; ", "",
                      "they are declared like the parameters: the solver "
                      "chooses their values, which is the existential "
                      "quantifier");
    if (per_component) {
        for (i = 0; i < sys->ncomp; i++) {
            const char *q;
            if (i > 0)
                fputs("(reset)\n", out);
            preamble(out, sys, names);
            fprintf(out, "(echo \"component %ld: ", (long) (i + 1));
            for (q = sys->comps[i].name; *q; q++)
                fputc(*q == '"' ? '\'' : (*q == '\n' ? ' ' : *q), out);
            fputs("\")\n(assert\n", out);
            smt_comp(out, sys, i, names, "  ");
            fputs(")\n(check-sat)\n(get-model)\n", out);
        }
        if (sys->ncomp == 0)
            preamble(out, sys, names);
    } else {
        preamble(out, sys, names);
        fprintf(out, "; the union of the %ld component(s)\n(assert\n", (long) sys->ncomp);
        if (sys->ncomp == 0)
            fputs("  false", out);
        if (sys->ncomp > 1)
            fputs("  (or\n", out);
        for (i = 0; i < sys->ncomp; i++) {
            smt_comp(out, sys, i, names, sys->ncomp > 1 ? "    " : "  ");
            fputc('\n', out);
        }
        if (sys->ncomp > 1)
            fputs("  )", out);
        fputs(")\n(check-sat)\n(get-model)\n", out);
    }
    _rf_export_names_clear(names, sys);
}
