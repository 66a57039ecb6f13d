/* Benchmark: exact batch functional dimension of a ~10,000-parameter network
 * at 2,000 points. Parameters and points are float64 values (He/Kaiming
 * normal weights N(0, 2/fan_in), biases N(0, 0.1^2); points N(0, I)) turned
 * into their exact dyadic rationals, as a user loading a PyTorch model
 * would. Prints the timing of each phase and the certified result.
 *
 * usage: bench_fdim [ARCH...] [--points N] [--threads T] [--bits B]
 *        default ARCH 20 120 60 1 (D = 9841), N = 2000, T = 1, B = 60. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/fdim.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* Box-Muller normal from FLINT's generator (deterministic). */
static double gauss(flint_rand_t st)
{
    double u = (n_randint(st, UWORD(1) << 52) + 0.5) / 4503599627370496.0;
    double v = (n_randint(st, UWORD(1) << 52) + 0.5) / 4503599627370496.0;
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

int main(int argc, char **argv)
{
    slong dims[32], L = 0, npts = 2000, l, i, j, D;
    int threads = 1, bits = 60;
    rf_net_t net;
    flint_rand_t st;
    fmpq *pts;
    rf_fdim_rank_t res;
    rf_fdim_opts_t o;
    rf_err_t err;
    double t0, t1;
    clock_t c0;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--points") && i + 1 < argc)
            npts = atol(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--bits") && i + 1 < argc)
            bits = atoi(argv[++i]);
        else if (L < 31)
            dims[L++] = atol(argv[i]);
    }
    if (L < 2) {
        slong def[4] = {20, 120, 60, 1};
        memcpy(dims, def, sizeof def);
        L = 4;
    }
    L -= 1;
    flint_set_num_threads(threads);
    flint_randinit(st);
    rf_net_init(net, L, dims);
    for (l = 0; l < L; l++)
        for (i = 0; i < dims[l + 1]; i++) {
            for (j = 0; j < dims[l]; j++)
                rf_q_set_d(rf_net_W(net, l, i, j), gauss(st) * sqrt(2.0 / dims[l]));
            rf_q_set_d(rf_net_b(net, l, i), 0.1 * gauss(st));
        }
    D = rf_net_num_params(net);
    pts = _fmpq_vec_init(npts * dims[0]);
    for (i = 0; i < npts * dims[0]; i++)
        rf_q_set_d(pts + i, gauss(st));
    printf("arch");
    for (l = 0; l <= L; l++)
        printf(" %ld", (long) dims[l]);
    printf(": D = %ld parameters, H = %ld, D - H = %ld; %ld points; %d threads; %d-bit prime\n",
           (long) D, (long) rf_net_num_hidden(net), (long) (D - rf_net_num_hidden(net)),
           (long) npts, threads, bits);
    rf_err_init(err);
    rf_fdim_opts_init(o);
    o->prime_bits = bits;
    rf_fdim_rank_init(res);
    c0 = clock();
    t0 = now_s();
    if (rf_fdim_batch(res, net, pts, npts, o, st, err) != RF_OK) {
        printf("error: %s\n", err->msg);
        return 1;
    }
    t1 = now_s();
    printf("batch functional dimension = %ld (%s, certificate %s)\n", (long) res->rank,
           res->exact ? "exact" : "lower bound", rf_fdim_cert_name(res->cert));
    printf("time: exact patterns %.3f s, modular rows + rank %.3f s, certificate %.3f s, "
           "total %.3f s wall (%.3f s CPU, all threads; load average matters on a shared machine)\n",
           res->t_patterns, res->t_rank, res->t_cert, t1 - t0,
           (double) (clock() - c0) / CLOCKS_PER_SEC);
    rf_fdim_rank_clear(res);
    rf_err_clear(err);
    _fmpq_vec_clear(pts, npts * dims[0]);
    rf_net_clear(net);
    flint_randclear(st);
    return 0;
}
