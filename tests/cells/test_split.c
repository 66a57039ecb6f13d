/* The split region search (cells.h, "split enumeration") against the
 * sequential search and against counting formulas:
 *   - random nets and pairs (depth 2-3, d0 = 1..3, optional box): the full
 *     transcript of the leaf callbacks (patterns, interior points, output
 *     maps, constraint rows) and every counter are identical for 1 and 2
 *     worker processes, also with a leaf callback that stops at a random
 *     region and with random max_lps / max_regions caps;
 *   - a driver that runs the tasks in reverse order (any process, any
 *     order) with a random frontier size gives the same transcript;
 *   - n lines in general position in the plane: 1 + n + n(n-1)/2 regions
 *     with 2 workers;
 *   - rf_decide_exhaustive: the certificate (JSON and text) and the verdict
 *     of equivalent and perturbed pairs do not depend on the worker count;
 *   - the CLI: `equiv --threads 1` and `--threads 2` print the same bytes.
 * RF_TEST_MULTIPLIER / RF_TEST_SEED as in the other randomized suites. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/cells.h"
#include "relufiber/decide.h"
#include "relufiber/io.h"

#define seed0() rf_test_seed_or(141414)

typedef struct {
    FILE *f;
    slong stop_at;       /* stop after this many regions (0: never) */
    slong seen;
} transcript;

static int transcript_leaf(const rf_cells_struct *e, void *data)
{
    transcript *t = data;
    slong q, k, j;
    fprintf(t->f, "R%ld x", (long) e->stats->regions);
    for (k = 0; k < e->d; k++) {
        fputc(' ', t->f);
        fmpq_fprint(t->f, e->x + k);
    }
    for (q = 0; q < e->nnets; q++) {
        fprintf(t->f, " p");
        for (k = 0; k < rf_net_num_hidden(e->nets[q]); k++)
            fprintf(t->f, "%d,", e->pat[q][k]);
        fprintf(t->f, " o");
        for (k = 0; k < fmpq_mat_nrows(e->out + q); k++)
            for (j = 0; j < fmpq_mat_ncols(e->out + q); j++) {
                fputc(' ', t->f);
                fmpq_fprint(t->f, fmpq_mat_entry(e->out + q, k, j));
            }
    }
    fprintf(t->f, " c%ld", (long) e->ncons);
    for (k = 0; k < e->ncons; k++)
        for (j = 0; j <= e->d; j++) {
            fputc(' ', t->f);
            fmpq_fprint(t->f, fmpq_mat_entry(e->rows, k, j));
        }
    fprintf(t->f, " lps %ld\n", (long) e->stats->lps);
    t->seen++;
    return t->stop_at > 0 && t->seen >= t->stop_at;
}

/* Run the enumeration, return its transcript with the counters. */
static char *run(const rf_net_struct *const *nets, slong nnets, const rf_cells_opts_t opts,
                 slong stop_at)
{
    transcript t;
    rf_cells_stats_t st;
    rf_err_t err;
    char *buf = NULL;
    size_t len = 0;
    int r;
    rf_err_init(err);
    t.f = open_memstream(&buf, &len);
    t.stop_at = stop_at;
    t.seen = 0;
    r = rf_cells_enumerate(st, nets, nnets, opts, transcript_leaf, &t, err);
    fprintf(t.f, "ret %d regions %ld lps %ld empty %ld pruned %ld nodes %ld zc %ld zr %ld "
            "complete %d capped %d stopped %d\n", r, (long) st->regions, (long) st->lps,
            (long) st->lps_empty, (long) st->pruned, (long) st->nodes, (long) st->zero_const,
            (long) st->zero_regions, st->complete, st->capped, st->stopped);
    fclose(t.f);
    return buf;
}

static void random_net(rf_net_t net, flint_rand_t st, slong d, slong L, int big)
{
    slong dims[4], l;
    dims[0] = d;
    for (l = 1; l < L; l++)
        dims[l] = big ? 6 + n_randint(st, 2) : 2 + n_randint(st, d == 1 ? 5 : 4);
    dims[L] = 1;
    rf_net_clear(net);
    rf_net_init(net, L, dims);
    if (n_randint(st, 3) == 0)
        rf_net_randtest_degenerate(net, st, 4, 3);
    else
        rf_net_randtest(net, st, 5, 3);
}

