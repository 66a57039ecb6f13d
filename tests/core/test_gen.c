/* Library generators: rf_net_apply_perm_scale preserves the function
 * exactly; rf_net_randtest_degenerate produces every degenerate kind. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"

static void rand_arch(slong *dims, slong *L, flint_rand_t st)
{
    slong l;
    *L = 1 + (slong) n_randint(st, 4);
    for (l = 0; l <= *L; l++)
        dims[l] = 1 + (slong) n_randint(st, 4);
}

Test(gen, perm_scale_preserves_function)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 300); it++) {
        slong dims[6], L, l, k, h, H;
        rf_net_t net, out;
        slong **perm;
        fmpq **scale;
        fmpq *x, *y1, *y2;
        rand_arch(dims, &L, st);
        rf_net_init(net, L, dims);
        rf_net_init(out, 1, (slong[]) {1, 1});
        if (n_randint(st, 2))
            rf_net_randtest_degenerate(net, st, 9, 5);
        else
            rf_net_randtest(net, st, 9, 5);
        H = L > 1 ? L - 1 : 1;
        perm = flint_malloc(H * sizeof(slong *));
        scale = flint_malloc(H * sizeof(fmpq *));
        for (h = 0; h + 1 < L; h++) {
            perm[h] = flint_malloc(dims[h + 1] * sizeof(slong));
            scale[h] = _fmpq_vec_init(dims[h + 1]);
        }
        rf_net_randtest_symmetry(perm, (fmpq *const *) scale, net, st);
        for (h = 0; h + 1 < L; h++) {     /* a permutation, positive scales */
            int *seen = flint_calloc(dims[h + 1], sizeof(int));
            for (k = 0; k < dims[h + 1]; k++) {
                cr_assert(perm[h][k] >= 0 && perm[h][k] < dims[h + 1]);
                cr_assert(!seen[perm[h][k]]);
                seen[perm[h][k]] = 1;
                cr_assert(fmpq_sgn(scale[h] + k) > 0);
            }
            flint_free(seen);
        }
        if (it % 2)
            rf_net_apply_perm_scale(out, net, (const slong *const *) perm,
                                    (const fmpq *const *) scale);
        else {                              /* aliasing */
            rf_net_set(out, net);
            rf_net_apply_perm_scale(out, out, (const slong *const *) perm,
                                    (const fmpq *const *) scale);
        }
        cr_assert_eq(out->L, L);
        for (l = 0; l <= L; l++)
            cr_assert_eq(out->dims[l], dims[l]);
        x = _fmpq_vec_init(dims[0]);
        y1 = _fmpq_vec_init(dims[L]);
        y2 = _fmpq_vec_init(dims[L]);
        for (k = 0; k < 8; k++) {
            for (l = 0; l < dims[0]; l++)
                fmpq_set_si(x + l, (slong) n_randint(st, 41) - 20, 1 + n_randint(st, 7));
            rf_net_eval(y1, net, x);
            rf_net_eval(y2, out, x);
            for (l = 0; l < dims[L]; l++)
                cr_assert(fmpq_equal(y1 + l, y2 + l), "f changed by perm/scale");
        }
        /* NULL perm and scale: identity */
        rf_net_apply_perm_scale(out, net, NULL, NULL);
        cr_assert(rf_net_equal(out, net));
        _fmpq_vec_clear(x, dims[0]);
        _fmpq_vec_clear(y1, dims[L]);
        _fmpq_vec_clear(y2, dims[L]);
        for (h = 0; h + 1 < L; h++) {
            flint_free(perm[h]);
            _fmpq_vec_clear(scale[h], dims[h + 1]);
        }
        flint_free(perm);
        flint_free(scale);
        rf_net_clear(net);
        rf_net_clear(out);
    }
    flint_randclear(st);
}

