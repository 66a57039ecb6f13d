/* relufiber CLI: is each component of a constraint system irreducible?
 * Checked by a computer-algebra system run as a subprocess (Singular
 * minAssGTZ or Macaulay2 decompose), on the ideal of the component's
 * equations saturated by its strict inequalities (p > 0, p != 0) with the
 * auxiliary variables eliminated: its variety contains the Zariski closure
 * of the component's projection onto the parameters.
 *
 * Verdicts (never "yes" unless the tool said so):
 *  - yes: exactly one minimal prime over Q, of the stated dimension d >= 0.
 *    The closure (over Q) of a set of dimension d inside an irreducible
 *    variety of dimension d is that variety, so the closure is irreducible
 *    over Q. This rests on the stated dimension (which the slow test
 *    export-cas-dims recomputes with Singular and Macaulay2). Singular
 *    also runs absPrimdecGTZ on the prime: absolutely irreducible (one
 *    component over the algebraic closure) means the complex Zariski
 *    closure of the component is that variety and its real closure is
 *    irreducible too; "yes over Q" otherwise (or with Macaulay2).
 *  - no: never claimed from a count alone (x*y = 0, x > 0 has two primes
 *    before saturation and one irreducible closure); with k >= 2 primes the
 *    verdict is "unknown (k minimal primes ...)".
 *  - unknown: tool missing, time limit, tool error, several primes, or one
 *    prime of another dimension than the stated one.
 * Lives in the CLI: the library never spawns processes. */
#ifndef RELUFIBER_CLI_CAS_CHECK_H
#define RELUFIBER_CLI_CAS_CHECK_H

#include <stdio.h>
#include "relufiber/system.h"

typedef enum { RF_CAS_TOOL_AUTO = 0, RF_CAS_TOOL_SINGULAR, RF_CAS_TOOL_M2 } rf_cli_cas_tool_t;

typedef enum { RF_CAS_UNKNOWN = 0, RF_CAS_YES = 1 } rf_cli_cas_verdict_t;

typedef struct {
    rf_cli_cas_verdict_t verdict;
    slong nprimes;        /* minimal primes over Q (-1: not computed) */
    slong *dims;          /* their dimensions after elimination (nprimes entries) */
    double seconds;       /* wall time of the tool on this component */
    slong conjugates;     /* one prime: its conjugate components over the algebraic
                             closure (Singular absPrimdecGTZ; 1 = absolutely
                             irreducible); 0: not computed */
    char reason[160];     /* "Singular not found", "time limit", ... (unknown) */
} rf_cli_cas_comp_t;

/* Parse "singular", "m2" / "macaulay2", "auto". 0 on success. */
int rf_cli_cas_tool_from_string(rf_cli_cas_tool_t *tool, const char *s);

/* Check every component of sys with the tool (AUTO: Singular if on PATH,
 * else Macaulay2). limit_s > 0: time limit per component; the remaining
 * --time-limit of the process (guard) bounds it too, keeping a margin.
 * res: sys->ncomp entries, filled; free with rf_cli_cas_clear. *used is
 * the tool used ("Singular", "Macaulay2", or NULL when none is found). */
void rf_cli_cas_check(rf_cli_cas_comp_t *res, const rf_sys_t sys, rf_cli_cas_tool_t tool,
                      double limit_s, const char **used);
void rf_cli_cas_clear(rf_cli_cas_comp_t *res, slong n);

/* One line per component: "component k (name): irreducible: yes (...)". */
void rf_cli_cas_fprint(FILE *out, const rf_cli_cas_comp_t *res, const rf_sys_t sys,
                       const char *used);

/* Parse the tool's answer line "RFCAS k d1 .. dk" or "RFCAS UNIT" into r
 * (verdict from the stated dimension `stated`); 0 on success, 1 if absent. */
int rf_cli_cas_parse(rf_cli_cas_comp_t *r, const char *out, slong stated, const char *tool);

#endif
