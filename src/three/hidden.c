/* Entirely hidden first-layer hyperplanes and the hidden-hyperplane shift
 * (notes Lemma 5.2, proved in docs/three_layer.md): if every second-layer
 * row satisfies (W2_{j,-i}, b2_j) <= 0, the first-layer hyperplane H_i is
 * invisible, and sliding it by s <= s_max while compensating the biases of
 * the neurons with W2_{j,i} > 0 leaves the function unchanged. */
#include "relufiber/three.h"

slong rf_three_hidden_index(const rf_net_t net)
{
    slong n1, n2, i, j, k;
    if (net->L != 3)
        return -1;
    n1 = net->dims[1];
    n2 = net->dims[2];
    for (i = 0; i < n1; i++) {
        int ok = 1;
        for (j = 0; j < n2 && ok; j++) {
            if (fmpq_sgn(rf_net_b(net, 1, j)) > 0)
                ok = 0;
            for (k = 0; k < n1 && ok; k++)
                if (k != i && fmpq_sgn(rf_net_W(net, 1, j, k)) > 0)
                    ok = 0;
        }
        if (ok)
            return i;
    }
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
    rf_net_set(out, net);
    fmpq_sub(rf_net_b(out, 0, i), rf_net_b(out, 0, i), s);
    for (j = 0; j < n2; j++) {
        const fmpq *w = rf_net_W(net, 1, j, i);
        if (fmpq_sgn(w) <= 0)
            continue;
        fmpq_mul(t, s, w);
        fmpq_add(rf_net_b(out, 1, j), rf_net_b(out, 1, j), t);
    }
    fmpq_clear(t);
}