static int row_sign(const rf_net_t n, slong l, slong i)
{
    /* +1 if all entries >= 0, -1 if all <= 0, 0 if mixed (zero row: 2) */
    slong j;
    int pos = 1, neg = 1;
    for (j = 0; j < n->dims[l]; j++) {
        int s = fmpq_sgn(rf_net_W(n, l, i, j));
        if (s < 0) pos = 0;
        if (s > 0) neg = 0;
    }
    return pos && neg ? 2 : pos ? 1 : neg ? -1 : 0;
}

/* 1 if row (and bias) of a is c times row of b for one c, with sign(c). */
static int twin(const rf_net_t n, slong l, slong a, slong b, int sign)
{
    slong j, m = n->dims[l];
    fmpq_t c, t;
    int ok = 1, found = 0;
    fmpq_init(c); fmpq_init(t);
    for (j = 0; j <= m && ok; j++) {
        const fmpq *ea = j < m ? rf_net_W(n, l, a, j) : rf_net_b(n, l, a);
        const fmpq *eb = j < m ? rf_net_W(n, l, b, j) : rf_net_b(n, l, b);
        if (fmpq_is_zero(eb)) {
            ok = fmpq_is_zero(ea);
            continue;
        }
        fmpq_div(t, ea, eb);
        if (!found) {
            fmpq_set(c, t);
            found = 1;
        } else if (!fmpq_equal(c, t))
            ok = 0;
    }
    ok = ok && found && fmpq_sgn(c) == sign && row_sign(n, l, b) != 2;
    fmpq_clear(c); fmpq_clear(t);
    return ok;
}

Test(gen, degenerate_produces_every_kind)
{
    enum { ZROW, TWIN, ANTI, DEAD, ON, ZCOL, HUGE, TINY, NK };
    const char *names[NK] = {"zero row", "positive twin", "anti-twin", "dead",
                             "always on", "zero outgoing column", "huge", "tiny"};
    slong count[NK] = {0}, it, k;
    flint_rand_t st;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 200); it++) {
        slong dims[6], L, l, i, j;
        int has[NK] = {0};
        rf_net_t n;
        L = 2 + (slong) n_randint(st, 3);
        for (l = 0; l <= L; l++)
            dims[l] = 1 + (slong) n_randint(st, 4);
        rf_net_init(n, L, dims);
        rf_net_randtest_degenerate(n, st, 5, 4);
        for (l = 0; l < L; l++)
            for (i = 0; i < dims[l + 1]; i++) {
                int rs = row_sign(n, l, i), bs = fmpq_sgn(rf_net_b(n, l, i));
                for (j = 0; j <= dims[l]; j++) {
                    const fmpq *e = j < dims[l] ? rf_net_W(n, l, i, j) : rf_net_b(n, l, i);
                    if (fmpz_bits(fmpq_numref(e)) > 190) has[HUGE] = 1;
                    if (fmpz_bits(fmpq_denref(e)) > 190) has[TINY] = 1;
                }
                if (l + 1 == L)
                    continue;
                if (rs == 2) has[ZROW] = 1;
                if (l > 0 && (rs == -1 || rs == 2) && bs < 0) has[DEAD] = 1;
                if (l > 0 && (rs == 1 || rs == 2) && bs > 0) has[ON] = 1;
                for (j = 0; j < dims[l + 2]; j++)
                    if (!fmpq_is_zero(rf_net_W(n, l + 1, j, i)))
                        break;
                if (j == dims[l + 2]) has[ZCOL] = 1;
                for (j = 0; j < dims[l + 1]; j++)
                    if (j != i) {
                        if (twin(n, l, i, j, 1)) has[TWIN] = 1;
                        if (twin(n, l, i, j, -1)) has[ANTI] = 1;
                    }
            }
        for (k = 0; k < NK; k++)
            count[k] += has[k];
        rf_net_clear(n);
    }
    for (k = 0; k < NK; k++)
        cr_assert(count[k] >= (rf_test_iters(200) >= 200 ? 10 : 1),
                  "%s in only %ld of %ld networks", names[k], (long) count[k],
                  (long) rf_test_iters(200));
    flint_randclear(st);
}
