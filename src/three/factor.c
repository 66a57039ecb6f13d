/* Factorisations M = V W with entrywise positive W (the always-active block
 * of a two-layer network on the orthant, notes 4.3-4.4): existence
 * ("capacity"), dimension, and an explicit construction used by samplers. */
#include <flint/fmpq_vec.h>
#include "relufiber/three.h"
#include "relufiber/qvec.h"
#include "three_internal.h"

slong rf_three_factor_dim(slong a, slong m, slong d, slong rho, int pos_ok)
{
    slong s, best = -1;
    if (rho > a || rho > m)
        return -1;
    for (s = rho; s <= FLINT_MIN(a, m); s++) {
        slong v;
        if (s == rho && rho > 0 && !pos_ok)
            continue;
        v = (s - rho) * (m - s) + a * s + d * (a - s);
        if (v > best)
            best = v;
    }
    return best;
}

int rf_three_rowspace_positive(fmpq *p, const fmpq_mat_t M)
{
    slong d = fmpq_mat_nrows(M), m = fmpq_mat_ncols(M), i, r;
    fmpq *A = _fmpq_vec_init(m * (d ? d : 1)), *b = _fmpq_vec_init(m);
    fmpq *u = _fmpq_vec_init(d ? d : 1);
    int ok;
    fmpq_t t;
    fmpq_init(t);
    /* rows i: sum_r u_r M[r,i] > 0 */
    for (i = 0; i < m; i++)
        for (r = 0; r < d; r++)
            fmpq_set(A + i * d + r, fmpq_mat_entry(M, r, i));
    ok = d > 0 && _rf_three_lp_strict(u, A, b, m, d) == 1;
    if (ok && p)
        for (i = 0; i < m; i++) {
            fmpq_zero(p + i);
            for (r = 0; r < d; r++) {
                fmpq_mul(t, u + r, fmpq_mat_entry(M, r, i));
                fmpq_add(p + i, p + i, t);
            }
        }
    fmpq_clear(t);
    _fmpq_vec_clear(A, m * (d ? d : 1));
    _fmpq_vec_clear(b, m);
    _fmpq_vec_clear(u, d ? d : 1);
    return ok;
}

/* t with every entry of row + t * q positive (q > 0 entrywise). */
static void shift_factor(fmpq_t t, const fmpq *row, const fmpq *q, slong m)
{
    slong k;
    fmpq_t s;
    fmpq_init(s);
    fmpq_one(t);
    for (k = 0; k < m; k++) {
        fmpq_div(s, row + k, q + k);
        fmpq_neg(s, s);
        fmpq_add_si(s, s, 1);
        if (fmpq_cmp(s, t) > 0)
            fmpq_set(t, s);
    }
    fmpq_clear(s);
}

/* V (d x a) and W (a x m, entrywise > 0) with V W = M. Returns 0 if the
 * capacity condition fails. Random choices from st. */
