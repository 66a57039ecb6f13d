/* JSON network format: reader (jansson + exact numbers) and exact writer.
 *
 * Layout: {"arch":[d0,...,dL], "layers":[{"weight":[[...],...],"bias":[...]},
 * ...]} -- what a PyTorch user gets from W.tolist() / b.tolist(). "arch" is
 * optional and, when present, must agree with the layer shapes. Other
 * top-level keys are ignored (metadata); unknown keys inside a layer are
 * errors (they are most likely typos).
 *
 * jansson parses and validates the syntax, but it turns every real into a
 * double and keeps no positions. To read "0.1" as exactly 1/10 and to report
 * file:line for semantic errors we scan the (already validated) text once
 * more and record, in document order, where every JSON value starts. With
 * duplicate keys rejected, jansson keeps object members in insertion order,
 * so the pre-order index of a node in the jansson tree is its index in that
 * list. Every number token is then parsed exactly from its own text. */
#include <string.h>
#include <math.h>
#include <jansson.h>
#include <flint/fmpz.h>
#include "relufiber/io.h"
#include "relufiber/rational.h"

/* One JSON value as found in the text. */
typedef struct {
    size_t off, len; /* for numbers: the number's text; else len = 1 */
    long line;
    char kind;       /* '{', '[', '"', '0' (number), 'l' (true/false/null) */
} jtok_t;

typedef struct {
    const char *buf;
    size_t len;
    jtok_t *tok;
    size_t ntok, atok;
    const char *name;
    rf_io_json_mode_t mode;
    rf_err_struct *err;
} jctx_t;

static void push_tok(jctx_t *c, size_t off, size_t len, long line, char kind)
{
    if (c->ntok == c->atok) {
        c->atok = c->atok ? 2 * c->atok : 64;
        c->tok = flint_realloc(c->tok, c->atok * sizeof(jtok_t));
    }
    c->tok[c->ntok].off = off;
    c->tok[c->ntok].len = len;
    c->tok[c->ntok].line = line;
    c->tok[c->ntok].kind = kind;
    c->ntok++;
}

static int is_ws(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* Record the start of every value of a text that jansson accepted. A string
 * followed by ':' is an object key, not a value. Lines count '\n' like
 * jansson does. */
static void scan_values(jctx_t *c)
{
    const char *s = c->buf;
    size_t n = c->len, p = 0;
    long line = 1;
    while (p < n) {
        char ch = s[p];
        if (ch == '\n') {
            line++;
            p++;
        } else if (ch == '"') {
            size_t start = p, q;
            long sline = line;
            p++;
            while (p < n && s[p] != '"') {
                if (s[p] == '\\')
                    p++;
                p++;
            }
            p++; /* closing quote */
            q = p;
            while (q < n && is_ws(s[q]))
                q++;
            if (q >= n || s[q] != ':')
                push_tok(c, start, 1, sline, '"');
        } else if (ch == '{' || ch == '[') {
            push_tok(c, p, 1, line, ch);
            p++;
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            size_t start = p;
            while (p < n && (s[p] == '-' || s[p] == '+' || s[p] == '.' ||
                             s[p] == 'e' || s[p] == 'E' ||
                             (s[p] >= '0' && s[p] <= '9')))
                p++;
            push_tok(c, start, p - start, line, '0');
        } else if (ch >= 'a' && ch <= 'z') {
            push_tok(c, p, 1, line, 'l');
            while (p < n && s[p] >= 'a' && s[p] <= 'z')
                p++;
        } else {
            p++;
        }
    }
}

/* Number of nodes of the subtree rooted at v (v included). */
static size_t subtree_size(json_t *v)
{
    size_t k = 1, i;
    if (json_is_array(v)) {
        for (i = 0; i < json_array_size(v); i++)
            k += subtree_size(json_array_get(v, i));
    } else if (json_is_object(v)) {
        const char *key;
        json_t *m;
        json_object_foreach(v, key, m)
            k += subtree_size(m);
    }
    return k;
}

static long tok_line(const jctx_t *c, size_t idx)
{
    return idx < c->ntok ? c->tok[idx].line : 0;
}

static const char *type_name(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* Show at most 40 characters of s, non-printable ones as '?'. */
static const char *show(char *out, const char *s, size_t n)
{
    size_t i, m = n < 40 ? n : 40;
    for (i = 0; i < m; i++)
        out[i] = (s[i] >= 32 && s[i] < 127) ? s[i] : '?';
    strcpy(out + m, n > 40 ? "..." : "");
    return out;
}

/* Integer-only text (optional '-', digits): JSON integers are always exact. */
static int is_int_text(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (i == 0 && s[i] == '-')))
            return 0;
    return 1;
}

