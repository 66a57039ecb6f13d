/* Exact restriction of networks to a line (notes 6.3). Along x0 + t v every
 * hidden pre-activation is piecewise affine in t; layer by layer we find all
 * parameters t where one changes sign. Between consecutive breakpoints the
 * network is affine in t, so two networks agree on the whole line iff they
 * agree at every breakpoint and at two points beyond each end.
 *
 * A double-precision pass comes first: both networks are evaluated in
 * doubles between the first-layer breakpoints of the line, and where the
 * rounding-error bound shows a difference a small-height rational input
 * near that point is sought and checked exactly
 * (rf_equiv_separating_near_d; without any float evidence, next to a few
 * samples spread along the line). Only an exact evaluation makes a separating
 * input; when the pass finds none the exact procedure decides. */
#include <math.h>
#include <stdlib.h>
#include <flint/fmpq_vec.h>
#include "relufiber/three.h"
#include "relufiber/qvec.h"
#include "relufiber/rational.h"
#include "relufiber/equiv.h"

static void line_point(fmpq *x, const fmpq *x0, const fmpq *v, slong n,
                       const fmpq_t t)
{
    slong k;
    for (k = 0; k < n; k++) {
        fmpq_mul(x + k, v + k, t);
        fmpq_add(x + k, x + k, x0 + k);
    }
}

static int qcmp(const void *a, const void *b)
{
    return fmpq_cmp((const fmpq *) a, (const fmpq *) b);
}

/* sort and remove duplicates; returns the new length */
static slong sort_unique(fmpq *t, slong n)
{
    slong i, k = 0;
    if (n == 0)
        return 0;
    if (n > 1)
        qsort(t, n, sizeof(fmpq), qcmp);
    for (i = 1; i < n; i++)
        if (!fmpq_equal(t + i, t + k))
            fmpq_swap(t + ++k, t + i);
    return k + 1;
}

/* Two interior sample points of the interval (lo, hi); lo/hi NULL = infinite */
static void interval_samples(fmpq_t ta, fmpq_t tb, const fmpq *lo,
                             const fmpq *hi)
{
    if (lo && hi) {
        fmpq_t w;
        fmpq_init(w);
        fmpq_sub(w, hi, lo);
        { fmpz_t three; fmpz_init_set_ui(three, 3); fmpq_div_fmpz(w, w, three); fmpz_clear(three); }
        fmpq_add(ta, lo, w);
        fmpq_add(tb, ta, w);
        fmpq_clear(w);
    } else if (hi) {
        fmpq_sub_si(ta, hi, 1);
        fmpq_sub_si(tb, hi, 2);
    } else if (lo) {
        fmpq_add_si(ta, lo, 1);
        fmpq_add_si(tb, lo, 2);
    } else {
        fmpq_zero(ta);
        fmpq_one(tb);
    }
}

