/* Benchmark of the three-layer certified equivalence (rf_three_decide) and
 * of the types/genericity report over growing widths. Equivalent pairs are
 * built by random permutations and positive scalings of both hidden layers
 * and by re-drawing the dead neurons (dead-neuron freedom); non-equivalent
 * pairs by perturbing one output bias. Prints one line per size:
 *   n0 n1 n2 n3  ms(YES)  ms(NO)  ms(report)  verdicts
 * Usage: bench_three [max_n2] [repeats]
 *
 * bench_three big [repeats] [dir]: the bottleneck case (64,64,1024,1), an
 * equivalent pair and non-equivalent ones (one parameter of the partner
 * perturbed by 1/1000: output bias, output weight, second-layer weight or
 * bias, first-layer weight), decided by rf_three_decide; prints times and the height (max bits
 * of a numerator or denominator) of the separating input. With dir, writes
 * A.rfn, B_eq.rfn and B_ne_*.rfn there (for `relufiber equiv`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "relufiber/relufiber.h"
#include "relufiber/three.h"
#include "relufiber/decide.h"
#include "relufiber/io.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);   /* CPU time */
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

static slong qvec_height(const fmpq *x, slong n)
{
    slong k, h = 0, b;
    for (k = 0; k < n; k++) {
        b = fmpz_bits(fmpq_numref(x + k));
        h = FLINT_MAX(h, b);
        b = fmpz_bits(fmpq_denref(x + k));
        h = FLINT_MAX(h, b);
    }
    return h;
}

static void write_net(const char *dir, const char *name, const rf_net_t net)
{
    char path[1024];
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "w");
    if (f == NULL)
        return;
    rf_io_write_rfn(f, net);
    fclose(f);
}

/* perturb one parameter of B by 1/1000: kind 0 output bias, 1 an output
 * weight, 2 a second-layer weight of a crossing neuron, 3 a second-layer
 * bias, 4 a first-layer weight; kinds 5, 6: output bias and first-layer
 * weight by 10^-30 (below double resolution) */
static void perturb(rf_net_t B, slong kind)
{
    fmpq_t e;
    fmpq *p;
    fmpq_init(e);
    fmpq_set_si(e, 1, 1000);
    if (kind >= 5) {
        fmpz_t q;
        fmpz_init_set_ui(q, 10);
        fmpz_pow_ui(q, q, 30);
        fmpq_one(e);
        fmpq_div_fmpz(e, e, q);
        fmpz_clear(q);
        kind = kind == 5 ? 0 : 4;
    }
    p = kind == 0 ? rf_net_b(B, 2, 0) : kind == 1 ? rf_net_W(B, 2, 0, 2)
        : kind == 2 ? rf_net_W(B, 1, 2, 1) : kind == 3 ? rf_net_b(B, 1, 2)
        : rf_net_W(B, 0, 1, 1);
    fmpq_add(p, p, e);
    fmpq_clear(e);
}

static const char *kind_name[] = {"b3", "W3", "W2", "b2", "W1", "b3:1e-30", "W1:1e-30"};

static int bench_big(slong reps, const char *dir)
{
    slong dims[4] = {64, 64, 1024, 1}, r, kind;
    flint_rand_t st;
    flint_randinit(st);
    printf("# n0 n1 n2 n3  perturbed  ms/decide(YES)  ms/decide(NO)  height(x)  ok\n");
    for (r = 0; r < reps; r++) {
        rf_net_t A, B, B0;
        rf_equiv_t res;
        rf_err_t err;
        double t0, tyes, tno;
        int ok;
        rf_net_init(A, 3, dims);
        rf_net_init(B0, 1, (slong[]) {1, 1});
        rf_net_init(B, 1, (slong[]) {1, 1});
        rf_equiv_init(res);
        rf_err_init(err);
        rand_net(A, st, dims);
        symmetry(B0, A, st);
        if (dir && r == 0) {
            write_net(dir, "A.rfn", A);
            write_net(dir, "B_eq.rfn", B0);
        }
        t0 = now_ms();
        ok = rf_three_decide(res, A, B0, err) == RF_OK && res->verdict == RF_EQUIV_YES;
        tyes = now_ms() - t0;
        for (kind = 0; kind < 7; kind++) {
            int okn;
            rf_net_set(B, B0);
            perturb(B, kind);
            if (dir && r == 0) {
                char name[32];
                snprintf(name, sizeof(name), "B_ne_%s.rfn", kind_name[kind]);
                write_net(dir, name, B);
            }
            t0 = now_ms();
            okn = rf_three_decide(res, A, B, err) == RF_OK && res->verdict == RF_EQUIV_NO;
            tno = now_ms() - t0;
            printf("%4ld %3ld %4ld %3ld  %9s  %12.2f  %12.2f  %9ld  %s\n",
                   (long) dims[0], (long) dims[1], (long) dims[2], (long) dims[3],
                   kind_name[kind], tyes, tno,
                   res->verdict == RF_EQUIV_NO ? (long) qvec_height(res->x, res->n_in) : -1L,
                   ok && okn ? "ok" : "WRONG");
            if (!okn && err->code)
                printf("  error: %s\n", err->msg);
            fflush(stdout);
        }
        rf_equiv_clear(res);
        rf_err_clear(err);
        rf_net_clear(A);
        rf_net_clear(B);
        rf_net_clear(B0);
    }
    flint_randclear(st);
    return 0;
}

int main(int argc, char **argv)
{
    slong maxn2, reps;
    slong n1s[] = {2, 4, 8}, a, n2, r;
    flint_rand_t st;
    if (argc > 1 && strcmp(argv[1], "big") == 0)
        return bench_big(argc > 2 ? atol(argv[2]) : 1, argc > 3 ? argv[3] : NULL);
    maxn2 = argc > 1 ? atol(argv[1]) : 256;
    reps = argc > 2 ? atol(argv[2]) : 3;
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
