/* Symbolic layer: bridge to the constraint systems of system.h. A system
 * made by rf_sym_sys_init starts with the ring's variables in the same
 * order, so ring polynomials map over variable by variable. */
#include <string.h>
#include "relufiber/sym.h"

void rf_sym_sys_init(rf_sys_t sys, const rf_sym_ctx_t ctx, slong naux,
                     const char *const *aux_names)
{
    slong v, n = ctx->nvars + naux;
    const char **names = flint_malloc(FLINT_MAX(n, 1) * sizeof(char *));
    rf_sys_var_kind_t *kinds = flint_malloc(FLINT_MAX(n, 1) * sizeof(rf_sys_var_kind_t));
    for (v = 0; v < ctx->nvars; v++) {
        names[v] = ctx->names[v];
        kinds[v] = (v >= ctx->nparams && v < ctx->nparams + ctx->ninputs)
                       ? RF_SYS_VAR_AUX : RF_SYS_VAR_PARAM;
    }
    for (v = 0; v < naux; v++) {
        names[ctx->nvars + v] = aux_names[v];
        kinds[ctx->nvars + v] = RF_SYS_VAR_AUX;
    }
    rf_sys_init(sys, n, names, kinds);
    flint_free(names);
    flint_free(kinds);
}

int rf_sym_to_sys(fmpq_mpoly_t r, const fmpq_mpoly_t p,
                  const rf_sym_ctx_t ctx, const rf_sys_t sys, rf_err_t err)
{
    slong v, *c;
    if (sys->nvars < ctx->nvars)
        return rf_err_set(err, RF_ERR_INPUT, "<sym>", 0,
                          "rf_sym_to_sys: the system has too few variables");
    for (v = 0; v < ctx->nvars; v++)
        if (strcmp(sys->vars[v], ctx->names[v]) != 0)
            return rf_err_set(err, RF_ERR_INPUT, "<sym>", 0,
                              "rf_sym_to_sys: variable %ld is %s, not %s",
                              (long) v, sys->vars[v], ctx->names[v]);
    if (sys->nvars == ctx->nvars) {
        /* same number of variables, same order: the same ring */
        fmpq_mpoly_set(r, p, sys->ctx);
        return RF_OK;
    }
    c = flint_malloc(ctx->nvars * sizeof(slong));
    for (v = 0; v < ctx->nvars; v++)
        c[v] = v;
    fmpq_mpoly_compose_fmpq_mpoly_gen(r, p, c, ctx->mctx, sys->ctx);
    flint_free(c);
    return RF_OK;
}

int rf_sym_sys_add(rf_sys_t sys, slong comp, const fmpq_mpoly_struct *p,
                   slong n, rf_sys_rel_t rel, const char *label,
                   const rf_sym_ctx_t ctx, rf_err_t err)
{
    slong k;
    int rc = RF_OK;
    fmpq_mpoly_t r;
    fmpq_mpoly_init(r, sys->ctx);
    for (k = 0; k < n && rc == RF_OK; k++)
        if ((rc = rf_sym_to_sys(r, p + k, ctx, sys, err)) == RF_OK)
            rf_sys_add_constraint(sys, comp, r, rel, label);
    fmpq_mpoly_clear(r, sys->ctx);
    return rc;
}

int rf_sym_sys_add_region(rf_sys_t sys, slong comp,
                          const fmpq_mpoly_struct *pre, const int *pat,
                          const rf_sym_ctx_t ctx, rf_err_t err)
{
    slong l, i, k = 0;
    int rc = RF_OK;
    char label[96];
    fmpq_mpoly_t r;
    fmpq_mpoly_init(r, sys->ctx);
    for (l = 1; l < ctx->L && rc == RF_OK; l++)
        for (i = 0; i < ctx->dims[l] && rc == RF_OK; i++, k++) {
            if ((rc = rf_sym_to_sys(r, pre + k, ctx, sys, err)) != RF_OK)
                break;
            snprintf(label, sizeof label, "neuron %ld.%ld %s", (long) l,
                     (long) (i + 1), pat[k] > 0 ? "active" :
                     pat[k] < 0 ? "inactive" : "on its hyperplane");
            if (pat[k] < 0)
                fmpq_mpoly_neg(r, r, sys->ctx);
            rf_sys_add_constraint(sys, comp, r,
                                  pat[k] == 0 ? RF_SYS_REL_EQ : RF_SYS_REL_GT, label);
        }
    fmpq_mpoly_clear(r, sys->ctx);
    return rc;
}
