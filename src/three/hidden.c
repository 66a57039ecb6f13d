/* Hidden first-layer hyperplanes and the hidden-hyperplane shift (notes
 * Lemma 5.2 in its weak form, proved in docs/three_layer.md §5): if every
 * second-layer neuron j that reads y_i (W2_{j,i} != 0) satisfies
 * (W2_{j,-i}, b2_j) <= 0, the first-layer hyperplane H_i is invisible, and
 * sliding it by s <= s_max while compensating the biases of the neurons with
 * W2_{j,i} > 0 leaves the function unchanged. Neurons with W2_{j,i} = 0 are
 * not constrained. Shifts at two hidden indices touch disjoint sets of
 * neurons and commute (Lemma 5.3), so shifting every hidden index by its
 * s_max is a canonical form. */
#include "relufiber/three.h"

int rf_three_hidden_is(const rf_net_t net, slong i)
{
    slong n1, n2, j, k;
    if (net->L != 3 || i < 0 || i >= net->dims[1])
        return 0;
    n1 = net->dims[1];
    n2 = net->dims[2];
    for (j = 0; j < n2; j++) {
        if (fmpq_is_zero(rf_net_W(net, 1, j, i)))
            continue;            /* neuron ignores y_i: unaffected */
        if (fmpq_sgn(rf_net_b(net, 1, j)) > 0)
            return 0;
        for (k = 0; k < n1; k++)
            if (k != i && fmpq_sgn(rf_net_W(net, 1, j, k)) > 0)
                return 0;
    }
    return 1;
}

slong rf_three_hidden_index(const rf_net_t net)
{
    slong i;
    if (net->L != 3)
        return -1;
    for (i = 0; i < net->dims[1]; i++)
        if (rf_three_hidden_is(net, i))
            return i;
    return -1;
}

int rf_three_hidden_smax(fmpq_t smax, const rf_net_t net, slong i)
{
    slong j, n2 = net->dims[2];
    int found = 0;
    fmpq_t r;
    fmpq_init(r);
    for (j = 0; j < n2; j++) {
        const fmpq *w = rf_net_W(net, 1, j, i);
        if (fmpq_sgn(w) <= 0)
            continue;
        fmpq_div(r, rf_net_b(net, 1, j), w);
        fmpq_neg(r, r);
        if (!found || fmpq_cmp(r, smax) < 0)
            fmpq_set(smax, r);
        found = 1;
    }
    if (!found)
        fmpq_zero(smax);
    fmpq_clear(r);
    return found;
}

void rf_three_hidden_shift(rf_net_t out, const rf_net_t net, slong i,
                           const fmpq_t s)
{
    slong j, n2 = net->dims[2];
    fmpq_t t;
    fmpq_init(t);
    if (out != net)
        rf_net_set(out, net);
    fmpq_sub(rf_net_b(out, 0, i), rf_net_b(out, 0, i), s);
    for (j = 0; j < n2; j++) {
        const fmpq *w = rf_net_W(out, 1, j, i);
        if (fmpq_sgn(w) <= 0)
            continue;
        fmpq_mul(t, s, w);
        fmpq_add(rf_net_b(out, 1, j), rf_net_b(out, 1, j), t);
    }
    fmpq_clear(t);
}

slong rf_three_hidden_canonical(rf_net_t out, fmpq *s, const rf_net_t net)
{
    slong i, n1 = net->dims[1], cnt = 0;
    fmpq_t sm;
    fmpq_init(sm);
    /* the amounts are read off net itself: a shift at one hidden index
     * leaves the s_max of every other hidden index unchanged (Lemma 5.3) */
    for (i = 0; i < n1; i++) {
        fmpq_zero(s + i);
        if (rf_three_hidden_is(net, i) && rf_three_hidden_smax(sm, net, i) &&
            fmpq_sgn(sm) > 0)
            fmpq_set(s + i, sm);
    }
    rf_net_set(out, net);
    for (i = 0; i < n1; i++)
        if (!fmpq_is_zero(s + i)) {
            rf_three_hidden_shift(out, out, i, s + i);
            cnt++;
        }
    fmpq_clear(sm);
    return cnt;
}
