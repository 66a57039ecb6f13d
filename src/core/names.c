/* The naming and layout rule of the parameters of an architecture, the one
 * place that encodes it: rf_net_param_name, rf_net_param_offset and every
 * parameter ring of the symbolic layer (src/sym/ctx.c) use it. It lives in
 * core, the lowest module, so that both the network model and sym can use it
 * without a cycle.
 *
 * Layout: for l = 1..L the weights W^l (row-major, n_l x n_{l-1}) then the
 * biases b^l; layer l starts at offset sum_{t<l} n_{t+1} (n_t + 1) (0-based t). */
#include <stdio.h>
#include "relufiber/net.h"

slong rf_net_arch_offset(slong L, const slong *dims, slong l)
{
    slong t, off = 0;
    (void) L;
    for (t = 0; t < l; t++)
        off += dims[t + 1] * (dims[t] + 1);
    return off;
}

void rf_net_arch_param_name(char *buf, size_t n, slong L, const slong *dims,
                            slong k)
{
    slong l;
    for (l = 0; l < L; l++) {
        slong rows = dims[l + 1], cols = dims[l];
        if (k < rows * cols) {
            snprintf(buf, n, "W%ld_%ld_%ld", (long) (l + 1),
                     (long) (k / cols + 1), (long) (k % cols + 1));
            return;
        }
        k -= rows * cols;
        if (k < rows) {
            snprintf(buf, n, "b%ld_%ld", (long) (l + 1), (long) (k + 1));
            return;
        }
        k -= rows;
    }
    snprintf(buf, n, "?");
}
