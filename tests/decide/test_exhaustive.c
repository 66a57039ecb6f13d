/* Complete exact equivalence by region enumeration: the exact LP, region
 * counts against closed formulas, hand examples (hide/preserve, coNP-style
 * zero test, different depths, a thin bump), and a large random cross-check
 * against exact evaluation and z3/cvc5 on the QF_LRA encoding. */
#include <string.h>
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include <jansson.h>
#include "relufiber/relufiber.h"
#include "relufiber/decide.h"

static slong count_regions(const rf_net_t net, slong cap, rf_err_t err)
{
    slong c = -2;
    if (rf_cells_count_regions(&c, NULL, net, cap, err) != RF_OK)
        return -2;
    return c;
}
#include "relufiber/export.h"
#include "smt_run.h"
#include "symgen.h"

static void set_net(rf_net_t net, slong L, const slong *dims, const slong *num,
                    const slong *den)
{
    slong D, k;
    fmpq *th;
    rf_net_clear(net);
    rf_net_init(net, L, dims);
    D = rf_net_num_params(net);
    th = _fmpq_vec_init(D);
    for (k = 0; k < D; k++)
        fmpq_set_si(th + k, num[k], den ? den[k] : 1);
    rf_net_set_params(net, th);
    _fmpq_vec_clear(th, D);
}

static void check_separates(const rf_equiv_t res, const rf_net_t A, const rf_net_t B)
{
    slong m = rf_net_out_dim(A);
    fmpq *ya = _fmpq_vec_init(m), *yb = _fmpq_vec_init(m);
    cr_assert_eq(res->verdict, RF_EQUIV_NO);
    rf_net_eval(ya, A, res->x);
    rf_net_eval(yb, B, res->x);
    cr_assert(!rf_qvec_equal(ya, yb, m), "NO certificate does not separate");
    cr_assert(rf_qvec_equal(ya, res->yA, m) && rf_qvec_equal(yb, res->yB, m));
    _fmpq_vec_clear(ya, m);
    _fmpq_vec_clear(yb, m);
}

#ifndef RF_SLOW_PART
Test(lp, open_interior_exact)
{
    fmpq_mat_t R;
    fmpq x[2], t[1];
    rf_err_t err;
    rf_err_init(err);
    fmpq_init(x); fmpq_init(x + 1); fmpq_init(t);
    /* 0 < x < 1 in R^1 */
    fmpq_mat_init(R, 2, 2);
    fmpq_set_si(fmpq_mat_entry(R, 0, 0), 1, 1);
    fmpq_set_si(fmpq_mat_entry(R, 1, 0), -1, 1);
    fmpq_set_si(fmpq_mat_entry(R, 1, 1), 1, 1);
    cr_assert_eq(rf_cells_lp_open_interior(x, t, R, 1, err), 1);
    cr_assert(fmpq_sgn(x) > 0 && fmpq_cmp_si(x, 1) < 0);
    cr_assert(fmpq_equal_si(t, 0) == 0);
    {   /* optimal slack of (0,1) is 1/2 at x = 1/2 */
        fmpq_t h; fmpq_init(h); fmpq_set_si(h, 1, 2);
        cr_assert(fmpq_equal(t, h)); cr_assert(fmpq_equal(x, h));
        fmpq_clear(h);
    }
    /* x > 0 and -x > 0: empty; x > 0 and -x >= 0 as strict: empty */
    fmpq_set_si(fmpq_mat_entry(R, 1, 1), 0, 1);
    cr_assert_eq(rf_cells_lp_open_interior(x, t, R, 1, err), 0);
    fmpq_mat_clear(R);
    /* triangle x>0, y>0, 1/1000 - x - y > 0 in R^2: thin but open */
    fmpq_mat_init(R, 3, 3);
    fmpq_set_si(fmpq_mat_entry(R, 0, 0), 1, 1);
    fmpq_set_si(fmpq_mat_entry(R, 1, 1), 1, 1);
    fmpq_set_si(fmpq_mat_entry(R, 2, 0), -1, 1);
    fmpq_set_si(fmpq_mat_entry(R, 2, 1), -1, 1);
    fmpq_set_si(fmpq_mat_entry(R, 2, 2), 1, 1000);
    cr_assert_eq(rf_cells_lp_open_interior(x, t, R, 2, err), 1);
    {
        fmpq_t s; fmpq_init(s);
        fmpq_add(s, x, x + 1);
        cr_assert(fmpq_sgn(x) > 0 && fmpq_sgn(x + 1) > 0);
        cr_assert(fmpq_cmp_si(s, 0) > 0);
        fmpq_set_si(t, 1, 1000);
        cr_assert(fmpq_cmp(s, t) < 0);
        fmpq_clear(s);
    }
    /* a segment in R^2 (x > 0, -x > 0 ... no: x - y > 0, y - x > 0): empty */
    fmpq_mat_zero(R);
    fmpq_set_si(fmpq_mat_entry(R, 0, 0), 1, 1);
    fmpq_set_si(fmpq_mat_entry(R, 0, 1), -1, 1);
    fmpq_set_si(fmpq_mat_entry(R, 1, 0), -1, 1);
    fmpq_set_si(fmpq_mat_entry(R, 1, 1), 1, 1);
    fmpq_set_si(fmpq_mat_entry(R, 2, 2), 1, 1);
    cr_assert_eq(rf_cells_lp_open_interior(x, t, R, 2, err), 0);
    fmpq_mat_clear(R);
    fmpq_clear(x); fmpq_clear(x + 1); fmpq_clear(t);
}

