/* Canonical form of a shallow ReLU network (docs/shallow.md, Theorem 1).
 *
 * Each neuron is reduced by the identity
 *     v relu(kappa h(x)) = |kappa| v relu(h(x)) + min(kappa, 0) v h(x),
 * where h is the canonically oriented hyperplane of the neuron (first
 * non-zero entry of w equal to 1): the jump |kappa| v goes to the kink h and
 * the affine remainder to (A, c). Dead neurons (w = 0) are constants, zero
 * outgoing columns vanish; neurons on the same line are merged by sorting. */
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/shallow.h"
#include "relufiber/qvec.h"
#include "shallow_internal.h"

void rf_shallow_canon_init(rf_shallow_canon_t C, slong m, slong k)
{
    C->m = m;
    C->k = k;
    C->r = 0;
    C->H = NULL;
    C->U = NULL;
    C->A = _fmpq_vec_init(k * m);
    C->c = _fmpq_vec_init(k);
}

void rf_shallow_canon_clear(rf_shallow_canon_t C)
{
    if (C->H)
        _fmpq_vec_clear(C->H, C->r * (C->m + 1));
    if (C->U)
        _fmpq_vec_clear(C->U, C->r * C->k);
    _fmpq_vec_clear(C->A, C->k * C->m);
    _fmpq_vec_clear(C->c, C->k);
    C->H = C->U = NULL;
    C->r = 0;
}

int rf_shallow_canon_equal(const rf_shallow_canon_t C, const rf_shallow_canon_t D)
{
    if (C->m != D->m || C->k != D->k || C->r != D->r)
        return 0;
    return rf_qvec_equal(C->H, D->H, C->r * (C->m + 1)) &&
           rf_qvec_equal(C->U, D->U, C->r * C->k) &&
           rf_qvec_equal(C->A, D->A, C->k * C->m) &&
           rf_qvec_equal(C->c, D->c, C->k);
}

void rf_shallow_trace_init(rf_shallow_trace_t T)
{
    memset(T, 0, sizeof(*T));
}

void rf_shallow_trace_clear(rf_shallow_trace_t T)
{
    flint_free(T->role);
    flint_free(T->line);
    if (T->kappa)
        _fmpq_vec_clear(T->kappa, T->n);
    if (T->cancel_H)
        _fmpq_vec_clear(T->cancel_H, T->ncancel * (T->m + 1));
    memset(T, 0, sizeof(*T));
}

int rf_shallow_check(const rf_net_t net, const char *what, rf_err_t err)
{
    if (net->L != 2)
        return rf_err_set(err, RF_ERR_UNSUPPORTED, what, 0,
                          "not a shallow network: %ld affine layers (need 2, i.e. one hidden layer)",
                          (long) net->L);
    return RF_OK;
}

static int lines_equal(const fmpq *a, const fmpq *b, slong len)
{
    return rf_qvec_equal(a, b, len);
}

