/* Helpers for the export tests: files, external tools, model parsing. */
#ifndef RF_TEST_EXPORT_TOOLS_H
#define RF_TEST_EXPORT_TOOLS_H

#include <stdio.h>
#include "relufiber/export.h"

/* Directory for test artifacts (RF_EXPORT_OUT, else /tmp). */
const char *tools_outdir(void);
/* Path outdir/name into buf. */
void tools_path(char *buf, size_t n, const char *name);
/* Export sys in fmt to outdir/name; returns 0 on success. */
int tools_export(const char *name, const rf_sys_t sys, rf_export_fmt_t fmt);
/* Export into a malloc'd string (free with free()). */
char *tools_export_string(const rf_sys_t sys, rf_export_fmt_t fmt);
/* Whole file into a malloc'd string, NULL if unreadable. */
char *tools_slurp(const char *path);
int tools_write(const char *path, const char *text);
/* Is the executable on PATH (or an absolute path that exists)? */
int tools_have(const char *exe);
/* Run a shell command, capture stdout (+ stderr if merge) into a malloc'd
 * string; *status gets the exit status. */
char *tools_run(const char *cmd, int merge, int *status);

/* One SMT-LIB result: status "sat"/"unsat"/"unknown" and, after "sat",
 * the model values of the variables of sys (by their SMT-LIB names).
 * Returns a pointer past the parsed result, or NULL when there is none.
 * *algebraic is set when some value is not rational (root-obj);
 * *missing when a variable has no value (then it is set to 0, which the
 * solver may do for variables it did not need). */
const char *tools_smt_result(char *status, size_t ns, fmpq *pt, int *algebraic,
                             const char *out, const rf_sys_t sys);

/* Python-literal rationals "sp.Rational(p, q)" of a point, as a dict
 * {name: value} in the SymPy names of sys. */
void tools_py_point(FILE *out, const rf_sys_t sys, const fmpq *pt);

#endif