/* A driver running the tasks backwards, then merging them in order. */
static int reverse_run(rf_cells_driver_struct *drv, rf_cells_split_struct *s, rf_err_t err)
{
    slong n = rf_cells_split_ntasks(s), i;
    char **b = calloc(n, sizeof(char *));
    size_t *l = calloc(n, sizeof(size_t));
    int ret = RF_OK, r = 0;
    (void) drv;
    for (i = n - 1; i >= 0 && ret == RF_OK; i--)
        ret = rf_cells_split_run(b + i, l + i, s, i, err);
    for (i = 0; i < n && ret == RF_OK && r == 0; i++) {
        r = rf_cells_split_merge(s, i, b[i], l[i], err);
        if (r < 0)
            ret = err->code;
    }
    for (i = 0; i < n; i++)
        free(b[i]);
    free(b);
    free(l);
    return ret;
}

Test(cells_split, transcripts_equal_sequential)
{
    flint_rand_t st;
    slong it, forked = 0;
    rf_net_t A, B;
    rf_test_randinit(st);
    flint_randseed(st, seed0(), 2 * (seed0()) + 1);
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    for (it = 0; rf_test_loop(it, 14); it++) {
        int big = it % 5 == 0;   /* large enough to fork the workers */
        slong d = big ? 2 : 1 + n_randint(st, 3), L = big ? 3 : 2 + n_randint(st, 2);
        slong nnets = big ? 2 : 1 + n_randint(st, 2);
        slong stop_at = 0, j;
        const rf_net_struct *nets[2];
        rf_cells_opts_t o1, o2;
        rf_cells_driver_struct drv;
        fmpq *lo = _fmpq_vec_init(d), *hi = _fmpq_vec_init(d);
        char *t1, *t2, *t3;
        random_net(A, st, d, L, big);
        random_net(B, st, d, big ? 2 : 2 + n_randint(st, 2), big);
        nets[0] = A;
        nets[1] = B;
        rf_cells_opts_init(o1);
        if (n_randint(st, 3) == 0) {
            for (j = 0; j < d; j++) {
                fmpq_set_si(lo + j, -1 - (slong) n_randint(st, 4), 1 + n_randint(st, 3));
                fmpq_set_si(hi + j, 1 + (slong) n_randint(st, 4), 1 + n_randint(st, 3));
            }
            o1->lo = lo;
            o1->hi = hi;
        }
        switch (n_randint(st, 4)) {
        case 0: o1->max_lps = 1 + n_randint(st, 60); break;
        case 1: o1->max_regions = 1 + n_randint(st, 40); break;
        case 2: stop_at = 1 + n_randint(st, 40); break;
        default: break;
        }
        *o2 = *o1;
        o2->threads = 2;
        t1 = run(nets, nnets, o1, stop_at);
        t2 = run(nets, nnets, o2, stop_at);
        cr_assert_str_eq(t2, t1, "2 workers differ from the sequential search (d %ld, nets %ld) "
                         RF_TEST_CTX_FMT, (long) d, (long) nnets, RF_TEST_CTX_ARGS);
        memset(&drv, 0, sizeof(drv));
        drv.run = reverse_run;
        drv.workers = 1 + n_randint(st, 4);
        drv.tasks_per_worker = 1 + n_randint(st, 30);
        o2->driver = &drv;
        t3 = run(nets, nnets, o2, stop_at);
        cr_assert_str_eq(t3, t1, "a reversed driver differs " RF_TEST_CTX_FMT, RF_TEST_CTX_ARGS);
        forked += strstr(t1, "R100 ") != NULL;   /* big enough to fork workers */
        free(t1);
        free(t2);
        free(t3);
        _fmpq_vec_clear(lo, d);
        _fmpq_vec_clear(hi, d);
    }
    cr_assert_geq(forked, rf_test_count(1), "too few enumerations large enough to fork");
    rf_net_clear(A);
    rf_net_clear(B);
    flint_randclear(st);
}

/* n random lines through distinct points in general position:
 * 1 + n + n(n-1)/2 regions (no two parallel, no three concurrent, checked
 * exactly before counting). */
