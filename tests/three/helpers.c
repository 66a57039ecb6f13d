/* Test helpers for the three-layer module (see helpers.h). */
#include <string.h>
#include "helpers.h"
#include "relufiber/qvec.h"

static void rq(fmpq_t x, flint_rand_t st, slong nb, slong db, int sign)
{
    slong p = 1 + (slong) n_randint(st, nb);
    slong q = 1 + (slong) n_randint(st, db);
    if (sign == 0)
        sign = n_randint(st, 2) ? 1 : -1;
    fmpq_set_si(x, sign * p, q);
}

static void rand_row(rf_net_t net, flint_rand_t st, slong j, char t, slong n1)
{
    slong k;
    if (t == 'A' || t == 'Z') {
        int s = t == 'A' ? 1 : -1;
        for (k = 0; k < n1; k++)
            rq(rf_net_W(net, 1, j, k), st, 6, 3, s);
        rq(rf_net_b(net, 1, j), st, 6, 3, s);
    } else if (t == 'H') {
        rq(rf_net_W(net, 1, j, 0), st, 6, 3, 1);
        for (k = 1; k < n1; k++)
            rq(rf_net_W(net, 1, j, k), st, 6, 3, -1);
        rq(rf_net_b(net, 1, j), st, 6, 3, -1);
    } else {
        int pos, neg;
        do {
            pos = neg = 0;
            for (k = 0; k <= n1; k++) {
                fmpq *e = k < n1 ? rf_net_W(net, 1, j, k) : rf_net_b(net, 1, j);
                rq(e, st, 6, 3, 0);
                pos |= fmpq_sgn(e) > 0;
                neg |= fmpq_sgn(e) < 0;
            }
        } while (!pos || !neg);
    }
}

void th_rand_net(rf_net_t net, flint_rand_t st, slong n0, slong n1, slong n2,
                 slong n3, const char *types)
{
    slong dims[4] = {n0, n1, n2, n3}, i, k, j, tries;
    int hidden = strchr(types, 'H') != NULL;
    for (tries = 0; tries < 200; tries++) {
        rf_three_report_t rep;
        rf_err_t err;
        int ok;
        rf_net_clear(net);
        rf_net_init(net, 3, dims);
        for (i = 0; i < n1; i++) {
            for (k = 0; k < n0; k++)
                rq(rf_net_W(net, 0, i, k), st, 5, 3, 0);
            rq(rf_net_b(net, 0, i), st, 5, 3, 0);
        }
        for (j = 0; j < n2; j++) {
            char t = types[j];
            if (hidden && t == 'Z') {
                /* dead and not disturbing the hidden index 1 */
                for (k = 0; k < n1; k++)
                    rq(rf_net_W(net, 1, j, k), st, 6, 3, -1);
                rq(rf_net_b(net, 1, j), st, 6, 3, -1);
            } else {
                rand_row(net, st, j, t, n1);
            }
        }
        for (i = 0; i < n3; i++) {
            for (j = 0; j < n2; j++)
                rq(rf_net_W(net, 2, i, j), st, 5, 3, 0);
            rq(rf_net_b(net, 2, i), st, 5, 3, 0);
        }
        rf_three_report_init(rep);
        rf_err_init(err);
        rf_three_report_compute(rep, net, 8, err);
        ok = rep->generic;
        rf_three_report_clear(rep);
        rf_err_clear(err);
        if (ok)
            return;
    }
}

void th_rand_types(char *types, flint_rand_t st, slong n2)
{
    slong j;
    int live;
    do {
        live = 0;
        for (j = 0; j < n2; j++) {
            types[j] = "AZX"[n_randint(st, 3)];
            live |= types[j] != 'Z';
        }
    } while (!live);
    types[n2] = '\0';
}

