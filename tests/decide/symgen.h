/* Test helpers: random networks and random function-preserving moves
 * (permutation, positive scaling, neuron splitting, dead neurons, identity
 * layers) and random perturbations. */
#ifndef RF_TEST_SYMGEN_H
#define RF_TEST_SYMGEN_H

#include <flint/flint.h>
#include "relufiber/net.h"

/* Random rational p/q with |p| <= nb, 1 <= q <= db. */
void tsg_rand_q(fmpq_t q, flint_rand_t st, slong nb, slong db);
/* Random positive rational. */
void tsg_rand_pos(fmpq_t q, flint_rand_t st);

/* Permute and positively rescale the neurons of hidden layer l (0-based
 * index of the affine layer producing it, 0 <= l <= L-2). */
void tsg_perm_scale(rf_net_t net, slong l, flint_rand_t st);
/* Split neuron i of hidden layer l into two (the width grows by one). */
void tsg_split(rf_net_t net, slong l, slong i, flint_rand_t st);
/* Append a dead neuron to hidden layer l (zero incoming weights and a
 * negative bias; for l >= 1 non-positive incoming weights and a negative
 * bias, dead because its inputs are >= 0); arbitrary outgoing weights. */
void tsg_add_dead(rf_net_t net, slong l, flint_rand_t st);
/* Insert a positively scaled identity layer after hidden layer l (depth +1). */
void tsg_insert_identity(rf_net_t net, slong l, flint_rand_t st);
/* A random composition of the moves above (keeps depth <= max_L). */
void tsg_random_symmetry(rf_net_t net, flint_rand_t st, slong max_L);
/* Add a thin bump relu(t) - 2 relu(t - e) + relu(t - 2e), e = 1/1000, t an
 * affine function of the last hidden layer's input, to output 1: the result
 * differs from the original only where 0 < t < 2e (possibly nowhere). */
void tsg_add_bump(rf_net_t net, flint_rand_t st);
/* Change one random parameter by a random non-zero rational. */
void tsg_perturb(rf_net_t net, flint_rand_t st);

#endif
