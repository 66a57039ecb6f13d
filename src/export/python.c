/* Exporters to Python: a SymPy script (symbols, relations, a `components`
 * list and a `satisfies` helper) and a SageMath script (polynomial ring over
 * QQ, one ideal per component). Coefficients are exact: sp.Rational(p, q)
 * and QQ(p)/q, never Python floats. */
#include <string.h>
#include "internal.h"

static void py_var_list(FILE *out, const rf_sys_t sys, char **names,
                        rf_sys_var_kind_t kind)
{
    slong k;
    int first = 1;
    fputc('[', out);
    for (k = 0; k < sys->nvars; k++)
        if (sys->kinds[k] == kind) {
            fprintf(out, "%s%s", first ? "" : ", ", names[k]);
            first = 0;
        }
    fputc(']', out);
}

static const char *py_rel(rf_sys_rel_t r)
{
    switch (r) {
    case RF_SYS_REL_EQ: return "sp.Eq";
    case RF_SYS_REL_GT: return "sp.Gt";
    case RF_SYS_REL_GE: return "sp.Ge";
    default: return "sp.Ne";
    }
}

static void py_comp_head(FILE *out, const rf_sys_comp_struct *c, slong i)
{
    char buf[64];
    snprintf(buf, sizeof buf, "    # component %ld: ", (long) (i + 1));
    _rf_export_comment(out, buf, c->name, "");
    fputs("    {\"name\": ", out);
    _rf_export_qstring(out, c->name, 0);
    fputs(",\n     \"description\": ", out);
    _rf_export_qstring(out, c->description ? c->description : "", 0);
    fprintf(out, ",\n     \"dimension\": %ld,\n", (long) c->dim);
}

/* The Python lists `params` and `aux` (SymPy and Sage files alike). */
static void py_params_aux(FILE *out, const rf_sys_t sys, char **names)
{
    fputs("params = ", out);
    py_var_list(out, sys, names, RF_SYS_VAR_PARAM);
    fputs("\naux = ", out);
    py_var_list(out, sys, names, RF_SYS_VAR_AUX);
    fputs("  # existentially quantified\n\n", out);
}

void _rf_export_sympy(FILE *out, const rf_sys_t sys)
{
    char **names = _rf_export_names(sys, RF_EXPORT_SYMPY);
    slong i, k;
    fprintf(out, "#!/usr/bin/env python3\n");
    _rf_export_header(out, sys, names, "SymPy", "# ", "",
                      "the set meant is the projection onto the parameters: "
                      "a point of the parameters belongs to a component when "
                      "some values of `aux` satisfy its constraints");
    fprintf(out, "import sympy as sp\n\n");
    for (k = 0; k < sys->nvars; k++) {
        fprintf(out, "%s = sp.Symbol(", names[k]);
        _rf_export_qstring(out, sys->vars[k], 0);
        fprintf(out, ", real=True)%s\n", sys->kinds[k] == RF_SYS_VAR_AUX ? "  # auxiliary" : "");
    }
    py_params_aux(out, sys, names);
    fputs("# each component: equations (sp.Eq(p, 0)) and inequalities\n"
          "# (sp.Gt / sp.Ge / sp.Ne of p and 0)\n", out);
    fputs("components = [\n", out);
    for (i = 0; i < sys->ncomp; i++) {
        const rf_sys_comp_struct *c = sys->comps + i;
        int pass;
        py_comp_head(out, c, i);
        for (pass = 0; pass < 2; pass++) {
            int first = 1;
            fputs(pass ? ",\n     \"inequalities\": [" : "     \"equations\": [", out);
            for (k = 0; k < c->len; k++)
                if ((c->cons[k].rel == RF_SYS_REL_EQ) == (pass == 0)) {
                    fprintf(out, "%s%s(", first ? "" : ",\n        ", py_rel(c->cons[k].rel));
                    _rf_export_poly_infix(out, &c->cons[k].poly, sys, names, "**", _RF_COEF_SYMPY);
                    fputs(", 0)", out);
                    first = 0;
                }
            fputc(']', out);
        }
        fprintf(out, "}%s\n", i + 1 < sys->ncomp ? "," : "");
    }
    fputs("]\n\n", out);
    fputs("def satisfies(component, values):\n"
          "    \"\"\"True if the exact point `values` (a dict Symbol -> number, giving\n"
          "    the parameters and the auxiliary variables) satisfies every\n"
          "    constraint of `component`.\"\"\"\n"
          "    rels = component[\"equations\"] + component[\"inequalities\"]\n"
          "    return all(bool(sp.sympify(r).subs(values)) for r in rels)\n", out);
    _rf_export_names_clear(names, sys);
}

