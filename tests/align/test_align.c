/* Tests of the alignment module (src/align/) and of `relufiber align`.
 *
 * Oracles, independent of the code under test: brute force over all
 * permutations (the assignment solver), exact rational arithmetic (the
 * simplest rational), the planted symmetry applied by
 * rf_net_apply_perm_scale (exact recovery), exact evaluation at random
 * rational points (the aligned network computes B's function), an exact
 * twin test written here (when recovery is promised), and the exit codes
 * and messages of the executable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <sys/wait.h>
#include <flint/fmpq_vec.h>
#include "../rftest.h"
#include "relufiber/relufiber.h"

static void rand_arch(slong *L, slong *dims, flint_rand_t st, slong maxw)
{
    slong l;
    *L = 2 + (slong) n_randint(st, 5);          /* depth 2..6 */
    for (l = 0; l <= *L; l++)
        dims[l] = 1 + (slong) n_randint(st, maxw);
}

typedef struct {
    slong H;
    slong **perm;
    fmpq **scale;
} planted_t;

static void planted_init(planted_t *P, const rf_net_t net)
{
    slong h;
    P->H = net->L - 1;
    P->perm = flint_malloc(P->H * sizeof(slong *));
    P->scale = flint_malloc(P->H * sizeof(fmpq *));
    for (h = 0; h < P->H; h++) {
        P->perm[h] = flint_malloc(net->dims[h + 1] * sizeof(slong));
        P->scale[h] = _fmpq_vec_init(net->dims[h + 1]);
    }
}

static void planted_clear(planted_t *P, const rf_net_t net)
{
    slong h;
    for (h = 0; h < P->H; h++) {
        flint_free(P->perm[h]);
        _fmpq_vec_clear(P->scale[h], net->dims[h + 1]);
    }
    flint_free(P->perm);
    flint_free(P->scale);
}

/* (row, bias) of neurons i and k of affine layer h positive multiples of
 * each other (both zero included): written here, not taken from src/. */
static int pos_twins(const rf_net_t net, slong h, slong i, slong k)
{
    slong m = net->dims[h], t;
    fmpq_t c, p;
    int ok = 1, have = 0;
    fmpq_init(c);
    fmpq_init(p);
    for (t = 0; t <= m && ok; t++) {
        const fmpq *a = t < m ? rf_net_W(net, h, i, t) : rf_net_b(net, h, i);
        const fmpq *b = t < m ? rf_net_W(net, h, k, t) : rf_net_b(net, h, k);
        if (fmpq_is_zero(a) != fmpq_is_zero(b))
            ok = 0;
        else if (!fmpq_is_zero(a)) {
            fmpq_div(p, a, b);
            if (!have) {
                fmpq_set(c, p);
                have = 1;
                ok = fmpq_sgn(c) > 0;
            } else
                ok = fmpq_equal(c, p);
        }
    }
    fmpq_clear(c);
    fmpq_clear(p);
    return ok;
}

static int zero_sig(const rf_net_t net, slong h, slong i)
{
    slong t;
    for (t = 0; t < net->dims[h]; t++)
        if (!fmpq_is_zero(rf_net_W(net, h, i, t)))
            return 0;
    return fmpq_is_zero(rf_net_b(net, h, i));
}

/* the hypothesis of exact recovery: no zero signature, no positive twins */
static int twin_free(const rf_net_t net)
{
    slong h, i, k;
    for (h = 0; h + 1 < net->L; h++)
        for (i = 0; i < net->dims[h + 1]; i++)
            for (k = zero_sig(net, h, i) ? i : i + 1; k < net->dims[h + 1]; k++)
                if (pos_twins(net, h, i, k))
                    return 0;
    return 1;
}

static int agree_at_points(const rf_net_t A, const rf_net_t B, slong n, flint_rand_t st)
{
    slong d = rf_net_in_dim(A), k = rf_net_out_dim(A), it, j;
    fmpq *x = _fmpq_vec_init(d), *ya = _fmpq_vec_init(k), *yb = _fmpq_vec_init(k);
    int ok = 1;
    for (it = 0; it < n && ok; it++) {
        for (j = 0; j < d; j++)
            fmpq_set_si(x + j, (slong) n_randint(st, 401) - 200, 1 + n_randint(st, 20));
        rf_net_eval(ya, A, x);
        rf_net_eval(yb, B, x);
        for (j = 0; j < k && ok; j++)
            ok = fmpq_equal(ya + j, yb + j);
    }
    _fmpq_vec_clear(x, d);
    _fmpq_vec_clear(ya, k);
    _fmpq_vec_clear(yb, k);
    return ok;
}