static void rand_perm(slong *p, slong n, flint_rand_t st)
{
    slong i;
    for (i = 0; i < n; i++)
        p[i] = i;
    for (i = n - 1; i > 0; i--) {
        slong j = (slong) n_randint(st, i + 1), t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
}

void th_permute(rf_net_t net, flint_rand_t st)
{
    /* one uniform permutation per hidden layer, drawn in layer order */
    slong l, H = net->L > 1 ? net->L - 1 : 1;
    slong **p = flint_calloc(H, sizeof(slong *));
    for (l = 0; l + 1 < net->L; l++) {
        p[l] = flint_malloc(net->dims[l + 1] * sizeof(slong));
        rand_perm(p[l], net->dims[l + 1], st);
    }
    rf_net_apply_perm_scale(net, net, (const slong *const *) p, NULL);
    for (l = 0; l + 1 < net->L; l++)
        flint_free(p[l]);
    flint_free(p);
}

void th_perturb(rf_net_t net, slong k, const fmpq_t delta)
{
    slong D = rf_net_num_params(net);
    fmpq *th = _fmpq_vec_init(D);
    rf_net_get_params(th, net);
    fmpq_add(th + k, th + k, delta);
    rf_net_set_params(net, th);
    _fmpq_vec_clear(th, D);
}

/* x from z through the first layer (least-norm preimage plus a random
 * kernel component) */
static int z_to_x(fmpq *x, const rf_net_t net, const fmpq *z, flint_rand_t st)
{
    slong n0 = net->dims[0], n1 = net->dims[1], i, k;
    fmpq_mat_t W, Wt, G, Gi, r, u, xx;
    int ok;
    fmpq_mat_init(W, n1, n0);
    fmpq_mat_init(Wt, n0, n1);
    fmpq_mat_init(G, n1, n1);
    fmpq_mat_init(Gi, n1, n1);
    fmpq_mat_init(r, n1, 1);
    fmpq_mat_init(u, n1, 1);
    fmpq_mat_init(xx, n0, 1);
    fmpq_mat_set(W, net->W + 0);
    fmpq_mat_transpose(Wt, W);
    fmpq_mat_mul(G, W, Wt);
    ok = fmpq_mat_inv(Gi, G);
    if (ok) {
        /* random kernel component: x = x0 + (v - W^T G^-1 W v) */
        fmpq_mat_t v, Wv, t1, t2;
        fmpq_mat_init(v, n0, 1);
        fmpq_mat_init(Wv, n1, 1);
        fmpq_mat_init(t1, n1, 1);
        fmpq_mat_init(t2, n0, 1);
        for (k = 0; k < n0; k++)
            fmpq_set_si(fmpq_mat_entry(v, k, 0), (slong) n_randint(st, 7) - 3, 1);
        fmpq_mat_mul(Wv, W, v);
        for (i = 0; i < n1; i++)
            fmpq_sub(fmpq_mat_entry(r, i, 0), z + i, fmpq_mat_entry(net->b + 0, i, 0));
        fmpq_mat_sub(r, r, Wv);
        fmpq_mat_mul(u, Gi, r);
        fmpq_mat_mul(xx, Wt, u);
        fmpq_mat_add(xx, xx, v);
        for (k = 0; k < n0; k++)
            fmpq_set(x + k, fmpq_mat_entry(xx, k, 0));
        fmpq_mat_clear(v);
        fmpq_mat_clear(Wv);
        fmpq_mat_clear(t1);
        fmpq_mat_clear(t2);
    }
    fmpq_mat_clear(W);
    fmpq_mat_clear(Wt);
    fmpq_mat_clear(G);
    fmpq_mat_clear(Gi);
    fmpq_mat_clear(r);
    fmpq_mat_clear(u);
    fmpq_mat_clear(xx);
    return ok;
}

slong th_targeted_points(fmpq *pts, slong max, const rf_net_t net,
                         flint_rand_t st)
{
    slong n0 = net->dims[0], n1 = net->dims[1], n2 = net->dims[2];
    slong cnt = 0, K, rep, j, k, l;
    fmpq *z = _fmpq_vec_init(n1), *z2 = _fmpq_vec_init(n1);
    fmpq_t s, t;
    fmpq_init(s);
    fmpq_init(t);
    for (rep = 0; cnt < max && rep < 1000; rep++)
        for (K = 0; K < (WORD(1) << n1) && cnt < max; K++) {
            /* several scales: thin regions near the origin matter */
            slong den = rep % 3 == 0 ? 1 : rep % 3 == 1 ? 20 : 1000;
            for (k = 0; k < n1; k++)
                fmpq_set_si(z + k, ((K >> k) & 1) ? 1 + (slong) n_randint(st, 40)
                                                  : -1 - (slong) n_randint(st, 40),
                            den * (1 + (slong) n_randint(st, 7)));
            if (z_to_x(pts + cnt * n0, net, z, st))
                cnt++;
            /* points near each bent-hyperplane piece inside face K */
            for (j = 0; j < n2 && cnt + 2 <= max; j++) {
                slong kk = -1;
                for (k = 0; k < n1; k++)
                    if (((K >> k) & 1) && !fmpq_is_zero(rf_net_W(net, 1, j, k)) &&
                        (kk < 0 || n_randint(st, 2)))
                        kk = k;
                if (kk < 0)
                    continue;
                fmpq_set(s, rf_net_b(net, 1, j));
                for (l = 0; l < n1; l++)
                    if (l != kk && ((K >> l) & 1)) {
                        fmpq_mul(t, rf_net_W(net, 1, j, l), z + l);
                        fmpq_add(s, s, t);
                    }
                fmpq_neg(s, s);
                fmpq_div(s, s, rf_net_W(net, 1, j, kk));
                if (fmpq_sgn(s) <= 0)
                    continue;
                for (l = -1; l <= 1; l += 2) {
                    rf_qvec_set(z2, z, n1);
                    fmpq_set_si(t, l, 97 + (slong) n_randint(st, 50));
                    fmpq_mul(t, t, s);
                    fmpq_add(z2 + kk, s, t);
                    if (z_to_x(pts + cnt * n0, net, z2, st))
                        cnt++;
                }
            }
        }
    _fmpq_vec_clear(z, n1);
    _fmpq_vec_clear(z2, n1);
    fmpq_clear(s);
    fmpq_clear(t);
    return cnt;
}

int th_agree(const rf_net_t A, const rf_net_t B, const fmpq *pts, slong n)
{
    slong d = A->dims[A->L], k;
    fmpq *ya = _fmpq_vec_init(d), *yb = _fmpq_vec_init(d);
    int ok = 1;
    for (k = 0; k < n && ok; k++) {
        rf_net_eval(ya, A, pts + k * A->dims[0]);
        rf_net_eval(yb, B, pts + k * A->dims[0]);
        ok = rf_qvec_equal(ya, yb, d);
    }
    _fmpq_vec_clear(ya, d);
    _fmpq_vec_clear(yb, d);
    return ok;
}

slong th_jacobian_rank(const rf_net_t net, const fmpq *pts, slong n)
{
    slong D = rf_net_num_params(net), d = net->dims[net->L], H, k, q, o, rows = 0;
    slong rk;
    int *pat;
    fmpq *th = _fmpq_vec_init(D), *yp = _fmpq_vec_init(d), *ym = _fmpq_vec_init(d);
    fmpq_mat_t J, R;
    rf_net_t np;
    H = rf_net_num_hidden(net);
    pat = flint_malloc((H + 1) * sizeof(int));
    fmpq_mat_init(J, n * d, D);
    rf_net_init(np, 1, (slong[]) {1, 1});
    rf_net_set(np, net);
    rf_net_get_params(th, net);
    for (k = 0; k < n; k++) {
        if (rf_net_pattern(pat, net, pts + k * net->dims[0]) != 0)
            continue;   /* on a breakpoint: not a smooth point */
        for (q = 0; q < D; q++) {
            /* multi-affine in each parameter at a fixed pattern: exact
             * central difference with step 1 */
            fmpq_add_si(th + q, th + q, 1);
            rf_net_set_params(np, th);
            rf_net_eval_on_pattern(yp, np, pat, pts + k * net->dims[0]);
            fmpq_sub_si(th + q, th + q, 2);
            rf_net_set_params(np, th);
            rf_net_eval_on_pattern(ym, np, pat, pts + k * net->dims[0]);
            fmpq_add_si(th + q, th + q, 1);
            for (o = 0; o < d; o++) {
                fmpq_sub(fmpq_mat_entry(J, rows + o, q), yp + o, ym + o);
                fmpq_div_2exp(fmpq_mat_entry(J, rows + o, q),
                              fmpq_mat_entry(J, rows + o, q), 1);
            }
        }
        rows += d;
    }
    fmpq_mat_init(R, n * d, D);
    rk = fmpq_mat_rref(R, J);
    fmpq_mat_clear(R);
    fmpq_mat_clear(J);
    rf_net_clear(np);
    flint_free(pat);
    _fmpq_vec_clear(th, D);
    _fmpq_vec_clear(yp, d);
    _fmpq_vec_clear(ym, d);
    return rk;
}
