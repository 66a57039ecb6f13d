/* JSON exporter (built with jansson, hence always valid JSON).
 *
 * {"format": "relufiber-system", "version": 1, "title": ..., "notes": [...],
 *  "variables": [{"name": "W1_1_1", "kind": "param" | "aux"}, ...],
 *  "components": [{"name", "description", "dimension" (null if unknown),
 *     "equations": [{"index", "poly", "label"}],
 *     "inequalities": [{"index", "poly", "sense": ">" | ">=" | "!=", "label"}]}]}
 * "poly" is the polynomial in the variable names (fmpq_mpoly pretty form,
 * exact rational coefficients); "index" is the constraint's position in its
 * component, so that the reader restores the original order. */
#include <jansson.h>
#include "internal.h"

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *constraint_json(const rf_sys_t sys, const rf_sys_constraint_struct *k,
                               slong index, const char **names)
{
    json_t *o = json_object();
    char *s = fmpq_mpoly_get_str_pretty(&k->poly, names, sys->ctx);
    json_object_set_new(o, "index", json_integer((json_int_t) index));
    json_object_set_new(o, "poly", json_string(s));
    if (k->rel != RF_SYS_REL_EQ)
        json_object_set_new(o, "sense", json_string(rf_sys_rel_symbol(k->rel)));
    json_object_set_new(o, "label", str_or_null(k->label));
    flint_free(s);
    return o;
}

int _rf_export_json(FILE *out, const rf_sys_t sys)
{
    json_t *root = json_object(), *arr;
    const char *dummy[1] = {"rfUnused"};
    const char **names = sys->nvars > 0 ? (const char **) sys->vars : dummy;
    slong i, k;
    int r;
    json_object_set_new(root, "format", json_string("relufiber-system"));
    json_object_set_new(root, "version", json_integer(1));
    json_object_set_new(root, "title", str_or_null(sys->title));
    arr = json_array();
    for (i = 0; i < sys->nnotes; i++)
        json_array_append_new(arr, json_string(sys->notes[i]));
    json_object_set_new(root, "notes", arr);
    arr = json_array();
    for (k = 0; k < sys->nvars; k++) {
        json_t *v = json_object();
        json_object_set_new(v, "name", json_string(sys->vars[k]));
        json_object_set_new(v, "kind", json_string(sys->kinds[k] == RF_SYS_VAR_AUX ? "aux" : "param"));
        json_array_append_new(arr, v);
    }
    json_object_set_new(root, "variables", arr);
    arr = json_array();
    for (i = 0; i < sys->ncomp; i++) {
        const rf_sys_comp_struct *c = sys->comps + i;
        json_t *o = json_object(), *eq = json_array(), *ineq = json_array();
        json_object_set_new(o, "name", json_string(c->name));
        json_object_set_new(o, "description", str_or_null(c->description));
        json_object_set_new(o, "dimension", c->dim >= 0 ? json_integer((json_int_t) c->dim)
                                                        : json_null());
        for (k = 0; k < c->len; k++)
            json_array_append_new(c->cons[k].rel == RF_SYS_REL_EQ ? eq : ineq,
                                  constraint_json(sys, c->cons + k, k, names));
        json_object_set_new(o, "equations", eq);
        json_object_set_new(o, "inequalities", ineq);
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "components", arr);
    r = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(root);
    return r;
}
