/* Cost of the complete exact decision rf_decide_exhaustive over growing
 * widths, depths and input dimensions: regions, LPs and wall time for an
 * equivalent pair (the worst case: every region must be visited), on random
 * networks B = symmetric copy of A (permutation + positive scaling).
 *
 * usage: bench_exhaustive [max_seconds_per_row (default 20)] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "relufiber/relufiber.h"
#include "relufiber/decide.h"
#include "symgen.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* Returns the elapsed seconds. */
static double row_impl(const char *family, slong L, const slong *dims, flint_rand_t st,
                       int perturb)
{
    rf_net_t A, B;
    rf_equiv_t res;
    rf_err_t err;
    rf_decide_exhaustive_opts_t opts;
    rf_decide_exhaustive_stats_t stats;
    slong l;
    double t0, t;
    char arch[64];
    int pos = 0;
    rf_net_init(A, L, dims);
    rf_net_randtest(A, st, 7, 5);
    rf_net_init(B, 1, (slong[]) {1, 1});
    rf_net_set(B, A);
    for (l = 0; l + 1 < L; l++)
        tsg_perm_scale(B, l, st);
    if (perturb) {   /* a tiny change of the output bias: f_B = f_A + 1/1000 */
        fmpq_t e;
        fmpq_init(e);
        fmpq_set_si(e, 1, 1000);
        fmpq_add(rf_net_b(B, L - 1, 0), rf_net_b(B, L - 1, 0), e);
        fmpq_clear(e);
    }
    rf_decide_exhaustive_opts_init(opts);
    opts->prefilter = 0;
    opts->list_max = 0;
    rf_equiv_init(res);
    rf_err_init(err);
    t0 = now();
    if (rf_decide_exhaustive_opts(res, stats, A, B, opts, err) != RF_OK) {
        rf_err_fprint(stderr, err);
        exit(1);
    }
    t = now() - t0;
    for (l = 0; l <= L; l++)
        pos += snprintf(arch + pos, sizeof(arch) - pos, "%s%ld", l ? "," : "(", (long) dims[l]);
    snprintf(arch + pos, sizeof(arch) - pos, ")");
    printf("%-10s %-18s %6ld %8ld %8ld %8ld %8ld %10.3f %10s\n", family, arch,
           (long) rf_net_num_hidden(A) * 2, (long) stats->regions, (long) stats->lps,
           (long) stats->lps_empty, (long) stats->pruned, t, res->verdict == RF_EQUIV_YES ? "equivalent" :
           res->verdict == RF_EQUIV_NO ? "different" : "?");
    fflush(stdout);
    rf_equiv_clear(res);
    rf_net_clear(A);
    rf_net_clear(B);
    return t;
}

static double row(const char *family, slong L, const slong *dims, flint_rand_t st)
{
    return row_impl(family, L, dims, st, 0);
}

int main(int argc, char **argv)
{
    double cap = argc > 1 ? atof(argv[1]) : 20.0;
    flint_rand_t st;
    slong n;
    flint_randinit(st);
    printf("rf_decide_exhaustive on equivalent pairs (full enumeration), prefilter off\n");
    printf("%-10s %-18s %6s %8s %8s %8s %8s %10s %10s\n", "family", "arch", "joint", "regions",
           "LPs", "empty", "pruned", "seconds", "verdict");
    for (n = 2; n <= 64; n *= 2)
        if (row("width", 2, (slong[]) {2, n, 1}, st) > cap)
            break;
    for (n = 1; n <= 8; n++)
        if (row("d0", 2, (slong[]) {n, 8, 1}, st) > cap)
            break;
    for (n = 2; n <= 16; n += 2)
        if (row("depth3", 3, (slong[]) {2, n, n, 1}, st) > cap)
            break;
    for (n = 2; n <= 12; n += 2)
        if (row("depth4", 4, (slong[]) {2, n, n, n, 1}, st) > cap)
            break;
    for (n = 2; n <= 16; n += 2)
        if (row("bottle3", 3, (slong[]) {3, 2, n, 1}, st) > cap)
            break;
    printf("\nnot equivalent (f_B = f_A + 1/1000): stops at the first region, prefilter off\n");
    for (n = 4; n <= 64; n *= 2)
        if (row_impl("no-width", 2, (slong[]) {2, n, 1}, st, 1) > cap)
            break;
    for (n = 4; n <= 16; n *= 2)
        if (row_impl("no-depth4", 4, (slong[]) {2, n, n, n, 1}, st, 1) > cap)
            break;
    flint_randclear(st);
    return 0;
}
