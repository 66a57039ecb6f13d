/* Flip sums of condition G6 (docs/three_layer.md §2.1): decide whether
 *     M + sum_{j in F} V_j = 0   for some non-empty F subset of {1..r}
 * (M = active block, V_j = W3[:,j] W2[j,:] of crossing neuron j, all as
 * vectors of length d = n3 n1). This is a vector subset-sum problem (NP-hard
 * already for d = 1), so the decision is exact but staged:
 *
 * 1. sign filter: neuron k lies in no cancelling F inside the live set R if
 *    some coordinate c has 0 outside [M_c + V_kc + sum_{j in R-k} min(0,V_jc),
 *    M_c + V_kc + sum_{j in R-k} max(0,V_jc)]; repeated to a fixed point.
 * 2. lambda-LPs, one per live neuron k: a direction l with
 *      l.(M + V_k) + sum_{j in R-k} min(0, l.V_j) > 0
 *    shows l.(M + sum_F V_j) > 0 for every F inside R containing k (each
 *    other term only adds at least min(0, l.V_j)). Found by an exact strict
 *    LP (cddlib, GMP) and re-checked here in exact arithmetic.
 *    Removing k from R is sound: a cancelling F inside the old R either
 *    contains k (excluded) or lies inside the new R.
 * 3. meet in the middle over the neurons still live when at most mitm_max
 *    of them remain: the 2^(a) subset sums of one half are hashed (a random
 *    linear form modulo a 62-bit prime on the integer-scaled vectors),
 *    sorted, and searched for every subset of the other half; every hash
 *    hit is checked exactly, so the answer is exact either way.
 * Otherwise the answer is "unknown", with the reason. */
#include <string.h>
#include <time.h>
#include <flint/fmpq_vec.h>
#include <flint/ulong_extras.h>
#include <flint/nmod_vec.h>
#include "relufiber/three.h"
#include "three_internal.h"

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

void rf_three_flip_stats_init(rf_three_flip_stats_t s)
{
    memset(s, 0, sizeof(*s));
}

/* lambda certificate for neuron k over the live set: exact value of
 * l.(M + V_k) + sum_{j live, j != k} min(0, l.V_j) */
static void lambda_margin(fmpq_t out, const fmpq *l, const fmpq *M,
                          const fmpq *V, const char *live, slong r, slong d,
                          slong k)
{
    slong j, c;
    fmpq_t t, u;
    fmpq_init(t);
    fmpq_init(u);
    fmpq_zero(out);
    for (c = 0; c < d; c++) {
        fmpq_add(t, M + c, V + k * d + c);
        fmpq_addmul(out, l + c, t);
    }
    for (j = 0; j < r; j++) {
        if (!live[j] || j == k)
            continue;
        fmpq_zero(u);
        for (c = 0; c < d; c++)
            fmpq_addmul(u, l + c, V + j * d + c);
        if (fmpq_sgn(u) < 0)
            fmpq_add(out, out, u);
    }
    fmpq_clear(t);
    fmpq_clear(u);
}

/* stage 1 for neuron k: 1 if excluded by a coordinate interval */
static int sign_excluded(const fmpq *M, const fmpq *V, const char *live,
                         slong r, slong d, slong k)
{
    slong j, c;
    int ex = 0;
    fmpq_t lo, hi;
    fmpq_init(lo);
    fmpq_init(hi);
    for (c = 0; c < d && !ex; c++) {
        fmpq_add(lo, M + c, V + k * d + c);
        fmpq_set(hi, lo);
        for (j = 0; j < r; j++) {
            const fmpq *v = V + j * d + c;
            if (!live[j] || j == k)
                continue;
            if (fmpq_sgn(v) < 0)
                fmpq_add(lo, lo, v);
            else
                fmpq_add(hi, hi, v);
        }
        ex = fmpq_sgn(lo) > 0 || fmpq_sgn(hi) < 0;
    }
    fmpq_clear(lo);
    fmpq_clear(hi);
    return ex;
}

/* stage 2 for neuron k: strict LP in (l, u_j for live j != k):
 *   l.(M + V_k) - sum u_j > 0,  u_j + l.V_j > 0,  u_j > 0.
 * Returns 1 with a re-checked certificate, 0 otherwise. */
