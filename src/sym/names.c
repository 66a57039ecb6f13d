/* Symbolic layer: the naming and layout rule of the parameters of an
 * architecture, the one place that encodes it (rf_net_param_name,
 * rf_net_param_offset and every parameter ring use it). Plain C, no
 * polynomial arithmetic, so the core alone (e.g. the fuzz targets) can
 * link it. */
#include <stdio.h>
#include "relufiber/sym.h"

slong rf_sym_arch_offset(slong L, const slong *dims, slong l)
{
    slong t, off = 0;
    (void) L;
    for (t = 0; t < l; t++)
        off += dims[t + 1] * (dims[t] + 1);
    return off;
}

void rf_sym_arch_param_name(char *buf, size_t n, slong L, const slong *dims,
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
