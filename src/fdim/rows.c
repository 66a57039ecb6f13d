/* Jacobian rows of theta -> F_theta(x) on one activation pattern, exactly
 * (fmpq) and modulo a prime, plus the scaling vectors of the kernel.
 *
 * On pattern S, F is a polynomial in theta: with h^0 = x, h^l = S^l (W^l
 * h^(l-1) + b^l) and backward factors G^L = I, G^l = G^(l+1) W^(l+1) S^l,
 *   dF_k/dW^l[i][j] = G^l[k][i] h^(l-1)_j,   dF_k/db^l[i] = G^l[k][i].
 * The derivative rows d/dx_q use the tangent forward pass (h^0 = e_q, no
 * bias) and a zero bias column. */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/fdim.h"
#include "relufiber/qvec.h"

static slong max_width(const slong *dims, slong L)
{
    slong l, m = 0;
    for (l = 0; l <= L; l++)
        m = FLINT_MAX(m, dims[l]);
    return m;
}

/* ------------------------------------------------------------ exact */

void rf_fdim_rows_fmpq(fmpq *rows, const rf_net_t net, const int *pat,
                       const fmpq *x, slong q)
{
    slong L = net->L, l, i, j, k, nd = net->dims[L], D = rf_net_num_params(net);
    slong *hoff = flint_malloc((L + 1) * sizeof(slong)), htot = 0, poff = 0;
    fmpq *h, *G, *Gn;
    fmpq_t t;
    slong mw = max_width(net->dims, L);
    for (l = 0; l < L; l++) {
        hoff[l] = htot;
        htot += net->dims[l];
    }
    h = _fmpq_vec_init(htot);
    G = _fmpq_vec_init(nd * mw);
    Gn = _fmpq_vec_init(nd * mw);
    fmpq_init(t);
    /* forward: h^0 .. h^(L-1) */
    if (q < 0)
        rf_qvec_set(h, x, net->dims[0]);
    else
        fmpq_one(h + q);
    for (l = 1; l < L; l++) {
        const fmpq *hp = h + hoff[l - 1];
        fmpq *hc = h + hoff[l];
        for (i = 0; i < net->dims[l]; i++, poff++) {
            if (pat[poff] <= 0)
                continue;
            if (q < 0)
                fmpq_set(hc + i, rf_net_b(net, l - 1, i));
            for (j = 0; j < net->dims[l - 1]; j++)
                if (!fmpq_is_zero(hp + j))
                    fmpq_addmul(hc + i, rf_net_W(net, l - 1, i, j), hp + j);
        }
    }
    rf_qvec_zero(rows, nd * D);
    /* backward: G (nd x dims[l]) for l = L down to 1 */
    for (k = 0; k < nd; k++)
        fmpq_one(G + k * mw + k);
    poff = rf_net_num_hidden(net);
    for (l = L; l >= 1; l--) {
        slong nl = net->dims[l], np = net->dims[l - 1];
        slong off = rf_net_param_offset(net, l - 1);
        const fmpq *hp = h + hoff[l - 1];
        for (k = 0; k < nd; k++) {
            fmpq *row = rows + k * D + off;
            for (i = 0; i < nl; i++) {
                const fmpq *g = G + k * mw + i;
                if (fmpq_is_zero(g))
                    continue;
                for (j = 0; j < np; j++)
                    if (!fmpq_is_zero(hp + j))
                        fmpq_mul(row + i * np + j, g, hp + j);
                if (q < 0)
                    fmpq_set(row + nl * np + i, g);
            }
        }
        if (l == 1)
            break;
        /* Gn = G W^l S^(l-1) */
        poff -= np;
        for (k = 0; k < nd; k++)
            for (j = 0; j < np; j++) {
                fmpq *gn = Gn + k * mw + j;
                fmpq_zero(gn);
                if (pat[poff + j] <= 0)
                    continue;
                for (i = 0; i < nl; i++)
                    if (!fmpq_is_zero(G + k * mw + i))
                        fmpq_addmul(gn, G + k * mw + i, rf_net_W(net, l - 1, i, j));
            }
        for (k = 0; k < nd * mw; k++)
            fmpq_swap(G + k, Gn + k);
    }
    fmpq_clear(t);
    _fmpq_vec_clear(h, htot);
    _fmpq_vec_clear(G, nd * mw);
    _fmpq_vec_clear(Gn, nd * mw);
    flint_free(hoff);
}

void rf_fdim_scaling_vector(fmpq *v, const rf_net_t net, slong l, slong i)
{
    slong D = rf_net_num_params(net), j;
    slong off = rf_net_param_offset(net, l - 1), offn = rf_net_param_offset(net, l);
    slong np = net->dims[l - 1], nl = net->dims[l], nn = net->dims[l + 1];
    rf_qvec_zero(v, D);
    for (j = 0; j < np; j++)
        fmpq_set(v + off + i * np + j, rf_net_W(net, l - 1, i, j));
    fmpq_set(v + off + nl * np + i, rf_net_b(net, l - 1, i));
    for (j = 0; j < nn; j++)
        fmpq_neg(v + offn + j * nl + i, rf_net_W(net, l, j, i));
}

/* ------------------------------------------------------------- mod p */

int rf_fdim_q_mod(mp_limb_t *r, const fmpq_t q, nmod_t mod)
{
    mp_limb_t d = fmpz_fdiv_ui(fmpq_denref(q), mod.n);
    if (d == 0)
        return 1;
    *r = nmod_mul(fmpz_fdiv_ui(fmpq_numref(q), mod.n), n_invmod(d, mod.n), mod);
    return 0;
}