/* ---- the assignment solver against brute force ---------------------- */

static double brute(const double *c, slong n, slong *p, slong k, int *used)
{
    double best = INFINITY;
    slong j;
    if (k == n) {
        double s = 0.0;
        for (j = 0; j < n; j++)
            s += c[j * n + p[j]];
        return s;
    }
    for (j = 0; j < n; j++)
        if (!used[j]) {
            double v;
            used[j] = 1;
            p[k] = j;
            v = brute(c, n, p, k + 1, used);
            if (v < best)
                best = v;
            used[j] = 0;
        }
    return best;
}

Test(align, lap_brute_force)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 400); it++) {
        slong n = 1 + (slong) n_randint(st, 7), i, col[8], p[8], j;
        double c[64], opt, got, s = 0.0;
        int used[8] = {0}, seen[8] = {0};
        int ints = n_randint(st, 2);      /* small integers: many ties */
        for (i = 0; i < n * n; i++)
            c[i] = ints ? (double) n_randint(st, 4)
                        : (double) n_randint(st, 1000000) / 1000.0 - 300.0;
        opt = brute(c, n, p, 0, used);
        got = rf_align_lap(col, c, n);
        for (i = 0; i < n; i++) {
            cr_assert(col[i] >= 0 && col[i] < n && !seen[col[i]]);
            seen[col[i]] = 1;
            s += c[i * n + col[i]];
        }
        cr_assert(fabs(s - got) <= 1e-9 * (1 + fabs(s)));
        cr_assert(fabs(got - opt) <= 1e-9 * (1 + fabs(opt)), "lap %g, brute %g", got, opt);
        /* determinism */
        {
            slong col2[8];
            rf_align_lap(col2, c, n);
            for (j = 0; j < n; j++)
                cr_assert_eq(col2[j], col[j]);
        }
    }
    flint_randclear(st);
}

Test(align, lap_large_planted)
{
    /* a permuted identity-like cost: the unique optimum is the planted one */
    slong n = 300, i, j, *pi = flint_malloc(n * sizeof(slong)), *col = flint_malloc(n * sizeof(slong));
    double *c = flint_malloc(n * n * sizeof(double));
    flint_rand_t st;
    rf_test_randinit(st);
    for (i = 0; i < n; i++)
        pi[i] = i;
    for (i = n - 1; i > 0; i--) {
        slong r = (slong) n_randint(st, i + 1), t = pi[i];
        pi[i] = pi[r];
        pi[r] = t;
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            c[i * n + j] = j == pi[i] ? 0.5 * (double) n_randint(st, 100) / 100.0
                                      : 1.0 + (double) n_randint(st, 100) / 100.0;
    rf_align_lap(col, c, n);
    for (i = 0; i < n; i++)
        cr_assert_eq(col[i], pi[i]);
    flint_free(pi);
    flint_free(col);
    flint_free(c);
    flint_randclear(st);
}

/* ---- the simplest rational ----------------------------------------- */

Test(align, simplest_rational)
{
    flint_rand_t st;
    slong it;
    fmpq_t s, q;
    fmpq_init(s);
    fmpq_init(q);
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 500); it++) {
        slong p = 1 + (slong) n_randint(st, 3000), d = 1 + (slong) n_randint(st, 3000);
        double r;
        fmpq_set_si(q, p, (ulong) d);
        r = rf_q_get_d(q);
        rf_align_simplest_rational(s, r, RF_ALIGN_SCALE_RTOL);
        cr_assert(fmpq_equal(s, q), "r = %ld/%ld", (long) p, (long) d);
    }
    /* an integer inside the interval wins; the least one */
    rf_align_simplest_rational(s, 2.4, 0.2);
    cr_assert(fmpq_equal_si(s, 2));
    rf_align_simplest_rational(s, 0.3333, 0.001);
    fmpq_set_si(q, 1, 3);
    cr_assert(fmpq_equal(s, q));
    rf_align_simplest_rational(s, 1e-12, 1e-9);
    cr_assert(fmpq_sgn(s) > 0);
    fmpq_clear(s);
    fmpq_clear(q);
    flint_randclear(st);
}

/* ---- planted symmetries: exact recovery ------------------------------ */

