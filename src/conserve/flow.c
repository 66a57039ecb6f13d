/* Gradient flow of the squared loss at high precision (MPFR), classical RK4.
 * Used to show numerically that conserved quantities stay constant up to the
 * integration error while other quantities drift. */
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/conserve.h"

typedef struct {
    const rf_net_struct *net;
    slong n, D, maxw;
    mpfr_t *X, *Y;        /* data rounded to prec */
    mpfr_t *z, *h, *delta, *g, t;   /* work: z,h are L x maxw, (L+1) x maxw */
    int *pat;             /* activation pattern on the data (n x hidden) */
} flow_ws;

static mpfr_t *mvec_init(slong n, mpfr_prec_t prec)
{
    mpfr_t *v = flint_malloc(FLINT_MAX(n, 1) * sizeof(mpfr_t));
    slong i;
    for (i = 0; i < n; i++) {
        mpfr_init2(v[i], prec);
        mpfr_set_zero(v[i], 1);
    }
    return v;
}

static void mvec_clear(mpfr_t *v, slong n)
{
    slong i;
    for (i = 0; i < n; i++)
        mpfr_clear(v[i]);
    flint_free(v);
}

static void set_q(mpfr_t r, const fmpq_t q)
{
    mpq_t m;
    mpq_init(m);
    fmpq_get_mpq(m, q);
    mpfr_set_q(r, m, MPFR_RNDN);
    mpq_clear(m);
}

#define W_(th, off, i, j, c) ((th)[(off) + (i) * (c) + (j)])
#define B_(th, off, i, r, c) ((th)[(off) + (r) * (c) + (i)])

/* grad = grad L(theta) at theta; records the data pattern into ws->pat. */
static void grad_mpfr(mpfr_t *grad, const mpfr_t *th, flow_ws *ws)
{
    const rf_net_struct *net = ws->net;
    slong L = net->L, d0 = net->dims[0], dL = net->dims[L], l, i, j, k, mw = ws->maxw;
    slong nh = rf_net_num_hidden(net), pk;
    for (i = 0; i < ws->D; i++)
        mpfr_set_zero(grad[i], 1);
    for (k = 0; k < ws->n; k++) {
        pk = 0;
        for (j = 0; j < d0; j++)
            mpfr_set(ws->h[j], ws->X[k * d0 + j], MPFR_RNDN);
        for (l = 0; l < L; l++) {
            slong off = rf_net_param_offset(net, l), r = net->dims[l + 1], c = net->dims[l];
            for (i = 0; i < r; i++) {
                mpfr_ptr zi = ws->z[l * mw + i];
                mpfr_set(zi, B_(th, off, i, r, c), MPFR_RNDN);
                for (j = 0; j < c; j++)
                    mpfr_fma(zi, W_(th, off, i, j, c), ws->h[l * mw + j], zi, MPFR_RNDN);
                if (l < L - 1) {
                    int s = mpfr_sgn(zi) > 0;
                    ws->pat[k * nh + pk++] = s;
                    if (s)
                        mpfr_set(ws->h[(l + 1) * mw + i], zi, MPFR_RNDN);
                    else
                        mpfr_set_zero(ws->h[(l + 1) * mw + i], 1);
                }
            }
        }
        for (i = 0; i < dL; i++)
            mpfr_sub(ws->delta[i], ws->z[(L - 1) * mw + i], ws->Y[k * dL + i], MPFR_RNDN);
        for (l = L - 1; l >= 0; l--) {
            slong off = rf_net_param_offset(net, l), r = net->dims[l + 1], c = net->dims[l];
            for (i = 0; i < r; i++) {
                for (j = 0; j < c; j++)
                    mpfr_fma(W_(grad, off, i, j, c), ws->delta[i], ws->h[l * mw + j],
                             W_(grad, off, i, j, c), MPFR_RNDN);
                mpfr_add(B_(grad, off, i, r, c), B_(grad, off, i, r, c), ws->delta[i], MPFR_RNDN);
            }
            if (l == 0)
                break;
            for (j = 0; j < c; j++) {
                mpfr_set_zero(ws->g[j], 1);
                if (mpfr_sgn(ws->z[(l - 1) * mw + j]) <= 0)
                    continue;
                for (i = 0; i < r; i++)
                    mpfr_fma(ws->g[j], W_(th, off, i, j, c), ws->delta[i], ws->g[j], MPFR_RNDN);
            }
            for (j = 0; j < c; j++)
                mpfr_set(ws->delta[j], ws->g[j], MPFR_RNDN);
        }
    }
}

