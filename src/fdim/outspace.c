/* Output-null split of the rank bound (the certificate that makes the rank
 * of deep networks with a narrow output exact).
 *
 * Theorem (output-null split). Let W = W^L (nd x n, the output layer) and,
 * for a set A of neurons of the last hidden layer, C_A = {c in Q^nd :
 * c^T W[:, A] = 0} (the left null space of the active columns), rho_A =
 * nd - dim C_A = rank W[:, A]. Group the items of a witness set as in the
 * row bound (reduce.c): a group g has one last-layer active set A_g and
 * contributes m_g = 1 (collapsed: identical rows), min(k_g, n0 + 1) (k_g
 * points of one pattern: rows affine in x) or n0 + 1 (a region block).
 * Then
 *
 *     rank J <= sum_g rho_{A_g} m_g  +  sum_{col} dim( sum_{A ∋ col} C_A ),
 *
 * where col runs over the last-layer neurons and the output bias, and the
 * inner sum over the active sets A of the items that contain col (all of
 * them for the bias).
 *
 * Proof. The row of output k at an item x is r_k = [sum_{j in A} W[k, j]
 * u_j(x) | e_k ⊗ (h(x), 1)]: below the output layer only active neurons of
 * the last hidden layer carry a derivative (u_j = dh_j/dtheta_low), and
 * h(x) vanishes off A. Fix an invertible Q (depending on A only) whose last
 * nd - rho_A rows span C_A. The rows sum_k Q_ik r_k span the same space as
 * the r_k. For a row c of C_A the low part sum_k c_k sum_j W[k,j] u_j is 0,
 * so the combination is [0 | c ⊗ (h(x), 1)], which lies in the direct sum
 * over col in A ∪ {bias} of (sum_{A' ∋ col} C_A') ⊗ e_col; that space is the
 * second term. The other rho_A combinations are fixed linear combinations
 * of the rows of the item, hence affine in x on a pattern (identical on a
 * collapsed group; for region blocks they span at most n0 + 1 times rho_A
 * dimensions): at most rho_A m_g per group. The same holds for the
 * derivative rows of a block, whose output part is (dh/dx_q, 0), again
 * supported on A. ∎
 *
 * Refinement (the exact dimension of the second term's true space). The
 * combinations [0 | c ⊗ (h(x), 1)] span O = sum_A C_A ⊗ H_A, H_A the span of
 * the vectors (h(x), 1) of the items with active set A. The bound above uses
 * the coordinate space R^{A ∪ bias} in place of H_A. The code computes dim O
 * exactly instead: it grows a coordinate subspace F = ⊕_col F_col ⊗ e_col of
 * O, starting from the sets A with H_A = R^{A ∪ bias} (rank |A| + 1 modulo
 * p, hence over Q: H_A has no more dimensions), and adding c ⊗ e_col
 * whenever a generator c ⊗ h (c in C_A, h in H_A) is, modulo F, a non-zero
 * multiple of c ⊗ e_col (all other columns of its support already hold c;
 * h_col != 0 because the support of h is A ∪ bias exactly); then
 * dim O = dim F + rank of the remaining generators modulo F (exact rank
 * over Q of a small matrix, in the coordinates of the quotients
 * Q^nd / F_col). Above a size cap the remaining generators are replaced by
 * their coordinate spaces (the plain bound, still an upper bound).
 *
 * Everything is exact: C_A is the exact null space (fmpz_mat_nullspace of
 * the integer-scaled W[:, A]^T), the column spaces F_col are kept in
 * reduced echelon form with primitive integer rows (fmpz_mat_rref), the
 * quotient rank is fmpq_mat_rank, and the values h(x) entering it are the
 * exact forward pass. */
#include <string.h>
#include <stdlib.h>
#include <flint/fmpz_mat.h>
#include <flint/fmpq_mat.h>
#include <flint/fmpz_vec.h>
#include "internal.h"

/* distinct last-layer active sets and their left null spaces */
typedef struct {
    const int *act;      /* nlast entries (> 0: active) */
    slong m;             /* dim C_A */
    fmpz_mat_t N;        /* nd x nd, columns 0..m-1: a basis of C_A */
    slong *items;        /* items with this A */
    slong nitems;
    int full;            /* H_A = R^{A ∪ bias} certified */
} aset_t;

