/* Dispatch of the decision and fiber procedures by architecture: the
 * specialised polynomial-time procedures where they apply and certify, the
 * complete exact cell enumeration everywhere else. */
#include <string.h>
#include "relufiber/equiv.h"
#include "relufiber/shallow.h"
#include "relufiber/decide.h"
#include "relufiber/three.h"

/* Append "why the fast path declined" to the result's remarks (keeping a
 * reason the fallback gave, e.g. its region cap). */
static void note_declined(rf_equiv_t res, const char *path, const rf_err_t why)
{
    const char *old = res->reason ? res->reason : "";
    size_t n = strlen(path) + strlen(why->msg) + strlen(old) + 80;
    char *s = flint_malloc(n);
    snprintf(s, n, "the %s procedure declined (%s); %s by the complete fallback%s%s",
             path, why->msg, res->verdict == RF_EQUIV_UNKNOWN ? "not decided" : "decided",
             *old ? ": " : "", old);
    flint_free(res->reason);
    res->reason = s;
}

int rf_decide_equiv(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                    rf_err_t err)
{
    return rf_decide_equiv_opts(res, A, B, 0, err);
}

/* The exhaustive fallback with a region cap (0 = none). */
static int fallback(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                    slong max_regions, rf_err_t err)
{
    rf_decide_exhaustive_opts_t opts;
    rf_decide_exhaustive_opts_init(opts);
    opts->max_regions = max_regions;
    return rf_decide_exhaustive_opts(res, NULL, A, B, opts, err);
}

int rf_decide_equiv_opts(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                         slong max_regions, rf_err_t err)
{
    if (rf_net_in_dim(A) != rf_net_in_dim(B) || rf_net_out_dim(A) != rf_net_out_dim(B))
        return rf_err_set(err, RF_ERR_INPUT, NULL, 0,
                          "the networks have different input or output dimensions (%ld->%ld vs %ld->%ld)",
                          (long) rf_net_in_dim(A), (long) rf_net_out_dim(A),
                          (long) rf_net_in_dim(B), (long) rf_net_out_dim(B));
    if (A->L == 2 && B->L == 2)
        return rf_shallow_equiv(res, A, B, err);
    if (A->L == 3 && B->L == 3) {
        rf_err_t why;
        int r;
        rf_err_init(why);
        r = rf_three_decide(res, A, B, why);
        if (r != RF_ERR_UNSUPPORTED) {
            if (r != RF_OK)
                *err = *why;
            return r;
        }
        r = fallback(res, A, B, max_regions, err);
        if (r == RF_OK)
            note_declined(res, "three-layer bottleneck", why);
        return r;
    }
    return fallback(res, A, B, max_regions, err);
}

int rf_decide_fiber(rf_sys_t sys, const rf_net_t net, rf_err_t err)
{
    if (net->L == 2)
        return rf_shallow_fiber(sys, net, err);
    if (net->L == 3)
        return rf_three_fiber(sys, net, err);
    return rf_err_set(err, RF_ERR_UNSUPPORTED, NULL, 0,
                      "fibers are built for shallow networks (one hidden layer) and "
                      "three-layer bottleneck networks; this network has %ld affine layers",
                      (long) net->L);
}