int rf_shallow_canon(rf_shallow_canon_t C, const rf_net_t net,
                     rf_shallow_trace_t T, rf_err_t err)
{
    slong m, n, k, i, j, o, ncross = 0, g, r, nc;
    fmpq *keys, *jumps, *v;
    _rf_shallow_key_t *order;
    fmpq_t kap, t;
    int rc = rf_shallow_check(net, NULL, err);
    if (rc)
        return rc;
    m = net->dims[0];
    n = net->dims[1];
    k = net->dims[2];
    rf_shallow_canon_clear(C);
    rf_shallow_canon_init(C, m, k);
    if (T) {
        rf_shallow_trace_clear(T);
        T->n = n;
        T->m = m;
        T->role = flint_malloc((n + 1) * sizeof(rf_shallow_role_t));
        T->line = flint_malloc((n + 1) * sizeof(slong));
        T->kappa = _fmpq_vec_init(n);
    }
    fmpq_init(kap);
    fmpq_init(t);
    for (o = 0; o < k; o++)
        fmpq_set(C->c + o, rf_net_b(net, 1, o));
    keys = _fmpq_vec_init(n * (m + 1));
    jumps = _fmpq_vec_init(n * k);   /* |kappa_i| v_i */
    v = _fmpq_vec_init(k);
    order = flint_malloc((n + 1) * sizeof(_rf_shallow_key_t));
    for (i = 0; i < n; i++) {
        slong p = -1;
        rf_shallow_role_t role;
        for (o = 0; o < k; o++)
            fmpq_set(v + o, rf_net_W(net, 1, o, i));
        for (j = 0; j < m && p < 0; j++)
            if (!fmpq_is_zero(rf_net_W(net, 0, i, j)))
                p = j;
        fmpq_zero(kap);
        if (rf_qvec_is_zero(v, k)) {
            role = RF_SHALLOW_ZERO_OUT;
        } else if (p < 0) {
            role = RF_SHALLOW_DEAD;
            if (fmpq_sgn(rf_net_b(net, 0, i)) > 0)
                for (o = 0; o < k; o++)
                    fmpq_addmul(C->c + o, v + o, rf_net_b(net, 0, i));
        } else {
            role = RF_SHALLOW_KINK; /* or CANCELLED, decided after merging */
            fmpq_set(kap, rf_net_W(net, 0, i, p));
            for (j = 0; j < m; j++)
                fmpq_div(keys + ncross * (m + 1) + j, rf_net_W(net, 0, i, j), kap);
            fmpq_div(keys + ncross * (m + 1) + m, rf_net_b(net, 0, i), kap);
            fmpq_abs(t, kap);
            for (o = 0; o < k; o++)
                fmpq_mul(jumps + i * k + o, v + o, t);
            if (fmpq_sgn(kap) < 0) {
                /* v relu(-|kappa| h) = |kappa| v relu(h) + v (w.x + b) */
                for (o = 0; o < k; o++) {
                    if (fmpq_is_zero(v + o))
                        continue;
                    for (j = 0; j < m; j++)
                        fmpq_addmul(rf_shallow_canon_A(C, o, j), v + o,
                                    rf_net_W(net, 0, i, j));
                    fmpq_addmul(C->c + o, v + o, rf_net_b(net, 0, i));
                }
            }
            order[ncross].key = keys + ncross * (m + 1);
            order[ncross].len = m + 1;
            order[ncross].idx = i;
            ncross++;
        }
        if (T) {
            T->role[i] = role;
            T->line[i] = -1;
            fmpq_set(T->kappa + i, kap);
        }
    }
    if ((size_t) ncross > 1)
        qsort(order, (size_t) ncross, sizeof(_rf_shallow_key_t), _rf_shallow_key_cmp);
    /* Count groups with non-zero total jump (kinks) and cancelled ones. */
    {
        fmpq *sum = _fmpq_vec_init(k);
        slong *gstart = flint_malloc((ncross + 2) * sizeof(slong));
        int *gkink = flint_malloc((ncross + 2) * sizeof(int));
        slong ng = 0;
        for (g = 0; g < ncross; ) {
            slong h = g;
            rf_qvec_zero(sum, k);
            while (h < ncross && lines_equal(order[h].key, order[g].key, m + 1)) {
                for (o = 0; o < k; o++)
                    fmpq_add(sum + o, sum + o, jumps + order[h].idx * k + o);
                h++;
            }
            gstart[ng] = g;
            gkink[ng] = !rf_qvec_is_zero(sum, k);
            ng++;
            g = h;
        }
        gstart[ng] = ncross;
        r = nc = 0;
        for (g = 0; g < ng; g++) {
            if (gkink[g])
                r++;
            else
                nc++;
        }
        C->r = r;
        C->H = _fmpq_vec_init(r * (m + 1));
        C->U = _fmpq_vec_init(r * k);
        if (T) {
            T->ncancel = nc;
            T->cancel_H = _fmpq_vec_init(nc * (m + 1));
        }
        r = nc = 0;
        for (g = 0; g < ng; g++) {
            slong h;
            if (gkink[g]) {
                rf_qvec_set(rf_shallow_canon_H(C, r, 0), order[gstart[g]].key, m + 1);
                for (h = gstart[g]; h < gstart[g + 1]; h++) {
                    for (o = 0; o < k; o++)
                        fmpq_add(rf_shallow_canon_U(C, r, o), rf_shallow_canon_U(C, r, o),
                                 jumps + order[h].idx * k + o);
                    if (T)
                        T->line[order[h].idx] = r;
                }
                r++;
            } else {
                if (T) {
                    rf_qvec_set(T->cancel_H + nc * (m + 1), order[gstart[g]].key, m + 1);
                    for (h = gstart[g]; h < gstart[g + 1]; h++) {
                        T->role[order[h].idx] = RF_SHALLOW_CANCELLED;
                        T->line[order[h].idx] = nc;
                    }
                }
                nc++;
            }
        }
        _fmpq_vec_clear(sum, k);
        flint_free(gstart);
        flint_free(gkink);
    }
    flint_free(order);
    _fmpq_vec_clear(keys, n * (m + 1));
    _fmpq_vec_clear(jumps, n * k);
    _fmpq_vec_clear(v, k);
    fmpq_clear(kap);
    fmpq_clear(t);
    return RF_OK;
}

