/* Benchmark: time of the exact shallow equivalence decision for n = 10 ..
 * 10000 neurons, m = 10 inputs, one output. B is a random H_n image of A
 * (equivalent: canonical forms, H_n certificate and its re-check) or A with
 * one weight changed (not equivalent: separating point). The ratio
 * t / (n log2 n) should stay roughly flat.
 * usage: bench_shallow [max_n]   (build without sanitizers for real figures) */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <time.h>
#include "relufiber/relufiber.h"
#include "relufiber/shallow.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void rand_net(rf_net_t net, flint_rand_t st, slong m, slong n)
{
    slong i, j;
    for (i = 0; i < n; i++) {
        for (j = 0; j < m; j++)
            fmpq_set_si(rf_net_W(net, 0, i, j), (slong) n_randint(st, 2001) - 1000, 1 + n_randint(st, 9));
        fmpq_set_si(rf_net_b(net, 0, i), (slong) n_randint(st, 2001) - 1000, 1 + n_randint(st, 9));
        fmpq_set_si(rf_net_W(net, 1, 0, i), (slong) n_randint(st, 2001) - 1000, 1 + n_randint(st, 9));
    }
}

/* B = g.A for a random permutation and positive scaling. */
static void rand_hn(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong n = A->dims[1], m = A->dims[0], i, j;
    slong *perm = malloc((n + 1) * sizeof(slong));
    fmpq_t l;
    fmpq_init(l);
    rf_net_set(B, A);
    for (i = 0; i < n; i++)
        perm[i] = i;
    for (i = n - 1; i > 0; i--) {
        slong r = (slong) n_randint(st, (ulong) (i + 1)), t = perm[i];
        perm[i] = perm[r];
        perm[r] = t;
    }
    for (i = 0; i < n; i++) {
        fmpq_set_si(l, 1 + (slong) n_randint(st, 7), 1 + n_randint(st, 5));
        for (j = 0; j < m; j++)
            fmpq_mul(rf_net_W(B, 0, perm[i], j), rf_net_W(A, 0, i, j), l);
        fmpq_mul(rf_net_b(B, 0, perm[i]), rf_net_b(A, 0, i), l);
        fmpq_div(rf_net_W(B, 1, 0, perm[i]), rf_net_W(A, 1, 0, i), l);
    }
    fmpq_clear(l);
    free(perm);
}

int main(int argc, char **argv)
{
    slong sizes[] = {10, 100, 1000, 10000}, m = 10, maxn = argc > 1 ? atol(argv[1]) : 10000;
    int si;
    flint_rand_t st;
    rf_err_t err;
    flint_randinit(st);
    rf_err_init(err);
    printf("%8s %14s %14s %22s %22s\n", "n", "t_equiv [s]", "t_noneq [s]", "t_equiv/(n log2 n) [us]",
           "t_noneq/(n log2 n) [us]");
    for (si = 0; si < 4 && sizes[si] <= maxn; si++) {
        slong n = sizes[si], reps = n <= 100 ? 200 : n <= 1000 ? 10 : 2, r;
        rf_net_t A, B, P;
        rf_equiv_t res;
        double t0, te, tn, nl = (double) n * log2((double) n);
        rf_net_init(A, 2, (slong[]) {m, n, 1});
        rf_net_init(B, 1, (slong[]) {1, 1});
        rf_net_init(P, 1, (slong[]) {1, 1});
        rand_net(A, st, m, n);
        rand_hn(B, A, st);
        rf_net_set(P, B);
        fmpq_add_si(rf_net_W(P, 0, n / 2, 3), rf_net_W(P, 0, n / 2, 3), 1);
        t0 = now();
        for (r = 0; r < reps; r++) {
            rf_equiv_init(res);
            if (rf_shallow_equiv(res, A, B, err) || res->verdict != RF_EQUIV_YES) {
                fprintf(stderr, "unexpected verdict\n");
                return 1;
            }
            rf_equiv_clear(res);
        }
        te = (now() - t0) / reps;
        t0 = now();
        for (r = 0; r < reps; r++) {
            rf_equiv_init(res);
            if (rf_shallow_equiv(res, A, P, err) || res->verdict != RF_EQUIV_NO) {
                fprintf(stderr, "unexpected verdict\n");
                return 1;
            }
            rf_equiv_clear(res);
        }
        tn = (now() - t0) / reps;
        printf("%8ld %14.6f %14.6f %22.4f %22.4f\n", (long) n, te, tn, 1e6 * te / nl, 1e6 * tn / nl);
        fflush(stdout);
        rf_net_clear(A);
        rf_net_clear(B);
        rf_net_clear(P);
    }
    flint_randclear(st);
    rf_err_clear(err);
    return 0;
}