static int has_exponent(const char *s, size_t n)
{
    return memchr(s, 'e', n) != NULL || memchr(s, 'E', n) != NULL;
}

/* The value of node v (pre-order index idx) as an exact rational. */
static int get_q(fmpq_t q, jctx_t *c, json_t *v, size_t idx, const char *path)
{
    const char *why;
    char buf[48];
    long line = tok_line(c, idx);
    if (json_is_number(v)) {
        const jtok_t *t;
        if (idx >= c->ntok || c->tok[idx].kind != '0')
            return rf_err_set(c->err, RF_ERR_INTERNAL, c->name, line,
                              "%s: JSON scanner out of step (bug)", path);
        t = c->tok + idx;
        /* binary mode: a non-integer number is its double (jansson parsed
         * and validated the text already); no need for the exact decimal.
         * Numbers with an exponent or over 64 characters still go through
         * rf_q_parse first, so both modes reject the same files (1e-5000:
         * exponent too large; 100001 decimals: too many digits). */
        if (c->mode == RF_IO_JSON_BINARY && t->len <= 64
            && !is_int_text(c->buf + t->off, t->len)
            && !has_exponent(c->buf + t->off, t->len)) {
            if (rf_q_set_d(q, json_number_value(v)))
                return rf_err_set(c->err, RF_ERR_INPUT, c->name, line,
                                  "%s: number is not a finite double", path);
            return RF_OK;
        }
        if (rf_q_parse(q, c->buf + t->off, t->len, &why))
            return rf_err_set(c->err, RF_ERR_INPUT, c->name, line,
                              "%s: bad number '%s' (%s)", path,
                              show(buf, c->buf + t->off, t->len), why);
        if (c->mode == RF_IO_JSON_BINARY && !is_int_text(c->buf + t->off, t->len)
            && rf_q_set_d(q, json_number_value(v)))
            return rf_err_set(c->err, RF_ERR_INPUT, c->name, line,
                              "%s: number is not a finite double", path);
        return RF_OK;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        if (rf_q_parse(q, s, n, &why))
            return rf_err_set(c->err, RF_ERR_INPUT, c->name, line,
                              "%s: bad number \"%s\" (%s)", path, show(buf, s, n), why);
        return RF_OK;
    }
    return rf_err_set(c->err, RF_ERR_INPUT, c->name, line,
                      "%s: expected a number, found %s", path, type_name(v));
}

/* A layer object's "weight" and "bias" members and their indices. */
typedef struct {
    json_t *w, *b;
    size_t wi, bi;
} jlayer_t;

static int get_layer(jlayer_t *ly, jctx_t *c, json_t *v, size_t idx, slong l)
{
    const char *key;
    json_t *m;
    size_t k = idx + 1;
    char buf[48];
    if (!json_is_object(v))
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, idx),
                          "layers[%ld]: expected an object {\"weight\":..., \"bias\":...}, found %s",
                          (long) l, type_name(v));
    ly->w = ly->b = NULL;
    ly->wi = ly->bi = 0;
    json_object_foreach(v, key, m) {
        if (strcmp(key, "weight") == 0) {
            ly->w = m;
            ly->wi = k;
        } else if (strcmp(key, "bias") == 0) {
            ly->b = m;
            ly->bi = k;
        } else {
            return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, k),
                              "layers[%ld]: unknown key \"%s\" (expected \"weight\" and \"bias\")",
                              (long) l, show(buf, key, strlen(key)));
        }
        k += subtree_size(m);
    }
    if (ly->w == NULL)
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, idx),
                          "layers[%ld]: missing \"weight\"", (long) l);
    /* "bias" is optional (nn.Linear(bias=False)): absent or null is zero */
    if (ly->b != NULL && json_is_null(ly->b))
        ly->b = NULL;
    return RF_OK;
}

