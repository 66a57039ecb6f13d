/* The simplest rational in an interval: rf_align_simplest_rational.
 *
 * Theorem (Stern-Brocot). For rationals 0 < lo <= hi: if an integer lies in
 * [lo, hi], the least one, ceil(lo), has the smallest denominator (1) and
 * the smallest numerator. Otherwise floor(lo) = floor(hi) = a, and x lies in
 * [lo, hi] iff 1/(x - a) lies in [1/(hi - a), 1/(lo - a)]; the map
 * x -> a + 1/y preserves the order of denominators (x = (a p + q)/p for
 * y = p/q in lowest terms), so the simplest x is a + 1/y for the simplest y
 * of the new interval. The recursion follows the continued fractions of the
 * ends and stops after as many steps as they have partial quotients.
 * Used to turn a scaling chosen in double into a short exact rational.
 */
#include <math.h>
#include "relufiber/align.h"
#include "relufiber/rational.h"

static void simplest(fmpq_t s, const fmpq_t lo, const fmpq_t hi)
{
    fmpz_t a, c;
    fmpq_t l2, h2, y;
    fmpz_init(a);
    fmpz_init(c);
    fmpz_cdiv_q(c, fmpq_numref(lo), fmpq_denref(lo));   /* ceil(lo) */
    if (fmpq_cmp_fmpz(hi, c) >= 0) {
        fmpz_set(fmpq_numref(s), c);
        fmpz_one(fmpq_denref(s));
        fmpz_clear(a);
        fmpz_clear(c);
        return;
    }
    fmpz_fdiv_q(a, fmpq_numref(lo), fmpq_denref(lo));   /* floor(lo) */
    fmpq_init(l2);
    fmpq_init(h2);
    fmpq_init(y);
    fmpq_sub_fmpz(l2, hi, a);       /* hi - a > 0 */
    fmpq_inv(l2, l2);               /* new lower end 1/(hi - a) */
    fmpq_sub_fmpz(h2, lo, a);       /* lo - a > 0: lo is not an integer */
    fmpq_inv(h2, h2);               /* new upper end 1/(lo - a) */
    simplest(y, l2, h2);
    fmpq_inv(y, y);
    fmpq_add_fmpz(s, y, a);
    fmpq_clear(l2);
    fmpq_clear(h2);
    fmpq_clear(y);
    fmpz_clear(a);
    fmpz_clear(c);
}

void rf_align_simplest_rational(fmpq_t s, double r, double rtol)
{
    fmpq_t lo, hi;
    double dl = r * (1.0 - rtol), dh = r * (1.0 + rtol);
    if (!(r > 0.0) || !isfinite(r) || !(rtol >= 0.0 && rtol < 1.0))
        flint_abort();
    if (!isfinite(dh))
        dh = r;
    if (!(dl > 0.0))
        dl = r;
    fmpq_init(lo);
    fmpq_init(hi);
    rf_q_set_d(lo, dl);
    rf_q_set_d(hi, dh);
    simplest(s, lo, hi);
    fmpq_clear(lo);
    fmpq_clear(hi);
}
