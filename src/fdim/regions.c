/* Exact enumeration of activation regions.
 *
 * Depth-first extension of partial patterns, one hidden neuron at a time in
 * layer-major order. With the pattern of layers < l fixed, every layer-l
 * pre-activation is an affine form a.x + c on the current cell, so a partial
 * pattern is a set of strict linear inequalities. A child "neuron k has sign
 * s" is realized iff that open polyhedron is nonempty: the parent's interior
 * witness decides one child for free; the other is decided exactly (n0 = 1:
 * interval arithmetic = the exact sweep of the breakpoints; n0 >= 2: an exact
 * LP max t s.t. s_k(a_k.x + c_k) >= t, t <= 1 through cddlib's GMP build).
 * A realized pattern has all its prefixes realized, so the search is
 * complete unless the LP cap is hit. */
#include <string.h>
#include <gmp.h>
#include <flint/fmpq_vec.h>
#define GMPRATIONAL
#include <cdd/setoper.h>
#include <cdd/cdd.h>
#include "relufiber/fdim.h"
#include "relufiber/exhaustive.h"
#include "relufiber/qvec.h"

/* cddlib keeps its numeric constants in globals that must be set once; they
 * stay reachable until exit (same convention as src/three). */

typedef struct {
    const rf_net_struct *net;
    slong n0, nh, ncons, cap;
    fmpq *A;          /* constraint k: A[k*(n0+1) + j] (j < n0), constant last;
                         meaning A_k.(x,1) > 0 */
    int *pat;
    rf_fdim_regions_struct *out;
    int lp_error, capped;
    int (*stop)(void *, const rf_fdim_regions_struct *);
    void *data;
    slong next_check;
} search_t;

/* Exact LP / interval test: is {x : A_k.(x,1) > 0 for k < m} nonempty? If so
 * store an interior point in x. Returns 1 yes, 0 no, -1 solver error. */
static int open_feasible(fmpq *x, const fmpq *A, slong m, slong n0)
{
    slong k, j;
    if (m == 0) {
        rf_qvec_zero(x, n0);
        return 1;
    }
    if (n0 == 1) {
        fmpq_t lo, hi, r;
        int haslo = 0, hashi = 0, ok = 1;
        fmpq_init(lo); fmpq_init(hi); fmpq_init(r);
        for (k = 0; k < m && ok; k++) {
            const fmpq *a = A + 2 * k, *c = A + 2 * k + 1;
            if (fmpq_is_zero(a)) {
                ok = fmpq_sgn(c) > 0;
                continue;
            }
            fmpq_div(r, c, a);
            fmpq_neg(r, r);           /* a x + c > 0 <=> x > r (a > 0) */
            if (fmpq_sgn(a) > 0) {
                if (!haslo || fmpq_cmp(r, lo) > 0)
                    fmpq_set(lo, r);
                haslo = 1;
            } else {
                if (!hashi || fmpq_cmp(r, hi) < 0)
                    fmpq_set(hi, r);
                hashi = 1;
            }
        }
        if (ok && haslo && hashi && fmpq_cmp(lo, hi) >= 0)
            ok = 0;
        if (ok) {
            if (haslo && hashi) {
                fmpq_add(x, lo, hi);
                fmpq_div_2exp(x, x, 1);
            } else if (haslo) {
                fmpq_add_si(x, lo, 1);
            } else if (hashi) {
                fmpq_sub_si(x, hi, 1);
            } else {
                fmpq_zero(x);
            }
        }
        fmpq_clear(lo); fmpq_clear(hi); fmpq_clear(r);
        return ok;
    }
    {
        dd_MatrixPtr M;
        dd_LPPtr lp;
        dd_ErrorType e = dd_NoError;
        int ret;
        rf_lp_begin();   /* cddlib's constants, shared with the other modules */
        M = dd_CreateMatrix(m + 1, n0 + 2);
        for (k = 0; k < m; k++) {
            fmpq_get_mpq(M->matrix[k][0], A + k * (n0 + 1) + n0);
            for (j = 0; j < n0; j++)
                fmpq_get_mpq(M->matrix[k][j + 1], A + k * (n0 + 1) + j);
            mpq_set_si(M->matrix[k][n0 + 1], -1, 1);
        }
        mpq_set_si(M->matrix[m][0], 1, 1);
        for (j = 0; j < n0; j++)
            mpq_set_si(M->matrix[m][j + 1], 0, 1);
        mpq_set_si(M->matrix[m][n0 + 1], -1, 1);
        M->representation = dd_Inequality;
        M->objective = dd_LPmax;
        for (j = 0; j <= n0; j++)
            mpq_set_si(M->rowvec[j], 0, 1);
        mpq_set_si(M->rowvec[n0 + 1], 1, 1);
        lp = dd_Matrix2LP(M, &e);
        if (e != dd_NoError || lp == NULL) {
            dd_FreeMatrix(M);
            return -1;
        }
        if (!rf_lp_cdd_solve(lp)) {   /* no float noise on huge entries */
            dd_FreeLPData(lp);
            dd_FreeMatrix(M);
            return -1;
        }
        ret = mpq_sgn(lp->optvalue) > 0;
        if (ret)
            for (j = 0; j < n0; j++)
            {
                fmpq_set_mpq(x + j, lp->sol[j + 1]);
                fmpq_canonicalise(x + j);
            }
        dd_FreeLPData(lp);
        dd_FreeMatrix(M);
        return ret;
    }
}

