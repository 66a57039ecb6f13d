/* Equivalence results: certificates and their exact re-check, printing;
 * small-height separating inputs.
 *
 * Claim (shrinking): if f_A(x) != f_B(x) then f_A - f_B, a continuous
 * piecewise-linear function, is non-zero on a neighbourhood of x, so every
 * fine enough dyadic rounding of x separates as well. The candidates are
 * dyadic roundings (grid 2^-j, or k significant bits per coordinate), ranked
 * by a double-precision evaluation with a propagated rounding bound; a
 * candidate is returned only after an exact evaluation of both networks
 * shows f_A != f_B there, and x itself is the fallback, so the result always
 * separates exactly. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/equiv.h"
#include "relufiber/text.h"
#include "relufiber/qvec.h"
#include "relufiber/rational.h"

void rf_equiv_init(rf_equiv_t res)
{
    memset(res, 0, sizeof(*res));
    res->verdict = RF_EQUIV_UNKNOWN;
}

static void free_fields(rf_equiv_t res)
{
    if (res->x)
        _fmpq_vec_clear(res->x, res->n_in);
    if (res->yA)
        _fmpq_vec_clear(res->yA, res->n_out);
    if (res->yB)
        _fmpq_vec_clear(res->yB, res->n_out);
    flint_free(res->cert_text);
    flint_free(res->cert_json);
    flint_free(res->reason);
    flint_free(res->method);
    res->x = res->yA = res->yB = NULL;
    res->cert_text = res->cert_json = res->reason = res->method = NULL;
}

void rf_equiv_set_method(rf_equiv_t res, const char *method)
{
    char *m = rf_text_dup(method);
    flint_free(res->method);
    res->method = m;
}

const char *rf_equiv_method(const rf_equiv_t res)
{
    return res->method != NULL ? res->method : "";
}

void rf_equiv_clear(rf_equiv_t res)
{
    free_fields(res);
}

int rf_equiv_set_separating(rf_equiv_t res, const rf_net_t A,
                            const rf_net_t B, const fmpq *x,
                            const char *method)
{
    free_fields(res);
    res->n_in = rf_net_in_dim(A);
    res->n_out = rf_net_out_dim(A);
    res->x = _fmpq_vec_init(res->n_in);
    res->yA = _fmpq_vec_init(res->n_out);
    res->yB = _fmpq_vec_init(res->n_out);
    rf_qvec_set(res->x, x, res->n_in);
    rf_net_eval(res->yA, A, x);
    rf_net_eval(res->yB, B, x);
    rf_equiv_set_method(res, method);
    /* The verdict is NO only if the re-check holds: a caller that drops the
     * return value must never be left holding an uncertified NO. On failure
     * x, yA, yB stay stored for diagnosis, with verdict UNKNOWN. */
    if (rf_qvec_equal(res->yA, res->yB, res->n_out)) {
        res->verdict = RF_EQUIV_UNKNOWN;
        return 0;
    }
    res->verdict = RF_EQUIV_NO;
    return 1;
}

void rf_equiv_set_equivalent(rf_equiv_t res, const char *method,
                             const char *cert_text, const char *cert_json)
{
    free_fields(res);
    res->verdict = RF_EQUIV_YES;
    rf_equiv_set_method(res, method);
    res->cert_text = rf_text_dup(cert_text);
    res->cert_json = rf_text_dup(cert_json);
}

void rf_equiv_fprint(FILE *out, const rf_equiv_t res)
{
    rf_equiv_fprint_digits(out, res, 10);
}

void rf_equiv_fprint_digits(FILE *out, const rf_equiv_t res, int digits)
{
    switch (res->verdict) {
    case RF_EQUIV_YES:
        fprintf(out, "equivalent (decided by %s)\n", rf_equiv_method(res));
        if (res->cert_text)
            fprintf(out, "certificate:\n%s", res->cert_text);
        break;
    case RF_EQUIV_NO:
        fprintf(out, "not equivalent (decided by %s)\n", rf_equiv_method(res));
        fprintf(out, "separating input x = ");
        rf_text_qvec(out, res->x, res->n_in, 0);
        fprintf(out, "\n  f_A(x) = ");
        rf_text_qvec(out, res->yA, res->n_out, 0);
        fprintf(out, "\n  f_B(x) = ");
        rf_text_qvec(out, res->yB, res->n_out, 0);
        fprintf(out, "\n");
        if (digits > 0 && (!rf_text_qvec_is_short(res->x, res->n_in, 10)
                           || !rf_text_qvec_is_short(res->yA, res->n_out, 10)
                           || !rf_text_qvec_is_short(res->yB, res->n_out, 10))) {
            /* decimal views for reading; the exact values are above */
            fmpq *dlt = _fmpq_vec_init(res->n_out);
            slong i;
            for (i = 0; i < res->n_out; i++)
                fmpq_sub(dlt + i, res->yB + i, res->yA + i);
            fprintf(out, "  decimal (%d digits): ", digits);
            if (!rf_text_qvec_is_short(res->x, res->n_in, 10)) {
                fprintf(out, "x ~ ");
                rf_text_qvec_decimal(out, res->x, res->n_in, digits);
                fprintf(out, "\n    ");
            }
            fprintf(out, "f_A(x) ~ ");
            rf_text_qvec_decimal(out, res->yA, res->n_out, digits);
            fprintf(out, "\n    f_B(x) - f_A(x) ~ ");
            rf_text_qvec_decimal(out, dlt, res->n_out, digits);
            fprintf(out, "\n");
            _fmpq_vec_clear(dlt, res->n_out);
        }
        break;
    default:
        fprintf(out, "unknown (%s)\n", rf_equiv_method(res));
    }
    if (res->reason)
        fprintf(out, "note: %s\n", res->reason);
}