/* Shape check of one layer; sets *rows and *cols. prev_rows is d_{l-1} from
 * the previous layer (0 for the first layer). */
static int layer_shape(slong *rows, slong *cols, jctx_t *c, const jlayer_t *ly,
                       slong l, slong prev_rows)
{
    size_t i, k;
    slong nr, nc = 0;
    if (!json_is_array(ly->w))
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, ly->wi),
                          "layers[%ld].weight: expected a 2-D array (list of rows), found %s",
                          (long) l, type_name(ly->w));
    nr = (slong) json_array_size(ly->w);
    if (nr == 0)
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, ly->wi),
                          "layers[%ld].weight: no rows (a layer needs at least one neuron)",
                          (long) l);
    if (nr > RF_IO_MAX_WIDTH)
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, ly->wi),
                          "layers[%ld].weight: too many rows (%ld > %d)", (long) l,
                          (long) nr, RF_IO_MAX_WIDTH);
    for (i = 0, k = ly->wi + 1; i < (size_t) nr; i++) {
        json_t *row = json_array_get(ly->w, i);
        slong n;
        if (!json_is_array(row))
            return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, k),
                              "layers[%ld].weight[%zu]: expected a row (array of numbers), found %s",
                              (long) l, i, type_name(row));
        n = (slong) json_array_size(row);
        if (i == 0) {
            nc = n;
            if (nc == 0)
                return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, k),
                                  "layers[%ld].weight[0]: empty row", (long) l);
            if (nc > RF_IO_MAX_WIDTH)
                return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, k),
                                  "layers[%ld].weight[0]: too many columns (%ld > %d)",
                                  (long) l, (long) nc, RF_IO_MAX_WIDTH);
            if (prev_rows > 0 && nc != prev_rows)
                return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, k),
                                  "layers[%ld].weight has %ld columns but layers[%ld] has %ld outputs (weight rows)",
                                  (long) l, (long) nc, (long) (l - 1), (long) prev_rows);
        } else if (n != nc) {
            return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, k),
                              "layers[%ld].weight[%zu] has %ld entries, row 0 has %ld",
                              (long) l, i, (long) n, (long) nc);
        }
        k += subtree_size(row);
    }
    if (ly->b == NULL) {
        *rows = nr;
        *cols = nc;
        return RF_OK;
    }
    if (!json_is_array(ly->b))
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, ly->bi),
                          "layers[%ld].bias: expected an array of numbers, found %s",
                          (long) l, type_name(ly->b));
    if ((slong) json_array_size(ly->b) != nr)
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, ly->bi),
                          "layers[%ld].bias has %zu entries, weight has %ld rows",
                          (long) l, json_array_size(ly->b), (long) nr);
    *rows = nr;
    *cols = nc;
    return RF_OK;
}

/* Read the numbers of one layer into W and b (shapes already checked). */
static int layer_values(fmpq_mat_t W, fmpq_mat_t b, jctx_t *c,
                        const jlayer_t *ly, slong l)
{
    size_t i, j, k;
    char path[96];
    int r;
    for (i = 0, k = ly->wi + 1; i < json_array_size(ly->w); i++) {
        json_t *row = json_array_get(ly->w, i);
        size_t kk = k + 1;
        for (j = 0; j < json_array_size(row); j++) {
            json_t *v = json_array_get(row, j);
            snprintf(path, sizeof(path), "layers[%ld].weight[%zu][%zu]", (long) l, i, j);
            if ((r = get_q(fmpq_mat_entry(W, i, j), c, v, kk, path)))
                return r;
            kk += subtree_size(v);
        }
        k = kk;
    }
    if (ly->b == NULL)
        return RF_OK; /* no bias: the zero vector (b is initialised to 0) */
    for (i = 0, k = ly->bi + 1; i < json_array_size(ly->b); i++) {
        json_t *v = json_array_get(ly->b, i);
        snprintf(path, sizeof(path), "layers[%ld].bias[%zu]", (long) l, i);
        if ((r = get_q(fmpq_mat_entry(b, i, 0), c, v, k, path)))
            return r;
        k += subtree_size(v);
    }
    return RF_OK;
}

