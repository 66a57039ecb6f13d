/* Fiber builder: soundness (random points of every emitted component lie
 * in the component's constraint set and realize exactly the same function:
 * exact line tests on random lines, exact identity of the affine pieces at
 * targeted points) and dimension (the emitted fiber dimension equals D
 * minus the exact Jacobian rank, including the table E7 of the notes). */
#include <criterion/criterion.h>
#include "../rftest.h"
#include "helpers.h"
#include "relufiber/qvec.h"
#include "relufiber/fdim.h"

/* affine pieces of A and B at x agree identically (both smooth at x) */
static int same_piece(const rf_net_t A, const rf_net_t B, const fmpq *x)
{
    slong n0 = A->dims[0], d = A->dims[A->L], k;
    int *pa = flint_malloc((rf_net_num_hidden(A) + 1) * sizeof(int));
    int *pb = flint_malloc((rf_net_num_hidden(B) + 1) * sizeof(int));
    fmpq *xe = _fmpq_vec_init(n0), *ya = _fmpq_vec_init(d), *yb = _fmpq_vec_init(d);
    int ok = 1;
    if (rf_net_pattern(pa, A, x) == 0 && rf_net_pattern(pb, B, x) == 0)
        for (k = -1; k < n0 && ok; k++) {
            rf_qvec_set(xe, x, n0);
            if (k >= 0)
                fmpq_add_si(xe + k, xe + k, 1);
            rf_net_eval_on_pattern(ya, A, pa, xe);
            rf_net_eval_on_pattern(yb, B, pb, xe);
            ok = rf_qvec_equal(ya, yb, d);
        }
    flint_free(pa);
    flint_free(pb);
    _fmpq_vec_clear(xe, n0);
    _fmpq_vec_clear(ya, d);
    _fmpq_vec_clear(yb, d);
    return ok;
}

static void check_sound(const rf_net_t A, flint_rand_t st, slong per_comp)
{
    rf_sys_t sys;
    rf_err_t err;
    slong c, it, k, D = rf_net_num_params(A), np = 60;
    fmpq *pts = _fmpq_vec_init(2 * np * A->dims[0]);
    rf_err_init(err);
    rf_sys_init(sys, 0, NULL, NULL);
    cr_assert_eq(rf_three_fiber(sys, A, err), RF_OK, "%s", err->msg);
    for (c = 0; c < sys->ncomp; c++)
        for (it = 0; it < per_comp; it++) {
            rf_net_t B, R;
            fmpq *pt = _fmpq_vec_init(sys->nvars);
            fmpq *x0 = _fmpq_vec_init(A->dims[0]), *v = _fmpq_vec_init(A->dims[0]);
            fmpq *x = _fmpq_vec_init(A->dims[0]);
            slong n, line;
            rf_net_init(B, 1, (slong[]) {1, 1});
            rf_net_init(R, 1, (slong[]) {1, 1});
            cr_assert_eq(rf_three_fiber_sample(B, pt + D, A, c, st), 0);
            rf_net_get_params(pt, B);
            cr_assert(rf_sys_component_contains(sys, c, pt),
                      "sample violates the equations of component %ld (%s)",
                      (long) c, sys->comps[c].name);
            n = th_targeted_points(pts, np, A, st);
            n += th_targeted_points(pts + n * A->dims[0], np, B, st);
            cr_assert(th_agree(A, B, pts, n), "component %ld (%s): function "
                      "differs", (long) c, sys->comps[c].name);
            for (k = 0; k < n; k++)
                cr_assert(same_piece(A, B, pts + k * A->dims[0]),
                          "component %ld: affine pieces differ", (long) c);
            for (line = 0; line < 4; line++) {
                for (k = 0; k < A->dims[0]; k++) {
                    fmpq_set_si(x0 + k, (slong) n_randint(st, 11) - 5, 1 + n_randint(st, 3));
                    fmpq_set_si(v + k, (slong) n_randint(st, 11) - 5, 1 + n_randint(st, 3));
                }
                cr_assert_eq(rf_three_line_test(x, A, B, x0, v), 0,
                             "component %ld: differs on a line", (long) c);
            }
            /* constraints are not vacuous: a random network is outside */
            rf_net_set(R, B);
            rf_net_randtest(R, st, 7, 3);
            rf_net_get_params(pt, R);
            cr_assert(!rf_sys_component_contains(sys, c, pt));
            _fmpq_vec_clear(pt, sys->nvars);
            _fmpq_vec_clear(x0, A->dims[0]);
            _fmpq_vec_clear(v, A->dims[0]);
            _fmpq_vec_clear(x, A->dims[0]);
            rf_net_clear(B);
            rf_net_clear(R);
        }
    rf_sys_clear(sys);
    rf_err_clear(err);
    _fmpq_vec_clear(pts, 2 * np * A->dims[0]);
}

Test(fiber, soundness_every_component)
{
    static const struct { slong a[4]; const char *t; } cases[] = {
        {{2, 2, 3, 1}, "AXZ"}, {{3, 2, 4, 2}, "XXZA"}, {{4, 3, 5, 2}, "AAXZX"},
        {{2, 2, 3, 1}, "HZH"}, {{3, 2, 3, 2}, "AXX"}, {{2, 1, 3, 1}, "ZAX"},
        {{3, 3, 4, 1}, "AZZX"}, {{2, 2, 2, 3}, "AA"}, {{3, 2, 4, 1}, "XAAZ"},
        {{2, 1, 3, 2}, "AXZ"}, {{1, 1, 4, 1}, "XAXZ"}, {{3, 1, 2, 2}, "AA"}};
    flint_rand_t st;
    slong i;
    rf_test_randinit(st);
    for (i = 0; i < 12; i++) {
        rf_net_t A;
        rf_net_init(A, 1, (slong[]) {1, 1});
        th_rand_net(A, st, cases[i].a[0], cases[i].a[1], cases[i].a[2],
                    cases[i].a[3], cases[i].t);
        check_sound(A, st, 2);
        rf_net_clear(A);
    }
    flint_randclear(st);
}

