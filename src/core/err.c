/* Error reports naming file, line and problem. */
#include <string.h>
#include "relufiber/err.h"

void rf_err_init(rf_err_t err)
{
    err->code = RF_OK;
    err->line = 0;
    err->file[0] = '\0';
    err->msg[0] = '\0';
}

void rf_err_clear(rf_err_t err)
{
    (void) err;
}

int rf_err_set(rf_err_t err, int code, const char *file, long line,
               const char *fmt, ...)
{
    va_list ap;
    if (err == NULL)
        return code;
    err->code = code;
    err->line = line;
    snprintf(err->file, sizeof(err->file), "%s", file ? file : "<input>");
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return code;
}

void rf_err_fprint(FILE *out, const rf_err_t err)
{
    if (err->line > 0)
        fprintf(out, "%s:%ld: error: %s\n", err->file, err->line, err->msg);
    else
        fprintf(out, "%s: error: %s\n", err->file, err->msg);
}
