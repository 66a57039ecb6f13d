/* Speed-up of the split exhaustive equivalence (--threads): a random
 * (2,12,12,12,1) network A and B = a permutation/positive-scaling copy of A
 * (an equivalent pair: every joint region is visited), decided with T = 1
 * (the sequential search) and T = 2 worker processes. Prints the minimum
 * wall time of R repetitions for each T, the speed-up, and whether the two
 * JSON certificates are byte-identical.
 *
 * Model for many cores (model width > 0): for P = 2, 4, ..., 64 and a
 * frontier of 4 or 48 tasks per worker, the enumeration runs through a
 * timing driver that runs the frontier's tasks one after the other,
 * measuring the serial part (ladder set-up, frontier, merge) and the work of
 * every subtree; serial + the greedy list schedule of the tasks in order on
 * P workers (what the dynamic dispatch does) is the predicted time, compared
 * with serial + all subtrees of the same run (one worker).
 *
 * usage: bench_threads [seeds (3)] [reps (3)] [width (12)] [model width (0: no model)]
 *        bench_threads --write SEED A.rfn B.rfn [width]   (the pair as files)
 *        bench_threads --write-bump SEED A.rfn B.rfn [width]  (B plus a thin
 *        bump: usually not equivalent, found only by the enumeration) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "relufiber/relufiber.h"
#include "relufiber/decide.h"
#include "relufiber/io.h"
#include "symgen.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void make_pair(rf_net_t A, rf_net_t B, ulong seed, slong n)
{
    flint_rand_t st;
    slong l, dims[5] = {2, n, n, n, 1};
    flint_randinit(st);
    flint_randseed(st, seed * 7919 + 1, seed * 104729 + 3);
    rf_net_clear(A);
    rf_net_init(A, 4, dims);
    rf_net_randtest(A, st, 7, 5);
    rf_net_set(B, A);
    for (l = 0; l < 3; l++)
        tsg_perm_scale(B, l, st);
    flint_randclear(st);
}

/* One decision; returns seconds, the JSON certificate in *json (malloc). */
static double decide(char **json, rf_decide_exhaustive_stats_t stats, const rf_net_t A,
                     const rf_net_t B, slong threads, rf_cells_driver_struct *drv)
{
    rf_decide_exhaustive_opts_t opts;
    rf_equiv_t res;
    rf_err_t err;
    double t0, t;
    rf_decide_exhaustive_opts_init(opts);
    opts->prefilter = 0;
    opts->threads = threads;
    opts->driver = drv;
    rf_equiv_init(res);
    rf_err_init(err);
    t0 = now();
    if (rf_decide_exhaustive_opts(res, stats, A, B, opts, err) != RF_OK) {
        rf_err_fprint(stderr, err);
        exit(1);
    }
    t = now() - t0;
    if (json != NULL) {
        const char *c = res->cert_json != NULL ? res->cert_json : "";
        *json = malloc(strlen(c) + 2);
        strcpy(*json, c);
        (*json)[strlen(c)] = res->verdict == RF_EQUIV_YES ? 'Y' : 'N';
        (*json)[strlen(c) + 1] = '\0';
    }
    rf_equiv_clear(res);
    return t;
}

/* ---- the timing driver ---------------------------------------------------- */

typedef struct {
    double t_start, t_serial, *work;
    slong ntasks;
} timing;

static double enum_start;

static int timing_run(rf_cells_driver_struct *drv, rf_cells_split_struct *s, rf_err_t err)
{
    timing *tm = drv->data;
    slong i, n = rf_cells_split_ntasks(s);
    tm->t_serial = now() - enum_start;        /* ladder set-up + frontier */
    tm->ntasks = n;
    tm->work = calloc(n, sizeof(double));
    for (i = 0; i < n; i++) {
        char *buf;
        size_t len;
        double t0 = now(), t1;
        int r;
        if (rf_cells_split_run(&buf, &len, s, i, err) != RF_OK)
            return err->code;
        t1 = now();
        tm->work[i] = t1 - t0;
        r = rf_cells_split_merge(s, i, buf, len, err);
        tm->t_serial += now() - t1;          /* the merge is on the master */
        free(buf);
        if (r < 0)
            return err->code;
        if (r > 0)
            break;
    }
    return RF_OK;
}

/* Greedy list schedule of the tasks, in order, on P workers. */
static double schedule(const double *w, slong n, slong P)
{
    double *fin = calloc(P, sizeof(double)), mk = 0;
    slong i, j, b;
    for (i = 0; i < n; i++) {
        for (b = 0, j = 1; j < P; j++)
            if (fin[j] < fin[b])
                b = j;
        fin[b] += w[i];
    }
    for (j = 0; j < P; j++)
        mk = fin[j] > mk ? fin[j] : mk;
    free(fin);
    return mk;
}

