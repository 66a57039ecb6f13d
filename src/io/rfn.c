/* The .rfn text format: reader (strict, with file:line errors) and writer. */
#include <string.h>
#include <ctype.h>
#include <stdlib.h>
#include <errno.h>
#include "relufiber/io.h"
#include "relufiber/rational.h"

/* A cursor over the buffer that yields one logical line at a time with
 * comments stripped, split into tokens. */
typedef struct {
    const char *buf;
    size_t len, pos;
    long line;          /* number of the line last returned */
    const char *name;
    const char **tok;   /* token starts */
    size_t *toklen;
    size_t ntok, atok;
    size_t maxtok;      /* tokens beyond this are counted, not stored: a
                           line longer than any legal line costs no memory */
} lexer_t;

static void lex_init(lexer_t *lx, const char *buf, size_t len, const char *name)
{
    memset(lx, 0, sizeof(*lx));
    lx->buf = buf;
    lx->len = len;
    lx->name = name;
    lx->maxtok = (RF_IO_MAX_WIDTH > RF_IO_MAX_LAYERS ? RF_IO_MAX_WIDTH : RF_IO_MAX_LAYERS) + 3;
}

static void lex_clear(lexer_t *lx)
{
    flint_free(lx->tok);
    flint_free(lx->toklen);
}

static void push_tok(lexer_t *lx, const char *s, size_t n)
{
    if (lx->ntok >= lx->maxtok) {
        lx->ntok++;
        return;
    }
    if (lx->ntok == lx->atok) {
        lx->atok = lx->atok ? 2 * lx->atok : 16;
        lx->tok = flint_realloc(lx->tok, lx->atok * sizeof(char *));
        lx->toklen = flint_realloc(lx->toklen, lx->atok * sizeof(size_t));
    }
    lx->tok[lx->ntok] = s;
    lx->toklen[lx->ntok++] = n;
}

/* Next non-empty line; returns 0 at end of input, -1 on a NUL byte. */
static int lex_next(lexer_t *lx)
{
    while (lx->pos < lx->len) {
        size_t p = lx->pos, end = p;
        int comment = 0;
        lx->line++;
        lx->ntok = 0;
        while (end < lx->len && lx->buf[end] != '\n')
            end++;
        lx->pos = end < lx->len ? end + 1 : end;
        while (p < end) {
            unsigned char c = (unsigned char) lx->buf[p];
            if (c == '\0')
                return -1;
            if (comment || c == '\r' || isspace(c)) {
                p++;
                continue;
            }
            if (c == '#') {
                comment = 1;
                continue;
            }
            {
                size_t s = p;
                while (p < end && lx->buf[p] != '#' && lx->buf[p] != '\0' &&
                       !isspace((unsigned char) lx->buf[p]))
                    p++;
                push_tok(lx, lx->buf + s, p - s);
            }
        }
        if (lx->ntok > 0)
            return 1;
    }
    return 0;
}

static int tok_is(const lexer_t *lx, size_t k, const char *word)
{
    return lx->toklen[k] == strlen(word) &&
           memcmp(lx->tok[k], word, lx->toklen[k]) == 0;
}

/* Print at most 40 characters of a token into buf for messages. */
static const char *tok_show(char *buf, const lexer_t *lx, size_t k)
{
    size_t n = lx->toklen[k] < 40 ? lx->toklen[k] : 40;
    size_t i;
    memcpy(buf, lx->tok[k], n);
    for (i = 0; i < n; i++)
        if (!isprint((unsigned char) buf[i]))
            buf[i] = '?';
    strcpy(buf + n, lx->toklen[k] > 40 ? "..." : "");
    return buf;
}

static int parse_q(fmpq_t q, const lexer_t *lx, size_t k, rf_err_t err,
                   const char *what)
{
    const char *why;
    char show[48];
    if (rf_q_parse(q, lx->tok[k], lx->toklen[k], &why))
        return rf_err_set(err, RF_ERR_INPUT, lx->name, lx->line,
                          "%s: bad number '%s' (%s)", what,
                          tok_show(show, lx, k), why);
    return RF_OK;
}

