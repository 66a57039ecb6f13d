/* Test helpers for the three-layer module: random generic networks with a
 * prescribed type profile, permutations, perturbations, exact evaluation
 * oracles and the exact Jacobian rank. */
#ifndef RF_TEST_THREE_HELPERS_H
#define RF_TEST_THREE_HELPERS_H

#include <flint/flint.h>
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/three.h"
#include "relufiber/decide.h"

/* Random three-layer net (n0,n1,n2,n3) whose second-layer neuron j has type
 * types[j] ('A', 'Z', 'X'; or 'H' = crossing neuron of a hidden first-layer
 * hyperplane 1, in which case every other neuron must be 'Z'); generic
 * (G1..G7 pass) unless generic == 0. */
void th_rand_net(rf_net_t net, flint_rand_t st, slong n0, slong n1, slong n2,
                 slong n3, const char *types);
/* Random type string of length n2 over "AZX" with at least one A or X. */
void th_rand_types(char *types, flint_rand_t st, slong n2);
/* Random permutation of the neurons of both hidden layers. */
void th_permute(rf_net_t net, flint_rand_t st);
/* Add delta to parameter k. */
void th_perturb(rf_net_t net, slong k, const fmpq_t delta);
/* Targeted points: z-space points in every orthant face and on both sides
 * of every bent-hyperplane piece, mapped to x. Returns count (<= max). */
slong th_targeted_points(fmpq *pts, slong max, const rf_net_t net,
                         flint_rand_t st);
/* Do A and B agree at all given points (exact)? */
int th_agree(const rf_net_t A, const rf_net_t B, const fmpq *pts, slong n);
/* Exact rank of the Jacobian of theta -> (f_theta(x_k))_k. */
slong th_jacobian_rank(const rf_net_t net, const fmpq *pts, slong n);

#endif
