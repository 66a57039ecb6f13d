/* Aligning B to A by permutations and positive scalings: rf_align_net.
 *
 * Theorem (docs/align.md). Per hidden layer h, from the input upward, let
 * sigma_i be the normalised incoming signature (row of W_h, bias) of A's
 * neuron i and tau_j that of B's neuron j after the layers below have been
 * aligned (B's columns permuted and divided by the scalings already
 * chosen). With cost c_ij = |sigma_i - tau_j| (Euclidean), let rho be an
 * optimal assignment and delta_i = c_{i rho(i)}. If the two largest delta_i
 * sum to less than sep = min_{i != k} |sigma_i - sigma_k|, then rho is the
 * unique optimal assignment (the proof is in docs/align.md). In particular,
 * for an exact copy B = g A (g a permutation and positive scalings) of a
 * twin-free A, every delta_i is 0 up to rounding, the assignment undoes the
 * permutation, the exact ratio of one entry gives the scaling, and the
 * aligned B equals A. Whatever the matching, the transformation applied is
 * a permutation with scalings > 0, so the aligned network has B's function.
 * Doubles only choose the matching and candidate scalings; the network is
 * transformed in exact rationals (layer by layer, as
 * rf_net_apply_perm_scale does; rf_align_map_verify re-checks with it).
 */
#include <math.h>
#include <stdlib.h>
#include <flint/fmpq_vec.h>
#include "relufiber/align.h"
#include "relufiber/rational.h"

void rf_align_opts_init(rf_align_opts_t opts)
{
    opts->norm = RF_ALIGN_NORM_L2;
    opts->exact_first = 1;
}

void rf_align_map_init(rf_align_map_t M)
{
    M->L = 0;
    M->dims = NULL;
    M->perm = NULL;
    M->scale = NULL;
    M->kind = NULL;
    M->cost = M->d1 = M->d2 = M->sep = NULL;
    M->unique = NULL;
}

void rf_align_map_clear(rf_align_map_t M)
{
    slong h;
    for (h = 0; h + 1 < M->L; h++) {
        flint_free(M->perm[h]);
        _fmpq_vec_clear(M->scale[h], M->dims[h + 1]);
        flint_free(M->kind[h]);
    }
    flint_free(M->perm);
    flint_free(M->scale);
    flint_free(M->kind);
    flint_free(M->dims);
    flint_free(M->cost);
    flint_free(M->d1);
    flint_free(M->d2);
    flint_free(M->sep);
    flint_free(M->unique);
    rf_align_map_init(M);
}

static void map_reset(rf_align_map_t M, slong L, const slong *dims)
{
    slong h, H = L - 1 > 0 ? L - 1 : 0;
    rf_align_map_clear(M);
    M->L = L;
    M->dims = flint_malloc((L + 1) * sizeof(slong));
    for (h = 0; h <= L; h++)
        M->dims[h] = dims[h];
    M->perm = flint_calloc(H + 1, sizeof(slong *));
    M->scale = flint_calloc(H + 1, sizeof(fmpq *));
    M->kind = flint_calloc(H + 1, sizeof(rf_align_scale_kind_t *));
    M->cost = flint_calloc(H + 1, sizeof(double));
    M->d1 = flint_calloc(H + 1, sizeof(double));
    M->d2 = flint_calloc(H + 1, sizeof(double));
    M->sep = flint_calloc(H + 1, sizeof(double));
    M->unique = flint_calloc(H + 1, sizeof(int));
    for (h = 0; h < H; h++) {
        slong n = dims[h + 1], i;
        M->perm[h] = flint_malloc(n * sizeof(slong));
        M->scale[h] = _fmpq_vec_init(n);
        M->kind[h] = flint_malloc(n * sizeof(rf_align_scale_kind_t));
        for (i = 0; i < n; i++) {
            M->perm[h][i] = i;
            fmpq_one(M->scale[h] + i);
            M->kind[h][i] = RF_ALIGN_SCALE_ONE;
        }
    }
}

