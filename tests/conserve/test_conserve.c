/* Conservation laws: the polynomials are the right ones, the Noether
 * identity <grad Q, grad L> = 0 holds in exact arithmetic (balance: always;
 * Gram: while the neurons are active on all data) and fails for the control
 * quantities, and a 256-bit RK4 gradient flow keeps the laws constant up to
 * the integration error while the controls drift. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/conserve.h"
#include "symgen.h"

/* Arch (2,3,2,1); layer-2 weights and biases positive so that both
 * second-layer neurons are active on every input (h >= 0). */
static void demo_net(rf_net_t net, flint_rand_t st)
{
    slong i, j;
    rf_net_init(net, 3, (slong[]) {2, 3, 2, 1});
    fmpq_t q;
    fmpq_init(q);
    fmpq_set_si(q, 1, 4);
    rf_net_randtest(net, st, 2, 4);
    for (i = 0; i < 2; i++) {
        for (j = 0; j < 3; j++) {
            fmpq_abs(rf_net_W(net, 1, i, j), rf_net_W(net, 1, i, j));
            fmpq_add(rf_net_W(net, 1, i, j), rf_net_W(net, 1, i, j), q);
        }
        fmpq_abs(rf_net_b(net, 1, i), rf_net_b(net, 1, i));
        fmpq_add(rf_net_b(net, 1, i), rf_net_b(net, 1, i), q);
    }
    fmpq_clear(q);
}

static void demo_data(fmpq *X, fmpq *Y, slong n, flint_rand_t st)
{
    slong k;
    for (k = 0; k < n; k++) {
        tsg_rand_q(X + 2 * k, st, 2, 4);
        tsg_rand_q(X + 2 * k + 1, st, 2, 4);
        tsg_rand_q(Y + k, st, 3, 2);
    }
}

static void dot(fmpq_t r, const fmpq *a, const fmpq *b, slong n)
{
    slong i;
    fmpq_t t;
    fmpq_init(t);
    fmpq_zero(r);
    for (i = 0; i < n; i++) {
        fmpq_mul(t, a + i, b + i);
        fmpq_add(r, r, t);
    }
    fmpq_clear(t);
}

Test(conserve, balance_polynomial_by_hand)
{
    rf_net_t net;
    rf_conserve_t c;
    flint_rand_t st;
    fmpq *th;
    fmpq_t v, e, t;
    slong D, j;
    rf_test_randinit(st);
    rf_net_init(net, 3, (slong[]) {2, 3, 2, 1});
    rf_net_randtest(net, st, 9, 5);
    rf_conserve_init(c, net);
    rf_conserve_add_balance(c, net);
    cr_assert_eq(c->len, 5, "one law per hidden neuron");
    D = rf_net_num_params(net);
    th = _fmpq_vec_init(D);
    rf_net_get_params(th, net);
    fmpq_init(v); fmpq_init(e); fmpq_init(t);
    /* balance[1,2] = W1_2_1^2 + W1_2_2^2 + b1_2^2 - W2_1_2^2 - W2_2_2^2 */
    rf_conserve_eval(v, c, 1, th);
    fmpq_zero(e);
    for (j = 0; j < 2; j++) {
        fmpq_mul(t, rf_net_W(net, 0, 1, j), rf_net_W(net, 0, 1, j));
        fmpq_add(e, e, t);
        fmpq_mul(t, rf_net_W(net, 1, j, 1), rf_net_W(net, 1, j, 1));
        fmpq_sub(e, e, t);
    }
    fmpq_mul(t, rf_net_b(net, 0, 1), rf_net_b(net, 0, 1));
    fmpq_add(e, e, t);
    cr_assert(fmpq_equal(v, e));
    cr_assert_str_eq(c->name[1], "balance[1,2]");
    {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        rf_conserve_fprint(f, c);
        fclose(f);
        cr_assert(strstr(buf, "W1_2_1^2") != NULL && strstr(buf, "b1_2^2") != NULL
                  && strstr(buf, "W2_2_2^2") != NULL, "%s", buf);
        free(buf);
    }
    fmpq_clear(v); fmpq_clear(e); fmpq_clear(t);
    _fmpq_vec_clear(th, D);
    rf_conserve_clear(c);
    rf_net_clear(net);
    flint_randclear(st);
}

