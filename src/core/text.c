/* Text output helpers shared by the printers of every module, and the one
 * string-duplication helper. */
#include <stdio.h>
#include <string.h>
#include <mpfr.h>
#include <flint/fmpq.h>
#include "relufiber/text.h"

void rf_text_qvec(FILE *out, const fmpq *v, slong n, int json)
{
    slong i;
    fputc(json ? '[' : '(', out);
    for (i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        if (json)
            fputc('"', out);
        fmpq_fprint(out, v + i);
        if (json)
            fputc('"', out);
    }
    fputc(json ? ']' : ')', out);
}

void rf_text_qvec_decimal(FILE *out, const fmpq *v, slong n, int digits)
{
    slong i;
    mpfr_t m;
    if (digits < 1)
        digits = 10;
    if (digits > 1000)
        digits = 1000;
    /* enough bits that the decimal rounding of the binary value is the
       correct rounding of the rational except in the rarest ties */
    mpfr_init2(m, (mpfr_prec_t) (digits * 3.33) + 64);
    fputc('(', out);
    for (i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        if (fmpq_is_zero(v + i)) {
            fputc('0', out);
            continue;
        }
        fmpq_get_mpfr(m, v + i, MPFR_RNDN);
        mpfr_fprintf(out, "%.*Rg", digits, m);
    }
    fputc(')', out);
    mpfr_clear(m);
}

int rf_text_qvec_is_short(const fmpq *v, slong n, int digits)
{
    slong i;
    for (i = 0; i < n; i++)
        if (!fmpz_is_one(fmpq_denref(v + i))
            || fmpz_sizeinbase(fmpq_numref(v + i), 10) > (size_t) digits)
            return 0;
    return 1;
}

void rf_text_json_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char ch = (unsigned char) *s;
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch == '\n')
            fputs("\\n", out);
        else if (ch == '\t')
            fputs("\\t", out);
        else if (ch < 0x20)
            fprintf(out, "\\u%04x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

char *rf_text_dup(const char *s)
{
    size_t n;
    char *d;
    if (s == NULL)
        return NULL;
    n = strlen(s) + 1;
    d = flint_malloc(n);
    memcpy(d, s, n);
    return d;
}
