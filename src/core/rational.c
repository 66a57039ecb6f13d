/* Exact text/double -> rational conversion: "0.1" is 1/10, never a float. */
#include <math.h>
#include <float.h>
#include <mpfr.h>
#include <string.h>
#include <stdlib.h>
#include <ctype.h>
#include <flint/fmpz.h>
#include "relufiber/rational.h"

#define RF_Q_STR_(x) #x
#define RF_Q_STR(x) RF_Q_STR_(x)

size_t rf_q_max_digits(void)
{
    const char *e = getenv("RELUFIBER_MAX_DIGITS");
    char *end;
    unsigned long v;
    if (e == NULL || *e == '\0')
        return RF_Q_MAX_DIGITS;
    v = strtoul(e, &end, 10);
    return *end == '\0' && v > 0 ? (size_t) v : RF_Q_MAX_DIGITS;
}

/* Parse an unsigned digit run into z; returns the number of digits, or
 * (size_t) -1 (z untouched) for a run over the digit cap. */
static size_t parse_digits(fmpz_t z, const char *s, size_t len, size_t *pos)
{
    size_t start = *pos, n;
    char *buf;
    while (*pos < len && isdigit((unsigned char) s[*pos]))
        (*pos)++;
    n = *pos - start;
    if (n == 0) {
        fmpz_zero(z);
        return 0;
    }
    if (n > rf_q_max_digits())
        return (size_t) -1;
    buf = flint_malloc(n + 1);
    memcpy(buf, s + start, n);
    buf[n] = '\0';
    fmpz_set_str(z, buf, 10);
    flint_free(buf);
    return n;
}

int rf_q_parse(fmpq_t q, const char *s, size_t len, const char **why)
{
    size_t pos = 0, nint, nfrac = 0;
    int neg = 0, ret = 1;
    long e10 = 0;
    fmpz_t num, den, frac, t;
    const char *dummy;
    if (why == NULL)
        why = &dummy;
    *why = "not a number";
    if (len == 0) {
        *why = "empty number";
        return 1;
    }
    fmpz_init(num); fmpz_init(den); fmpz_init(frac); fmpz_init(t);
    if (s[pos] == '+' || s[pos] == '-')
        neg = (s[pos++] == '-');
    nint = parse_digits(num, s, len, &pos);
    if (nint == (size_t) -1)
        goto too_long;
    if (pos < len && s[pos] == '/') {
        /* fraction p/q with unsigned q */
        pos++;
        if (nint == 0)
            goto done;
        nfrac = parse_digits(den, s, len, &pos);
        if (nfrac == (size_t) -1)
            goto too_long;
        if (nfrac == 0 || pos != len) {
            *why = "malformed fraction";
            goto done;
        }
        if (fmpz_is_zero(den)) {
            *why = "zero denominator";
            goto done;
        }
        if (neg)
            fmpz_neg(num, num);
        fmpq_set_fmpz_frac(q, num, den);
        ret = 0;
        goto done;
    }
    if (pos < len && s[pos] == '.') {
        pos++;
        nfrac = parse_digits(frac, s, len, &pos);
        if (nfrac == (size_t) -1)
            goto too_long;
    }
    if (nint == 0 && nfrac == 0)
        goto done;
    if (pos < len && (s[pos] == 'e' || s[pos] == 'E')) {
        int eneg = 0;
        size_t nexp;
        pos++;
        if (pos < len && (s[pos] == '+' || s[pos] == '-'))
            eneg = (s[pos++] == '-');
        nexp = parse_digits(t, s, len, &pos);
        if (nexp == (size_t) -1) {
            *why = "exponent too large";
            goto done;
        }
        if (nexp == 0) {
            *why = "malformed exponent";
            goto done;
        }
        if (fmpz_cmp_ui(t, RF_Q_MAX_EXP10) > 0) {
            *why = "exponent too large";
            goto done;
        }
        e10 = fmpz_get_si(t);
        if (eneg)
            e10 = -e10;
    }
    if (pos != len)
        goto done;
    /* value = (num * 10^nfrac + frac) * 10^(e10 - nfrac) */
    fmpz_set_ui(t, 10); fmpz_pow_ui(t, t, nfrac);
    fmpz_mul(num, num, t);
    fmpz_add(num, num, frac);
    e10 -= (long) nfrac;
    if (e10 < -RF_Q_MAX_EXP10 - 100000 || e10 > RF_Q_MAX_EXP10) {
        *why = "exponent too large";
        goto done;
    }
    fmpz_one(den);
    if (e10 >= 0)
        { fmpz_set_ui(t, 10); fmpz_pow_ui(t, t, (ulong) e10); fmpz_mul(num, num, t); }
    else
        { fmpz_set_ui(den, 10); fmpz_pow_ui(den, den, (ulong) (-e10)); }
    if (neg)
        fmpz_neg(num, num);
    fmpq_set_fmpz_frac(q, num, den);
    ret = 0;
    goto done;
too_long:
    *why = "too many digits (more than " RF_Q_STR(RF_Q_MAX_DIGITS) " in one integer; "
           "the environment variable RELUFIBER_MAX_DIGITS sets another limit)";
done:
    fmpz_clear(num); fmpz_clear(den); fmpz_clear(frac); fmpz_clear(t);
    return ret;
}

