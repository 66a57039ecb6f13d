/* Internal helpers shared by the three-layer module (not public API). */
#ifndef RF_THREE_INTERNAL_H
#define RF_THREE_INTERNAL_H

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include "relufiber/net.h"

/* Is there x with A x + b > 0 in every row (A rows x n row-major, b rows)?
 * Exact LP through rf_cells_lp_open_interior (both answers re-checked).
 * sol (length n) receives such an x when not NULL. Returns 1 feasible,
 * 0 infeasible, -1 when the LP failed (callers treat it conservatively).
 * rows == 0: feasible, sol = 0. */
int _rf_three_lp_strict(fmpq *sol, const fmpq *A, const fmpq *b, slong rows,
                        slong n);

/* For W (k x n, full row rank k): x = W^T (W W^T)^{-1} (z - b), a point with
 * W x + b = z. b may be NULL (then it is a direction). Returns 0 if W does
 * not have full row rank. */
int _rf_three_preimage(fmpq *x, const fmpq_mat_t W, const fmpq_mat_t b,
                       const fmpq *z);

/* Exact rank of W1 of a three-layer net. */
slong _rf_three_rank(const fmpq_mat_t W);

/* Random rational p/q with |p| <= nb, 1 <= q <= db, non-zero if nz. */
void _rf_three_randq(fmpq_t x, flint_rand_t st, slong nb, slong db, int nz);

/* Growable string buffer (for certificates). */
typedef struct { char *s; size_t len, alloc; } _rf_three_str_t;
void _rf_three_str_init(_rf_three_str_t *b);
void _rf_three_str_clear(_rf_three_str_t *b);
void _rf_three_str_printf(_rf_three_str_t *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void _rf_three_str_q(_rf_three_str_t *b, const fmpq_t q);

/* Lemma 5.1 move: first-layer rows to perm, scaled by d > 0; W2 columns
 * compensated. */
void _rf_three_apply_perm_scale(rf_net_t out, const rf_net_t A,
                                const slong *perm, const fmpq *d);

/* V (d x a), W (a x m, entrywise > 0) with V W = M, or 0 if impossible. */
int _rf_three_factor_positive(fmpq_mat_t V, fmpq_mat_t W, const fmpq_mat_t M,
                              slong a, flint_rand_t st);

#endif
