/* Error reports naming file, line and problem.
 *
 * An error is either tied to an input location (a file or a command-line
 * option, with a line when known) or is a library error (no location: an
 * unsupported case or a failed re-check); rf_err_is_input tells which. */
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
    int n;
    if (err == NULL)
        return code;
    err->code = code;
    err->line = line;
    /* file NULL or "": a library error, not tied to an input location */
    snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
    va_start(ap, fmt);
    n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    if (n >= (int) sizeof(err->msg))   /* say that the message was cut */
        memcpy(err->msg + sizeof(err->msg) - 4, "...", 4);
    return code;
}

int rf_err_is_input(const rf_err_t err)
{
    return err->file[0] != '\0';
}

void rf_err_fprint(FILE *out, const rf_err_t err)
{
    if (err->file[0] == '\0')
        fprintf(out, "relufiber: error: %s\n", err->msg);
    else if (err->line > 0)
        fprintf(out, "%s:%ld: error: %s\n", err->file, err->line, err->msg);
    else
        fprintf(out, "%s: error: %s\n", err->file, err->msg);
}
