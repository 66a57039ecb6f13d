/* Re-checking an alignment and measuring what is left: rf_align_map_verify,
 * rf_align_residual.
 *
 * Guarantee. rf_align_map_verify accepts M for (B, out) iff every perm[h] is
 * a permutation of 0..d_{h+1}-1, every scaling is a rational > 0, and
 * out = rf_net_apply_perm_scale(B, perm, scale) exactly. Such a
 * transformation preserves the function: relu(s z) = s relu(z) for s > 0,
 * so scaling a neuron's row and bias by s and its outgoing column by 1/s
 * leaves the next pre-activations unchanged, and permuting the neurons of a
 * layer together with the matching columns of the next layer permutes the
 * terms of a sum. Hence a verified M with rf_net_equal(out, A) proves that
 * A and B compute the same function. rf_align_residual is an exact
 * computation in rationals.
 */
#include <stdlib.h>
#include "relufiber/align.h"

int rf_align_map_verify(const rf_net_t B, const rf_align_map_t M,
                        const rf_net_t out)
{
    rf_net_t T;
    slong h, i;
    int ok = 1;
    if (M->L != B->L)
        return 0;
    for (h = 0; h <= B->L; h++)
        if (M->dims[h] != B->dims[h])
            return 0;
    for (h = 0; h + 1 < B->L && ok; h++) {
        slong n = B->dims[h + 1];
        char *seen = calloc((size_t) n, 1);
        if (seen == NULL)
            flint_abort();
        for (i = 0; i < n && ok; i++) {
            slong p = M->perm[h][i];
            if (p < 0 || p >= n || seen[p] || fmpq_sgn(M->scale[h] + i) <= 0)
                ok = 0;
            else
                seen[p] = 1;
        }
        free(seen);
    }
    if (!ok)
        return 0;
    rf_net_init(T, B->L, B->dims);
    rf_net_apply_perm_scale(T, B, (const slong *const *) M->perm,
                            (const fmpq *const *) M->scale);
    ok = rf_net_equal(T, out);
    rf_net_clear(T);
    return ok;
}

static void upd(fmpq_t maxabs, fmpq_t maxrel, const fmpq_t a, const fmpq_t c,
                fmpq_t d, fmpq_t t, fmpq_t u)
{
    fmpq_sub(d, a, c);
    fmpq_abs(d, d);
    if (fmpq_cmp(d, maxabs) > 0)
        fmpq_set(maxabs, d);
    if (fmpq_is_zero(d))
        return;
    fmpq_abs(t, a);
    fmpq_abs(u, c);
    if (fmpq_cmp(u, t) > 0)
        fmpq_swap(t, u);
    fmpq_div(d, d, t);
    if (fmpq_cmp(d, maxrel) > 0)
        fmpq_set(maxrel, d);
}

void rf_align_residual(fmpq_t maxabs, fmpq_t maxrel, const rf_net_t A,
                       const rf_net_t C, slong l)
{
    slong l0 = l < 0 ? 0 : l, l1 = l < 0 ? A->L : l + 1, i, j;
    fmpq_t d, t, u;
    fmpq_zero(maxabs);
    fmpq_zero(maxrel);
    fmpq_init(d);
    fmpq_init(t);
    fmpq_init(u);
    for (l = l0; l < l1; l++)
        for (i = 0; i < A->dims[l + 1]; i++) {
            for (j = 0; j < A->dims[l]; j++)
                upd(maxabs, maxrel, rf_net_W(A, l, i, j), rf_net_W(C, l, i, j),
                    d, t, u);
            upd(maxabs, maxrel, rf_net_b(A, l, i), rf_net_b(C, l, i), d, t, u);
        }
    fmpq_clear(d);
    fmpq_clear(t);
    fmpq_clear(u);
}