/* Check the optional "arch" against the widths found in the layers. */
static int check_arch(jctx_t *c, json_t *a, size_t idx, slong L, const slong *dims)
{
    size_t i, k;
    char path[48];
    fmpq_t q;
    int r = RF_OK;
    if (!json_is_array(a))
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, idx),
                          "arch: expected an array of widths, found %s", type_name(a));
    if ((slong) json_array_size(a) != L + 1)
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, idx),
                          "arch has %zu widths but there are %ld layers (expected %ld widths)",
                          json_array_size(a), (long) L, (long) (L + 1));
    fmpq_init(q);
    for (i = 0, k = idx + 1; i < json_array_size(a) && r == RF_OK; i++) {
        json_t *v = json_array_get(a, i);
        snprintf(path, sizeof(path), "arch[%zu]", i);
        if (!json_is_number(v) || k >= c->ntok || c->tok[k].kind != '0'
            || !is_int_text(c->buf + c->tok[k].off, c->tok[k].len)) {
            r = rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, k),
                           "%s: expected an integer width (a JSON integer such as 3), found %s",
                           path, json_is_number(v) ? "a non-integer number" : type_name(v));
            break;
        }
        if ((r = get_q(q, c, v, k, path)))
            break;
        if (!fmpz_is_one(fmpq_denref(q)) || fmpz_cmp_si(fmpq_numref(q), dims[i]) != 0)
            r = rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, k),
                           "arch[%zu] does not match the layers, which give d%zu = %ld",
                           i, i, (long) dims[i]);
        k += subtree_size(v);
    }
    fmpq_clear(q);
    return r;
}

/* Everything after jansson accepted the text. */
static int read_tree(rf_net_t net, jctx_t *c, json_t *root)
{
    const char *key;
    json_t *m, *layers = NULL, *arch = NULL;
    size_t k = 1, li = 0, ai = 0;
    slong L, l, params = 0, *dims = NULL;
    jlayer_t *ly = NULL;
    rf_net_t tmp;
    int r = RF_OK;
    if (!json_is_object(root))
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, 0),
                          "top level must be an object {\"layers\": [...]}, found %s",
                          type_name(root));
    json_object_foreach(root, key, m) {
        if (strcmp(key, "layers") == 0) {
            layers = m;
            li = k;
        } else if (strcmp(key, "arch") == 0) {
            arch = m;
            ai = k;
        }
        k += subtree_size(m);
    }
    if (k != c->ntok)
        return rf_err_set(c->err, RF_ERR_INTERNAL, c->name, 0,
                          "JSON scanner found %zu values, jansson %zu (bug)", c->ntok, k);
    if (layers == NULL)
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, 0),
                          "missing \"layers\" (expected {\"layers\": [{\"weight\": ..., \"bias\": ...}, ...]})");
    if (!json_is_array(layers))
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, li),
                          "layers: expected an array, found %s", type_name(layers));
    L = (slong) json_array_size(layers);
    if (L == 0)
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, li),
                          "layers is empty (a network needs at least one layer)");
    if (L > RF_IO_MAX_LAYERS)
        return rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, li),
                          "too many layers (%ld > %d)", (long) L, RF_IO_MAX_LAYERS);
    ly = flint_malloc(L * sizeof(jlayer_t));
    dims = flint_malloc((L + 1) * sizeof(slong));
    for (l = 0, k = li + 1; l < L; l++) {
        json_t *v = json_array_get(layers, l);
        if ((r = get_layer(ly + l, c, v, k, l)))
            goto out;
        if ((r = layer_shape(dims + l + 1, dims + l, c, ly + l, l, l ? dims[l] : 0)))
            goto out;
        params += dims[l + 1] * (dims[l] + 1);
        if (params > RF_IO_MAX_PARAMS) {
            r = rf_err_set(c->err, RF_ERR_INPUT, c->name, tok_line(c, k),
                           "too many parameters (over %d)", RF_IO_MAX_PARAMS);
            goto out;
        }
        k += subtree_size(v);
    }
    if (arch != NULL && (r = check_arch(c, arch, ai, L, dims)))
        goto out;
    rf_net_init(tmp, L, dims);
    for (l = 0; l < L && r == RF_OK; l++)
        r = layer_values(tmp->W + l, tmp->b + l, c, ly + l, l);
    if (r == RF_OK)
        rf_net_swap(net, tmp);
    rf_net_clear(tmp);