static int parse_width(slong *d, const lexer_t *lx, size_t k, rf_err_t err)
{
    char show[48];
    size_t i;
    long v = 0;
    if (lx->toklen[k] == 0 || lx->toklen[k] > 7)
        goto bad;
    for (i = 0; i < lx->toklen[k]; i++) {
        if (!isdigit((unsigned char) lx->tok[k][i]))
            goto bad;
        v = 10 * v + (lx->tok[k][i] - '0');
    }
    if (v < 1 || v > RF_IO_MAX_WIDTH)
        goto bad;
    *d = v;
    return RF_OK;
bad:
    return rf_err_set(err, RF_ERR_INPUT, lx->name, lx->line,
                      "arch: width '%s' is not an integer in 1..%d",
                      tok_show(show, lx, k), RF_IO_MAX_WIDTH);
}

/* Expect a line "<letter><l>" (plus, for b, its values). */
static int expect_head(const lexer_t *lx, char letter, slong l, rf_err_t err)
{
    char want[32], show[48];
    snprintf(want, sizeof(want), "%c%ld", letter, (long) l);
    if (!tok_is(lx, 0, want))
        return rf_err_set(err, RF_ERR_INPUT, lx->name, lx->line,
                          "expected '%s', found '%s'", want,
                          tok_show(show, lx, 0));
    return RF_OK;
}

static int read_layers(rf_net_t net, lexer_t *lx, rf_err_t err)
{
    slong l, i, j;
    int r;
    char what[96];
    for (l = 0; l < net->L; l++) {
        slong rows = net->dims[l + 1], cols = net->dims[l];
        if ((r = lex_next(lx)) <= 0)
            goto eof;
        if ((r = expect_head(lx, 'W', l + 1, err)))
            return r;
        if (lx->ntok != 1)
            return rf_err_set(err, RF_ERR_INPUT, lx->name, lx->line,
                              "'W%ld' must stand alone on its line; its %ld rows follow",
                              (long) (l + 1), (long) rows);
        for (i = 0; i < rows; i++) {
            if ((r = lex_next(lx)) <= 0)
                goto eof;
            if ((slong) lx->ntok != cols)
                return rf_err_set(err, RF_ERR_INPUT, lx->name, lx->line,
                                  "row %ld of W%ld has %ld entries, expected %ld (d%ld = %ld)",
                                  (long) (i + 1), (long) (l + 1), (long) lx->ntok,
                                  (long) cols, (long) l, (long) cols);
            for (j = 0; j < cols; j++) {
                snprintf(what, sizeof(what), "W%ld[%ld][%ld]", (long) (l + 1),
                         (long) (i + 1), (long) (j + 1));
                if ((r = parse_q(rf_net_W(net, l, i, j), lx, j, err, what)))
                    return r;
            }
        }
        if ((r = lex_next(lx)) <= 0)
            goto eof;
        if ((r = expect_head(lx, 'b', l + 1, err)))
            return r;
        if ((slong) lx->ntok - 1 != rows)
            return rf_err_set(err, RF_ERR_INPUT, lx->name, lx->line,
                              "b%ld has %ld entries, expected %ld (d%ld = %ld)",
                              (long) (l + 1), (long) lx->ntok - 1, (long) rows,
                              (long) (l + 1), (long) rows);
        for (i = 0; i < rows; i++) {
            snprintf(what, sizeof(what), "b%ld[%ld]", (long) (l + 1), (long) (i + 1));
            if ((r = parse_q(rf_net_b(net, l, i), lx, i + 1, err, what)))
                return r;
        }
    }
    return RF_OK;
eof:
    if (r < 0)
        return rf_err_set(err, RF_ERR_INPUT, lx->name, lx->line, "NUL byte in text file");
    return rf_err_set(err, RF_ERR_INPUT, lx->name, lx->line,
                      "file ends early: layer %ld of %ld is incomplete",
                      (long) (l + 1), (long) net->L);
}

