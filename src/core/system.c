/* Constraint systems: unions of components, each a conjunction of
 * polynomial constraints p REL 0 in named variables. */
#include <string.h>
#include <stdlib.h>
#include "relufiber/system.h"
#include "relufiber/text.h"

void rf_sys_init(rf_sys_t sys, slong nvars, const char *const *names,
                 const rf_sys_var_kind_t *kinds)
{
    slong i;
    /* fmpq_mpoly needs at least one variable; a dummy one is never used. */
    fmpq_mpoly_ctx_init(sys->ctx, nvars > 0 ? nvars : 1, ORD_LEX);
    sys->nvars = nvars;
    sys->vars = flint_malloc((nvars + 1) * sizeof(char *));
    sys->kinds = flint_malloc((nvars + 1) * sizeof(rf_sys_var_kind_t));
    for (i = 0; i < nvars; i++) {
        sys->vars[i] = rf_text_dup(names[i]);
        sys->kinds[i] = kinds ? kinds[i] : RF_SYS_VAR_PARAM;
    }
    sys->title = NULL;
    sys->ncomp = sys->alloc = 0;
    sys->comps = NULL;
    sys->nnotes = 0;
    sys->notes = NULL;
}

void rf_sys_swap(rf_sys_t a, rf_sys_t b)
{
    /* The polynomials keep no pointer to their context or to the struct,
     * so the two structs can be exchanged bitwise. */
    rf_sys_struct t = *a;
    *a = *b;
    *b = t;
}

void rf_sys_clear(rf_sys_t sys)
{
    slong i, k;
    for (i = 0; i < sys->ncomp; i++) {
        rf_sys_comp_struct *c = sys->comps + i;
        for (k = 0; k < c->len; k++) {
            fmpq_mpoly_clear(&c->cons[k].poly, sys->ctx);
            flint_free(c->cons[k].label);
        }
        flint_free(c->cons);
        flint_free(c->name);
        flint_free(c->description);
    }
    flint_free(sys->comps);
    for (i = 0; i < sys->nvars; i++)
        flint_free(sys->vars[i]);
    flint_free(sys->vars);
    flint_free(sys->kinds);
    for (i = 0; i < sys->nnotes; i++)
        flint_free(sys->notes[i]);
    flint_free(sys->notes);
    flint_free(sys->title);
    fmpq_mpoly_ctx_clear(sys->ctx);
}

void rf_sys_set_title(rf_sys_t sys, const char *title)
{
    flint_free(sys->title);
    sys->title = rf_text_dup(title);
}

void rf_sys_add_note(rf_sys_t sys, const char *note)
{
    sys->notes = flint_realloc(sys->notes, (sys->nnotes + 1) * sizeof(char *));
    sys->notes[sys->nnotes++] = rf_text_dup(note);
}

slong rf_sys_add_component(rf_sys_t sys, const char *name,
                           const char *description, slong dim)
{
    rf_sys_comp_struct *c;
    if (sys->ncomp == sys->alloc) {
        sys->alloc = sys->alloc ? 2 * sys->alloc : 4;
        sys->comps = flint_realloc(sys->comps, sys->alloc * sizeof(rf_sys_comp_struct));
    }
    c = sys->comps + sys->ncomp;
    c->name = rf_text_dup(name ? name : "component");
    c->description = rf_text_dup(description);
    c->dim = dim;
    c->len = c->alloc = 0;
    c->cons = NULL;
    return sys->ncomp++;
}

void rf_sys_add_constraint(rf_sys_t sys, slong ci, const fmpq_mpoly_t p,
                           rf_sys_rel_t rel, const char *label)
{
    rf_sys_comp_struct *c = sys->comps + ci;
    rf_sys_constraint_struct *k;
    if (c->len == c->alloc) {
        c->alloc = c->alloc ? 2 * c->alloc : 8;
        c->cons = flint_realloc(c->cons, c->alloc * sizeof(rf_sys_constraint_struct));
    }
    k = c->cons + c->len++;
    fmpq_mpoly_init(&k->poly, sys->ctx);
    fmpq_mpoly_set(&k->poly, p, sys->ctx);
    k->rel = rel;
    k->label = rf_text_dup(label);
}

