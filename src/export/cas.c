/* Exporters to the computer-algebra systems Macaulay2, Singular, Maple and
 * Mathematica. Each writes the ring / variables, one equation ideal (or
 * list) per component and the inequalities as a list of (polynomial,
 * sense) pairs; layouts in docs/export.md. */
#include <string.h>
#include "internal.h"

static const char *aux_note_ideal =
    "the set meant is the projection onto the parameters: the ideals live in "
    "the ring that includes the auxiliary variables (eliminate them for the "
    "Zariski closure of the projection)";

/* Print the variables of one kind separated by sep. */
static void var_list(FILE *out, const rf_sys_t sys, char **names,
                     rf_sys_var_kind_t kind, const char *sep)
{
    slong k;
    int first = 1;
    for (k = 0; k < sys->nvars; k++)
        if (sys->kinds[k] == kind) {
            fprintf(out, "%s%s", first ? "" : sep, names[k]);
            first = 0;
        }
}

static const char *sense_m2(rf_sys_rel_t r)
{
    return rf_sys_rel_symbol(r);
}

static void comp_comment(FILE *out, const rf_sys_comp_struct *c, slong i,
                         const char *pre, const char *post)
{
    char buf[96];
    fputs(pre, out);
    snprintf(buf, sizeof buf, "component %ld: ", (long) (i + 1));
    fputs(buf, out);
    _rf_export_comment(out, "", c->name, post);
    if (c->description)
        _rf_export_comment(out, pre, c->description, post);
    fprintf(out, "%sdimension %ld%s\n", pre, (long) c->dim, post);
}

/* Every variable, parameters first then auxiliaries, comma-separated (the
 * ring of M2 and Singular). */
static void all_vars(FILE *out, const rf_sys_t sys, char **names)
{
    var_list(out, sys, names, RF_SYS_VAR_PARAM, ", ");
    if (_rf_export_num_aux(sys) > 0 && _rf_export_num_aux(sys) < sys->nvars)
        fputs(", ", out);
    var_list(out, sys, names, RF_SYS_VAR_AUX, ", ");
}

/* The equations of component c as the generators of an ideal, or `empty`
 * when it has none (M2 and Singular). */
static void eq_generators(FILE *out, const rf_sys_t sys, char **names,
                          const rf_sys_comp_struct *c, _rf_coef_style_t coef,
                          const char *empty)
{
    slong k;
    int first = 1;
    for (k = 0; k < c->len; k++)
        if (c->cons[k].rel == RF_SYS_REL_EQ) {
            fputs(first ? "" : ",\n    ", out);
            _rf_export_poly_infix(out, &c->cons[k].poly, sys, names, "^", coef);
            first = 0;
        }
    if (first)
        fputs(empty, out);
}

/* Punctuation of a component record for rec_component. */
typedef struct {
    const char *cpre, *cpost;    /* comment delimiters */
    const char *head, *mid;      /* before the name; between name and description */
    const char *dimfmt;          /* the dimension field */
    const char *eq_open, *ineq_open, *item_sep, *list_close, *tail;
    const char *(*sense)(rf_sys_rel_t);
} rec_style_t;

/* Component i as one record of name, description, dimension, equations and
 * inequalities ("p <sense> 0"): Maple and Mathematica differ only in the
 * punctuation given by st. */
static void rec_component(FILE *out, const rf_sys_t sys, char **names,
                          slong i, const rec_style_t *st)
{
    const rf_sys_comp_struct *c = sys->comps + i;
    slong k;
    int pass;
    fprintf(out, "%s\n", i ? "," : "");
    comp_comment(out, c, i, st->cpre, st->cpost);
    fputs(st->head, out);
    _rf_export_qstring(out, c->name, 0);
    fputs(st->mid, out);
    _rf_export_qstring(out, c->description ? c->description : "", 0);
    fprintf(out, st->dimfmt, (long) c->dim);
    for (pass = 0; pass < 2; pass++) {
        int first = 1;
        fputs(pass ? st->ineq_open : st->eq_open, out);
        for (k = 0; k < c->len; k++)
            if ((c->cons[k].rel == RF_SYS_REL_EQ) == (pass == 0)) {
                fputs(first ? "" : st->item_sep, out);
                _rf_export_poly_infix(out, &c->cons[k].poly, sys, names, "^", _RF_COEF_PLAIN);
                fprintf(out, " %s 0", st->sense(c->cons[k].rel));
                first = 0;
            }
        fputs(st->list_close, out);
    }
    fputs(st->tail, out);
}

