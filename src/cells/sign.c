/* Exact sign of a rational dot product with a ball-arithmetic filter.
 *
 * Theorem (ball filter). If an Arb ball B encloses s = sum_k p_k q_k and
 * 0 is not in B, then sign(s) is the sign of every point of B. Otherwise the
 * precision is doubled (the radius shrinks roughly as 2^-prec for fixed
 * inputs) up to RF_CELLS_SIGN_MAX_PREC bits, and then s is computed exactly
 * in Q. The answer is therefore always the exact sign. When every entry has
 * at most RF_CELLS_SIGN_EXACT_BITS bits the balls are skipped: exact fmpq
 * arithmetic on small integers is faster than the ball filter (measured in
 * bench/cells/bench_sign.c: 3-30x for entries of <= 8 bits, while the balls
 * win 2-4x on doubles and 6-30x on 200-bit fractions). */
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

/* Largest numerator or denominator size (bits) among the 2n entries. */
static flint_bitcnt_t max_bits(const fmpq *const *p, const fmpq *const *q, slong n)
{
    flint_bitcnt_t b = 0;
    slong k;
    for (k = 0; k < n; k++) {
        b = FLINT_MAX(b, fmpz_bits(fmpq_numref(p[k])));
        b = FLINT_MAX(b, fmpz_bits(fmpq_denref(p[k])));
        b = FLINT_MAX(b, fmpz_bits(fmpq_numref(q[k])));
        b = FLINT_MAX(b, fmpz_bits(fmpq_denref(q[k])));
    }
    return b;
}

int rf_cells_sign_dot(fmpq_t value, int *exact, const fmpq *const *p,
                      const fmpq *const *q, slong n)
{
    slong prec, k;
    int sg = 0;
    /* small entries: exact arithmetic is cheaper than the balls
     * (bench/cells/bench_sign); the answer is exact either way */
    if (max_bits(p, q, n) <= RF_CELLS_SIGN_EXACT_BITS)
        prec = RF_CELLS_SIGN_MAX_PREC + 1;
    else
        prec = RF_CELLS_SIGN_PREC;
    for (; prec <= RF_CELLS_SIGN_MAX_PREC && sg == 0; prec *= 2)
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
