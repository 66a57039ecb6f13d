/* Conservation laws along gradient flow, printed as a table (no CLI): the
 * laws emitted for a small network and data set, then a 256-bit RK4
 * integration at two step sizes showing that the laws stay constant up to
 * the integration error while the control quantities drift. */
#include <stdio.h>
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/conserve.h"

#define PREC 256

static void to_mpfr(mpfr_t *m, const fmpq *th, slong D)
{
    slong i;
    mpq_t q;
    mpq_init(q);
    for (i = 0; i < D; i++) {
        mpfr_init2(m[i], PREC);
        fmpq_get_mpq(q, th + i);
        mpfr_set_q(m[i], q, MPFR_RNDN);
    }
    mpq_clear(q);
}

int main(void)
{
    /* (2,3,2,1): second layer with positive weights and biases (always
     * active on the data), first layer with mixed signs. */
    static const slong num[] = {1, -1, 1, 1, -1, 0, 0, 1, -1,   /* W1 (3x2), b1 */
                                1, 1, 1, 3, 1, 2, 1, 1,         /* W2 (2x3), b2 */
                                1, -1, 1};                      /* W3, b3 */
    static const slong den[] = {2, 3, 1, 2, 2, 1, 1, 4, 3,
                                2, 4, 1, 4, 2, 3, 2, 4,
                                1, 2, 4};
    static const slong xs[][2] = {{1, 1}, {-1, 2}, {2, -1}, {0, 1}, {1, 0}, {-2, -1}};
    static const slong ys[] = {1, 0, -1, 2, 1, 0};
    rf_net_t net;
    rf_conserve_t c;
    slong D, n = 6, i, q, steps[2] = {250, 500}, changes[2];
    fmpq *th, *X, *Y;
    mpfr_t *m[2], *m0, h, v0, v1, d;
    rf_net_init(net, 3, (slong[]) {2, 3, 2, 1});
    D = rf_net_num_params(net);
    th = _fmpq_vec_init(D);
    for (i = 0; i < D; i++)
        fmpq_set_si(th + i, num[i], den[i]);
    rf_net_set_params(net, th);
    X = _fmpq_vec_init(2 * n);
    Y = _fmpq_vec_init(n);
    for (i = 0; i < n; i++) {
        fmpq_set_si(X + 2 * i, xs[i][0], 2);
        fmpq_set_si(X + 2 * i + 1, xs[i][1], 2);
        fmpq_set_si(Y + i, ys[i], 1);
    }
    rf_conserve_init(c, net);
    rf_conserve_add_for_data(c, net, X, n);
    rf_conserve_add_controls(c, net, 1, 0);
    rf_conserve_add_controls(c, net, 2, 0);
    printf("network (2,3,2,1), 6 training points, loss 1/2 sum |f(x)-y|^2\n\n");
    rf_conserve_fprint(stdout, c);
    mpfr_inits2(PREC, h, v0, v1, d, (mpfr_ptr) 0);
    m0 = flint_malloc(D * sizeof(mpfr_t));
    to_mpfr(m0, th, D);
    for (i = 0; i < 2; i++) {
        m[i] = flint_malloc(D * sizeof(mpfr_t));
        to_mpfr(m[i], th, D);
        mpfr_set_ui(h, 1, MPFR_RNDN);
        mpfr_div_ui(h, h, 2 * steps[i], MPFR_RNDN);     /* T = 1/2 */
        changes[i] = rf_conserve_flow_rk4(m[i], net, X, Y, n, h, steps[i], PREC);
    }
    printf("\ngradient flow to T = 1/2, RK4 at %d bits; activation-pattern changes on the data: "
           "%ld (h=1/500), %ld (h=1/1000)\n", PREC, (long) changes[0], (long) changes[1]);
    printf("%-18s %-10s %14s %14s %14s %14s\n", "quantity", "kind", "Q(0)", "Q(T)",
           "drift h=1/500", "drift h=1/1000");
    for (q = 0; q < c->len; q++) {
        double dr[2];
        rf_conserve_eval_mpfr(v0, c, q, (const mpfr_t *) m0);
        for (i = 0; i < 2; i++) {
            rf_conserve_eval_mpfr(v1, c, q, (const mpfr_t *) m[i]);
            mpfr_sub(d, v1, v0, MPFR_RNDN);
            dr[i] = mpfr_get_d(d, MPFR_RNDN);
        }
        printf("%-18s %-10s %14.9f %14.9f %14.3e %14.3e\n", c->name[q],
               c->kind[q] == RF_CONSERVE_GLOBAL ? "global" :
               c->kind[q] == RF_CONSERVE_LOCAL ? "local" : "control",
               mpfr_get_d(v0, MPFR_RNDN), mpfr_get_d(v1, MPFR_RNDN), dr[0], dr[1]);
    }
    for (i = 0; i < D; i++) {
        mpfr_clear(m0[i]);
        mpfr_clear(m[0][i]);
        mpfr_clear(m[1][i]);
    }
    flint_free(m0);
    flint_free(m[0]);
    flint_free(m[1]);
    mpfr_clears(h, v0, v1, d, (mpfr_ptr) 0);
    rf_conserve_clear(c);
    _fmpq_vec_clear(th, D);
    _fmpq_vec_clear(X, 2 * n);
    _fmpq_vec_clear(Y, n);
    rf_net_clear(net);
    return 0;
}
