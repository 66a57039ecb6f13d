/* Benchmarks for issue 11:
 *
 * bench_generic g5g6 [max_r]: the genericity report on the issue's
 *   construction (two always-active neurons, r crossing neurons with
 *   W2[j,1] > 0, W2[j,2..] < 0, b2_j < 0), n1 = 2 and 3. Columns: CPU time
 *   of the whole report as it runs now (G5 from the facet regions, G6 by
 *   flip filters / lambda tests / meet-in-the-middle), of G6 alone
 *   (rf_three_flip_cancel), the G5 and G6 verdicts, and, for r <= 16, the
 *   old exhaustive procedure (every one of the 2^r flip sets, max_r_exp = r).
 *
 * bench_generic hide [max_q]: the (q, q, r + 2, 1) preserve -> hide pairs
 *   (tests/three/family.h): rf_three_decide (weak hidden shift, polynomial
 *   path) next to the exhaustive procedure the pairs used to fall back to
 *   (rf_decide_exhaustive, 120 s CPU limit), which is what the issue timed
 *   at 0.14 s (2,3), 8.9 s (4,16), 299 s (6,24). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "relufiber/relufiber.h"
#include "relufiber/three.h"
#include "relufiber/decide.h"
#include "../../tests/three/family.h"

static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void issue_net(rf_net_t net, flint_rand_t st, slong n1, slong r, int cancel)
{
    slong n2 = r + 2, j, k;
    fmpq_t t;
    fmpq_init(t);
    rf_net_clear(net);
    rf_net_init(net, 3, (slong[]) {n1, n1, n2, 1});
    for (j = 0; j < n1; j++) {
        for (k = 0; k < n1; k++)
            fmpq_set_si(rf_net_W(net, 0, j, k), (slong) n_randint(st, 97) - 48,
                        1 + (slong) n_randint(st, 13));
        fmpq_set_si(rf_net_W(net, 0, j, j), 50 + (slong) n_randint(st, 50), 1);
        fam_rq(rf_net_b(net, 0, j), st, 0);
    }
    for (j = 0; j < n2; j++) {
        int a = j < 2;
        fmpq_set_si(rf_net_W(net, 1, j, 0), 1 + (slong) n_randint(st, 997),
                    1 + (slong) n_randint(st, 89));
        for (k = 1; k < n1; k++) {
            fmpq_set_si(rf_net_W(net, 1, j, k), 1 + (slong) n_randint(st, 997),
                        1 + (slong) n_randint(st, 89));
            if (!a)
                fmpq_neg(rf_net_W(net, 1, j, k), rf_net_W(net, 1, j, k));
        }
        fmpq_set_si(rf_net_b(net, 1, j), (a ? 1 : -1) * (1 + (slong) n_randint(st, 997)),
                    1 + (slong) n_randint(st, 89));
        /* output weights of one sign: M and every flip vector in one
         * half-plane, so G6 has a certificate */
        fmpq_set_si(rf_net_W(net, 2, 0, j), 1 + (slong) n_randint(st, 1000),
                    1 + (slong) n_randint(st, 89));
    }
    if (cancel) {
        fmpq_mul(t, rf_net_W(net, 2, 0, 0), rf_net_W(net, 1, 0, 0));
        fmpq_div(t, t, rf_net_W(net, 1, 1, 0));
        fmpq_neg(rf_net_W(net, 2, 0, 1), t);
    }
    fmpq_clear(t);
}

static const char *st_name(rf_three_cond_status_t s)
{
    return s == RF_THREE_COND_PASS ? "pass" : s == RF_THREE_COND_FAIL ? "FAIL" : "unknown";
}