slong rf_conserve_flow_rk4(mpfr_t *theta, const rf_net_t arch, const fmpq *X,
                           const fmpq *Y, slong n, const mpfr_t h, slong steps,
                           mpfr_prec_t prec)
{
    flow_ws ws;
    slong L = arch->L, l, i, s, D = rf_net_num_params(arch), changes = 0;
    slong nh = rf_net_num_hidden(arch), npat = FLINT_MAX(n * nh, 1);
    mpfr_t *k1, *k2, *k3, *k4, *tmp, hh;
    int *prev;
    ws.net = arch;
    ws.n = n;
    ws.D = D;
    ws.maxw = 0;
    for (l = 0; l <= L; l++)
        ws.maxw = FLINT_MAX(ws.maxw, arch->dims[l]);
    ws.X = mvec_init(n * arch->dims[0], prec);
    ws.Y = mvec_init(n * arch->dims[L], prec);
    for (i = 0; i < n * arch->dims[0]; i++)
        set_q(ws.X[i], X + i);
    for (i = 0; i < n * arch->dims[L]; i++)
        set_q(ws.Y[i], Y + i);
    ws.z = mvec_init(L * ws.maxw, prec);
    ws.h = mvec_init((L + 1) * ws.maxw, prec);
    ws.delta = mvec_init(ws.maxw, prec);
    ws.g = mvec_init(ws.maxw, prec);
    ws.pat = flint_calloc(npat, sizeof(int));
    prev = flint_calloc(npat, sizeof(int));
    k1 = mvec_init(D, prec);
    k2 = mvec_init(D, prec);
    k3 = mvec_init(D, prec);
    k4 = mvec_init(D, prec);
    tmp = mvec_init(D, prec);
    mpfr_init2(hh, prec);
    mpfr_div_2ui(hh, h, 1, MPFR_RNDN);
    for (s = 0; s < steps; s++) {
        grad_mpfr(k1, (const mpfr_t *) theta, &ws);
        if (s > 0 && memcmp(prev, ws.pat, npat * sizeof(int)) != 0)
            changes++;
        memcpy(prev, ws.pat, npat * sizeof(int));
        for (i = 0; i < D; i++)   /* theta - h/2 k1 (flow is -grad) */
            mpfr_fms(tmp[i], hh, k1[i], theta[i], MPFR_RNDN), mpfr_neg(tmp[i], tmp[i], MPFR_RNDN);
        grad_mpfr(k2, (const mpfr_t *) tmp, &ws);
        for (i = 0; i < D; i++)
            mpfr_fms(tmp[i], hh, k2[i], theta[i], MPFR_RNDN), mpfr_neg(tmp[i], tmp[i], MPFR_RNDN);
        grad_mpfr(k3, (const mpfr_t *) tmp, &ws);
        for (i = 0; i < D; i++)
            mpfr_fms(tmp[i], h, k3[i], theta[i], MPFR_RNDN), mpfr_neg(tmp[i], tmp[i], MPFR_RNDN);
        grad_mpfr(k4, (const mpfr_t *) tmp, &ws);
        for (i = 0; i < D; i++) {
            /* theta -= h/6 (k1 + 2 k2 + 2 k3 + k4) */
            mpfr_add(tmp[i], k2[i], k3[i], MPFR_RNDN);
            mpfr_mul_2ui(tmp[i], tmp[i], 1, MPFR_RNDN);
            mpfr_add(tmp[i], tmp[i], k1[i], MPFR_RNDN);
            mpfr_add(tmp[i], tmp[i], k4[i], MPFR_RNDN);
            mpfr_mul(tmp[i], tmp[i], h, MPFR_RNDN);
            mpfr_div_ui(tmp[i], tmp[i], 6, MPFR_RNDN);
            mpfr_sub(theta[i], theta[i], tmp[i], MPFR_RNDN);
        }
    }
    mpfr_clear(hh);
    mvec_clear(k1, D);
    mvec_clear(k2, D);
    mvec_clear(k3, D);
    mvec_clear(k4, D);
    mvec_clear(tmp, D);
    mvec_clear(ws.X, n * arch->dims[0]);
    mvec_clear(ws.Y, n * arch->dims[L]);
    mvec_clear(ws.z, L * ws.maxw);
    mvec_clear(ws.h, (L + 1) * ws.maxw);
    mvec_clear(ws.delta, ws.maxw);
    mvec_clear(ws.g, ws.maxw);
    flint_free(ws.pat);
    flint_free(prev);
    return changes;
}