int rf_q_set_d(fmpq_t q, double d)
{
    int e;
    double m;
    fmpz_t z;
    if (!isfinite(d))
        return 1;
    if (d == 0.0) {
        fmpq_zero(q);
        return 0;
    }
    m = ldexp(frexp(d, &e), 53); /* integer valued, |m| < 2^53 */
    fmpz_init(z);
    fmpz_set_d(z, m);
    fmpq_set_fmpz(q, z);
    if (e >= 53)
        fmpq_mul_2exp(q, q, (ulong) (e - 53));
    else
        fmpq_div_2exp(q, q, (ulong) (53 - e));
    fmpz_clear(z);
    return 0;
}

/* Correctly rounded (to nearest, ties to even) including huge numerators and
 * denominators (a plain num/den division would give inf/inf = NaN) and the
 * subnormal range (where rounding to 53 bits first would round twice). */
double rf_q_get_d(const fmpq_t q)
{
    mpfr_t x;
    double d;
    if (fmpq_is_zero(q))
        return 0.0;
    /* both parts exact doubles (|.| < 2^53): IEEE division rounds the
       exact quotient correctly, to nearest even; a normal result is the
       answer (below DBL_MIN the slow path handles the subnormal range) */
    if (!COEFF_IS_MPZ(*fmpq_numref(q)) && !COEFF_IS_MPZ(*fmpq_denref(q))) {
        slong a = *fmpq_numref(q), b = *fmpq_denref(q);
        if (FLINT_ABS(a) < (WORD(1) << 53) && b < (WORD(1) << 53)) {
            d = (double) a / (double) b;
            if (fabs(d) >= DBL_MIN)
                return d;
        }
    }
    mpfr_init2(x, 53);
    fmpq_get_mpfr(x, q, MPFR_RNDN);
    d = mpfr_get_d(x, MPFR_RNDN);
    mpfr_clear(x);
    if (fabs(d) < DBL_MIN) {
        /* subnormal or underflow: round q * 2^1074 to an integer n exactly;
         * |n| <= 2^52, so n * 2^-1074 is an exact double */
        fmpz_t n, r, t;
        int c;
        fmpz_init(n); fmpz_init(r); fmpz_init(t);
        fmpz_mul_2exp(t, fmpq_numref(q), 1074);
        fmpz_fdiv_qr(n, r, t, fmpq_denref(q));
        fmpz_mul_2exp(r, r, 1);
        c = fmpz_cmp(r, fmpq_denref(q));
        if (c > 0 || (c == 0 && fmpz_is_odd(n)))
            fmpz_add_ui(n, n, 1);
        d = ldexp(fmpz_get_d(n), -1074);
        fmpz_clear(n); fmpz_clear(r); fmpz_clear(t);
    }
    return d;
}
