/* Sample-point options shared by the fdim and embed subcommands: --box LO:HI,
 * --points FILE / --random N and the --seed convention. One place so that
 * both commands parse and sample the same way. */
#include <ctype.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "cli.h"
#include "relufiber/fdim.h"
#include "relufiber/io.h"

/* Largest N accepted by --random (each point is n0 exact rationals). */
#define RF_CLI_MAX_RANDOM 10000000

int rf_cli_parse_box(fmpq *lo, fmpq *hi, slong n0, const char *spec,
                     const char *cmd)
{
    const char *c = strchr(spec, ':');
    char *a;
    int r;
    if (c == NULL) {
        fprintf(stderr, "relufiber %s: --box needs LO:HI\n", cmd);
        return 1;
    }
    a = flint_malloc(c - spec + 1);
    memcpy(a, spec, c - spec);
    a[c - spec] = 0;
    if (n0 > 1 && (strchr(a, ',') == NULL) != (strchr(c + 1, ',') == NULL)) {
        fprintf(stderr, "relufiber %s: --box: LO ('%s') and HI ('%s') must both be one number "
                "(every coordinate) or both %ld comma-separated numbers\n", cmd, a, c + 1, (long) n0);
        flint_free(a);
        return 1;
    }
    /* LO and HI single numbers: the same interval in every coordinate */
    if (n0 > 1 && strchr(a, ',') == NULL && strchr(c + 1, ',') == NULL) {
        slong j;
        r = rf_cli_parse_vec(lo, 1, a, "box LO") || rf_cli_parse_vec(hi, 1, c + 1, "box HI");
        for (j = 1; j < n0 && !r; j++) {
            fmpq_set(lo + j, lo);
            fmpq_set(hi + j, hi);
        }
    } else {
        r = rf_cli_parse_vec(lo, n0, a, "box LO") ||
            rf_cli_parse_vec(hi, n0, c + 1, "box HI");
    }
    flint_free(a);
    if (r)
        fprintf(stderr, "relufiber %s: --box takes LO:HI, each one number (every coordinate) or "
                "%ld comma-separated numbers\n", cmd, (long) n0);
    return r;
}

void rf_cli_randseed(flint_rand_t st, ulong seed)
{
    flint_randseed(st, seed * 0x9E3779B97F4A7C15ULL + 1, seed ^ 0x5DEECE66DULL);
}

int rf_cli_load_points(fmpq **pts, slong *npts, const char *pfile, slong nrand,
                       const rf_net_t net, flint_rand_t st, rf_err_t err)
{
    slong n0 = rf_net_in_dim(net);
    if (pfile) {
        if (rf_fdim_read_points(pts, npts, pfile, n0, err)) {
            rf_err_fprint(stderr, err);
            return 1;
        }
    } else if (nrand >= 0) {
        /* Bound N before sizing the buffer: N * n0 must not overflow and
         * the allocation must stay reasonable. */
        if (nrand > RF_CLI_MAX_RANDOM || nrand > WORD_MAX / 2 / FLINT_MAX(n0, 1)) {
            fprintf(stderr, "relufiber: --random %ld: at most %ld points\n",
                    (long) nrand, (long) RF_CLI_MAX_RANDOM);
            return 1;
        }
        *npts = nrand;
        *pts = _fmpq_vec_init(FLINT_MAX(*npts, 1) * n0);
        rf_fdim_random_points(*pts, *npts, net, st);
    }
    return 0;
}

long rf_cli_points_file_line(const char *pfile, slong index)
{
    char *buf;
    size_t len, k;
    long line = 1, found = 0;
    slong seen = 0;
    int has = 0, comment = 0;
    rf_err_t e;
    rf_err_init(e);
    if (rf_io_slurp(&buf, &len, pfile, e)) {
        rf_err_clear(e);
        return 0;
    }
    rf_err_clear(e);
    for (k = 0; k <= len && !found; k++) {
        char c = k < len ? buf[k] : '\n';
        if (c == '\n') {
            if (has && ++seen == index)
                found = line;
            line++;
            has = comment = 0;
        } else if (c == '#') {
            comment = 1;
        } else if (!comment && !isspace((unsigned char) c) && c != ',') {
            has = 1;
        }
    }
    flint_free(buf);
    return found;
}