static int lambda_excluded(const fmpq *M, const fmpq *V, const char *live,
                           slong r, slong d, slong k)
{
    slong j, c, m = 0, n, rows, q;
    fmpq *A, *b, *sol;
    fmpq_t mg;
    int ok;
    for (j = 0; j < r; j++)
        if (live[j] && j != k)
            m++;
    n = d + m;
    rows = 1 + 2 * m;
    A = _fmpq_vec_init(rows * n);
    b = _fmpq_vec_init(rows);
    sol = _fmpq_vec_init(n);
    for (c = 0; c < d; c++)
        fmpq_add(A + c, M + c, V + k * d + c);
    for (q = 0; q < m; q++)
        fmpq_set_si(A + d + q, -1, 1);
    for (j = 0, q = 0; j < r; j++) {
        if (!live[j] || j == k)
            continue;
        for (c = 0; c < d; c++)
            fmpq_set(A + (1 + 2 * q) * n + c, V + j * d + c);
        fmpq_one(A + (1 + 2 * q) * n + d + q);
        fmpq_one(A + (2 + 2 * q) * n + d + q);
        q++;
    }
    ok = _rf_three_lp_strict(sol, A, b, rows, n) == 1;
    if (ok) {
        fmpq_init(mg);
        lambda_margin(mg, sol, M, V, live, r, d, k);
        ok = fmpq_sgn(mg) > 0;
        fmpq_clear(mg);
    }
    _fmpq_vec_clear(A, rows * n);
    _fmpq_vec_clear(b, rows);
    _fmpq_vec_clear(sol, n);
    return ok;
}

/* Cheap lambda candidates: one direction l excludes at once every live k
 * with l.M + max(0, l.V_k) + sum_{j live} min(0, l.V_j) > 0 (the margin of
 * lambda_margin, computed for all k together). Returns the number of
 * neurons excluded. */
static slong candidate_round(char *live, const fmpq *M, const fmpq *V, slong r,
                             slong d, const fmpq *l)
{
    slong j, c, ex = 0;
    fmpq *a = _fmpq_vec_init(r);
    fmpq_t m0, N, t;
    fmpq_init(m0);
    fmpq_init(N);
    fmpq_init(t);
    for (c = 0; c < d; c++)
        fmpq_addmul(m0, l + c, M + c);
    for (j = 0; j < r; j++) {
        if (!live[j])
            continue;
        for (c = 0; c < d; c++)
            fmpq_addmul(a + j, l + c, V + j * d + c);
        if (fmpq_sgn(a + j) < 0)
            fmpq_add(N, N, a + j);
    }
    fmpq_add(m0, m0, N);
    for (j = 0; j < r; j++) {
        if (!live[j])
            continue;
        if (fmpq_sgn(a + j) > 0)
            fmpq_add(t, m0, a + j);
        else
            fmpq_set(t, m0);
        if (fmpq_sgn(t) > 0)
            live[j] = 2;      /* mark; removed below */
    }
    for (j = 0; j < r; j++)
        if (live[j] == 2) {
            live[j] = 0;
            ex++;
        }
    _fmpq_vec_clear(a, r);
    fmpq_clear(m0);
    fmpq_clear(N);
    fmpq_clear(t);
    return ex;
}

/* Rounds of candidate directions: +-e_c, +-M, +-V_j and, for d = 2, the
 * normals +-rot(V_j). For d <= 2 these contain a separating direction
 * whenever the lambda-LP of a neuron is feasible (the facet normals of the
 * zonotope sum_{j != k} [0,1] V_j, of the segment it may degenerate to, or
 * any direction when it is a point), so no LP is needed there. Returns the
 * number excluded. */
static slong candidates(char *live, const fmpq *M, const fmpq *V, slong r,
                        slong d)
{
    slong j, c, ex = 0, got;
    fmpq *l = _fmpq_vec_init(d);
    do {
        got = 0;
        for (c = 0; c < d; c++) {
            slong cc;
            for (cc = 0; cc < d; cc++)
                fmpq_zero(l + cc);
            fmpq_one(l + c);
            got += candidate_round(live, M, V, r, d, l);
            fmpq_set_si(l + c, -1, 1);
            got += candidate_round(live, M, V, r, d, l);
        }
        for (j = -1; j < r; j++) {
            const fmpq *v = j < 0 ? M : V + j * d;
            int sg;
            if (j >= 0 && !live[j])
                continue;
            for (sg = -1; sg <= 1; sg += 2) {
                for (c = 0; c < d; c++)
                    fmpq_mul_si(l + c, v + c, sg);
                got += candidate_round(live, M, V, r, d, l);
                if (d == 2) {
                    fmpq_mul_si(l + 0, v + 1, -sg);
                    fmpq_mul_si(l + 1, v + 0, sg);
                    got += candidate_round(live, M, V, r, d, l);
                }
            }
        }
        ex += got;
    } while (got > 0);
    _fmpq_vec_clear(l, d);
    return ex;
}

