/* Benchmark of the three-layer certified equivalence (rf_three_decide) and
 * of the types/genericity report over growing widths. Equivalent pairs are
 * built by random permutations and positive scalings of both hidden layers
 * and by re-drawing the dead neurons (dead-neuron freedom); non-equivalent
 * pairs by perturbing one output bias. Prints one line per size:
 *   n0 n1 n2 n3  ms(YES)  ms(NO)  ms(report)  verdicts
 * Usage: bench_three [max_n2] [repeats] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "relufiber/relufiber.h"
#include "relufiber/three.h"
#include "relufiber/decide.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void rq(fmpq_t x, flint_rand_t st, int sign)
{
    slong p = 1 + (slong) n_randint(st, 9), q = 1 + (slong) n_randint(st, 4);
    if (sign == 0)
        sign = n_randint(st, 2) ? 1 : -1;
    fmpq_set_si(x, sign * p, q);
}

/* random net with types A, Z, X in proportions 1:1:2 */
static void rand_net(rf_net_t net, flint_rand_t st, const slong *dims)
{
    slong i, j, k;
    for (i = 0; i < dims[1]; i++) {
        for (k = 0; k < dims[0]; k++)
            rq(rf_net_W(net, 0, i, k), st, 0);
        rq(rf_net_b(net, 0, i), st, 0);
    }
    for (j = 0; j < dims[2]; j++) {
        int t = (int) (j % 4), s = t == 0 ? 1 : t == 1 ? -1 : 0;
        for (k = 0; k < dims[1]; k++)
            rq(rf_net_W(net, 1, j, k), st, s);
        rq(rf_net_b(net, 1, j), st, s);
        if (t >= 2) {   /* make sure it is crossing */
            fmpq_abs(rf_net_W(net, 1, j, 0), rf_net_W(net, 1, j, 0));
            fmpq_abs(rf_net_b(net, 1, j), rf_net_b(net, 1, j));
            fmpq_neg(rf_net_b(net, 1, j), rf_net_b(net, 1, j));
        }
    }
    for (i = 0; i < dims[3]; i++) {
        for (j = 0; j < dims[2]; j++)
            rq(rf_net_W(net, 2, i, j), st, 0);
        rq(rf_net_b(net, 2, i), st, 0);
    }
}

/* permute + positively scale both hidden layers; re-draw dead neurons */
static void symmetry(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong l, i, k, j;
    rf_net_set(B, A);
    for (j = 0; j < A->dims[2]; j++)
        if (j % 4 == 1) {
            for (k = 0; k < A->dims[1]; k++)
                rq(rf_net_W(B, 1, j, k), st, -1);
            rq(rf_net_b(B, 1, j), st, -1);
            for (i = 0; i < A->dims[3]; i++)
                rq(rf_net_W(B, 2, i, j), st, 0);
        }
    for (l = 0; l < 2; l++) {
        slong n = A->dims[l + 1], *p = malloc(n * sizeof(slong));
        rf_net_t C;
        fmpq_t c;
        fmpq_init(c);
        for (i = 0; i < n; i++)
            p[i] = i;
        for (i = n - 1; i > 0; i--) {
            slong r = (slong) n_randint(st, i + 1), t = p[i];
            p[i] = p[r];
            p[r] = t;
        }
        rf_net_init(C, 1, (slong[]) {1, 1});
        rf_net_set(C, B);
        for (i = 0; i < n; i++) {
            fmpq_set_si(c, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
            for (k = 0; k < A->dims[l]; k++)
                fmpq_mul(rf_net_W(B, l, p[i], k), rf_net_W(C, l, i, k), c);
            fmpq_mul(rf_net_b(B, l, p[i]), rf_net_b(C, l, i), c);
            for (k = 0; k < A->dims[l + 2]; k++)
                fmpq_div(rf_net_W(B, l + 1, k, p[i]), rf_net_W(C, l + 1, k, i), c);
        }
        rf_net_clear(C);
        fmpq_clear(c);
        free(p);
    }
}

int main(int argc, char **argv)
{
    slong maxn2 = argc > 1 ? atol(argv[1]) : 256, reps = argc > 2 ? atol(argv[2]) : 3;
    slong n1s[] = {2, 4, 8}, a, n2, r;
    flint_rand_t st;
    flint_randinit(st);
    printf("# n0 n1 n2 n3   ms/decide(YES)  ms/decide(NO)  ms/report  ok\n");
    for (a = 0; a < 3; a++)
        for (n2 = 4; n2 <= maxn2; n2 *= 2) {
            slong dims[4] = {n1s[a] + 2, n1s[a], n2, 2};
            double tyes = 0, tno = 0, trep = 0;
            int ok = 1;
            for (r = 0; r < reps; r++) {
                rf_net_t A, B;
                rf_equiv_t res;
                rf_err_t err;
                rf_three_report_t rep;
                double t0;
                rf_net_init(A, 3, dims);
                rf_net_init(B, 1, (slong[]) {1, 1});
                rf_equiv_init(res);
                rf_err_init(err);
                rand_net(A, st, dims);
                symmetry(B, A, st);
                t0 = now_ms();
                ok &= rf_three_decide(res, A, B, err) == RF_OK &&
                      res->verdict == RF_EQUIV_YES;
                tyes += now_ms() - t0;
                fmpq_add_si(rf_net_b(B, 2, 0), rf_net_b(B, 2, 0), 1);
                t0 = now_ms();
                ok &= rf_three_decide(res, A, B, err) == RF_OK &&
                      res->verdict == RF_EQUIV_NO;
                tno += now_ms() - t0;
                rf_three_report_init(rep);
                t0 = now_ms();
                rf_three_report_compute(rep, A, 0, err);   /* G5, G6 skipped */
                trep += now_ms() - t0;
                rf_three_report_clear(rep);
                rf_equiv_clear(res);
                rf_err_clear(err);
                rf_net_clear(A);
                rf_net_clear(B);
            }
            printf("%4ld %3ld %4ld %3ld   %12.2f  %12.2f  %9.2f  %s\n",
                   (long) dims[0], (long) dims[1], (long) dims[2], (long) dims[3],
                   tyes / reps, tno / reps, trep / reps, ok ? "ok" : "WRONG");
            fflush(stdout);
        }
    flint_randclear(st);
    return 0;
}
