/* Hand-built constraint systems with known answers, shared by the export
 * tests. */
#ifndef RF_TEST_EXPORT_SAMPLE_H
#define RF_TEST_EXPORT_SAMPLE_H

#include "relufiber/system.h"
#include "relufiber/net.h"

/* Variables a, b, c, d. Components:
 *  1 "determinantal": a*d - b*c = 0                       (dimension 3)
 *  2 "rotation": a - d = 0, b + c = 0, a^2 + b^2 - 1 = 0,
 *    a > 0, b != 0                                         (dimension 1)
 *  3 "orientation-preserving": a*d - b*c > 0, 2/3*a - 5/7 >= 0 (dimension 4) */
void sample_det(rf_sys_t sys);

/* The shallow network 2-2-1 used by sample_fiber: W1 = [[1,2],[3,-1]],
 * b1 = (1,-2), W2 = (2/3, -3), b2 = 1/2. */
void sample_net(rf_net_t net);

/* The permutation x positive-scaling fiber of a 2-2-1 network whose first
 * input weights are non-zero: one component per permutation (identity,
 * swap), each of dimension 2. Without aux: the scalings are eliminated
 * (proportional rows, W2 * W1 fixed, sign condition). With aux: the
 * scaling factors t1, t2 > 0 appear as auxiliary variables. */
void sample_fiber(rf_sys_t sys, const rf_net_t net, int with_aux);

/* Many variables with two-digit indices: W1_i_j (i <= 12, j <= 10) and
 * b1_i; one component W1_i_j - j*b1_i = 0 (dimension 12, the b's free),
 * one with W1_i_j = 0 for all i, j and b1_1 * b1_2 - 1 = 0, b1_1 > 0
 * (dimension 11). */
void sample_wide(rf_sys_t sys);

/* Names that are reserved or invalid somewhere (lambda, ring, and, rfR,
 * W next to W1_2_3, "a b", ideal1, pi2_1, x_y, v1, D1). Components:
 * "hyperplane": sum of all variables = 1 (dimension n - 1); "point":
 * variable k = k + 1 for every k, first variable > 0 (dimension 0). */
void sample_awkward(rf_sys_t sys);

#endif
