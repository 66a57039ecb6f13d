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

/* Longest recorded file name and message (bytes, with the final NUL);
 * longer texts are cut with "..." at the end. */
#define RF_ERR_FILE_MAX 256
#define RF_ERR_MSG_MAX 1024

/* An error report: where (file, line; line 0 = whole file) and what. An
 * empty file marks a library error that has no input location (for example
 * an unsupported architecture), as opposed to an input error. */
typedef struct {
    int code;
    long line;
    char file[RF_ERR_FILE_MAX];
    char msg[RF_ERR_MSG_MAX];
} rf_err_struct;

typedef rf_err_struct rf_err_t[1];

void rf_err_init(rf_err_t err);
void rf_err_clear(rf_err_t err);

/* Record an error; returns code so callers can write `return rf_err_set(...)`.
 * file is the input location (NULL or "" for a library error). */
int rf_err_set(rf_err_t err, int code, const char *file, long line,
               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* 1 if err names an input location (file non-empty), 0 for a library error. */
int rf_err_is_input(const rf_err_t err);

/* Print "file:line: error: msg" ("file: error: msg" when line is 0,
 * "relufiber: error: msg" for a library error). */
void rf_err_fprint(FILE *out, const rf_err_t err);

#ifdef __cplusplus
}
#endif
#endif
