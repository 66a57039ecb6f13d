/* Exact sign of a rational dot product with a ball-arithmetic filter.
 *
 * Theorem (ball filter). If an Arb ball B encloses s = sum_k p_k q_k and
 * 0 is not in B, then sign(s) is the sign of every point of B. Otherwise the
 * precision is doubled (the radius shrinks roughly as 2^-prec for fixed
 * inputs) up to RF_CELLS_SIGN_MAX_PREC bits, and then s is computed exactly
 * in Q. The answer is therefore always the exact sign. */
#include <arb.h>
#include "relufiber/cells.h"

static int sign_ball(const fmpq *const *p, const fmpq *const *q, slong n,
                     slong prec)
{
    arb_t s, a, t;
    slong k;
    int sg = 0;
    arb_init(s);
    arb_init(a);
    arb_init(t);
    for (k = 0; k < n; k++) {
        arb_set_fmpq(a, p[k], prec);
        arb_set_fmpq(t, q[k], prec);
        arb_mul(a, a, t, prec);
        arb_add(s, s, a, prec);
    }
    if (!arb_contains_zero(s))
        sg = arb_is_positive(s) ? 1 : -1;
    arb_clear(s);
    arb_clear(a);
    arb_clear(t);
    return sg;
}

int rf_cells_sign_dot(fmpq_t value, int *exact, const fmpq *const *p,
                      const fmpq *const *q, slong n)
{
    slong prec, k;
    int sg = 0;
    for (prec = RF_CELLS_SIGN_PREC; prec <= RF_CELLS_SIGN_MAX_PREC && sg == 0; prec *= 2)
        sg = sign_ball(p, q, n, prec);
    if (exact != NULL)
        *exact = sg == 0;
    if (sg == 0 || value != NULL) {
        fmpq_t v, w;
        fmpq_init(v);
        fmpq_init(w);
        for (k = 0; k < n; k++) {
            fmpq_mul(w, p[k], q[k]);
            fmpq_add(v, v, w);
        }
        sg = fmpq_sgn(v);
        if (value != NULL)
            fmpq_set(value, v);
        fmpq_clear(v);
        fmpq_clear(w);
    }
    return sg;
}
