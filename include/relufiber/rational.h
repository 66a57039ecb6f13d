/* relufiber: exact conversion between text / doubles and rationals. */
#ifndef RELUFIBER_RATIONAL_H
#define RELUFIBER_RATIONAL_H

#include <stddef.h>
#include <flint/fmpq.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest |decimal exponent| accepted in "1e-3" style input. Larger ones are
 * rejected (they would need huge integers and are never meant). */
#define RF_Q_MAX_EXP10 4096

/* Default cap on the digits of one integer (numerator, denominator,
 * integer or fractional part) in rf_q_parse: input with more is refused
 * ("too many digits") instead of slowing every exact computation down.
 * Canonical forms of deep networks legitimately reach thousands of
 * digits; the environment variable RELUFIBER_MAX_DIGITS sets another cap. */
#define RF_Q_MAX_DIGITS 20000

/* The cap in force: $RELUFIBER_MAX_DIGITS when it is a positive integer,
 * else RF_Q_MAX_DIGITS. */
size_t rf_q_max_digits(void);

/* Parse the whole of s[0..len) as an exact rational: an integer "-12",
 * a fraction "3/-4" is rejected but "-3/4" is fine, a decimal "0.125",
 * a scientific decimal "1.5e-3" (exact value 3/2000). Returns 0 on success;
 * on failure returns non-zero and, if why is not NULL, sets *why to a static
 * reason ("zero denominator", "exponent too large", ...). */
int rf_q_parse(fmpq_t q, const char *s, size_t len, const char **why);

/* Exact value of a finite double (a dyadic rational). Returns non-zero for
 * NaN or infinity. */
int rf_q_set_d(fmpq_t q, double d);

/* Nearest double (for display only: never used in decisions). */
double rf_q_get_d(const fmpq_t q);

#ifdef __cplusplus
}
#endif
#endif