out:
    flint_free(ly);
    flint_free(dims);
    return r;
}

/* Does a NaN / Infinity literal start within a few bytes of where jansson
 * stopped? (jansson says only "invalid token".) */
static int near_non_finite(const char *buf, size_t len, int pos)
{
    size_t k, lo = pos > 10 ? (size_t) pos - 10 : 0, hi = (size_t) (pos > 0 ? pos : 0) + 2;
    for (k = lo; k < hi && k < len; k++)
        if ((len - k >= 3 && memcmp(buf + k, "NaN", 3) == 0) ||
            (len - k >= 8 && memcmp(buf + k, "Infinity", 8) == 0))
            return 1;
    return 0;
}

/* Structure check on the raw text, before jansson builds its tree (which
 * costs tens of bytes per value): no array may hold more than
 * RF_IO_MAX_WIDTH elements (no legal weight row, bias or layer list does),
 * and a top-level key the reader ignores may hold at most
 * RF_IO_JSON_MAX_IGNORED bytes. Linear time, constant memory; the text is
 * otherwise validated by jansson afterwards. */
#define PRESCAN_DEPTH 64
static int prescan(const char *b, size_t n, const char *name, rf_err_t err)
{
    long count[PRESCAN_DEPTH], line = 1;
    char kind[PRESCAN_DEPTH];
    int depth = 0;
    size_t i, kstart = 0, klen = 0, vstart = 0, vline = 0;
    int have_key = 0, expect_key = 0;
    for (i = 0; i < n; i++) {
        char ch = b[i];
        if (ch == '\n') {
            line++;
        } else if (ch == '"') {
            size_t st = ++i;
            while (i < n && b[i] != '"') {
                if (b[i] == '\\')
                    i++;
                else if (b[i] == '\n')
                    line++;
                i++;
            }
            if (depth == 1 && kind[0] == '{' && expect_key) {
                kstart = st;
                klen = (i < n ? i : n) - st;
                expect_key = 0;
            }
        } else if (ch == '{' || ch == '[') {
            if (depth < PRESCAN_DEPTH) {
                kind[depth] = ch;
                count[depth] = 0;
            }
            depth++;
            if (depth == 1 && ch == '{')
                expect_key = 1;
        } else if (ch == '}' || ch == ']' || ch == ',') {
            if (depth == 1 && have_key) {
                static const char *known[] = {"arch", "layers"};
                int k, kn = 0;
                for (k = 0; k < 2; k++)
                    kn |= klen == strlen(known[k]) && memcmp(b + kstart, known[k], klen) == 0;
                if (!kn && i - vstart > RF_IO_JSON_MAX_IGNORED)
                    return rf_err_set(err, RF_ERR_INPUT, name, (long) vline,
                                      "the ignored key \"%.*s\" holds %zu bytes (at most %d "
                                      "bytes for a key the reader does not use)",
                                      (int) (klen > 60 ? 60 : klen), b + kstart, i - vstart,
                                      RF_IO_JSON_MAX_IGNORED);
                have_key = 0;
            }
            if (ch == ',') {
                if (depth >= 1 && depth <= PRESCAN_DEPTH && kind[depth - 1] == '[' &&
                    ++count[depth - 1] >= RF_IO_MAX_WIDTH)
                    return rf_err_set(err, RF_ERR_INPUT, name, line,
                                      "an array with more than %d elements (no weight row, "
                                      "bias or layer list is that long)", RF_IO_MAX_WIDTH);
                if (depth == 1)
                    expect_key = 1;
            } else if (depth > 0) {
                depth--;
            }
        } else if (ch == ':' && depth == 1) {
            have_key = 1;
            vstart = i + 1;
            vline = (size_t) line;
        }
    }
    return RF_OK;
}

