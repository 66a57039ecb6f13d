/* NNet reader (the text format of ACAS Xu, Reluplex and Marabou).
 *
 * Layout, line by line (every line may end with a comma):
 *   // header lines, any number
 *   L, inputSize, outputSize, maxLayerSize
 *   d0, d1, ..., dL                      (d0 = inputSize, dL = outputSize)
 *   flag                                 (no longer used; one integer)
 *   min of each input                    (d0 values)
 *   max of each input                    (d0 values)
 *   mean of each input, then one for the outputs   (d0 + 1 values)
 *   range of each input, then one for the outputs  (d0 + 1 values)
 *   then for l = 1..L: d_l lines of d_{l-1} weights (one row per line),
 *   then d_l lines holding one bias each.
 * maxLayerSize must be max(d0, ..., dL). Numbers are read exactly as
 * decimals ("5.40062e-02" is 540062/10^7). Blank lines are skipped. The
 * normalisation lines are checked (counts, numbers, min <= max, range != 0)
 * but not applied: the network itself is returned.
 *
 * Values are collected in a growing vector and the network is allocated
 * only once the whole file has been read, so a header that declares a huge
 * architecture cannot make us allocate more than the file holds. */
#include <string.h>
#include <stdarg.h>
#include <flint/fmpz.h>
#include <flint/fmpq_vec.h>
#include "relufiber/io.h"
#include "relufiber/rational.h"

typedef struct {
    const char *buf;
    size_t len, pos;
    long line;          /* number of the current line */
    const char *name;
    rf_err_struct *err;
    /* fields of the current line */
    const char **f;
    size_t *flen;
    size_t nf, af;
    size_t maxf;        /* fields beyond this are counted, not stored */
} nlex_t;