int rf_align_check_arch(const rf_net_t A, const rf_net_t B, rf_err_t err)
{
    slong l;
    if (A->L != B->L)
        return rf_err_set(err, RF_ERR_INPUT, "<align>", 0,
                          "different architectures: A has %ld affine layers "
                          "(%ld hidden), B has %ld (%ld hidden)",
                          (long) A->L, (long) (A->L - 1), (long) B->L,
                          (long) (B->L - 1));
    for (l = 0; l <= A->L; l++) {
        if (A->dims[l] == B->dims[l])
            continue;
        if (l == 0)
            return rf_err_set(err, RF_ERR_INPUT, "<align>", 0,
                              "different architectures: input dimension "
                              "differs (A has %ld inputs, B has %ld)",
                              (long) A->dims[0], (long) B->dims[0]);
        if (l == A->L)
            return rf_err_set(err, RF_ERR_INPUT, "<align>", 0,
                              "different architectures: output dimension "
                              "differs (A has %ld outputs, B has %ld)",
                              (long) A->dims[l], (long) B->dims[l]);
        return rf_err_set(err, RF_ERR_INPUT, "<align>", 0,
                          "different architectures: width of hidden layer "
                          "%ld differs (A has %ld neurons, B has %ld)",
                          (long) l, (long) A->dims[l], (long) B->dims[l]);
    }
    return RF_OK;
}

/* Rows (W_h row, bias) of net as doubles, n x m with m = d_h + 1. */
static void rows_d(double *r, const rf_net_t net, slong h)
{
    slong n = net->dims[h + 1], m = net->dims[h] + 1, i, j;
    for (i = 0; i < n; i++) {
        for (j = 0; j + 1 < m; j++)
            r[i * m + j] = rf_q_get_d(rf_net_W(net, h, i, j));
        r[i * m + m - 1] = rf_q_get_d(rf_net_b(net, h, i));
    }
}

/* In place: each row divided by its norm (L2 or max); a zero or non-finite
 * norm leaves the row zero. nrm receives the L2 norm (0 if not finite). */
static void normalise(double *r, double *nrm, slong n, slong m,
                      rf_align_norm_t kind)
{
    slong i, j;
    for (i = 0; i < n; i++) {
        double *x = r + i * m, s2 = 0.0, mx = 0.0, d;
        for (j = 0; j < m; j++) {
            s2 += x[j] * x[j];
            if (fabs(x[j]) > mx)
                mx = fabs(x[j]);
        }
        nrm[i] = isfinite(s2) ? sqrt(s2) : 0.0;
        d = kind == RF_ALIGN_NORM_MAX ? mx : nrm[i];
        if (!(d > 0.0) || !isfinite(d) || !isfinite(s2)) {
            nrm[i] = 0.0;
            for (j = 0; j < m; j++)
                x[j] = 0.0;
            continue;
        }
        for (j = 0; j < m; j++)
            x[j] /= d;
    }
}

/* Euclidean distance; four partial sums for instruction-level parallelism
 * (the order of the additions is fixed, so the result is deterministic). */
static double dist(const double *x, const double *y, slong m)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, t;
    slong j = 0;
    for (; j + 4 <= m; j += 4) {
        double t0 = x[j] - y[j], t1 = x[j + 1] - y[j + 1];
        double t2 = x[j + 2] - y[j + 2], t3 = x[j + 3] - y[j + 3];
        s0 += t0 * t0;
        s1 += t1 * t1;
        s2 += t2 * t2;
        s3 += t3 * t3;
    }
    for (; j < m; j++) {
        t = x[j] - y[j];
        s0 += t * t;
    }
    return sqrt((s0 + s1) + (s2 + s3));
}

