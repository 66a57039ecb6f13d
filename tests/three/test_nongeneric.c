/* Fibers of non-generic three-layer parameters (docs/three_layer.md, 5.8,
 * 5.9): the builder no longer refuses G2..G7 failures; every emitted
 * component is sound (random points realize the function: exact
 * agreement at targeted points and on random lines, an independent oracle);
 * held-out completeness: equivalent partners built by independent symmetry
 * moves (not by the builder's sampler) are located in some component over
 * all permutations of theta'; the partners outside are counted by the
 * condition that puts them outside (the builder's "missing" note). */
#include <string.h>
#include <criterion/criterion.h>
#include "../rftest.h"
#include "helpers.h"
#include <stdlib.h>
#include "relufiber/qvec.h"
#include "relufiber/io.h"

static void load(rf_net_t net, const char *name)
{
    char path[1024];
    rf_err_t err;
    const char *dir = getenv("RF_EXAMPLES");
    rf_err_init(err);
    snprintf(path, sizeof(path), "%s/%s", dir ? dir : "examples", name);
    cr_assert_eq(rf_io_read_file(net, path, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err),
                 0, "cannot read %s: %s", path, err->msg);
    rf_err_clear(err);
}

/* Solve the auxiliaries of component c for the parameter values in pt (the
 * first D entries): repeatedly substitute the known values into an equation
 * and solve it when one unknown is left, linearly. Unresolved auxiliaries
 * get 1. */
static void solve_aux(fmpq *pt, const rf_sys_t sys, slong c, slong D)
{
    slong nv = sys->nvars, v, k;
    int *known = flint_calloc(nv + 1, sizeof(int));
    int progress = 1;
    const rf_sys_comp_struct *C = sys->comps + c;
    for (v = 0; v < D; v++)
        known[v] = 1;
    while (progress) {
        progress = 0;
        for (k = 0; k < C->len; k++) {
            fmpq_mpoly_t q;
            slong u = -1, nu = 0;
            if (C->cons[k].rel != RF_SYS_REL_EQ)
                continue;
            fmpq_mpoly_init(q, sys->ctx);
            fmpq_mpoly_set(q, &C->cons[k].poly, sys->ctx);
            for (v = 0; v < nv; v++) {
                if (known[v])
                    fmpq_mpoly_evaluate_one_fmpq(q, q, v, pt + v, sys->ctx);
                else if (fmpq_mpoly_degree_si(q, v, sys->ctx) > 0) {
                    u = v;
                    nu++;
                }
            }
            if (nu == 1 && fmpq_mpoly_degree_si(q, u, sys->ctx) == 1) {
                fmpq_t zero, one, b, a;
                fmpq_mpoly_t e;
                fmpq_init(zero);
                fmpq_init(one);
                fmpq_init(a);
                fmpq_init(b);
                fmpq_one(one);
                fmpq_mpoly_init(e, sys->ctx);
                fmpq_mpoly_evaluate_one_fmpq(e, q, u, zero, sys->ctx);
                fmpq_mpoly_get_fmpq(b, e, sys->ctx);
                fmpq_mpoly_evaluate_one_fmpq(e, q, u, one, sys->ctx);
                fmpq_mpoly_get_fmpq(a, e, sys->ctx);
                fmpq_sub(a, a, b);
                if (!fmpq_is_zero(a)) {
                    fmpq_div(pt + u, b, a);
                    fmpq_neg(pt + u, pt + u);
                    known[u] = 1;
                    progress = 1;
                }
                fmpq_mpoly_clear(e, sys->ctx);
                fmpq_clear(zero);
                fmpq_clear(one);
                fmpq_clear(a);
                fmpq_clear(b);
            }
            fmpq_mpoly_clear(q, sys->ctx);
        }
    }
    for (v = D; v < nv; v++)
        if (!known[v])
            fmpq_one(pt + v);
    flint_free(known);
}

static int next_perm(slong *p, slong n)
{
    slong i = n - 2, j, t;
    while (i >= 0 && p[i] > p[i + 1])
        i--;
    if (i < 0)
        return 0;
    j = n - 1;
    while (p[j] < p[i])
        j--;
    t = p[i]; p[i] = p[j]; p[j] = t;
    for (i++, j = n - 1; i < j; i++, j--) {
        t = p[i]; p[i] = p[j]; p[j] = t;
    }
    return 1;
}

/* Index of a component holding some permutation of B (hidden neurons of
 * both layers permuted), or -1. */