Test(fiber, dimension_equals_D_minus_jacobian_rank)
{
    /* the table E7 of the notes plus further profiles */
    static const struct { slong a[4]; const char *t; slong fdim; } cases[] = {
        {{3, 2, 3, 1}, "XXX", 16}, {{4, 3, 5, 2}, "AAXZX", 30},
        {{3, 2, 4, 2}, "XXZA", 19}, {{4, 3, 4, 1}, "XXXX", 29},
        {{4, 3, 2, 3}, "HZ", 20}, {{2, 1, 4, 2}, "ZAZA", 6},
        {{4, 3, 5, 3}, "XAXXZ", 38}, {{1, 1, 3, 1}, "ZZX", 4},
        {{2, 2, 3, 1}, "AXZ", 10}, {{2, 2, 2, 1}, "HH", 10},
        {{3, 2, 3, 2}, "AAA", -1}, {{3, 3, 4, 2}, "HZHZ", -1}};
    flint_rand_t st;
    slong i;
    rf_test_randinit(st);
    for (i = 0; i < 12; i++) {
        rf_net_t A;
        rf_three_report_t rep;
        rf_sys_t sys;
        rf_err_t err;
        slong np = 260, n, rank, D, c, maxd = -1, thetad = -1;
        fmpq *pts, *pt;
        rf_net_init(A, 1, (slong[]) {1, 1});
        rf_three_report_init(rep);
        rf_err_init(err);
        th_rand_net(A, st, cases[i].a[0], cases[i].a[1], cases[i].a[2],
                    cases[i].a[3], cases[i].t);
        rf_three_report_compute(rep, A, 8, err);
        cr_assert(rep->generic, "test network not generic (%s)", cases[i].t);
        D = rep->D;
        pts = _fmpq_vec_init(np * A->dims[0]);
        n = th_targeted_points(pts, np, A, st);
        rank = th_jacobian_rank(A, pts, n);
        cr_assert_eq(rank, D - rep->fiber_dim, "%s: Jacobian rank %ld, D - "
                     "fiber dim = %ld", cases[i].t, (long) rank,
                     (long) (D - rep->fiber_dim));
        if (cases[i].fdim >= 0 && rep->h == (strchr(cases[i].t, 'H') != NULL))
            cr_assert_eq(rep->func_dim, cases[i].fdim, "%s: table E7", cases[i].t);
        rf_sys_init(sys, 0, NULL, NULL);
        cr_assert_eq(rf_three_fiber(sys, A, err), RF_OK, "%s", err->msg);
        pt = _fmpq_vec_init(sys->nvars);
        rf_net_get_params(pt, A);
        for (c = D; c < sys->nvars; c++)   /* theta itself: d = lambda = 1, s = 0 */
            if (sys->vars[c][0] != 's')
                fmpq_one(pt + c);
        for (c = 0; c < sys->ncomp; c++) {
            maxd = FLINT_MAX(maxd, sys->comps[c].dim);
            if (rf_sys_component_contains(sys, c, pt))
                thetad = FLINT_MAX(thetad, sys->comps[c].dim);
        }
        cr_assert_eq(maxd, rep->fiber_dim, "%s: max component dim", cases[i].t);
        cr_assert_eq(thetad, rep->fiber_dim, "%s: dim of theta's component",
                     cases[i].t);
        _fmpq_vec_clear(pt, sys->nvars);
        rf_sys_clear(sys);
        _fmpq_vec_clear(pts, np * A->dims[0]);
        rf_three_report_clear(rep);
        rf_err_clear(err);
        rf_net_clear(A);
    }
    flint_randclear(st);
}

Test(fiber, non_generic_listed_non_bottleneck_refused)
{
    flint_rand_t st;
    rf_net_t A;
    rf_sys_t sys;
    rf_err_t err;
    rf_test_randinit(st);
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_err_init(err);
    rf_sys_init(sys, 0, NULL, NULL);
    /* non-generic (G2, G3, G7): certain components, the failing condition
     * named in a note, no dimension claimed */
    {
        static const slong Wd[3][3] = {{-1, -2, -3}, {-5, -1, -7}, {-2, -9, -4}};
        int kind;
        for (kind = 0; kind < 3; kind++) {
            const char *name = kind == 0 ? "G2" : kind == 1 ? "G3" : "G7";
            slong k;
            int named = 0;
            th_rand_net(A, st, 3, 2, 3, 1, "AXZ");
            if (kind == 0)
                fmpq_zero(rf_net_W(A, 1, 1, 0));
            else if (kind == 1)
                fmpq_zero(rf_net_W(A, 2, 0, 2));
            else {
                slong j;
                for (j = 0; j < 3; j++) {
                    for (k = 0; k < 2; k++)
                        fmpq_set_si(rf_net_W(A, 1, j, k), Wd[j][k], 1);
                    fmpq_set_si(rf_net_b(A, 1, j), Wd[j][2], 1);
                }
            }
            cr_assert_eq(rf_three_fiber(sys, A, err), RF_OK, "%s", err->msg);
            for (k = 0; k < sys->nnotes; k++)
                named |= strstr(sys->notes[k], "non-generic parameter: condition") != NULL &&
                         strstr(sys->notes[k], name) != NULL;
            cr_assert(named, "%s not named", name);
            for (k = 0; k < sys->ncomp; k++)
                cr_assert_eq(sys->comps[k].dim, -1);
            check_sound(A, st, 1);
        }
    }
    rf_sys_clear(sys);
    rf_sys_init(sys, 0, NULL, NULL);
    rf_net_clear(A);
    rf_net_init(A, 3, (slong[]) {2, 3, 2, 1});       /* n1 > n0 */
    rf_net_randtest(A, st, 5, 3);
    cr_assert_eq(rf_three_fiber(sys, A, err), RF_ERR_UNSUPPORTED);
    cr_assert(strstr(err->msg, "G1") != NULL, "%s", err->msg);
    cr_assert_eq(sys->nvars, 0, "a refused build must leave sys unchanged");
    rf_sys_clear(sys);
    rf_net_clear(A);
    rf_err_clear(err);
    flint_randclear(st);
}

