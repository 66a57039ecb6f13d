/* The flat API: JSON text in, JSON text out, for foreign-function callers
 * (the Python package). Plumbing only: every answer comes from the library
 * routine named in flat.h and is written by that module's own JSON writer,
 * captured through open_memstream. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <jansson.h>
#include <flint/fmpq_vec.h>
#include "relufiber/version.h"
#include "relufiber/err.h"
#include "relufiber/rational.h"
#include "relufiber/text.h"
#include "relufiber/net.h"
#include "relufiber/io.h"
#include "relufiber/equiv.h"
#include "relufiber/canon.h"
#include "relufiber/align.h"
#include "relufiber/export.h"
#include "relufiber/shallow.h"
#include "relufiber/fdim.h"
#include "relufiber/decide.h"
#include "relufiber/conserve.h"
#include "relufiber/sym.h"
#include "relufiber/flat.h"

void rf_flat_free(char *s)
{
    free(s);
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s);
    char *r = malloc(n + 1);
    if (r != NULL)
        memcpy(r, s, n + 1);
    return r;
}

/* *errmsg = "<kind>: file:line: msg"; returns NULL for `return fail(...)`. */
static char *fail(char **errmsg, const rf_err_t err)
{
    static const char *kinds[] = {"error", "input error", "I/O error", "unsupported",
                                  "internal error"};
    char *buf = NULL;
    size_t len = 0;
    FILE *m;
    if (errmsg == NULL)
        return NULL;
    m = open_memstream(&buf, &len);
    if (m == NULL) {
        *errmsg = dup_str(err->msg);
        return NULL;
    }
    fprintf(m, "%s: ", kinds[err->code >= 0 && err->code <= 4 ? err->code : 0]);
    if (err->file[0] != '\0') {
        if (err->line > 0)
            fprintf(m, "%s:%ld: ", err->file, err->line);
        else
            fprintf(m, "%s: ", err->file);
    }
    fputs(err->msg, m);
    fclose(m);
    *errmsg = buf;
    return NULL;
}

static char *fail_msg(char **errmsg, int code, const char *where, const char *msg)
{
    rf_err_t err;
    rf_err_init(err);
    rf_err_set(err, code, where, 0, "%s", msg);
    fail(errmsg, err);
    rf_err_clear(err);
    return NULL;
}

/* A memory stream for the result; NULL only when out of memory. */
typedef struct {
    char *buf;
    size_t len;
    FILE *f;
} mstr_t;

static int mstr_open(mstr_t *s)
{
    s->buf = NULL;
    s->len = 0;
    s->f = open_memstream(&s->buf, &s->len);
    return s->f == NULL;
}

static char *mstr_close(mstr_t *s)
{
    fclose(s->f);
    return s->buf;
}

/* Value of a base64 digit, -1 for anything else. */
static int b64_val(unsigned char ch)
{
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9') return ch - '0' + 52;
    if (ch == '+') return 62;
    if (ch == '/') return 63;
    return -1;
}

/* The compact form {"arch": [d0, ..., dL], "float64": "<base64>"}: the
 * parameters in the library's order (rf_net_get_params: W1 row-major, b1,
 * W2, ...) as little-endian IEEE binary64, each read as its exact value. */