/* Affine form of layer l (0-based layer index of W) neurons given the affine
 * map h = Mx + m of the previous layer: row i -> (W_i M, W_i m + b_i). */
static void layer_forms(fmpq *F, const rf_net_t net, slong l, const fmpq *Mm,
                        slong n0)
{
    slong i, j, q, np = net->dims[l];
    for (i = 0; i < net->dims[l + 1]; i++) {
        fmpq *f = F + i * (n0 + 1);
        rf_qvec_zero(f, n0 + 1);
        fmpq_set(f + n0, rf_net_b(net, l, i));
        for (j = 0; j < np; j++) {
            const fmpq *w = rf_net_W(net, l, i, j);
            if (fmpq_is_zero(w))
                continue;
            for (q = 0; q <= n0; q++)
                fmpq_addmul(f + q, w, Mm + j * (n0 + 1) + q);
        }
    }
}

/* Recursive search. l: 0-based index of the layer whose neurons are being
 * assigned (0..L-2), i: neuron in it, k: global hidden index, F: forms of
 * layer l, x: witness of the current cell. */
static void search(search_t *S, slong l, slong i, slong k, const fmpq *F,
                   const fmpq *x)
{
    const rf_net_struct *net = S->net;
    slong n0 = S->n0, s;
    const fmpq *f;
    fmpq_t v;
    int sx;
    if (S->lp_error || S->capped)
        return;
    if (k == S->nh) {
        rf_fdim_set_append(S->out->set, x, S->pat);
        if (S->stop && S->out->set->n >= S->next_check) {
            S->next_check *= 2;
            if (S->stop(S->data, S->out)) {
                S->out->stopped = 1;
                S->capped = 1;    /* unwinds the search like the cap */
            }
        }
        return;
    }
    if (i == net->dims[l + 1]) {
        /* layer complete: new affine map = S^l F, forms of the next layer */
        slong nl = net->dims[l + 1], q, t;
        fmpq *Mm = _fmpq_vec_init(nl * (n0 + 1));
        fmpq *G = _fmpq_vec_init(net->dims[l + 2] * (n0 + 1));
        for (t = 0; t < nl; t++)
            if (S->pat[k - nl + t] > 0)
                for (q = 0; q <= n0; q++)
                    fmpq_set(Mm + t * (n0 + 1) + q, F + t * (n0 + 1) + q);
        layer_forms(G, (const rf_net_struct *) net, l + 1, Mm, n0);
        search(S, l + 1, 0, k, G, x);
        _fmpq_vec_clear(Mm, nl * (n0 + 1));
        _fmpq_vec_clear(G, net->dims[l + 2] * (n0 + 1));
        return;
    }
    f = F + i * (n0 + 1);
    /* A neuron identically zero on the cell leaves no admissible point in
     * it (the parameter Jacobian does not exist there: notes 5.2), so such
     * cells are not listed: both strict sides below are empty. The
     * exhaustive equivalence procedure, which needs every cell of the
     * function, counts them (rf_exhaustive_count_regions). */
    fmpq_init(v);
    fmpq_set(v, f + n0);
    for (s = 0; s < n0; s++)
        fmpq_addmul(v, f + s, x + s);
    sx = fmpq_sgn(v);
    fmpq_clear(v);
    for (s = 1; s >= -1; s -= 2) {
        fmpq *row = S->A + S->ncons * (n0 + 1), *y;
        slong q;
        int feas;
        for (q = 0; q <= n0; q++) {
            if (s > 0)
                fmpq_set(row + q, f + q);
            else
                fmpq_neg(row + q, f + q);
        }
        y = _fmpq_vec_init(n0);
        if (sx == s) {
            rf_qvec_set(y, x, n0);
            feas = 1;
        } else {
            if (S->out->nlp >= S->cap) {
                S->capped = 1;
                _fmpq_vec_clear(y, n0);
                return;
            }
            S->out->nlp++;
            feas = open_feasible(y, S->A, S->ncons + 1, n0);
            if (feas < 0) {
                S->lp_error = 1;
                _fmpq_vec_clear(y, n0);
                return;
            }
        }
        if (feas) {
            S->pat[k] = s;
            S->ncons++;
            search(S, l, i + 1, k + 1, F, y);
            S->ncons--;
        }
        _fmpq_vec_clear(y, n0);
        if (S->lp_error || S->capped)
            return;
    }
}