void rf_equiv_fprint_json(FILE *out, const rf_equiv_t res)
{
    static const char *names[] = {"equivalent", "not_equivalent", "unknown"};
    fprintf(out, "{\"verdict\": \"%s\", \"method\": ", names[res->verdict]);
    rf_text_json_str(out, rf_equiv_method(res));
    if (res->verdict == RF_EQUIV_NO) {
        fprintf(out, ", \"x\": ");
        rf_text_qvec(out, res->x, res->n_in, 1);
        fprintf(out, ", \"f_A\": ");
        rf_text_qvec(out, res->yA, res->n_out, 1);
        fprintf(out, ", \"f_B\": ");
        rf_text_qvec(out, res->yB, res->n_out, 1);
    }
    if (res->cert_text) {
        fprintf(out, ", \"certificate_text\": ");
        rf_text_json_str(out, res->cert_text);
    }
    if (res->cert_json)
        fprintf(out, ", \"certificate\": %s", res->cert_json);
    if (res->reason) {
        fprintf(out, ", \"reason\": ");
        rf_text_json_str(out, res->reason);
    }
    fprintf(out, "}\n");
}

void rf_equiv_swap(rf_equiv_t a, rf_equiv_t b)
{
    rf_equiv_struct t = *a;
    *a = *b;
    *b = t;
}


slong rf_equiv_height(const fmpq *x, slong n)
{
    slong k, h = 0, b;
    for (k = 0; k < n; k++) {
        b = fmpz_bits(fmpq_numref(x + k));
        h = FLINT_MAX(h, b);
        b = fmpz_bits(fmpq_denref(x + k));
        h = FLINT_MAX(h, b);
    }
    return h;
}

/* ---------------------------------------------------------------------- */
/* double-precision filter                                                 */

typedef struct {
    slong L, wmax, fan;     /* depth, widest layer, sum of widths */
    const slong *dims;
    double *W, *b;          /* all layers, row-major, concatenated */
    double *a, *m, *a2, *m2;  /* work: activations and magnitudes */
} dnet_struct;

static void dnet_init(dnet_struct *D, const rf_net_t net)
{
    slong l, i, j, nw = 0, nb = 0, pw = 0, pb = 0;
    D->L = net->L;
    D->dims = net->dims;
    D->wmax = 0;
    D->fan = 0;
    for (l = 0; l <= net->L; l++) {
        D->wmax = FLINT_MAX(D->wmax, net->dims[l]);
        D->fan += net->dims[l];
    }
    for (l = 0; l < net->L; l++) {
        nw += net->dims[l + 1] * net->dims[l];
        nb += net->dims[l + 1];
    }
    D->W = flint_malloc((nw + 1) * sizeof(double));
    D->b = flint_malloc((nb + 1) * sizeof(double));
    for (l = 0; l < net->L; l++)
        for (i = 0; i < net->dims[l + 1]; i++) {
            for (j = 0; j < net->dims[l]; j++)
                D->W[pw++] = rf_q_get_d(rf_net_W(net, l, i, j));
            D->b[pb++] = rf_q_get_d(rf_net_b(net, l, i));
        }
    D->a = flint_malloc(4 * D->wmax * sizeof(double));
    D->m = D->a + D->wmax;
    D->a2 = D->m + D->wmax;
    D->m2 = D->a2 + D->wmax;
}

static void dnet_clear(dnet_struct *D)
{
    flint_free(D->W);
    flint_free(D->b);
    flint_free(D->a);
}

