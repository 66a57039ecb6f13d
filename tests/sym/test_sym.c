/* Symbolic layer: realization on a pattern against exact evaluation (the
 * oracle is the independent numeric forward pass of net.c), derivatives
 * against exact finite differences, names and printing round trips. */
#include <string.h>
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/sym.h"

/* Random architecture of depth 1..maxL and widths 1..maxw, random entries. */
static void rand_net(rf_net_t net, flint_rand_t st, slong maxL, slong maxw)
{
    slong dims[8], l, L = 1 + n_randint(st, maxL);
    for (l = 0; l <= L; l++)
        dims[l] = 1 + n_randint(st, maxw);
    rf_net_init(net, L, dims);
    rf_net_randtest(net, st, 5, 4);
}

static void rand_vec(fmpq *v, slong n, flint_rand_t st)
{
    slong i;
    for (i = 0; i < n; i++)
        fmpq_set_si(v + i, (slong) n_randint(st, 41) - 20, 1 + n_randint(st, 7));
}

/* The example of the issue by hand: 1-1-1, active neuron:
 * f = W2_1_1 (W1_1_1 x_1 + b1_1) + b2_1. */
Test(sym, realize_by_hand)
{
    rf_net_t net;
    rf_sym_ctx_t ctx;
    fmpq_mpoly_struct *y, *pre;
    fmpq_mpoly_t e;
    int pat[1] = {1};
    char *s;
    rf_net_init(net, 2, (slong[]) {1, 1, 1});
    rf_sym_ctx_init(ctx, net, RF_SYM_INPUTS);
    cr_assert_eq(rf_sym_nvars(ctx), 5);
    y = rf_sym_vec_init(1, ctx);
    pre = rf_sym_vec_init(1, ctx);
    rf_sym_poly_init(e, ctx);
    rf_sym_realize(y, pre, pat, NULL, 0, ctx, NULL);
    cr_assert_eq(rf_sym_set_str(e, "W2_1_1*W1_1_1*x_1 + W2_1_1*b1_1 + b2_1", ctx), 0);
    cr_assert(fmpq_mpoly_equal(y, e, ctx->mctx));
    cr_assert_eq(rf_sym_set_str(e, "W1_1_1*x_1 + b1_1", ctx), 0);
    cr_assert(fmpq_mpoly_equal(pre, e, ctx->mctx));
    s = rf_sym_get_str(y, ctx);
    cr_assert(strstr(s, "W1_1_1*W2_1_1*x_1") != NULL, "printed: %s", s);
    flint_free(s);
    /* inactive: the output is the last bias alone */
    pat[0] = -1;
    rf_sym_realize(y, pre, pat, NULL, 0, ctx, NULL);
    cr_assert_eq(rf_sym_set_str(e, "b2_1", ctx), 0);
    cr_assert(fmpq_mpoly_equal(y, e, ctx->mctx));
    /* a zero entry counts as inactive, as in rf_net_eval_on_pattern */
    pat[0] = 0;
    rf_sym_realize(y, pre, pat, NULL, 0, ctx, NULL);
    cr_assert(fmpq_mpoly_equal(y, e, ctx->mctx));
    pat[0] = -1;
    /* region polynomial of an inactive neuron is -pre */
    rf_sym_region_polys(y, pre, pat, ctx);
    cr_assert_eq(rf_sym_set_str(e, "-W1_1_1*x_1 - b1_1", ctx), 0);
    cr_assert(fmpq_mpoly_equal(y, e, ctx->mctx));
    rf_sym_poly_clear(e, ctx);
    rf_sym_vec_clear(y, 1, ctx);
    rf_sym_vec_clear(pre, 1, ctx);
    rf_sym_ctx_clear(ctx);
    rf_net_clear(net);
}

/* 1200 random networks: symbolic realization on the pattern at x, evaluated
 * at (theta, x) in several ways, equals the exact network output; the
 * pre-activations equal rf_net_forward's; a random other pattern agrees with
 * rf_net_eval_on_pattern; the second parameter copy behaves the same. */