/* Is the line normalised (first non-zero w entry equal to 1)? */
static int line_normalised(const fmpq *h, slong m)
{
    slong j;
    for (j = 0; j < m; j++)
        if (!fmpq_is_zero(h + j))
            return fmpq_is_one(h + j);
    return 0;
}

int rf_shallow_trace_verify(const rf_net_t net, const rf_shallow_trace_t T,
                            const rf_shallow_canon_t C)
{
    slong m = C->m, k = C->k, n, i, j, o, s;
    fmpq *U, *A, *c, *csum;
    fmpq_t t, ak;
    int ok = 1;
    if (net->L != 2 || net->dims[0] != m || net->dims[2] != k || T->n != net->dims[1])
        return 0;
    n = T->n;
    for (s = 0; s < C->r; s++) {
        if (!line_normalised(rf_shallow_canon_H(C, s, 0), m) ||
            rf_qvec_is_zero(rf_shallow_canon_U(C, s, 0), k))
            return 0;
        if (s > 0 && _rf_shallow_row_cmp(rf_shallow_canon_H(C, s - 1, 0), rf_shallow_canon_H(C, s, 0), m + 1) >= 0)
            return 0;
    }
    for (s = 0; s < T->ncancel; s++)
        if (!line_normalised(T->cancel_H + s * (m + 1), m))
            return 0;
    U = _fmpq_vec_init(C->r * k);
    csum = _fmpq_vec_init((T->ncancel + 1) * k);
    A = _fmpq_vec_init(k * m);
    c = _fmpq_vec_init(k);
    fmpq_init(t);
    fmpq_init(ak);
    for (o = 0; o < k; o++)
        fmpq_set(c + o, rf_net_b(net, 1, o));
    for (i = 0; i < n && ok; i++) {
        int zero_v = 1, zero_w = 1;
        const fmpq *line = NULL;
        for (o = 0; o < k; o++)
            if (!fmpq_is_zero(rf_net_W(net, 1, o, i)))
                zero_v = 0;
        for (j = 0; j < m; j++)
            if (!fmpq_is_zero(rf_net_W(net, 0, i, j)))
                zero_w = 0;
        switch (T->role[i]) {
        case RF_SHALLOW_ZERO_OUT:
            ok = zero_v;
            break;
        case RF_SHALLOW_DEAD:
            ok = zero_w && !zero_v;
            if (ok && fmpq_sgn(rf_net_b(net, 0, i)) > 0)
                for (o = 0; o < k; o++)
                    fmpq_addmul(c + o, rf_net_W(net, 1, o, i), rf_net_b(net, 0, i));
            break;
        case RF_SHALLOW_KINK:
        case RF_SHALLOW_CANCELLED:
            s = T->line[i];
            if (zero_v || fmpq_is_zero(T->kappa + i) || s < 0 ||
                s >= (T->role[i] == RF_SHALLOW_KINK ? C->r : T->ncancel)) {
                ok = 0;
                break;
            }
            line = T->role[i] == RF_SHALLOW_KINK ? rf_shallow_canon_H(C, s, 0)
                                                  : T->cancel_H + s * (m + 1);
            /* (w_i, b_i) == kappa_i * line exactly */
            for (j = 0; j <= m && ok; j++) {
                fmpq_mul(t, T->kappa + i, line + j);
                ok = fmpq_equal(t, j < m ? rf_net_W(net, 0, i, j) : rf_net_b(net, 0, i));
            }
            if (!ok)
                break;
            fmpq_abs(ak, T->kappa + i);
            for (o = 0; o < k; o++) {
                fmpq *dst = T->role[i] == RF_SHALLOW_KINK ? U + s * k + o : csum + s * k + o;
                fmpq_addmul(dst, ak, rf_net_W(net, 1, o, i));
            }
            if (fmpq_sgn(T->kappa + i) < 0)
                for (o = 0; o < k; o++) {
                    for (j = 0; j < m; j++)
                        fmpq_addmul(A + o * m + j, rf_net_W(net, 1, o, i), rf_net_W(net, 0, i, j));
                    fmpq_addmul(c + o, rf_net_W(net, 1, o, i), rf_net_b(net, 0, i));
                }
            break;
        default:
            ok = 0;
        }
    }
    if (ok)
        ok = rf_qvec_equal(U, C->U, C->r * k) && rf_qvec_is_zero(csum, T->ncancel * k) &&
             rf_qvec_equal(A, C->A, k * m) && rf_qvec_equal(c, C->c, k);
    _fmpq_vec_clear(U, C->r * k);
    _fmpq_vec_clear(csum, (T->ncancel + 1) * k);
    _fmpq_vec_clear(A, k * m);
    _fmpq_vec_clear(c, k);
    fmpq_clear(t);
    fmpq_clear(ak);
    return ok;
}