void rf_fdim_regions_init(rf_fdim_regions_t r, const rf_net_t net)
{
    rf_fdim_set_init(r->set, net, 1);
    r->nlp = 0;
    r->complete = 0;
    r->stopped = 0;
}

void rf_fdim_regions_clear(rf_fdim_regions_t r)
{
    rf_fdim_set_clear(r->set);
}

int rf_fdim_regions(rf_fdim_regions_t r, const rf_net_t net, const fmpq *lo,
                    const fmpq *hi, slong cap, rf_err_t err)
{
    return rf_fdim_regions_ex(r, net, lo, hi, cap, NULL, NULL, err);
}

int rf_fdim_regions_ex(rf_fdim_regions_t r, const rf_net_t net, const fmpq *lo,
                       const fmpq *hi, slong cap,
                       int (*stop)(void *data, const rf_fdim_regions_struct *r),
                       void *data, rf_err_t err)
{
    search_t S;
    slong n0 = net->dims[0], nh = rf_net_num_hidden(net), j, q;
    slong maxc = nh + 2 * n0 + 1;
    fmpq *x, *F, *Id;
    S.net = net;
    S.n0 = n0;
    S.nh = nh;
    S.cap = cap > 0 ? cap : 50000;
    S.A = _fmpq_vec_init(maxc * (n0 + 1));
    S.pat = flint_malloc((nh + 1) * sizeof(int));
    S.out = r;
    S.lp_error = 0;
    S.capped = 0;
    S.ncons = 0;
    S.stop = stop;
    S.data = data;
    S.next_check = 16;
    x = _fmpq_vec_init(n0);
    if (lo != NULL && hi != NULL) {
        for (j = 0; j < n0; j++) {
            fmpq *a = S.A + S.ncons * (n0 + 1);
            fmpq_one(a + j);                      /* x_j - lo_j > 0 */
            fmpq_neg(a + n0, lo + j);
            S.ncons++;
            a = S.A + S.ncons * (n0 + 1);
            fmpq_set_si(a + j, -1, 1);            /* hi_j - x_j > 0 */
            fmpq_set(a + n0, hi + j);
            S.ncons++;
        }
        if (open_feasible(x, S.A, S.ncons, n0) != 1) {
            _fmpq_vec_clear(x, n0);
            _fmpq_vec_clear(S.A, maxc * (n0 + 1));
            flint_free(S.pat);
            return rf_err_set(err, RF_ERR_INPUT, "", 0, "empty input box");
        }
    }
    if (nh == 0) {
        rf_fdim_set_append(r->set, x, S.pat);
    } else {
        Id = _fmpq_vec_init(n0 * (n0 + 1));
        for (j = 0; j < n0; j++)
            fmpq_one(Id + j * (n0 + 1) + j);
        F = _fmpq_vec_init(net->dims[1] * (n0 + 1));
        layer_forms(F, net, 0, Id, n0);
        search(&S, 0, 0, 0, F, x);
        _fmpq_vec_clear(F, net->dims[1] * (n0 + 1));
        _fmpq_vec_clear(Id, n0 * (n0 + 1));
    }
    (void) q;
    r->complete = !S.capped && !S.lp_error;
    _fmpq_vec_clear(x, n0);
    _fmpq_vec_clear(S.A, maxc * (n0 + 1));
    flint_free(S.pat);
    if (S.lp_error)
        return rf_err_set(err, RF_ERR_INTERNAL, "", 0, "cddlib LP failed");
    return RF_OK;
}