/* Two-layer networks on nonnegative inputs: canonical form against
 * evaluation, fiber soundness and dimension on the orthant. */
static slong orthant_points(fmpq *pts, slong max, const rf_net_t net,
                            flint_rand_t st)
{
    slong m = net->dims[0], k = net->dims[1], cnt = 0, j, i, q, rep;
    fmpq_t s, t;
    fmpq_init(s);
    fmpq_init(t);
    for (rep = 0; cnt < max && rep < 400; rep++) {
        /* several scales: thin regions near the origin matter */
        slong den = rep % 3 == 0 ? 1 : rep % 3 == 1 ? 20 : 1000;
        for (i = 0; i < m; i++)
            fmpq_set_si(pts + cnt * m + i, 1 + (slong) n_randint(st, 60),
                        den * (1 + (slong) n_randint(st, 9)));
        cnt++;
        for (j = 0; j < k && cnt + 2 <= max; j++) {
            slong kk = (slong) n_randint(st, m);
            fmpq *y = pts + cnt * m;
            /* prefer a coordinate whose weight has the sign opposite to
             * the bias, so that the solution is positive */
            for (i = 0; i < m; i++)
                if (fmpq_sgn(rf_net_W(net, 0, j, i)) * fmpq_sgn(rf_net_b(net, 0, j)) < 0
                    && n_randint(st, 2))
                    kk = i;
            for (i = 0; i < m; i++)
                fmpq_set_si(y + i, 1 + (slong) n_randint(st, 30),
                            den * (1 + (slong) n_randint(st, 5)));
            fmpq_set(s, rf_net_b(net, 0, j));
            for (i = 0; i < m; i++)
                if (i != kk) {
                    fmpq_mul(t, rf_net_W(net, 0, j, i), y + i);
                    fmpq_add(s, s, t);
                }
            fmpq_neg(s, s);
            fmpq_div(s, s, rf_net_W(net, 0, j, kk));
            if (fmpq_sgn(s) <= 0)
                continue;
            for (q = -1; q <= 1; q += 2) {
                rf_qvec_set(pts + cnt * m, y, m);
                fmpq_set_si(t, q, 50);
                fmpq_mul(t, t, s);
                fmpq_add(pts + cnt * m + kk, s, t);
                cnt++;
            }
        }
    }
    fmpq_clear(s);
    fmpq_clear(t);
    return cnt;
}

Test(fiber, two_layer_on_orthant)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 12); it++) {
        slong m = 1 + (slong) n_randint(st, 3), k = 2 + (slong) n_randint(st, 3);
        slong d = 1 + (slong) n_randint(st, 2), np = 220, n, c, q, D;
        rf_net_t N, B;
        rf_sys_t sys;
        rf_err_t err;
        rf_three_canon2_t C;
        fmpq *pts = _fmpq_vec_init(np * m), *y1 = _fmpq_vec_init(d), *y2 = _fmpq_vec_init(d);
        rf_net_init(N, 2, (slong[]) {m, k, d});
        rf_net_init(B, 1, (slong[]) {1, 1});
        rf_err_init(err);
        rf_three_canon2_init(C);
        rf_sys_init(sys, 0, NULL, NULL);
        do {
            rf_net_randtest(N, st, 6, 3);
        } while (rf_three_fiber_two_layer(sys, N, err) != RF_OK && (rf_err_clear(err), rf_err_init(err), 1));
        D = rf_net_num_params(N);
        rf_three_canon2_compute(C, N->W + 0, N->b + 0, N->W + 1, N->b + 1);
        n = orthant_points(pts, np, N, st);
        for (q = 0; q < n; q++) {   /* canonical form = network on O */
            rf_net_eval(y1, N, pts + q * m);
            rf_three_canon2_eval(y2, C, pts + q * m);
            cr_assert(rf_qvec_equal(y1, y2, d));
        }
        {
            /* the sample can miss a thin or far region of O (rank too low):
             * then the exact region search of fdim on the box [0, 10^6]^m
             * decides (every region of O meets a large enough box) */
            slong want = D - rf_three_fiber_two_layer_dim(N);
            slong got = th_jacobian_rank(N, pts, n);
            cr_assert_leq(got, want, "two-layer on O: sampled rank above the generic dimension");
            if (got < want) {
                fmpq *lo = _fmpq_vec_init(m), *hi = _fmpq_vec_init(m);
                rf_fdim_regions_t R;
                rf_fdim_rank_t rk;
                rf_fdim_opts_t o;
                for (q = 0; q < m; q++)
                    fmpq_set_si(hi + q, 1000000, 1);
                rf_fdim_regions_init(R, N);
                rf_fdim_rank_init(rk);
                rf_fdim_opts_init(o);
                cr_assert_eq(rf_fdim_regions(R, N, lo, hi, 0, err), RF_OK, "%s", err->msg);
                cr_assert(R->complete);
                rf_fdim_true(rk, N, R, o, st);
                cr_assert(rk->exact);
                got = rk->rank;
                rf_fdim_rank_clear(rk);
                rf_fdim_regions_clear(R);
                _fmpq_vec_clear(lo, m);
                _fmpq_vec_clear(hi, m);
            }
            cr_assert_eq(got, want,
                         "two-layer on O: rank vs generic dimension (m=%ld k=%ld d=%ld)",
                         (long) m, (long) k, (long) d);
        }
        for (c = 0; c < sys->ncomp; c++) {
            fmpq *pt = _fmpq_vec_init(sys->nvars);
            rf_three_canon2_t C2;
            cr_assert_eq(rf_three_fiber_sample(B, pt + D, N, c, st), 0);
            rf_net_get_params(pt, B);
            cr_assert(rf_sys_component_contains(sys, c, pt));
            rf_three_canon2_init(C2);
            rf_three_canon2_compute(C2, B->W + 0, B->b + 0, B->W + 1, B->b + 1);
            cr_assert(rf_three_canon2_equal(C, C2), "canonical forms differ");
            cr_assert(th_agree(N, B, pts, n));
            rf_three_canon2_clear(C2);
            _fmpq_vec_clear(pt, sys->nvars);
        }
        rf_sys_clear(sys);
        rf_three_canon2_clear(C);
        rf_err_clear(err);
        rf_net_clear(N);
        rf_net_clear(B);
        _fmpq_vec_clear(pts, np * m);
        _fmpq_vec_clear(y1, d);
        _fmpq_vec_clear(y2, d);
    }
    flint_randclear(st);
}

