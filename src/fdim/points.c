/* Reading sample points: one point per line, n0 exact rationals separated by
 * commas and/or blanks; '#' starts a comment; blank lines are skipped. */
#include <string.h>
#include <ctype.h>
#include <flint/fmpq_vec.h>
#include "relufiber/fdim.h"
#include "relufiber/io.h"
#include "relufiber/rational.h"

/* Parse the NUL-terminated text buf (len bytes, modified in place). */
static int read_points(fmpq **pts, slong *npts, char *buf, size_t len, const char *path,
                       slong n0, rf_err_t err)
{
    char *line;
    slong alloc = 0, n = 0, lineno = 0;
    fmpq *v = NULL;
    int ret = RF_OK;
    {
        /* a NUL byte would end the text early: the rest of the file would
         * be dropped silently */
        const char *z = memchr(buf, '\0', len), *c;
        if (z != NULL) {
            for (c = buf, lineno = 1; c < z; c++)
                lineno += *c == '\n';
            return rf_err_set(err, RF_ERR_INPUT, path, lineno,
                              "NUL byte in a text file (byte %ld)", (long) (z - buf) + 1);
        }
    }
    line = buf;
    while (line && *line && ret == RF_OK) {
        char *end = strchr(line, '\n'), *p, *hash;
        slong k = 0;
        lineno++;
        if (end)
            *end = 0;
        hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        p = line;
        while (1) {
            char *tok;
            const char *why;
            int commas = 0;
            while (*p && (isspace((unsigned char) *p) || *p == ','))
                commas += *p++ == ',';
            if (!*p)
                break;    /* one trailing comma is tolerated */
            if (commas > (k > 0) ) {
                ret = rf_err_set(err, RF_ERR_INPUT, path, lineno,
                                 "empty coordinate %ld (a comma with no number before it)",
                                 (long) (k + 1));
                break;
            }
            tok = p;
            while (*p && !isspace((unsigned char) *p) && *p != ',')
                p++;
            if (k == 0) {
                if (n == alloc) {
                    slong na = FLINT_MAX(64, 2 * alloc), t;
                    fmpq *nv = _fmpq_vec_init(na * n0);
                    for (t = 0; t < n * n0; t++)
                        fmpq_swap(nv + t, v + t);
                    if (alloc)
                        _fmpq_vec_clear(v, alloc * n0);
                    v = nv;
                    alloc = na;
                }
            }
            if (k >= n0) {
                ret = rf_err_set(err, RF_ERR_INPUT, path, lineno,
                                 "a point has more than n0 = %ld coordinates", (long) n0);
                break;
            }
            if (rf_q_parse(v + n * n0 + k, tok, (size_t) (p - tok), &why)) {
                ret = rf_err_set(err, RF_ERR_INPUT, path, lineno,
                                 "coordinate %ld: %s", (long) (k + 1), why);
                break;
            }
            k++;
        }
        if (ret == RF_OK && k > 0) {
            if (k != n0)
                ret = rf_err_set(err, RF_ERR_INPUT, path, lineno,
                                 "a point has %ld coordinates, the network has n0 = %ld",
                                 (long) k, (long) n0);
            else
                n++;
        }
        line = end ? end + 1 : NULL;
    }
    if (ret == RF_OK && n == 0)
        ret = rf_err_set(err, RF_ERR_INPUT, path, 0,
                         "no points in the file (a point is a line of %ld coordinates)", (long) n0);
    if (ret != RF_OK) {
        if (alloc)
            _fmpq_vec_clear(v, alloc * n0);
        return ret;
    }
    /* shrink to exactly n points so the caller clears n * n0 entries */
    {
        fmpq *out = _fmpq_vec_init(FLINT_MAX(n, 1) * n0);
        slong t;
        for (t = 0; t < n * n0; t++)
            fmpq_swap(out + t, v + t);
        if (alloc)
            _fmpq_vec_clear(v, alloc * n0);
        *pts = out;
        *npts = n;
    }
    return RF_OK;
}

int rf_fdim_read_points(fmpq **pts, slong *npts, const char *path, slong n0,
                        rf_err_t err)
{
    char *buf;
    size_t len;
    int r;
    if (rf_io_slurp(&buf, &len, path, err))
        return err != NULL && err->code != RF_OK ? err->code : RF_ERR_IO;
    r = read_points(pts, npts, buf, len, path, n0, err);
    flint_free(buf);
    return r;
}

int rf_fdim_read_points_buf(fmpq **pts, slong *npts, const char *buf, size_t len,
                            const char *name, slong n0, rf_err_t err)
{
    char *copy = flint_malloc(len + 1);
    int r;
    if (len > 0)
        memcpy(copy, buf, len);
    copy[len] = '\0';
    r = read_points(pts, npts, copy, len, name ? name : "<input>", n0, err);
    flint_free(copy);
    return r;
}
