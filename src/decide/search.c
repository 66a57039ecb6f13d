/* The separating-input search, the fast rung of the equivalence ladder
 * (docs/exhaustive.md, "The ladder").
 *
 * Claim: a NO verdict from this rung is certified, never heuristic. The
 * search ranks small-height rational candidate inputs by floating-point
 * evidence, and only an exact evaluation f_A(x) != f_B(x) (re-checked by
 * rf_equiv_set_separating) decides. Evidence comes from
 *   - the double-precision difference |f_A(x) - f_B(x)| against a bound on
 *     the rounding error (the propagated magnitude sum |W| |a| + |b|);
 *   - when two networks P, Q of the same shape are given (the canonical
 *     forms), the directional derivative d/dt f_{P + t (Q - P)}(x) at t = 0,
 *     computed in doubles from the exact difference Q - P rescaled to unit
 *     size, so that differences far below double resolution (1e-30) still
 *     show: if x lies inside an activation region of P and Q, f_Q(x) - f_P(x)
 *     is this derivative times the size of the difference plus
 *     higher-order terms.
 * Candidates: random points of the domain with dyadic coordinates (small
 * height), points next to the bent hyperplane of every first-layer neuron,
 * and, when the two canonical forms P, Q differ, points where a neuron
 * touched by the difference is active: a neuron whose incoming row or bias
 * differs, or whose outgoing column differs, only changes the function
 * where it is active, and such a region can be tiny (an ACAS Xu neuron
 * active on 0.2% of [-1/2, 1/2]^5). Those points come from a Newton ascent
 * on the neuron's pre-activation z(x), piecewise linear: on the current
 * piece, step x += (m - z) g / |g|^2 towards the margin m, projected on
 * the box. Finding nothing proves nothing: the ladder goes on. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/decide.h"
#include "relufiber/rational.h"
#include "relufiber/qvec.h"

typedef struct {
    slong L, *dims;
    double **W, **b;   /* W[l] row-major dims[l+1] x dims[l] */
} dnet_t;

static void dnet_init(dnet_t *D, const rf_net_t net)
{
    slong l, i, j;
    D->L = net->L;
    D->dims = flint_malloc((net->L + 1) * sizeof(slong));
    memcpy(D->dims, net->dims, (net->L + 1) * sizeof(slong));
    D->W = flint_malloc(net->L * sizeof(double *));
    D->b = flint_malloc(net->L * sizeof(double *));
    for (l = 0; l < net->L; l++) {
        slong r = net->dims[l + 1], c = net->dims[l];
        D->W[l] = flint_malloc(r * c * sizeof(double));
        D->b[l] = flint_malloc(r * sizeof(double));
        for (i = 0; i < r; i++) {
            for (j = 0; j < c; j++)
                D->W[l][i * c + j] = rf_q_get_d(rf_net_W(net, l, i, j));
            D->b[l][i] = rf_q_get_d(rf_net_b(net, l, i));
        }
    }
}

/* D = (Q - P) / max |Q - P| in doubles (exact difference first); returns 0
 * if Q = P. */