typedef struct {
    const int *act;
    slong nlast, id;
} aref_t;

static int cmp_act(const int *x, const int *y, slong n)
{
    slong j;
    for (j = 0; j < n; j++) {
        int u = x[j] > 0, v = y[j] > 0;
        if (u != v)
            return u - v;
    }
    return 0;
}

static int cmp_aref(const void *a, const void *b)
{
    const aref_t *x = a, *y = b;
    int c = cmp_act(x->act, y->act, x->nlast);
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* C_A as the columns 0..m-1 of N (nd x nd); returns m = dim C_A. */
static slong left_null(fmpz_mat_t N, const rf_net_t net, const int *act, slong nlast)
{
    slong nd = rf_net_out_dim(net), L = net->L, na = 0, j, k, t, m;
    fmpq_mat_t B;
    fmpz_mat_t Bz;
    fmpz *den;
    for (j = 0; j < nlast; j++)
        na += act[j] > 0;
    if (na == 0) {
        fmpz_mat_one(N);
        return nd;
    }
    fmpq_mat_init(B, na, nd);
    for (j = 0, t = 0; j < nlast; j++)
        if (act[j] > 0) {
            for (k = 0; k < nd; k++)
                fmpq_set(fmpq_mat_entry(B, t, k), rf_net_W(net, L - 1, k, j));
            t++;
        }
    fmpz_mat_init(Bz, na, nd);
    den = _fmpz_vec_init(na);
    fmpq_mat_get_fmpz_mat_rowwise(Bz, den, B);
    m = fmpz_mat_nullspace(N, Bz);
    _fmpz_vec_clear(den, na);
    fmpz_mat_clear(Bz);
    fmpq_mat_clear(B);
    return m;
}

/* F_col: basis rows sp[0..r) in reduced echelon form, primitive. */
typedef struct {
    fmpz_mat_t sp;
    slong r;
} colspace_t;

/* Is the vector c (length nd) in the column space? */
static int col_contains(const colspace_t *F, const fmpz *c, slong nd)
{
    fmpz_mat_t M;
    slong i, k, rk;
    if (F->r == nd)
        return 1;
    if (_fmpz_vec_is_zero(c, nd))
        return 1;
    fmpz_mat_init(M, F->r + 1, nd);
    for (i = 0; i < F->r; i++)
        for (k = 0; k < nd; k++)
            fmpz_set(fmpz_mat_entry(M, i, k), fmpz_mat_entry(F->sp, i, k));
    for (k = 0; k < nd; k++)
        fmpz_set(fmpz_mat_entry(M, F->r, k), c + k);
    rk = fmpz_mat_rank(M);
    fmpz_mat_clear(M);
    return rk == F->r;
}

/* F += span of the vectors vs[0..m) (each of length nd). */
static void col_add(colspace_t *F, const fmpz *const *vs, slong m, slong nd)
{
    slong i, k, rk;
    fmpz_mat_t M, R;
    fmpz_t den;
    if (F->r == nd || m == 0)
        return;
    fmpz_mat_init(M, F->r + m, nd);
    fmpz_mat_init(R, F->r + m, nd);
    fmpz_init(den);
    for (i = 0; i < F->r; i++)
        for (k = 0; k < nd; k++)
            fmpz_set(fmpz_mat_entry(M, i, k), fmpz_mat_entry(F->sp, i, k));
    for (i = 0; i < m; i++)
        for (k = 0; k < nd; k++)
            fmpz_set(fmpz_mat_entry(M, F->r + i, k), vs[i] + k);
    rk = fmpz_mat_rref(R, den, M);
    for (i = 0; i < rk; i++) {
        /* primitive rows: the reduced echelon form over Q is canonical, so
         * heights do not grow from one call to the next */
        _fmpz_vec_content(den, R->rows[i], nd);
        if (!fmpz_is_zero(den) && !fmpz_is_one(den))
            _fmpz_vec_scalar_divexact_fmpz(R->rows[i], R->rows[i], nd, den);
        for (k = 0; k < nd; k++)
            fmpz_set(fmpz_mat_entry(F->sp, i, k), fmpz_mat_entry(R, i, k));
    }
    F->r = rk;
    fmpz_clear(den);
    fmpz_mat_clear(R);
    fmpz_mat_clear(M);
}

/* Coordinates of c modulo F in Q^(nd - r): reduce by the echelon rows,
 * keep the non-pivot entries. */
static void col_quotient(fmpq *out, const colspace_t *F, const fmpz *c, slong nd)
{
    fmpq *v = _fmpq_vec_init(nd);
    slong *piv = flint_malloc((F->r + 1) * sizeof(slong));
    char *isp = flint_calloc(nd + 1, 1);
    slong i, k, t = 0;
    fmpq_t f, e;
    fmpq_init(f);
    fmpq_init(e);
    for (k = 0; k < nd; k++)
        fmpq_set_fmpz(v + k, c + k);
    for (i = 0; i < F->r; i++) {
        for (k = 0; k < nd && fmpz_is_zero(fmpz_mat_entry(F->sp, i, k)); k++)
            ;
        piv[i] = k;
        isp[k] = 1;
    }
    for (i = 0; i < F->r; i++) {
        fmpq_set_fmpz(e, fmpz_mat_entry(F->sp, i, piv[i]));
        fmpq_div(f, v + piv[i], e);
        for (k = 0; k < nd; k++) {
            fmpq_set_fmpz(e, fmpz_mat_entry(F->sp, i, k));
            fmpq_submul(v + k, f, e);
        }
    }
    for (k = 0; k < nd; k++)
        if (!isp[k])
            fmpq_set(out + t++, v + k);
    fmpq_clear(f);
    fmpq_clear(e);
    flint_free(isp);
    flint_free(piv);
    _fmpq_vec_clear(v, nd);
}

/* (h(x), 1) of the last hidden layer modulo p, masked by the item's pattern */
static void hvec_modp(mp_limb_t *out, const rf_fdim_modnet_t mn, const int *pat,
                      const mp_limb_t *xm)
{
    slong L = mn->L, l, i, c, mw = 0, off = 0;
    mp_limb_t *h, *hn;
    for (l = 0; l <= L; l++)
        mw = FLINT_MAX(mw, mn->dims[l]);
    h = flint_malloc((mw + 1) * sizeof(mp_limb_t));
    hn = flint_malloc((mw + 1) * sizeof(mp_limb_t));
    for (c = 0; c < mn->dims[0]; c++)
        h[c] = xm[c];
    for (l = 0; l + 1 < L; l++) {
        slong np = mn->dims[l], nl = mn->dims[l + 1];
        for (i = 0; i < nl; i++) {
            mp_limb_t a = mn->b[l][i];
            if (pat[off + i] > 0)
                for (c = 0; c < np; c++)
                    a = nmod_add(a, nmod_mul(mn->W[l][i * np + c], h[c], mn->mod), mn->mod);
            hn[i] = (pat[off + i] > 0) ? a : 0;
        }
        off += nl;
        MP_PTR_SWAP(h, hn);
    }
    for (c = 0; c < mn->dims[L - 1]; c++)
        out[c] = h[c];
    out[mn->dims[L - 1]] = 1;
    flint_free(h);
    flint_free(hn);
}

/* Is H_A all of R^{A ∪ bias}? (rank |A| + 1 of the item vectors mod p) */
static int aset_full(const aset_t *a, const rf_fdim_modnet_t mn, const rf_fdim_set_t s,
                     const mp_limb_t *xm, slong nlast)
{
    slong na = 0, j, t, it, rk, cap;
    nmod_mat_t M;
    mp_limb_t *hv;
    for (j = 0; j < nlast; j++)
        na += a->act[j] > 0;
    if (a->nitems < na + 1)
        return 0;
    cap = FLINT_MIN(a->nitems, 4 * (na + 1));
    hv = flint_malloc((nlast + 2) * sizeof(mp_limb_t));
    nmod_mat_init(M, cap, na + 1, mn->mod.n);
    for (it = 0; it < cap; it++) {
        slong item = a->items[it];
        hvec_modp(hv, mn, s->pat + item * s->nh, xm + item * s->n0);
        for (j = 0, t = 0; j < nlast; j++)
            if (a->act[j] > 0)
                nmod_mat_entry(M, it, t++) = hv[j];
        nmod_mat_entry(M, it, t) = 1;
    }
    rk = nmod_mat_rank(M);
    nmod_mat_clear(M);
    flint_free(hv);
    return rk == na + 1;
}

#define RF_OUTSPACE_CAP 40000   /* entries of the final exact quotient matrix */

slong _rf_fdim_output_split_bound(const rf_net_t net, const rf_fdim_set_t s,
                                  const rf_fdim_modnet_struct *mn,
                                  const mp_limb_t *xm, const int *const *acts,
                                  const slong *mult, slong ngroups)
{
    slong L = net->L, nd = rf_net_out_dim(net), nlast, nh = s->nh, g, i, j, k;
    slong na = 0, bound = 0, last0, npend = 0, changed;
    aref_t *ar;
    aset_t *as;
    colspace_t *F;
    slong (*pend)[2];   /* (aset, basis column) pairs still open */
    if (L < 2)
        return WORD_MAX;
    if (s->n == 0)
        return 0;
    nlast = net->dims[L - 1];
    last0 = nh - nlast;
    /* distinct active sets over the items */
    ar = flint_malloc(s->n * sizeof(aref_t));
    for (i = 0; i < s->n; i++) {
        ar[i].act = s->pat + i * nh + last0;
        ar[i].nlast = nlast;
        ar[i].id = i;
    }
    qsort(ar, s->n, sizeof(aref_t), cmp_aref);
    as = flint_malloc(s->n * sizeof(aset_t));
    for (i = 0; i < s->n; i = k) {
        for (k = i + 1; k < s->n && cmp_act(ar[i].act, ar[k].act, nlast) == 0; k++)
            ;
        as[na].act = ar[i].act;
        fmpz_mat_init(as[na].N, nd, nd);
        as[na].m = left_null(as[na].N, net, ar[i].act, nlast);
        as[na].nitems = k - i;
        as[na].items = flint_malloc((k - i) * sizeof(slong));
        for (j = i; j < k; j++)
            as[na].items[j - i] = ar[j].id;
        as[na].full = (s->blocks || mn == NULL) ? 1
                    : (as[na].m > 0 && aset_full(as + na, mn, s, xm, nlast));
        na++;
    }
    /* first term: rho_A m_g over the groups */
    for (g = 0; g < ngroups; g++) {
        slong lo = 0, hi = na - 1, mid = 0;
        while (lo <= hi) {
            int c;
            mid = (lo + hi) / 2;
            c = cmp_act(as[mid].act, acts[g], nlast);
            if (c == 0)
                break;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        if (lo > hi)   /* cannot happen: every group has items; be safe */
            mid = -1;
        bound += (nd - (mid >= 0 ? as[mid].m : 0)) * mult[g];
    }
    /* second term: dim O, starting from the full sets */
    F = flint_malloc((nlast + 1) * sizeof(colspace_t));
    for (j = 0; j <= nlast; j++) {
        fmpz_mat_init(F[j].sp, nd, nd);
        F[j].r = 0;
    }
    pend = flint_malloc((na * nd + 1) * sizeof(*pend));
    for (i = 0; i < na; i++) {
        const fmpz **vs;
        slong c;
        if (as[i].m == 0)
            continue;
        if (!as[i].full) {
            for (c = 0; c < as[i].m; c++) {
                pend[npend][0] = i;
                pend[npend++][1] = c;
            }
            continue;
        }
        vs = flint_malloc(as[i].m * sizeof(fmpz *));
        for (c = 0; c < as[i].m; c++) {
            fmpz *v = _fmpz_vec_init(nd);
            for (k = 0; k < nd; k++)
                fmpz_set(v + k, fmpz_mat_entry(as[i].N, k, c));
            vs[c] = v;
        }
        for (j = 0; j < nlast; j++)
            if (as[i].act[j] > 0)
                col_add(F + j, vs, as[i].m, nd);
        col_add(F + nlast, vs, as[i].m, nd);
        for (c = 0; c < as[i].m; c++)
            _fmpz_vec_clear((fmpz *) vs[c], nd);
        flint_free(vs);
    }
    /* fixpoint: a generator open in a single column is that column's */
    do {
        slong q = 0, p;
        changed = 0;
        for (p = 0; p < npend; p++) {
            slong ia = pend[p][0], c = pend[p][1], nu = 0, u0 = -1;
            fmpz *v = _fmpz_vec_init(nd);
            for (k = 0; k < nd; k++)
                fmpz_set(v + k, fmpz_mat_entry(as[ia].N, k, c));
            for (j = 0; j <= nlast && nu < 2; j++)
                if ((j == nlast || as[ia].act[j] > 0) && !col_contains(F + j, v, nd)) {
                    nu++;
                    u0 = j;
                }
            if (nu == 1) {
                const fmpz *vv = v;
                col_add(F + u0, &vv, 1, nd);
                changed = 1;
            }
            if (nu >= 2) {
                pend[q][0] = ia;
                pend[q++][1] = c;
            }
            _fmpz_vec_clear(v, nd);
        }
        npend = q;
    } while (changed && npend > 0);
    /* the remaining generators: exact rank modulo F, or their coordinate
     * spaces above the cap */
    if (npend > 0) {
        slong *qoff = flint_malloc((nlast + 2) * sizeof(slong)), nq = 0, nrow = 0, p;
        for (j = 0; j <= nlast; j++) {
            qoff[j] = nq;
            nq += nd - F[j].r;
        }
        for (p = 0; p < npend; p++)
            nrow += as[pend[p][0]].nitems;
        if ((double) nrow * nq <= RF_OUTSPACE_CAP) {
            fmpq_mat_t M;
            fmpq *pre = _fmpq_vec_init(rf_net_num_hidden(net) + 1);
            fmpq *qc = _fmpq_vec_init(nd + 1);
            fmpq_t hc;
            slong row = 0;
            fmpq_init(hc);
            fmpq_mat_init(M, nrow, nq);
            for (p = 0; p < npend; p++) {
                slong ia = pend[p][0], c = pend[p][1], t;
                fmpz *v = _fmpz_vec_init(nd);
                for (k = 0; k < nd; k++)
                    fmpz_set(v + k, fmpz_mat_entry(as[ia].N, k, c));
                for (t = 0; t < as[ia].nitems; t++, row++) {
                    slong item = as[ia].items[t];
                    rf_net_forward(pre, NULL, net, s->x + item * s->n0);
                    for (j = 0; j <= nlast; j++) {
                        slong e;
                        if (j < nlast && as[ia].act[j] <= 0)
                            continue;
                        if (j < nlast)
                            fmpq_set(hc, pre + last0 + j);
                        else
                            fmpq_one(hc);
                        col_quotient(qc, F + j, v, nd);
                        for (e = 0; e < nd - F[j].r; e++)
                            fmpq_mul(fmpq_mat_entry(M, row, qoff[j] + e), hc, qc + e);
                    }
                }
                _fmpz_vec_clear(v, nd);
            }
            {
                fmpz_mat_t Mz;
                fmpz *den = _fmpz_vec_init(nrow);
                fmpz_mat_init(Mz, nrow, nq);
                fmpq_mat_get_fmpz_mat_rowwise(Mz, den, M);
                bound += fmpz_mat_rank(Mz);
                fmpz_mat_clear(Mz);
                _fmpz_vec_clear(den, nrow);
            }
            fmpq_mat_clear(M);
            fmpq_clear(hc);
            _fmpq_vec_clear(qc, nd + 1);
            _fmpq_vec_clear(pre, rf_net_num_hidden(net) + 1);
        } else {
            for (p = 0; p < npend; p++) {
                slong ia = pend[p][0], c = pend[p][1];
                fmpz *v = _fmpz_vec_init(nd);
                const fmpz *vv = v;
                for (k = 0; k < nd; k++)
                    fmpz_set(v + k, fmpz_mat_entry(as[ia].N, k, c));
                for (j = 0; j <= nlast; j++)
                    if (j == nlast || as[ia].act[j] > 0)
                        col_add(F + j, &vv, 1, nd);
                _fmpz_vec_clear(v, nd);
            }
        }
        flint_free(qoff);
    }
    for (j = 0; j <= nlast; j++) {
        bound += F[j].r;
        fmpz_mat_clear(F[j].sp);
    }
    for (i = 0; i < na; i++) {
        fmpz_mat_clear(as[i].N);
        flint_free(as[i].items);
    }
    flint_free(F);
    flint_free(pend);
    flint_free(as);
    flint_free(ar);
    return bound;
}