/* n lines in general position in the plane cut it into 1 + n + n(n-1)/2
 * regions; k distinct breakpoints cut the line into k + 1. */
Test(exhaustive, region_counts_closed_form)
{
    flint_rand_t st;
    rf_err_t err;
    slong n;
    rf_test_randinit(st);
    rf_err_init(err);
    for (n = 1; n <= 6; n++) {
        rf_net_t net;
        slong i;
        rf_net_init(net, 2, (slong[]) {2, n, 1});
        for (i = 0; i < n; i++) {
            /* line through (i, i^2) ... tangent-like distinct slopes: generic */
            fmpq_set_si(rf_net_W(net, 0, i, 0), 2 * i + 1, 1);
            fmpq_set_si(rf_net_W(net, 0, i, 1), -1, 1);
            fmpq_set_si(rf_net_b(net, 0, i), -(i * i + i) + 1, 3);
            fmpq_set_si(rf_net_W(net, 1, 0, i), 1, 1);
        }
        cr_assert_eq(count_regions(net, 0, err), 1 + n + n * (n - 1) / 2, "n = %ld", (long) n);
        rf_net_clear(net);
        rf_net_init(net, 2, (slong[]) {1, n, 1});
        for (i = 0; i < n; i++) {
            fmpq_set_si(rf_net_W(net, 0, i, 0), (i % 2) ? -1 : 2, 1);
            fmpq_set_si(rf_net_b(net, 0, i), i, 1);
        }
        cr_assert_eq(count_regions(net, 0, err), n + 1);
        rf_net_clear(net);
    }
    {   /* depth: relu(relu(x) - 1): x<0 is not split (constant -1) -> 3 regions */
        rf_net_t net;
        rf_net_init(net, 3, (slong[]) {1, 1, 1, 1});
        fmpq_set_si(rf_net_W(net, 0, 0, 0), 1, 1);
        fmpq_set_si(rf_net_W(net, 1, 0, 0), 1, 1);
        fmpq_set_si(rf_net_b(net, 1, 0), -1, 1);
        fmpq_set_si(rf_net_W(net, 2, 0, 0), 1, 1);
        cr_assert_eq(count_regions(net, 0, err), 3);
        cr_assert_eq(count_regions(net, 2, err), -1, "cap");
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* Notes E1: sigma(x)+1 realized with the second-layer neuron always active
 * (preserve) and with the first-layer breakpoint hidden (hide). */
Test(exhaustive, notes_E1_hide_preserve)
{
    rf_net_t P, H;
    rf_equiv_t res;
    rf_err_t err;
    rf_decide_exhaustive_opts_t opts;
    rf_decide_exhaustive_stats_t stt;
    slong dims[] = {1, 1, 1, 1};
    rf_net_init(P, 1, (slong[]) {1, 1});
    rf_net_init(H, 1, (slong[]) {1, 1});
    set_net(P, 3, dims, (slong[]) {1, 0, 1, 1, 1, 0}, NULL);
    set_net(H, 3, dims, (slong[]) {1, 1, 1, -1, 1, 1}, (slong[]) {1, 2, 1, 2, 1, 1});
    rf_err_init(err);
    rf_equiv_init(res);
    rf_decide_exhaustive_opts_init(opts);
    opts->prefilter = 0;
    cr_assert_eq(rf_decide_exhaustive_opts(res, stt, P, H, opts, err), RF_OK);
    cr_assert_eq(res->verdict, RF_EQUIV_YES);
    cr_assert_str_eq(res->method, "exhaustive-cell-enumeration");
    cr_assert(stt->regions >= 2);
    /* perturb the hidden bias: the hidden breakpoint becomes visible */
    fmpq_set_si(rf_net_b(H, 0, 0), 1, 3);
    rf_equiv_clear(res);
    rf_equiv_init(res);
    cr_assert_eq(rf_decide_exhaustive_opts(res, stt, P, H, opts, err), RF_OK);
    check_separates(res, P, H);
    rf_equiv_clear(res);
    rf_net_clear(P);
    rf_net_clear(H);
}

/* coNP-style instance (notes section 7): f = relu(h) with h <= 0 everywhere
 * but h built from m > n0 first-layer neurons, against the zero network. */
Test(exhaustive, zero_test_non_bottleneck)
{
    rf_net_t F, Z;
    rf_equiv_t res;
    rf_err_t err;
    /* h(x) = relu(x) + relu(-x) - relu(x - 1) - relu(-x - 1) - 2 - ... :
     * use h(x) = |x| - relu(x-1) - relu(-x-1) - 1 - 1/4 <= 0 (max at |x|=1: -1/4) */
    slong dims[] = {1, 4, 1, 1};
    rf_net_init(F, 1, (slong[]) {1, 1});
    rf_net_init(Z, 3, dims);
    set_net(F, 3, dims,
            (slong[]) {1, -1, 1, -1, 0, 0, -1, -1, 1, 1, -1, -1, -5, 1, 0},
            (slong[]) {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 1, 1});
    rf_err_init(err);
    rf_equiv_init(res);
    cr_assert_eq(rf_decide_exhaustive(res, F, Z, err), RF_OK);
    cr_assert_eq(res->verdict, RF_EQUIV_YES, "relu(h) with h <= -1/4 is zero");
    rf_equiv_clear(res);
    /* bias -1 + 1/4: h reaches +1/4 at |x| = 1 only in a small window */
    fmpq_set_si(rf_net_b(F, 1, 0), -3, 4);
    rf_equiv_init(res);
    cr_assert_eq(rf_decide_exhaustive(res, F, Z, err), RF_OK);
    check_separates(res, F, Z);
    rf_equiv_clear(res);
    rf_net_clear(F);
    rf_net_clear(Z);
}

/* A thin bump of width 2/1000 that random inputs miss: found by the
 * enumeration with an exact point inside. Also: cap -> UNKNOWN. */
Test(exhaustive, thin_bump_and_cap)
{
    rf_net_t A, B;
    rf_equiv_t res;
    rf_err_t err;
    rf_decide_exhaustive_opts_t opts;
    slong dims[] = {2, 3, 1};
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 2, dims);
    /* A(x) = relu(x1 - 7) - 2 relu(x1 - 7 - 1/1000) + relu(x1 - 7 - 2/1000) */
    set_net(A, 2, dims,
            (slong[]) {1, 0, 1, 0, 1, 0, -7, -7001, -7002, 1, -2, 1, 0},
            (slong[]) {1, 1, 1, 1, 1, 1, 1, 1000, 1000, 1, 1, 1, 1});
    rf_err_init(err);
    rf_equiv_init(res);
    rf_decide_exhaustive_opts_init(opts);
    opts->prefilter = 0;
    cr_assert_eq(rf_decide_exhaustive_opts(res, NULL, A, B, opts, err), RF_OK);
    check_separates(res, A, B);
    rf_equiv_clear(res);
    rf_equiv_init(res);
    opts->max_regions = 1;
    rf_net_set(B, A);
    cr_assert_eq(rf_decide_exhaustive_opts(res, NULL, A, B, opts, err), RF_OK);
    cr_assert_eq(res->verdict, RF_EQUIV_UNKNOWN);
    rf_equiv_clear(res);
    rf_net_clear(A);
    rf_net_clear(B);
}
#endif

/* Coverage: every joint pattern met at a random input (off all bent
 * hyperplanes) is one of the listed regions. */
static void check_coverage(const rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                           flint_rand_t st)
{
    json_error_t je;
    json_t *root = json_loads(res->cert_json, 0, &je), *list;
    slong nA = rf_net_num_hidden(A), nB = rf_net_num_hidden(B), d = rf_net_in_dim(A), it, j;
    int *pa = flint_malloc((nA + nB + 1) * sizeof(int)), *pb = pa + nA;
    fmpq *x = _fmpq_vec_init(d);
    cr_assert(root != NULL, "certificate JSON: %s", je.text);
    list = json_object_get(root, "list");
    cr_assert_eq((slong) json_array_size(list),
                 (slong) json_integer_value(json_object_get(root, "regions")));
    for (it = 0; rf_test_loop(it, 40); it++) {
        size_t r;
        int found = 0;
        for (j = 0; j < d; j++)
            tsg_rand_q(x + j, st, 60, 7);
        if (rf_net_pattern(pa, A, x) || rf_net_pattern(pb, B, x))
            continue;   /* on a hyperplane, or a neuron identically 0 there */
        for (r = 0; r < json_array_size(list) && !found; r++) {
            json_t *reg = json_array_get(list, r);
            json_t *ja = json_object_get(reg, "pattern_A"), *jb = json_object_get(reg, "pattern_B");
            int ok = 1;
            for (j = 0; j < nA && ok; j++)
                ok = json_integer_value(json_array_get(ja, j)) == pa[j];
            for (j = 0; j < nB && ok; j++)
                ok = json_integer_value(json_array_get(jb, j)) == pb[j];
            found = ok;
        }
        cr_assert(found, "random input's joint pattern not among the regions");
    }
    json_decref(root);
    flint_free(pa);
    _fmpq_vec_clear(x, d);
}

/* The big cross-check: 1100 random pairs of depth 2..4 (L = 2..4 affine
 * layers), equivalent by a random composed symmetry, or perturbed (one
 * parameter changed, or a thin bump of width 2/1000 added in the last hidden
 * layer, which random inputs almost never hit; every bump pair goes to z3). */
#ifdef RF_SLOW_PART
Test(exhaustive, random_pairs_cross_check, .timeout = 900)
{
    flint_rand_t st;
    rf_err_t err;
    slong it, nyes = 0, nno = 0, nz3 = 0, ncvc = 0, nsym_yes = 0, nbump = 0, nbump_no = 0;
    int have_z3 = rf_cli_smt_solver_available(RF_SMT_Z3);
    int have_cvc5 = rf_cli_smt_solver_available(RF_SMT_CVC5);
    rf_test_randinit(st);
    rf_err_init(err);
    for (it = 0; rf_test_loop(it, 1100); it++) {
        slong L = 2 + n_randint(st, 3), dims[8], l, d, m, k;
        rf_net_t A, B;
        rf_equiv_t res;
        rf_decide_exhaustive_opts_t opts;
        int perturbed = n_randint(st, 2);
        dims[0] = 1 + n_randint(st, 3);
        for (l = 1; l < L; l++)
            dims[l] = 1 + n_randint(st, L == 4 ? 2 : 3);
        dims[L] = 1 + n_randint(st, 2);
        d = dims[0];
        m = dims[L];
        rf_net_init(A, L, dims);
        rf_net_randtest(A, st, 4, 3);
        rf_net_init(B, 1, (slong[]) {1, 1});
        rf_net_set(B, A);
        tsg_random_symmetry(B, st, 5);
        if (perturbed && it % 6 == 1) {
            tsg_add_bump(B, st);    /* differs at most on a thin slab */
            nbump++;
        }
        else if (perturbed)
            tsg_perturb(B, st);
        rf_decide_exhaustive_opts_init(opts);
        opts->prefilter = n_randint(st, 2);
        opts->reduce = it % 5 != 0;
        opts->seed = it;
        rf_equiv_init(res);
        cr_assert_eq(rf_decide_exhaustive_opts(res, NULL, A, B, opts, err), RF_OK,
                     "%s", err->msg);
        cr_assert_neq(res->verdict, RF_EQUIV_UNKNOWN);
        if (res->verdict == RF_EQUIV_NO) {
            cr_assert(perturbed, "pair %ld: a symmetry changed the function?", (long) it);
            check_separates(res, A, B);
            nno++;
            nbump_no += perturbed && it % 6 == 1;
        } else {
            fmpq *x = _fmpq_vec_init(d), *ya = _fmpq_vec_init(m), *yb = _fmpq_vec_init(m);
            for (k = 0; k < 30; k++) {
                slong j;
                for (j = 0; j < d; j++)
                    tsg_rand_q(x + j, st, 50, 9);
                rf_net_eval(ya, A, x);
                rf_net_eval(yb, B, x);
                cr_assert(rf_qvec_equal(ya, yb, m), "YES but differ at a point");
            }
            _fmpq_vec_clear(x, d);
            _fmpq_vec_clear(ya, m);
            _fmpq_vec_clear(yb, m);
            if (it % 4 == 0)
                check_coverage(res, A, B, st);
            nyes++;
            nsym_yes += perturbed;
        }
        if (have_z3 && (it % 3 == 0 || (perturbed && it % 6 == 1))) {
            rf_cli_smt_status_t s;
            cr_assert_eq(rf_cli_smt_check_equiv(&s, NULL, A, B, RF_SMT_Z3, 60000, err), RF_OK,
                         "%s", err->msg);
            cr_assert_neq(s, RF_SMT_UNKNOWN);
            cr_assert_eq(s == RF_SMT_UNSAT, res->verdict == RF_EQUIV_YES,
                         "z3 disagrees on pair %ld", (long) it);
            nz3++;
        }
        if (have_cvc5 && it % 20 == 1) {
            rf_cli_smt_status_t s;
            cr_assert_eq(rf_cli_smt_check_equiv(&s, NULL, A, B, RF_SMT_CVC5, 60000, err), RF_OK,
                         "%s", err->msg);
            cr_assert_neq(s, RF_SMT_UNKNOWN);
            cr_assert_eq(s == RF_SMT_UNSAT, res->verdict == RF_EQUIV_YES,
                         "cvc5 disagrees on pair %ld", (long) it);
            ncvc++;
        }
        rf_equiv_clear(res);
        rf_net_clear(A);
        rf_net_clear(B);
    }
    cr_log_info("pairs 1100: equivalent %ld (of which perturbed %ld), not %ld; z3 %ld, cvc5 %ld",
                (long) nyes, (long) nsym_yes, (long) nno, (long) nz3, (long) ncvc);
    fprintf(stderr, "pairs 1100: equivalent %ld (of which perturbed %ld), not %ld; z3 %ld, "
            "cvc5 %ld; thin bumps %ld, of which visible %ld\n",
            (long) nyes, (long) nsym_yes, (long) nno, (long) nz3, (long) ncvc,
            (long) nbump, (long) nbump_no);
    cr_assert(nyes >= 500 && nno >= 300);
    /* an installed solver must have been consulted, not skipped */
    cr_assert(!have_z3 || nz3 > 0, "z3 installed but never consulted");
    cr_assert(!have_cvc5 || ncvc > 0, "cvc5 installed but never consulted");
    if (!have_z3)
        fprintf(stderr, "note: z3 not on PATH: SMT cross-check SKIPPED\n");
    cr_assert(nbump_no >= 20, "thin bumps found: %ld", (long) nbump_no);
    flint_randclear(st);
}
#endif

/* docs/hardness.md, section 2-3: the 3-SAT reduction. f_A = relu(h) with
 * h = 1/2 - 4 sum dist(x_i) - sum pen_C is the zero function iff the CNF is
 * unsatisfiable; a separating input rounds to a satisfying assignment.
 * Clauses: literals +i / -i (1-based), 0-terminated, up to 3 each. */
#ifndef RF_SLOW_PART
static void sat_net(rf_net_t A, slong n, const int (*cl)[4], slong k)
{
    slong m = 4 * n + k, i, c, dims[4];
    dims[0] = n; dims[1] = m; dims[2] = 1; dims[3] = 1;
    rf_net_clear(A);
    rf_net_init(A, 3, dims);
    for (i = 0; i < n; i++) {
        /* dist(t) = relu(t) - 2 relu(t - 1/2) + 2 relu(t - 1) + relu(-t), times -4 */
        const slong w[4] = {1, 1, 1, -1}, bn[4] = {0, -1, -1, 0}, bd[4] = {1, 2, 1, 1},
                    v[4] = {-4, 8, -8, -4};
        slong g;
        for (g = 0; g < 4; g++) {
            fmpq_set_si(rf_net_W(A, 0, 4 * i + g, i), w[g], 1);
            fmpq_set_si(rf_net_b(A, 0, 4 * i + g), bn[g], bd[g]);
            fmpq_set_si(rf_net_W(A, 1, 0, 4 * i + g), v[g], 1);
        }
    }
    for (c = 0; c < k; c++) {
        slong r = 4 * n + c, neg = 0, j;
        for (j = 0; j < 4 && cl[c][j] != 0; j++) {
            slong var = FLINT_ABS(cl[c][j]) - 1;
            fmpq_add_si(rf_net_W(A, 0, r, var), rf_net_W(A, 0, r, var), cl[c][j] > 0 ? -1 : 1);
            neg += cl[c][j] < 0;
        }
        fmpq_set_si(rf_net_b(A, 0, r), 1 - neg, 1);
        fmpq_set_si(rf_net_W(A, 1, 0, r), -1, 1);
    }
    fmpq_set_si(rf_net_b(A, 1, 0), 1, 2);
    fmpq_set_si(rf_net_W(A, 2, 0, 0), 1, 1);
}

static int rounds_to_model(const fmpq *x, slong n, const int (*cl)[4], slong k)
{
    slong c, j;
    for (c = 0; c < k; c++) {
        int sat = 0;
        for (j = 0; j < 4 && cl[c][j] != 0; j++) {
            slong var = FLINT_ABS(cl[c][j]) - 1;
            int bit = fmpq_cmp_si(x + var, 0) > 0 && 2 * fmpz_get_si(fmpq_numref(x + var)) >
                      fmpz_get_si(fmpq_denref(x + var));   /* x > 1/2 */
            sat |= (cl[c][j] > 0) ? bit : !bit;
        }
        if (!sat)
            return 0;
    }
    (void) n;
    return 1;
}

Test(exhaustive, sat_reduction)
{
    static const int unsat2[4][4] = {{1, 2, 0, 0}, {1, -2, 0, 0}, {-1, 2, 0, 0}, {-1, -2, 0, 0}};
    static const int sat3[4][4] = {{1, -2, 3, 0}, {-1, 2, 0, 0}, {-3, 0, 0, 0}, {2, 3, 0, 0}};
    static const int unsat3[8][4] = {{1, 2, 3, 0}, {1, 2, -3, 0}, {1, -2, 3, 0}, {1, -2, -3, 0},
                                     {-1, 2, 3, 0}, {-1, 2, -3, 0}, {-1, -2, 3, 0}, {-1, -2, -3, 0}};
    rf_net_t A, Z;
    rf_equiv_t res;
    rf_err_t err;
    rf_decide_exhaustive_opts_t opts;
    rf_decide_exhaustive_stats_t stt;
    rf_err_init(err);
    rf_decide_exhaustive_opts_init(opts);
    opts->prefilter = 0;
    opts->list_max = 0;
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(Z, 1, (slong[]) {1, 1});

    sat_net(A, 2, unsat2, 4);
    rf_net_clear(Z); rf_net_init(Z, 3, A->dims);
    rf_equiv_init(res);
    cr_assert_eq(rf_decide_exhaustive_opts(res, stt, A, Z, opts, err), RF_OK);
    cr_assert_eq(res->verdict, RF_EQUIV_YES, "unsatisfiable CNF -> zero function");
    rf_equiv_clear(res);

    sat_net(A, 3, unsat3, 8);
    rf_net_clear(Z); rf_net_init(Z, 3, A->dims);
    rf_equiv_init(res);
    cr_assert_eq(rf_decide_exhaustive_opts(res, stt, A, Z, opts, err), RF_OK);
    cr_assert_eq(res->verdict, RF_EQUIV_YES, "unsatisfiable 3-CNF -> zero function");
    fprintf(stderr, "unsat3: %ld regions, %ld LPs\n", (long) stt->regions, (long) stt->lps);
    rf_equiv_clear(res);

    sat_net(A, 3, sat3, 4);
    rf_net_clear(Z); rf_net_init(Z, 3, A->dims);
    rf_equiv_init(res);
    cr_assert_eq(rf_decide_exhaustive_opts(res, stt, A, Z, opts, err), RF_OK);
    check_separates(res, A, Z);
    cr_assert(rounds_to_model(res->x, 3, sat3, 4), "witness does not round to a model");
    rf_equiv_clear(res);
    rf_net_clear(A);
    rf_net_clear(Z);
}

/* Independent oracle for completeness: the fdim module's region search (a
 * separate implementation, strict sign patterns only) finds the same number
 * of activation regions on random networks when no neuron is identically 0
 * on a region; otherwise this enumeration finds at least as many (fdim drops
 * regions where a deeper neuron is identically 0, e.g. arch (3,1,3,4,1)
 * below: the region where the first neuron is off). */
#include "relufiber/fdim.h"
Test(exhaustive, region_count_vs_fdim)
{
    flint_rand_t st;
    rf_err_t err;
    slong it, agree = 0, zero_cases = 0;
    rf_test_randinit(st);
    rf_err_init(err);
    {   /* let fdim set cddlib's constants first (its own once-guard does not
         * know about rf_cells_lp_begin; see the integrator note in exhaustive.h) */
        rf_net_t n2;
        rf_fdim_regions_t r2;
        rf_net_init(n2, 2, (slong[]) {2, 2, 1});
        rf_net_randtest(n2, st, 3, 2);
        rf_fdim_regions_init(r2, n2);
        rf_fdim_regions(r2, n2, NULL, NULL, 0, err);
        rf_fdim_regions_clear(r2);
        rf_net_clear(n2);
    }
    for (it = 0; rf_test_loop(it, 60); it++) {
        rf_cells_stats_t sts;
        slong L = 2 + n_randint(st, 3), dims[6], l, i, mine;
        rf_net_t net;
        rf_fdim_regions_t r;
        dims[0] = 1 + n_randint(st, 3);
        for (l = 1; l <= L; l++)
            dims[l] = 1 + n_randint(st, 4);
        dims[L] = 1;
        rf_net_init(net, L, dims);
        rf_net_randtest(net, st, 5, 3);
        for (l = 0; l < L; l++)
            for (i = 0; i < dims[l + 1]; i++)
                if (fmpq_is_zero(rf_net_b(net, l, i)))
                    fmpq_set_si(rf_net_b(net, l, i), 1, 7);
        rf_fdim_regions_init(r, net);
        cr_assert_eq(rf_fdim_regions(r, net, NULL, NULL, 0, err), RF_OK);
        cr_assert(r->complete);
        cr_assert_eq(rf_cells_count_regions(&mine, sts, net, 0, err), RF_OK);
        cr_assert(mine >= 1);
        /* one kernel: the fdim list includes the identically-zero regions */
        cr_assert_eq(mine, r->set->n, "net %ld: exhaustive %ld regions, fdim %ld",
                     (long) it, (long) mine, (long) r->set->n);
        cr_assert_eq(r->nzero, sts->zero_regions);
        if (sts->zero_const == 0)
            agree++;
        else
            zero_cases++;
        rf_fdim_regions_clear(r);
        rf_net_clear(net);
    }
    cr_assert_geq(agree + zero_cases, rf_test_count(60), "only %ld comparable nets", (long) agree);
    fprintf(stderr, "region counts vs fdim: %ld equal, %ld with identically-zero neurons\n",
            (long) agree, (long) zero_cases);
    flint_randclear(st);
}

/* Notes E5 (coNP instance, non-bottleneck (1,2,1,1)): h(x) = relu(x) -
 * relu(x-1) - 2 <= -1, so f = relu(h) is the zero function although the
 * second-layer neuron has a crossing sign pattern on the orthant. Decided by
 * the enumeration and through the library dispatch rf_decide_equiv. Also the
 * dimension-mismatch error. */
Test(exhaustive, notes_E5_zero_function)
{
    rf_net_t F, Z, W;
    rf_equiv_t res;
    rf_err_t err;
    slong dims[] = {1, 2, 1, 1};
    rf_net_init(F, 1, (slong[]) {1, 1});
    set_net(F, 3, dims, (slong[]) {1, 1, 0, -1, 1, -1, -2, 1, 0}, NULL);
    rf_net_init(Z, 3, dims);
    rf_err_init(err);
    rf_equiv_init(res);
    cr_assert_eq(rf_decide_exhaustive(res, F, Z, err), RF_OK);
    cr_assert_eq(res->verdict, RF_EQUIV_YES);
    rf_equiv_clear(res);
    rf_equiv_init(res);
    cr_assert_eq(rf_decide_equiv(res, F, Z, err), RF_OK);
    cr_assert_eq(res->verdict, RF_EQUIV_YES, "dispatch: %s", res->method);
    rf_equiv_clear(res);
    /* b2 = -1: h = 0 on x >= 1 still; b2 = -1/2: h = 1/2 > 0 for x >= 1 */
    fmpq_set_si(rf_net_b(F, 1, 0), -1, 2);
    rf_equiv_init(res);
    cr_assert_eq(rf_decide_exhaustive(res, F, Z, err), RF_OK);
    check_separates(res, F, Z);
    rf_equiv_clear(res);
    rf_net_init(W, 2, (slong[]) {2, 1, 1});
    rf_equiv_init(res);
    cr_assert_eq(rf_decide_exhaustive(res, F, W, err), RF_ERR_INPUT);
    rf_equiv_clear(res);
    rf_net_clear(F);
    rf_net_clear(Z);
    rf_net_clear(W);
}

/* A network without hidden layers against relu(x) - relu(-x) = x. */
Test(exhaustive, affine_network)
{
    rf_net_t A, B;
    rf_equiv_t res;
    rf_err_t err;
    rf_decide_exhaustive_stats_t stt;
    rf_decide_exhaustive_opts_t opts;
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    set_net(A, 2, (slong[]) {1, 2, 1}, (slong[]) {1, -1, 0, 0, 1, -1, 0}, NULL);
    fmpq_set_si(rf_net_W(B, 0, 0, 0), 1, 1);
    rf_err_init(err);
    rf_decide_exhaustive_opts_init(opts);
    opts->prefilter = 0;
    rf_equiv_init(res);
    cr_assert_eq(rf_decide_exhaustive_opts(res, stt, A, B, opts, err), RF_OK);
    cr_assert_eq(res->verdict, RF_EQUIV_YES);
    cr_assert_eq(stt->regions, 2);
    rf_equiv_clear(res);
    fmpq_set_si(rf_net_b(B, 0, 0), 1, 3);
    rf_equiv_init(res);
    cr_assert_eq(rf_decide_exhaustive_opts(res, stt, B, A, opts, err), RF_OK);
    check_separates(res, B, A);
    rf_equiv_clear(res);
    rf_net_clear(A);
    rf_net_clear(B);
}

/* The input reduction: for d0 larger than the first-layer ranks, the search
 * runs in U = rowspace(W1_A) + rowspace(W1_B); verdicts and region counts
 * agree with the unreduced search, and certificates are in original x. */
Test(exhaustive, input_reduction)
{
    flint_rand_t st;
    rf_err_t err;
    slong it, reduced = 0;
    rf_test_randinit(st);
    rf_err_init(err);
    for (it = 0; rf_test_loop(it, 120); it++) {
        slong L = 2 + n_randint(st, 2), dims[5], l;
        rf_net_t A, B;
        rf_equiv_t r1, r2;
        rf_decide_exhaustive_opts_t o1, o2;
        rf_decide_exhaustive_stats_t s1, s2;
        int pert = n_randint(st, 2);
        dims[0] = 3 + n_randint(st, 3);
        dims[1] = 1 + n_randint(st, 2);
        for (l = 2; l < L; l++)
            dims[l] = 1 + n_randint(st, 3);
        dims[L] = 1 + n_randint(st, 2);
        rf_net_init(A, L, dims);
        rf_net_randtest(A, st, 4, 3);
        rf_net_init(B, 1, (slong[]) {1, 1});
        rf_net_set(B, A);
        tsg_random_symmetry(B, st, 4);
        if (pert)
            tsg_perturb(B, st);
        rf_decide_exhaustive_opts_init(o1);
        rf_decide_exhaustive_opts_init(o2);
        o1->prefilter = o2->prefilter = 0;
        o2->reduce = 0;
        rf_equiv_init(r1);
        rf_equiv_init(r2);
        cr_assert_eq(rf_decide_exhaustive_opts(r1, s1, A, B, o1, err), RF_OK, "%s", err->msg);
        cr_assert_eq(rf_decide_exhaustive_opts(r2, s2, A, B, o2, err), RF_OK, "%s", err->msg);
        cr_assert_eq(r1->verdict, r2->verdict);
        cr_assert_eq(s2->input_dim, dims[0]);
        reduced += s1->input_dim < dims[0];
        if (r1->verdict == RF_EQUIV_YES) {
            cr_assert_eq(s1->regions, s2->regions, "region counts differ");
            if (it % 3 == 0)
                check_coverage(r1, A, B, st);
        } else
            check_separates(r1, A, B);
        rf_equiv_clear(r1);
        rf_equiv_clear(r2);
        rf_net_clear(A);
        rf_net_clear(B);
    }
    cr_assert_geq(reduced, rf_test_count(60), "reduction used %ld times", (long) reduced);
    flint_randclear(st);
}

#endif