int rf_io_read_rfn_buf(rf_net_t net, const char *buf, size_t len,
                        const char *name, rf_err_t err)
{
    lexer_t lx;
    slong L, l, *dims = NULL, params = 0;
    int r;
    char show[48];
    rf_net_t tmp;
    lex_init(&lx, buf, len, name ? name : "<input>");
    r = lex_next(&lx);
    if (r < 0) {
        r = rf_err_set(err, RF_ERR_INPUT, lx.name, lx.line, "NUL byte in text file");
        goto out;
    }
    if (r == 0) {
        r = rf_err_set(err, RF_ERR_INPUT, lx.name, 0, "empty file: no 'arch' line");
        goto out;
    }
    if (!tok_is(&lx, 0, "arch")) {
        r = rf_err_set(err, RF_ERR_INPUT, lx.name, lx.line,
                       "expected 'arch d0 d1 ... dL' first, found '%s'",
                       tok_show(show, &lx, 0));
        goto out;
    }
    if (lx.ntok < 3) {
        r = rf_err_set(err, RF_ERR_INPUT, lx.name, lx.line,
                       "arch needs at least two widths (input and output)");
        goto out;
    }
    L = (slong) lx.ntok - 2;
    if (L > RF_IO_MAX_LAYERS) {
        r = rf_err_set(err, RF_ERR_INPUT, lx.name, lx.line,
                       "too many layers (%ld > %d)", (long) L, RF_IO_MAX_LAYERS);
        goto out;
    }
    dims = flint_malloc((L + 1) * sizeof(slong));
    for (l = 0; l <= L; l++)
        if ((r = parse_width(dims + l, &lx, l + 1, err)))
            goto out;
    for (l = 0; l < L; l++) {
        params += dims[l + 1] * (dims[l] + 1);
        if (params > RF_IO_MAX_PARAMS) {
            r = rf_err_set(err, RF_ERR_INPUT, lx.name, lx.line,
                           "too many parameters (over %d)", RF_IO_MAX_PARAMS);
            goto out;
        }
    }
    /* Every entry takes at least two bytes (a digit and a separator), so a
     * short file cannot hold the declared architecture: refuse before
     * allocating, or a one-line file could make us allocate gigabytes. */
    if ((size_t) params > len / 2 + 1) {
        r = rf_err_set(err, RF_ERR_INPUT, lx.name, lx.line,
                       "file ends early: arch declares %ld parameters but the file has only %zu bytes",
                       (long) params, len);
        goto out;
    }
    /* no legal line after the arch line has more than max(d) + 1 tokens */
    lx.maxtok = 2;
    for (l = 0; l <= L; l++)
        if ((size_t) dims[l] + 2 > lx.maxtok)
            lx.maxtok = (size_t) dims[l] + 2;
    rf_net_init(tmp, L, dims);
    r = read_layers(tmp, &lx, err);
    if (r == RF_OK) {
        int more = lex_next(&lx);
        if (more != 0) {
            r = rf_err_set(err, RF_ERR_INPUT, lx.name, lx.line,
                           more < 0 ? "NUL byte in text file"
                                    : "unexpected content after the last layer");
        }
    }
    if (r == RF_OK)
        rf_net_swap(net, tmp);
    rf_net_clear(tmp);
out:
    flint_free(dims);
    lex_clear(&lx);
    return r;
}

void rf_io_write_rfn(FILE *out, const rf_net_t net)
{
    slong l, i, j;
    fprintf(out, "arch");
    for (l = 0; l <= net->L; l++)
        fprintf(out, " %ld", (long) net->dims[l]);
    fprintf(out, "\n");
    for (l = 0; l < net->L; l++) {
        fprintf(out, "W%ld\n", (long) (l + 1));
        for (i = 0; i < net->dims[l + 1]; i++) {
            for (j = 0; j < net->dims[l]; j++) {
                if (j)
                    fputc(' ', out);
                fmpq_fprint(out, rf_net_W(net, l, i, j));
            }
            fputc('\n', out);
        }
        fprintf(out, "b%ld", (long) (l + 1));
        for (i = 0; i < net->dims[l + 1]; i++) {
            fputc(' ', out);
            fmpq_fprint(out, rf_net_b(net, l, i));
        }
        fputc('\n', out);
    }
}