Test(cells_split, line_arrangement_count_two_workers)
{
    flint_rand_t st;
    slong it, general_seen = 0;
    rf_test_randinit(st);
    flint_randseed(st, seed0() + 1, 2 * (seed0() + 1) + 1);
    for (it = 0; rf_test_loop(it, 6); it++) {
        slong n = 14 + n_randint(st, 6), i, j, k, count;
        rf_net_t net;
        rf_cells_opts_t o;
        rf_cells_stats_t cs;
        rf_err_t err;
        int general = 1;
        fmpq_mat_t M;
        rf_net_init(net, 2, (slong[]) {2, n, 1});
        for (i = 0; i < n; i++) {   /* dense first layer: no zero entries */
            fmpq_set_si(rf_net_W(net, 0, i, 0), 1 + (slong) n_randint(st, 200), 1 + n_randint(st, 50));
            fmpq_set_si(rf_net_W(net, 0, i, 1), (slong) n_randint(st, 401) - 200, 1 + n_randint(st, 50));
            fmpq_set_si(rf_net_b(net, 0, i), (slong) n_randint(st, 401) - 200, 1 + n_randint(st, 50));
            fmpq_one(rf_net_W(net, 1, 0, i));
        }
        fmpq_mat_init(M, 3, 3);
        for (i = 0; i < n && general; i++)
            for (j = i + 1; j < n && general; j++) {
                fmpq_t det, t;
                fmpq_init(det); fmpq_init(t);
                fmpq_mul(det, rf_net_W(net, 0, i, 0), rf_net_W(net, 0, j, 1));
                fmpq_mul(t, rf_net_W(net, 0, i, 1), rf_net_W(net, 0, j, 0));
                general = !fmpq_equal(det, t);
                for (k = j + 1; k < n && general; k++) {
                    slong r, c;
                    slong idx[3] = {i, j, k};
                    for (r = 0; r < 3; r++)
                        for (c = 0; c < 3; c++)
                            fmpq_set(fmpq_mat_entry(M, r, c), c < 2 ? rf_net_W(net, 0, idx[r], c)
                                     : rf_net_b(net, 0, idx[r]));
                    fmpq_mat_det(det, M);
                    general = !fmpq_is_zero(det);
                }
                fmpq_clear(det); fmpq_clear(t);
            }
        fmpq_mat_clear(M);
        if (general) {
            const rf_net_struct *nets[1] = {net};
            transcript t;
            char *buf = NULL;
            size_t len = 0;
            rf_err_init(err);
            rf_cells_opts_init(o);
            o->threads = 2;
            t.f = open_memstream(&buf, &len);
            t.stop_at = 0;
            t.seen = 0;
            cr_assert_eq(rf_cells_enumerate(cs, nets, 1, o, transcript_leaf, &t, err), RF_OK);
            fclose(t.f);
            free(buf);
            count = cs->regions;
            cr_assert_eq(count, 1 + n + n * (n - 1) / 2, "%ld lines: %ld regions " RF_TEST_CTX_FMT,
                         (long) n, (long) count, RF_TEST_CTX_ARGS);
            cr_assert(cs->complete);
            general_seen++;
        }
        rf_net_clear(net);
    }
    cr_assert_geq(general_seen, rf_test_count(3), "too few arrangements in general position");
    flint_randclear(st);
}

static void rf_test_fprint_x(FILE *f, const rf_equiv_t res)
{
    slong j;
    for (j = 0; j < res->n_in; j++) {
        fmpq_fprint(f, res->x + j);
        fputc(' ', f);
    }
}

static char *decide(const rf_net_t A, const rf_net_t B, slong threads)
{
    rf_decide_exhaustive_opts_t o;
    rf_decide_exhaustive_stats_t ds;
    rf_equiv_t res;
    rf_err_t err;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rf_decide_exhaustive_opts_init(o);
    o->prefilter = 0;
    o->threads = threads;
    rf_equiv_init(res);
    rf_err_init(err);
    cr_assert_eq(rf_decide_exhaustive_opts(res, ds, A, B, o, err), RF_OK, "%s", err->msg);
    fprintf(f, "%d %s\n%s\n%s\n", (int) res->verdict, res->reason ? res->reason : "",
            res->cert_text ? res->cert_text : "", res->cert_json ? res->cert_json : "");
    if (res->verdict == RF_EQUIV_NO)
        rf_test_fprint_x(f, res);
    fprintf(f, "\n%ld %ld %ld\n", (long) ds->regions, (long) ds->lps, (long) ds->nodes);
    fclose(f);
    rf_equiv_clear(res);
    return buf;
}

