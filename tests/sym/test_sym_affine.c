/* Symbolic layer: coefficients in x, the affine map of a region, and the
 * identities "same affine map as B on a region", checked against exact
 * evaluation with rf_net_eval_on_pattern at random rational inputs. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/sym.h"

static void rand_net_dims(rf_net_t net, flint_rand_t st, slong d0, slong dL)
{
    slong dims[8], l, L = 1 + n_randint(st, 4);
    for (l = 0; l <= L; l++)
        dims[l] = 1 + n_randint(st, 4);
    if (d0 > 0)
        dims[0] = d0;
    if (dL > 0)
        dims[L] = dL;
    rf_net_init(net, L, dims);
    rf_net_randtest(net, st, 5, 4);
}

static void rand_vec(fmpq *v, slong n, flint_rand_t st)
{
    slong i;
    for (i = 0; i < n; i++)
        fmpq_set_si(v + i, (slong) n_randint(st, 41) - 20, 1 + n_randint(st, 7));
}

static int *rand_pat(slong H, flint_rand_t st)
{
    slong k;
    int *pat = flint_malloc((H + 1) * sizeof(int));
    for (k = 0; k < H; k++)
        pat[k] = n_randint(st, 3) ? 1 : -1;
    return pat;
}

/* The coefficients rebuild the polynomial, and non-affine input gives an
 * error. */
