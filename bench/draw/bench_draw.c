/* Figures for relufiber draw: regions drawn (= regions enumerated, checked
 * by rf_draw_regions_verify) and time to compute the exact polygons, write
 * the TikZ and SVG pictures, for random (2, n, n, 1) networks over the box
 * [-3, 3]^2, and breakpoints of random (1, n, n, 1) networks over [-3, 3].
 * Usage: bench_draw [SEED]. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <flint/fmpq_vec.h>
#include "relufiber/draw.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

int main(int argc, char **argv)
{
    flint_rand_t st;
    slong widths[] = {4, 8, 12, 16, 24};
    slong k;
    fmpq lo[2], hi[2];
    FILE *null = fopen("/dev/null", "w");
    flint_randinit(st);
    if (argc > 1)
        flint_randseed(st, strtoul(argv[1], NULL, 10), 1);
    for (k = 0; k < 2; k++) {
        fmpq_init(lo + k);
        fmpq_init(hi + k);
        fmpq_set_si(lo + k, -3, 1);
        fmpq_set_si(hi + k, 3, 1);
    }
    printf("%-14s %8s %8s %8s %10s %10s %10s\n", "arch", "regions", "kinks", "verified",
           "regions_s", "tikz_s", "svg_s");
    for (k = 0; k < 5; k++) {
        slong n = widths[k];
        slong dims[4] = {2, n, n, 1};
        rf_net_t net;
        rf_draw_regions_t R;
        const rf_draw_regions_struct *Rp[1];
        rf_err_t err;
        double t0, t1, t2, t3;
        int ok;
        rf_net_init(net, 3, dims);
        rf_net_randtest(net, st, 9, 5);
        rf_draw_regions_init(R);
        rf_err_init(err);
        t0 = now();
        if (rf_draw_regions(R, net, lo, hi, 0, err)) {
            printf("error: %s\n", err->msg);
            return 1;
        }
        t1 = now();
        ok = rf_draw_regions_verify(R, net);
        Rp[0] = R;
        t2 = now();
        rf_draw_regions_write(null, Rp, 1, NULL, NULL, RF_DRAW_FMT_TIKZ, err);
        t3 = now();
        rf_draw_regions_write(null, Rp, 1, NULL, NULL, RF_DRAW_FMT_SVG, err);
        printf("2-%ld-%ld-1%*s %8ld %8ld %8s %10.3f %10.3f %10.3f\n", (long) n, (long) n,
               n < 10 ? 5 : 3, "", (long) R->npoly, (long) R->nseg, ok ? "yes" : "NO",
               t1 - t0, t3 - t2, now() - t3);
        rf_draw_regions_clear(R);
        rf_err_clear(err);
        rf_net_clear(net);
    }
    printf("\n%-14s %8s %12s %10s\n", "arch", "regions", "breakpoints", "graph_s");
    for (k = 0; k < 5; k++) {
        slong n = widths[k];
        slong dims[4] = {1, n, n, 1};
        rf_net_t net;
        rf_draw_graph_t G;
        rf_err_t err;
        double t0;
        rf_net_init(net, 3, dims);
        rf_net_randtest(net, st, 9, 5);
        rf_draw_graph_init(G);
        rf_err_init(err);
        t0 = now();
        if (rf_draw_graph(G, net, lo, hi, 0, err)) {
            printf("error: %s\n", err->msg);
            return 1;
        }
        printf("1-%ld-%ld-1%*s %8ld %12ld %10.3f\n", (long) n, (long) n, n < 10 ? 5 : 3, "",
               (long) G->stats.regions, (long) G->nbends, now() - t0);
        rf_draw_graph_clear(G);
        rf_err_clear(err);
        rf_net_clear(net);
    }
    for (k = 0; k < 2; k++) {
        fmpq_clear(lo + k);
        fmpq_clear(hi + k);
    }
    fclose(null);
    flint_randclear(st);
    return 0;
}