int rf_fdim_modnet_init(rf_fdim_modnet_t mn, const rf_net_t net, mp_limb_t p)
{
    slong l, i, j, L = net->L;
    nmod_init(&mn->mod, p);
    mn->L = L;
    mn->dims = flint_malloc((L + 1) * sizeof(slong));
    memcpy(mn->dims, net->dims, (L + 1) * sizeof(slong));
    mn->W = flint_calloc(L, sizeof(mp_limb_t *));
    mn->b = flint_calloc(L, sizeof(mp_limb_t *));
    for (l = 0; l < L; l++) {
        slong r = net->dims[l + 1], c = net->dims[l];
        mn->W[l] = flint_malloc(r * c * sizeof(mp_limb_t));
        mn->b[l] = flint_malloc(r * sizeof(mp_limb_t));
        for (i = 0; i < r; i++) {
            for (j = 0; j < c; j++)
                if (rf_fdim_q_mod(mn->W[l] + i * c + j, rf_net_W(net, l, i, j), mn->mod))
                    return 1;
            if (rf_fdim_q_mod(mn->b[l] + i, rf_net_b(net, l, i), mn->mod))
                return 1;
        }
    }
    return 0;
}

void rf_fdim_modnet_clear(rf_fdim_modnet_t mn)
{
    slong l;
    for (l = 0; l < mn->L; l++) {
        flint_free(mn->W[l]);
        flint_free(mn->b[l]);
    }
    flint_free(mn->W);
    flint_free(mn->b);
    flint_free(mn->dims);
}

/* dot product of n residues with a 3-limb accumulator (any word prime) */
static mp_limb_t dot_mod(const mp_limb_t *a, const mp_limb_t *b, slong n,
                         slong stride_b, nmod_t mod)
{
    mp_limb_t s0 = 0, s1 = 0, s2 = 0, hi, lo, r;
    slong j;
    for (j = 0; j < n; j++) {
        umul_ppmm(hi, lo, a[j], b[j * stride_b]);
        add_sssaaaaaa(s2, s1, s0, s2, s1, s0, 0, hi, lo);
    }
    NMOD_RED3(r, s2, s1, s0, mod);
    return r;
}

void rf_fdim_rows_modp(mp_limb_t *rows, const rf_fdim_modnet_t mn,
                       const int *pat, const mp_limb_t *x, slong q)
{
    slong L = mn->L, l, i, j, k, nd = mn->dims[L], D = 0, htot = 0, poff = 0;
    slong mw = max_width(mn->dims, L), nh = 0;
    slong *hoff = flint_malloc((L + 1) * sizeof(slong));
    slong *poffs = flint_malloc((L + 1) * sizeof(slong));
    mp_limb_t *h, *G, *Gn;
    nmod_t mod = mn->mod;
    for (l = 0; l < L; l++) {
        poffs[l] = D;
        D += mn->dims[l + 1] * (mn->dims[l] + 1);
        hoff[l] = htot;
        htot += mn->dims[l];
    }
    for (l = 1; l < L; l++)
        nh += mn->dims[l];
    h = flint_calloc(htot, sizeof(mp_limb_t));
    G = flint_calloc(nd * mw, sizeof(mp_limb_t));
    Gn = flint_calloc(nd * mw, sizeof(mp_limb_t));
    if (q < 0)
        memcpy(h, x, mn->dims[0] * sizeof(mp_limb_t));
    else
        h[q] = 1;
    for (l = 1; l < L; l++) {
        const mp_limb_t *hp = h + hoff[l - 1];
        mp_limb_t *hc = h + hoff[l];
        slong np = mn->dims[l - 1];
        for (i = 0; i < mn->dims[l]; i++, poff++) {
            mp_limb_t z;
            if (pat[poff] <= 0)
                continue;
            z = dot_mod(mn->W[l - 1] + i * np, hp, np, 1, mod);
            hc[i] = (q < 0) ? nmod_add(z, mn->b[l - 1][i], mod) : z;
        }
    }
    memset(rows, 0, nd * D * sizeof(mp_limb_t));
    for (k = 0; k < nd; k++)
        G[k * mw + k] = 1;
    poff = nh;
    for (l = L; l >= 1; l--) {
        slong nl = mn->dims[l], np = mn->dims[l - 1], off = poffs[l - 1];
        const mp_limb_t *hp = h + hoff[l - 1];
        for (k = 0; k < nd; k++) {
            mp_limb_t *row = rows + k * D + off;
            for (i = 0; i < nl; i++) {
                mp_limb_t g = G[k * mw + i];
                if (g == 0)
                    continue;
                _nmod_vec_scalar_mul_nmod(row + i * np, hp, np, g, mod);
                if (q < 0)
                    row[nl * np + i] = g;
            }
        }
        if (l == 1)
            break;
        poff -= np;
        for (k = 0; k < nd; k++)
            for (j = 0; j < np; j++)
                Gn[k * mw + j] = (pat[poff + j] <= 0) ? 0 :
                    dot_mod(G + k * mw, mn->W[l - 1] + j, nl, np, mod);
        memcpy(G, Gn, nd * mw * sizeof(mp_limb_t));
    }
    flint_free(h);
    flint_free(G);
    flint_free(Gn);
    flint_free(hoff);
    flint_free(poffs);
}