Test(sym_affine, coeffs_rebuild)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 300); it++) {
        rf_net_t net;
        rf_sym_ctx_t ctx;
        slong d0, dL, H, i, j;
        fmpq_mpoly_struct *y, *c;
        fmpq_mpoly_t s, g;
        int *pat;
        rand_net_dims(net, st, 0, 0);
        d0 = net->dims[0]; dL = net->dims[net->L]; H = rf_net_num_hidden(net);
        rf_sym_ctx_init(ctx, net, RF_SYM_INPUTS);
        y = rf_sym_vec_init(dL, ctx);
        c = rf_sym_vec_init(d0 + 1, ctx);
        rf_sym_poly_init(s, ctx); rf_sym_poly_init(g, ctx);
        pat = rand_pat(H, st);
        rf_sym_realize(y, NULL, pat, NULL, 0, ctx, NULL);
        for (i = 0; i < dL; i++) {
            cr_assert_eq(rf_sym_affine_coeffs(c, y + i, ctx), 0);
            fmpq_mpoly_set(s, c + d0, ctx->mctx);
            for (j = 0; j < d0; j++) {
                slong *deg = flint_malloc(ctx->nvars * sizeof(slong));
                fmpq_mpoly_degrees_si(deg, c + j, ctx->mctx);
                for (slong v = 0; v < d0; v++)
                    cr_assert(deg[rf_sym_input_var(ctx, v)] <= 0);
                flint_free(deg);
                rf_sym_gen(g, rf_sym_input_var(ctx, j), ctx);
                fmpq_mpoly_mul(g, g, c + j, ctx->mctx);
                fmpq_mpoly_add(s, s, g, ctx->mctx);
            }
            cr_assert(fmpq_mpoly_equal(s, y + i, ctx->mctx));
        }
        /* x_1 * (realization) is not affine unless the realization is
         * free of x (then it is). */
        rf_sym_gen(g, rf_sym_input_var(ctx, 0), ctx);
        fmpq_mpoly_mul(s, g, y, ctx->mctx);
        rf_sym_affine_coeffs(c, y, ctx);
        {
            int free_of_x = 1;
            for (j = 0; j < d0; j++)
                free_of_x &= fmpq_mpoly_is_zero(c + j, ctx->mctx);
            cr_assert_eq(rf_sym_is_affine_in_inputs(s, ctx), free_of_x);
            cr_assert_eq(rf_sym_affine_coeffs(c, s, ctx) == 0, free_of_x);
        }
        fmpq_mpoly_mul(s, g, g, ctx->mctx);
        cr_assert_neq(rf_sym_affine_coeffs(c, s, ctx), 0);
        flint_free(pat);
        rf_sym_poly_clear(s, ctx); rf_sym_poly_clear(g, ctx);
        rf_sym_vec_clear(y, dL, ctx); rf_sym_vec_clear(c, d0 + 1, ctx);
        rf_sym_ctx_clear(ctx);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* A x + c from the symbolic path equals rf_net_eval_on_pattern at random
 * rational points. */
Test(sym_affine, net_affine_map_vs_eval)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 400); it++) {
        rf_net_t net;
        rf_sym_ctx_t ctx;
        slong d0, dL, H, i, j, rep;
        fmpq_mat_t A, c;
        fmpq *x, *y;
        fmpq_t r, t;
        int *pat;
        rand_net_dims(net, st, 0, 0);
        d0 = net->dims[0]; dL = net->dims[net->L]; H = rf_net_num_hidden(net);
        rf_sym_ctx_init(ctx, net, RF_SYM_INPUTS);
        fmpq_mat_init(A, dL, d0); fmpq_mat_init(c, dL, 1);
        x = _fmpq_vec_init(d0); y = _fmpq_vec_init(dL);
        fmpq_init(r); fmpq_init(t);
        pat = rand_pat(H, st);
        rf_sym_net_affine_map(A, c, net, pat, ctx, NULL);
        for (rep = 0; rep < 3; rep++) {
            rand_vec(x, d0, st);
            rf_net_eval_on_pattern(y, net, pat, x);
            for (i = 0; i < dL; i++) {
                fmpq_set(r, fmpq_mat_entry(c, i, 0));
                for (j = 0; j < d0; j++) {
                    fmpq_mul(t, fmpq_mat_entry(A, i, j), x + j);
                    fmpq_add(r, r, t);
                }
                cr_assert(fmpq_equal(r, y + i), "it %ld", it);
            }
        }
        flint_free(pat);
        fmpq_clear(r); fmpq_clear(t);
        _fmpq_vec_clear(x, d0); _fmpq_vec_clear(y, dL);
        fmpq_mat_clear(A); fmpq_mat_clear(c);
        rf_sym_ctx_clear(ctx);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* Scale hidden neuron k of layer l (0-based, l < L-1) by s > 0: incoming row
 * and bias times s, outgoing column divided by s. Same function, same
 * pattern. */
static void scale_neuron(rf_net_t net, slong l, slong k, const fmpq_t s)
{
    slong j;
    for (j = 0; j < net->dims[l]; j++)
        fmpq_mul(rf_net_W(net, l, k, j), rf_net_W(net, l, k, j), s);
    fmpq_mul(rf_net_b(net, l, k), rf_net_b(net, l, k), s);
    for (j = 0; j < net->dims[l + 2]; j++)
        fmpq_div(rf_net_W(net, l + 1, j, k), rf_net_W(net, l + 1, j, k), s);
}

/* The "same affine map" identities evaluated at theta are the coefficients
 * of f_A - f_B on the two regions (checked at random x); they vanish for a
 * rescaled copy of A, and for A itself in block 1. */
Test(sym_affine, same_affine_eqs)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 300); it++) {
        rf_net_t A, B;
        rf_sym_ctx_t ctx;
        slong d0, dL, H, HB, D, i, j, l, ne, rep;
        fmpq_mpoly_struct *eqs;
        fmpq *theta, *vals, *x, *yA, *yB;
        fmpq_t r, t;
        int *pat, *patB, all0;

        rand_net_dims(A, st, 0, 0);
        d0 = A->dims[0]; dL = A->dims[A->L];
        H = rf_net_num_hidden(A); D = rf_net_num_params(A);
        rand_net_dims(B, st, d0, dL);
        HB = rf_net_num_hidden(B);
        rf_sym_ctx_init(ctx, A, RF_SYM_INPUTS | RF_SYM_COPY);
        ne = dL * (d0 + 1);
        eqs = rf_sym_vec_init(ne, ctx);
        theta = _fmpq_vec_init(D); vals = _fmpq_vec_init(ctx->nvars);
        x = _fmpq_vec_init(d0); yA = _fmpq_vec_init(dL); yB = _fmpq_vec_init(dL);
        fmpq_init(r); fmpq_init(t);
        pat = rand_pat(H, st); patB = rand_pat(HB, st);
        rf_net_get_params(theta, A);

        /* against a random B: values of the identities = coefficients of
         * the difference of the two affine maps */
        cr_assert_eq(rf_sym_same_affine_eqs(eqs, pat, 0, B, patB, ctx, NULL), 0);
        rf_sym_vals_set(vals, theta, NULL, NULL, ctx);
        for (rep = 0; rep < 2; rep++) {
            rand_vec(x, d0, st);
            rf_net_eval_on_pattern(yA, A, pat, x);
            rf_net_eval_on_pattern(yB, B, patB, x);
            for (i = 0; i < dL; i++) {
                fmpq_t s;
                fmpq_init(s);
                rf_sym_eval(s, eqs + i * (d0 + 1) + d0, vals, ctx, NULL);
                for (j = 0; j < d0; j++) {
                    rf_sym_eval(r, eqs + i * (d0 + 1) + j, vals, ctx, NULL);
                    fmpq_mul(r, r, x + j);
                    fmpq_add(s, s, r);
                }
                fmpq_sub(t, yA + i, yB + i);
                cr_assert(fmpq_equal(s, t), "it %ld", it);
                fmpq_clear(s);
            }
        }

        /* B = A with every hidden neuron rescaled: identities vanish */
        rf_net_set(B, A);
        for (l = 0; l + 1 < A->L; l++)
            for (i = 0; i < A->dims[l + 1]; i++) {
                fmpq_set_si(t, 1 + n_randint(st, 7), 1 + n_randint(st, 7));
                scale_neuron(B, l, i, t);
            }
        cr_assert_eq(rf_sym_same_affine_eqs(eqs, pat, it % 2, B, pat, ctx, NULL), 0);
        rf_qvec_zero(vals, ctx->nvars);
        rf_sym_vals_set(vals, (it % 2) ? NULL : theta, NULL,
                        (it % 2) ? theta : NULL, ctx);
        for (i = 0; i < ne; i++) {
            rf_sym_eval(r, eqs + i, vals, ctx, NULL);
            cr_assert(fmpq_is_zero(r), "it %ld eq %ld", it, i);
        }
        /* ... and at a perturbed theta they usually do not */
        fmpq_add_si(vals + rf_sym_param_var(ctx, it % 2, D - 1),
                    vals + rf_sym_param_var(ctx, it % 2, D - 1), 1);
        all0 = 1;
        for (i = 0; i < ne; i++) {
            rf_sym_eval(r, eqs + i, vals, ctx, NULL);
            all0 &= fmpq_is_zero(r);
        }
        /* the last parameter is the last output bias: its identity moves */
        cr_assert(!all0);

        /* dimension mismatch is an error */
        if (d0 > 1) {
            rf_net_t C;
            rf_net_init(C, 1, (slong[]) {d0 - 1, dL});
            cr_assert_neq(rf_sym_same_affine_eqs(eqs, pat, 0, C, NULL, ctx, NULL), 0);
            rf_net_clear(C);
        }

        flint_free(pat); flint_free(patB);
        fmpq_clear(r); fmpq_clear(t);
        _fmpq_vec_clear(theta, D); _fmpq_vec_clear(vals, ctx->nvars);
        _fmpq_vec_clear(x, d0); _fmpq_vec_clear(yA, dL); _fmpq_vec_clear(yB, dL);
        rf_sym_vec_clear(eqs, ne, ctx);
        rf_sym_ctx_clear(ctx);
        rf_net_clear(A); rf_net_clear(B);
    }
    flint_randclear(st);
}