/* y = f(x) in doubles (dL entries), m = propagated magnitude |W||a| + |b| */
static void dnet_eval(double *y, double *mag, dnet_struct *D, const double *x)
{
    slong l, i, j, pw = 0, pb = 0;
    double *a = D->a, *m = D->m, *a2 = D->a2, *m2 = D->m2, *t;
    for (j = 0; j < D->dims[0]; j++) {
        a[j] = x[j];
        m[j] = fabs(x[j]);
    }
    for (l = 0; l < D->L; l++) {
        slong r = D->dims[l + 1], c = D->dims[l];
        for (i = 0; i < r; i++) {
            const double *w = D->W + pw + i * c;
            double s = D->b[pb + i], sm = fabs(D->b[pb + i]);
            for (j = 0; j < c; j++) {
                s += w[j] * a[j];
                sm += fabs(w[j]) * m[j];
            }
            if (l + 1 < D->L && s < 0)
                s = 0;
            a2[i] = s;
            m2[i] = sm;
        }
        pw += r * c;
        pb += r;
        t = a; a = a2; a2 = t;
        t = m; m = m2; m2 = t;
    }
    for (i = 0; i < D->dims[D->L]; i++) {
        y[i] = a[i];
        mag[i] = m[i];
    }
}

/* Float evidence that f_A(x) != f_B(x): the largest |yA - yB| / tol over
 * outputs, tol a generous bound on the rounding errors (> 1: evidence). */
static double evidence(dnet_struct *DA, dnet_struct *DB, const double *x,
                       double *buf)
{
    slong r, d = DA->dims[DA->L];
    double *yA = buf, *yB = buf + d, *mA = buf + 2 * d, *mB = buf + 3 * d, e = 0;
    double c = ldexp((double) (DA->fan + DB->fan + 4), -44);
    dnet_eval(yA, mA, DA, x);
    dnet_eval(yB, mB, DB, x);
    for (r = 0; r < d; r++) {
        double tol = c * (mA[r] + mB[r]) + 1e-300, q = fabs(yA[r] - yB[r]) / tol;
        if (q > e || q != q)
            e = q != q ? 0 : q;
    }
    return e;
}

void rf_equiv_filter_init(rf_equiv_filter_t F, const rf_net_t A,
                          const rf_net_t B)
{
    F->n_in = rf_net_in_dim(A);
    F->n_out = rf_net_out_dim(A);
    F->DA = flint_malloc(sizeof(dnet_struct));
    F->DB = flint_malloc(sizeof(dnet_struct));
    dnet_init(F->DA, A);
    dnet_init(F->DB, B);
    F->buf = flint_malloc(4 * F->n_out * sizeof(double));
}

void rf_equiv_filter_clear(rf_equiv_filter_t F)
{
    dnet_clear(F->DA);
    dnet_clear(F->DB);
    flint_free(F->DA);
    flint_free(F->DB);
    flint_free(F->buf);
}

double rf_equiv_filter_evidence(rf_equiv_filter_t F, const double *x)
{
    return evidence(F->DA, F->DB, x, F->buf);
}

/* ---------------------------------------------------------------------- */
/* candidates                                                              */

typedef struct {
    fmpq *c;        /* the candidate (n entries) */
    double *cd;     /* the same in doubles */
    slong h;        /* height */
    double ev;      /* float evidence */
} cand_struct;

static int cand_cmp(const void *a, const void *b)
{
    const cand_struct *p = a, *q = b;
    return p->h < q->h ? -1 : p->h > q->h ? 1 : 0;
}

/* dyadic rounding of xd: family 0 = grid 2^-p, family 1 = p significant
 * bits; clamped into [lo, hi] (to the bound itself) */
static void make_cand(fmpq *c, double *cd, const double *xd, slong n,
                      int fam, slong p, const fmpq *lo, const fmpq *hi)
{
    slong k;
    for (k = 0; k < n; k++) {
        double v = xd[k], r;
        if (fam == 0) {
            r = ldexp(nearbyint(ldexp(v, (int) p)), -(int) p);
        } else if (v == 0) {
            r = 0;
        } else {
            int e;
            double mnt = frexp(v, &e);
            r = ldexp(nearbyint(ldexp(mnt, (int) p)), e - (int) p);
        }
        if (!isfinite(r))
            r = 0;
        rf_q_set_d(c + k, r);
        if (lo != NULL && fmpq_cmp(c + k, lo + k) < 0)
            fmpq_set(c + k, lo + k);
        if (hi != NULL && fmpq_cmp(c + k, hi + k) > 0)
            fmpq_set(c + k, hi + k);
        cd[k] = rf_q_get_d(c + k);
    }
}

static int separates(const rf_net_t A, const rf_net_t B, const fmpq *x,
                     fmpq *yA, fmpq *yB, slong d)
{
    rf_net_eval(yA, A, x);
    rf_net_eval(yB, B, x);
    return !rf_qvec_equal(yA, yB, d);
}

/* The search shared by both entry points: the lowest-height candidate near
 * xd that separates, of height < hmax (hmax < 0: no limit). */