/* The auxiliaries component c uses, comma-separated (may be none). */
static void comp_aux_list(FILE *out, const rf_sys_t sys, char **names,
                          const rf_sys_comp_struct *c)
{
    slong k, v, n = sys->nvars;
    int *used = flint_calloc(n + 1, sizeof(int)), *u = flint_malloc((n + 1) * sizeof(int)), first = 1;
    for (k = 0; k < c->len; k++) {
        fmpq_mpoly_used_vars(u, &c->cons[k].poly, sys->ctx);
        for (v = 0; v < n; v++)
            used[v] |= u[v];
    }
    for (v = 0; v < n; v++)
        if (used[v] && sys->kinds[v] == RF_SYS_VAR_AUX) {
            fprintf(out, "%s%s", first ? "" : ", ", names[v]);
            first = 0;
        }
    flint_free(used);
    flint_free(u);
}

/* ---------------------------------------------------------------- M2 */

void _rf_export_m2(FILE *out, const rf_sys_t sys)
{
    char **names = _rf_export_names(sys, RF_EXPORT_M2);
    slong i, k;
    _rf_export_header(out, sys, names, "Macaulay2", "-- ", "", aux_note_ideal);
    fprintf(out, "rfR = QQ[");
    all_vars(out, sys, names);
    fprintf(out, "];\n");
    fprintf(out, "rfParams = {");
    var_list(out, sys, names, RF_SYS_VAR_PARAM, ", ");
    fprintf(out, "};\nrfAux = {");
    var_list(out, sys, names, RF_SYS_VAR_AUX, ", ");
    fprintf(out, "}; -- existentially quantified\n");
    fprintf(out, "-- dimension of a component's projection to the parameters (Zariski closure):\n"
                 "-- eliminate the auxiliaries, subtract their number; rfDim rfI1 == the stated dimension\n"
                 "rfDim = I -> if #rfAux == 0 then dim I else dim eliminate(rfAux, I) - #rfAux;\n");
    for (i = 0; i < sys->ncomp; i++) {
        const rf_sys_comp_struct *c = sys->comps + i;
        int first = 1;
        fputc('\n', out);
        comp_comment(out, c, i, "-- ", "");
        fprintf(out, "rfAux%ld = {", (long) (i + 1));
        comp_aux_list(out, sys, names, c);
        fprintf(out, "}; -- the auxiliaries this component uses\n");
        fprintf(out, "rfI%ld = ideal(", (long) (i + 1));
        eq_generators(out, sys, names, c, _RF_COEF_M2, "0_rfR");
        fprintf(out, ");\nrfIneq%ld = {", (long) (i + 1));
        for (k = 0; k < c->len; k++)
            if (c->cons[k].rel != RF_SYS_REL_EQ) {
                fputs(first ? "" : ",\n    ", out);
                fputc('{', out);
                _rf_export_poly_infix(out, &c->cons[k].poly, sys, names, "^", _RF_COEF_M2);
                fprintf(out, ", \"%s\"}", sense_m2(c->cons[k].rel));
                first = 0;
            }
        fprintf(out, "}; -- {p, sense}: p > 0, p >= 0 or p != 0\n");
    }
    fprintf(out, "\nrfComponents = {");
    for (i = 0; i < sys->ncomp; i++) {
        const rf_sys_comp_struct *c = sys->comps + i;
        fprintf(out, "%s\n  new HashTable from {\"name\" => ", i ? "," : "");
        _rf_export_qstring(out, c->name, 0);
        fprintf(out, ", \"description\" => ");
        _rf_export_qstring(out, c->description ? c->description : "", 0);
        fprintf(out, ", \"dimension\" => %ld, \"ideal\" => rfI%ld, \"inequalities\" => rfIneq%ld, "
                "\"aux\" => rfAux%ld}",
                (long) c->dim, (long) (i + 1), (long) (i + 1), (long) (i + 1));
    }
    fprintf(out, "};\n");
    _rf_export_names_clear(names, sys);
}

