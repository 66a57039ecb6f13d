/* relufiber: complete exact equivalence test by activation-region
 * enumeration (any depth, any widths), and the exact LP it is built on.
 *
 * rf_decide_exhaustive enumerates the full-dimensional activation regions of
 * the joint network (A and B reading the same input) by a depth-first search
 * over activation patterns, layer by layer: a pre-activation of layer t is an
 * affine function of x once the signs of layers < t are fixed, so each new
 * neuron splits the current open polyhedral cell by one hyperplane. Whether a
 * side is non-empty is decided by an exact rational LP (cddlib, GMP build).
 * On every region both networks are affine maps; they are compared exactly.
 * The answer is never wrong: NO comes with a rational input where the exact
 * outputs differ, YES with the region list (each region re-checked exactly at
 * discovery). The running time is exponential in the worst case; this is
 * unavoidable in general (deciding equivalence is coNP-hard, see
 * docs/hardness.md). The method name is "exhaustive-cell-enumeration".
 *
 * cddlib keeps its numeric constants in global variables. rf_lp_begin sets
 * them up once per process (thread-safe, on first use; skipped if another
 * caller already did) and they stay allocated until exit; rf_lp_end is a
 * no-op kept for symmetry. Every module that calls cddlib should call
 * rf_lp_begin() instead of dd_set_global_constants(), and must never call
 * dd_free_global_constants(). cddlib's LP solver itself is not thread-safe.
 */
#ifndef RELUFIBER_EXHAUSTIVE_H
#define RELUFIBER_EXHAUSTIVE_H

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include "relufiber/net.h"
#include "relufiber/err.h"
#include "relufiber/equiv.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- exact LP (src/equiv/lp.c) ---------------------------------------- */

/* Set up cddlib's global constants once per process / no-op (see above). */
void rf_lp_begin(void);
void rf_lp_end(void);

/* Open polyhedron P = {x in R^d : rows[k] . (x, 1) > 0 for all k}, where
 * rows is m x (d + 1) (coefficients of x, then the constant). Solves
 *     max t  s.t.  rows[k] . (x, 1) >= t  (all k),  t <= 1
 * exactly. Returns 1 if P is non-empty (optimum t > 0), writing an interior
 * point into x (d entries, may be NULL) and the optimal slack
 * min_k rows[k].(x,1) into slack (may be NULL); returns 0 if P is empty;
 * returns -1 if cddlib reports an error (then err is set). m may be 0.
 * Both answers are certified independently of cddlib: the interior point is
 * checked by the caller (rf_decide_exhaustive does), and emptiness only
 * after a Farkas certificate (lambda >= 0, sum lambda = 1, sum lambda_k a_k
 * = 0, sum lambda_k c_k <= 0, from a second exact LP) re-checks in FLINT
 * arithmetic. */
int rf_lp_open_interior(fmpq *x, fmpq_t slack, const fmpq_mat_t rows,
                        slong d, rf_err_t err);

/* Solve a cddlib (GMP) LP with the dual simplex method; returns 1 iff it was
 * solved to optimality. Every module should call this instead of
 * dd_LPSolve: LPs with entries beyond 50 bits skip cddlib's floating-point
 * pre-solve, which otherwise prints float-error noise on stderr (lp.c). */
struct dd_lpdata;
int rf_lp_cdd_solve(struct dd_lpdata *lp);

/* ---- region enumeration and the decision (src/equiv/exhaustive.c) ---- */

typedef struct {
    slong max_regions;   /* stop with UNKNOWN after this many regions; 0 = no cap */
    slong list_max;      /* list at most this many regions in the JSON
                            certificate (-1 = all, the default) */
    int prefilter;       /* 1 (default): first compare at a few random rational
                            inputs, a cheap exact way to find NO quickly */
    ulong seed;          /* seed for the prefilter points */
    int reduce;          /* 1 (default): search in U = rowspace(W1_A) +
                            rowspace(W1_B) when dim U < d0 (both functions
                            depend on x only through its projection on U);
                            certificates are reported in the original x */
} rf_exhaustive_opts_struct;
typedef rf_exhaustive_opts_struct rf_exhaustive_opts_t[1];

void rf_exhaustive_opts_init(rf_exhaustive_opts_t opts);

typedef struct {
    slong regions;       /* full-dimensional joint regions visited */
    slong lps;           /* exact LPs solved */
    slong lps_empty;     /* of which proved a side empty */
    slong pruned;        /* sides proved empty without an LP (a constraint
                            with a parallel hyperplane already implies the
                            sign on the whole cell) */
    slong nodes;         /* search nodes (sign choices tried) */
    slong zero_const;    /* search nodes where a neuron's pre-activation is
                            identically 0 on the cell (pattern entry 0; the
                            cell is not split) */
    int prefilter_hit;   /* 1 if the prefilter found the separating input */
    slong input_dim;     /* dimension of the space searched (< d0 after the
                            input reduction) */
} rf_exhaustive_stats_t;

/* Complete exact decision of f_A == f_B on R^d0, default options.
 * Returns RF_OK with res set (YES / NO; never UNKNOWN without a cap), or an
 * error: RF_ERR_INPUT (dimension mismatch), RF_ERR_INTERNAL (a certificate
 * failed its exact re-check or cddlib failed: a bug). res must have been
 * initialised with rf_equiv_init. */
int rf_decide_exhaustive(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                         rf_err_t err);

/* The same with options and statistics (stats may be NULL). With a cap
 * exceeded the verdict is UNKNOWN with a reason. */
int rf_decide_exhaustive_opts(rf_equiv_t res, rf_exhaustive_stats_t *stats,
                              const rf_net_t A, const rf_net_t B,
                              const rf_exhaustive_opts_t opts, rf_err_t err);

/* Number of full-dimensional activation regions of a single network (the
 * same enumeration; neurons whose pre-activation is constant on a cell do not
 * split it). Returns -1 on error or when max_regions (> 0) is exceeded. */
slong rf_exhaustive_count_regions(const rf_net_t net, slong max_regions,
                                  rf_exhaustive_stats_t *stats, rf_err_t err);

#ifdef __cplusplus
}
#endif
#endif
