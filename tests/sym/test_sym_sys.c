/* Symbolic layer -> constraint systems: the region of a pattern and the
 * "same affine map" identities, put into an rf_sys_t, hold at a point
 * exactly when rf_net_pattern says the point has that pattern. */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/sym.h"

static void rand_vec(fmpq *v, slong n, flint_rand_t st)
{
    slong i;
    for (i = 0; i < n; i++)
        fmpq_set_si(v + i, (slong) n_randint(st, 41) - 20, 1 + n_randint(st, 7));
}

Test(sym_sys, region_and_identities)
{
    flint_rand_t st;
    slong it, inside = 0, outside = 0;
    const char *aux[] = {"s", "t"};
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 300); it++) {
        rf_net_t A, B;
        rf_sym_ctx_t ctx;
        rf_sys_t sys;
        slong dims[6], L = 1 + n_randint(st, 4), l, D, H, d0, dL, naux, c, v, rep;
        fmpq_mpoly_struct *y, *pre, *eqs;
        fmpq *pt, *theta, *x;
        int *pat, *pat2;
        for (l = 0; l <= L; l++)
            dims[l] = 1 + n_randint(st, 4);
        rf_net_init(A, L, dims);
        rf_net_randtest(A, st, 5, 4);
        rf_net_init(B, 1, (slong[]) {1, 1});
        D = rf_net_num_params(A); H = rf_net_num_hidden(A);
        d0 = dims[0]; dL = dims[L];
        naux = it % 3;
        rf_sym_ctx_init(ctx, A, RF_SYM_INPUTS);
        rf_sym_sys_init(sys, ctx, naux, aux);
        cr_assert_eq(sys->nvars, ctx->nvars + naux);
        for (v = 0; v < sys->nvars; v++)
            cr_assert_eq(sys->kinds[v], v < D ? RF_SYS_VAR_PARAM : RF_SYS_VAR_AUX);
        y = rf_sym_vec_init(dL, ctx);
        pre = rf_sym_vec_init(H, ctx);
        eqs = rf_sym_vec_init(dL * (d0 + 1), ctx);
        pt = _fmpq_vec_init(sys->nvars);
        theta = _fmpq_vec_init(D);
        x = _fmpq_vec_init(d0);
        pat = flint_malloc((H + 1) * sizeof(int));
        pat2 = flint_malloc((H + 1) * sizeof(int));

        rf_net_get_params(theta, A);
        rand_vec(x, d0, st);
        rf_net_pattern(pat, A, x);
        rf_sym_realize(y, pre, pat, NULL, 0, ctx, NULL);
        /* B = A: the identities hold at theta */
        rf_net_set(B, A);
        cr_assert_eq(rf_sym_same_affine_eqs(eqs, pat, 0, B, pat, ctx, NULL), 0);
        c = rf_sys_add_component(sys, "region", "pattern of x", -1);
        rf_sym_sys_add_region(sys, c, pre, pat, ctx, NULL);
        rf_sym_sys_add(sys, c, eqs, dL * (d0 + 1), RF_SYS_REL_EQ, "same map", ctx, NULL);
        cr_assert_eq(sys->comps[c].len, H + dL * (d0 + 1));

        for (rep = 0; rep < 4; rep++) {
            int want;
            if (rep > 0)
                rand_vec(x, d0, st);
            rf_sym_vals_set(pt, theta, x, NULL, ctx);
            for (v = ctx->nvars; v < sys->nvars; v++)
                fmpq_set_si(pt + v, (slong) n_randint(st, 9) - 4, 1);
            rf_net_pattern(pat2, A, x);
            want = (memcmp(pat, pat2, H * sizeof(int)) == 0);
            cr_assert_eq(rf_sys_component_contains(sys, c, pt), want,
                         "it %ld rep %ld", it, rep);
            inside += want;
            outside += !want;
        }
        /* another parameter point: the identities fail (moved last bias) */
        fmpq_add_si(pt + D - 1, pt + D - 1, 1);
        cr_assert_eq(rf_sys_component_contains(sys, c, pt), 0);
        {
            char *buf = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&buf, &len);
            rf_sys_fprint(f, sys);
            fclose(f);
            cr_assert(strstr(buf, rf_sym_var_name(ctx, D - 1)) != NULL, "%s", buf);
            free(buf);
        }

        flint_free(pat); flint_free(pat2);
        _fmpq_vec_clear(pt, sys->nvars);
        _fmpq_vec_clear(theta, D); _fmpq_vec_clear(x, d0);
        rf_sym_vec_clear(y, dL, ctx); rf_sym_vec_clear(pre, H, ctx);
        rf_sym_vec_clear(eqs, dL * (d0 + 1), ctx);
        rf_sys_clear(sys);
        rf_sym_ctx_clear(ctx);
        rf_net_clear(A); rf_net_clear(B);
    }
    /* both outcomes occur: the test is not vacuous */
    cr_assert(inside > rf_test_count(300) && outside > rf_test_count(100), "inside %ld outside %ld", inside, outside);
    flint_randclear(st);
}