static void check_exact_recovery(rf_net_t A, flint_rand_t st, slong *recovered,
                                 slong *total, int big_scales, int degenerate)
{
    int promised;
    planted_t P;
    rf_net_t B, C;
    rf_align_map_t M;
    rf_err_t err;
    fmpq_t ab, rl;
    slong h, i;
    planted_init(&P, A);
    rf_net_randtest_symmetry(P.perm, P.scale, A, st);
    if (big_scales)
        for (h = 0; h < P.H; h++)
            for (i = 0; i < A->dims[h + 1]; i++) {
                fmpz_t t;
                fmpz_init(t);
                fmpz_randtest_not_zero(t, st, 60);
                fmpz_abs(t, t);
                fmpz_mul(fmpq_numref(P.scale[h] + i), fmpq_numref(P.scale[h] + i), t);
                fmpz_randtest_not_zero(t, st, 60);
                fmpz_abs(t, t);
                fmpz_mul(fmpq_denref(P.scale[h] + i), fmpq_denref(P.scale[h] + i), t);
                fmpq_canonicalise(P.scale[h] + i);
                fmpz_clear(t);
            }
    rf_net_init(B, A->L, A->dims);
    rf_net_init(C, 1, (slong[]) {1, 1});
    rf_align_map_init(M);
    rf_err_init(err);
    fmpq_init(ab);
    fmpq_init(rl);
    rf_net_apply_perm_scale(B, A, (const slong *const *) P.perm,
                            (const fmpq *const *) P.scale);
    cr_assert_eq(rf_align_net(C, M, A, B, NULL, err), RF_OK);
    cr_assert(rf_align_map_verify(B, M, C));
    cr_assert(agree_at_points(B, C, 3, st));
    rf_align_residual(ab, rl, A, C, -1);
    (*total)++;
    promised = twin_free(A);
    /* degenerate nets: the matching in double needs separated signatures
     * (huge and tiny entries can merge distinct ones after rounding) */
    for (h = 0; h < P.H && promised && degenerate; h++)
        if (!(M->sep[h] > 1e-6))
            promised = 0;
    if (promised) {
        cr_assert(fmpq_is_zero(ab) && fmpq_is_zero(rl), "twin-free A not recovered");
        cr_assert(rf_net_equal(A, C));
        for (h = 0; h < P.H; h++) {
            cr_assert(M->unique[h]);
            for (i = 0; i < A->dims[h + 1]; i++) {
                fmpq_t u;
                /* B's neuron P.perm[h][i] goes back to i with scale 1/s */
                cr_assert_eq(M->perm[h][P.perm[h][i]], i);
                fmpq_init(u);
                fmpq_mul(u, M->scale[h] + P.perm[h][i], P.scale[h] + i);
                cr_assert(fmpq_is_one(u));
                cr_assert_eq(M->kind[h][P.perm[h][i]], RF_ALIGN_SCALE_EXACT);
                fmpq_clear(u);
            }
        }
        (*recovered)++;
    }
    fmpq_clear(ab);
    fmpq_clear(rl);
    rf_err_clear(err);
    rf_align_map_clear(M);
    rf_net_clear(B);
    rf_net_clear(C);
    planted_clear(&P, A);
}

Test(align, planted_exact_recovery)
{
    flint_rand_t st;
    slong it, rec = 0, tot = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 300); it++) {
        slong L, dims[8];
        rf_net_t A;
        rand_arch(&L, dims, st, 7);
        rf_net_init(A, L, dims);
        rf_net_randtest(A, st, 30, 8);
        check_exact_recovery(A, st, &rec, &tot, it % 3 == 0, 0);
        rf_net_clear(A);
    }
    cr_assert(rec >= rf_test_count(200), "only %ld of %ld twin-free", (long) rec, (long) tot);
    flint_randclear(st);
}

Test(align, degenerate_nets_function_preserved)
{
    /* twins, dead, zero rows, huge and tiny entries: no promise of
     * recovery, but always a verified function-preserving transformation */
    flint_rand_t st;
    slong it, rec = 0, tot = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 150); it++) {
        slong L, dims[8];
        rf_net_t A;
        rand_arch(&L, dims, st, 5);
        rf_net_init(A, L, dims);
        rf_net_randtest_degenerate(A, st, 20, 6);
        check_exact_recovery(A, st, &rec, &tot, 0, 1);
        rf_net_clear(A);
    }
    cr_assert(rec >= rf_test_count(20), "only %ld of %ld recovered", (long) rec, (long) tot);
    flint_randclear(st);
}

