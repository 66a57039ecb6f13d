/* Text output helpers shared by the printers of every module, and the one
 * string-duplication helper. */
#include <string.h>
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
