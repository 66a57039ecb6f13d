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
 * Everything is exact: C_A is the exact null space (fmpz_mat_nullspace of
 * the integer-scaled W[:, A]^T), and the dimension of each column space is
 * the exact rank of at most nd + dim C_A integer vectors of length nd
 * (fmpz_mat_rref; a column space stops growing once it is all of Q^nd). */
#include <string.h>
#include <stdlib.h>
#include <flint/fmpz_mat.h>
#include <flint/fmpq_mat.h>
#include <flint/fmpz_vec.h>
#include "internal.h"

typedef struct {
    const int *act;   /* nlast entries, > 0: active */
    slong nlast;
    slong mult;
} grp_ref_t;

static int cmp_act(const void *a, const void *b)
{
    const grp_ref_t *x = a, *y = b;
    slong j;
    for (j = 0; j < x->nlast; j++) {
        int u = x->act[j] > 0, v = y->act[j] > 0;
        if (u != v)
            return u - v;
    }
    return 0;
}

/* C_A as the columns 0..m-1 of N (nd x nd); returns m = dim C_A. */
static slong left_null(fmpz_mat_t N, const rf_net_t net, const int *act, slong nlast)
{
    slong nd = rf_net_out_dim(net), L = net->L, na = 0, j, k, t;
    fmpq_mat_t B;
    fmpz_mat_t Bz;
    fmpz *den;
    slong m;
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

/* Add the columns 0..m-1 of N to the space with basis rows sp[0..*r). */
static void span_add(fmpz_mat_t sp, slong *r, const fmpz_mat_t N, slong m)
{
    slong nd = fmpz_mat_nrows(N), i, k, rk;
    fmpz_mat_t M, R;
    fmpz_t den;
    if (*r == nd || m == 0)
        return;
    fmpz_mat_init(M, *r + m, nd);
    fmpz_mat_init(R, *r + m, nd);
    fmpz_init(den);
    for (i = 0; i < *r; i++)
        for (k = 0; k < nd; k++)
            fmpz_set(fmpz_mat_entry(M, i, k), fmpz_mat_entry(sp, i, k));
    for (i = 0; i < m; i++)
        for (k = 0; k < nd; k++)
            fmpz_set(fmpz_mat_entry(M, *r + i, k), fmpz_mat_entry(N, k, i));
    rk = fmpz_mat_rref(R, den, M);
    for (i = 0; i < rk; i++) {
        /* primitive rows: the reduced echelon form over Q is canonical, so
         * the heights do not grow from one call to the next */
        _fmpz_vec_content(den, R->rows[i], nd);
        if (!fmpz_is_zero(den) && !fmpz_is_one(den))
            _fmpz_vec_scalar_divexact_fmpz(R->rows[i], R->rows[i], nd, den);
        for (k = 0; k < nd; k++)
            fmpz_set(fmpz_mat_entry(sp, i, k), fmpz_mat_entry(R, i, k));
    }
    *r = rk;
    fmpz_clear(den);
    fmpz_mat_clear(R);
    fmpz_mat_clear(M);
}

slong _rf_fdim_output_split_bound(const rf_net_t net, const int *const *acts,
                                  const slong *mult, slong ngroups)
{
    slong L = net->L, nd = rf_net_out_dim(net), nlast, g, h, j, bound = 0;
    grp_ref_t *gr;
    fmpz_mat_t *sp;
    slong *rk;
    fmpz_mat_t N;
    if (L < 2 || ngroups == 0)
        return (L < 2) ? WORD_MAX : 0;
    nlast = net->dims[L - 1];
    gr = flint_malloc(ngroups * sizeof(grp_ref_t));
    for (g = 0; g < ngroups; g++) {
        gr[g].act = acts[g];
        gr[g].nlast = nlast;
        gr[g].mult = mult[g];
    }
    qsort(gr, ngroups, sizeof(grp_ref_t), cmp_act);
    sp = flint_malloc((nlast + 1) * sizeof(fmpz_mat_t));
    rk = flint_calloc(nlast + 1, sizeof(slong));
    for (j = 0; j <= nlast; j++)
        fmpz_mat_init(sp[j], nd, nd);
    fmpz_mat_init(N, nd, nd);
    for (g = 0; g < ngroups; g = h) {
        slong m, msum = 0;
        for (h = g; h < ngroups && cmp_act(gr + g, gr + h) == 0; h++)
            msum += gr[h].mult;
        m = left_null(N, net, gr[g].act, nlast);
        bound += (nd - m) * msum;
        for (j = 0; j < nlast; j++)
            if (gr[g].act[j] > 0)
                span_add(sp[j], rk + j, N, m);
        span_add(sp[nlast], rk + nlast, N, m);
    }
    for (j = 0; j <= nlast; j++) {
        bound += rk[j];
        fmpz_mat_clear(sp[j]);
    }
    fmpz_mat_clear(N);
    flint_free(sp);
    flint_free(rk);
    flint_free(gr);
    return bound;
}