Test(align, twins_tie_deterministic)
{
    /* A with two positive twins in hidden layer 1: aligning a copy stays
     * function-preserving and deterministic */
    rf_net_t A, B, C1, C2;
    rf_align_map_t M1, M2;
    rf_err_t err;
    slong dims[4] = {2, 3, 2, 1}, h, i;
    flint_rand_t st;
    rf_test_randinit(st);
    rf_net_init(A, 3, dims);
    rf_net_randtest(A, st, 10, 3);
    fmpq_mul_si(rf_net_W(A, 0, 1, 0), rf_net_W(A, 0, 0, 0), 2);
    fmpq_mul_si(rf_net_W(A, 0, 1, 1), rf_net_W(A, 0, 0, 1), 2);
    fmpq_mul_si(rf_net_b(A, 0, 1), rf_net_b(A, 0, 0), 2);
    rf_net_init(B, 3, dims);
    rf_net_init(C1, 3, dims);
    rf_net_init(C2, 3, dims);
    rf_align_map_init(M1);
    rf_align_map_init(M2);
    rf_err_init(err);
    {
        planted_t P;
        planted_init(&P, A);
        rf_net_randtest_symmetry(P.perm, P.scale, A, st);
        rf_net_apply_perm_scale(B, A, (const slong *const *) P.perm,
                                (const fmpq *const *) P.scale);
        planted_clear(&P, A);
    }
    cr_assert_eq(rf_align_net(C1, M1, A, B, NULL, err), RF_OK);
    cr_assert_eq(rf_align_net(C2, M2, A, B, NULL, err), RF_OK);
    cr_assert(rf_align_map_verify(B, M1, C1));
    cr_assert(rf_net_equal(C1, C2));
    for (h = 0; h < 2; h++)
        for (i = 0; i < dims[h + 1]; i++)
            cr_assert_eq(M1->perm[h][i], M2->perm[h][i]);
    cr_assert(agree_at_points(B, C1, 10, st));
    cr_assert(!M1->unique[0]);     /* sep = 0 in layer 1 */
    rf_err_clear(err);
    rf_align_map_clear(M1);
    rf_align_map_clear(M2);
    rf_net_clear(A);
    rf_net_clear(B);
    rf_net_clear(C1);
    rf_net_clear(C2);
    flint_randclear(st);
}

/* ---- noise: permutation recovered, residual small -------------------- */

Test(align, planted_with_noise)
{
    flint_rand_t st;
    slong it, checked = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 150); it++) {
        slong L, dims[8], h, i, j, l;
        rf_net_t A, B, C;
        rf_align_map_t M;
        rf_err_t err;
        planted_t P;
        fmpq_t ab, rl, e;
        int sep_ok = 1;
        rand_arch(&L, dims, st, 8);
        rf_net_init(A, L, dims);
        rf_net_randtest(A, st, 1000, 1);
        rf_net_init(B, L, dims);
        rf_net_init(C, L, dims);
        rf_align_map_init(M);
        rf_err_init(err);
        fmpq_init(ab);
        fmpq_init(rl);
        fmpq_init(e);
        planted_init(&P, A);
        rf_net_randtest_symmetry(P.perm, P.scale, A, st);
        rf_net_apply_perm_scale(B, A, (const slong *const *) P.perm,
                                (const fmpq *const *) P.scale);
        /* relative noise up to 1e-6 on every parameter */
        for (l = 0; l < L; l++)
            for (i = 0; i < dims[l + 1]; i++)
                for (j = 0; j <= dims[l]; j++) {
                    fmpq *x = j < dims[l] ? rf_net_W(B, l, i, j) : rf_net_b(B, l, i);
                    fmpq_set_si(e, (slong) n_randint(st, 2001) - 1000, UWORD(1000000000));
                    fmpq_addmul(x, x, e);
                }
        cr_assert_eq(rf_align_net(C, M, A, B, NULL, err), RF_OK);
        cr_assert(rf_align_map_verify(B, M, C));
        cr_assert(agree_at_points(B, C, 2, st));
        for (h = 0; h < L - 1; h++)
            if (!(M->sep[h] > 1e-3))
                sep_ok = 0;
        if (sep_ok) {
            checked++;
            for (h = 0; h < L - 1; h++) {
                cr_assert(M->unique[h]);
                for (i = 0; i < dims[h + 1]; i++)
                    cr_assert_eq(M->perm[h][P.perm[h][i]], i);
            }
            rf_align_residual(ab, rl, A, C, -1);
            cr_assert(rf_q_get_d(rl) < 1e-3, "max rel %g", rf_q_get_d(rl));
        }
        planted_clear(&P, A);
        fmpq_clear(ab);
        fmpq_clear(rl);
        fmpq_clear(e);
        rf_err_clear(err);
        rf_align_map_clear(M);
        rf_net_clear(A);
        rf_net_clear(B);
        rf_net_clear(C);
    }
    cr_assert(checked >= rf_test_count(60), "only %ld separated cases", (long) checked);
    flint_randclear(st);
}

