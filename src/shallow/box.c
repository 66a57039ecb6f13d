/* Identifiability of a shallow network from the inputs of an open box.
 *
 * Theorem (docs/embedding.md, Theorem 3). Let f(x) = W2 relu(W1 x + b1) + b2
 * and B = prod_j (lo_j, hi_j). If C1 every hidden pre-activation takes both
 * signs on B, C2 every outgoing column W2_*i is non-zero and C3 no two hidden
 * rows (w_i, b_i) are proportional, then the parameter is determined by f on
 * B up to permutation and positive scaling. Each failing condition comes with
 * an explicit deformation that keeps f on B (a dead or always-active neuron,
 * a zero column, positive twins); anti-twins are not covered (UNKNOWN).
 * The extreme values of an affine form over B are attained at vertices:
 * min = b + sum_j w_j (lo_j if w_j > 0 else hi_j), max symmetrically. This
 * file is the only implementation of these box conditions: the
 * identifiability report (identifiable.c) and `relufiber embed --box` use
 * it. */
#include <stdarg.h>
#include <stdio.h>
#include "relufiber/shallow.h"

static void wfmt(char *dst, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, RF_SHALLOW_REASON_MAX, fmt, ap);
    va_end(ap);
}

/* min and max of the affine form w.x + b over the closed box. */
void rf_shallow_box_range(fmpq_t mn, fmpq_t mx, const rf_net_t net, slong i,
                          const fmpq *lo, const fmpq *hi)
{
    slong j;
    fmpq_set(mn, rf_net_b(net, 0, i));
    fmpq_set(mx, rf_net_b(net, 0, i));
    for (j = 0; j < net->dims[0]; j++) {
        const fmpq *w = rf_net_W(net, 0, i, j);
        fmpq_addmul(mn, w, fmpq_sgn(w) > 0 ? lo + j : hi + j);
        fmpq_addmul(mx, w, fmpq_sgn(w) > 0 ? hi + j : lo + j);
    }
}

int rf_shallow_box_identifiable(rf_shallow_box_struct *out, const rf_net_t net,
                                const fmpq *lo, const fmpq *hi, rf_err_t err)
{
    slong n1, n0, nd, i, j, q;
    fmpq_t mn, mx;
    int unknown = 0;
    out->verdict = RF_SHALLOW_IDENTIFIABLE;
    out->neuron = out->other = -1;
    out->reason[0] = 0;
    if (net->L != 2)
        return rf_err_set(err, RF_ERR_UNSUPPORTED, "", 0,
                          "the box conditions are for one hidden layer (depth 2), not depth %ld",
                          (long) net->L);
    n0 = net->dims[0];
    n1 = net->dims[1];
    nd = net->dims[2];
    for (j = 0; j < n0; j++)
        if (fmpq_cmp(lo + j, hi + j) >= 0)
            return rf_err_set(err, RF_ERR_INPUT, "", 0, "empty box in coordinate %ld", (long) (j + 1));
    fmpq_init(mn);
    fmpq_init(mx);
    for (i = 0; i < n1 && out->verdict == RF_SHALLOW_IDENTIFIABLE; i++) {
        int zero_out = 1;
        for (q = 0; q < nd; q++)
            zero_out &= fmpq_is_zero(rf_net_W(net, 1, q, i));
        rf_shallow_box_range(mn, mx, net, i, lo, hi);
        out->neuron = i;
        if (zero_out) {
            out->verdict = RF_SHALLOW_NOT;
            wfmt(out->reason,
                     "C2 fails: outgoing column of neuron %ld is zero; (W1_%ld_*, b1_%ld) "
                     "can move freely", (long) (i + 1), (long) (i + 1), (long) (i + 1));
        } else if (fmpq_sgn(mx) <= 0) {
            out->verdict = RF_SHALLOW_NOT;
            wfmt(out->reason,
                     "C1 fails: neuron %ld is dead on the box (max of its pre-activation <= 0); "
                     "its outgoing weights can move freely", (long) (i + 1));
        } else if (fmpq_sgn(mn) >= 0) {
            out->verdict = RF_SHALLOW_NOT;
            wfmt(out->reason,
                     "C1 fails: neuron %ld is active on the whole box (min >= 0); bias absorption "
                     "b1_%ld += t, b2 -= t W2_*_%ld (t > 0) keeps the function on the box",
                     (long) (i + 1), (long) (i + 1), (long) (i + 1));
        }
    }
    out->neuron = (out->verdict == RF_SHALLOW_IDENTIFIABLE) ? -1 : out->neuron;
    for (i = 0; i < n1 && out->verdict == RF_SHALLOW_IDENTIFIABLE; i++)
        for (j = i + 1; j < n1 && out->verdict == RF_SHALLOW_IDENTIFIABLE; j++) {
            fmpq_t c, t;
            int ok = 1, have = 0;
            fmpq_init(c);
            fmpq_init(t);
            for (q = 0; q <= n0 && ok; q++) {
                const fmpq *a = q < n0 ? rf_net_W(net, 0, i, q) : rf_net_b(net, 0, i);
                const fmpq *b = q < n0 ? rf_net_W(net, 0, j, q) : rf_net_b(net, 0, j);
                if (fmpq_is_zero(a)) {
                    ok = fmpq_is_zero(b);
                    continue;
                }
                fmpq_div(t, b, a);
                if (!have) {
                    fmpq_set(c, t);
                    have = 1;
                } else {
                    ok = fmpq_equal(c, t);
                }
            }
            if (ok && have && fmpq_sgn(c) > 0) {
                out->verdict = RF_SHALLOW_NOT;
                out->neuron = i;
                out->other = j;
                wfmt(out->reason,
                         "C3 fails: neurons %ld and %ld are twins ((w,b) positively proportional); "
                         "W2_*_%ld += c t, W2_*_%ld -= t keeps the function",
                         (long) (i + 1), (long) (j + 1), (long) (i + 1), (long) (j + 1));
            } else if (ok && have && !unknown) {
                unknown = 1;
                out->neuron = i;
                out->other = j;
                wfmt(out->reason,
                         "neurons %ld and %ld are anti-twins (negatively proportional (w,b)): "
                         "not covered by the proved statements", (long) (i + 1), (long) (j + 1));
            }
            fmpq_clear(c);
            fmpq_clear(t);
        }
    if (out->verdict == RF_SHALLOW_IDENTIFIABLE && unknown)
        out->verdict = RF_SHALLOW_UNKNOWN;
    if (out->verdict == RF_SHALLOW_IDENTIFIABLE)
        wfmt(out->reason,
                 "C1-C3 hold: every hyperplane crosses the open box, every outgoing column is "
                 "nonzero, no two (w,b) are proportional");
    fmpq_clear(mn);
    fmpq_clear(mx);
    return RF_OK;
}