/* The transformation of hidden layer h alone, in place: neuron i of affine
 * layer h moves to position perm[i], its row and bias are multiplied by
 * scale[i], and column i of affine layer h + 1 moves to perm[i], divided by
 * scale[i]. The same as rf_net_apply_perm_scale with only layer h given,
 * without copying the other layers. */
static void apply_layer(rf_net_t C, slong h, const slong *perm, const fmpq *scale)
{
    slong n = C->dims[h + 1], m = C->dims[h], o = C->dims[h + 2], i, j;
    fmpq_mat_t W, b, V;
    fmpq_mat_init(W, n, m);
    fmpq_mat_init(b, n, 1);
    fmpq_mat_init(V, o, n);
    for (i = 0; i < n; i++) {
        slong p = perm[i];
        int one = fmpq_is_one(scale + i);
        for (j = 0; j < m; j++) {
            fmpq_swap(fmpq_mat_entry(W, p, j), rf_net_W(C, h, i, j));
            if (!one)
                fmpq_mul(fmpq_mat_entry(W, p, j), fmpq_mat_entry(W, p, j), scale + i);
        }
        fmpq_swap(fmpq_mat_entry(b, p, 0), rf_net_b(C, h, i));
        if (!one)
            fmpq_mul(fmpq_mat_entry(b, p, 0), fmpq_mat_entry(b, p, 0), scale + i);
        for (j = 0; j < o; j++) {
            fmpq_swap(fmpq_mat_entry(V, j, p), rf_net_W(C, h + 1, j, i));
            if (!one)
                fmpq_div(fmpq_mat_entry(V, j, p), fmpq_mat_entry(V, j, p), scale + i);
        }
    }
    fmpq_mat_swap(C->W + h, W);
    fmpq_mat_swap(C->b + h, b);
    fmpq_mat_swap(C->W + h + 1, V);
    fmpq_mat_clear(W);
    fmpq_mat_clear(b);
    fmpq_mat_clear(V);
}

/* Entry t of the signature (row, bias) of neuron i of affine layer h. */
static const fmpq *sig(const rf_net_t net, slong h, slong i, slong t)
{
    return t < net->dims[h] ? rf_net_W(net, h, i, t) : rf_net_b(net, h, i);
}

/* Exact ratio: s with s * (row j of C) == row i of A, s > 0; kk the index
 * of a largest |entry| of A's row. Returns 1 if found. */
static int exact_ratio(fmpq_t s, const rf_net_t A, const rf_net_t C, slong h,
                       slong i, slong j, slong kk)
{
    slong m = A->dims[h] + 1, t;
    fmpq_t p;
    int ok = 1;
    if (fmpq_is_zero(sig(A, h, i, kk)) || fmpq_is_zero(sig(C, h, j, kk)))
        return 0;
    fmpq_div(s, sig(A, h, i, kk), sig(C, h, j, kk));
    if (fmpq_sgn(s) <= 0)
        return 0;
    fmpq_init(p);
    for (t = 0; t < m && ok; t++) {
        fmpq_mul(p, s, sig(C, h, j, t));
        ok = fmpq_equal(p, sig(A, h, i, t));
    }
    fmpq_clear(p);
    return ok;
}

