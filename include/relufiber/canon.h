/* relufiber canon/: a canonical form of ReLU networks of any depth under the
 * certified reductions and the hidden-neuron symmetries.
 *
 * Theorem (docs/canon.md). Let the domain be R^d0 or a box [lo, hi]. The
 * moves
 *   dead     a hidden neuron whose pre-activation is <= 0 on the domain
 *            (proved by exact interval bounds) is removed;
 *   constant a hidden neuron whose pre-activation is a constant c > 0 on the
 *            domain is removed and c times its outgoing column is added to
 *            the next layer's bias;
 *   unused   a hidden neuron with a zero outgoing column is removed;
 *   twin     a hidden neuron whose (incoming row, bias) is c > 0 times that
 *            of another neuron of its layer is removed and c times its
 *            outgoing column is added to the other's
 * preserve the function on the domain; so do permuting the neurons of a
 * hidden layer and scaling a neuron's incoming row and bias by s > 0 and its
 * outgoing column by 1/s. rf_canon_net applies the reductions until none
 * applies, then per hidden layer, from the input upward, scales every
 * neuron so that the first non-zero entry of its incoming row is +-1 and
 * sorts the neurons lexicographically by (row, bias). The result is a
 * function of the orbit: two networks related by permutations, positive
 * scalings and the moves above have identical canonical forms
 * (rf_net_equal). Equal canonical forms prove equivalence on the domain;
 * different forms prove nothing (the hidden symmetries that the form does
 * not quotient are listed in docs/canon.md).
 *
 * Reference manual: docs/api/canon.md.
 */
#ifndef RELUFIBER_CANON_H
#define RELUFIBER_CANON_H

#include <stdio.h>
#include <flint/fmpq.h>
#include "relufiber/net.h"
#include "relufiber/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    RF_CANON_DEAD = 0,     /* pre-activation <= 0 on the domain */
    RF_CANON_CONSTANT = 1, /* pre-activation constant c > 0 on the domain */
    RF_CANON_UNUSED = 2,   /* zero outgoing column */
    RF_CANON_TWIN = 3      /* (row, bias) = c (row, bias) of another neuron */
} rf_canon_move_kind_t;

/* One reduction. Indices are 0-based and refer to the input network:
 * layer h is hidden layer h (the outputs of affine layer h), neuron i of
 * it. For TWIN, target is the neuron that absorbs this one and c the
 * factor; for CONSTANT, c is the constant pre-activation; for DEAD, c is the
 * upper bound proved (0 when the bound is -infinity: the field is then
 * unused). round counts the passes of interval bounds (the verifier
 * recomputes the bounds at each new round). */
typedef struct {
    rf_canon_move_kind_t kind;
    slong layer, neuron, target;
    slong round;
    fmpq_t c;
} rf_canon_move_struct;

typedef struct {
    slong L;             /* depth of the input network */
    slong *dims;         /* its widths d0..dL */
    slong nmoves, alloc;
    rf_canon_move_struct *moves;
    /* for hidden layer h = 0..L-2: pos[h][i] = position of input neuron i in
     * the canonical network, or -1 if removed; scale[h][i] > 0 the factor
     * applied to its incoming row and bias (1 if removed) */
    slong **pos;
    fmpq **scale;
    slong *placeholder;  /* per hidden layer: 1 if every neuron was removed
                            and the canonical network keeps one zero neuron
                            there (widths are >= 1) */
    int boxed;           /* reductions proved on the box lo..hi */
    fmpq *lo, *hi;       /* d0 entries each, when boxed */
} rf_canon_trace_struct;

typedef rf_canon_trace_struct rf_canon_trace_t[1];

void rf_canon_trace_init(rf_canon_trace_t T);
void rf_canon_trace_clear(rf_canon_trace_t T);

/* Count of moves of a kind. */
slong rf_canon_trace_count(const rf_canon_trace_t T, rf_canon_move_kind_t kind);

/* The canonical form of net on the domain R^d0 (lo = hi = NULL) or on the
 * box lo <= x <= hi (d0 entries each, lo <= hi). out must be initialised
 * (any architecture) and becomes the canonical network (same depth, widths
 * <= those of net); T (initialised) receives the moves, permutations and
 * scalings. Returns RF_OK, or RF_ERR_INPUT for an empty box (lo > hi). */
int rf_canon_net(rf_net_t out, rf_canon_trace_t T, const rf_net_t net,
                 const fmpq *lo, const fmpq *hi, rf_err_t err);

/* Re-check T exactly from net alone: replays every move, checking its
 * precondition (interval bounds recomputed, twin factors, zero columns),
 * applies the permutations and scalings and compares with out. Returns 1
 * if out is reached, 0 otherwise. */
int rf_canon_trace_verify(const rf_net_t net, const rf_canon_trace_t T,
                          const rf_net_t out);

/* Exact interval bounds of the pre-activations of the hidden neurons on the
 * domain (lo, hi may be NULL: R^d0), layer-major as rf_net_forward. lb[k],
 * ub[k] are set; lb_inf[k] = 1 means -infinity, ub_inf[k] = 1 +infinity.
 * Bounds are sound: every pre-activation value on the domain lies inside. */
void rf_canon_bounds(fmpq *lb, int *lb_inf, fmpq *ub, int *ub_inf,
                     const rf_net_t net, const fmpq *lo, const fmpq *hi);

/* The moves in words, one per line, each prefixed with prefix; neurons are
 * named 1-based ("hidden layer 2, neuron 7"). */
void rf_canon_trace_fprint(FILE *out, const rf_canon_trace_t T,
                           const char *prefix);
/* The trace as a JSON object: moves, and per hidden layer the canonical
 * position (1-based, null if removed) and the scaling of every neuron. */
void rf_canon_trace_fprint_json(FILE *out, const rf_canon_trace_t T);

/* Equal canonical forms: the map from neurons of A to neurons of B, as
 * text (one line per hidden layer: "A i -> B j, scale s" with s the factor
 * taking A's neuron to B's) and JSON. TA, TB are the traces of A and B to
 * the same canonical network. */
void rf_canon_map_fprint(FILE *out, const rf_canon_trace_t TA,
                         const rf_canon_trace_t TB, const char *prefix);
void rf_canon_map_fprint_json(FILE *out, const rf_canon_trace_t TA,
                              const rf_canon_trace_t TB);

#ifdef __cplusplus
}
#endif
#endif