/* Notes E1: the fiber of relu(x) + 1 on (1,1,1,1) is the union of the
 * preserve piece P and the hide piece H (swap component); the notes'
 * members of both pieces are recognised with their auxiliary values. */
Test(fiber, n1_equals_1_swap_component_E1)
{
    static const slong P[] = {1, 0, 1, 1, 1, 0};
    rf_net_t A;
    rf_sys_t sys;
    rf_err_t err;
    slong k, c, inP = -1, inH = -1;
    fmpq *pt;
    rf_net_init(A, 3, (slong[]) {1, 1, 1, 1});
    rf_err_init(err);
    {
        fmpq th[6];
        for (k = 0; k < 6; k++) {
            fmpq_init(th + k);
            fmpq_set_si(th + k, P[k], 1);
        }
        rf_net_set_params(A, th);
        for (k = 0; k < 6; k++)
            fmpq_clear(th + k);
    }
    rf_sys_init(sys, 0, NULL, NULL);
    cr_assert_eq(rf_three_fiber(sys, A, err), RF_OK, "%s", err->msg);
    cr_assert_eq(sys->ncomp, 2);
    cr_assert_eq(sys->nvars, 6 + 3);    /* d_1, delta, mu */
    pt = _fmpq_vec_init(sys->nvars);
    /* H member (2, 2, 3, -6, 1/6, 1): d = 2, delta = 1, mu = 6 */
    fmpq_set_si(pt + 0, 2, 1); fmpq_set_si(pt + 1, 2, 1);
    fmpq_set_si(pt + 2, 3, 1); fmpq_set_si(pt + 3, -6, 1);
    fmpq_set_si(pt + 4, 1, 6); fmpq_set_si(pt + 5, 1, 1);
    fmpq_set_si(pt + 6, 2, 1); fmpq_set_si(pt + 7, 1, 1); fmpq_set_si(pt + 8, 6, 1);
    for (c = 0; c < 2; c++)
        if (rf_sys_component_contains(sys, c, pt))
            inH = c;
    cr_assert(inH >= 0 && strstr(sys->comps[inH].name, "swap") != NULL);
    /* P member (2, 0, 5, 3, 1/10, 7/10): d = 2 (lambda unused) */
    fmpq_set_si(pt + 0, 2, 1); fmpq_set_si(pt + 1, 0, 1);
    fmpq_set_si(pt + 2, 5, 1); fmpq_set_si(pt + 3, 3, 1);
    fmpq_set_si(pt + 4, 1, 10); fmpq_set_si(pt + 5, 7, 10);
    for (c = 0; c < 2; c++)
        if (rf_sys_component_contains(sys, c, pt))
            inP = c;
    cr_assert(inP >= 0 && inP != inH);
    cr_assert_eq(sys->comps[0].dim, 3);
    cr_assert_eq(sys->comps[1].dim, 3);
    _fmpq_vec_clear(pt, sys->nvars);
    rf_sys_clear(sys);
    rf_err_clear(err);
    rf_net_clear(A);
}

/* Independent oracle: the functional-dimension module's exact region
 * enumeration (rf_fdim_regions + rf_fdim_true) agrees with D minus the
 * emitted fiber dimension. (All networks are drawn first: the fdim module
 * sets cddlib's global constants once for the process, so no LP of this
 * module may run after it in the same process; see the report.) */
#include "relufiber/fdim.h"