slong rf_sys_var_index(const rf_sys_t sys, const char *name)
{
    slong i;
    for (i = 0; i < sys->nvars; i++)
        if (strcmp(sys->vars[i], name) == 0)
            return i;
    return -1;
}

static int rel_holds(int sgn, rf_sys_rel_t rel)
{
    switch (rel) {
    case RF_SYS_REL_EQ: return sgn == 0;
    case RF_SYS_REL_GT: return sgn > 0;
    case RF_SYS_REL_GE: return sgn >= 0;
    case RF_SYS_REL_NE: return sgn != 0;
    }
    return 0;
}

int rf_sys_component_contains(const rf_sys_t sys, slong ci, const fmpq *pt)
{
    const rf_sys_comp_struct *c = sys->comps + ci;
    fmpq **vals;
    fmpq_t v;
    slong i, k, n = sys->nvars > 0 ? sys->nvars : 1;
    int ok = 1;
    fmpq_t zero;
    fmpq_init(v);
    fmpq_init(zero);
    vals = flint_malloc(n * sizeof(fmpq *));
    for (i = 0; i < n; i++)
        vals[i] = (i < sys->nvars) ? (fmpq *) (pt + i) : zero;
    for (k = 0; k < c->len && ok; k++) {
        fmpq_mpoly_evaluate_all_fmpq(v, &c->cons[k].poly, vals, sys->ctx);
        ok = rel_holds(fmpq_sgn(v), c->cons[k].rel);
    }
    flint_free(vals);
    fmpq_clear(v);
    fmpq_clear(zero);
    return ok;
}

const char *rf_sys_rel_symbol(rf_sys_rel_t rel)
{
    static const char *sym[] = {"=", ">", ">=", "!="};
    return sym[rel];
}

void rf_sys_fprint(FILE *out, const rf_sys_t sys)
{
    slong i, k;
    const char **names = (const char **) sys->vars;
    const char *dummy[1] = {"_unused"};
    if (sys->nvars == 0)
        names = dummy;
    if (sys->title)
        fprintf(out, "%s\n", sys->title);
    fprintf(out, "variables (%ld):", (long) sys->nvars);
    for (i = 0; i < sys->nvars; i++)
        fprintf(out, " %s%s", sys->vars[i], sys->kinds[i] == RF_SYS_VAR_AUX ? "*" : "");
    fprintf(out, "\n");
    for (i = 0; i < sys->nvars; i++)
        if (sys->kinds[i] == RF_SYS_VAR_AUX) {
            fprintf(out, "(* = auxiliary variable, existentially quantified)\n");
            break;
        }
    for (i = 0; i < sys->nnotes; i++)
        fprintf(out, "note: %s\n", sys->notes[i]);
    fprintf(out, "%ld component(s)\n", (long) sys->ncomp);
    for (i = 0; i < sys->ncomp; i++) {
        const rf_sys_comp_struct *c = sys->comps + i;
        fprintf(out, "component %ld: %s", (long) (i + 1), c->name);
        if (c->dim >= 0)
            fprintf(out, "  [dimension %ld]", (long) c->dim);
        fprintf(out, "\n");
        if (c->description)
            fprintf(out, "  %s\n", c->description);
        for (k = 0; k < c->len; k++) {
            char *s = fmpq_mpoly_get_str_pretty(&c->cons[k].poly, names, sys->ctx);
            fprintf(out, "  %s %s 0", s, rf_sys_rel_symbol(c->cons[k].rel));
            if (c->cons[k].label)
                fprintf(out, "    # %s", c->cons[k].label);
            fprintf(out, "\n");
            flint_free(s);
        }
    }
}