Test(sym, realize_vs_exact_eval)
{
    flint_rand_t st;
    slong it, checks = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 1200); it++) {
        rf_net_t net;
        rf_sym_ctx_t ctx;
        slong D, H, d0, dL, i, k, L;
        fmpq *theta, *theta1, *x, *yq, *pq, *vals;
        fmpq_mpoly_struct *y, *pre, *yx, *reg;
        fmpq_mpoly_t t, u;
        fmpq_t r;
        int *pat, *pat2, copy = (it % 3 == 0);

        rand_net(net, st, 4, 4);
        L = net->L; D = rf_net_num_params(net); H = rf_net_num_hidden(net);
        d0 = net->dims[0]; dL = net->dims[L];
        rf_sym_ctx_init(ctx, net, RF_SYM_INPUTS | (copy ? RF_SYM_COPY : 0));
        theta = _fmpq_vec_init(D); theta1 = _fmpq_vec_init(D);
        x = _fmpq_vec_init(d0); yq = _fmpq_vec_init(dL);
        pq = _fmpq_vec_init(H + 1); vals = _fmpq_vec_init(ctx->nvars);
        y = rf_sym_vec_init(dL, ctx); yx = rf_sym_vec_init(dL, ctx);
        pre = rf_sym_vec_init(H, ctx); reg = rf_sym_vec_init(H, ctx);
        rf_sym_poly_init(t, ctx); rf_sym_poly_init(u, ctx);
        fmpq_init(r);
        pat = flint_malloc((H + 1) * sizeof(int));
        pat2 = flint_malloc((H + 1) * sizeof(int));

        rf_net_get_params(theta, net);
        rand_vec(x, d0, st);
        rf_net_pattern(pat, net, x);
        rf_sym_realize(y, pre, pat, NULL, 0, ctx, NULL);
        rf_sym_realize(yx, NULL, pat, x, 0, ctx, NULL);
        rf_net_forward(pq, yq, net, x);
        rf_sym_vals_set(vals, theta, x, NULL, ctx);
        for (i = 0; i < dL; i++) {
            slong *deg = flint_malloc(ctx->nvars * sizeof(slong));
            /* full evaluation */
            rf_sym_eval(r, y + i, vals, ctx, NULL);
            cr_assert(fmpq_equal(r, yq + i), "it %ld output %ld", it, i);
            rf_sym_eval_net(r, y + i, net, x, ctx, NULL);
            cr_assert(fmpq_equal(r, yq + i));
            /* parameters first, then inputs: a constant polynomial */
            rf_sym_subs_params(t, y + i, theta, 0, ctx, NULL);
            cr_assert(rf_sym_is_affine_in_inputs(t, ctx));
            rf_sym_subs_inputs(u, t, x, ctx, NULL);
            cr_assert(fmpq_mpoly_is_fmpq(u, ctx->mctx));
            fmpq_mpoly_get_fmpq(r, u, ctx->mctx);
            cr_assert(fmpq_equal(r, yq + i));
            /* inputs first equals the realization at the fixed input */
            rf_sym_subs_inputs(t, y + i, x, ctx, NULL);
            cr_assert(fmpq_mpoly_equal(t, yx + i, ctx->mctx));
            rf_sym_subs_params(u, t, theta, 0, ctx, NULL);
            cr_assert(fmpq_mpoly_equal_fmpq(u, yq + i, ctx->mctx));
            /* degree 1 in each single variable, total degree <= L + 1 */
            fmpq_mpoly_degrees_si(deg, y + i, ctx->mctx);
            for (k = 0; k < ctx->nvars; k++)
                cr_assert(deg[k] <= 1);
            cr_assert(fmpq_mpoly_total_degree_si(y + i, ctx->mctx) <= L + 1);
            flint_free(deg);
            checks++;
        }
        /* pre-activations and region signs */
        rf_sym_region_polys(reg, pre, pat, ctx);
        for (k = 0; k < H; k++) {
            rf_sym_eval(r, pre + k, vals, ctx, NULL);
            cr_assert(fmpq_equal(r, pq + k), "it %ld neuron %ld", it, k);
            rf_sym_eval(r, reg + k, vals, ctx, NULL);
            cr_assert(pat[k] == 0 ? fmpq_is_zero(r) : fmpq_sgn(r) > 0);
        }
        /* an arbitrary pattern, at other parameters, possibly in block 1 */
        for (k = 0; k < H; k++)
            pat2[k] = n_randint(st, 2) ? 1 : -1;
        rand_vec(theta1, D, st);
        rand_vec(x, d0, st);
        rf_net_set_params(net, theta1);
        rf_net_eval_on_pattern(yq, net, pat2, x);
        rf_sym_realize(y, NULL, pat2, NULL, copy, ctx, NULL);
        rf_qvec_zero(vals, ctx->nvars);
        rf_sym_vals_set(vals, copy ? theta : theta1, x, copy ? theta1 : NULL, ctx);
        for (i = 0; i < dL; i++) {
            rf_sym_eval(r, y + i, vals, ctx, NULL);
            cr_assert(fmpq_equal(r, yq + i), "it %ld pattern2 output %ld", it, i);
            if (copy) {
                /* block 0 must not occur */
                rf_sym_subs_params(t, y + i, theta1, 1, ctx, NULL);
                rf_sym_subs_inputs(u, t, x, ctx, NULL);
                cr_assert(fmpq_mpoly_equal_fmpq(u, yq + i, ctx->mctx));
            }
        }

        flint_free(pat); flint_free(pat2);
        fmpq_clear(r);
        rf_sym_poly_clear(t, ctx); rf_sym_poly_clear(u, ctx);
        rf_sym_vec_clear(y, dL, ctx); rf_sym_vec_clear(yx, dL, ctx);
        rf_sym_vec_clear(pre, H, ctx); rf_sym_vec_clear(reg, H, ctx);
        _fmpq_vec_clear(theta, D); _fmpq_vec_clear(theta1, D);
        _fmpq_vec_clear(x, d0); _fmpq_vec_clear(yq, dL);
        _fmpq_vec_clear(pq, H + 1); _fmpq_vec_clear(vals, ctx->nvars);
        rf_sym_ctx_clear(ctx);
        rf_net_clear(net);
    }
    cr_assert(checks >= rf_test_count(1200));
    flint_randclear(st);
}