/* Exact Noether identities on many random parameters and data sets. */
Test(conserve, noether_identity_exact)
{
    flint_rand_t st;
    slong it, nonzero_controls = 0, ncontrols = 0, gram_checked = 0, gram_broken = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 60); it++) {
        rf_net_t net;
        rf_conserve_t c;
        slong n = 6, D, q, nbal, ctrl0;
        fmpq *X = _fmpq_vec_init(2 * n), *Y = _fmpq_vec_init(n), *th, *gL, *gQ;
        fmpq_t loss, r;
        slong both[2] = {0, 1};
        int active;
        demo_net(net, st);
        if (it % 3 == 2)   /* break the "always active" structure */
            rf_net_randtest(net, st, 3, 2);
        demo_data(X, Y, n, st);
        if (it % 5 == 0) {   /* put a data point exactly on a first-layer breakpoint */
            fmpq_zero(rf_net_b(net, 0, 0));
            fmpq_zero(X + 0);
            fmpq_zero(X + 1);
        }
        D = rf_net_num_params(net);
        th = _fmpq_vec_init(D);
        gL = _fmpq_vec_init(D);
        gQ = _fmpq_vec_init(D);
        fmpq_init(loss); fmpq_init(r);
        rf_net_get_params(th, net);
        rf_conserve_loss_grad(loss, gL, net, X, Y, n);
        rf_conserve_init(c, net);
        rf_conserve_add_balance(c, net);
        nbal = c->len;
        rf_conserve_add_gram(c, net, 2, both, 2);
        ctrl0 = c->len;
        rf_conserve_add_controls(c, net, 1, 0);
        rf_conserve_add_controls(c, net, 2, 1);
        active = rf_conserve_all_active(net, 2, both, 2, X, n);
        for (q = 0; q < c->len; q++) {
            rf_conserve_grad(gQ, c, q, th);
            dot(r, gQ, gL, D);
            if (q < nbal)
                cr_assert(fmpq_is_zero(r), "balance law %ld violated", (long) q);
            else if (q < ctrl0) {
                if (active) {
                    cr_assert(fmpq_is_zero(r), "Gram law violated while active");
                    gram_checked++;
                } else
                    gram_broken += !fmpq_is_zero(r);
            } else {
                ncontrols++;
                nonzero_controls += !fmpq_is_zero(r);
            }
        }
        fmpq_clear(loss); fmpq_clear(r);
        _fmpq_vec_clear(X, 2 * n); _fmpq_vec_clear(Y, n);
        _fmpq_vec_clear(th, D); _fmpq_vec_clear(gL, D); _fmpq_vec_clear(gQ, D);
        rf_conserve_clear(c);
        rf_net_clear(net);
    }
    cr_assert(gram_checked >= rf_test_count(30), "Gram law checked %ld times", (long) gram_checked);
    cr_assert(gram_broken >= rf_test_count(5), "Gram law should fail when neurons are not always active");
    cr_assert(nonzero_controls * 2 >= ncontrols,
              "controls should not be conserved (%ld of %ld)", (long) nonzero_controls,
              (long) ncontrols);
    flint_randclear(st);
}

/* The exact gradient agrees with a symmetric difference quotient: L is
 * piecewise quadratic, so (L(t+e) - L(t-e)) / 2e is exact for small e when
 * no data point crosses a breakpoint. */
/* rf_conserve_add_for_data: every emitted law satisfies the exact Noether
 * identity at the given data, on random deeper networks. */