static slong locate(const rf_sys_t sys, const rf_net_t B)
{
    slong n1 = B->dims[1], n2 = B->dims[2], D = rf_net_num_params(B), c, i;
    slong *p1 = flint_malloc(n1 * sizeof(slong)), *p2 = flint_malloc(n2 * sizeof(slong));
    fmpq *pt = _fmpq_vec_init(sys->nvars);
    slong found = -1;
    rf_net_t P;
    rf_net_init(P, 1, (slong[]) {1, 1});
    for (i = 0; i < n1; i++)
        p1[i] = i;
    do {
        for (i = 0; i < n2; i++)
            p2[i] = i;
        do {
            const slong *perm[2] = {p1, p2};
            rf_net_apply_perm_scale(P, B, perm, NULL);
            for (c = 0; c < sys->ncomp && found < 0; c++) {
                rf_net_get_params(pt, P);
                solve_aux(pt, sys, c, D);
                if (rf_sys_component_contains(sys, c, pt))
                    found = c;
            }
        } while (found < 0 && next_perm(p2, n2));
    } while (found < 0 && next_perm(p1, n1));
    rf_net_clear(P);
    _fmpq_vec_clear(pt, sys->nvars);
    flint_free(p1);
    flint_free(p2);
    return found;
}

/* independent oracle: exact agreement at targeted points of both networks
 * and on random lines */
static int equivalent(const rf_net_t A, const rf_net_t B, flint_rand_t st)
{
    slong np = 60, n0 = A->dims[0], n, line, k;
    fmpq *pts = _fmpq_vec_init(2 * np * n0);
    fmpq *x0 = _fmpq_vec_init(n0), *v = _fmpq_vec_init(n0), *x = _fmpq_vec_init(n0);
    int ok;
    n = th_targeted_points(pts, np, A, st);
    n += th_targeted_points(pts + n * n0, np, B, st);
    ok = th_agree(A, B, pts, n);
    for (line = 0; line < 4 && ok; line++) {
        for (k = 0; k < n0; k++) {
            fmpq_set_si(x0 + k, (slong) n_randint(st, 11) - 5, 1 + n_randint(st, 3));
            fmpq_set_si(v + k, (slong) n_randint(st, 11) - 5, 1 + n_randint(st, 3));
        }
        ok = rf_three_line_test(x, A, B, x0, v) == 0;
    }
    _fmpq_vec_clear(pts, 2 * np * n0);
    _fmpq_vec_clear(x0, n0);
    _fmpq_vec_clear(v, n0);
    _fmpq_vec_clear(x, n0);
    return ok;
}

static rf_three_type_t type_of(const rf_net_t A, slong j)
{
    return rf_three_neuron_type(rf_net_W(A, 1, j, 0), A->dims[1], rf_net_b(A, 1, j));
}

static void rq(fmpq_t x, flint_rand_t st, slong sign)
{
    fmpq_set_si(x, sign * (1 + (slong) n_randint(st, 6)), 1 + n_randint(st, 3));
}

/* Moves. Each returns 0 when it does not apply to A. */

/* permutations and positive scalings of both hidden layers */
static int move_perm_scale(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong *perm[2], h;
    fmpq *scale[2];
    for (h = 0; h < 2; h++) {
        perm[h] = flint_malloc(A->dims[h + 1] * sizeof(slong));
        scale[h] = _fmpq_vec_init(A->dims[h + 1]);
    }
    rf_net_randtest_symmetry(perm, scale, A, st);
    rf_net_apply_perm_scale(B, A, (const slong *const *) perm,
                            (const fmpq *const *) scale);
    for (h = 0; h < 2; h++) {
        flint_free(perm[h]);
        _fmpq_vec_clear(scale[h], A->dims[h + 1]);
    }
    return 1;
}

/* dead neurons get new dead rows and new outgoing weights */
static int move_dead(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong j, i, o, n = 0;
    rf_net_set(B, A);
    for (j = 0; j < A->dims[2]; j++)
        if (type_of(A, j) == RF_THREE_TYPE_Z) {
            for (i = 0; i < A->dims[1]; i++)
                rq(rf_net_W(B, 1, j, i), st, -1);
            rq(rf_net_b(B, 1, j), st, -1);
            for (o = 0; o < A->dims[3]; o++)
                rq(rf_net_W(B, 2, o, j), st, n_randint(st, 2) ? 1 : -1);
            n++;
        }
    return n > 0;
}

/* flip crossing neuron j (e_j -> -e_j) and absorb its affine remainder
 * v_j e_j into always-active neuron k (n3 = 1): e'_k = (v_k w_k + v_j w_j,
 * beta') / v'_k, which must stay >= 0; constants go to b3 */
