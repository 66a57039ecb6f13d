/* Adversarial suite: shared helpers. Networks are written as the parameter
 * vector in the layout of net.h (layer-major, W row-major then b), as a
 * whitespace-separated list of exact rationals; the oracles are independent
 * of the decision path that answered (exact evaluation on many lines through
 * every breakpoint, the complete region enumeration, z3). */
#ifndef RF_ADV_COMMON_H
#define RF_ADV_COMMON_H

#include <flint/flint.h>
#include "relufiber/relufiber.h"
#include "relufiber/equiv.h"

/* net := architecture dims[0..L] with parameters parsed from txt ("1 -3/4
 * 2^200" style tokens; "P<k>" means 2^k, "T<k>" means 3^-k, "E<k>" 10^-k). */
void adv_mk(rf_net_t net, slong L, const slong *dims, const char *txt);
/* q := token as in adv_mk. */
void adv_q(fmpq_t q, const char *s);
/* Positive scaling of hidden neuron i of layer l (0-based affine layer that
 * produces it): incoming row and bias times lam, outgoing column / lam. */
void adv_scale_neuron(rf_net_t net, slong l, slong i, const fmpq_t lam);
/* Same as adv_mk with an all-zero parameter vector. */
void adv_zero(rf_net_t net, slong L, const slong *dims);

/* Expected verdict: 0 YES, 1 NO, -1 unknown (only the oracles judge). */
#define ADV_ANY (-1)

/* Decide with rf_decide_equiv and judge the answer: NO must separate (exact
 * re-evaluation), YES must survive exact line tests on `lines` random lines,
 * and when the pair is small enough the complete enumeration (and z3 when
 * use_z3) must agree. Returns the verdict. */
int adv_check(const rf_net_t A, const rf_net_t B, int expect, slong lines,
              int use_z3, flint_rand_t st);

/* Independent oracle alone: 1 if a separating input was found on `lines`
 * random lines (through random points, also through points near every
 * first-layer hyperplane of both networks). */
int adv_lines_differ(const rf_net_t A, const rf_net_t B, slong lines,
                     flint_rand_t st);

#endif