Test(conserve, laws_for_data_exact)
{
    flint_rand_t st;
    slong it, nlaws = 0, nlocal = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 80); it++) {
        slong L = 2 + n_randint(st, 3), dims[6], l, n = 1 + n_randint(st, 6), D, q, k;
        rf_net_t net;
        rf_conserve_t c;
        fmpq *X, *Y, *th, *gL, *gQ;
        fmpq_t loss, r;
        for (l = 0; l <= L; l++)
            dims[l] = 1 + n_randint(st, 3);
        rf_net_init(net, L, dims);
        rf_net_randtest(net, st, 3, 3);
        X = _fmpq_vec_init(n * dims[0]);
        Y = _fmpq_vec_init(n * dims[L]);
        for (k = 0; k < n * dims[0]; k++)
            tsg_rand_q(X + k, st, 3, 2);
        for (k = 0; k < n * dims[L]; k++)
            tsg_rand_q(Y + k, st, 3, 2);
        D = rf_net_num_params(net);
        th = _fmpq_vec_init(D); gL = _fmpq_vec_init(D); gQ = _fmpq_vec_init(D);
        fmpq_init(loss); fmpq_init(r);
        rf_net_get_params(th, net);
        rf_conserve_loss_grad(loss, gL, net, X, Y, n);
        rf_conserve_init(c, net);
        rf_conserve_add_for_data(c, net, X, n);
        for (q = 0; q < c->len; q++) {
            rf_conserve_grad(gQ, c, q, th);
            dot(r, gQ, gL, D);
            cr_assert(fmpq_is_zero(r), "%s not conserved", c->name[q]);
            nlaws++;
            nlocal += c->kind[q] == RF_CONSERVE_LOCAL;
        }
        fmpq_clear(loss); fmpq_clear(r);
        _fmpq_vec_clear(X, n * dims[0]); _fmpq_vec_clear(Y, n * dims[L]);
        _fmpq_vec_clear(th, D); _fmpq_vec_clear(gL, D); _fmpq_vec_clear(gQ, D);
        rf_conserve_clear(c);
        rf_net_clear(net);
    }
    cr_assert(nlocal >= rf_test_count(50), "few data-local laws exercised (%ld of %ld)", (long) nlocal, (long) nlaws);
    flint_randclear(st);
}

Test(conserve, gradient_against_difference_quotient)
{
    flint_rand_t st;
    rf_net_t net, n2;
    slong n = 5, D, k;
    fmpq *X = _fmpq_vec_init(2 * n), *Y = _fmpq_vec_init(n), *th, *gL, *tmp;
    fmpq_t l0, lp, lm, e, dq;
    rf_test_randinit(st);
    rf_net_init(n2, 1, (slong[]) {1, 1});
    fmpq_init(l0); fmpq_init(lp); fmpq_init(lm); fmpq_init(e); fmpq_init(dq);
    demo_net(net, st);
    D = rf_net_num_params(net);
    th = _fmpq_vec_init(D); gL = _fmpq_vec_init(D); tmp = _fmpq_vec_init(D);
    do {    /* data off every breakpoint: L is then differentiable */
        demo_data(X, Y, n, st);
    } while (rf_conserve_loss_grad(l0, gL, net, X, Y, n) != 0);
    rf_net_get_params(th, net);
    fmpq_set_si(e, 1, 1000000);
    rf_net_set(n2, net);
    for (k = 0; k < D; k++) {
        rf_qvec_set(tmp, th, D);
        fmpq_add(tmp + k, th + k, e);
        rf_net_set_params(n2, tmp);
        rf_conserve_loss_grad(lp, tmp, n2, X, Y, n);
        rf_qvec_set(tmp, th, D);
        fmpq_sub(tmp + k, th + k, e);
        rf_net_set_params(n2, tmp);
        rf_conserve_loss_grad(lm, tmp, n2, X, Y, n);
        fmpq_sub(dq, lp, lm);
        fmpq_div(dq, dq, e);
        fmpq_div_2exp(dq, dq, 1);
        cr_assert(fmpq_equal(dq, gL + k), "gradient entry %ld", (long) k);
    }
    fmpq_clear(l0); fmpq_clear(lp); fmpq_clear(lm); fmpq_clear(e); fmpq_clear(dq);
    _fmpq_vec_clear(th, D); _fmpq_vec_clear(gL, D); _fmpq_vec_clear(tmp, D);
    _fmpq_vec_clear(X, 2 * n); _fmpq_vec_clear(Y, n);
    rf_net_clear(net); rf_net_clear(n2);
    flint_randclear(st);
}

static void to_mpfr(mpfr_t *m, const fmpq *th, slong D, mpfr_prec_t prec)
{
    slong i;
    mpq_t mq;
    mpq_init(mq);
    for (i = 0; i < D; i++) {
        mpfr_init2(m[i], prec);
        fmpq_get_mpq(mq, th + i);
        mpfr_set_q(m[i], mq, MPFR_RNDN);
    }
    mpq_clear(mq);
}