slong rf_three_line_breakpoints(fmpq **tout, const rf_net_t net,
                                 const fmpq *x0, const fmpq *v)
{
    slong n0 = net->dims[0], H = rf_net_num_hidden(net), cap = H + 1;
    slong nt = 0, l, off = 0, iv, j;
    fmpq *T = _fmpq_vec_init(cap), *pa = _fmpq_vec_init(H ? H : 1),
         *pb = _fmpq_vec_init(H ? H : 1), *x = _fmpq_vec_init(n0);
    fmpq_t ta, tb, t0, w;
    fmpq_init(ta);
    fmpq_init(tb);
    fmpq_init(t0);
    fmpq_init(w);
    for (l = 0; l + 1 < net->L; l++) {
        slong width = net->dims[l + 1], nnew = 0;
        fmpq *New = _fmpq_vec_init(width * (nt + 1) + 1);
        for (iv = 0; iv <= nt; iv++) {
            const fmpq *lo = iv > 0 ? T + iv - 1 : NULL;
            const fmpq *hi = iv < nt ? T + iv : NULL;
            interval_samples(ta, tb, lo, hi);
            line_point(x, x0, v, n0, ta);
            rf_net_forward(pa, NULL, net, x);
            line_point(x, x0, v, n0, tb);
            rf_net_forward(pb, NULL, net, x);
            for (j = 0; j < width; j++) {
                const fmpq *a = pa + off + j, *b = pb + off + j;
                if (fmpq_equal(a, b))
                    continue;
                /* zero of the affine function through (ta,a), (tb,b) */
                fmpq_sub(w, tb, ta);
                fmpq_mul(t0, a, w);
                fmpq_sub(w, b, a);
                fmpq_div(t0, t0, w);
                fmpq_sub(t0, ta, t0);
                if ((lo && fmpq_cmp(t0, lo) <= 0) || (hi && fmpq_cmp(t0, hi) >= 0))
                    continue;
                fmpq_set(New + nnew++, t0);
            }
        }
        if (nt + nnew > cap) {
            fmpq *T2 = _fmpq_vec_init(nt + nnew);
            rf_qvec_set(T2, T, nt);
            _fmpq_vec_clear(T, cap);
            T = T2;
            cap = nt + nnew;
        }
        for (j = 0; j < nnew; j++)
            fmpq_set(T + nt + j, New + j);
        _fmpq_vec_clear(New, width * (nt + 1) + 1);
        nt = sort_unique(T, nt + nnew);
        off += width;
    }
    if (nt > 0) {
        *tout = _fmpq_vec_init(nt);
        rf_qvec_set(*tout, T, nt);
    } else {
        *tout = NULL;
    }
    _fmpq_vec_clear(T, cap);
    _fmpq_vec_clear(pa, H ? H : 1);
    _fmpq_vec_clear(pb, H ? H : 1);
    _fmpq_vec_clear(x, n0);
    fmpq_clear(ta);
    fmpq_clear(tb);
    fmpq_clear(t0);
    fmpq_clear(w);
    return nt;
}

static int dcmp(const void *a, const void *b)
{
    double p = *(const double *) a, q = *(const double *) b;
    return p < q ? -1 : p > q ? 1 : 0;
}

typedef struct {
    double ev, t;
} tev_struct;

static int tev_cmp(const void *a, const void *b)
{
    double p = ((const tev_struct *) a)->ev, q = ((const tev_struct *) b)->ev;
    return p > q ? -1 : p < q ? 1 : 0;
}

/* first-layer breakpoints of net along x0 + t v, in doubles, appended */
static slong first_layer_breaks_d(double *T, const rf_net_t net,
                                  const double *x0, const double *v)
{
    slong n0 = net->dims[0], n1 = net->dims[1], i, k, nt = 0;
    for (i = 0; i < n1; i++) {
        double a = rf_q_get_d(rf_net_b(net, 0, i)), b = 0, w;
        for (k = 0; k < n0; k++) {
            w = rf_q_get_d(rf_net_W(net, 0, i, k));
            a += w * x0[k];
            b += w * v[k];
        }
        if (b != 0 && isfinite(-a / b))
            T[nt++] = -a / b;
    }
    return nt;
}

/* The double-precision pass: 1 and xout when a separating input near the
 * line was found and checked exactly. */