Test(fiber, dimension_agrees_with_fdim_module)
{
    static const struct { slong a[4]; const char *t; } cases[] = {
        {{2, 2, 3, 1}, "AXZ"}, {{3, 2, 3, 1}, "XXX"}, {{2, 2, 2, 1}, "HH"},
        {{2, 1, 3, 2}, "ZAX"}, {{3, 2, 4, 2}, "XXZA"}, {{2, 2, 3, 2}, "AAX"}};
    flint_rand_t st;
    slong i, checked = 0;
    rf_net_t A[6];
    rf_test_randinit(st);
    for (i = 0; i < 6; i++) {
        rf_net_init(A[i], 1, (slong[]) {1, 1});
        th_rand_net(A[i], st, cases[i].a[0], cases[i].a[1], cases[i].a[2],
                    cases[i].a[3], cases[i].t);
    }
    for (i = 0; i < 6; i++) {
        rf_three_report_t rep;
        rf_fdim_regions_t reg;
        rf_fdim_rank_t rk;
        rf_fdim_opts_t opts;
        rf_err_t err;
        rf_three_report_init(rep);
        rf_err_init(err);
        rf_three_report_compute(rep, A[i], -1, err);  /* no LP: G5/G6 skipped */
        cr_assert_eq(rep->failing, -1);
        rf_fdim_regions_init(reg, A[i]);
        rf_fdim_rank_init(rk);
        rf_fdim_opts_init(opts);
        cr_assert_eq(rf_fdim_regions(reg, A[i], NULL, NULL, 0, err), RF_OK, "%s", err->msg);
        if (reg->complete) {
            rf_fdim_true(rk, A[i], reg, opts, st);
            if (rk->exact) {
                cr_assert_eq(rk->rank, rep->func_dim, "%s: fdim module %ld, "
                             "three-layer formula %ld", cases[i].t,
                             (long) rk->rank, (long) rep->func_dim);
                checked++;
            }
        }
        rf_fdim_rank_clear(rk);
        rf_fdim_regions_clear(reg);
        rf_three_report_clear(rep);
        rf_err_clear(err);
        rf_net_clear(A[i]);
    }
    cr_assert_geq(checked, 4, "only %ld exact comparisons", (long) checked);
    flint_randclear(st);
}

/* Notes E2: the reflected network is a member of the reflection component
 * (d = 1, lambda = 1, T = 3, mu = 1); random n1 = 1 networks with all
 * second-layer weights negative: every component (main and reflection) is
 * sound. */
Test(fiber, n1_equals_1_reflection_component_E2)
{
    static const slong E2a[] = {1, 0, -1, -1, 2, -1, 1, 5, 0};
    static const slong E2b[] = {-1, 3, 1, 1, -1, -3, 1, -1, 0};
    rf_net_t A;
    rf_sys_t sys;
    rf_err_t err;
    flint_rand_t st;
    slong k, c, in = -1, it, done = 0;
    fmpq *pt;
    rf_test_randinit(st);
    rf_net_init(A, 3, (slong[]) {1, 1, 2, 1});
    rf_err_init(err);
    {
        fmpq th[9];
        for (k = 0; k < 9; k++) {
            fmpq_init(th + k);
            fmpq_set_si(th + k, E2a[k], 1);
        }
        rf_net_set_params(A, th);
        for (k = 0; k < 9; k++)
            fmpq_clear(th + k);
    }
    rf_sys_init(sys, 0, NULL, NULL);
    cr_assert_eq(rf_three_fiber(sys, A, err), RF_OK, "%s", err->msg);
    pt = _fmpq_vec_init(sys->nvars);
    cr_assert_eq(sys->nvars, 9 + 4);    /* d_1, lambda_1, T, mu */
    for (k = 0; k < 9; k++)
        fmpq_set_si(pt + k, E2b[k], 1);
    for (k = 9; k < 13; k++)
        fmpq_one(pt + k);
    fmpq_set_si(pt + 11, 3, 1);         /* T */
    for (c = 0; c < sys->ncomp; c++)
        if (rf_sys_component_contains(sys, c, pt))
            in = c;
    cr_assert(in >= 0 && strstr(sys->comps[in].name, "reflection") != NULL);
    _fmpq_vec_clear(pt, sys->nvars);
    rf_sys_clear(sys);
    for (it = 0; rf_test_loop(it, 6); it++) {
        slong n2 = 2 + it % 3, j, n0 = 1 + it % 2;
        rf_net_clear(A);
        rf_net_init(A, 3, (slong[]) {n0, 1, n2, 1 + it % 2});
        rf_net_randtest(A, st, 6, 3);
        for (k = 0; k < n0; k++)
            fmpq_set_si(rf_net_W(A, 0, 0, k), 1 + (slong) n_randint(st, 4), 1);
        for (j = 0; j < n2; j++) {
            fmpq_set_si(rf_net_W(A, 1, j, 0), -1 - (slong) n_randint(st, 5),
                        1 + n_randint(st, 3));
            fmpq_set_si(rf_net_b(A, 1, j), j == 0 ? -1 - (slong) n_randint(st, 5)
                                                  : 1 + (slong) n_randint(st, 5),
                        1 + n_randint(st, 3));
            for (k = 0; k < A->dims[3]; k++)
                if (fmpq_is_zero(rf_net_W(A, 2, k, j)))
                    fmpq_one(rf_net_W(A, 2, k, j));
        }
        rf_sys_init(sys, 0, NULL, NULL);
        if (rf_three_fiber(sys, A, err) != RF_OK) {
            rf_sys_clear(sys);
            continue;     /* a random coincidence made it non-generic */
        }
        in = -1;
        for (c = 0; c < sys->ncomp; c++)
            if (strstr(sys->comps[c].name, "reflection") != NULL)
                in = c;
        cr_assert(in >= 0, "reflection component missing");
        rf_sys_clear(sys);
        check_sound(A, st, 2);
        done++;
    }
    cr_assert_geq(done, rf_test_count(3), "only %ld random reflection cases", (long) done);
    rf_err_clear(err);
    rf_net_clear(A);
    flint_randclear(st);
}