int rf_align_net(rf_net_t out, rf_align_map_t M, const rf_net_t A,
                 const rf_net_t B, const rf_align_opts_t opts, rf_err_t err)
{
    rf_align_opts_t dflt;
    rf_net_t C;
    slong L = A->L, h, H;
    if (rf_align_check_arch(A, B, err))
        return RF_ERR_INPUT;
    if (opts == NULL) {
        rf_align_opts_init(dflt);
        opts = dflt;
    }
    map_reset(M, L, A->dims);
    H = L - 1;
    rf_net_init(C, B->L, B->dims);
    rf_net_set(C, B);
    for (h = 0; h < H; h++) {
        slong n = A->dims[h + 1], m = A->dims[h] + 1, i, j, k;
        double *ra = flint_malloc(n * m * sizeof(double));
        double *rc = flint_malloc(n * m * sizeof(double));
        double *sa = flint_malloc(n * m * sizeof(double));
        double *sc = flint_malloc(n * m * sizeof(double));
        double *na = flint_malloc(n * sizeof(double));
        double *nc = flint_malloc(n * sizeof(double));
        double *cost = flint_malloc(n * n * sizeof(double));
        slong *col = flint_malloc(n * sizeof(slong));
        double sep = INFINITY, d1 = 0.0, d2 = 0.0;
        rows_d(ra, A, h);
        rows_d(rc, C, h);
        for (k = 0; k < n * m; k++) {
            sa[k] = ra[k];
            sc[k] = rc[k];
        }
        normalise(sa, na, n, m, opts->norm);
        normalise(sc, nc, n, m, opts->norm);
        for (i = 0; i < n; i++)
            for (j = 0; j < n; j++) {
                double d = dist(sa + i * m, sc + j * m, m);
                cost[i * n + j] = isfinite(d) ? d : RF_ALIGN_COST_BAD;
            }
        for (i = 0; i < n; i++)
            for (k = i + 1; k < n; k++) {
                double d = dist(sa + i * m, sa + k * m, m);
                if (d < sep)
                    sep = d;
            }
        M->cost[h] = rf_align_lap(col, cost, n);
        for (i = 0; i < n; i++) {
            double d = cost[i * n + col[i]];
            if (d > d1) {
                d2 = d1;
                d1 = d;
            } else if (d > d2)
                d2 = d;
        }
        M->d1[h] = d1;
        M->d2[h] = d2;
        M->sep[h] = sep;
        /* the distances are computed in doubles: claim uniqueness only
           with a relative margin far above their rounding error */
        M->unique[h] = (d1 + d2) * (1.0 + 1e-9) + 1e-300 < sep;
        /* scalings: C's neuron j = col[i] goes to position i */
        for (i = 0; i < n; i++) {
            slong kk = 0;
            const double *xa = ra + i * m, *xc = rc + col[i] * m;
            fmpq *s = M->scale[h] + col[i];
            rf_align_scale_kind_t *kd = M->kind[h] + col[i];
            double best = -1.0;
            j = col[i];
            M->perm[h][j] = i;
            for (k = 0; k < m; k++)
                if (fabs(xa[k]) > best) {
                    best = fabs(xa[k]);
                    kk = k;
                }
            if (opts->exact_first && exact_ratio(s, A, C, h, i, j, kk)) {
                *kd = RF_ALIGN_SCALE_EXACT;
                continue;
            }
            if (na[i] > 0.0 && nc[j] > 0.0) {
                /* least squares t c ~ a: t = <a, c> / <c, c>, computed on
                 * the unit vectors to stay in range */
                double dot = 0.0, r, q = na[i] / nc[j];
                for (k = 0; k < m; k++)
                    dot += (xa[k] / na[i]) * (xc[k] / nc[j]);
                r = q * dot;
                if (r > 0.0 && isfinite(r)) {
                    rf_align_simplest_rational(s, r, RF_ALIGN_SCALE_RTOL);
                    *kd = RF_ALIGN_SCALE_LSQ;
                    continue;
                }
                if (q > 0.0 && isfinite(q)) {
                    rf_align_simplest_rational(s, q, RF_ALIGN_SCALE_RTOL);
                    *kd = RF_ALIGN_SCALE_NORM;
                    continue;
                }
            }
            fmpq_one(s);
            *kd = RF_ALIGN_SCALE_ONE;
        }
        apply_layer(C, h, M->perm[h], M->scale[h]);
        flint_free(ra);
        flint_free(rc);
        flint_free(sa);
        flint_free(sc);
        flint_free(na);
        flint_free(nc);
        flint_free(cost);
        flint_free(col);
    }
    rf_net_swap(out, C);
    rf_net_clear(C);
    return RF_OK;
}
