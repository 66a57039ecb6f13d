/* Exact interval bounds of the hidden pre-activations on a domain.
 *
 * Lemma (interval propagation). If every input x_j lies in [l_j, u_j]
 * (u_j = +inf, l_j = -inf allowed), then w.x + b lies in
 *   [b + sum_{w_j > 0} w_j l_j + sum_{w_j < 0} w_j u_j,
 *    b + sum_{w_j > 0} w_j u_j + sum_{w_j < 0} w_j l_j],
 * and relu(z) lies in [max(0, lower), max(0, upper)]. Layer by layer this
 * gives sound bounds for every hidden pre-activation; on R^d0 the first
 * layer's bounds are infinite unless the row is zero, and the later layers
 * see non-negative inputs, so a row <= 0 with a bias <= 0 is proved dead
 * ("dead by signs"). All arithmetic is exact (fmpq). */
#include <flint/fmpq_vec.h>
#include "relufiber/canon.h"

/* [lo, hi] += w * [xl, xu] with infinity flags. */
static void acc(fmpq_t lo, int *lo_inf, fmpq_t hi, int *hi_inf, const fmpq_t w,
                const fmpq_t xl, int xl_inf, const fmpq_t xu, int xu_inf,
                fmpq_t t)
{
    int s = fmpq_sgn(w);
    if (s == 0)
        return;
    if (s > 0) {
        if (xl_inf)
            *lo_inf = 1;
        else if (!*lo_inf) {
            fmpq_mul(t, w, xl);
            fmpq_add(lo, lo, t);
        }
        if (xu_inf)
            *hi_inf = 1;
        else if (!*hi_inf) {
            fmpq_mul(t, w, xu);
            fmpq_add(hi, hi, t);
        }
    } else {
        if (xu_inf)
            *lo_inf = 1;
        else if (!*lo_inf) {
            fmpq_mul(t, w, xu);
            fmpq_add(lo, lo, t);
        }
        if (xl_inf)
            *hi_inf = 1;
        else if (!*hi_inf) {
            fmpq_mul(t, w, xl);
            fmpq_add(hi, hi, t);
        }
    }
}

void rf_canon_bounds(fmpq *lb, int *lb_inf, fmpq *ub, int *ub_inf,
                     const rf_net_t net, const fmpq *lo, const fmpq *hi)
{
    slong l, i, j, off = 0, w_in = net->dims[0];
    fmpq *inl, *inu;
    int *inl_inf, *inu_inf;
    fmpq_t t;
    slong wmax = 0;
    for (l = 0; l < net->L; l++)
        wmax = FLINT_MAX(wmax, net->dims[l]);
    inl = _fmpq_vec_init(wmax);
    inu = _fmpq_vec_init(wmax);
    inl_inf = flint_calloc(wmax, sizeof(int));
    inu_inf = flint_calloc(wmax, sizeof(int));
    fmpq_init(t);
    for (j = 0; j < w_in; j++) {
        if (lo != NULL)
            fmpq_set(inl + j, lo + j);
        inl_inf[j] = lo == NULL;
        if (hi != NULL)
            fmpq_set(inu + j, hi + j);
        inu_inf[j] = hi == NULL;
    }
    for (l = 0; l + 1 < net->L; l++) {
        slong n = net->dims[l + 1];
        for (i = 0; i < n; i++) {
            fmpq *a = lb + off + i, *c = ub + off + i;
            int ai = 0, ci = 0;
            fmpq_set(a, rf_net_b(net, l, i));
            fmpq_set(c, rf_net_b(net, l, i));
            for (j = 0; j < w_in && !(ai && ci); j++)
                acc(a, &ai, c, &ci, rf_net_W(net, l, i, j), inl + j, inl_inf[j],
                    inu + j, inu_inf[j], t);
            if (ai)
                fmpq_zero(a);
            if (ci)
                fmpq_zero(c);
            lb_inf[off + i] = ai;
            ub_inf[off + i] = ci;
        }
        /* the relu outputs are the next layer's inputs */
        for (i = 0; i < n; i++) {
            if (lb_inf[off + i] || fmpq_sgn(lb + off + i) < 0)
                fmpq_zero(inl + i);
            else
                fmpq_set(inl + i, lb + off + i);
            inl_inf[i] = 0;
            inu_inf[i] = ub_inf[off + i];
            if (inu_inf[i] || fmpq_sgn(ub + off + i) < 0)
                fmpq_zero(inu + i);
            else
                fmpq_set(inu + i, ub + off + i);
        }
        off += n;
        w_in = n;
    }
    fmpq_clear(t);
    _fmpq_vec_clear(inl, wmax);
    _fmpq_vec_clear(inu, wmax);
    flint_free(inl_inf);
    flint_free(inu_inf);
}