/* Regression (genericity claimed without being checked). Two always-active
 * neurons whose visibility sum on the facet y_1 = 0 cancels (c_1(empty) =
 * w * 1 + (-1) * 2 = 0 for w = 2) plus r crossing neurons W2_j = (1, -j),
 * b2_j = -(j + 1): G1-G4 hold, the empty activation set occurs on that
 * facet, so G5 fails. Before, G5 was skipped beyond 10 crossing neurons and
 * the report said "generic: yes"; now G5 is decided from the facet regions
 * (certified kernel) for every r. With w = 3 nothing cancels (c_1(S) =
 * 1 + |S|, c_2(S) = 5 - sum_{j in S} j over the occurring prefix sets
 * {1..m}), G5 passes, and G6 is decided for every r (sign filter beyond the
 * exhaustive range). */
static void cancelling_net(rf_net_t net, slong r, slong w)
{
    slong n2 = 2 + r, j;
    rf_net_clear(net);
    rf_net_init(net, 3, (slong[]) {2, 2, n2, 1});
    fmpq_one(rf_net_W(net, 0, 0, 0));
    fmpq_one(rf_net_W(net, 0, 1, 1));
    fmpq_set_si(rf_net_W(net, 1, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 1), 2, 1);
    fmpq_set_si(rf_net_b(net, 1, 0), 1, 1);
    fmpq_set_si(rf_net_W(net, 1, 1, 0), 2, 1);
    fmpq_set_si(rf_net_W(net, 1, 1, 1), 1, 1);
    fmpq_set_si(rf_net_b(net, 1, 1), 3, 1);
    fmpq_set_si(rf_net_W(net, 2, 0, 0), w, 1);
    fmpq_set_si(rf_net_W(net, 2, 0, 1), -1, 1);
    for (j = 1; j <= r; j++) {
        fmpq_set_si(rf_net_W(net, 1, 1 + j, 0), 1, 1);
        fmpq_set_si(rf_net_W(net, 1, 1 + j, 1), -j, 1);
        fmpq_set_si(rf_net_b(net, 1, 1 + j), -(j + 1), 1);
        fmpq_set_si(rf_net_W(net, 2, 0, 1 + j), 1, 1);
    }
}

static char *report_text(const rf_three_report_t rep)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rf_three_report_fprint(f, rep);
    fclose(f);
    return buf;
}

/* does some note of sys contain str? */
static int sys_note_has(const rf_sys_t sys, const char *str)
{
    slong k;
    for (k = 0; k < sys->nnotes; k++)
        if (strstr(sys->notes[k], str) != NULL)
            return 1;
    return 0;
}

Test(three_fiber, generic_never_claimed_unchecked)
{
    slong r;
    rf_net_t net;
    rf_net_init(net, 1, (slong[]) {1, 1});
    for (r = 2; r <= 14; r++) {
        int w;
        for (w = 2; w <= 3; w++) {
            rf_three_report_t rep;
            rf_sys_t sys;
            rf_err_t err;
            char *buf;
            int code;
            cancelling_net(net, r, w);
            rf_err_init(err);
            rf_three_report_init(rep);
            cr_assert_eq(rf_three_report_compute(rep, net, 10, err), RF_OK);
            cr_assert_eq(rep->r, r);
            buf = report_text(rep);
            rf_sys_init(sys, 0, NULL, NULL);
            code = rf_three_fiber(sys, net, err);
            if (w == 2) {
                cr_assert_eq(rep->generic, 0, "r = %ld: generic claimed", (long) r);
                cr_assert_eq(rep->failing, 4, "r = %ld: G5 must fail", (long) r);
                cr_assert(strstr(buf, "generic: NO (fails G5)") != NULL, "%s", buf);
                /* certain components only (or too many to list) */
                if (code != RF_OK)
                    cr_assert(strstr(err->msg, "too many candidate components") != NULL, "%s", err->msg);
                else
                    cr_assert(sys_note_has(sys, "non-generic parameter: condition G5"));
            } else {
                cr_assert_eq(rep->cond[4].status, RF_THREE_COND_PASS, "r = %ld", (long) r);
                if (r > 10) {
                    /* G6 beyond the exhaustive range: M_F = (1 + |F|,
                     * 5 - sum F) never vanishes, decided by the sign filter */
                    cr_assert_eq(rep->cond[5].status, RF_THREE_COND_PASS, "%s", buf);
                    cr_assert_eq(rep->unchecked, 0);
                    cr_assert(rep->generic, "%s", buf);
                    /* the builder may still refuse to list 2^r components */
                    cr_assert(code == RF_OK || strstr(err->msg, "too many") != NULL,
                              "%s", err->msg);
                } else {
                    cr_assert_eq(rep->unchecked, 0);
                    cr_assert_eq(code, RF_OK, "r = %ld: %s", (long) r, err->msg);
                    cr_assert_eq(!sys_note_has(sys, "non-generic parameter"), rep->generic);
                }
            }
            free(buf);
            rf_sys_clear(sys);
            rf_three_report_clear(rep);
            rf_err_clear(err);
        }
    }
    rf_net_clear(net);
}

/* G5 from the facet regions (rf_three_report_compute) against a brute force:
 * every activation set S of at most 8 crossing neurons, one strict LP each
 * for "S occurs on the facet y_i = 0", and c_i(S) = sum_{j in A u S} W3[:,j]
 * W2[j,i] computed here; G5 fails iff some occurring S (S != empty when
 * there is no always-active neuron) has c_i(S) = 0. */
