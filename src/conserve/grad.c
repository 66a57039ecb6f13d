/* Exact gradient of the squared loss by backpropagation (sigma'(0) = 0),
 * used to check Noether identities <grad Q, grad L> = 0 in exact arithmetic. */
#include <flint/fmpq_vec.h>
#include "relufiber/conserve.h"
#include "relufiber/qvec.h"

slong rf_conserve_loss_grad(fmpq_t loss, fmpq *grad, const rf_net_t net,
                            const fmpq *X, const fmpq *Y, slong n)
{
    slong L = net->L, d0 = net->dims[0], dL = net->dims[L], D = rf_net_num_params(net);
    slong maxw = 0, l, i, j, k, zeros = 0;
    fmpq **z, **h, *delta, *g;
    fmpq_t t;
    for (l = 0; l <= L; l++)
        maxw = FLINT_MAX(maxw, net->dims[l]);
    z = flint_malloc(L * sizeof(fmpq *));
    h = flint_malloc((L + 1) * sizeof(fmpq *));
    for (l = 0; l < L; l++)
        z[l] = _fmpq_vec_init(net->dims[l + 1]);
    for (l = 0; l <= L; l++)
        h[l] = _fmpq_vec_init(net->dims[l]);   /* h[0] = x, h[l] = post of layer l */
    delta = _fmpq_vec_init(maxw);
    g = _fmpq_vec_init(maxw);
    fmpq_init(t);
    fmpq_zero(loss);
    rf_qvec_zero(grad, D);
    for (k = 0; k < n; k++) {
        rf_qvec_set(h[0], X + k * d0, d0);
        for (l = 0; l < L; l++)
            for (i = 0; i < net->dims[l + 1]; i++) {
                fmpq_set(z[l] + i, rf_net_b(net, l, i));
                for (j = 0; j < net->dims[l]; j++) {
                    fmpq_mul(t, rf_net_W(net, l, i, j), h[l] + j);
                    fmpq_add(z[l] + i, z[l] + i, t);
                }
                if (l < L - 1) {
                    zeros += fmpq_is_zero(z[l] + i);
                    if (fmpq_sgn(z[l] + i) > 0)
                        fmpq_set(h[l + 1] + i, z[l] + i);
                    else
                        fmpq_zero(h[l + 1] + i);
                }
            }
        for (i = 0; i < dL; i++) {
            fmpq_sub(delta + i, z[L - 1] + i, Y + k * dL + i);
            fmpq_mul(t, delta + i, delta + i);
            fmpq_div_2exp(t, t, 1);
            fmpq_add(loss, loss, t);
        }
        for (l = L - 1; l >= 0; l--) {
            slong off = rf_net_param_offset(net, l), r = net->dims[l + 1], cdim = net->dims[l];
            for (i = 0; i < r; i++) {
                for (j = 0; j < cdim; j++) {
                    fmpq_mul(t, delta + i, h[l] + j);
                    fmpq_add(grad + off + i * cdim + j, grad + off + i * cdim + j, t);
                }
                fmpq_add(grad + off + r * cdim + i, grad + off + r * cdim + i, delta + i);
            }
            if (l == 0)
                break;
            for (j = 0; j < cdim; j++) {
                fmpq_zero(g + j);
                if (fmpq_sgn(z[l - 1] + j) <= 0)
                    continue;
                for (i = 0; i < r; i++) {
                    fmpq_mul(t, rf_net_W(net, l, i, j), delta + i);
                    fmpq_add(g + j, g + j, t);
                }
            }
            rf_qvec_set(delta, g, cdim);
        }
    }
    fmpq_clear(t);
    _fmpq_vec_clear(delta, maxw);
    _fmpq_vec_clear(g, maxw);
    for (l = 0; l < L; l++)
        _fmpq_vec_clear(z[l], net->dims[l + 1]);
    for (l = 0; l <= L; l++)
        _fmpq_vec_clear(h[l], net->dims[l]);
    flint_free(z);
    flint_free(h);
    return zeros;
}

int rf_conserve_all_active(const rf_net_t net, slong layer, const slong *neurons,
                           slong k, const fmpq *X, slong n)
{
    slong nh = rf_net_num_hidden(net), off = 0, l, s, a;
    fmpq *pre = _fmpq_vec_init(nh);
    int ok = 1;
    for (l = 1; l < layer; l++)
        off += net->dims[l];
    for (s = 0; s < n && ok; s++) {
        rf_net_forward(pre, NULL, net, X + s * net->dims[0]);
        for (a = 0; a < k && ok; a++)
            ok = fmpq_sgn(pre + off + neurons[a]) > 0;
    }
    _fmpq_vec_clear(pre, nh);
    return ok;
}