/* dF/dtheta_k at (theta, x) equals the exact central difference
 * (F(theta + t e_k) - F(theta - t e_k)) / (2t) with the pattern held fixed:
 * F is of degree 1 in each single parameter, so this is exact for every t.
 * The Jacobian is also checked to be zero exactly for the parameters that
 * the pattern cuts off. */
Test(sym, jacobian_vs_finite_differences)
{
    flint_rand_t st;
    slong it, nonzero = 0, zero = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 300); it++) {
        rf_net_t net, np;
        rf_sym_ctx_t ctx;
        slong D, H, d0, dL, i, k;
        fmpq *theta, *x, *yp, *ym, *vals;
        fmpq_mpoly_struct *y, *J;
        fmpq_t r, t, fd;
        int *pat;
        int fixed_x = (it % 2 == 0);

        rand_net(net, st, 4, 4);
        D = rf_net_num_params(net); H = rf_net_num_hidden(net);
        d0 = net->dims[0]; dL = net->dims[net->L];
        rf_sym_ctx_init(ctx, net, fixed_x ? 0 : RF_SYM_INPUTS);
        rf_net_init(np, 1, (slong[]) {1, 1});
        rf_net_set(np, net);
        theta = _fmpq_vec_init(D); x = _fmpq_vec_init(d0);
        yp = _fmpq_vec_init(dL); ym = _fmpq_vec_init(dL);
        vals = _fmpq_vec_init(ctx->nvars);
        y = rf_sym_vec_init(dL, ctx); J = rf_sym_vec_init(D, ctx);
        fmpq_init(r); fmpq_init(t); fmpq_init(fd);
        pat = flint_malloc((H + 1) * sizeof(int));

        rf_net_get_params(theta, net);
        rand_vec(x, d0, st);
        for (k = 0; k < H; k++)
            pat[k] = n_randint(st, 3) ? 1 : -1;
        rf_sym_realize(y, NULL, pat, fixed_x ? x : NULL, 0, ctx, NULL);
        rf_sym_vals_set(vals, theta, x, NULL, ctx);
        for (i = 0; i < dL; i++) {
            rf_sym_jacobian(J, y + i, 0, ctx, NULL);
            for (k = 0; k < D; k++) {
                fmpq_set_si(t, 1 + n_randint(st, 9), 1 + n_randint(st, 5));
                fmpq_add(theta + k, theta + k, t);
                rf_net_set_params(np, theta);
                rf_net_eval_on_pattern(yp, np, pat, x);
                fmpq_sub(theta + k, theta + k, t);
                fmpq_sub(theta + k, theta + k, t);
                rf_net_set_params(np, theta);
                rf_net_eval_on_pattern(ym, np, pat, x);
                fmpq_add(theta + k, theta + k, t);
                fmpq_sub(fd, yp + i, ym + i);
                fmpq_div(fd, fd, t);
                fmpq_div_2exp(fd, fd, 1);
                rf_sym_eval(r, J + k, vals, ctx, NULL);
                cr_assert(fmpq_equal(r, fd), "it %ld out %ld param %ld", it, i, k);
                if (fmpq_mpoly_is_zero(J + k, ctx->mctx))
                    zero++;
                else
                    nonzero++;
            }
        }
        /* theta was restored exactly */
        rf_net_get_params(vals, net);
        cr_assert(rf_qvec_equal(theta, vals, D));

        flint_free(pat);
        fmpq_clear(r); fmpq_clear(t); fmpq_clear(fd);
        rf_sym_vec_clear(y, dL, ctx); rf_sym_vec_clear(J, D, ctx);
        _fmpq_vec_clear(theta, D); _fmpq_vec_clear(x, d0);
        _fmpq_vec_clear(yp, dL); _fmpq_vec_clear(ym, dL);
        _fmpq_vec_clear(vals, ctx->nvars);
        rf_sym_ctx_clear(ctx);
        rf_net_clear(np);
        rf_net_clear(net);
    }
    /* both kinds occur: the test is not vacuous */
    cr_assert(nonzero > rf_test_count(1000) && zero > rf_test_count(100), "nonzero %ld zero %ld", nonzero, zero);
    flint_randclear(st);
}