/* ---- architecture mismatch and the verifier ------------------------- */

Test(align, arch_mismatch)
{
    rf_net_t A, B, C;
    rf_align_map_t M;
    rf_err_t err;
    rf_net_init(A, 3, (slong[]) {2, 3, 2, 1});
    rf_net_init(B, 3, (slong[]) {2, 4, 2, 1});
    rf_net_init(C, 2, (slong[]) {2, 3, 1});
    rf_align_map_init(M);
    rf_err_init(err);
    cr_assert_eq(rf_align_net(C, M, A, B, NULL, err), RF_ERR_INPUT);
    cr_assert(strstr(err->msg, "width of hidden layer 1 differs") != NULL, "%s", err->msg);
    cr_assert_eq(rf_align_check_arch(A, C, err), RF_ERR_INPUT);
    cr_assert(strstr(err->msg, "affine layers") != NULL, "%s", err->msg);
    rf_net_clear(B);
    rf_net_init(B, 3, (slong[]) {3, 3, 2, 1});
    cr_assert_eq(rf_align_check_arch(A, B, err), RF_ERR_INPUT);
    cr_assert(strstr(err->msg, "input dimension") != NULL, "%s", err->msg);
    rf_net_clear(B);
    rf_net_init(B, 3, (slong[]) {2, 3, 2, 2});
    cr_assert_eq(rf_align_check_arch(A, B, err), RF_ERR_INPUT);
    cr_assert(strstr(err->msg, "output dimension") != NULL, "%s", err->msg);
    rf_err_clear(err);
    rf_align_map_clear(M);
    rf_net_clear(A);
    rf_net_clear(B);
    rf_net_clear(C);
}

Test(align, verify_rejects_tampering)
{
    flint_rand_t st;
    rf_net_t A, B, C;
    rf_align_map_t M;
    rf_err_t err;
    slong dims[4] = {3, 4, 3, 2};
    rf_test_randinit(st);
    rf_net_init(A, 3, dims);
    rf_net_randtest(A, st, 20, 5);
    rf_net_init(B, 3, dims);
    rf_net_init(C, 3, dims);
    rf_net_set(B, A);
    fmpq_set_si(rf_net_W(B, 0, 0, 0), 7, 3);
    rf_align_map_init(M);
    rf_err_init(err);
    cr_assert_eq(rf_align_net(C, M, A, B, NULL, err), RF_OK);
    cr_assert(rf_align_map_verify(B, M, C));
    fmpq_neg(M->scale[1] + 0, M->scale[1] + 0);          /* negative scale */
    cr_assert(!rf_align_map_verify(B, M, C));
    fmpq_neg(M->scale[1] + 0, M->scale[1] + 0);
    M->perm[0][0] = M->perm[0][1];                          /* not a permutation */
    cr_assert(!rf_align_map_verify(B, M, C));
    rf_err_clear(err);
    rf_align_map_clear(M);
    rf_net_clear(A);
    rf_net_clear(B);
    rf_net_clear(C);
    flint_randclear(st);
}

/* ---- the executable -------------------------------------------------- */

