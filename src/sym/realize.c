/* Symbolic realization: the network function on a fixed activation pattern
 * as polynomials in the parameter (and input) variables, by a symbolic
 * forward pass that replaces each ReLU by the 0/1 mask of the pattern. */
#include "relufiber/sym.h"

int rf_sym_realize(fmpq_mpoly_struct *y, fmpq_mpoly_struct *pre,
                   const int *pat, const fmpq *x, int copy,
                   const rf_sym_ctx_t ctx, rf_err_t err)
{
    const fmpq_mpoly_ctx_struct *m = ctx->mctx;
    slong l, i, j, maxw = 0, k = 0, off = 0;
    fmpq_mpoly_struct *h, *z;
    fmpq_mpoly_t g, t;

    if (x == NULL && ctx->ninputs == 0)
        return rf_err_set(err, RF_ERR_INPUT, "<sym>", 0,
                          "rf_sym_realize: symbolic inputs need RF_SYM_INPUTS");
    if (copy && ctx->ncopy == 0)
        return rf_err_set(err, RF_ERR_INPUT, "<sym>", 0,
                          "rf_sym_realize: the ring has no second parameter copy");
    for (l = 0; l <= ctx->L; l++)
        maxw = FLINT_MAX(maxw, ctx->dims[l]);
    h = rf_sym_vec_init(maxw, ctx);
    z = rf_sym_vec_init(maxw, ctx);
    fmpq_mpoly_init(g, m);
    fmpq_mpoly_init(t, m);

    for (j = 0; j < ctx->dims[0]; j++) {
        if (x == NULL)
            fmpq_mpoly_gen(h + j, rf_sym_input_var(ctx, j), m);
        else
            fmpq_mpoly_set_fmpq(h + j, x + j, m);
    }
    for (l = 0; l < ctx->L; l++) {
        slong rows = ctx->dims[l + 1], cols = ctx->dims[l];
        /* z_i = b_i + sum_j W_ij h_j; parameter k of the layout is
         * off + i cols + j for W, off + rows cols + i for b. */
        for (i = 0; i < rows; i++) {
            fmpq_mpoly_gen(z + i, rf_sym_param_var(ctx, copy, off + rows * cols + i), m);
            for (j = 0; j < cols; j++) {
                if (fmpq_mpoly_is_zero(h + j, m))
                    continue;
                fmpq_mpoly_gen(g, rf_sym_param_var(ctx, copy, off + i * cols + j), m);
                fmpq_mpoly_mul(t, g, h + j, m);
                fmpq_mpoly_add(z + i, z + i, t, m);
            }
        }
        off += rows * (cols + 1);
        if (l == ctx->L - 1)
            break;
        for (i = 0; i < rows; i++, k++) {
            if (pre != NULL)
                fmpq_mpoly_set(pre + k, z + i, m);
            if (pat[k] > 0)
                fmpq_mpoly_swap(h + i, z + i, m);
            else
                fmpq_mpoly_zero(h + i, m);
        }
    }
    for (i = 0; i < ctx->dims[ctx->L]; i++)
        fmpq_mpoly_swap(y + i, z + i, m);

    fmpq_mpoly_clear(g, m);
    fmpq_mpoly_clear(t, m);
    rf_sym_vec_clear(h, maxw, ctx);
    rf_sym_vec_clear(z, maxw, ctx);
    return RF_OK;
}

void rf_sym_region_polys(fmpq_mpoly_struct *out, const fmpq_mpoly_struct *pre,
                         const int *pat, const rf_sym_ctx_t ctx)
{
    slong k, H = 0, l;
    for (l = 1; l < ctx->L; l++)
        H += ctx->dims[l];
    for (k = 0; k < H; k++) {
        if (pat[k] < 0)
            fmpq_mpoly_neg(out + k, pre + k, ctx->mctx);
        else
            fmpq_mpoly_set(out + k, pre + k, ctx->mctx);
    }
}