/* Every first-layer neuron is active on some training input (otherwise its
 * parameters do not move at all and the demonstration is void). */
static int layer1_used(const rf_net_t net, const fmpq *X, slong n)
{
    slong i, k, nh = rf_net_num_hidden(net);
    fmpq *pre = _fmpq_vec_init(nh);
    int ok = 1;
    for (i = 0; i < net->dims[1] && ok; i++) {
        int any = 0;
        for (k = 0; k < n && !any; k++) {
            rf_net_forward(pre, NULL, net, X + 2 * k);
            any = fmpq_sgn(pre + i) > 0;
        }
        ok = any;
    }
    _fmpq_vec_clear(pre, nh);
    return ok;
}

/* 256-bit RK4 gradient flow over an interval where no training input crosses
 * a breakpoint (the "local" in local conservation law), at steps h and h/2:
 * the laws' drift is pure integration error (it shrinks like h^4), while
 * the controls move by an amount independent of the step. */
Test(conserve, gradient_flow_mpfr)
{
    flint_rand_t st;
    rf_net_t net;
    rf_conserve_t c;
    slong n = 6, D = 0, q, i, changes = 1, tries;
    slong both[2] = {0, 1};
    fmpq *X = _fmpq_vec_init(2 * n), *Y = _fmpq_vec_init(n), *th = NULL;
    mpfr_t *m1 = NULL, *m2 = NULL, *m0, h, h2, v0, v1, v2, dr1, dr2;
    const mpfr_prec_t prec = 256;
    rf_test_randinit(st);
    mpfr_inits2(prec, h, h2, v0, v1, v2, dr1, dr2, (mpfr_ptr) 0);
    mpfr_set_ui(h, 1, MPFR_RNDN);
    mpfr_div_ui(h, h, 1000, MPFR_RNDN);    /* T = 500 h = 1/2 */
    mpfr_div_2ui(h2, h, 1, MPFR_RNDN);
    rf_net_init(net, 1, (slong[]) {1, 1});
    for (tries = 0; tries < 40 && changes != 0; tries++) {
        rf_net_clear(net);
        demo_net(net, st);
        demo_data(X, Y, n, st);
        if (th != NULL) {
            _fmpq_vec_clear(th, D);
            for (i = 0; i < D; i++) {
                mpfr_clear(m1[i]);
                mpfr_clear(m2[i]);
            }
            flint_free(m1);
            flint_free(m2);
        }
        D = rf_net_num_params(net);
        th = _fmpq_vec_init(D);
        rf_net_get_params(th, net);
        m1 = flint_malloc(D * sizeof(mpfr_t));
        m2 = flint_malloc(D * sizeof(mpfr_t));
        to_mpfr(m1, th, D, prec);
        to_mpfr(m2, th, D, prec);
        if (!rf_conserve_all_active(net, 2, both, 2, X, n) || !layer1_used(net, X, n))
            continue;
        changes = rf_conserve_flow_rk4(m1, net, X, Y, n, h, 500, prec);
        if (changes == 0)
            changes = rf_conserve_flow_rk4(m2, net, X, Y, n, h2, 1000, prec);
    }
    cr_assert_eq(changes, 0, "no crossing-free run found");
    rf_conserve_init(c, net);
    rf_conserve_add_balance(c, net);
    rf_conserve_add_gram(c, net, 2, both, 2);
    rf_conserve_add_controls(c, net, 1, 0);
    rf_conserve_add_controls(c, net, 2, 0);
    m0 = flint_malloc(D * sizeof(mpfr_t));
    to_mpfr(m0, th, D, prec);
    fprintf(stderr, "gradient flow, RK4, T = 1/2, 256 bits, arch (2,3,2,1), "
            "6 data points, no breakpoint crossing (attempt %ld)\n", (long) tries);
    fprintf(stderr, "%-14s %-24s %12s %12s %14s %14s\n", "quantity", "kind", "Q(0)", "Q(T)",
            "drift h=1/1000", "drift h=1/2000");
    for (q = 0; q < c->len; q++) {
        rf_conserve_eval_mpfr(v0, c, q, (const mpfr_t *) m0);
        rf_conserve_eval_mpfr(v1, c, q, (const mpfr_t *) m1);
        rf_conserve_eval_mpfr(v2, c, q, (const mpfr_t *) m2);
        mpfr_sub(dr1, v1, v0, MPFR_RNDN);
        mpfr_abs(dr1, dr1, MPFR_RNDN);
        mpfr_sub(dr2, v2, v0, MPFR_RNDN);
        mpfr_abs(dr2, dr2, MPFR_RNDN);
        fprintf(stderr, "%-14s %-24s %12.8f %12.8f %14.3e %14.3e\n", c->name[q],
                c->kind[q] == RF_CONSERVE_GLOBAL ? "conserved (global)" :
                c->kind[q] == RF_CONSERVE_LOCAL ? "conserved (data-local)" : "control",
                mpfr_get_d(v0, MPFR_RNDN), mpfr_get_d(v2, MPFR_RNDN),
                mpfr_get_d(dr1, MPFR_RNDN), mpfr_get_d(dr2, MPFR_RNDN));
        if (c->kind[q] != RF_CONSERVE_NONE) {
            /* pure RK4 error: small, and 2^4 = 16 times smaller at h/2 */
            cr_assert(mpfr_cmp_d(dr2, 1e-7) < 0, "%s drifted", c->name[q]);
            mpfr_mul_ui(v1, dr2, 8, MPFR_RNDN);
            cr_assert(mpfr_cmp(v1, dr1) <= 0 || mpfr_cmp_d(dr1, 1e-40) < 0,
                      "%s: drift does not shrink like a step error", c->name[q]);
        } else {
            /* a real change: large and the same for both steps */
            cr_assert(mpfr_cmp_d(dr2, 1e-3) > 0, "%s should drift", c->name[q]);
            mpfr_sub(v1, dr1, dr2, MPFR_RNDN);
            cr_assert(mpfr_cmpabs(v1, dr1) < 0 && mpfr_cmp_d(v1, 1e-5) < 0
                      && mpfr_cmp_d(v1, -1e-5) > 0);
        }
    }
    for (i = 0; i < D; i++) {
        mpfr_clear(m1[i]);
        mpfr_clear(m2[i]);
        mpfr_clear(m0[i]);
    }
    flint_free(m1);
    flint_free(m2);
    flint_free(m0);
    mpfr_clears(h, h2, v0, v1, v2, dr1, dr2, (mpfr_ptr) 0);
    _fmpq_vec_clear(th, D);
    _fmpq_vec_clear(X, 2 * n); _fmpq_vec_clear(Y, n);
    rf_conserve_clear(c);
    rf_net_clear(net);
    flint_randclear(st);
}

