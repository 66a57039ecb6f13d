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
 * height), and points next to the bent hyperplane of every first-layer
 * neuron. Finding nothing proves nothing: the ladder goes on. */
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
 * derivative dy along dD. Work buffers of size 4 * wmax. */
static void dnet_eval(double *y, double *mag, double *dy, const dnet_t *D,
                      const dnet_t *dD, const double *x, double *buf, slong wmax)
{
    double *a = buf, *na = buf + wmax, *m = buf + 2 * wmax, *nm = buf + 3 * wmax;
    double *da = dD ? buf + 4 * wmax : NULL, *nda = dD ? buf + 5 * wmax : NULL;
    slong l, i, j;
    for (j = 0; j < D->dims[0]; j++) {
        a[j] = x[j];
        m[j] = fabs(x[j]);
        if (dD)
            da[j] = 0.0;
    }
    for (l = 0; l < D->L; l++) {
        slong r = D->dims[l + 1], c = D->dims[l];
        int last = l + 1 == D->L;
        for (i = 0; i < r; i++) {
            const double *w = D->W[l] + i * c;
            double z = D->b[l][i], zm = fabs(D->b[l][i]), dz = 0.0;
            for (j = 0; j < c; j++) {
                z += w[j] * a[j];
                zm += fabs(w[j]) * m[j];
            }
            if (dD) {
                const double *dw = dD->W[l] + i * c;
                dz = dD->b[l][i];
                for (j = 0; j < c; j++)
                    dz += w[j] * da[j] + dw[j] * a[j];
            }
            if (!last && !(z > 0)) {
                z = 0.0;
                dz = 0.0;
            }
            na[i] = z;
            nm[i] = zm;
            if (dD)
                nda[i] = dz;
        }
        memcpy(a, na, r * sizeof(double));
        memcpy(m, nm, r * sizeof(double));
        if (dD)
            memcpy(da, nda, r * sizeof(double));
    }
    for (i = 0; i < D->dims[D->L]; i++) {
        y[i] = a[i];
        mag[i] = m[i];
        if (dy)
            dy[i] = da[i];
    }
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

int rf_decide_search(rf_equiv_t res, rf_decide_search_stats_t stats,
                     const rf_net_t A, const rf_net_t B,
                     const rf_net_t P, const rf_net_t Q,
                     const fmpq *lo, const fmpq *hi, slong npoints,
                     ulong seed, rf_err_t err)
{
    slong d = rf_net_in_dim(A), n_out = rf_net_out_dim(A), k, j, npts, nk, ncand = 0;
    slong wmax, tries, maxtries = 6;
    ulong s = seed ^ UWORD(0x5eed5eed);
    dnet_t DA, DB, DP, DQ, dD;
    int have_dir = 0, found = 0;
    double *X, *buf, *ya, *yb, *ma, *mb, *dy;
    cand_t *cand;
    fmpq *xq, *y1, *y2;
    fmpq_t t;
    (void) err;
    if (npoints <= 0)
        npoints = RF_DECIDE_SEARCH_POINTS;
    nk = FLINT_MIN(2 * (A->L > 1 ? A->dims[1] : 0) + 2 * (B->L > 1 ? B->dims[1] : 0),
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
    X = flint_malloc(npts * d * sizeof(double) + 1);
    buf = flint_malloc(6 * wmax * sizeof(double));
    ya = flint_malloc(4 * n_out * sizeof(double) + sizeof(double));
    yb = ya + n_out;
    ma = yb + n_out;
    mb = ma + n_out;
    dy = flint_malloc(n_out * sizeof(double) + 1);
    cand = flint_malloc(2 * npts * sizeof(cand_t) + sizeof(cand_t));
    xq = _fmpq_vec_init(npts * d);
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
    /* float evidence */
    for (k = 0; k < npts; k++) {
        double sc = 0.0, sd = 0.0;
        dnet_eval(ya, ma, NULL, &DA, NULL, X + k * d, buf, wmax);
        dnet_eval(yb, mb, NULL, &DB, NULL, X + k * d, buf, wmax);
        for (j = 0; j < n_out; j++) {
            double tol = 1e-13 * (1.0 + ma[j] + mb[j]);
            double v = fabs(ya[j] - yb[j]) / tol;
            if (v > sc)
                sc = v;
        }
        if (have_dir) {
            dnet_eval(ya, ma, dy, &DP, &dD, X + k * d, buf, wmax);
            for (j = 0; j < n_out; j++) {
                double v = fabs(dy[j]) / (1e-300 + ma[j] + 1.0);
                if (v > sd)
                    sd = v;
            }
        }
        if (sc > 1.0) {
            cand[ncand].score = sc + 1e6;  /* float-visible differences first */
            cand[ncand++].k = k;
        } else if (sd > 1e-12) {
            cand[ncand].score = sd;
            cand[ncand++].k = k;
        }
    }
    qsort(cand, ncand, sizeof(cand_t), cand_cmp);
    if (stats != NULL) {
        stats->points = npts;
        stats->candidates = ncand;
    }
    for (tries = 0; tries < FLINT_MIN(ncand, maxtries) && !found; tries++) {
        const fmpq *x = xq + cand[tries].k * d;
        rf_net_eval(y1, A, x);
        rf_net_eval(y2, B, x);
        if (stats != NULL)
            stats->exact_evals++;
        if (!rf_qvec_equal(y1, y2, n_out))
            found = rf_equiv_set_separating(res, A, B, x, "separating-search");
    }
    fmpq_clear(t);
    _fmpq_vec_clear(xq, npts * d);
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