static const char *sage_sense(rf_sys_rel_t r)
{
    return rf_sys_rel_symbol(r);
}

void _rf_export_sage(FILE *out, const rf_sys_t sys)
{
    char **names = _rf_export_names(sys, RF_EXPORT_SAGE);
    slong i, k;
    _rf_export_header(out, sys, names, "SageMath", "# ", "",
                      "the set meant is the projection onto the parameters: "
                      "the ideals live in the ring that includes them "
                      "(use I.elimination_ideal(aux))");
    fputs("from sage.all import QQ, PolynomialRing, SR\n\n", out);
    fputs("rfR = PolynomialRing(QQ, names=[", out);
    if (sys->nvars == 0)
        fputs("'rfUnused'", out);
    for (k = 0; k < sys->nvars; k++) {
        fputs(k ? ", " : "", out);
        fprintf(out, "'%s'", names[k]);
    }
    fputs("])\n", out);
    if (sys->nvars > 0) {
        for (k = 0; k < sys->nvars; k++)
            fprintf(out, "%s%s", k ? ", " : "", names[k]);
        fputs(sys->nvars == 1 ? ", = rfR.gens()\n" : " = rfR.gens()\n", out);
    }
    py_params_aux(out, sys, names);
    fputs("# each component: the ideal of its equations, its inequalities\n"
          "# as (p, sense) with sense '>', '>=' or '!=' (meaning p sense 0), and\n"
          "# the same constraints as symbolic relations (SR(p) == 0, SR(q) > 0, ...)\n"
          "# under \"equations\" and \"relations\"\n", out);
    fputs("components = [\n", out);
    for (i = 0; i < sys->ncomp; i++) {
        const rf_sys_comp_struct *c = sys->comps + i;
        int first = 1;
        py_comp_head(out, c, i);
        fputs("     \"ideal\": rfR.ideal([", out);
        for (k = 0; k < c->len; k++)
            if (c->cons[k].rel == RF_SYS_REL_EQ) {
                fputs(first ? "" : ",\n        ", out);
                _rf_export_poly_infix(out, &c->cons[k].poly, sys, names, "**", _RF_COEF_SAGE);
                first = 0;
            }
        fputs("]),\n     \"inequalities\": [", out);
        first = 1;
        for (k = 0; k < c->len; k++)
            if (c->cons[k].rel != RF_SYS_REL_EQ) {
                fputs(first ? "(" : ",\n        (", out);
                _rf_export_poly_infix(out, &c->cons[k].poly, sys, names, "**", _RF_COEF_SAGE);
                fprintf(out, ", '%s')", sage_sense(c->cons[k].rel));
                first = 0;
            }
        for (int pass = 0; pass < 2; pass++) {
            fputs(pass ? "],\n     \"relations\": [" : "],\n     \"equations\": [", out);
            first = 1;
            for (k = 0; k < c->len; k++)
                if ((c->cons[k].rel == RF_SYS_REL_EQ) == (pass == 0)) {
                    fputs(first ? "SR(" : ",\n        SR(", out);
                    _rf_export_poly_infix(out, &c->cons[k].poly, sys, names, "**", _RF_COEF_SAGE);
                    fprintf(out, ") %s 0", pass == 0 ? "==" : sage_sense(c->cons[k].rel));
                    first = 0;
                }
        }
        fprintf(out, "]}%s\n", i + 1 < sys->ncomp ? "," : "");
    }
    fputs("]\n", out);
    _rf_export_names_clear(names, sys);
}