/* The level-set system: theta0 satisfies it, a perturbed point does not,
 * and the balance gradients are independent at a random point (rank = number
 * of hidden neurons, dimension D - rank). */
Test(conserve, level_set_system)
{
    flint_rand_t st;
    rf_net_t net;
    rf_conserve_t c;
    rf_sys_t sys;
    fmpq *th;
    slong D, r;
    rf_test_randinit(st);
    rf_net_init(net, 3, (slong[]) {2, 3, 2, 1});
    rf_net_randtest(net, st, 5, 3);
    D = rf_net_num_params(net);
    th = _fmpq_vec_init(D);
    rf_net_get_params(th, net);
    rf_conserve_init(c, net);
    rf_conserve_add_balance(c, net);
    rf_sys_init(sys, 0, NULL, NULL);
    r = rf_conserve_system(sys, c, th, 0);
    cr_assert_eq(r, 5, "balance gradients independent at a random point");
    cr_assert_eq(sys->ncomp, 1);
    cr_assert_eq(sys->comps[0].len, 5);
    cr_assert_eq(sys->comps[0].dim, D - 5);
    cr_assert(rf_sys_component_contains(sys, 0, th));
    fmpq_add_si(th + 0, th + 0, 1);   /* W1_1_1 + 1 changes balance[1,1] */
    cr_assert(!rf_sys_component_contains(sys, 0, th));
    rf_sys_clear(sys);
    rf_conserve_clear(c);
    _fmpq_vec_clear(th, D);
    rf_net_clear(net);
    flint_randclear(st);
}