Test(three_fiber, g5_regions_match_per_set_lps)
{
    flint_rand_t st;
    slong it, checked = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 60); it++) {
        rf_net_t net;
        rf_three_report_t rep;
        rf_err_t err;
        slong n1 = 1 + n_randint(st, 3), n2 = 2 + n_randint(st, 6);
        rf_net_init(net, 3, (slong[]) {n1, n1, n2, 1 + n_randint(st, 2)});
        rf_net_randtest(net, st, 5, 3);
        rf_err_init(err);
        rf_three_report_init(rep);
        cr_assert_eq(rf_three_report_compute(rep, net, 10, err), RF_OK);
        if (rep->r > 0 && rep->r <= 8 && rep->cond[4].status != RF_THREE_COND_SKIPPED) {
            /* the brute force: every mask, one strict LP each */
            slong i, k, col, q, nv = n1 - 1, found = 0;
            ulong S;
            slong *xs = flint_malloc(rep->r * sizeof(slong));
            for (q = 0, k = 0; k < n2; k++)
                if (rep->type[k] == RF_THREE_TYPE_X)
                    xs[q++] = k;
            for (i = 0; i < n1; i++)
                for (S = 0; S < (UWORD(1) << rep->r); S++) {
                    fmpq_mat_t R;
                    int feas;
                    fmpq_mat_init(R, nv + rep->r, nv + 1);
                    for (k = 0; k < nv; k++)
                        fmpq_one(fmpq_mat_entry(R, k, k));
                    for (q = 0; q < rep->r; q++) {
                        int sg = (S >> q) & 1 ? 1 : -1;
                        for (k = 0, col = 0; k < n1; k++)
                            if (k != i) {
                                fmpq_set(fmpq_mat_entry(R, nv + q, col), rf_net_W(net, 1, xs[q], k));
                                if (sg < 0)
                                    fmpq_neg(fmpq_mat_entry(R, nv + q, col), fmpq_mat_entry(R, nv + q, col));
                                col++;
                            }
                        fmpq_set(fmpq_mat_entry(R, nv + q, nv), rf_net_b(net, 1, xs[q]));
                        if (sg < 0)
                            fmpq_neg(fmpq_mat_entry(R, nv + q, nv), fmpq_mat_entry(R, nv + q, nv));
                    }
                    feas = rf_cells_lp_open_interior(NULL, NULL, R, nv, err);
                    cr_assert(feas >= 0, "%s", err->msg);
                    fmpq_mat_clear(R);
                    if (feas && !(rep->a == 0 && S == 0)) {
                        slong o, j;
                        int allzero = 1;
                        fmpq_t c;
                        fmpq_init(c);
                        for (o = 0; o < net->dims[3]; o++) {
                            fmpq_zero(c);
                            for (j = 0; j < n2; j++) {
                                int in = rep->type[j] == RF_THREE_TYPE_A;
                                for (q = 0; q < rep->r; q++)
                                    if (xs[q] == j && ((S >> q) & 1))
                                        in = 1;
                                if (in)
                                    fmpq_addmul(c, rf_net_W(net, 2, o, j), rf_net_W(net, 1, j, i));
                            }
                            allzero &= fmpq_is_zero(c);
                        }
                        fmpq_clear(c);
                        found |= allzero;
                    }
                }
            cr_assert_eq(rep->cond[4].status == RF_THREE_COND_FAIL, found != 0,
                         "it %ld: G5 %s, brute force %s", (long) it,
                         rep->cond[4].status == RF_THREE_COND_FAIL ? "fails" : "passes",
                         found ? "finds c_i(S) = 0" : "finds none");
            flint_free(xs);
            checked++;
        }
        rf_three_report_clear(rep);
        rf_err_clear(err);
        rf_net_clear(net);
    }
    cr_assert_geq(checked, rf_test_count(20), "only %ld nets with crossing neurons", (long) checked);
    flint_randclear(st);
}

/* Prop. 5.6' (n1 = 1, crossing neurons of both orientations): whenever
 * theta has a crossing neuron with b2 > 0, or an always-active neuron, and
 * enough pool neurons for the kink neurons, the swap component is listed;
 * every point of every component realizes f (sampled points checked by
 * exact agreement at targeted points, identical affine pieces and exact
 * line tests; the swap partner is also built by hand, independently of the
 * sampler, and located in the listed component). */
