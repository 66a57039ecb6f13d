/* relufiber: error reports that name the file, the line and the problem. */
#ifndef RELUFIBER_ERR_H
#define RELUFIBER_ERR_H

#include <stdio.h>
#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes used by every fallible library function. */
enum {
    RF_OK = 0,
    RF_ERR_INPUT = 1,       /* malformed or inconsistent input */
    RF_ERR_IO = 2,          /* cannot open / read / write */
    RF_ERR_UNSUPPORTED = 3, /* valid input the called routine does not handle */
    RF_ERR_INTERNAL = 4     /* a certificate failed to re-check: a bug */
};

/* An error report: where (file, line; line 0 = whole file) and what. */
typedef struct {
    int code;
    long line;
    char file[256];
    char msg[768];
} rf_err_struct;

typedef rf_err_struct rf_err_t[1];

void rf_err_init(rf_err_t err);
void rf_err_clear(rf_err_t err);

/* Record an error; returns code so callers can write `return rf_err_set(...)`. */
int rf_err_set(rf_err_t err, int code, const char *file, long line,
               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Print "file:line: error: msg" (or "file: error: msg" when line is 0). */
void rf_err_fprint(FILE *out, const rf_err_t err);

#ifdef __cplusplus
}
#endif
#endif