static int move_flip(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong n1 = A->dims[1], j, k, i, off = (slong) n_randint(st, 64);
    fmpq_t t, u;
    int done = 0;
    if (A->dims[3] != 1)
        return 0;
    fmpq_init(t);
    fmpq_init(u);
    for (j = 0; j < A->dims[2] && !done; j++)
        for (k = 0; k < A->dims[2] && !done; k++) {
            slong jj = (j + off) % A->dims[2];
            int sgn = 0, mixed = 0;
            if (type_of(A, jj) != RF_THREE_TYPE_X || type_of(A, k) != RF_THREE_TYPE_A)
                continue;
            for (i = 0; i < n1; i++) {
                int s;
                fmpq_mul(t, rf_net_W(A, 2, 0, k), rf_net_W(A, 1, k, i));
                fmpq_mul(u, rf_net_W(A, 2, 0, jj), rf_net_W(A, 1, jj, i));
                fmpq_add(t, t, u);
                s = fmpq_sgn(t);
                if (s && sgn && s != sgn)
                    mixed = 1;
                if (s)
                    sgn = s;
            }
            if (mixed || sgn == 0)
                continue;
            rf_net_set(B, A);
            for (i = 0; i < n1; i++)
                fmpq_neg(rf_net_W(B, 1, jj, i), rf_net_W(A, 1, jj, i));
            fmpq_neg(rf_net_b(B, 1, jj), rf_net_b(A, 1, jj));
            /* v'_k = sgn: e'_k = sgn (v_k w_k + v_j w_j), beta' = 1 */
            for (i = 0; i < n1; i++) {
                fmpq_mul(t, rf_net_W(A, 2, 0, k), rf_net_W(A, 1, k, i));
                fmpq_mul(u, rf_net_W(A, 2, 0, jj), rf_net_W(A, 1, jj, i));
                fmpq_add(t, t, u);
                fmpq_mul_si(rf_net_W(B, 1, k, i), t, sgn);
            }
            fmpq_one(rf_net_b(B, 1, k));
            fmpq_set_si(rf_net_W(B, 2, 0, k), sgn, 1);
            /* b3' = b3 + v_k b_k + v_j b_j - v'_k * 1 */
            fmpq_mul(t, rf_net_W(A, 2, 0, k), rf_net_b(A, 1, k));
            fmpq_mul(u, rf_net_W(A, 2, 0, jj), rf_net_b(A, 1, jj));
            fmpq_add(t, t, u);
            fmpq_sub_si(t, t, sgn);
            fmpq_add(rf_net_b(B, 2, 0), rf_net_b(A, 2, 0), t);
            done = 1;
        }
    fmpq_clear(t);
    fmpq_clear(u);
    return done;
}

/* a crossing neuron with zero outgoing weights gets a new arbitrary row */
static int move_zero_output(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong j, i, o;
    for (j = 0; j < A->dims[2]; j++) {
        int zero = 1;
        for (o = 0; o < A->dims[3]; o++)
            zero &= fmpq_is_zero(rf_net_W(A, 2, o, j));
        if (!zero || type_of(A, j) != RF_THREE_TYPE_X)
            continue;
        rf_net_set(B, A);
        for (i = 0; i < A->dims[1]; i++)
            rq(rf_net_W(B, 1, j, i), st, n_randint(st, 2) ? 1 : -1);
        rq(rf_net_b(B, 1, j), st, 1);
        return 1;
    }
    return 0;
}

/* Prop. 5.9 swap built by hand at the first index where it applies */
static int move_swap2(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong n1 = A->dims[1], n2 = A->dims[2], n3 = A->dims[3], i, j, k, o, z;
    fmpq_t delta, t;
    for (i = 0; i < n1; i++) {
        int ok = 1, mi = 0;
        z = -1;
        for (j = 0; j < n2; j++) {
            rf_three_type_t ty = type_of(A, j);
            if (ty == RF_THREE_TYPE_Z && z < 0)
                z = j;
            if (ty != RF_THREE_TYPE_X)
                continue;
            ok &= fmpq_sgn(rf_net_W(A, 1, j, i)) > 0 && fmpq_sgn(rf_net_b(A, 1, j)) <= 0;
            for (k = 0; k < n1; k++)
                ok &= k == i || fmpq_sgn(rf_net_W(A, 1, j, k)) <= 0;
        }
        for (j = 0; j < n2; j++)
            mi |= type_of(A, j) == RF_THREE_TYPE_A && !fmpq_is_zero(rf_net_W(A, 1, j, i));
        if (!ok || z < 0 || !mi || n1 < 2)
            continue;
        fmpq_init(delta);
        fmpq_init(t);
        fmpq_set_si(delta, 1 + (slong) n_randint(st, 4), 1 + n_randint(st, 3));
        rf_net_set(B, A);
        fmpq_add(rf_net_b(B, 0, i), rf_net_b(A, 0, i), delta);
        for (o = 0; o < n3; o++)
            fmpq_zero(rf_net_W(B, 2, o, z));
        for (j = 0; j < n2; j++) {
            rf_three_type_t ty = type_of(A, j);
            if (ty == RF_THREE_TYPE_X) {
                fmpq_mul(t, rf_net_W(A, 1, j, i), delta);
                fmpq_sub(rf_net_b(B, 1, j), rf_net_b(A, 1, j), t);
            } else if (ty == RF_THREE_TYPE_A) {
                for (o = 0; o < n3; o++) {
                    fmpq_mul(t, rf_net_W(A, 2, o, j), rf_net_W(A, 1, j, i));
                    fmpq_add(rf_net_W(B, 2, o, z), rf_net_W(B, 2, o, z), t);
                }
                fmpq_zero(rf_net_W(B, 1, j, i));
            }
        }
        for (k = 0; k < n1; k++)
            fmpq_set_si(rf_net_W(B, 1, z, k), k == i, 1);
        fmpq_neg(rf_net_b(B, 1, z), delta);
        fmpq_clear(delta);
        fmpq_clear(t);
        return 1;
    }
    return 0;
}