/* Every variable name maps back to its index; block 0 names are exactly
 * rf_net_param_name's; malformed or out-of-range names are rejected. */
Test(sym, names_round_trip)
{
    flint_rand_t st;
    slong it;
    char buf[128];
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 300); it++) {
        rf_net_t net;
        rf_sym_ctx_t ctx;
        slong v, k, D;
        int flags = (int) n_randint(st, 4);
        rand_net(net, st, 4, it < 20 ? 13 : 4);
        D = rf_net_num_params(net);
        rf_sym_ctx_init(ctx, net, flags);
        cr_assert_eq(ctx->nvars, D * (1 + ((flags & RF_SYM_COPY) != 0)) +
                     ((flags & RF_SYM_INPUTS) ? net->dims[0] : 0));
        for (v = 0; v < ctx->nvars; v++)
            cr_assert_eq(rf_sym_var_index(ctx, rf_sym_var_name(ctx, v)), v,
                         "name %s", rf_sym_var_name(ctx, v));
        for (k = 0; k < D; k++) {
            rf_net_param_name(buf, sizeof buf, net, k);
            cr_assert_str_eq(rf_sym_var_name(ctx, rf_sym_param_var(ctx, 0, k)), buf);
            if (flags & RF_SYM_COPY) {
                char b2[160];
                snprintf(b2, sizeof b2, "B_%s", buf);
                cr_assert_str_eq(rf_sym_var_name(ctx, rf_sym_param_var(ctx, 1, k)), b2);
            }
        }
        if (flags & RF_SYM_INPUTS) {
            snprintf(buf, sizeof buf, "x_%ld", (long) net->dims[0]);
            cr_assert_eq(rf_sym_var_index(ctx, buf), rf_sym_input_var(ctx, net->dims[0] - 1));
        }
        snprintf(buf, sizeof buf, "x_%ld", (long) net->dims[0] + 1);
        cr_assert_eq(rf_sym_var_index(ctx, buf), -1);
        snprintf(buf, sizeof buf, "W%ld_1_1", (long) net->L + 1);
        cr_assert_eq(rf_sym_var_index(ctx, buf), -1);
        snprintf(buf, sizeof buf, "b1_%ld", (long) net->dims[1] + 1);
        cr_assert_eq(rf_sym_var_index(ctx, buf), -1);
        snprintf(buf, sizeof buf, "W1_1_%ld", (long) net->dims[0] + 1);
        cr_assert_eq(rf_sym_var_index(ctx, buf), -1);
        cr_assert_eq(rf_sym_var_name(ctx, -1), NULL);
        cr_assert_eq(rf_sym_var_name(ctx, ctx->nvars), NULL);
        rf_sym_ctx_clear(ctx);
        rf_net_clear(net);
    }
    {
        /* a fixed architecture for the malformed names */
        rf_net_t net;
        rf_sym_ctx_t ctx;
        const char *bad[] = {"", "W", "W1", "W1_1", "W1_1_", "W01_1_1", "W1_01_1",
                             "W0_1_1", "W1_1_1_1", "W1_1_1 ", "b1_1_1", "b0_1",
                             "b1", "x_0", "x_01", "x_", "x1", "B_", "B_x_1",
                             "B_B_W1_1_1", "w1_1_1", "W-1_1_1",
                             "W99999999999999999999999_1_1", NULL};
        slong i;
        rf_net_init(net, 2, (slong[]) {3, 3, 2});
        rf_sym_ctx_init(ctx, net, RF_SYM_INPUTS | RF_SYM_COPY);
        for (i = 0; bad[i]; i++)
            cr_assert_eq(rf_sym_var_index(ctx, bad[i]), -1, "'%s'", bad[i]);
        cr_assert_eq(rf_sym_var_index(ctx, "W1_1_1"), 0);
        cr_assert_eq(rf_sym_var_index(ctx, "W1_1_3"), 2);
        cr_assert_eq(rf_sym_var_index(ctx, "W1_2_1"), 3);
        cr_assert_eq(rf_sym_var_index(ctx, "b1_1"), 9);
        cr_assert_eq(rf_sym_var_index(ctx, "W2_1_1"), 12);
        cr_assert_eq(rf_sym_var_index(ctx, "b2_2"), 19);
        cr_assert_eq(rf_sym_var_index(ctx, "x_3"), 22);
        cr_assert_eq(rf_sym_var_index(ctx, "B_W1_1_1"), 23);
        cr_assert_eq(rf_sym_var_index(ctx, "B_b2_2"), 42);
        cr_assert_eq(ctx->nvars, 43);
        rf_sym_ctx_clear(ctx);
        /* prefixes that are not identifiers are refused */
        cr_assert_neq(rf_sym_ctx_init_prefix(ctx, net, RF_SYM_COPY, ""), 0);
        cr_assert_neq(rf_sym_ctx_init_prefix(ctx, net, RF_SYM_COPY, "a b"), 0);
        cr_assert_neq(rf_sym_ctx_init_prefix(ctx, net, RF_SYM_COPY, "1a"), 0);
        cr_assert_eq(rf_sym_ctx_init_prefix(ctx, net, RF_SYM_COPY, "x_"), 0);
        cr_assert_eq(rf_sym_var_index(ctx, "x_W1_1_1"), 20);
        cr_assert_eq(rf_sym_var_index(ctx, "x_1"), -1);
        rf_sym_ctx_clear(ctx);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* Printing and parsing with the names gives back the same polynomial, also
 * for wide layers where names are prefixes of one another (W1_1_1 and
 * W1_1_12), for random polynomials and for realizations. */
Test(sym, print_parse_round_trip)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 200); it++) {
        rf_net_t net;
        rf_sym_ctx_t ctx;
        fmpq_mpoly_t p, q;
        fmpq_mpoly_struct *y;
        slong i, H, dL;
        int *pat;
        char *s;
        rand_net(net, st, 3, it < 40 ? 13 : 4);
        H = rf_net_num_hidden(net); dL = net->dims[net->L];
        rf_sym_ctx_init(ctx, net, RF_SYM_INPUTS | (it % 2 ? RF_SYM_COPY : 0));
        rf_sym_poly_init(p, ctx); rf_sym_poly_init(q, ctx);
        fmpq_mpoly_randtest_bound(p, st, 20, 30, 3, ctx->mctx);
        s = rf_sym_get_str(p, ctx);
        cr_assert_eq(rf_sym_set_str(q, s, ctx), 0, "%s", s);
        cr_assert(fmpq_mpoly_equal(p, q, ctx->mctx), "%s", s);
        flint_free(s);
        pat = flint_malloc((H + 1) * sizeof(int));
        for (i = 0; i < H; i++)
            pat[i] = n_randint(st, 2) ? 1 : -1;
        y = rf_sym_vec_init(dL, ctx);
        rf_sym_realize(y, NULL, pat, NULL, it % 2, ctx, NULL);
        for (i = 0; i < dL; i++) {
            s = rf_sym_get_str(y + i, ctx);
            cr_assert_eq(rf_sym_set_str(q, s, ctx), 0);
            cr_assert(fmpq_mpoly_equal(y + i, q, ctx->mctx), "%s", s);
            flint_free(s);
        }
        cr_assert_neq(rf_sym_set_str(q, "W1_1_1 + nosuchvar", ctx), 0);
        rf_sym_vec_clear(y, dL, ctx);
        flint_free(pat);
        rf_sym_poly_clear(p, ctx); rf_sym_poly_clear(q, ctx);
        rf_sym_ctx_clear(ctx);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* Violated preconditions are reported (RF_ERR_INPUT with a message), not
 * aborted on; the layout helpers agree with the names. */
Test(sym, preconditions_are_errors)
{
    rf_net_t net, other;
    rf_sym_ctx_t ctx, ring, ring2;
    rf_sys_t sys;
    rf_err_t err;
    fmpq_mpoly_struct *y, *J;
    fmpq_mpoly_t r;
    fmpq_t v;
    fmpq_mat_t A, c;
    fmpq *theta;
    int pat[2] = {1, -1};
    slong l, i, j;
    rf_net_init(net, 2, (slong[]) {2, 2, 1});
    rf_net_init(other, 2, (slong[]) {2, 3, 1});
    rf_sym_ctx_init(ctx, net, 0);              /* no inputs, no copy */
    rf_sym_ctx_init(ring, net, RF_SYM_INPUTS);
    rf_sym_ctx_init(ring2, other, 0);
    rf_err_init(err);
    y = rf_sym_vec_init(1, ctx);
    J = rf_sym_vec_init(rf_net_num_params(net), ctx);
    theta = _fmpq_vec_init(rf_net_num_params(net));
    rf_sym_poly_init(r, ctx);
    fmpq_init(v);
    fmpq_mat_init(A, 1, 2);
    fmpq_mat_init(c, 1, 1);
    cr_assert_eq(rf_sym_realize(y, NULL, pat, NULL, 0, ctx, err), RF_ERR_INPUT);
    cr_assert(strstr(err->msg, "RF_SYM_INPUTS") != NULL, "%s", err->msg);
    cr_assert_eq(rf_sym_realize(y, NULL, pat, theta, 1, ctx, err), RF_ERR_INPUT);
    cr_assert_eq(rf_sym_subs_params(r, y, theta, 1, ctx, err), RF_ERR_INPUT);
    cr_assert_eq(rf_sym_jacobian(J, y, 1, ctx, NULL), RF_ERR_INPUT);
    cr_assert_eq(rf_sym_eval_net(v, y, other, NULL, ctx, err), RF_ERR_INPUT);
    cr_assert_eq(rf_sym_net_affine_map(A, c, net, pat, ctx, err), RF_ERR_INPUT);
    cr_assert_eq(rf_sym_net_affine_map(A, c, other, pat, ring, err), RF_ERR_INPUT);
    cr_assert_eq(rf_sym_net_affine_map(A, c, net, pat, ring, err), RF_OK, "%s", err->msg);
    /* a system of another ring */
    rf_sym_sys_init(sys, ring2, 0, NULL);
    cr_assert_eq(rf_sym_to_sys(r, y, ctx, sys, err), RF_ERR_INPUT);
    cr_assert_eq(rf_sym_sys_add(sys, 0, y, 1, RF_SYS_REL_EQ, NULL, ctx, err), RF_ERR_INPUT);
    rf_sys_clear(sys);
    /* variable indices agree with the names */
    for (l = 0; l < net->L; l++)
        for (i = 0; i < net->dims[l + 1]; i++) {
            char buf[64];
            for (j = 0; j < net->dims[l]; j++) {
                snprintf(buf, sizeof buf, "W%ld_%ld_%ld", (long) (l + 1), (long) (i + 1), (long) (j + 1));
                cr_assert_eq(rf_sym_var_index(ctx, buf), rf_sym_weight_var(ctx, 0, l, i, j));
            }
            snprintf(buf, sizeof buf, "b%ld_%ld", (long) (l + 1), (long) (i + 1));
            cr_assert_eq(rf_sym_var_index(ctx, buf), rf_sym_bias_var(ctx, 0, l, i));
        }
    cr_assert_eq(rf_sym_aux_var(ctx, 0), rf_net_num_params(net));
    fmpq_mat_clear(A);
    fmpq_mat_clear(c);
    fmpq_clear(v);
    rf_sym_poly_clear(r, ctx);
    _fmpq_vec_clear(theta, rf_net_num_params(net));
    rf_sym_vec_clear(J, rf_net_num_params(net), ctx);
    rf_sym_vec_clear(y, 1, ctx);
    rf_err_clear(err);
    rf_sym_ctx_clear(ring2);
    rf_sym_ctx_clear(ring);
    rf_sym_ctx_clear(ctx);
    rf_net_clear(other);
    rf_net_clear(net);
}