/* ---------------------------------------------------------- Singular */

void _rf_export_singular(FILE *out, const rf_sys_t sys)
{
    char **names = _rf_export_names(sys, RF_EXPORT_SINGULAR);
    slong i, k, j;
    _rf_export_header(out, sys, names, "Singular", "// ", "", aux_note_ideal);
    if (sys->nvars == 0) {
        fprintf(out, "// no variables: a dummy one, never used\n");
        fprintf(out, "ring rfR = 0, (rfUnused), dp;\n");
    } else {
        fprintf(out, "ring rfR = 0, (");
        all_vars(out, sys, names);
        fprintf(out, "), dp;\n");
    }
    fprintf(out, "int rfNcomp = %ld;\n", (long) sys->ncomp);
    fprintf(out, "list rfParams;\n");
    for (k = 0, j = 0; k < sys->nvars; k++)
        if (sys->kinds[k] == RF_SYS_VAR_PARAM)
            fprintf(out, "rfParams[%ld] = %s;\n", (long) ++j, names[k]);
    fprintf(out, "list rfAux; // existentially quantified\n");
    for (k = 0, j = 0; k < sys->nvars; k++)
        if (sys->kinds[k] == RF_SYS_VAR_AUX)
            fprintf(out, "rfAux[%ld] = %s;\n", (long) ++j, names[k]);
    fprintf(out, "poly rfAuxProd = 1; // product of the auxiliaries (for eliminate)\n");
    for (k = 0; k < sys->nvars; k++)
        if (sys->kinds[k] == RF_SYS_VAR_AUX)
            fprintf(out, "rfAuxProd = rfAuxProd * %s;\n", names[k]);
    fprintf(out, "// dimension of a component's projection to the parameters (Zariski closure):\n"
                 "// eliminate the auxiliaries, subtract their number; rfDim(rfI1) == rfDims[1]\n"
                 "proc rfDim(ideal I)\n{\n  ideal J = I;\n"
                 "  if (size(rfAux) > 0) { J = eliminate(J, rfAuxProd); }\n"
                 "  return(dim(std(J)) - size(rfAux));\n}\n");
    fprintf(out, "list rfNames; list rfDims; list rfIdeals; list rfIneqs; list rfAuxOf;\n");
    for (i = 0; i < sys->ncomp; i++) {
        const rf_sys_comp_struct *c = sys->comps + i;
        fputc('\n', out);
        comp_comment(out, c, i, "// ", "");
        fprintf(out, "ideal rfI%ld = ", (long) (i + 1));
        eq_generators(out, sys, names, c, _RF_COEF_PLAIN, "0");
        fprintf(out, ";\n");
        fprintf(out, "// inequalities of component %ld (list(p, sense): p > 0, p >= 0 or p != 0):\n",
                (long) (i + 1));
        for (k = 0; k < c->len; k++)
            if (c->cons[k].rel != RF_SYS_REL_EQ) {
                fputs("//   ", out);
                _rf_export_poly_infix(out, &c->cons[k].poly, sys, names, "^", _RF_COEF_PLAIN);
                fprintf(out, " %s 0\n", rf_sys_rel_symbol(c->cons[k].rel));
            }
        fprintf(out, "list rfIneq%ld;\n", (long) (i + 1));
        for (k = 0, j = 0; k < c->len; k++)
            if (c->cons[k].rel != RF_SYS_REL_EQ) {
                fprintf(out, "rfIneq%ld[%ld] = list(", (long) (i + 1), (long) ++j);
                _rf_export_poly_infix(out, &c->cons[k].poly, sys, names, "^", _RF_COEF_PLAIN);
                fprintf(out, ", \"%s\");\n", rf_sys_rel_symbol(c->cons[k].rel));
            }
        fprintf(out, "rfNames[%ld] = ", (long) (i + 1));
        _rf_export_qstring(out, c->name, 1);
        fprintf(out, ";\nrfDims[%ld] = %ld;\n", (long) (i + 1), (long) c->dim);
        fprintf(out, "rfIdeals[%ld] = rfI%ld;\nrfIneqs[%ld] = rfIneq%ld;\n",
                (long) (i + 1), (long) (i + 1), (long) (i + 1), (long) (i + 1));
        fprintf(out, "rfAuxOf[%ld] = list(", (long) (i + 1));
        comp_aux_list(out, sys, names, c);
        fprintf(out, "); // the auxiliaries this component uses\n");
    }
    _rf_export_names_clear(names, sys);
}