/* Non-generic nets: kind 0 zeros in W2/b2 (G2), 1 a crossing neuron with
 * zero outgoing weights (G3), 2 an always-active and a dead row with
 * coinciding face traces (G4), 3 the notes' E3 rescaled, 4 a Prop. 5.9
 * profile (crossing neurons reading one coordinate positively) with a
 * zero. */
static void nongeneric_net(rf_net_t A, flint_rand_t st, int kind)
{
    slong j, i;
    switch (kind) {
    case 0:
        th_rand_net(A, st, 3, 2, 4, 1, "AXZA");
        fmpq_zero(rf_net_W(A, 1, 0, 1));
        fmpq_zero(rf_net_b(A, 1, 3));
        break;
    case 1:
        th_rand_net(A, st, 3, 2, 4, 1, "XAXZ");
        fmpq_zero(rf_net_W(A, 2, 0, 2));
        break;
    case 2:
        th_rand_net(A, st, 2, 2, 3, 1, "AXZ");
        fmpq_randtest_not_zero(rf_net_b(A, 1, 2), st, 3);
        for (i = 0; i < 2; i++)
            fmpq_neg(rf_net_W(A, 1, 2, i), rf_net_W(A, 1, 0, i));
        fmpq_neg(rf_net_b(A, 1, 2), rf_net_b(A, 1, 0));
        break;
    case 3: {
        static const slong W2[3][3] = {{1, 1, 1}, {2, -1, -1}, {-1, -1, -1}};
        rf_net_clear(A);
        rf_net_init(A, 3, (slong[]) {2, 2, 3, 1});
        for (i = 0; i < 2; i++) {
            fmpq_set_si(rf_net_W(A, 0, i, i), 1 + (slong) n_randint(st, 3), 1);
            fmpq_zero(rf_net_b(A, 0, i));
        }
        for (j = 0; j < 3; j++) {
            for (i = 0; i < 2; i++)
                fmpq_set_si(rf_net_W(A, 1, j, i), W2[j][i], 1);
            fmpq_set_si(rf_net_b(A, 1, j), W2[j][2], 1);
            fmpq_set_si(rf_net_W(A, 2, 0, j), 1 + (slong) n_randint(st, 3), 1);
        }
        break;
    }
    default:
        th_rand_net(A, st, 3, 2, 4, 1, "AHZX");
        /* crossing neuron 4 reads y_1 positively, y_2 negatively */
        rq(rf_net_W(A, 1, 3, 0), st, 1);
        rq(rf_net_W(A, 1, 3, 1), st, -1);
        rq(rf_net_b(A, 1, 3), st, -1);
        fmpq_zero(rf_net_W(A, 1, 0, 1));
        break;
    }
}

static const char *const move_name[] = {"perm+scale", "dead redraw", "flip absorbed",
                                        "zero-output row", "swap (Prop. 5.9)"};