static int get_net_float64(rf_net_t net, json_t *root, const char *name, rf_err_t err)
{
    json_t *arch = json_object_get(root, "arch"), *f = json_object_get(root, "float64");
    slong L, l, *dims = NULL, D = 0, k;
    const unsigned char *s;
    size_t n, i, nb = 0;
    unsigned char *bytes = NULL;
    fmpq *theta = NULL;
    rf_net_t tmp;
    int r = RF_OK;
    unsigned long acc = 0;
    int bits = 0;
    if (!json_is_array(arch) || json_array_size(arch) < 2 || !json_is_string(f))
        return rf_err_set(err, RF_ERR_INPUT, name, 0,
                          "float64 form: expected {\"arch\": [d0, ..., dL], \"float64\": \"<base64>\"}");
    L = (slong) json_array_size(arch) - 1;
    if (L > RF_IO_MAX_LAYERS)
        return rf_err_set(err, RF_ERR_INPUT, name, 0, "too many layers (%ld)", (long) L);
    dims = flint_malloc((L + 1) * sizeof(slong));
    for (l = 0; l <= L; l++) {
        json_t *d = json_array_get(arch, l);
        if (!json_is_integer(d) || json_integer_value(d) < 1
            || json_integer_value(d) > RF_IO_MAX_WIDTH) {
            flint_free(dims);
            return rf_err_set(err, RF_ERR_INPUT, name, 0, "arch[%ld]: expected a width 1..%d",
                              (long) l, RF_IO_MAX_WIDTH);
        }
        dims[l] = (slong) json_integer_value(d);
        if (l > 0)
            D += dims[l] * (dims[l - 1] + 1);
        if (D > RF_IO_MAX_PARAMS) {
            flint_free(dims);
            return rf_err_set(err, RF_ERR_INPUT, name, 0, "too many parameters (over %d)",
                              RF_IO_MAX_PARAMS);
        }
    }
    s = (const unsigned char *) json_string_value(f);
    n = json_string_length(f);
    bytes = flint_malloc(n / 4 * 3 + 3);
    for (i = 0; i < n && s[i] != '='; i++) {
        int v = b64_val(s[i]);
        if (v < 0) {
            r = rf_err_set(err, RF_ERR_INPUT, name, 0, "float64: bad base64 character at %zu", i);
            goto out;
        }
        acc = (acc << 6) | (unsigned long) v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes[nb++] = (unsigned char) (acc >> bits);
            acc &= (1UL << bits) - 1;
        }
    }
    if (nb != (size_t) D * 8) {
        r = rf_err_set(err, RF_ERR_INPUT, name, 0,
                       "float64: %zu bytes, the architecture has %ld parameters (%ld bytes)",
                       nb, (long) D, (long) D * 8);
        goto out;
    }
    theta = _fmpq_vec_init(D);
    for (k = 0; k < D && r == RF_OK; k++) {
        uint64_t u = 0;
        double d;
        int j;
        for (j = 7; j >= 0; j--)
            u = (u << 8) | bytes[8 * k + j];
        memcpy(&d, &u, sizeof(d));
        if (rf_q_set_d(theta + k, d))
            r = rf_err_set(err, RF_ERR_INPUT, name, 0, "float64: parameter %ld is not finite",
                           (long) k);
    }
    if (r == RF_OK) {
        rf_net_init(tmp, L, dims);
        rf_net_set_params(tmp, theta);
        rf_net_swap(net, tmp);
        rf_net_clear(tmp);
    }
out:
    if (theta != NULL)
        _fmpq_vec_clear(theta, D);
    flint_free(bytes);
    flint_free(dims);
    return r;
}

/* Parse a network argument (JSON, numbers as doubles; or the float64
 * form). net initialised. */
static int get_net(rf_net_t net, const char *text, const char *name, rf_err_t err)
{
    const char *p;
    if (text == NULL)
        return rf_err_set(err, RF_ERR_INPUT, name, 0, "no network given (NULL)");
    /* the float64 form: its key comes right after the short "arch" */
    p = strstr(text, "\"float64\"");
    if (p != NULL && p - text < 4096 && strstr(text, "\"layers\"") == NULL) {
        json_error_t je;
        json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &je);
        int r;
        if (root == NULL)
            return rf_err_set(err, RF_ERR_INPUT, name, je.line, "invalid JSON: %s", je.text);
        r = get_net_float64(net, root, name, err);
        json_decref(root);
        return r;
    }
    return rf_io_read_json_buf(net, text, strlen(text), name, RF_IO_JSON_BINARY, err);
}

/* One rational from a JSON value: string exact, integer exact, real = the
 * double it denotes. */
static int get_q(fmpq_t q, json_t *v, const char *where, const char *path, rf_err_t err)
{
    const char *why;
    if (json_is_string(v)) {
        if (rf_q_parse(q, json_string_value(v), json_string_length(v), &why))
            return rf_err_set(err, RF_ERR_INPUT, where, 0, "%s: bad number \"%s\" (%s)", path,
                              json_string_value(v), why);
        return RF_OK;
    }
    if (json_is_integer(v)) {
        fmpz_set_si(fmpq_numref(q), (slong) json_integer_value(v));
        fmpz_one(fmpq_denref(q));
        return RF_OK;
    }
    if (json_is_real(v)) {
        if (rf_q_set_d(q, json_real_value(v)))
            return rf_err_set(err, RF_ERR_INPUT, where, 0, "%s: not a finite number", path);
        return RF_OK;
    }
    return rf_err_set(err, RF_ERR_INPUT, where, 0,
                      "%s: expected a number or a string holding a rational", path);
}