static void bench_g5g6(slong max_r)
{
    static const slong rs[] = {4, 8, 11, 16, 24, 32, 48, 64};
    slong n1, i, c;
    flint_rand_t st;
    rf_net_t net;
    flint_randinit(st);
    rf_net_init(net, 1, (slong[]) {1, 1});
    printf("| n1 | r | c_1(empty) | report now | G6 alone | G5 | G6 | old: 2^r flip sets |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    for (n1 = 2; n1 <= 3; n1++)
        for (i = 0; i < 8 && rs[i] <= max_r; i++)
            for (c = 0; c <= 1; c++) {
                rf_three_report_t rep;
                rf_err_t err;
                double t0, t1, t2 = 0, told = -1;
                slong r = rs[i], d = n1, k, o, j, x;
                fmpq *M, *V;
                char *F;
                rf_three_flip_stats_t fs;
                issue_net(net, st, n1, r, c);
                rf_three_report_init(rep);
                rf_err_init(err);
                t0 = cpu_ms();
                rf_three_report_compute(rep, net, 10, err);
                t1 = cpu_ms() - t0;
                /* G6 alone, on the same vectors */
                M = _fmpq_vec_init(d);
                V = _fmpq_vec_init(r * d);
                F = flint_malloc(r);
                for (o = 0; o < 1; o++)
                    for (k = 0; k < n1; k++) {
                        for (j = 0; j < 2; j++)
                            fmpq_addmul(M + k, rf_net_W(net, 2, o, j), rf_net_W(net, 1, j, k));
                        for (x = 0; x < r; x++)
                            fmpq_mul(V + x * d + k, rf_net_W(net, 2, o, 2 + x),
                                     rf_net_W(net, 1, 2 + x, k));
                    }
                t0 = cpu_ms();
                rf_three_flip_cancel(F, fs, M, V, r, d, RF_THREE_FLIP_MITM_MAX,
                                     RF_THREE_GEN_SECONDS);
                t2 = cpu_ms() - t0;
                if (r <= 16) {
                    rf_three_report_t r2;
                    rf_three_report_init(r2);
                    t0 = cpu_ms();
                    rf_three_report_compute(r2, net, r, err);
                    told = cpu_ms() - t0;
                    rf_three_report_clear(r2);
                }
                printf("| %ld | %ld | %s | %.1f ms | %.2f ms | %s | %s | ", (long) n1,
                       (long) r, c ? "0" : "!= 0", t1, t2,
                       st_name(rep->cond[4].status), st_name(rep->cond[5].status));
                if (told >= 0)
                    printf("%.1f ms |\n", told);
                else
                    printf("(2^%ld sets) |\n", (long) r);
                fflush(stdout);
                _fmpq_vec_clear(M, d);
                _fmpq_vec_clear(V, r * d);
                flint_free(F);
                rf_three_report_clear(rep);
                rf_err_clear(err);
            }
    rf_net_clear(net);
    flint_randclear(st);
}

static void bench_hide(slong max_q)
{
    static const slong qr[][2] = {{2, 3}, {2, 8}, {3, 8}, {4, 8}, {4, 16},
                                  {6, 24}, {8, 32}, {8, 64}};
    slong i;
    flint_rand_t st;
    rf_net_t H, P;
    flint_randinit(st);
    rf_net_init(H, 1, (slong[]) {1, 1});
    rf_net_init(P, 1, (slong[]) {1, 1});
    printf("| (q, r) | arch | three-layer-EQ now | verdict | exhaustive fallback (before) | verdict |\n");
    printf("|---|---|---|---|---|---|\n");
    for (i = 0; i < 8; i++) {
        slong q = qr[i][0], r = qr[i][1];
        rf_equiv_t res;
        rf_err_t err;
        double t0, t1, t2 = -1;
        int ret;
        const char *v2 = "-";
        if (q > max_q)
            continue;
        fam_preserve_hide(H, P, q, r, st);
        rf_equiv_init(res);
        rf_err_init(err);
        t0 = cpu_ms();
        ret = rf_three_decide(res, P, H, err);
        t1 = cpu_ms() - t0;
        printf("| (%ld, %ld) | (%ld,%ld,%ld,1) | %.2f ms | %s %s | ", (long) q,
               (long) r, (long) q, (long) q, (long) (r + 2), t1,
               ret ? "error" : res->verdict == RF_EQUIV_YES ? "YES" : "NO",
               ret ? err->msg : rf_equiv_method(res));
        fflush(stdout);
        rf_equiv_clear(res);
        if (q <= 4 && r <= 16) {
            rf_decide_exhaustive_opts_t o;
            rf_decide_exhaustive_opts_init(o);
            o->time_limit = 120.0;
            rf_equiv_init(res);
            t0 = cpu_ms();
            ret = rf_decide_exhaustive_opts(res, NULL, P, H, o, err);
            t2 = cpu_ms() - t0;
            v2 = ret ? "error" : res->verdict == RF_EQUIV_YES ? "YES" :
                 res->verdict == RF_EQUIV_NO ? "NO" : "UNKNOWN (time limit)";
            rf_equiv_clear(res);
        }
        if (t2 >= 0)
            printf("%.0f ms | %s |\n", t2, v2);
        else
            printf("not run (issue: %s) | |\n", q == 6 ? "299 s" : "grows exponentially");
        fflush(stdout);
        rf_err_clear(err);
    }
    rf_net_clear(H);
    rf_net_clear(P);
    flint_randclear(st);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "g5g6"))
        bench_g5g6(argc >= 3 ? atol(argv[2]) : 64);
    else if (argc >= 2 && !strcmp(argv[1], "hide"))
        bench_hide(argc >= 3 ? atol(argv[2]) : 8);
    else {
        fprintf(stderr, "usage: bench_generic g5g6 [max_r] | hide [max_q]\n");
        return 2;
    }
    flint_cleanup();
    return 0;
}