int main(int argc, char **argv)
{
    slong seeds = 3, reps = 3, n = 12, mw = 0, s, r;
    rf_net_t A, B;
    if (argc >= 5 && (!strcmp(argv[1], "--write") || !strcmp(argv[1], "--write-bump"))) {
        FILE *f;
        rf_net_init(A, 1, (slong[]) {1, 1});
        rf_net_init(B, 1, (slong[]) {1, 1});
        make_pair(A, B, strtoul(argv[2], NULL, 10), argc > 5 ? atol(argv[5]) : 12);
        if (!strcmp(argv[1], "--write-bump")) {
            flint_rand_t st;
            flint_randinit(st);
            flint_randseed(st, strtoul(argv[2], NULL, 10) + 17, 5);
            tsg_add_bump(B, st);
            flint_randclear(st);
        }
        f = fopen(argv[3], "w");
        rf_io_write_rfn(f, A);
        fclose(f);
        f = fopen(argv[4], "w");
        rf_io_write_rfn(f, B);
        fclose(f);
        rf_net_clear(A);
        rf_net_clear(B);
        return 0;
    }
    if (argc > 1)
        seeds = atol(argv[1]);
    if (argc > 2)
        reps = atol(argv[2]);
    if (argc > 3)
        n = atol(argv[3]);
    if (argc > 4)
        mw = atol(argv[4]);
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    printf("exhaustive equivalence, (2,%ld,%ld,%ld,1) equivalent pairs, prefilter off,"
           " min of %ld runs\n", (long) n, (long) n, (long) n, (long) reps);
    printf("%4s %8s %8s %9s %9s %8s %10s\n", "seed", "regions", "LPs", "T=1 s", "T=2 s",
           "speedup", "identical");
    for (s = 1; s <= seeds; s++) {
        double t1 = 1e30, t2 = 1e30, t;
        char *j1 = NULL, *j2 = NULL;
        rf_decide_exhaustive_stats_t st1, st2;
        int same = 1;
        make_pair(A, B, (ulong) s, n);
        for (r = 0; r < reps; r++) {
            char *a, *b;
            t = decide(&a, st1, A, B, 1, NULL);
            t1 = t < t1 ? t : t1;
            t = decide(&b, st2, A, B, 2, NULL);
            t2 = t < t2 ? t : t2;
            same &= !strcmp(a, b) && st1->lps == st2->lps && st1->nodes == st2->nodes;
            free(j1); free(j2);
            j1 = a;
            j2 = b;
        }
        printf("%4ld %8ld %8ld %9.3f %9.3f %7.2fx %10s\n", (long) s, (long) st1->regions,
               (long) st1->lps, t1, t2, t1 / t2, same ? "yes" : "NO");
        fflush(stdout);
        free(j1); free(j2);
    }
    /* the model: per P, the frontier P workers would use, its serial part
       and the list schedule of its subtrees */
    for (s = 1; s <= seeds && mw > 0; s++) {
        rf_decide_exhaustive_stats_t st1;
        double t1 = 1e30, t;
        slong P, tpw;
        make_pair(A, B, (ulong) s, mw);
        for (r = 0; r < FLINT_MAX(reps / 2, 1); r++) {
            t = decide(NULL, st1, A, B, 1, NULL);
            t1 = t < t1 ? t : t1;
        }
        printf("model, (2,%ld,%ld,%ld,1) seed %ld: %ld regions, %ld LPs, sequential %.3f s\n",
               (long) mw, (long) mw, (long) mw, (long) s, (long) st1->regions, (long) st1->lps, t1);
        printf("  %4s %6s %7s %9s %9s %9s %8s\n", "P", "tasks", "per-P", "serial s",
               "work s", "max task", "speedup");
        for (P = 2; P <= 64; P *= 2)
            for (tpw = 4; tpw <= RF_CELLS_SPLIT_TASKS; tpw *= 12) {
                timing tm;
                rf_cells_driver_struct drv;
                double sum = 0, tp;
                slong i;
                memset(&tm, 0, sizeof(tm));
                memset(&drv, 0, sizeof(drv));
                drv.run = timing_run;
                drv.data = &tm;
                drv.workers = P;
                drv.tasks_per_worker = tpw;
                enum_start = now();
                decide(NULL, st1, A, B, 1, &drv);
                for (i = 0; i < tm.ntasks; i++)
                    sum += tm.work[i];
                tp = tm.t_serial + schedule(tm.work, tm.ntasks, P);
                /* speed-up over this run's own one-worker time (serial +
                   every subtree), so that load changes between runs on a
                   shared machine cancel out */
                printf("  %4ld %6ld %7ld %9.3f %9.3f %9.3f %7.1fx\n", (long) P, (long) tm.ntasks,
                       (long) tpw, tm.t_serial, sum, schedule(tm.work, tm.ntasks, tm.ntasks),
                       (tm.t_serial + sum) / tp);
                fflush(stdout);
                free(tm.work);
            }
    }
    rf_net_clear(A);
    rf_net_clear(B);
    return 0;
}