/* ------------------------------------------------------------- Maple */

static const char *sense_maple(rf_sys_rel_t r)
{
    switch (r) {
    case RF_SYS_REL_EQ: return "=";
    case RF_SYS_REL_GT: return ">";
    case RF_SYS_REL_GE: return ">=";
    default: return "<>";
    }
}

static const rec_style_t maple_style = {
    "  # ", "", "  [", ", ", ", %ld,", "\n   [", ",\n   [", ",\n    ", "]", "]",
    sense_maple
};

void _rf_export_maple(FILE *out, const rf_sys_t sys)
{
    char **names = _rf_export_names(sys, RF_EXPORT_MAPLE);
    slong i;
    _rf_export_header(out, sys, names, "Maple", "# ", "",
                      "the set meant is the projection onto the parameters "
                      "(exists rfAux: ...)");
    fprintf(out, "rfParams := [");
    var_list(out, sys, names, RF_SYS_VAR_PARAM, ", ");
    fprintf(out, "]:\nrfAux := [");
    var_list(out, sys, names, RF_SYS_VAR_AUX, ", ");
    fprintf(out, "]: # existentially quantified\n");
    fprintf(out, "# each component: [name, description, dimension, equations, inequalities]\n");
    fprintf(out, "rfComponents := [");
    for (i = 0; i < sys->ncomp; i++)
        rec_component(out, sys, names, i, &maple_style);
    fprintf(out, "\n]:\n");
    _rf_export_names_clear(names, sys);
}

/* ------------------------------------------------------- Mathematica */

static const char *sense_mma(rf_sys_rel_t r)
{
    switch (r) {
    case RF_SYS_REL_EQ: return "==";
    case RF_SYS_REL_GT: return ">";
    case RF_SYS_REL_GE: return ">=";
    default: return "!=";
    }
}

static const rec_style_t mma_style = {
    "  (* ", " *)", "  <|\"name\" -> ", ", \"description\" -> ",
    ", \"dimension\" -> %ld,", "\n    \"equations\" -> {",
    ",\n    \"inequalities\" -> {", ",\n      ", "}", "|>", sense_mma
};

void _rf_export_mathematica(FILE *out, const rf_sys_t sys)
{
    char **names = _rf_export_names(sys, RF_EXPORT_MATHEMATICA);
    slong i, naux = _rf_export_num_aux(sys);
    _rf_export_header(out, sys, names, "Mathematica", "(* ", " *)",
                      "rfFormula quantifies them with Exists: the set meant is "
                      "the projection onto the parameters");
    fprintf(out, "rfParams = {");
    var_list(out, sys, names, RF_SYS_VAR_PARAM, ", ");
    fprintf(out, "};\nrfAux = {");
    var_list(out, sys, names, RF_SYS_VAR_AUX, ", ");
    fprintf(out, "}; (* existentially quantified *)\n");
    fprintf(out, "rfComponents = {");
    for (i = 0; i < sys->ncomp; i++)
        rec_component(out, sys, names, i, &mma_style);
    fprintf(out, "\n};\n");
    fprintf(out, "(* the whole set: the union of the components *)\n");
    if (naux > 0)
        /* Exists is HoldAll: evaluate both arguments */
        fprintf(out, "rfFormula = Or @@ (Exists[Evaluate[rfAux], "
                     "Evaluate[And @@ Join[#[\"equations\"], #[\"inequalities\"]]]] & /@ rfComponents);\n");
    else
        fprintf(out, "rfFormula = Or @@ ((And @@ Join[#[\"equations\"], "
                     "#[\"inequalities\"]]) & /@ rfComponents);\n");
    _rf_export_names_clear(names, sys);
}
