/* Symbolic layer: polynomials affine in the inputs. On a region the network
 * is affine in x, so comparing two networks there amounts to comparing the
 * coefficients of x_1..x_d0 and the constants: polynomial identities in the
 * parameters. */
#include <flint/fmpq_vec.h>
#include "relufiber/sym.h"

int rf_sym_is_affine_in_inputs(const fmpq_mpoly_t p, const rf_sym_ctx_t ctx)
{
    const fmpq_mpoly_ctx_struct *m = ctx->mctx;
    slong i, j, len = fmpq_mpoly_length(p, m), nv = fmpq_mpoly_ctx_nvars(m);
    slong *e;
    int ok = 1;
    if (ctx->ninputs == 0)
        return 1;
    e = flint_malloc(nv * sizeof(slong));
    for (i = 0; i < len && ok; i++) {
        slong deg = 0;
        fmpq_mpoly_get_term_exp_si(e, p, i, m);
        for (j = 0; j < ctx->ninputs; j++)
            deg += e[rf_sym_input_var(ctx, j)];
        ok = (deg <= 1);
    }
    flint_free(e);
    return ok;
}

int rf_sym_affine_coeffs(fmpq_mpoly_struct *c, const fmpq_mpoly_t p,
                         const rf_sym_ctx_t ctx)
{
    slong j, n = ctx->ninputs;
    slong *vars;
    ulong *exps;
    if (n == 0 || !rf_sym_is_affine_in_inputs(p, ctx))
        return RF_ERR_INPUT;
    vars = flint_malloc(n * sizeof(slong));
    exps = flint_calloc(n, sizeof(ulong));
    for (j = 0; j < n; j++)
        vars[j] = rf_sym_input_var(ctx, j);
    fmpq_mpoly_get_coeff_vars_ui(c + n, p, vars, exps, n, ctx->mctx);
    for (j = 0; j < n; j++) {
        exps[j] = 1;
        fmpq_mpoly_get_coeff_vars_ui(c + j, p, vars, exps, n, ctx->mctx);
        exps[j] = 0;
    }
    flint_free(vars);
    flint_free(exps);
    return RF_OK;
}

int rf_sym_net_affine_map(fmpq_mat_t A, fmpq_mat_t c, const rf_net_t net,
                          const int *pat, const rf_sym_ctx_t ctx, rf_err_t err)
{
    const fmpq_mpoly_ctx_struct *m = ctx->mctx;
    slong i, j, d0 = ctx->dims[0], dL = ctx->dims[ctx->L];
    slong D = ctx->nparams;
    fmpq_mpoly_struct *y, *co;
    fmpq_mpoly_t t;
    fmpq *theta;
    int rc;

    if (ctx->ninputs == 0 || rf_net_num_params(net) != D)
        return rf_err_set(err, RF_ERR_INPUT, "<sym>", 0,
                          "rf_sym_net_affine_map: ring without inputs or of another architecture");
    y = rf_sym_vec_init(dL, ctx);
    co = rf_sym_vec_init(d0 + 1, ctx);
    theta = _fmpq_vec_init(D);
    fmpq_mpoly_init(t, m);
    rf_net_get_params(theta, net);
    rc = rf_sym_realize(y, NULL, pat, NULL, 0, ctx, err);
    for (i = 0; i < dL && rc == RF_OK; i++) {
        if ((rc = rf_sym_subs_params(t, y + i, theta, 0, ctx, err)) != RF_OK)
            break;
        if (rf_sym_affine_coeffs(co, t, ctx) != RF_OK) {
            rc = rf_err_set(err, RF_ERR_INTERNAL, "<sym>", 0,
                            "rf_sym_net_affine_map: realization not affine (bug)");
            break;
        }
        for (j = 0; j <= d0; j++) {
            fmpq *dst = (j < d0) ? fmpq_mat_entry(A, i, j) : fmpq_mat_entry(c, i, 0);
            if (!fmpq_mpoly_is_fmpq(co + j, m)) {
                rc = rf_err_set(err, RF_ERR_INTERNAL, "<sym>", 0,
                                "rf_sym_net_affine_map: parameter left (bug)");
                break;
            }
            fmpq_mpoly_get_fmpq(dst, co + j, m);
        }
    }
    fmpq_mpoly_clear(t, m);
    _fmpq_vec_clear(theta, D);
    rf_sym_vec_clear(co, d0 + 1, ctx);
    rf_sym_vec_clear(y, dL, ctx);
    return rc;
}

/* Affine map of B on patB from exact evaluations at 0 and the unit
 * vectors: c = B(0), column j = B(e_j) - B(0). */
static void net_affine_numeric(fmpq *Acol, fmpq *c, const rf_net_t B,
                               const int *patB)
{
    slong j, i, d0 = B->dims[0], dL = B->dims[B->L];
    fmpq *x = _fmpq_vec_init(d0);
    fmpq *y = _fmpq_vec_init(dL);
    rf_net_eval_on_pattern(c, B, patB, x);
    for (j = 0; j < d0; j++) {
        fmpq_one(x + j);
        rf_net_eval_on_pattern(y, B, patB, x);
        fmpq_zero(x + j);
        for (i = 0; i < dL; i++)
            fmpq_sub(Acol + i * d0 + j, y + i, c + i);
    }
    _fmpq_vec_clear(x, d0);
    _fmpq_vec_clear(y, dL);
}

int rf_sym_same_affine_eqs(fmpq_mpoly_struct *eqs, const int *pat, int copy,
                           const rf_net_t B, const int *patB,
                           const rf_sym_ctx_t ctx, rf_err_t err)
{
    const fmpq_mpoly_ctx_struct *m = ctx->mctx;
    slong i, j, d0 = ctx->dims[0], dL = ctx->dims[ctx->L];
    fmpq_mpoly_struct *y, *co;
    fmpq *AB, *cB;
    int rc;

    if (ctx->ninputs == 0 || B->dims[0] != d0 || B->dims[B->L] != dL)
        return rf_err_set(err, RF_ERR_INPUT, "<sym>", 0,
                          "rf_sym_same_affine_eqs: ring without inputs, or B has "
                          "another input or output dimension");
    y = rf_sym_vec_init(dL, ctx);
    co = rf_sym_vec_init(d0 + 1, ctx);
    AB = _fmpq_vec_init(dL * d0);
    cB = _fmpq_vec_init(dL);
    net_affine_numeric(AB, cB, B, patB);
    rc = rf_sym_realize(y, NULL, pat, NULL, copy, ctx, err);
    for (i = 0; i < dL && rc == RF_OK; i++) {
        if (rf_sym_affine_coeffs(co, y + i, ctx) != RF_OK) {
            rc = rf_err_set(err, RF_ERR_INTERNAL, "<sym>", 0,
                            "rf_sym_same_affine_eqs: realization not affine (bug)");
            break;
        }
        for (j = 0; j < d0; j++)
            fmpq_mpoly_sub_fmpq(eqs + i * (d0 + 1) + j, co + j, AB + i * d0 + j, m);
        fmpq_mpoly_sub_fmpq(eqs + i * (d0 + 1) + d0, co + d0, cB + i, m);
    }
    _fmpq_vec_clear(AB, dL * d0);
    _fmpq_vec_clear(cB, dL);
    rf_sym_vec_clear(co, d0 + 1, ctx);
    rf_sym_vec_clear(y, dL, ctx);
    return rc;
}
