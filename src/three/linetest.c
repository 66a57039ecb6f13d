/* Exact restriction of networks to a line (notes 6.3). Along x0 + t v every
 * hidden pre-activation is piecewise affine in t; layer by layer we find all
 * parameters t where one changes sign. Between consecutive breakpoints the
 * network is affine in t, so two networks agree on the whole line iff they
 * agree at every breakpoint and at two points beyond each end. */
#include <stdlib.h>
#include <flint/fmpq_vec.h>
#include "relufiber/three.h"
#include "relufiber/qvec.h"

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

int rf_three_line_test(fmpq *xout, const rf_net_t A, const rf_net_t B,
                        const fmpq *x0, const fmpq *v)
{
    slong n0 = A->dims[0], nA, nB, n, k, d = A->dims[A->L];
    fmpq *tA, *tB, *T, *x = _fmpq_vec_init(n0);
    fmpq *yA = _fmpq_vec_init(d), *yB = _fmpq_vec_init(d);
    int found = 0;
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
