/* Dispatch of the decision and fiber procedures by architecture. */
#include "relufiber/equiv.h"

int rf_equiv_decide(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                    rf_err_t err)
{
    rf_equiv_init(res);
    if (rf_net_in_dim(A) != rf_net_in_dim(B) || rf_net_out_dim(A) != rf_net_out_dim(B))
        return rf_err_set(err, RF_ERR_INPUT, "<equiv>", 0,
                          "the networks have different input or output dimensions (%ld->%ld vs %ld->%ld)",
                          (long) rf_net_in_dim(A), (long) rf_net_out_dim(A),
                          (long) rf_net_in_dim(B), (long) rf_net_out_dim(B));
    snprintf(res->method, sizeof(res->method), "none: no decision procedure linked yet");
    return RF_OK;
}

int rf_fiber_system(rf_sys_t sys, const rf_net_t net, rf_err_t err)
{
    (void) sys;
    (void) net;
    return rf_err_set(err, RF_ERR_UNSUPPORTED, "<fiber>", 0,
                      "no fiber builder linked yet");
}