static int near_search(fmpq *out, const rf_net_t A, const rf_net_t B,
                       const double *xd, const fmpq *lo, const fmpq *hi,
                       slong hmax)
{
    slong n = rf_net_in_dim(A), d = rf_net_out_dim(A), P = RF_EQUIV_SHRINK_MAX_BITS;
    slong nc = 2 * (P + 1), i, k, exact = 0;
    cand_struct *C = flint_malloc(nc * sizeof(cand_struct));
    fmpq *yA = _fmpq_vec_init(d), *yB = _fmpq_vec_init(d);
    double *buf = flint_malloc(4 * d * sizeof(double));
    dnet_struct DA, DB;
    int found = 0;
    dnet_init(&DA, A);
    dnet_init(&DB, B);
    for (i = 0; i < nc; i++) {
        C[i].c = _fmpq_vec_init(n);
        C[i].cd = flint_malloc(n * sizeof(double));
        make_cand(C[i].c, C[i].cd, xd, n, (int) (i % 2), 1 + i / 2 - (i % 2 == 0),
                  lo, hi);
        C[i].h = rf_equiv_height(C[i].c, n);
        C[i].ev = -1;   /* computed when reached */
    }
    if (nc > 1)
        qsort(C, nc, sizeof(cand_struct), cand_cmp);
    /* pass 1: float evidence, lowest height first */
    for (i = 0; i < nc && !found; i++) {
        if (hmax >= 0 && C[i].h >= hmax)
            break;
        if (i > 0 && C[i].h == C[i - 1].h && rf_qvec_equal(C[i].c, C[i - 1].c, n))
            continue;
        C[i].ev = evidence(&DA, &DB, C[i].cd, buf);
        if (!(C[i].ev > 1.0))
            continue;
        if (separates(A, B, C[i].c, yA, yB, d)) {
            rf_qvec_set(out, C[i].c, n);
            found = 1;
        }
        if (++exact >= RF_EQUIV_SHRINK_EXACT)
            break;
    }
    /* pass 2 (differences below double resolution): exact checks at
     * geometrically spaced heights */
    for (k = 1, exact = 0; !found && k - 1 < nc && exact < RF_EQUIV_SHRINK_EXACT; k *= 2) {
        i = k - 1;
        if (hmax >= 0 && C[i].h >= hmax)
            break;
        exact++;
        if (separates(A, B, C[i].c, yA, yB, d)) {
            rf_qvec_set(out, C[i].c, n);
            found = 1;
        }
    }
    for (i = 0; i < nc; i++) {
        _fmpq_vec_clear(C[i].c, n);
        flint_free(C[i].cd);
    }
    flint_free(C);
    flint_free(buf);
    _fmpq_vec_clear(yA, d);
    _fmpq_vec_clear(yB, d);
    dnet_clear(&DA);
    dnet_clear(&DB);
    return found;
}

int rf_equiv_separating_near_d(fmpq *out, const rf_net_t A, const rf_net_t B,
                               const double *xd, const fmpq *lo,
                               const fmpq *hi)
{
    return near_search(out, A, B, xd, lo, hi, -1);
}

int rf_equiv_shrink_separating(fmpq *out, const rf_net_t A, const rf_net_t B,
                               const fmpq *x, const fmpq *lo, const fmpq *hi)
{
    slong n = rf_net_in_dim(A), d = rf_net_out_dim(A), k, h;
    fmpq *yA, *yB, *c = _fmpq_vec_init(n);
    double *xd = flint_malloc(n * sizeof(double));
    int ok = 0;
    h = rf_equiv_height(x, n);
    /* the candidates first: at large height they are much cheaper to
     * evaluate than x itself */
    if (h > 1) {
        for (k = 0; k < n; k++)
            xd[k] = rf_q_get_d(x + k);
        ok = near_search(c, A, B, xd, lo, hi, h);
    }
    if (!ok) {
        yA = _fmpq_vec_init(d);
        yB = _fmpq_vec_init(d);
        rf_qvec_set(c, x, n);
        ok = separates(A, B, c, yA, yB, d);
        _fmpq_vec_clear(yA, d);
        _fmpq_vec_clear(yB, d);
    }
    rf_qvec_set(out, c, n);
    flint_free(xd);
    _fmpq_vec_clear(c, n);
    return ok;
}

int rf_equiv_shrink(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                    const fmpq *lo, const fmpq *hi)
{
    slong n = res->n_in;
    fmpq *c;
    int changed = 0;
    if (res->verdict != RF_EQUIV_NO || res->x == NULL)
        return 0;
    c = _fmpq_vec_init(n);
    if (rf_equiv_shrink_separating(c, A, B, res->x, lo, hi) &&
        !rf_qvec_equal(c, res->x, n)) {
        rf_qvec_set(res->x, c, n);
        rf_net_eval(res->yA, A, c);
        rf_net_eval(res->yB, B, c);
        changed = 1;
    }
    _fmpq_vec_clear(c, n);
    return changed;
}
