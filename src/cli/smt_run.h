/* relufiber CLI: an external SMT solver (z3, cvc5) run as a subprocess on
 * the QF_LRA query of rf_export_smt_equiv_query, as an independent oracle.
 * A SAT model gives a separating input, re-checked by exact evaluation; an
 * "unsat" answer is the solver's word, not a relufiber certificate. This
 * lives in the CLI, not the library: the library never spawns processes. */
#ifndef RELUFIBER_CLI_SMT_RUN_H
#define RELUFIBER_CLI_SMT_RUN_H

#include "relufiber/net.h"
#include "relufiber/err.h"

typedef enum { RF_SMT_Z3 = 0, RF_SMT_CVC5 = 1 } rf_cli_smt_solver_t;

typedef enum {
    RF_SMT_SAT = 0,      /* the networks differ (model re-checked exactly) */
    RF_SMT_UNSAT = 1,    /* the solver proved f_A == f_B */
    RF_SMT_UNKNOWN = 2   /* timeout or "unknown" */
} rf_cli_smt_status_t;

/* Is the solver's executable on PATH? */
int rf_cli_smt_solver_available(rf_cli_smt_solver_t solver);

/* Run the solver on the query (temporary file), parse the answer; on SAT
 * parse the model into x (d0 entries, may be NULL) and re-check exactly that
 * f_A(x) != f_B(x) (a failing re-check is an error RF_ERR_INTERNAL).
 * timeout_ms <= 0 means none. Returns RF_OK and sets *status, or an error
 * (solver missing or unparsable output). */
int rf_cli_smt_check_equiv(rf_cli_smt_status_t *status, fmpq *x, const rf_net_t A,
                       const rf_net_t B, rf_cli_smt_solver_t solver,
                       long timeout_ms, rf_err_t err);

/* The same on the closed box lo <= x <= hi (NULL, NULL: R^d0); a SAT model
 * is also checked to lie in the box. */
int rf_cli_smt_check_equiv_box(rf_cli_smt_status_t *status, fmpq *x, const rf_net_t A,
                               const rf_net_t B, const fmpq *lo, const fmpq *hi,
                               rf_cli_smt_solver_t solver, long timeout_ms, rf_err_t err);

/* The solver's answer text: "unsat", "unknown"/timeout, or "sat" followed by
 * a model whose values "(xK term)" (K = 1..d) are parsed into x (d entries).
 * 0 with *status set; 1: "sat" with an unparsable model; 2: an unexpected
 * answer. Never reads past the NUL terminator of out. */
int rf_cli_smt_parse_answer(rf_cli_smt_status_t *status, fmpq *x, const char *out, slong d);

/* Run argv as a child process (found on PATH, started directly, no shell),
 * its stdout and stderr captured into one malloc'ed NUL-terminated string
 * (NULL if it cannot be started or read). The child is registered with the
 * guard (killed on a signal or an expired --time-limit). timeout_s > 0: the
 * child is killed after that many seconds and *timed_out (may be NULL) is
 * set to 1; the output so far is returned. */
char *rf_cli_run_capture(char *const *argv, double timeout_s, int *timed_out);

/* The directory of temporary files: $TMPDIR if set and not empty, else /tmp. */
const char *rf_cli_tmp_dir(void);

#endif
