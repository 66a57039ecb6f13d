/* relufiber: small text output helpers shared by every printer. */
#ifndef RELUFIBER_TEXT_H
#define RELUFIBER_TEXT_H

#include <stdio.h>
#include <flint/fmpq.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A rational vector: "(1, -2/3)" or, with json, ["1", "-2/3"] (strings keep
 * the values exact). */
void rf_text_qvec(FILE *out, const fmpq *v, slong n, int json);

/* A decimal view of a rational vector, "(0.1875304, -1.5e-12)": each entry
 * correctly rounded to `digits` significant digits (MPFR, round to nearest;
 * digits < 1 means 10). An approximation for reading, never an exact
 * claim: exact values are printed by rf_text_qvec. */
void rf_text_qvec_decimal(FILE *out, const fmpq *v, slong n, int digits);

/* 1 if every entry is an integer of at most `digits` digits (then a
 * decimal view adds nothing). */
int rf_text_qvec_is_short(const fmpq *v, slong n, int digits);

/* A JSON string literal with the necessary escapes. */
void rf_text_json_str(FILE *out, const char *s);

/* A copy of s in memory from flint_malloc (free with flint_free); NULL for
 * NULL. The one string-duplication helper of the library. */
char *rf_text_dup(const char *s);

#ifdef __cplusplus
}
#endif
#endif