static int dnet_init_diff(dnet_t *D, const rf_net_t P, const rf_net_t Q)
{
    slong l, i, j;
    fmpq_t t, m;
    int nz;
    fmpq_init(t);
    fmpq_init(m);
    for (l = 0; l < P->L; l++) {
        for (i = 0; i < P->dims[l + 1]; i++) {
            for (j = 0; j < P->dims[l]; j++) {
                fmpq_sub(t, rf_net_W(Q, l, i, j), rf_net_W(P, l, i, j));
                fmpq_abs(t, t);
                if (fmpq_cmp(t, m) > 0)
                    fmpq_set(m, t);
            }
            fmpq_sub(t, rf_net_b(Q, l, i), rf_net_b(P, l, i));
            fmpq_abs(t, t);
            if (fmpq_cmp(t, m) > 0)
                fmpq_set(m, t);
        }
    }
    nz = !fmpq_is_zero(m);
    D->L = P->L;
    D->dims = flint_malloc((P->L + 1) * sizeof(slong));
    memcpy(D->dims, P->dims, (P->L + 1) * sizeof(slong));
    D->W = flint_malloc(P->L * sizeof(double *));
    D->b = flint_malloc(P->L * sizeof(double *));
    for (l = 0; l < P->L; l++) {
        slong r = P->dims[l + 1], c = P->dims[l];
        D->W[l] = flint_calloc(r * c + 1, sizeof(double));
        D->b[l] = flint_calloc(r + 1, sizeof(double));
        for (i = 0; i < r && nz; i++) {
            for (j = 0; j < c; j++) {
                fmpq_sub(t, rf_net_W(Q, l, i, j), rf_net_W(P, l, i, j));
                if (!fmpq_is_zero(t)) {
                    fmpq_div(t, t, m);
                    D->W[l][i * c + j] = rf_q_get_d(t);
                }
            }
            fmpq_sub(t, rf_net_b(Q, l, i), rf_net_b(P, l, i));
            if (!fmpq_is_zero(t)) {
                fmpq_div(t, t, m);
                D->b[l][i] = rf_q_get_d(t);
            }
        }
    }
    fmpq_clear(t);
    fmpq_clear(m);
    return nz;
}

static void dnet_clear(dnet_t *D)
{
    slong l;
    for (l = 0; l < D->L; l++) {
        flint_free(D->W[l]);
        flint_free(D->b[l]);
    }
    flint_free(D->W);
    flint_free(D->b);
    flint_free(D->dims);
}

static slong dnet_wmax(const dnet_t *D)
{
    slong l, w = 0;
    for (l = 0; l <= D->L; l++)
        w = FLINT_MAX(w, D->dims[l]);
    return w;
}

/* Forward pass in doubles: y (dL), mag (dL: propagated sum |W||a| + |b|,
 * a scale for the rounding error), and with dD != NULL the directional
 * derivative dy along dD, mag then being the propagated magnitude of the
 * derivative's computation (|dW||a| + |W||da| + |db|), its rounding scale.
 * Work buffers of size 8 * wmax. */
static void dnet_eval(double *y, double *mag, double *dy, const dnet_t *D,
                      const dnet_t *dD, const double *x, double *buf, slong wmax)
{
    double *a = buf, *na = buf + wmax, *m = buf + 2 * wmax, *nm = buf + 3 * wmax;
    double *da = dD ? buf + 4 * wmax : NULL, *nda = dD ? buf + 5 * wmax : NULL;
    double *dm = dD ? buf + 6 * wmax : NULL, *ndm = dD ? buf + 7 * wmax : NULL;
    slong l, i, j;
    for (j = 0; j < D->dims[0]; j++) {
        a[j] = x[j];
        m[j] = fabs(x[j]);
        if (dD)
            da[j] = dm[j] = 0.0;
    }
    for (l = 0; l < D->L; l++) {
        slong r = D->dims[l + 1], c = D->dims[l];
        int last = l + 1 == D->L;
        for (i = 0; i < r; i++) {
            const double *w = D->W[l] + i * c;
            double z = D->b[l][i], zm = fabs(D->b[l][i]), dz = 0.0, dzm = 0.0;
            for (j = 0; j < c; j++) {
                z += w[j] * a[j];
                zm += fabs(w[j]) * m[j];
            }
            if (dD) {
                const double *dw = dD->W[l] + i * c;
                dz = dD->b[l][i];
                dzm = fabs(dz);
                for (j = 0; j < c; j++) {
                    dz += w[j] * da[j] + dw[j] * a[j];
                    dzm += fabs(w[j]) * dm[j] + fabs(dw[j]) * m[j];
                }
            }
            if (!last && !(z > 0)) {
                z = 0.0;
                dz = 0.0;
                dzm = 0.0;
            }
            na[i] = z;
            nm[i] = zm;
            if (dD) {
                nda[i] = dz;
                ndm[i] = dzm;
            }
        }
        memcpy(a, na, r * sizeof(double));
        memcpy(m, nm, r * sizeof(double));
        if (dD) {
            memcpy(da, nda, r * sizeof(double));
            memcpy(dm, ndm, r * sizeof(double));
        }
    }
    for (i = 0; i < D->dims[D->L]; i++) {
        y[i] = a[i];
        mag[i] = dD ? dm[i] : m[i];
        if (dy)
            dy[i] = da[i];
    }
}