int _rf_three_factor_positive(fmpq_mat_t V, fmpq_mat_t W, const fmpq_mat_t M,
                              slong a, flint_rand_t st)
{
    slong d = fmpq_mat_nrows(M), m = fmpq_mat_ncols(M), rho, i, k, ns = 0;
    slong col;
    fmpq_mat_t R, WS, WSt, G, Gi, RHS, VS, T;
    fmpq *p = _fmpq_vec_init(m), *one = _fmpq_vec_init(m);
    fmpq_t t;
    int pos, ok = 1;
    fmpq_init(t);
    fmpq_mat_init(R, d, m);
    rho = d ? fmpq_mat_rref(R, M) : 0;
    pos = rho > 0 && rf_three_rowspace_positive(p, M);
    for (k = 0; k < m; k++)
        fmpq_one(one + k);
    if (rho > a || (rho == a && rho > 0 && !pos)) {
        ok = 0;
        goto out0;
    }
    fmpq_mat_init(WS, FLINT_MIN(a, m) + 1, m);
    /* positive basis of rowspace(M) */
    if (rho > 0 && pos) {
        /* find i0 such that replacing R_i0 by p keeps a basis */
        slong i0 = -1;
        fmpq_mat_t Tst;
        fmpq_mat_init(Tst, rho, m);
        for (i = 0; i < rho && i0 < 0; i++) {
            slong q, rk;
            for (q = 0; q < rho; q++)
                for (k = 0; k < m; k++)
                    fmpq_set(fmpq_mat_entry(Tst, q, k),
                             q == i ? p + k : fmpq_mat_entry(R, q, k));
            rk = _rf_three_rank(Tst);
            if (rk == rho)
                i0 = i;
        }
        fmpq_mat_clear(Tst);
        for (k = 0; k < m; k++)
            fmpq_set(fmpq_mat_entry(WS, ns, k), p + k);
        ns++;
        for (i = 0; i < rho; i++) {
            if (i == i0)
                continue;
            shift_factor(t, fmpq_mat_entry(R, i, 0), p, m);
            fmpq_add_si(t, t, (slong) n_randint(st, 3));
            for (k = 0; k < m; k++) {
                fmpq_mul(fmpq_mat_entry(WS, ns, k), t, p + k);
                fmpq_add(fmpq_mat_entry(WS, ns, k), fmpq_mat_entry(WS, ns, k),
                         fmpq_mat_entry(R, i, k));
            }
            ns++;
        }
    } else if (rho > 0) {
        for (i = 0; i < rho; i++) {
            shift_factor(t, fmpq_mat_entry(R, i, 0), one, m);
            fmpq_add_si(t, t, (slong) n_randint(st, 3));
            for (k = 0; k < m; k++)
                fmpq_add(fmpq_mat_entry(WS, ns, k), fmpq_mat_entry(R, i, k), t);
            ns++;
        }
        for (k = 0; k < m; k++)
            fmpq_one(fmpq_mat_entry(WS, ns, k));
        ns++;
    }
    /* extend by random positive rows while independent, up to min(a, m) */
    while (ns < FLINT_MIN(a, m)) {
        fmpq_mat_t Tst;
        slong tries;
        for (tries = 0; tries < 50; tries++) {
            for (k = 0; k < m; k++)
                fmpq_set_si(fmpq_mat_entry(WS, ns, k),
                            1 + (slong) n_randint(st, 9), 1 + n_randint(st, 3));
            fmpq_mat_window_init(Tst, WS, 0, 0, ns + 1, m);
            if (_rf_three_rank(Tst) == ns + 1) {
                fmpq_mat_window_clear(Tst);
                break;
            }
            fmpq_mat_window_clear(Tst);
        }
        ns++;
    }
    /* W: the ns basis rows, then a - ns random positive rows with random
     * outputs (only when the basis spans R^m) or zero outputs */
    fmpq_mat_zero(V);
    for (i = 0; i < a; i++)
        for (k = 0; k < m; k++) {
            if (i < ns)
                fmpq_set(fmpq_mat_entry(W, i, k), fmpq_mat_entry(WS, i, k));
            else
                fmpq_set_si(fmpq_mat_entry(W, i, k), 1 + (slong) n_randint(st, 9),
                            1 + n_randint(st, 2));
        }
    fmpq_mat_init(RHS, d, m);
    fmpq_mat_set(RHS, M);
    if (ns == m)
        for (i = ns; i < a; i++)
            for (k = 0; k < d; k++) {
                _rf_three_randq(fmpq_mat_entry(V, k, i), st, 4, 3, 1);
                for (col = 0; col < m; col++) {
                    fmpq_mul(t, fmpq_mat_entry(V, k, i), fmpq_mat_entry(W, i, col));
                    fmpq_sub(fmpq_mat_entry(RHS, k, col),
                             fmpq_mat_entry(RHS, k, col), t);
                }
            }
    if (ns > 0) {
        fmpq_mat_t WSv;
        fmpq_mat_window_init(WSv, WS, 0, 0, ns, m);
        fmpq_mat_init(WSt, m, ns);
        fmpq_mat_init(G, ns, ns);
        fmpq_mat_init(Gi, ns, ns);
        fmpq_mat_init(VS, d, ns);
        fmpq_mat_init(T, d, ns);
        fmpq_mat_transpose(WSt, WSv);
        fmpq_mat_mul(G, WSv, WSt);
        if (!fmpq_mat_inv(Gi, G))
            ok = 0;
        fmpq_mat_mul(T, RHS, WSt);
        fmpq_mat_mul(VS, T, Gi);
        for (k = 0; k < d; k++)
            for (i = 0; i < ns; i++)
                fmpq_set(fmpq_mat_entry(V, k, i), fmpq_mat_entry(VS, k, i));
        fmpq_mat_window_clear(WSv);
        fmpq_mat_clear(WSt);
        fmpq_mat_clear(G);
        fmpq_mat_clear(Gi);
        fmpq_mat_clear(VS);
        fmpq_mat_clear(T);
    }
    /* exact check V W = M */
    {
        fmpq_mat_t P;
        fmpq_mat_init(P, d, m);
        if (a > 0)
            fmpq_mat_mul(P, V, W);
        ok = ok && fmpq_mat_equal(P, M);
        fmpq_mat_clear(P);
    }
    fmpq_mat_clear(RHS);
    fmpq_mat_clear(WS);
out0:
    fmpq_mat_clear(R);
    _fmpq_vec_clear(p, m);
    _fmpq_vec_clear(one, m);
    fmpq_clear(t);
    return ok;
}