int rf_io_read_json_buf(rf_net_t net, const char *buf, size_t len,
                         const char *name, rf_io_json_mode_t mode, rf_err_t err)
{
    json_error_t jerr;
    json_t *root;
    jctx_t c;
    const char *nul;
    int r;
    memset(&c, 0, sizeof(c));
    c.buf = buf;
    c.len = len;
    c.name = name ? name : "<input>";
    c.mode = mode;
    c.err = err;
    nul = memchr(buf, '\0', len);
    if (nul != NULL) {
        long line = 1;
        const char *p;
        for (p = buf; p < nul; p++)
            line += (*p == '\n');
        return rf_err_set(err, RF_ERR_INPUT, c.name, line, "NUL byte in text file");
    }
    if ((r = prescan(buf, len, c.name, err)) != RF_OK)
        return r;
    root = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &jerr);
    if (root == NULL) {
        const char *text = jerr.text;
        char tmp[JSON_ERROR_TEXT_LENGTH + 160];
        if (json_error_code(&jerr) == json_error_numeric_overflow) {
            text = "number too large (huge exponent or too many digits)";
        } else if (near_non_finite(buf, len, jerr.position)) {
            snprintf(tmp, sizeof(tmp), "%s (NaN and Infinity are not JSON numbers; "
                     "Python's json.dumps writes them for non-finite floats)", jerr.text);
            text = tmp;
        }
        if (jerr.line > 0 && jerr.column > 0)
            return rf_err_set(err, RF_ERR_INPUT, c.name, jerr.line,
                              "invalid JSON (column %d): %s", jerr.column, text);
        return rf_err_set(err, RF_ERR_INPUT, c.name, jerr.line > 0 ? jerr.line : 0,
                          "invalid JSON: %s", text);
    }
    scan_values(&c);
    r = read_tree(net, &c, root);
    json_decref(root);
    flint_free(c.tok);
    return r;
}

/* ---------------------------------------------------------------- writer */

/* Integers below 2^53 in absolute value are written as JSON integers (every
 * JSON reader, even one that uses doubles, gets them exactly); all other
 * values as strings "p" or "p/q". */
static void write_q(FILE *out, const fmpq_t q, int floats)
{
    if (floats) {
        double d = rf_q_get_d(q);
        if (isfinite(d)) {
            fprintf(out, "%.17g", d);
            return;
        }
    } else if (fmpz_is_one(fmpq_denref(q)) && fmpz_bits(fmpq_numref(q)) <= 53) {
        fmpz_fprint(out, fmpq_numref(q));
        return;
    }
    fputc('"', out);
    fmpq_fprint(out, q);
    fputc('"', out);
}

void rf_io_write_json(FILE *out, const rf_net_t net, int floats)
{
    slong l, i, j;
    fprintf(out, "{\n  \"arch\": [");
    for (l = 0; l <= net->L; l++)
        fprintf(out, "%s%ld", l ? ", " : "", (long) net->dims[l]);
    fprintf(out, "],\n  \"layers\": [\n");
    for (l = 0; l < net->L; l++) {
        fprintf(out, "    {\n      \"weight\": [\n");
        for (i = 0; i < net->dims[l + 1]; i++) {
            fprintf(out, "        [");
            for (j = 0; j < net->dims[l]; j++) {
                if (j)
                    fprintf(out, ", ");
                write_q(out, rf_net_W(net, l, i, j), floats);
            }
            fprintf(out, "]%s\n", i + 1 < net->dims[l + 1] ? "," : "");
        }
        fprintf(out, "      ],\n      \"bias\": [");
        for (i = 0; i < net->dims[l + 1]; i++) {
            if (i)
                fprintf(out, ", ");
            write_q(out, rf_net_b(net, l, i), floats);
        }
        fprintf(out, "]\n    }%s\n", l + 1 < net->L ? "," : "");
    }
    fprintf(out, "  ]\n}\n");
}