typedef struct {
    ulong h;
    ulong mask;
} hm_t;

static int cmp_hm(const void *a, const void *b)
{
    const hm_t *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->mask < y->mask ? -1 : x->mask > y->mask;
}

/* exact check: M + sum over (maskL on idx[0..a-1], maskR on idx[a..]) = 0 */
static int exact_cancels(const fmpq *M, const fmpq *V, slong d, const slong *idx,
                         slong a, slong b, ulong mL, ulong mR)
{
    slong c, t;
    int ok = 1;
    fmpq_t s;
    fmpq_init(s);
    for (c = 0; c < d && ok; c++) {
        fmpq_set(s, M + c);
        for (t = 0; t < a; t++)
            if ((mL >> t) & 1)
                fmpq_add(s, s, V + idx[t] * d + c);
        for (t = 0; t < b; t++)
            if ((mR >> t) & 1)
                fmpq_add(s, s, V + idx[a + t] * d + c);
        ok = fmpq_is_zero(s);
    }
    fmpq_clear(s);
    return ok;
}

/* stage 3: returns 1 (F set), 0 (none), -1 (time out) */
static int mitm(char *F, const fmpq *M, const fmpq *V, slong d, const slong *idx,
                slong n, double deadline)
{
    slong a = n / 2, b = n - a, c, t;
    ulong i, nL = UWORD(1) << a, nR = UWORD(1) << b, p, hM;
    ulong *w, *hv;
    hm_t *L;
    nmod_t mod;
    flint_rand_t st;
    fmpz_t den, z;
    int ret = 0;
    flint_randinit(st);
    p = n_nextprime((UWORD(1) << 61) + n_randint(st, UWORD(1) << 40), 1);
    nmod_init(&mod, p);
    w = flint_malloc(d * sizeof(ulong));
    hv = flint_malloc((n + 1) * sizeof(ulong));
    for (c = 0; c < d; c++)
        w[c] = 1 + n_randint(st, p - 1);
    fmpz_init(den);
    fmpz_init(z);
    /* h(v) = sum_c w_c (den_c v_c) mod p, den_c = lcm of the denominators
     * in coordinate c (so den_c v_c is an integer) */
    hM = 0;
    for (t = 0; t <= n; t++)
        hv[t] = 0;
    for (c = 0; c < d; c++) {
        ulong e;
        fmpz_set(den, fmpq_denref(M + c));
        for (t = 0; t < n; t++)
            fmpz_lcm(den, den, fmpq_denref(V + idx[t] * d + c));
        for (t = 0; t <= n; t++) {
            const fmpq *v = t < n ? V + idx[t] * d + c : M + c;
            fmpz_divexact(z, den, fmpq_denref(v));
            fmpz_mul(z, z, fmpq_numref(v));
            e = fmpz_fdiv_ui(z, p);
            e = nmod_mul(e, w[c], mod);
            if (t < n)
                hv[t] = nmod_add(hv[t], e, mod);
            else
                hM = nmod_add(hM, e, mod);
        }
    }
    /* left half: all 2^a subset hashes, Gray order */
    L = flint_malloc(nL * sizeof(hm_t));
    {
        ulong h = 0, m = 0;
        L[0].h = 0;
        L[0].mask = 0;
        for (i = 1; i < nL; i++) {
            slong bit = (slong) __builtin_ctzl(i);
            m ^= UWORD(1) << bit;
            h = ((m >> bit) & 1) ? nmod_add(h, hv[bit], mod)
                                 : nmod_sub(h, hv[bit], mod);
            L[i].h = h;
            L[i].mask = m;
        }
    }
    qsort(L, nL, sizeof(hm_t), cmp_hm);
    /* right half: look up -(M + right sum) */
    {
        ulong h = 0, m = 0;
        for (i = 0; i < nR && ret == 0; i++) {
            hm_t key;
            slong lo, hi, mid;
            if (i) {
                slong bit = (slong) __builtin_ctzl(i);
                m ^= UWORD(1) << bit;
                h = ((m >> bit) & 1) ? nmod_add(h, hv[a + bit], mod)
                                     : nmod_sub(h, hv[a + bit], mod);
            }
            if ((i & 0xffff) == 0 && deadline > 0 && cpu_seconds() > deadline) {
                ret = -1;
                break;
            }
            key.h = nmod_neg(nmod_add(h, hM, mod), mod);
            lo = 0;
            hi = (slong) nL;
            while (lo < hi) {
                mid = (lo + hi) / 2;
                if (L[mid].h < key.h)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (; lo < (slong) nL && L[lo].h == key.h; lo++) {
                if (L[lo].mask == 0 && m == 0)
                    continue;           /* F must be non-empty */
                if (exact_cancels(M, V, d, idx, a, b, L[lo].mask, m)) {
                    for (t = 0; t < a; t++)
                        if ((L[lo].mask >> t) & 1)
                            F[idx[t]] = 1;
                    for (t = 0; t < b; t++)
                        if ((m >> t) & 1)
                            F[idx[a + t]] = 1;
                    ret = 1;
                    break;
                }
            }
        }
    }
    flint_free(L);
    flint_free(w);
    flint_free(hv);
    fmpz_clear(den);
    fmpz_clear(z);
    flint_randclear(st);
    return ret;
}

int rf_three_flip_cancel(char *F, rf_three_flip_stats_t stats, const fmpq *M,
                         const fmpq *V, slong r, slong d, slong mitm_max,
                         double seconds)
{
    slong j, k, c, nlive;
    char *live;
    int changed, ret = 0, Mzero = 1;
    double deadline = seconds > 0 ? cpu_seconds() + seconds : 0;
    rf_three_flip_stats_init(stats);
    for (j = 0; j < r; j++)
        F[j] = 0;
    if (mitm_max > 2 * (FLINT_BITS / 2 - 2))
        mitm_max = 2 * (FLINT_BITS / 2 - 2);    /* 2^(mitm_max/2) fits */
    for (c = 0; c < d; c++)
        if (!fmpq_is_zero(M + c))
            Mzero = 0;
    live = flint_malloc(r + 1);
    for (j = 0; j < r; j++) {
        int vzero = 1;
        for (c = 0; c < d; c++)
            if (!fmpq_is_zero(V + j * d + c))
                vzero = 0;
        live[j] = 1;
        if (vzero) {
            if (Mzero) {            /* F = {j} cancels */
                F[j] = 1;
                flint_free(live);
                return 1;
            }
            live[j] = 0;            /* never changes a sum */
            stats->zero++;
        }
    }
    /* stage 1 to a fixed point */
    do {
        changed = 0;
        for (k = 0; k < r; k++)
            if (live[k] && sign_excluded(M, V, live, r, d, k)) {
                live[k] = 0;
                stats->sign++;
                changed = 1;
            }
    } while (changed);
    /* stage 2: candidate directions (complete for d <= 2), then LPs */
    stats->lp += candidates(live, M, V, r, d);
    for (k = 0; k < r && d > 2; k++) {
        if (!live[k])
            continue;
        if (deadline > 0 && cpu_seconds() > deadline) {
            stats->timed_out = 1;
            break;
        }
        if (lambda_excluded(M, V, live, r, d, k)) {
            live[k] = 0;
            stats->lp++;
            /* the smaller live set may let the cheap filter act again */
            do {
                slong kk;
                changed = 0;
                for (kk = 0; kk < r; kk++)
                    if (live[kk] && sign_excluded(M, V, live, r, d, kk)) {
                        live[kk] = 0;
                        stats->sign++;
                        changed = 1;
                    }
            } while (changed);
        }
    }
    for (j = 0, nlive = 0; j < r; j++)
        nlive += live[j];
    stats->left = nlive;
    if (nlive == 0) {
        ret = 0;
    } else if (stats->timed_out) {
        ret = -1;
    } else if (nlive <= mitm_max) {
        slong *idx = flint_malloc(nlive * sizeof(slong)), q = 0;
        for (j = 0; j < r; j++)
            if (live[j])
                idx[q++] = j;
        ret = mitm(F, M, V, d, idx, nlive, deadline);
        stats->mitm = nlive;
        if (ret < 0)
            stats->timed_out = 1;
        flint_free(idx);
    } else {
        ret = -1;
    }
    flint_free(live);
    return ret;
}