Test(three_nongeneric, built_sound_and_partners_located)
{
    flint_rand_t st;
    slong it, iters = rf_test_iters(6), located[5] = {0}, outside[5] = {0};
    slong tried[5] = {0};
    rf_test_randinit(st);
    for (it = 0; it < iters; it++) {
        int kind;
        for (kind = 0; kind < 5; kind++) {
            rf_net_t A, B, S;
            rf_sys_t sys;
            rf_err_t err;
            slong c, m, D;
            rf_net_init(A, 1, (slong[]) {1, 1});
            rf_net_init(B, 1, (slong[]) {1, 1});
            rf_net_init(S, 1, (slong[]) {1, 1});
            rf_err_init(err);
            rf_sys_init(sys, 0, NULL, NULL);
            nongeneric_net(A, st, kind);
            D = rf_net_num_params(A);
            cr_assert_eq(rf_three_fiber(sys, A, err), RF_OK, "kind %d: %s", kind, err->msg);
            {
                /* the note names the condition, and no dimension is claimed */
                slong k;
                int named = 0;
                for (k = 0; k < sys->nnotes; k++)
                    named |= strstr(sys->notes[k], "non-generic parameter") != NULL;
                cr_assert(named, "kind %d: non-generic note missing", kind);
                for (c = 0; c < sys->ncomp; c++)
                    cr_assert_eq(sys->comps[c].dim, -1);
            }
            /* theta itself is located */
            cr_assert(locate(sys, A) >= 0, "kind %d: theta outside its fiber list", kind);
            /* soundness of every component (sampler + independent oracle) */
            for (c = 0; c < sys->ncomp; c++) {
                fmpq *pt = _fmpq_vec_init(sys->nvars);
                cr_assert_eq(rf_three_fiber_sample(S, pt + D, A, c, st), 0,
                             "kind %d component %ld: sampler failed", kind, (long) c);
                rf_net_get_params(pt, S);
                cr_assert(rf_sys_component_contains(sys, c, pt),
                          "kind %d: sample outside component %ld (%s)", kind,
                          (long) c, sys->comps[c].name);
                cr_assert(equivalent(A, S, st), "kind %d component %ld (%s): "
                          "function differs", kind, (long) c, sys->comps[c].name);
                _fmpq_vec_clear(pt, sys->nvars);
            }
            /* held-out partners */
            for (m = 0; m < 5; m++) {
                int ok = m == 0 ? move_perm_scale(B, A, st)
                       : m == 1 ? move_dead(B, A, st)
                       : m == 2 ? move_flip(B, A, st)
                       : m == 3 ? move_zero_output(B, A, st)
                                : move_swap2(B, A, st);
                if (!ok)
                    continue;
                cr_assert(equivalent(A, B, st), "kind %d: move %s is not a symmetry",
                          kind, move_name[m]);
                tried[m]++;
                if (locate(sys, B) >= 0)
                    located[m]++;
                else {
                    outside[m]++;
                    if (getenv("RF_DEBUG_NG")) { fprintf(stderr, "kind %d move %ld\n", kind, (long) m); rf_io_write_rfn(stderr, A); rf_io_write_rfn(stderr, B); }
                }
            }
            rf_sys_clear(sys);
            rf_err_clear(err);
            rf_net_clear(A);
            rf_net_clear(B);
            rf_net_clear(S);
        }
    }
    for (it = 0; it < 5; it++)
        fprintf(stderr, "three_nongeneric: move %-18s tried %3ld located %3ld "
                "outside %3ld\n", move_name[it], (long) tried[it],
                (long) located[it], (long) outside[it]);
    /* permutations, scalings, dead redraws, flips absorbed by one
     * always-active neuron and the Prop. 5.9 swap are listed symmetries:
     * every such partner is located */
    cr_assert_eq(outside[0], 0);
    cr_assert_eq(outside[1], 0);
    cr_assert_eq(outside[2], 0);
    cr_assert_eq(outside[4], 0);
    /* zero-output rows are the missing part (b) of the note: outside */
    cr_assert_eq(located[3], 0);
    cr_assert_geq(tried[2], rf_test_count(1));
    cr_assert_geq(tried[3], rf_test_count(1));
    cr_assert_geq(tried[4], rf_test_count(1));
    flint_randclear(st);
}

/* The notes' worked example E3 gets a fiber; its partner three_e3_b (a
 * flip absorbed by always-active neurons, dead -> active) is located. */
Test(three_nongeneric, notes_example_e3)
{
    rf_net_t A, B;
    rf_sys_t sys;
    rf_err_t err;
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    rf_err_init(err);
    rf_sys_init(sys, 0, NULL, NULL);
    load(A, "three_e3_a.rfn");
    load(B, "three_e3_b.rfn");
    cr_assert_eq(rf_three_fiber(sys, A, err), RF_OK, "%s", err->msg);
    cr_assert(locate(sys, A) >= 0);
    cr_assert(locate(sys, B) >= 0, "three_e3_b is not located");
    rf_sys_clear(sys);
    rf_err_clear(err);
    rf_net_clear(A);
    rf_net_clear(B);
}