static int run(char *out, size_t n, const char *args)
{
    char cmd[8192];
    const char *bin = getenv("RF_BIN");
    FILE *p;
    size_t got;
    int st;
    cr_assert(bin != NULL, "RF_BIN not set");
    snprintf(cmd, sizeof(cmd), "'%s' %s 2>&1", bin, args);
    p = popen(cmd, "r");
    cr_assert(p != NULL);
    got = fread(out, 1, n - 1, p);
    out[got] = '\0';
    st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_net(const char *path, const rf_net_t net)
{
    FILE *f = fopen(path, "w");
    cr_assert(f != NULL);
    rf_io_write_rfn(f, net);
    fclose(f);
}

Test(align, cli)
{
    char dir[] = "/tmp/rf_align_XXXXXX", pa[256], pb[256], pc[256], pd[256], po[256];
    char args[2048];
    static char out[1 << 16];
    flint_rand_t st;
    rf_net_t A, B, D, O;
    rf_err_t err;
    planted_t P;
    slong dims[4] = {3, 5, 4, 2};
    cr_assert(mkdtemp(dir) != NULL);
    snprintf(pa, sizeof(pa), "%s/a.rfn", dir);
    snprintf(pb, sizeof(pb), "%s/b.rfn", dir);
    snprintf(pc, sizeof(pc), "%s/c.rfn", dir);
    snprintf(pd, sizeof(pd), "%s/d.rfn", dir);
    snprintf(po, sizeof(po), "%s/out.rfn", dir);
    rf_test_randinit(st);
    do {
        rf_net_init(A, 3, dims);
        rf_net_randtest(A, st, 50, 7);
        if (twin_free(A))
            break;
        rf_net_clear(A);
    } while (1);
    rf_net_init(B, 3, dims);
    planted_init(&P, A);
    rf_net_randtest_symmetry(P.perm, P.scale, A, st);
    rf_net_apply_perm_scale(B, A, (const slong *const *) P.perm,
                            (const fmpq *const *) P.scale);
    planted_clear(&P, A);
    write_net(pa, A);
    write_net(pb, B);
    /* exact copy: certified equivalence, aligned B written and equal to A */
    snprintf(args, sizeof(args), "align '%s' '%s' -o '%s'", pa, pb, po);
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "equivalent (certified: aligned B equals A exactly; "
                          "permutation + positive scalings re-checked)") != NULL, "%s", out);
    cr_assert(strstr(out, "layer 1 residual: max abs 0, max rel 0") != NULL, "%s", out);
    rf_net_init(O, 1, (slong[]) {1, 1});
    rf_err_init(err);
    cr_assert_eq(rf_io_read_file(O, po, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), RF_OK);
    cr_assert(rf_net_equal(O, A));
    snprintf(args, sizeof(args), "align --json '%s' '%s'", pa, pb);
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "\"equivalent\": true") != NULL, "%s", out);
    cr_assert(strstr(out, "\"max_abs\": \"0\"") != NULL, "%s", out);
    cr_assert(strstr(out, "\"perm\": [") != NULL, "%s", out);
    /* a perturbed copy: not identical, residual printed, exit 0 */
    fmpq_add_si(rf_net_b(B, 2, 0), rf_net_b(B, 2, 0), 1);
    write_net(pc, B);
    snprintf(args, sizeof(args), "align '%s' '%s'", pa, pc);
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "not identical after alignment") != NULL, "%s", out);
    cr_assert(strstr(out, "layer 3 residual: max abs 1.000000e+00") != NULL, "%s", out);
    /* different architectures: exit 2, the message names the layer */
    rf_net_init(D, 3, (slong[]) {3, 6, 4, 2});
    write_net(pd, D);
    snprintf(args, sizeof(args), "align '%s' '%s'", pa, pd);
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
    cr_assert(strstr(out, "width of hidden layer 1 differs (A has 5 neurons, B has 6)") != NULL, "%s", out);
    rf_net_clear(D);
    rf_net_init(D, 2, (slong[]) {3, 5, 2});
    write_net(pd, D);
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
    cr_assert(strstr(out, "A has 3 affine layers") != NULL, "%s", out);
    /* usage errors */
    snprintf(args, sizeof(args), "align '%s'", pa);
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
    snprintf(args, sizeof(args), "align --norm cube '%s' '%s'", pa, pb);
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
    snprintf(args, sizeof(args), "align '%s' '%s/missing.rfn'", pa, dir);
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
    snprintf(args, sizeof(args), "align --norm max '%s' '%s'", pa, pb);
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "equivalent (certified") != NULL, "%s", out);
    cr_assert_eq(run(out, sizeof(out), "align --help"), 0);
    cr_assert(strstr(out, "usage: relufiber align") != NULL);
    rf_err_clear(err);
    rf_net_clear(O);
    rf_net_clear(D);
    rf_net_clear(A);
    rf_net_clear(B);
    remove(pa); remove(pb); remove(pc); remove(pd); remove(po);
    rmdir(dir);
    flint_randclear(st);
}
