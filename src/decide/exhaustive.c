/* The complete exact decision f_A == f_B by joint region enumeration, with
 * its certificates: a separating rational input, or the list of regions on
 * each of which both networks are the same affine map (each region re-checked
 * exactly, through the network module's own evaluation, when found). */
#include <string.h>
#include <time.h>
#include <flint/fmpq_vec.h>
#include "relufiber/decide.h"
#include "relufiber/qvec.h"

#define METHOD "exhaustive-cell-enumeration"
#define TEXT_LIST_MAX 16

void rf_decide_exhaustive_stats_init(rf_decide_exhaustive_stats_t stats)
{
    memset(stats, 0, sizeof(rf_decide_exhaustive_stats_struct));
}

void rf_decide_exhaustive_opts_init(rf_decide_exhaustive_opts_t opts)
{
    opts->max_regions = 0;
    opts->list_max = -1;
    opts->prefilter = 1;
    opts->seed = 20260518;
    opts->reduce = 1;
    opts->lo = opts->hi = NULL;
    opts->time_limit = 0.0;
    opts->progress = NULL;
    opts->progress_data = NULL;
    opts->threads = 1;
    opts->driver = NULL;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

typedef struct {
    const rf_decide_exhaustive_opts_struct *opts;
    const rf_net_struct *A, *B;
    int outcome;          /* 0 running/all agree, 1 separated, 2 cap */
    int failed;           /* a region failed its re-check: err is set */
    fmpq *sep;            /* separating input when outcome == 1 */
    FILE *json, *text;    /* certificate streams (memstreams) */
    slong listed;
    /* input reduction (docs/exhaustive.md): the search runs in coordinates
     * u of U = rowspace(W1_A) + rowspace(W1_B), x = R^T u; R is q x d0 with
     * q < d0, or NULL when there is no reduction. M = (R R^T)^{-1} R maps
     * affine maps in u back to x: g_x = g_u M. */
    fmpq_mat_struct *R, *M;
    slong d0;
    fmpq *xo;             /* the region's point in original coordinates */
    fmpq_mat_t outx;      /* the region's affine map in x (n_out x (d0+1)) */
    double t0, last;      /* start time, last progress report */
} decide_data;

static void fprint_qvec(FILE *out, const fmpq *v, slong n, int json)
{
    slong i;
    fputc(json ? '[' : '(', out);
    for (i = 0; i < n; i++) {
        if (i)
            fputs(json ? "," : ", ", out);
        if (json)
            fputc('"', out);
        fmpq_fprint(out, v + i);
        if (json)
            fputc('"', out);
    }
    fputc(json ? ']' : ')', out);
}

static void fprint_pat(FILE *out, const int *pat, slong n, int json)
{
    slong i;
    if (json) {
        fputc('[', out);
        for (i = 0; i < n; i++)
            fprintf(out, "%s%d", i ? "," : "", pat[i]);
        fputc(']', out);
        return;
    }
    for (i = 0; i < n; i++)
        fputc(pat[i] > 0 ? '+' : (pat[i] < 0 ? '-' : '0'), out);
    if (n == 0)
        fputs("(none)", out);
}

/* An affine map dL x (d+1) as rows [grad..., const]. */
static void fprint_map(FILE *out, const fmpq_mat_t M, int json)
{
    slong r;
    fputc('[', out);
    for (r = 0; r < fmpq_mat_nrows(M); r++) {
        if (r)
            fputs(json ? "," : "; ", out);
        fprint_qvec(out, M->rows[r], fmpq_mat_ncols(M), json);
    }
    fputc(']', out);
}

/* Independent re-check of a region: the true activation patterns of both
 * networks at x equal the enumerated ones, and the two pattern-restricted
 * affine maps agree at the d+1 affinely independent points x, x+e_1, ... */
static int recheck_region(const rf_cells_struct *e, const fmpq *x, slong d,
                          const rf_net_struct *A, const rf_net_struct *B)
{
    slong q, j, n_out = A->dims[A->L], nh;
    int ok = 1, *p;
    fmpq *y = _fmpq_vec_init(d), *ya = _fmpq_vec_init(n_out),
         *yb = _fmpq_vec_init(n_out);
    const rf_net_struct *nets[2];
    nets[0] = A;
    nets[1] = B;
    for (q = 0; q < 2 && ok; q++) {
        nh = rf_net_num_hidden(nets[q]);
        p = flint_malloc((nh + 1) * sizeof(int));
        rf_net_pattern(p, nets[q], x);
        ok = nh == 0 || memcmp(p, e->pat[q], nh * sizeof(int)) == 0;
        flint_free(p);
    }
    for (j = -1; j < d && ok; j++) {
        rf_qvec_set(y, x, d);
        if (j >= 0)
            fmpq_add_si(y + j, y + j, 1);
        rf_net_eval_on_pattern(ya, A, e->pat[0], y);
        rf_net_eval_on_pattern(yb, B, e->pat[1], y);
        ok = rf_qvec_equal(ya, yb, n_out);
    }
    _fmpq_vec_clear(y, d);
    _fmpq_vec_clear(ya, n_out);
    _fmpq_vec_clear(yb, n_out);
    return ok;
}

/* The maps differ on this region: a point of the open region where they
 * differ. x itself if the values differ there; otherwise step along a
 * coordinate where the gradients differ, by less than the distance to every
 * constraint hyperplane in that direction. */
static void separate_in_region(fmpq *sep, const rf_cells_struct *e)
{
    slong d = e->d, r, j, c, n_out = fmpq_mat_nrows(e->out + 0), jd = -1;
    fmpq_t va, vb, eps, m, g;
    fmpq_init(va); fmpq_init(vb); fmpq_init(eps); fmpq_init(m); fmpq_init(g);
    rf_qvec_set(sep, e->x, d);
    for (r = 0; r < n_out; r++) {
        rf_cells_affine_eval(va, e->out[0].rows[r], e->x, d);
        rf_cells_affine_eval(vb, e->out[1].rows[r], e->x, d);
        if (!fmpq_equal(va, vb))
            goto done;
    }
    for (r = 0; r < n_out && jd < 0; r++)
        for (j = 0; j < d && jd < 0; j++)
            if (!fmpq_equal(fmpq_mat_entry(e->out + 0, r, j),
                            fmpq_mat_entry(e->out + 1, r, j)))
                jd = j;
    fmpq_one(eps);
    for (c = 0; c < e->ncons; c++) {
        const fmpq *row = e->rows->rows[c];
        if (fmpq_sgn(row + jd) >= 0)
            continue;
        rf_cells_affine_eval(m, row, e->x, d);       /* > 0 */
        fmpq_neg(g, row + jd);                  /* > 0 */
        fmpq_div(m, m, g);
        fmpq_div_2exp(m, m, 1);
        if (fmpq_cmp(m, eps) < 0)
            fmpq_set(eps, m);
    }
    fmpq_add(sep + jd, sep + jd, eps);
done:
    fmpq_clear(va); fmpq_clear(vb); fmpq_clear(eps); fmpq_clear(m); fmpq_clear(g);
}

/* x = R^T u (or a copy), and the region's map in x coordinates. */
static void to_original(decide_data *dd, const fmpq *u, const fmpq_mat_t outu, slong q)
{
    slong j, k, r, n_out = outu != NULL ? fmpq_mat_nrows(outu) : 0;
    fmpq_t t;
    if (dd->R == NULL) {
        rf_qvec_set(dd->xo, u, dd->d0);
        if (outu != NULL)
            fmpq_mat_set(dd->outx, outu);
        return;
    }
    fmpq_init(t);
    for (j = 0; j < dd->d0; j++) {
        fmpq_zero(dd->xo + j);
        for (k = 0; k < q; k++) {
            fmpq_mul(t, fmpq_mat_entry(dd->R, k, j), u + k);
            fmpq_add(dd->xo + j, dd->xo + j, t);
        }
    }
    for (r = 0; outu != NULL && r < n_out; r++) {
        for (j = 0; j < dd->d0; j++) {
            fmpq_zero(fmpq_mat_entry(dd->outx, r, j));
            for (k = 0; k < q; k++) {
                fmpq_mul(t, fmpq_mat_entry(outu, r, k), fmpq_mat_entry(dd->M, k, j));
                fmpq_add(fmpq_mat_entry(dd->outx, r, j), fmpq_mat_entry(dd->outx, r, j), t);
            }
        }
        fmpq_set(fmpq_mat_entry(dd->outx, r, dd->d0), fmpq_mat_entry(outu, r, q));
    }
    fmpq_clear(t);
}

static int decide_leaf(const rf_cells_struct *e, void *data)
{
    decide_data *dd = data;
    slong nA = rf_net_num_hidden(dd->A), nB = rf_net_num_hidden(dd->B);
    if (!fmpq_mat_equal(e->out + 0, e->out + 1)) {
        fmpq *su = _fmpq_vec_init(e->d);
        separate_in_region(su, e);
        to_original(dd, su, NULL, e->d);
        rf_qvec_set(dd->sep, dd->xo, dd->d0);
        _fmpq_vec_clear(su, e->d);
        dd->outcome = 1;
        return 1;
    }
    to_original(dd, e->x, e->out + 0, e->d);
    if (!recheck_region(e, dd->xo, dd->d0, dd->A, dd->B)) {
        rf_err_set(e->err, RF_ERR_INTERNAL, "", 0,
                   "region %ld failed its exact re-check", (long) e->stats->regions);
        dd->failed = 1;
        return 1;
    }
    if (dd->opts->list_max < 0 || dd->listed < dd->opts->list_max) {
        fprintf(dd->json, "%s{\"pattern_A\":", dd->listed ? "," : "");
        fprint_pat(dd->json, e->pat[0], nA, 1);
        fprintf(dd->json, ",\"pattern_B\":");
        fprint_pat(dd->json, e->pat[1], nB, 1);
        fprintf(dd->json, ",\"x\":");
        fprint_qvec(dd->json, dd->xo, dd->d0, 1);
        fprintf(dd->json, ",\"affine\":");
        fprint_map(dd->json, dd->outx, 1);
        fputc('}', dd->json);
        dd->listed++;
    }
    if (e->stats->regions <= TEXT_LIST_MAX) {
        fprintf(dd->text, "  region %ld: A ", (long) e->stats->regions);
        fprint_pat(dd->text, e->pat[0], nA, 0);
        fprintf(dd->text, " B ");
        fprint_pat(dd->text, e->pat[1], nB, 0);
        fprintf(dd->text, " at x = ");
        fprint_qvec(dd->text, dd->xo, dd->d0, 0);
        fprintf(dd->text, ": f = ");
        fprint_map(dd->text, dd->outx, 0);
        fputc('\n', dd->text);
    }
    if (dd->opts->max_regions > 0 && e->stats->regions >= dd->opts->max_regions) {
        dd->outcome = 2;
        return 1;
    }
    if (dd->opts->time_limit > 0 || dd->opts->progress != NULL) {
        double t = now_seconds();
        if (dd->opts->progress != NULL && t - dd->last >= 1.0) {
            char line[200];
            dd->last = t;
            snprintf(line, sizeof(line), "exhaustive: %ld regions agree, %ld exact LPs, "
                     "%.0f regions/s, %.1f s",
                     (long) e->stats->regions, (long) e->stats->lps,
                     e->stats->regions / FLINT_MAX(t - dd->t0, 1e-9), t - dd->t0);
            dd->opts->progress(dd->opts->progress_data, line);
        }
        if (dd->opts->time_limit > 0 && t - dd->t0 >= dd->opts->time_limit) {
            dd->outcome = 3;
            return 1;
        }
    }
    return 0;
}

static ulong splitmix(ulong *s)
{
    ulong z = (*s += UWORD(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UWORD(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UWORD(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Cheap exact pre-test at a few random rational inputs. */
static int prefilter(fmpq *sep, const rf_net_t A, const rf_net_t B, ulong seed,
                     const fmpq *lo, const fmpq *hi)
{
    slong d = rf_net_in_dim(A), n_out = rf_net_out_dim(A), it, j;
    slong npts = 8 + 2 * d;
    int found = 0;
    ulong s = seed;
    fmpq *ya = _fmpq_vec_init(n_out), *yb = _fmpq_vec_init(n_out);
    for (it = 0; it < npts && !found; it++) {
        for (j = 0; j < d; j++) {
            slong num = (slong) (splitmix(&s) % 2001) - 1000;
            slong den = 1 + (slong) (splitmix(&s) % 97);
            fmpq_set_si(sep + j, num * (1 + it / 4), den);
            if (lo != NULL && hi != NULL) {
                /* lo + (hi - lo) t with t in (0, 1) */
                fmpq_set_si(sep + j, 1 + (slong) (splitmix(&s) % 255), 256);
                fmpq_sub(ya, hi + j, lo + j);
                fmpq_mul(sep + j, sep + j, ya);
                fmpq_add(sep + j, sep + j, lo + j);
            }
        }
        rf_net_eval(ya, A, sep);
        rf_net_eval(yb, B, sep);
        found = !rf_qvec_equal(ya, yb, n_out);
    }
    _fmpq_vec_clear(ya, n_out);
    _fmpq_vec_clear(yb, n_out);
    return found;
}

/* Input reduction: R (q x d0) = a basis of U = rowspace(W1_A) +
 * rowspace(W1_B); if 0 < q < d0, Ar/Br are A/B with first layer W1 R^T
 * (so f_A(R^T u) = f_Ar(u)) and M = (R R^T)^{-1} R. Since W1 x = W1 P_U x,
 * f_A(x) = f_Ar(u) for the coordinates u of the projection P_U x, hence
 * f_A = f_B on R^d0 iff f_Ar = f_Br on R^q. Returns q (d0: no reduction). */
static slong reduce_input(fmpq_mat_t R, fmpq_mat_t M, rf_net_t Ar, rf_net_t Br,
                          const rf_net_t A, const rf_net_t B)
{
    slong d0 = rf_net_in_dim(A), nA = A->dims[1], nB = B->dims[1], q, i, j;
    fmpq_mat_t S, Rt, G, Gi;
    fmpq_mat_init(S, nA + nB, d0);
    for (i = 0; i < nA; i++)
        for (j = 0; j < d0; j++)
            fmpq_set(fmpq_mat_entry(S, i, j), rf_net_W(A, 0, i, j));
    for (i = 0; i < nB; i++)
        for (j = 0; j < d0; j++)
            fmpq_set(fmpq_mat_entry(S, nA + i, j), rf_net_W(B, 0, i, j));
    q = fmpq_mat_rref(S, S);
    if (q == 0 || q == d0) {
        fmpq_mat_clear(S);
        return d0;
    }
    fmpq_mat_clear(R);
    fmpq_mat_init(R, q, d0);
    for (i = 0; i < q; i++)
        for (j = 0; j < d0; j++)
            fmpq_set(fmpq_mat_entry(R, i, j), fmpq_mat_entry(S, i, j));
    fmpq_mat_clear(S);
    fmpq_mat_init(Rt, d0, q);
    fmpq_mat_transpose(Rt, R);
    fmpq_mat_init(G, q, q);
    fmpq_mat_init(Gi, q, q);
    fmpq_mat_mul(G, R, Rt);
    fmpq_mat_inv(Gi, G);               /* R has full row rank */
    fmpq_mat_clear(M);
    fmpq_mat_init(M, q, d0);
    fmpq_mat_mul(M, Gi, R);
    for (i = 0; i < 2; i++) {
        const rf_net_struct *src = i == 0 ? A : B;
        rf_net_struct *dst = i == 0 ? Ar : Br;
        slong *dims = flint_malloc((src->L + 1) * sizeof(slong)), l;
        for (l = 0; l <= src->L; l++)
            dims[l] = src->dims[l];
        dims[0] = q;
        rf_net_clear(dst);
        rf_net_init(dst, src->L, dims);
        fmpq_mat_mul(dst->W + 0, src->W + 0, Rt);
        fmpq_mat_set(dst->b + 0, src->b + 0);
        for (l = 1; l < src->L; l++) {
            fmpq_mat_set(dst->W + l, src->W + l);
            fmpq_mat_set(dst->b + l, src->b + l);
        }
        flint_free(dims);
    }
    fmpq_mat_clear(Rt);
    fmpq_mat_clear(G);
    fmpq_mat_clear(Gi);
    return q;
}

static char *dup_reason(const char *s)
{
    char *r = flint_malloc(strlen(s) + 1);
    strcpy(r, s);
    return r;
}

static char *close_stream(FILE *f, char **buf)
{
    fclose(f);
    return *buf;
}

int rf_decide_exhaustive_opts(rf_equiv_t res, rf_decide_exhaustive_stats_t stats,
                              const rf_net_t A, const rf_net_t B,
                              const rf_decide_exhaustive_opts_t opts, rf_err_t err)
{
    rf_decide_exhaustive_stats_struct st;
    decide_data dd;
    const rf_net_struct *nets[2];
    char *jbuf = NULL, *tbuf = NULL, *jfull, *tfull;
    size_t jlen = 0, tlen = 0;
    slong d = rf_net_in_dim(A);
    int ret = RF_OK;

    if (rf_net_in_dim(A) != rf_net_in_dim(B) || rf_net_out_dim(A) != rf_net_out_dim(B))
        return rf_err_set(err, RF_ERR_INPUT, "", 0,
                          "the networks have different input or output dimensions");
    memset(&st, 0, sizeof(st));
    memset(&dd, 0, sizeof(dd));
    dd.opts = opts;
    dd.A = A;
    dd.B = B;
    dd.sep = _fmpq_vec_init(d);

    if (opts->prefilter && prefilter(dd.sep, A, B, opts->seed, opts->lo, opts->hi)) {
        st.prefilter_hit = 1;
        dd.outcome = 1;
    } else {
        rf_net_t Ar, Br;
        fmpq_mat_t R, M;
        slong q = d;
        rf_net_init(Ar, 1, (slong[]) {1, 1});
        rf_net_init(Br, 1, (slong[]) {1, 1});
        fmpq_mat_init(R, 1, 1);
        fmpq_mat_init(M, 1, 1);
        if (opts->reduce)
            q = reduce_input(R, M, Ar, Br, A, B);
        dd.t0 = dd.last = now_seconds();
        dd.d0 = d;
        dd.xo = _fmpq_vec_init(d);
        fmpq_mat_init(dd.outx, rf_net_out_dim(A), d + 1);
        if (q < d) {
            dd.R = R;
            dd.M = M;
            nets[0] = Ar;
            nets[1] = Br;
        } else {
            nets[0] = A;
            nets[1] = B;
        }
        dd.json = open_memstream(&jbuf, &jlen);
        dd.text = open_memstream(&tbuf, &tlen);
        {
            rf_cells_opts_t copts;
            rf_cells_stats_t cst;
            fmpq_mat_t dom;
            rf_cells_opts_init(copts);
            copts->threads = opts->threads;
            copts->driver = opts->driver;
            fmpq_mat_init(dom, 0, q + 1);
            if (opts->lo != NULL && opts->hi != NULL) {
                if (q == d) {
                    copts->lo = opts->lo;
                    copts->hi = opts->hi;
                } else {
                    /* lo < R^T u < hi as 2 d0 strict rows in u */
                    slong j, i;
                    fmpq_mat_clear(dom);
                    fmpq_mat_init(dom, 2 * d, q + 1);
                    for (j = 0; j < d; j++) {
                        for (i = 0; i < q; i++) {
                            fmpq_set(fmpq_mat_entry(dom, 2 * j, i), fmpq_mat_entry(R, i, j));
                            fmpq_neg(fmpq_mat_entry(dom, 2 * j + 1, i), fmpq_mat_entry(R, i, j));
                        }
                        fmpq_neg(fmpq_mat_entry(dom, 2 * j, q), opts->lo + j);
                        fmpq_set(fmpq_mat_entry(dom, 2 * j + 1, q), opts->hi + j);
                    }
                    copts->domain = dom;
                }
            }
            ret = rf_cells_enumerate(cst, nets, 2, copts, decide_leaf, &dd, err);
            fmpq_mat_clear(dom);
            st.regions = cst->regions;
            st.lps = cst->lps;
            st.lps_empty = cst->lps_empty;
            st.pruned = cst->pruned;
            st.nodes = cst->nodes;
            st.zero_const = cst->zero_const;
            if (ret == RF_OK && dd.failed)
                ret = err->code;
        }
        close_stream(dd.json, &jbuf);
        close_stream(dd.text, &tbuf);
        st.input_dim = q;
        _fmpq_vec_clear(dd.xo, d);
        fmpq_mat_clear(dd.outx);
        fmpq_mat_clear(R);
        fmpq_mat_clear(M);
        rf_net_clear(Ar);
        rf_net_clear(Br);
    }
    if (ret != RF_OK)
        goto out;
    if (dd.outcome == 1) {
        if (!rf_equiv_set_separating(res, A, B, dd.sep, METHOD)) {
            ret = rf_err_set(err, RF_ERR_INTERNAL, "", 0,
                             "the separating input failed its exact re-check");
            goto out;
        }
        if (st.prefilter_hit)
            res->reason = dup_reason("separating input found by the enumeration's random-input prefilter, before any region was enumerated");
    } else if (dd.outcome == 2 || dd.outcome == 3) {
        char msg[200];
        rf_equiv_clear(res);
        rf_equiv_init(res);
        rf_equiv_set_method(res, METHOD);
        if (dd.outcome == 2)
            snprintf(msg, sizeof(msg), "region cap reached: %ld region(s) agree, enumeration stopped",
                     (long) st.regions);
        else
            snprintf(msg, sizeof(msg), "time limit of %g s reached: %ld region(s) agree, "
                     "enumeration stopped", opts->time_limit, (long) st.regions);
        res->reason = dup_reason(msg);
    } else {
        size_t n1 = tlen + 400, n2 = jlen + 200;
        tfull = flint_malloc(n1);
        jfull = flint_malloc(n2);
        snprintf(tfull, n1,
                 "%ld full-dimensional regions of the joint activation arrangement "
                 "(%ld exact LPs); on each, f_A and f_B are the same affine map "
                 "(re-checked exactly). Listed as: patterns (+ active, - inactive, "
                 "0 identically zero), an interior point x, and f = [(g_r, c_r), ...] "
                 "meaning f_r(x) = g_r . x + c_r.\n%s%s",
                 (long) st.regions, (long) st.lps, tbuf ? tbuf : "",
                 st.regions > TEXT_LIST_MAX ? "  ...\n" : "");
        snprintf(jfull, n2, "{\"regions\":%ld,\"lps\":%ld,\"listed\":%ld,\"list\":[%s]}",
                 (long) st.regions, (long) st.lps, (long) dd.listed, jbuf ? jbuf : "");
        rf_equiv_set_equivalent(res, METHOD, tfull, jfull);
        flint_free(tfull);
        flint_free(jfull);
    }
out:
    free(jbuf);
    free(tbuf);
    _fmpq_vec_clear(dd.sep, d);
    if (stats != NULL)
        *stats = st;
    return ret;
}

int rf_decide_exhaustive(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                         rf_err_t err)
{
    rf_decide_exhaustive_opts_t opts;
    rf_decide_exhaustive_opts_init(opts);
    return rf_decide_exhaustive_opts(res, NULL, A, B, opts, err);
}