Test(fiber, n1_equals_1_swap_both_orientations)
{
    static const char *types[] = {"XXAZ", "XXXZ", "XXZZ", "AXXZZ", "XZX", "XXAAZ"};
    flint_rand_t st;
    slong it, seen_dec = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 12); it++) {
        const char *t = types[it % 6];
        slong n2 = (slong) strlen(t), j, nd = 0, na = 0, np = 0, c, found = -1;
        rf_net_t A;
        rf_sys_t sys;
        rf_err_t err;
        rf_net_init(A, 1, (slong[]) {1, 1});
        th_rand_net(A, st, 1 + (slong) n_randint(st, 2), 1, n2,
                    1 + (slong) n_randint(st, 2), t);
        for (j = 0; j < n2; j++) {
            int w = fmpq_sgn(rf_net_W(A, 1, j, 0)), b = fmpq_sgn(rf_net_b(A, 1, j));
            if (w >= 0 && b >= 0)
                na++, np++;
            else if (w <= 0 && b <= 0)
                np++;
            else
                nd += b > 0;
        }
        check_sound(A, st, 2);
        rf_err_init(err);
        rf_sys_init(sys, 0, NULL, NULL);
        cr_assert_eq(rf_three_fiber(sys, A, err), RF_OK, "%s", err->msg);
        for (c = 0; c < sys->ncomp; c++)
            if (strstr(sys->comps[c].name, "n1=1-swap") != NULL)
                found = c;
        if ((na >= 1 || nd >= 1) && np >= (na >= 1) + (nd >= 1)) {
            cr_assert(found >= 0, "it %ld (%s): swap component missing", (long) it, t);
            if (nd >= 1) {
                /* the partner by hand: d = 1, delta = 1, lambda = nu = mu = 1 */
                rf_net_t B;
                slong o, n3 = A->dims[3], qa = -1, qd = -1;
                fmpq *pt;
                fmpq_t tq;
                seen_dec++;
                fmpq_init(tq);
                rf_net_init(B, 1, (slong[]) {1, 1});
                rf_net_set(B, A);
                fmpq_add_si(rf_net_b(B, 0, 0), rf_net_b(A, 0, 0), 1);
                for (j = 0; j < n2; j++) {
                    int w = fmpq_sgn(rf_net_W(A, 1, j, 0)), b = fmpq_sgn(rf_net_b(A, 1, j));
                    if (w >= 0 && b >= 0 && qa < 0)
                        qa = j;
                    else if (w * b < 0)
                        fmpq_sub(rf_net_b(B, 1, j), rf_net_b(A, 1, j), rf_net_W(A, 1, j, 0));
                }
                for (j = 0; j < n2 && qd < 0; j++)
                    if (j != qa && fmpq_sgn(rf_net_W(A, 1, j, 0)) <= 0
                        && fmpq_sgn(rf_net_b(A, 1, j)) <= 0)
                        qd = j;
                for (j = 0; j < n2 && qd < 0; j++)
                    if (j != qa && fmpq_sgn(rf_net_W(A, 1, j, 0)) >= 0
                        && fmpq_sgn(rf_net_b(A, 1, j)) >= 0)
                        qd = j;
                cr_assert(qd >= 0);
                for (o = 0; o < n3; o++) {
                    fmpq_set(rf_net_b(B, 2, o), rf_net_b(A, 2, o));
                    for (j = 0; j < n2; j++) {
                        int w = fmpq_sgn(rf_net_W(A, 1, j, 0)), b = fmpq_sgn(rf_net_b(A, 1, j));
                        if (w >= 0 && b >= 0) {   /* always active: absorbed */
                            fmpq_mul(tq, rf_net_W(A, 2, o, j), rf_net_b(A, 1, j));
                            fmpq_add(rf_net_b(B, 2, o), rf_net_b(B, 2, o), tq);
                        }
                    }
                }
                /* always-active neurons: the first becomes mu relu(u) with
                 * output m, the others dead (zero rows) */
                for (j = 0; j < n2; j++) {
                    int w = fmpq_sgn(rf_net_W(A, 1, j, 0)), b = fmpq_sgn(rf_net_b(A, 1, j));
                    if (w >= 0 && b >= 0 && j != qa) {
                        fmpq_zero(rf_net_W(B, 1, j, 0));
                        fmpq_zero(rf_net_b(B, 1, j));
                        for (o = 0; o < n3; o++)
                            fmpq_zero(rf_net_W(B, 2, o, j));
                    }
                }
                if (qa >= 0) {
                    for (o = 0; o < n3; o++) {
                        fmpq_zero(tq);
                        for (j = 0; j < n2; j++) {
                            int w = fmpq_sgn(rf_net_W(A, 1, j, 0)), b = fmpq_sgn(rf_net_b(A, 1, j));
                            if (w >= 0 && b >= 0)
                                fmpq_addmul(tq, rf_net_W(A, 2, o, j), rf_net_W(A, 1, j, 0));
                        }
                        fmpq_set(rf_net_W(B, 2, o, qa), tq);
                    }
                    fmpq_one(rf_net_W(B, 1, qa, 0));
                    fmpq_set_si(rf_net_b(B, 1, qa), -1, 1);
                }
                /* decreasing kink neuron: relu(-u) for u >= -1, output a */
                fmpq_set_si(rf_net_W(B, 1, qd, 0), -1, 1);
                fmpq_one(rf_net_b(B, 1, qd));
                for (o = 0; o < n3; o++) {
                    fmpq_zero(tq);
                    for (j = 0; j < n2; j++)
                        if (fmpq_sgn(rf_net_b(A, 1, j)) > 0 && fmpq_sgn(rf_net_W(A, 1, j, 0)) < 0)
                            fmpq_addmul(tq, rf_net_W(A, 2, o, j), rf_net_W(A, 1, j, 0));
                    fmpq_set(rf_net_W(B, 2, o, qd), tq);
                }
                {
                    fmpq *pts = _fmpq_vec_init(120 * A->dims[0]);
                    slong n = th_targeted_points(pts, 60, A, st);
                    n += th_targeted_points(pts + n * A->dims[0], 60, B, st);
                    cr_assert(th_agree(A, B, pts, n), "it %ld (%s): hand-built swap differs",
                              (long) it, t);
                    _fmpq_vec_clear(pts, 120 * A->dims[0]);
                }
                /* located: the ring is theta's, with the auxiliaries after it */
                pt = _fmpq_vec_init(sys->nvars);
                rf_net_get_params(pt, B);
                {
                    slong D = rf_net_num_params(A), q, na2 = 0;
                    fmpq_one(pt + D + na2++);                  /* d_1 */
                    for (q = 0; q < n2; q++) {
                        int w = fmpq_sgn(rf_net_W(A, 1, q, 0)), b = fmpq_sgn(rf_net_b(A, 1, q));
                        if (w * b < 0)
                            fmpq_one(pt + D + na2++);          /* lambda */
                    }
                    for (; D + na2 < sys->nvars; na2++)
                        fmpq_one(pt + D + na2);                /* delta, mu */
                }
                cr_assert(rf_sys_component_contains(sys, found, pt),
                          "it %ld (%s): hand-built partner not in the swap component", (long) it, t);
                _fmpq_vec_clear(pt, sys->nvars);
                rf_net_clear(B);
                fmpq_clear(tq);
            }
        }
        rf_sys_clear(sys);
        rf_err_clear(err);
        rf_net_clear(A);
    }
    cr_assert(seen_dec >= 2, "only %ld draws with a decreasing crossing neuron", (long) seen_dec);
    flint_randclear(st);
}