/* Pre-activations of every layer at x (pre has sum of dims[1..L] entries,
 * layer l at offset off[l]). */
static void dnet_forward_all(double *pre, const slong *off, const dnet_t *D,
                             const double *x)
{
    slong l, i, j;
    for (l = 0; l < D->L; l++) {
        slong r = D->dims[l + 1], c = D->dims[l];
        const double *a = l == 0 ? x : pre + off[l - 1];
        for (i = 0; i < r; i++) {
            const double *w = D->W[l] + i * c;
            double z = D->b[l][i];
            for (j = 0; j < c; j++)
                z += w[j] * (l == 0 ? a[j] : (a[j] > 0 ? a[j] : 0.0));
            pre[off[l] + i] = z;
        }
    }
}

/* The gradient g (d0 entries) of the pre-activation of neuron i of layer
 * l (0-based, l < L) at the point whose pre-activations are pre; gb and
 * gn are work vectors of size wmax. */
static void dnet_preact_grad(double *g, const dnet_t *D, const double *pre,
                             const slong *off, slong l, slong i,
                             double *gb, double *gn)
{
    slong k, r, c, j;
    c = D->dims[l];
    for (j = 0; j < c; j++)
        gb[j] = D->W[l][i * c + j];
    for (k = l - 1; k >= 0; k--) {
        r = D->dims[k + 1];
        c = D->dims[k];
        for (j = 0; j < c; j++)
            gn[j] = 0.0;
        for (j = 0; j < r; j++) {
            double v = pre[off[k] + j] > 0 ? gb[j] : 0.0;
            slong t;
            if (v != 0.0)
                for (t = 0; t < c; t++)
                    gn[t] += v * D->W[k][j * c + t];
        }
        memcpy(gb, gn, c * sizeof(double));
    }
    memcpy(g, gb, D->dims[0] * sizeof(double));
}

/* Newton ascent from x (overwritten) until the pre-activations of the n
 * neurons ch[0..2n) ((layer, index) pairs) all exceed a margin that
 * survives rounding x to multiples of 2^-12; stays in [lo, hi] (doubles,
 * or none). On the current linear piece each step is the least-norm step
 * reaching twice the margin for the violated neurons: delta = sum c_k g_k
 * with the Gram system G c = t over the violated set. g has n * d + n * n
 * + 2 n entries. At most iters steps, each taken from *budget. Returns 1
 * on success. */