/* A vector of exactly n entries from a JSON array. */
static int get_vec(fmpq *x, slong n, json_t *a, const char *where, const char *name,
                   rf_err_t err)
{
    slong i;
    char path[64];
    int r;
    if (!json_is_array(a))
        return rf_err_set(err, RF_ERR_INPUT, where, 0, "%s: expected an array", name);
    if ((slong) json_array_size(a) != n)
        return rf_err_set(err, RF_ERR_INPUT, where, 0, "%s has %zu entries, expected %ld",
                          name, json_array_size(a), (long) n);
    for (i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s[%ld]", name, (long) i);
        if ((r = get_q(x + i, json_array_get(a, i), where, path, err)))
            return r;
    }
    return RF_OK;
}

static json_t *load(const char *text, const char *where, rf_err_t err)
{
    json_error_t je;
    json_t *v = json_loads(text ? text : "", JSON_REJECT_DUPLICATES, &je);
    if (v == NULL)
        rf_err_set(err, RF_ERR_INPUT, where, 0, "invalid JSON (line %d, column %d): %s",
                   je.line, je.column, je.text);
    return v;
}

char *rf_flat_version(void)
{
    mstr_t s;
    if (mstr_open(&s))
        return NULL;
    fprintf(s.f, "{\"flat\": %d, \"library\": \"%s\"}", RF_FLAT_VERSION, RELUFIBER_VERSION);
    return mstr_close(&s);
}

static char *net_json(const rf_net_t net)
{
    mstr_t s;
    if (mstr_open(&s))
        return NULL;
    rf_io_write_json(s.f, net, 0);
    return mstr_close(&s);
}