static int line_float_pass(fmpq *xout, const rf_net_t A, const rf_net_t B,
                           const fmpq *x0, const fmpq *v)
{
    slong n0 = A->dims[0], nT, nc = 0, i, k, step, tries = 0;
    slong cap = A->dims[1] + B->dims[1] + 2;
    double *T = flint_malloc(cap * sizeof(double));
    double *x0d = flint_malloc(n0 * sizeof(double)), *vd = flint_malloc(n0 * sizeof(double));
    double *xd = flint_malloc(n0 * sizeof(double));
    tev_struct *C = flint_malloc((RF_THREE_LINE_FLOAT_SAMPLES + 4) * sizeof(tev_struct));
    rf_equiv_filter_t F;
    int found = 0;
    for (k = 0; k < n0; k++) {
        x0d[k] = rf_q_get_d(x0 + k);
        vd[k] = rf_q_get_d(v + k);
    }
    nT = first_layer_breaks_d(T, A, x0d, vd);
    nT += first_layer_breaks_d(T + nT, B, x0d, vd);
    if (nT > 1)
        qsort(T, nT, sizeof(double), dcmp);
    if (nT == 0) {
        C[nc++].t = 0;
        C[nc++].t = 1;
    } else {
        double span = T[nT - 1] - T[0] + 1;
        C[nc++].t = T[0] - 1;
        C[nc++].t = T[nT - 1] + 1;
        C[nc++].t = T[0] - span;
        C[nc++].t = T[nT - 1] + span;
        step = (nT - 1) / RF_THREE_LINE_FLOAT_SAMPLES + 1;
        for (i = 0; i + step < nT && nc < RF_THREE_LINE_FLOAT_SAMPLES + 4; i += step)
            C[nc++].t = 0.5 * (T[i] + T[i + step]);
    }
    rf_equiv_filter_init(F, A, B);
    for (i = 0; i < nc; i++) {
        for (k = 0; k < n0; k++)
            xd[k] = x0d[k] + C[i].t * vd[k];
        C[i].ev = rf_equiv_filter_evidence(F, xd);
    }
    rf_equiv_filter_clear(F);
    if (nc > 1)
        qsort(C, nc, sizeof(tev_struct), tev_cmp);
    for (i = 0; i < nc && !found && tries < RF_THREE_LINE_FLOAT_TRIES; i++) {
        if (!(C[i].ev > 1.0))
            break;
        for (k = 0; k < n0; k++)
            xd[k] = x0d[k] + C[i].t * vd[k];
        tries++;
        found = rf_equiv_separating_near_d(xout, A, B, xd, NULL, NULL);
    }
    /* no float evidence anywhere (a difference below double resolution, or
     * none): a few exact checks at small height next to a few samples spread
     * along the line (so in different activation regions), much
     * cheaper than the exact breakpoints when the line points are large */
    for (i = 0; !found && tries == 0 && i < RF_THREE_LINE_FLOAT_TRIES && i < nc; i++) {
        double t = C[(i * (nc - 1)) / FLINT_MAX(1, RF_THREE_LINE_FLOAT_TRIES - 1)].t;
        for (k = 0; k < n0; k++)
            xd[k] = x0d[k] + t * vd[k];
        found = rf_equiv_separating_near_d(xout, A, B, xd, NULL, NULL);
    }
    flint_free(T);
    flint_free(x0d);
    flint_free(vd);
    flint_free(xd);
    flint_free(C);
    return found;
}

int rf_three_line_test(fmpq *xout, const rf_net_t A, const rf_net_t B,
                        const fmpq *x0, const fmpq *v)
{
    slong n0 = A->dims[0], nA, nB, n, k, d = A->dims[A->L];
    fmpq *tA, *tB, *T, *x = _fmpq_vec_init(n0);
    fmpq *yA = _fmpq_vec_init(d), *yB = _fmpq_vec_init(d);
    int found = 0;
    if (A->L >= 2 && B->L >= 2 && line_float_pass(xout, A, B, x0, v)) {
        _fmpq_vec_clear(x, n0);
        _fmpq_vec_clear(yA, d);
        _fmpq_vec_clear(yB, d);
        return 1;
    }
    nA = rf_three_line_breakpoints(&tA, A, x0, v);
    nB = rf_three_line_breakpoints(&tB, B, x0, v);
    n = nA + nB + 4;
    T = _fmpq_vec_init(n);
    for (k = 0; k < nA; k++)
        fmpq_set(T + k, tA + k);
    for (k = 0; k < nB; k++)
        fmpq_set(T + nA + k, tB + k);
    n = sort_unique(T, nA + nB);
    if (n == 0) {
        fmpq_zero(T);
        fmpq_one(T + 1);
        n = 2;
    } else {
        fmpq_sub_si(T + n, T + 0, 1);
        fmpq_sub_si(T + n + 1, T + 0, 2);
        fmpq_add_si(T + n + 2, T + n - 1, 1);
        fmpq_add_si(T + n + 3, T + n - 1, 2);
        n += 4;
    }
    for (k = 0; k < n && !found; k++) {
        line_point(x, x0, v, n0, T + k);
        rf_net_eval(yA, A, x);
        rf_net_eval(yB, B, x);
        if (!rf_qvec_equal(yA, yB, d)) {
            found = 1;
            rf_qvec_set(xout, x, n0);
        }
    }
    if (tA)
        _fmpq_vec_clear(tA, nA);
    if (tB)
        _fmpq_vec_clear(tB, nB);
    _fmpq_vec_clear(T, nA + nB + 4);
    _fmpq_vec_clear(x, n0);
    _fmpq_vec_clear(yA, d);
    _fmpq_vec_clear(yB, d);
    return found;
}