static int dnet_activate(double *x, const dnet_t *D, double *pre, const slong *off,
                         const slong *ch, slong n, const double *lo, const double *hi,
                         double *g, double *gb, double *gn, slong iters, slong *budget)
{
    slong d = D->dims[0], it, j, k, q, r, nv;
    double *G = g + n * d, *t = G + n * n, *c = t + n;
    for (it = 0; it < iters && *budget > 0; it++, (*budget)--) {
        nv = 0;
        dnet_forward_all(pre, off, D, x);
        for (k = 0; k < n; k++) {
            double g1 = 0.0, z = pre[off[ch[2 * k]] + ch[2 * k + 1]], m;
            double *gk = g + nv * d;
            dnet_preact_grad(gk, D, pre, off, ch[2 * k], ch[2 * k + 1], gb, gn);
            for (j = 0; j < d; j++)
                g1 += fabs(gk[j]);
            m = 4.0 * g1 * ldexp(1.0, -12) + 1e-9 * (1.0 + fabs(z));
            if (!(z > m)) {
                t[nv++] = 2.0 * m - z;
            }
        }
        if (nv == 0)
            return 1;
        /* Gram system over the violated neurons, Gaussian elimination with
           partial pivoting (nv <= RF_DECIDE_SEARCH_CHAIN) */
        for (q = 0; q < nv; q++)
            for (r = 0; r < nv; r++) {
                double sum = 0.0;
                for (j = 0; j < d; j++)
                    sum += g[q * d + j] * g[r * d + j];
                G[q * nv + r] = sum;
            }
        for (q = 0; q < nv; q++) {
            slong p = q;
            double piv;
            for (r = q + 1; r < nv; r++)
                if (fabs(G[r * nv + q]) > fabs(G[p * nv + q]))
                    p = r;
            if (!(fabs(G[p * nv + q]) > 1e-14 * (1.0 + fabs(G[q * nv + q]))))
                return 0;
            if (p != q) {
                double tmp;
                for (r = 0; r < nv; r++) {
                    tmp = G[q * nv + r];
                    G[q * nv + r] = G[p * nv + r];
                    G[p * nv + r] = tmp;
                }
                tmp = t[q];
                t[q] = t[p];
                t[p] = tmp;
            }
            piv = G[q * nv + q];
            for (r = q + 1; r < nv; r++) {
                double f = G[r * nv + q] / piv;
                slong cc;
                for (cc = q; cc < nv; cc++)
                    G[r * nv + cc] -= f * G[q * nv + cc];
                t[r] -= f * t[q];
            }
        }
        for (q = nv - 1; q >= 0; q--) {
            double sum = t[q];
            for (r = q + 1; r < nv; r++)
                sum -= G[q * nv + r] * c[r];
            c[q] = sum / G[q * nv + q];
            if (!isfinite(c[q]))
                return 0;
        }
        for (j = 0; j < d; j++) {
            double st = 0.0;
            for (q = 0; q < nv; q++)
                st += c[q] * g[q * d + j];
            x[j] += st;
            if (lo != NULL && x[j] < lo[j])
                x[j] = lo[j];
            if (hi != NULL && x[j] > hi[j])
                x[j] = hi[j];
        }
    }
    return 0;
}