char *rf_flat_read(const char *text, const char *format, const char *name, char **errmsg)
{
    rf_net_t net;
    rf_err_t err;
    char *res = NULL;
    const char *f = format ? format : "auto", *p;
    size_t len;
    int r;
    if (text == NULL)
        return fail_msg(errmsg, RF_ERR_INPUT, "<read>", "no text given (NULL)");
    len = strlen(text);
    name = name ? name : "<input>";
    if (!strcmp(f, "auto")) {
        for (p = text; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'; p++)
            ;
        f = *p == '{' ? "json" : "rfn";
    }
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    if (!strcmp(f, "json"))
        r = rf_io_read_json_buf(net, text, len, name, RF_IO_JSON_BINARY, err);
    else if (!strcmp(f, "json-decimal"))
        r = rf_io_read_json_buf(net, text, len, name, RF_IO_JSON_DECIMAL, err);
    else if (!strcmp(f, "rfn"))
        r = rf_io_read_rfn_buf(net, text, len, name, err);
    else if (!strcmp(f, "nnet"))
        r = rf_io_read_nnet_buf(net, text, len, name, err);
    else
        r = rf_err_set(err, RF_ERR_INPUT, "<read>", 0,
                       "unknown format '%s' (auto, rfn, json, json-decimal, nnet)", f);
    res = r ? fail(errmsg, err) : net_json(net);
    rf_err_clear(err);
    rf_net_clear(net);
    return res;
}

char *rf_flat_read_file(const char *path, const char *format, char **errmsg)
{
    rf_net_t net;
    rf_err_t err;
    char *res;
    const char *f = format ? format : "auto";
    rf_io_fmt_t fmt = RF_IO_FMT_AUTO;
    rf_io_json_mode_t mode = RF_IO_JSON_BINARY;
    int r;
    if (path == NULL)
        return fail_msg(errmsg, RF_ERR_INPUT, "<read>", "no file name given (NULL)");
    if (!strcmp(f, "json-decimal")) {
        fmt = RF_IO_FMT_JSON;
        mode = RF_IO_JSON_DECIMAL;
    } else if (strcmp(f, "auto")) {
        fmt = rf_io_format_from_string(f);
        if (fmt == RF_IO_FMT_AUTO)
            return fail_msg(errmsg, RF_ERR_INPUT, path,
                            "unknown format (auto, rfn, json, json-decimal, nnet)");
    }
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    r = rf_io_read_file(net, path, fmt, mode, err);
    res = r ? fail(errmsg, err) : net_json(net);
    rf_err_clear(err);
    rf_net_clear(net);
    return res;
}

char *rf_flat_write(const char *text, const char *format, char **errmsg)
{
    rf_net_t net;
    rf_err_t err;
    char *res = NULL;
    const char *f = format ? format : "json";
    mstr_t s;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    if (get_net(net, text, "<network>", err)) {
        res = fail(errmsg, err);
    } else if (strcmp(f, "rfn") && strcmp(f, "json") && strcmp(f, "json-floats")) {
        res = fail_msg(errmsg, RF_ERR_INPUT, "<write>", "unknown format (rfn, json, json-floats)");
    } else if (!mstr_open(&s)) {
        if (!strcmp(f, "rfn"))
            rf_io_write_rfn(s.f, net);
        else
            rf_io_write_json(s.f, net, !strcmp(f, "json-floats"));
        res = mstr_close(&s);
    }
    rf_err_clear(err);
    rf_net_clear(net);
    return res;
}

char *rf_flat_eval(const char *text, const char *xtext, char **errmsg)
{
    rf_net_t net;
    rf_err_t err;
    char *res = NULL;
    json_t *xv = NULL;
    fmpq *x = NULL, *y = NULL;
    slong n0 = 0, nL = 0;
    mstr_t s;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    if (get_net(net, text, "<network>", err) || (xv = load(xtext, "<eval>", err)) == NULL) {
        res = fail(errmsg, err);
        goto out;
    }
    n0 = rf_net_in_dim(net);
    nL = rf_net_out_dim(net);
    x = _fmpq_vec_init(n0);
    y = _fmpq_vec_init(nL);
    if (get_vec(x, n0, xv, "<eval>", "x", err)) {
        res = fail(errmsg, err);
        goto out;
    }
    rf_net_eval(y, net, x);
    if (!mstr_open(&s)) {
        rf_text_qvec(s.f, y, nL, 1);
        res = mstr_close(&s);
    }
out:
    if (x != NULL)
        _fmpq_vec_clear(x, n0);
    if (y != NULL)
        _fmpq_vec_clear(y, nL);
    json_decref(xv);
    rf_err_clear(err);
    rf_net_clear(net);
    return res;
}

/* Replace the trailing '}' of a JSON object text by extra members. */
static char *append_members(char *obj, const char *extra)
{
    size_t n = strlen(obj), m = strlen(extra);
    char *r;
    while (n > 0 && (obj[n - 1] == '\n' || obj[n - 1] == ' '))
        n--;
    if (n == 0 || obj[n - 1] != '}')
        return obj;
    r = malloc(n + m + 4);
    if (r == NULL)
        return obj;
    memcpy(r, obj, n - 1);
    memcpy(r + n - 1, extra, m);
    strcpy(r + n - 1 + m, "}");
    free(obj);
    return r;
}

char *rf_flat_equiv(const char *a, const char *b, const char *opts, char **errmsg)
{
    rf_net_t A, B;
    rf_err_t err;
    rf_equiv_t res;
    rf_decide_opts_t dopts;
    json_t *o = NULL, *v;
    fmpq *lo = NULL, *hi = NULL;
    slong d0 = 0;
    char *out = NULL;
    mstr_t s;
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    rf_equiv_init(res);
    rf_err_init(err);
    rf_decide_opts_init(dopts);
    if (get_net(A, a, "<network A>", err) || get_net(B, b, "<network B>", err))
        goto bad;
    d0 = rf_net_in_dim(A);
    if (opts != NULL && opts[0] != '\0') {
        if ((o = load(opts, "<equiv options>", err)) == NULL)
            goto bad;
        if (!json_is_object(o)) {
            rf_err_set(err, RF_ERR_INPUT, "<equiv options>", 0, "expected a JSON object");
            goto bad;
        }
        if ((v = json_object_get(o, "max_regions")) != NULL)
            dopts->max_regions = (slong) json_integer_value(v);
        if ((v = json_object_get(o, "time_limit")) != NULL)
            dopts->time_limit = json_number_value(v);
        if ((v = json_object_get(o, "seed")) != NULL)
            dopts->seed = (ulong) json_integer_value(v);
        if ((v = json_object_get(o, "exhaustive")) != NULL && json_is_true(v))
            dopts->canonical = dopts->search = dopts->special = 0;
        if (json_object_get(o, "lo") != NULL || json_object_get(o, "hi") != NULL) {
            lo = _fmpq_vec_init(d0);
            hi = _fmpq_vec_init(d0);
            if (get_vec(lo, d0, json_object_get(o, "lo"), "<equiv options>", "lo", err)
                || get_vec(hi, d0, json_object_get(o, "hi"), "<equiv options>", "hi", err))
                goto bad;
            dopts->lo = lo;
            dopts->hi = hi;
        }
    }
    if (rf_decide_equiv_ladder(res, A, B, dopts, err))
        goto bad;
    if (mstr_open(&s))
        goto done;
    rf_equiv_fprint_json(s.f, res);
    out = mstr_close(&s);
    if (out != NULL && res->verdict == RF_EQUIV_NO)
        out = append_members(out, rf_net_equal_as_doubles(A, B)
                             ? ", \"below_float_resolution\": true"
                             : ", \"below_float_resolution\": false");
    goto done;
bad:
    out = fail(errmsg, err);
done:
    if (lo != NULL) {
        _fmpq_vec_clear(lo, d0);
        _fmpq_vec_clear(hi, d0);
    }
    json_decref(o);
    rf_err_clear(err);
    rf_equiv_clear(res);
    rf_net_clear(A);
    rf_net_clear(B);
    return out;
}

char *rf_flat_canon(const char *text, char **errmsg)
{
    return rf_flat_canon_box(text, NULL, errmsg);
}

char *rf_flat_canon_box(const char *text, const char *opts, char **errmsg)
{
    rf_net_t net, C;
    rf_canon_trace_t T;
    rf_err_t err;
    char *out = NULL;
    mstr_t s;
    json_t *o = NULL;
    fmpq *lo = NULL, *hi = NULL;
    slong d0 = 0;
    int bad = 0;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_net_init(C, 1, (slong[]) {1, 1});
    rf_canon_trace_init(T);
    rf_err_init(err);
    bad = get_net(net, text, "<network>", err);
    d0 = rf_net_in_dim(net);
    if (!bad && opts != NULL && opts[0] != '\0') {
        if ((o = load(opts, "<canon options>", err)) == NULL) {
            bad = 1;
        } else if (!json_is_object(o)) {
            rf_err_set(err, RF_ERR_INPUT, "<canon options>", 0, "expected a JSON object");
            bad = 1;
        } else if (json_object_get(o, "lo") != NULL || json_object_get(o, "hi") != NULL) {
            lo = _fmpq_vec_init(d0);
            hi = _fmpq_vec_init(d0);
            bad = get_vec(lo, d0, json_object_get(o, "lo"), "<canon options>", "lo", err)
                  || get_vec(hi, d0, json_object_get(o, "hi"), "<canon options>", "hi", err);
        }
    }
    if (bad || rf_canon_net(C, T, net, lo, hi, err)) {
        out = fail(errmsg, err);
    } else if (!rf_canon_trace_verify(net, T, C)) {
        out = fail_msg(errmsg, RF_ERR_INTERNAL, "<canon>",
                       "the canonical-form trace failed its exact re-check (bug)");
    } else if (!mstr_open(&s)) {
        fprintf(s.f, "{\"hidden\": %ld, \"canonical_hidden\": %ld, \"network\": ",
                (long) rf_net_num_hidden(net), (long) rf_net_num_hidden(C));
        rf_io_write_json(s.f, C, 0);
        fprintf(s.f, ", \"trace\": ");
        rf_canon_trace_fprint_json(s.f, T);
        fprintf(s.f, ", \"box\": %s}", lo != NULL ? "true" : "false");
        out = mstr_close(&s);
    }
    if (lo != NULL) {
        _fmpq_vec_clear(lo, d0);
        _fmpq_vec_clear(hi, d0);
    }
    if (o != NULL)
        json_decref(o);
    rf_err_clear(err);
    rf_canon_trace_clear(T);
    rf_net_clear(C);
    rf_net_clear(net);
    return out;
}

/* A JSON array of n0-vectors into *pts (allocated here, *np entries);
 * an empty array is an error. */
static int get_points(fmpq **pts, slong *np, json_t *pv, slong n0, rf_err_t err)
{
    slong k;
    char name[48];
    if (!json_is_array(pv) || json_array_size(pv) == 0)
        return rf_err_set(err, RF_ERR_INPUT, "<points>", 0, "expected a non-empty array of points");
    *np = (slong) json_array_size(pv);
    *pts = _fmpq_vec_init(*np * n0);
    for (k = 0; k < *np; k++) {
        snprintf(name, sizeof(name), "points[%ld]", (long) k);
        if (get_vec(*pts + k * n0, n0, json_array_get(pv, k), "<points>", name, err))
            return err->code;
    }
    return RF_OK;
}

char *rf_flat_fdim(const char *text, const char *points, unsigned long seed, char **errmsg)
{
    rf_net_t net;
    rf_err_t err;
    rf_fdim_rank_t rk;
    rf_fdim_opts_t fo;
    flint_rand_t st;
    json_t *pv = NULL;
    fmpq *pts = NULL;
    slong n0 = 0, np = 0;
    char *out = NULL;
    mstr_t s;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    rf_fdim_rank_init(rk);
    rf_fdim_opts_init(fo);
    flint_randinit(st);
    flint_randseed(st, seed + 1, 2 * seed + 3);
    if (get_net(net, text, "<network>", err) || (pv = load(points, "<points>", err)) == NULL)
        goto bad;
    n0 = rf_net_in_dim(net);
    if (get_points(&pts, &np, pv, n0, err))
        goto bad;
    if (rf_fdim_batch(rk, net, pts, np, fo, st, err))
        goto bad;
    if (!mstr_open(&s)) {
        fprintf(s.f, "{\"rank\": %ld, \"exact\": %s, \"certificate\": \"%s\", \"bound\": %ld, "
                "\"D\": %ld, \"H\": %ld, \"rows\": %ld, \"points\": %ld, \"kernel_dim\": %ld, "
                "\"prime\": \"%lu\", \"note\": ",
                (long) rk->rank, rk->exact ? "true" : "false", rf_fdim_cert_name(rk->cert),
                (long) rk->bound, (long) rk->D, (long) rk->H, (long) rk->nrows, (long) np,
                (long) rk->kernel_dim, (unsigned long) rk->prime);
        {
            json_t *js = json_string(rk->note);
            char *d = js ? json_dumps(js, JSON_ENCODE_ANY) : NULL;
            fputs(d ? d : "\"\"", s.f);
            free(d);
            json_decref(js);
        }
        fputc('}', s.f);
        out = mstr_close(&s);
    }
    goto done;
bad:
    out = fail(errmsg, err);
done:
    if (pts != NULL)
        _fmpq_vec_clear(pts, np * n0);
    json_decref(pv);
    flint_randclear(st);
    rf_fdim_rank_clear(rk);
    rf_err_clear(err);
    rf_net_clear(net);
    return out;
}

char *rf_flat_fiber(const char *text, const char *format, char **errmsg)
{
    rf_net_t net;
    rf_err_t err;
    rf_sys_t sys;
    rf_export_fmt_t f;
    char *out = NULL;
    mstr_t s;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    rf_sys_init(sys, 0, NULL, NULL);
    if (rf_export_fmt_from_string(&f, format ? format : "json")) {
        out = fail_msg(errmsg, RF_ERR_INPUT, "<fiber>", "unknown export format");
    } else if (get_net(net, text, "<network>", err) || rf_decide_fiber(sys, net, err)) {
        out = fail(errmsg, err);
    } else if (!mstr_open(&s)) {
        int r = rf_export_sys(s.f, sys, f, err);
        out = mstr_close(&s);
        if (r) {
            free(out);
            out = fail(errmsg, err);
        }
    }
    rf_sys_clear(sys);
    rf_err_clear(err);
    rf_net_clear(net);
    return out;
}

char *rf_flat_identifiable(const char *text, char **errmsg)
{
    rf_net_t net;
    rf_err_t err;
    rf_shallow_ident_t I;
    char *out = NULL;
    mstr_t s;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    rf_shallow_ident_init(I);
    if (get_net(net, text, "<network>", err) || rf_shallow_identifiable(I, net, NULL, NULL, err)) {
        out = fail(errmsg, err);
    } else if (!mstr_open(&s)) {
        rf_shallow_ident_fprint_json(s.f, I);
        out = mstr_close(&s);
    }
    rf_shallow_ident_clear(I);
    rf_err_clear(err);
    rf_net_clear(net);
    return out;
}

/* A JSON string literal of s (jansson's escaping). */
static void put_json_str(FILE *f, const char *s)
{
    json_t *js = json_string(s ? s : "");
    char *d = js ? json_dumps(js, JSON_ENCODE_ANY) : NULL;
    fputs(d ? d : "\"\"", f);
    free(d);
    json_decref(js);
}

char *rf_flat_conserve(const char *text, const char *data, char **errmsg)
{
    static const char *kinds[] = {"global", "local", "none"};
    rf_net_t net;
    rf_err_t err;
    rf_conserve_t cons;
    json_t *pv = NULL;
    fmpq *X = NULL, *theta = NULL;
    fmpq_t v;
    slong n0 = 0, np = 0, D = 0, k;
    char *out = NULL, name[48];
    int have_cons = 0;
    mstr_t s;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    fmpq_init(v);
    if (get_net(net, text, "<network>", err))
        goto bad;
    n0 = rf_net_in_dim(net);
    if (data != NULL && data[0] != '\0') {
        if ((pv = load(data, "<data>", err)) == NULL)
            goto bad;
        if (!json_is_array(pv) || json_array_size(pv) == 0) {
            rf_err_set(err, RF_ERR_INPUT, "<data>", 0, "expected a non-empty array of inputs");
            goto bad;
        }
        np = (slong) json_array_size(pv);
        X = _fmpq_vec_init(np * n0);
        for (k = 0; k < np; k++) {
            snprintf(name, sizeof(name), "data[%ld]", (long) k);
            if (get_vec(X + k * n0, n0, json_array_get(pv, k), "<data>", name, err))
                goto bad;
        }
    }
    rf_conserve_init(cons, net);
    have_cons = 1;
    if (X != NULL)
        rf_conserve_add_for_data(cons, net, X, np);
    else
        rf_conserve_add_balance(cons, net);
    D = rf_net_num_params(net);
    theta = _fmpq_vec_init(D);
    rf_net_get_params(theta, net);
    if (!mstr_open(&s)) {
        fprintf(s.f, "{\"variables\": [");
        for (k = 0; k < D; k++) {
            fputs(k ? ", " : "", s.f);
            put_json_str(s.f, cons->sym->names[k]);
        }
        fprintf(s.f, "], \"laws\": [");
        for (k = 0; k < cons->len; k++) {
            char *p = rf_sym_get_str(cons->q + k, cons->sym);
            rf_conserve_eval(v, cons, k, theta);
            fprintf(s.f, "%s{\"name\": ", k ? ", " : "");
            put_json_str(s.f, cons->name[k]);
            fprintf(s.f, ", \"why\": ");
            put_json_str(s.f, cons->why[k]);
            fprintf(s.f, ", \"kind\": \"%s\", \"poly\": ",
                    kinds[cons->kind[k] >= 0 && cons->kind[k] <= 2 ? cons->kind[k] : 2]);
            put_json_str(s.f, p);
            fprintf(s.f, ", \"value\": \"");
            fmpq_fprint(s.f, v);
            fprintf(s.f, "\"}");
            flint_free(p);
        }
        fprintf(s.f, "]}");
        out = mstr_close(&s);
    }
    goto done;
bad:
    out = fail(errmsg, err);
done:
    if (theta != NULL)
        _fmpq_vec_clear(theta, D);
    if (X != NULL)
        _fmpq_vec_clear(X, np * n0);
    if (have_cons)
        rf_conserve_clear(cons);
    json_decref(pv);
    fmpq_clear(v);
    rf_err_clear(err);
    rf_net_clear(net);
    return out;
}

char *rf_flat_align(const char *a, const char *b, char **errmsg)
{
    rf_net_t A, B, C;
    rf_align_map_t M;
    rf_err_t err;
    fmpq_t ab, rl;
    char *out = NULL;
    mstr_t s;
    slong h, i;
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    rf_net_init(C, 1, (slong[]) {1, 1});
    rf_align_map_init(M);
    rf_err_init(err);
    fmpq_init(ab);
    fmpq_init(rl);
    if (get_net(A, a, "<network A>", err) || get_net(B, b, "<network B>", err)
        || rf_align_net(C, M, A, B, NULL, err)) {
        out = fail(errmsg, err);
    } else if (!rf_align_map_verify(B, M, C)) {
        out = fail_msg(errmsg, RF_ERR_INTERNAL, "<align>",
                       "the alignment failed its exact re-check (bug)");
    } else if (!mstr_open(&s)) {
        rf_align_residual(ab, rl, A, C, -1);
        fprintf(s.f, "{\"equivalent\": %s, \"max_abs\": \"", fmpq_is_zero(ab) ? "true" : "false");
        fmpq_fprint(s.f, ab);
        fprintf(s.f, "\", \"max_rel\": \"");
        fmpq_fprint(s.f, rl);
        fprintf(s.f, "\", \"layers\": [");
        for (h = 0; h < M->L - 1; h++) {
            fprintf(s.f, "%s{\"perm\": [", h ? ", " : "");
            for (i = 0; i < M->dims[h + 1]; i++)
                fprintf(s.f, "%s%ld", i ? ", " : "", (long) M->perm[h][i]);
            fprintf(s.f, "], \"scale\": [");
            for (i = 0; i < M->dims[h + 1]; i++) {
                fprintf(s.f, "%s\"", i ? ", " : "");
                fmpq_fprint(s.f, M->scale[h] + i);
                fprintf(s.f, "\"");
            }
            fprintf(s.f, "], \"unique\": %s}", M->unique[h] ? "true" : "false");
        }
        fprintf(s.f, "], \"network\": ");
        rf_io_write_json(s.f, C, 0);
        fprintf(s.f, "}");
        out = mstr_close(&s);
    }
    fmpq_clear(ab);
    fmpq_clear(rl);
    rf_err_clear(err);
    rf_align_map_clear(M);
    rf_net_clear(A);
    rf_net_clear(B);
    rf_net_clear(C);
    return out;
}

char *rf_flat_embed(const char *text, const char *points, unsigned long seed, char **errmsg)
{
    rf_net_t net;
    rf_err_t err;
    rf_fdim_rank_t rk;
    flint_rand_t st;
    json_t *pv = NULL;
    fmpq *pts = NULL, *phi = NULL;
    slong n0 = 0, np = 0, npaths = 0, p, dr;
    slong *nodes = NULL;
    int dex = 0, li = -1;
    char *out = NULL;
    mstr_t s;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    rf_fdim_rank_init(rk);
    flint_randinit(st);
    flint_randseed(st, seed + 1, 2 * seed + 3);
    if (get_net(net, text, "<network>", err))
        goto bad;
    n0 = rf_net_in_dim(net);
    if (points != NULL && points[0] != '\0') {
        if ((pv = load(points, "<points>", err)) == NULL)
            goto bad;
        if (get_points(&pts, &np, pv, n0, err))
            goto bad;
    }
    npaths = rf_fdim_embed_num_paths(net, 1000000);
    if (npaths < 0) {
        rf_err_set(err, RF_ERR_UNSUPPORTED, "<network>", 0,
                   "more than 10^6 paths: Phi is not materialised");
        goto bad;
    }
    phi = _fmpq_vec_init(npaths);
    rf_fdim_embed_phi(phi, net);
    dr = rf_fdim_embed_dphi_rank(&dex, net, st);
    if (pts != NULL && (li = rf_fdim_embed_local_ident(rk, net, pts, np, st, err)) < 0)
        goto bad;
    nodes = flint_malloc((net->L + 1) * sizeof(slong));
    if (!mstr_open(&s)) {
        fprintf(s.f, "{\"D\": %ld, \"H\": %ld, \"paths\": %ld, \"dphi_rank\": %ld, "
                "\"dphi_rank_exact\": %s, \"phi\": [", (long) rf_net_num_params(net),
                (long) rf_net_num_hidden(net), (long) npaths, (long) dr, dex ? "true" : "false");
        for (p = 0; p < npaths; p++) {
            slong sl, st0, j;
            rf_fdim_embed_path(&sl, &st0, nodes, net, p);
            fprintf(s.f, "%s{\"start_layer\": %ld, \"start\": %ld, \"nodes\": [", p ? ", " : "",
                    (long) sl, (long) st0);
            for (j = 0; j < net->L - sl; j++)
                fprintf(s.f, "%s%ld", j ? ", " : "", (long) nodes[j]);
            fprintf(s.f, "], \"value\": \"");
            fmpq_fprint(s.f, phi + p);
            fprintf(s.f, "\"}");
        }
        fprintf(s.f, "]");
        if (li >= 0)
            fprintf(s.f, ", \"samples\": %ld, \"sample_rank\": %ld, \"sample_rank_exact\": %s, "
                    "\"locally_identifiable\": %s", (long) np, (long) rk->rank,
                    rk->exact ? "true" : "false", li ? "true" : "false");
        fputc('}', s.f);
        out = mstr_close(&s);
    }
    goto done;
bad:
    out = fail(errmsg, err);
done:
    flint_free(nodes);
    if (phi != NULL)
        _fmpq_vec_clear(phi, npaths);
    if (pts != NULL)
        _fmpq_vec_clear(pts, np * n0);
    json_decref(pv);
    flint_randclear(st);
    rf_fdim_rank_clear(rk);
    rf_err_clear(err);
    rf_net_clear(net);
    return out;
}
