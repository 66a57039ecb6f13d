/* Private helpers of src/canon/: the working state shared by the builder
 * (canon.c) and the verifier (verify.c), so both apply a move the same way. */
#ifndef RF_CANON_INTERNAL_H
#define RF_CANON_INTERNAL_H

#include "relufiber/canon.h"

/* offset of hidden layer h in layer-major neuron numbering */
slong _rf_canon_hidden_offset(const rf_net_t net, slong h);

/* Remove neuron i of hidden layer h from work: zero its outgoing column,
 * then its incoming row and bias (allowed once the column is zero). */
void _rf_canon_remove(rf_net_t work, char *alive, slong h, slong i);

/* next bias += c * outgoing column of neuron i of hidden layer h */
void _rf_canon_fold_constant(rf_net_t work, slong h, slong i, const fmpq_t c);

/* outgoing column of neuron t += c * outgoing column of neuron j */
void _rf_canon_merge_twin(rf_net_t work, slong h, slong t, slong j, const fmpq_t c);

/* 1 if (row_j, b_j) = c (row_t, b_t) exactly */
int _rf_canon_is_twin(const rf_net_t work, slong h, slong j, slong t, const fmpq_t c);

/* 1 if the outgoing column of neuron i of hidden layer h is zero */
int _rf_canon_column_is_zero(const rf_net_t work, slong h, slong i);

/* The canonical network from the reduced work network: alive neurons of
 * hidden layer h go to position pos[h][i] with scaling scale[h][i]; a layer
 * with no alive neuron (placeholder[h] = 1) keeps one zero neuron. */
void _rf_canon_compact(rf_net_t out, const rf_net_t work,
                       slong *const *pos, fmpq *const *scale,
                       const slong *placeholder);

void _rf_canon_trace_start(rf_canon_trace_t T, const rf_net_t net,
                           const fmpq *lo, const fmpq *hi);
void _rf_canon_trace_push(rf_canon_trace_t T, rf_canon_move_kind_t kind,
                          slong layer, slong neuron, slong target, slong round,
                          const fmpq_t c);

#endif