Test(cells_split, exhaustive_certificates_do_not_depend_on_workers)
{
    flint_rand_t st;
    slong it, yes = 0, no = 0;
    rf_net_t A, B;
    rf_test_randinit(st);
    flint_randseed(st, seed0() + 2, 2 * (seed0() + 2) + 1);
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    for (it = 0; rf_test_loop(it, 8); it++) {
        slong n = 4 + n_randint(st, 4), i, j;
        char *a, *b;
        rf_net_clear(A);
        rf_net_init(A, 3, (slong[]) {2, n, n, 1});
        rf_net_randtest(A, st, 5, 3);
        rf_net_set(B, A);
        /* B: A with its second hidden layer permuted (equivalent), or with
           one weight changed (usually not) */
        if (n_randint(st, 2)) {
            for (i = 0; i + 1 < n; i += 2) {
                fmpq_mat_swap_rows(B->W + 1, NULL, i, i + 1);
                fmpq_mat_swap_rows(B->b + 1, NULL, i, i + 1);
                for (j = 0; j < 1; j++)
                    fmpq_swap(fmpq_mat_entry(B->W + 2, j, i), fmpq_mat_entry(B->W + 2, j, i + 1));
            }
        } else {
            fmpq_add_si(rf_net_W(B, 1, 0, 0), rf_net_W(B, 1, 0, 0), 1);
        }
        a = decide(A, B, 1);
        b = decide(A, B, 2);
        cr_assert_str_eq(b, a, "certificates differ " RF_TEST_CTX_FMT, RF_TEST_CTX_ARGS);
        yes += a[0] == '0' + RF_EQUIV_YES;
        no += a[0] == '0' + RF_EQUIV_NO;
        free(a);
        free(b);
    }
    cr_assert_geq(yes, rf_test_count(1));
    cr_assert_geq(no, rf_test_count(1));
    rf_net_clear(A);
    rf_net_clear(B);
    flint_randclear(st);
}

Test(cells_split, cli_equiv_threads_byte_identical)
{
    const char *bin = getenv("RF_BIN");
    flint_rand_t st;
    rf_net_t A, B;
    char dir[] = "/tmp/rf-split-XXXXXX", cmd[1024], pa[256], pb[256], *o1, *o2;
    FILE *f;
    slong i;
    size_t len;
    rf_err_t err;
    rf_err_init(err);
    if (bin == NULL)
        cr_skip_test("RF_BIN not set");
    cr_assert_not_null(mkdtemp(dir));
    rf_test_randinit(st);
    flint_randseed(st, seed0() + 3, 2 * (seed0() + 3) + 1);
    rf_net_init(A, 3, (slong[]) {2, 7, 7, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    rf_net_randtest(A, st, 5, 3);
    rf_net_set(B, A);
    for (i = 0; i < 7; i++) { /* positive scaling of first-layer neuron i */
        slong j;
        fmpq_t c;
        fmpq_init(c);
        fmpq_set_si(c, 2 + i % 3, 1);
        for (j = 0; j < 2; j++)
            fmpq_mul(rf_net_W(B, 0, i, j), rf_net_W(B, 0, i, j), c);
        fmpq_mul(rf_net_b(B, 0, i), rf_net_b(B, 0, i), c);
        for (j = 0; j < 7; j++)
            fmpq_div(rf_net_W(B, 1, j, i), rf_net_W(B, 1, j, i), c);
        fmpq_clear(c);
    }
    snprintf(pa, sizeof(pa), "%s/a.rfn", dir);
    snprintf(pb, sizeof(pb), "%s/b.rfn", dir);
    f = fopen(pa, "w"); rf_io_write_rfn(f, A); fclose(f);
    f = fopen(pb, "w"); rf_io_write_rfn(f, B); fclose(f);
    for (i = 1; i <= 2; i++) {
        snprintf(cmd, sizeof(cmd), "'%s' equiv --exhaustive --quiet --json --threads %ld %s %s"
                 " > %s/out%ld.txt", bin, (long) i, pa, pb, dir, (long) i);
        cr_assert_eq(system(cmd), 0, "%s", cmd);
    }
    snprintf(cmd, sizeof(cmd), "%s/out1.txt", dir);
    cr_assert_eq(rf_io_slurp(&o1, &len, cmd, err), RF_OK);
    snprintf(cmd, sizeof(cmd), "%s/out2.txt", dir);
    cr_assert_eq(rf_io_slurp(&o2, &len, cmd, err), RF_OK);
    cr_assert(strstr(o1, "regions") != NULL);
    cr_assert_str_eq(o2, o1);
    flint_free(o1);
    flint_free(o2);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
    rf_net_clear(A);
    rf_net_clear(B);
    flint_randclear(st);
}