static void push_field(nlex_t *lx, const char *s, size_t n)
{
    if (lx->nf >= lx->maxf) {
        lx->nf++;
        return;
    }
    if (lx->nf == lx->af) {
        lx->af = lx->af ? 2 * lx->af : 16;
        lx->f = flint_realloc(lx->f, lx->af * sizeof(char *));
        lx->flen = flint_realloc(lx->flen, lx->af * sizeof(size_t));
    }
    lx->f[lx->nf] = s;
    lx->flen[lx->nf++] = n;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Record an input error at the current line; returns -1 (next_line's
 * error value, distinct from its 0/1 results). */
static int line_error(nlex_t *lx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static int line_error(nlex_t *lx, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    rf_err_set(lx->err, RF_ERR_INPUT, lx->name, lx->line, "%s", msg);
    return -1;
}

/* Next non-blank line split at commas, fields trimmed; one trailing comma
 * is allowed. Returns 1 for a line, 0 at end of input, -1 on an error (then
 * err is set). header != 0 also skips lines starting with "//". */
static int next_line(nlex_t *lx, int header)
{
    while (lx->pos < lx->len) {
        size_t p = lx->pos, end = p, s, e;
        lx->line++;
        while (end < lx->len && lx->buf[end] != '\n')
            end++;
        lx->pos = end < lx->len ? end + 1 : end;
        if (memchr(lx->buf + p, '\0', end - p) != NULL)
            return line_error(lx, "NUL byte in text file");
        while (p < end && is_blank(lx->buf[p]))
            p++;
        if (p == end)
            continue;
        if (end - p >= 2 && lx->buf[p] == '/' && lx->buf[p + 1] == '/') {
            if (header)
                continue;
            return line_error(lx, "'//' comment lines are only allowed in the header");
        }
        lx->nf = 0;
        for (s = p;;) {
            size_t c = s;
            while (c < end && lx->buf[c] != ',')
                c++;
            e = c;
            while (s < e && is_blank(lx->buf[s]))
                s++;
            while (e > s && is_blank(lx->buf[e - 1]))
                e--;
            if (c == end) {
                /* last field: may be empty only after a comma */
                if (e > s)
                    push_field(lx, lx->buf + s, e - s);
                else if (lx->nf == 0)
                    return line_error(lx, "empty line");
                break;
            }
            if (e == s)
                return line_error(lx, "empty field %zu (two commas in a row?)", lx->nf + 1);
            push_field(lx, lx->buf + s, e - s);
            s = c + 1;
        }
        return 1;
    }
    return 0;
}

static const char *show(char *out, const char *s, size_t n)
{
    size_t i, m = n < 40 ? n : 40;
    for (i = 0; i < m; i++)
        out[i] = (s[i] >= 32 && s[i] < 127) ? s[i] : '?';
    strcpy(out + m, n > 40 ? "..." : "");
    return out;
}

/* Read the next data line; it must have exactly n fields. */
static int expect_line(nlex_t *lx, size_t n, const char *what)
{
    int r = next_line(lx, 0);
    if (r == 0)
        return rf_err_set(lx->err, RF_ERR_INPUT, lx->name, lx->line,
                          "file ends early: expected %s", what);
    if (r < 0)
        return lx->err->code;
    if (lx->nf != n)
        return rf_err_set(lx->err, RF_ERR_INPUT, lx->name, lx->line,
                          "%s: expected %zu value%s, found %zu", what, n,
                          n == 1 ? "" : "s", lx->nf);
    return RF_OK;
}

/* Field k as an integer in min..max, written as plain digits. */
static int field_int(slong *v, const nlex_t *lx, size_t k, slong min, slong max,
                     const char *what)
{
    char buf[48];
    size_t i;
    slong x = 0;
    if (lx->flen[k] == 0 || lx->flen[k] > 9)
        goto bad;
    for (i = 0; i < lx->flen[k]; i++) {
        char c = lx->f[k][i];
        if (c < '0' || c > '9')
            goto bad;
        x = 10 * x + (c - '0');
    }
    if (x < min || x > max)
        goto bad;
    *v = x;
    return RF_OK;
bad:
    return rf_err_set(lx->err, RF_ERR_INPUT, lx->name, lx->line,
                      "%s: '%s' is not an integer in %ld..%ld", what,
                      show(buf, lx->f[k], lx->flen[k]), (long) min, (long) max);
}

static int field_q(fmpq_t q, const nlex_t *lx, size_t k, const char *what)
{
    const char *why;
    char buf[48];
    if (rf_q_parse(q, lx->f[k], lx->flen[k], &why))
        return rf_err_set(lx->err, RF_ERR_INPUT, lx->name, lx->line,
                          "%s: bad number '%s' (%s)", what,
                          show(buf, lx->f[k], lx->flen[k]), why);
    return RF_OK;
}

/* A growing vector of rationals. */
typedef struct {
    fmpq *v;
    slong n, alloc;
} qbuf_t;

static fmpq *qbuf_next(qbuf_t *qb)
{
    if (qb->n == qb->alloc) {
        slong k, a = qb->alloc ? 2 * qb->alloc : 64;
        qb->v = flint_realloc(qb->v, a * sizeof(fmpq));
        for (k = qb->alloc; k < a; k++)
            fmpq_init(qb->v + k);
        qb->alloc = a;
    }
    return qb->v + qb->n++;
}

static void qbuf_clear(qbuf_t *qb)
{
    slong k;
    for (k = 0; k < qb->alloc; k++)
        fmpq_clear(qb->v + k);
    flint_free(qb->v);
}

/* The four normalisation lines: checked, and kept in info if non-NULL. */
static int read_normalisation(nlex_t *lx, slong d0, rf_io_nnet_info_t info)
{
    static const char *what[4] = {"input minimums", "input maximums",
                                  "means (inputs, then outputs)",
                                  "ranges (inputs, then outputs)"};
    fmpq *lo = NULL;
    fmpq_t q;
    slong k, i;
    int r = RF_OK;
    fmpq_init(q);
    for (k = 0; k < 4 && r == RF_OK; k++) {
        slong n = k < 2 ? d0 : d0 + 1;
        char w[96];
        if ((r = expect_line(lx, (size_t) n, what[k])))
            break;
        if (k == 0) /* only now: the line really holds d0 values */
            lo = _fmpq_vec_init(d0);
        for (i = 0; i < n; i++) {
            snprintf(w, sizeof(w), "%s, value %ld", what[k], (long) (i + 1));
            if ((r = field_q(q, lx, i, w)))
                break;
            if (k == 0)
                fmpq_set(lo + i, q);
            if (info != NULL) {
                fmpq *dst = k == 0 ? info->min : k == 1 ? info->max : k == 2 ? info->mean : info->range;
                fmpq_set(dst + i, q);
            }
            if (k == 1 && fmpq_cmp(q, lo + i) < 0) {
                r = rf_err_set(lx->err, RF_ERR_INPUT, lx->name, lx->line,
                               "input %ld: maximum is below the minimum", (long) (i + 1));
                break;
            }
            if (k == 3 && fmpq_is_zero(q)) {
                r = rf_err_set(lx->err, RF_ERR_INPUT, lx->name, lx->line,
                               "%s: range %ld is zero", what[k], (long) (i + 1));
                break;
            }
        }
    }
    fmpq_clear(q);
    if (lo != NULL)
        _fmpq_vec_clear(lo, d0);
    return r;
}

/* Header: counts and layer sizes. Allocates *dims (L + 1 entries). */
static int read_header(slong *Lp, slong **dims, nlex_t *lx)
{
    slong L, in, out, maxs, m = 0, l, flag, params;
    int r = next_line(lx, 1);
    if (r == 0)
        return rf_err_set(lx->err, RF_ERR_INPUT, lx->name, 0,
                          "empty file: no NNet header line 'numLayers,inputSize,outputSize,maxLayerSize'");
    if (r < 0)
        return lx->err->code;
    if (lx->nf != 4)
        return rf_err_set(lx->err, RF_ERR_INPUT, lx->name, lx->line,
                          "expected 'numLayers,inputSize,outputSize,maxLayerSize' (4 values), found %zu values",
                          lx->nf);
    if ((r = field_int(&L, lx, 0, 1, RF_IO_MAX_LAYERS, "numLayers")) ||
        (r = field_int(&in, lx, 1, 1, RF_IO_MAX_WIDTH, "inputSize")) ||
        (r = field_int(&out, lx, 2, 1, RF_IO_MAX_WIDTH, "outputSize")) ||
        (r = field_int(&maxs, lx, 3, 1, RF_IO_MAX_WIDTH, "maxLayerSize")))
        return r;
    if ((r = expect_line(lx, (size_t) L + 1, "layer sizes (numLayers + 1 values)")))
        return r;
    *dims = flint_malloc((L + 1) * sizeof(slong));
    *Lp = L;
    for (l = 0; l <= L; l++) {
        char w[48];
        snprintf(w, sizeof(w), "layer size %ld", (long) (l + 1));
        if ((r = field_int(*dims + l, lx, l, 1, RF_IO_MAX_WIDTH, w)))
            return r;
        if ((*dims)[l] > m)
            m = (*dims)[l];
    }
    if ((*dims)[0] != in)
        return rf_err_set(lx->err, RF_ERR_INPUT, lx->name, lx->line,
                          "first layer size %ld differs from inputSize %ld",
                          (long) (*dims)[0], (long) in);
    if ((*dims)[L] != out)
        return rf_err_set(lx->err, RF_ERR_INPUT, lx->name, lx->line,
                          "last layer size %ld differs from outputSize %ld",
                          (long) (*dims)[L], (long) out);
    if (m != maxs)
        return rf_err_set(lx->err, RF_ERR_INPUT, lx->name, lx->line,
                          "largest layer size is %ld but maxLayerSize says %ld",
                          (long) m, (long) maxs);
    for (l = 0, params = 0; l < L; l++) {
        params += (*dims)[l + 1] * ((*dims)[l] + 1);
        if (params > RF_IO_MAX_PARAMS)
            return rf_err_set(lx->err, RF_ERR_INPUT, lx->name, lx->line,
                              "too many parameters (over %d)", RF_IO_MAX_PARAMS);
    }
    if ((r = expect_line(lx, 1, "the (unused) flag line")))
        return r;
    if ((r = field_int(&flag, lx, 0, 0, 999999999, "flag")))
        return r;
    return RF_OK;
}

void rf_io_nnet_info_init(rf_io_nnet_info_t info)
{
    info->d0 = 0;
    info->min = info->max = info->mean = info->range = NULL;
}

void rf_io_nnet_info_clear(rf_io_nnet_info_t info)
{
    if (info->min != NULL) {
        _fmpq_vec_clear(info->min, info->d0);
        _fmpq_vec_clear(info->max, info->d0);
        _fmpq_vec_clear(info->mean, info->d0 + 1);
        _fmpq_vec_clear(info->range, info->d0 + 1);
    }
    rf_io_nnet_info_init(info);
}

static void info_alloc(rf_io_nnet_info_t info, slong d0)
{
    rf_io_nnet_info_clear(info);
    info->d0 = d0;
    info->min = _fmpq_vec_init(d0);
    info->max = _fmpq_vec_init(d0);
    info->mean = _fmpq_vec_init(d0 + 1);
    info->range = _fmpq_vec_init(d0 + 1);
}

/* The normalisation folded into the network: the NNet network g acts on
 * u = (x - mean) / range and its output is y = range_out g(u) + mean_out,
 * so W1' = W1 diag(1 / range), b1' = b1 - W1 (mean / range), and
 * WL' = range_out WL, bL' = range_out bL + mean_out. (The clipping of x to
 * [min, max] that NNet tools apply is not a network operation: use the box.) */
void rf_io_nnet_normalize(rf_net_t out, const rf_net_t net, const rf_io_nnet_info_t info)
{
    slong L = net->L, i, j, d0 = net->dims[0];
    fmpq_t t;
    fmpq_init(t);
    rf_net_set(out, net);
    for (i = 0; i < net->dims[1]; i++)
        for (j = 0; j < d0; j++) {
            fmpq_div(rf_net_W(out, 0, i, j), rf_net_W(net, 0, i, j), info->range + j);
            fmpq_mul(t, rf_net_W(out, 0, i, j), info->mean + j);
            fmpq_sub(rf_net_b(out, 0, i), rf_net_b(out, 0, i), t);
        }
    for (i = 0; i < net->dims[L]; i++) {
        for (j = 0; j < net->dims[L - 1]; j++)
            fmpq_mul(rf_net_W(out, L - 1, i, j), rf_net_W(out, L - 1, i, j), info->range + d0);
        fmpq_mul(rf_net_b(out, L - 1, i), rf_net_b(out, L - 1, i), info->range + d0);
        fmpq_add(rf_net_b(out, L - 1, i), rf_net_b(out, L - 1, i), info->mean + d0);
    }
    fmpq_clear(t);
}

void rf_io_nnet_box(fmpq *lo, fmpq *hi, const rf_io_nnet_info_t info, int normalized)
{
    slong j;
    for (j = 0; j < info->d0; j++) {
        fmpq_set(lo + j, info->min + j);
        fmpq_set(hi + j, info->max + j);
        if (normalized) {
            fmpq_sub(lo + j, lo + j, info->mean + j);
            fmpq_div(lo + j, lo + j, info->range + j);
            fmpq_sub(hi + j, hi + j, info->mean + j);
            fmpq_div(hi + j, hi + j, info->range + j);
            if (fmpq_cmp(lo + j, hi + j) > 0)
                fmpq_swap(lo + j, hi + j);
        }
    }
}

int rf_io_read_nnet_buf(rf_net_t net, const char *buf, size_t len,
                         const char *name, rf_err_t err)
{
    return rf_io_read_nnet_info_buf(net, NULL, buf, len, name, err);
}

int rf_io_read_nnet_info_buf(rf_net_t net, rf_io_nnet_info_t info, const char *buf,
                             size_t len, const char *name, rf_err_t err)
{
    nlex_t lx;
    qbuf_t qb = {NULL, 0, 0};
    slong L = 0, l, i, j, k, *dims = NULL;
    char what[96];
    rf_net_t tmp;
    int r;
    memset(&lx, 0, sizeof(lx));
    lx.buf = buf;
    lx.len = len;
    lx.name = name ? name : "<input>";
    lx.err = err;
    lx.maxf = (RF_IO_MAX_WIDTH > RF_IO_MAX_LAYERS ? RF_IO_MAX_WIDTH : RF_IO_MAX_LAYERS) + 3;
    if ((r = read_header(&L, &dims, &lx)))
        goto out;
    /* no legal line after the header has more than max(d) + 2 fields */
    lx.maxf = 3;
    for (l = 0; l <= L; l++)
        if ((size_t) dims[l] + 3 > lx.maxf)
            lx.maxf = (size_t) dims[l] + 3;
    if (info != NULL)
        info_alloc(info, dims[0]);
    if ((r = read_normalisation(&lx, dims[0], info)))
        goto out;
    for (l = 0; l < L; l++) {
        for (i = 0; i < dims[l + 1]; i++) {
            snprintf(what, sizeof(what), "layer %ld weight row %ld", (long) (l + 1),
                     (long) (i + 1));
            if ((r = expect_line(&lx, (size_t) dims[l], what)))
                goto out;
            for (j = 0; j < dims[l]; j++) {
                snprintf(what, sizeof(what), "layer %ld weight [%ld][%ld]",
                         (long) (l + 1), (long) (i + 1), (long) (j + 1));
                if ((r = field_q(qbuf_next(&qb), &lx, j, what)))
                    goto out;
            }
        }
        for (i = 0; i < dims[l + 1]; i++) {
            snprintf(what, sizeof(what), "layer %ld bias %ld (one per line)",
                     (long) (l + 1), (long) (i + 1));
            if ((r = expect_line(&lx, 1, what)))
                goto out;
            if ((r = field_q(qbuf_next(&qb), &lx, 0, what)))
                goto out;
        }
    }
    r = next_line(&lx, 0);
    if (r == 1)
        r = rf_err_set(err, RF_ERR_INPUT, lx.name, lx.line,
                       "unexpected content after the last layer");
    else if (r < 0)
        r = err->code;
    if (r)
        goto out;
    rf_net_init(tmp, L, dims);
    for (l = 0, k = 0; l < L; l++) {
        for (i = 0; i < dims[l + 1]; i++)
            for (j = 0; j < dims[l]; j++)
                fmpq_swap(rf_net_W(tmp, l, i, j), qb.v + k++);
        for (i = 0; i < dims[l + 1]; i++)
            fmpq_swap(rf_net_b(tmp, l, i), qb.v + k++);
    }
    rf_net_swap(net, tmp);
    rf_net_clear(tmp);
out:
    qbuf_clear(&qb);
    flint_free(dims);
    flint_free(lx.f);
    flint_free(lx.flen);
    return r;
}