static ulong mix(ulong *s)
{
    ulong z = (*s += UWORD(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UWORD(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UWORD(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* A dyadic rational near v with den 2^k, clamped to the box. */
static void dyadic(fmpq_t q, double v, slong k, const fmpq *lo, const fmpq *hi)
{
    double s = ldexp(1.0, (int) k), r = nearbyint(v * s);
    if (!isfinite(r) || fabs(r) > 9.0e15)
        r = r > 0 ? 9.0e15 : -9.0e15;
    fmpz_set_d(fmpq_numref(q), r);
    fmpz_one(fmpq_denref(q));
    fmpz_mul_2exp(fmpq_denref(q), fmpq_denref(q), (ulong) k);
    fmpq_canonicalise(q);
    if (lo != NULL && fmpq_cmp(q, lo) < 0)
        fmpq_set(q, lo);
    if (hi != NULL && fmpq_cmp(q, hi) > 0)
        fmpq_set(q, hi);
}

typedef struct {
    double score;
    slong k;
} cand_t;

static int cand_cmp(const void *a, const void *b)
{
    double x = ((const cand_t *) a)->score, y = ((const cand_t *) b)->score;
    return (x < y) - (x > y);
}

static int search_has_group(const slong *grp, slong n, const slong *h)
{
    slong k;
    for (k = 0; k < n; k++)
        if (grp[4 * k] == h[0] && grp[4 * k + 1] == h[1]
            && grp[4 * k + 2] == h[2] && grp[4 * k + 3] == h[3])
            return 1;
    return 0;
}

/* For each group of P (one or two neurons that must be active together
 * for the difference to show): start from the RF_DECIDE_SEARCH_STARTS
 * points of X0 (n0 points) with the largest smallest pre-activation,
 * ascend, and keep the points where the group became active, rounded to
 * dyadics in the box. Writes them to X and xq; returns how many. */
static slong search_activate(double *X, fmpq *xq, const dnet_t *P, const double *X0,
                             slong n0, const slong *grp, slong ngroup,
                             const fmpq *lo, const fmpq *hi)
{
    slong d = P->dims[0], L = P->L, wmax = dnet_wmax(P), tot = 0, t, k, j, l, out = 0;
    slong *off = flint_malloc((L + 1) * sizeof(slong));
    double *pre, *g, *gb, *gn, *dlo = NULL, *dhi = NULL, *zs, *x;
    slong best[RF_DECIDE_SEARCH_STARTS];
    for (l = 0; l < L; l++) {
        off[l] = tot;
        tot += P->dims[l + 1];
    }
    pre = flint_malloc((tot + 1) * sizeof(double));
    zs = flint_malloc((n0 * ngroup + 1) * sizeof(double));
    slong ch[2 * RF_DECIDE_SEARCH_CHAIN];
    const slong C = RF_DECIDE_SEARCH_CHAIN;
    slong budget, size = 1;
    for (l = 0; l < L; l++)
        size += P->dims[l + 1] * (P->dims[l] + 1);
    /* Newton steps in all: about 2e8 multiply-adds */
    budget = FLINT_MAX(200, (slong) (2e8 / ((double) size * 4)));
    g = flint_malloc((C * d + C * C + 2 * C + 2 * wmax + 2 * d + 1) * sizeof(double));
    gb = g + C * d + C * C + 2 * C;
    gn = gb + wmax;
    x = gn + wmax;
    /* the box, or [-64, 64]^d0 on R^d0 (the widest random scale): the
       points found keep a small height */
    dlo = flint_malloc(2 * d * sizeof(double));
    dhi = dlo + d;
    for (j = 0; j < d; j++) {
        dlo[j] = lo != NULL ? rf_q_get_d(lo + j) : -64.0;
        dhi[j] = hi != NULL ? rf_q_get_d(hi + j) : 64.0;
    }
    for (k = 0; k < n0; k++) {
        dnet_forward_all(pre, off, P, X0 + k * d);
        for (t = 0; t < ngroup; t++) {
            const slong *h = grp + 4 * t;
            double z = pre[off[h[0]] + h[1]];
            if (h[2] >= 0)
                z = FLINT_MIN(z, pre[off[h[2]] + h[3]]);
            zs[t * n0 + k] = z;
        }
    }
    for (t = 0; t < ngroup; t++) {
        slong nb = 0, q;
        const double *z = zs + t * n0;
        for (k = 0; k < n0; k++) {
            slong pos;
            if (nb < RF_DECIDE_SEARCH_STARTS)
                pos = nb++;
            else if (z[k] > z[best[nb - 1]])
                pos = nb - 1;
            else
                continue;
            best[pos] = k;
            for (; pos > 0 && z[best[pos]] > z[best[pos - 1]]; pos--) {
                slong tmp = best[pos];
                best[pos] = best[pos - 1];
                best[pos - 1] = tmp;
            }
        }
        for (q = 0; q < nb && budget > 0; q++) {
            slong n = 0, dl, di;
            const slong *h = grp + 4 * t;
            memcpy(x, X0 + best[q] * d, d * sizeof(double));
            if (h[2] >= 0) {
                ch[2 * n] = h[2];
                ch[2 * n++ + 1] = h[3];
            }
            ch[2 * n] = dl = h[0];
            ch[2 * n++ + 1] = di = h[1];
            if (!dnet_activate(x, P, pre, off, ch, n, dlo, dhi, g, gb, gn,
                               RF_DECIDE_SEARCH_ITERS, &budget))
                continue;
            /* extend the chain downstream one layer at a time: among the
               neurons of the next hidden layer fed by the last one, try
               those with the largest pre-activation at x first */
            while (dl + 2 < L && n < RF_DECIDE_SEARCH_CHAIN && budget > 0) {
                slong c = P->dims[dl + 1], kk, tries, tried[RF_DECIDE_SEARCH_STARTS];
                int ok = 0;
                dnet_forward_all(pre, off, P, x);
                for (tries = 0; tries < RF_DECIDE_SEARCH_STARTS && !ok; tries++) {
                    slong bk = -1, u;
                    for (kk = 0; kk < P->dims[dl + 2]; kk++) {
                        int seen = 0;
                        for (u = 0; u < tries; u++)
                            seen = seen || tried[u] == kk;
                        if (!seen && P->W[dl + 1][kk * c + di] != 0.0
                            && (bk < 0 || pre[off[dl + 1] + kk] > pre[off[dl + 1] + bk]))
                            bk = kk;
                    }
                    if (bk < 0)
                        break;
                    tried[tries] = bk;
                    memcpy(x + d, x, d * sizeof(double));
                    ch[2 * n] = dl + 1;
                    ch[2 * n + 1] = bk;
                    if (dnet_activate(x + d, P, pre, off, ch, n + 1, dlo, dhi, g, gb, gn,
                                      RF_DECIDE_SEARCH_ITERS, &budget)) {
                        memcpy(x, x + d, d * sizeof(double));
                        ok = 1;
                        dl++;
                        di = bk;
                        n++;
                    }
                    if (!ok)
                        dnet_forward_all(pre, off, P, x);
                }
                if (!ok)
                    break;
            }
            for (j = 0; j < d; j++) {
                dyadic(xq + out * d + j, x[j], 12, lo ? lo + j : NULL, hi ? hi + j : NULL);
                X[out * d + j] = rf_q_get_d(xq + out * d + j);
            }
            out++;
        }
    }
    flint_free(dlo);
    flint_free(g);
    flint_free(zs);
    flint_free(pre);
    flint_free(off);
    return out;
}

/* Exact confirmation of a candidate: returns 1 (res set) if it separates. */
static int search_confirm(rf_equiv_t res, rf_decide_search_stats_t stats, const rf_net_t A,
                          const rf_net_t B, const fmpq *x, fmpq *y1, fmpq *y2)
{
    rf_net_eval(y1, A, x);
    rf_net_eval(y2, B, x);
    if (stats != NULL)
        stats->exact_evals++;
    return !rf_qvec_equal(y1, y2, rf_net_out_dim(A))
           && rf_equiv_set_separating(res, A, B, x, "separating-search");
}

static int search_run(rf_equiv_t res, rf_decide_search_stats_t stats,
                      const rf_net_t A, const rf_net_t B,
                      const rf_net_t P, const rf_net_t Q,
                      const fmpq *lo, const fmpq *hi, slong npoints,
                      ulong seed, int kinks)
{
    slong d = rf_net_in_dim(A), n_out = rf_net_out_dim(A), k, j, npts, nk, ncand = 0;
    slong wmax, tries = 0, maxtries = 6, nd = 0;
    ulong s = seed ^ UWORD(0x5eed5eed);
    dnet_t DA, DB, DP, DQ, dD;
    int have_dir = 0, found = 0;
    slong ntarget = 0, nextra = 0, ncap, *targ = NULL;
    double *X, *buf, *ya, *yb, *ma, *mb, *dy;
    cand_t *cand;
    fmpq *xq, *y1, *y2;
    fmpq_t t;
    if (npoints <= 0)
        npoints = RF_DECIDE_SEARCH_POINTS;
    nk = !kinks ? 0 : FLINT_MIN(2 * (A->L > 1 ? A->dims[1] : 0) + 2 * (B->L > 1 ? B->dims[1] : 0),
                                RF_DECIDE_SEARCH_KINKS);
    npts = npoints + nk;
    dnet_init(&DA, A);
    dnet_init(&DB, B);
    if (P != NULL && Q != NULL && P->L == Q->L) {
        int same = 1;
        for (j = 0; j <= P->L; j++)
            same = same && P->dims[j] == Q->dims[j];
        if (same) {
            dnet_init(&DP, P);
            have_dir = dnet_init_diff(&dD, P, Q);
            if (!have_dir) {
                dnet_clear(&dD);
                dnet_clear(&DP);
            }
        }
    }
    (void) DQ;
    wmax = FLINT_MAX(dnet_wmax(&DA), dnet_wmax(&DB));
    if (have_dir)
        wmax = FLINT_MAX(wmax, dnet_wmax(&DP));
    /* the groups of neurons that must be active for the difference Q - P
       to show: a differing bias or first-layer weight of hidden neuron i of
       layer l: {(l, i)}; a differing weight W[l][i][j], 0 < l < L - 1:
       {(l, i), (l - 1, j)}; a differing output weight W[L-1][i][j]:
       {(L - 2, j)} */
    if (have_dir) {
        slong l, i, c, h[4];
        targ = flint_malloc(4 * RF_DECIDE_SEARCH_TARGETS * sizeof(slong));
        for (l = 0; l < DP.L && ntarget < RF_DECIDE_SEARCH_TARGETS; l++) {
            c = DP.dims[l];
            for (i = 0; i < DP.dims[l + 1] && ntarget < RF_DECIDE_SEARCH_TARGETS; i++) {
                for (j = -1; j < c && ntarget < RF_DECIDE_SEARCH_TARGETS; j++) {
                    double dv = j < 0 ? dD.b[l][i] : dD.W[l][i * c + j];
                    if (dv == 0.0)
                        continue;
                    h[2] = h[3] = -1;
                    if (l + 1 < DP.L) {
                        h[0] = l;
                        h[1] = i;
                        if (l > 0 && j >= 0) {
                            h[2] = l - 1;
                            h[3] = j;
                        }
                    } else if (l > 0 && j >= 0) {
                        h[0] = l - 1;
                        h[1] = j;
                    } else {
                        continue;   /* output bias or a one-layer net: any point shows it */
                    }
                    if (!search_has_group(targ, ntarget, h)) {
                        memcpy(targ + 4 * ntarget, h, 4 * sizeof(slong));
                        ntarget++;
                    }
                }
            }
        }
        nextra = RF_DECIDE_SEARCH_STARTS * ntarget;
    }
    ncap = npts + nextra;
    X = flint_malloc(ncap * d * sizeof(double) + 1);
    buf = flint_malloc(8 * wmax * sizeof(double));
    ya = flint_malloc(4 * n_out * sizeof(double) + sizeof(double));
    yb = ya + n_out;
    ma = yb + n_out;
    mb = ma + n_out;
    dy = flint_malloc(n_out * sizeof(double) + 1);
    cand = flint_malloc(2 * ncap * sizeof(cand_t) + sizeof(cand_t));
    xq = _fmpq_vec_init(ncap * d);
    y1 = _fmpq_vec_init(n_out);
    y2 = _fmpq_vec_init(n_out);
    fmpq_init(t);
    /* candidate points, exact dyadic rationals first, doubles from them */
    for (k = 0; k < npts; k++) {
        fmpq *x = xq + k * d;
        if (k < npoints || A->L < 2) {
            double R = k % 4 == 0 ? 1.0 : k % 4 == 1 ? 8.0 : k % 4 == 2 ? 0.25 : 64.0;
            for (j = 0; j < d; j++) {
                double u = (double) (mix(&s) >> 11) / 9007199254740992.0;
                if (lo != NULL && hi != NULL) {
                    double l0 = rf_q_get_d(lo + j), h0 = rf_q_get_d(hi + j);
                    dyadic(x + j, l0 + (h0 - l0) * u, 12, lo + j, hi + j);
                } else {
                    dyadic(x + j, R * (2.0 * u - 1.0), 8, NULL, NULL);
                }
            }
        } else {
            /* next to the bent hyperplane of a first-layer neuron */
            slong q = k - npoints, nA1 = A->dims[1], i = (q / 2);
            const dnet_t *N = i < nA1 ? &DA : &DB;
            slong row = (i < nA1 ? i : i - nA1) % N->dims[1];
            const double *w = N->W[0] + row * d;
            double bb = N->b[0][row], ww = 0.0, z = bb, sg = q % 2 ? 1.0 : -1.0;
            double p[64], *pp = d <= 64 ? p : flint_malloc(d * sizeof(double));
            for (j = 0; j < d; j++) {
                double u = (double) (mix(&s) >> 11) / 9007199254740992.0;
                if (lo != NULL && hi != NULL) {
                    double l0 = rf_q_get_d(lo + j), h0 = rf_q_get_d(hi + j);
                    pp[j] = l0 + (h0 - l0) * u;
                } else {
                    pp[j] = 2.0 * u - 1.0;
                }
                ww += w[j] * w[j];
                z += w[j] * pp[j];
            }
            for (j = 0; j < d; j++) {
                double v = ww > 0 ? pp[j] - z / ww * w[j] + sg * (1.0 / 256) * w[j] / sqrt(ww) : pp[j];
                dyadic(x + j, v, 12, lo ? lo + j : NULL, hi ? hi + j : NULL);
            }
            if (pp != p)
                flint_free(pp);
        }
        for (j = 0; j < d; j++)
            X[k * d + j] = rf_q_get_d(x + j);
    }
    /* pass 1: float-visible differences at the random and kink points,
       each confirmed exactly at once (two different training runs stop
       here after one exact evaluation) */
    for (k = 0; k < npts && !found && tries < maxtries; k++) {
        double sc = 0.0;
        dnet_eval(ya, ma, NULL, &DA, NULL, X + k * d, buf, wmax);
        dnet_eval(yb, mb, NULL, &DB, NULL, X + k * d, buf, wmax);
        for (j = 0; j < n_out; j++) {
            double tol = 1e-13 * (1.0 + ma[j] + mb[j]);
            double v = fabs(ya[j] - yb[j]) / tol;
            if (v > sc)
                sc = v;
        }
        if (sc > 1.0) {
            ncand++;
            tries++;
            found = search_confirm(res, stats, A, B, xq + k * d, y1, y2);
        }
    }
    /* pass 2: points where the neurons touched by the difference are
       active, then directional evidence everywhere, best first */
    if (!found && nextra > 0)
        npts += search_activate(X + npts * d, xq + npts * d, &DP, X, npts, targ, ntarget,
                                lo, hi);
    for (k = 0; k < npts && !found && have_dir; k++) {
        double sd = 0.0;
        dnet_eval(ya, ma, dy, &DP, &dD, X + k * d, buf, wmax);
        for (j = 0; j < n_out; j++) {
            double v = fabs(dy[j]) / (1e-300 + ma[j]);
            if (v > sd)
                sd = v;
        }
        if (sd > 1e-12) {
            cand[nd].score = sd;
            cand[nd++].k = k;
        }
    }
    /* the rest of the budget of exact evaluations goes to the best
       directional evidence */
    if (nd > 1)
        qsort(cand, nd, sizeof(cand_t), cand_cmp);
    for (k = 0; k < nd && !found && tries < maxtries; k++, tries++)
        found = search_confirm(res, stats, A, B, xq + cand[k].k * d, y1, y2);
    if (stats != NULL) {
        stats->points = npts;
        stats->candidates = ncand + nd;
    }
    fmpq_clear(t);
    _fmpq_vec_clear(xq, ncap * d);
    flint_free(targ);
    _fmpq_vec_clear(y1, n_out);
    _fmpq_vec_clear(y2, n_out);
    flint_free(cand);
    flint_free(dy);
    flint_free(ya);
    flint_free(buf);
    flint_free(X);
    dnet_clear(&DA);
    dnet_clear(&DB);
    if (have_dir) {
        dnet_clear(&DP);
        dnet_clear(&dD);
    }
    return found;
}

int rf_decide_search(rf_equiv_t res, rf_decide_search_stats_t stats,
                     const rf_net_t A, const rf_net_t B,
                     const rf_net_t P, const rf_net_t Q,
                     const fmpq *lo, const fmpq *hi, slong npoints,
                     ulong seed, rf_err_t err)
{
    (void) err;
    return search_run(res, stats, A, B, P, Q, lo, hi, npoints, seed, 1);
}

int rf_decide_search_quick(rf_equiv_t res, rf_decide_search_stats_t stats,
                           const rf_net_t A, const rf_net_t B,
                           const fmpq *lo, const fmpq *hi, slong npoints, ulong seed)
{
    if (npoints <= 0)
        npoints = RF_DECIDE_SEARCH_QUICK;
    return search_run(res, stats, A, B, NULL, NULL, lo, hi, npoints, seed, 0);
}
