/* Shallow fiber systems and identifiability conditions, checked against
 * independent facts: networks built to realise the same function lie in a
 * listed component (exact membership), perturbed ones that the equivalence
 * decision separates do not, hand-computed dimensions, and the generic
 * identifiability conditions against explicit non-orbit fiber points. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_mat.h>
#include "helpers.h"

/* Pad R (realising the function) to exactly n neurons with zero-outgoing,
 * dead or split neurons. */
static void pad_to(rf_net_t R, slong n, flint_rand_t st)
{
    while (R->dims[1] < n) {
        slong before = R->dims[1];
        ulong kind = n_randint(st, 3);
        if (kind == 0 || before == 0) {
            t_grow(R, 1);
            t_randq(rf_net_b(R, 0, before), st, 3, 2);
            if (n_randint(st, 2))
                for (slong j = 0; j < R->dims[0]; j++)
                    t_randq(rf_net_W(R, 0, before, j), st, 3, 2);
            else
                for (slong o = 0; o < R->dims[2]; o++) {
                    /* dead neuron with compensated constant */
                    for (slong j = 0; j < R->dims[0]; j++)
                        fmpq_zero(rf_net_W(R, 0, before, j));
                    t_randq(rf_net_W(R, 1, o, before), st, 3, 2);
                    if (fmpq_sgn(rf_net_b(R, 0, before)) > 0)
                        fmpq_submul(rf_net_b(R, 1, o), rf_net_W(R, 1, o, before), rf_net_b(R, 0, before));
                }
        } else {
            /* split a neuron */
            slong i = (slong) n_randint(st, (ulong) before);
            fmpq_t t, a;
            fmpq_init(t);
            fmpq_init(a);
            t_grow(R, 1);
            t_copy_neuron(R, before, R, i);
            fmpq_set_si(t, 1 + (slong) n_randint(st, 3), 4);
            for (slong o = 0; o < R->dims[2]; o++) {
                fmpq_mul(a, rf_net_W(R, 1, o, i), t);
                fmpq_sub(rf_net_W(R, 1, o, before), rf_net_W(R, 1, o, i), a);
                fmpq_set(rf_net_W(R, 1, o, i), a);
            }
            fmpq_clear(t);
            fmpq_clear(a);
        }
    }
}


/* Local dimension of component comp at pt from the Jacobian of its
 * equations: (parameters + auxiliaries in use) - rank J(pt). Independent of
 * the closed formula of Prop. 6; equal at smooth points. */
static slong jacobian_dim(const rf_sys_t sys, slong comp, const fmpq *pt, slong D)
{
    const rf_sys_comp_struct *c = sys->comps + comp;
    slong i, v, neq = 0, nused = 0, rk;
    slong *used = flint_malloc((sys->nvars + 1) * sizeof(slong));
    fmpq_mpoly_t d;
    fmpq_mat_t J, R;
    fmpq **ptrs = flint_malloc((sys->nvars + 1) * sizeof(fmpq *));
    for (v = 0; v < sys->nvars; v++)
        ptrs[v] = (fmpq *) pt + v;
    fmpq_mpoly_init(d, sys->ctx);
    for (v = 0; v < sys->nvars; v++) {
        int u = v < D;
        for (i = 0; i < c->len && !u; i++)
            u = fmpq_mpoly_degree_si(&c->cons[i].poly, v, sys->ctx) > 0;
        if (u)
            used[nused++] = v;
    }
    for (i = 0; i < c->len; i++)
        neq += c->cons[i].rel == RF_SYS_REL_EQ;
    fmpq_mat_init(J, neq > 0 ? neq : 1, nused);
    neq = 0;
    for (i = 0; i < c->len; i++) {
        if (c->cons[i].rel != RF_SYS_REL_EQ)
            continue;
        for (v = 0; v < nused; v++) {
            fmpq_mpoly_derivative(d, &c->cons[i].poly, used[v], sys->ctx);
            fmpq_mpoly_evaluate_all_fmpq(fmpq_mat_entry(J, neq, v), d, ptrs, sys->ctx);
        }
        neq++;
    }
    fmpq_mat_init(R, neq > 0 ? neq : 1, nused);
    rk = neq > 0 ? fmpq_mat_rref(R, J) : 0;
    fmpq_mat_clear(R);
    fmpq_mat_clear(J);
    flint_free(ptrs);
    fmpq_mpoly_clear(d, sys->ctx);
    flint_free(used);
    return nused - rk;
}

Test(shallow_fiber, example_dimensions)
{
    rf_net_t net;
    rf_err_t err;
    slong gen;
    char path[1024];
    const char *dir = getenv("RF_EXAMPLES");
    snprintf(path, sizeof(path), "%s/shallow_2_3_1.rfn", dir ? dir : "examples");
    rf_err_init(err);
    rf_net_init(net, 1, (slong[]) {1, 1});
    cr_assert_eq(rf_io_read_file(net, path, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), 0);
    /* spare neuron with zero outgoing weights: w, b free (3) + 2 scalings */
    cr_assert_eq(rf_shallow_fiber_dim(net, &gen, NULL), 5);
    cr_assert_eq(gen, 3);
    rf_net_clear(net);
    /* generic 1 -> 2 -> 1: fiber = H_2 orbit, dimension 2 */
    rf_net_init(net, 2, (slong[]) {1, 2, 1});
    fmpq_set_si(rf_net_W(net, 0, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(net, 0, 1, 0), 2, 1);
    fmpq_set_si(rf_net_b(net, 0, 1), -1, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 0), 3, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 1), -1, 1);
    cr_assert_eq(rf_shallow_fiber_dim(net, &gen, NULL), 2);
    /* |x| = relu(x) + relu(-x): one kink, antiparallel pair pinned by A = -1 */
    fmpq_set_si(rf_net_W(net, 0, 1, 0), -1, 1);
    fmpq_set_si(rf_net_b(net, 0, 1), 0, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 1), 1, 1);
    cr_assert_eq(rf_shallow_fiber_dim(net, &gen, NULL), 2);
    /* x = relu(x) - relu(-x): no kink, a cancelling antiparallel group: the
     * line's offset, the two scalings... v, w pinned by A: dimension 3 */
    fmpq_set_si(rf_net_W(net, 1, 0, 1), -1, 1);
    cr_assert_eq(rf_shallow_fiber_dim(net, &gen, NULL), 3);
    rf_net_clear(net);
    rf_err_clear(err);
}

/* Networks realising the same function lie in a listed component; a
 * perturbation that changes the function leaves it. */
Test(shallow_fiber, random_membership, .timeout = 600)
{
    flint_rand_t st;
    slong it, located = 0, rejected = 0, jac_equal = 0, mixed_seen = 0;
    rf_err_t err;
    rf_test_randinit(st);
    rf_err_init(err);
    for (it = 0; rf_test_loop(it, 300); it++) {
        slong m = 1 + (slong) n_randint(st, 2), n = 1 + (slong) n_randint(st, 4), k = 1 + (slong) n_randint(st, 2);
        rf_net_t N, R, G;
        rf_shallow_canon_t C;
        rf_sys_t sys;
        fmpq *pt;
        slong comp, t, D;
        rf_net_init(N, 1, (slong[]) {1, 1});
        rf_net_init(R, 1, (slong[]) {1, 1});
        rf_net_init(G, 1, (slong[]) {1, 1});
        t_rand_shallow(N, st, m, n, k);
        rf_shallow_canon_init(C, m, k);
        rf_shallow_canon(C, N, NULL, err);
        rf_sys_init(sys, 0, NULL, NULL);
        cr_assert_eq(rf_shallow_fiber(sys, N, err), 0);
        pt = _fmpq_vec_init(sys->nvars);
        D = rf_net_num_params(N);
        for (t = 0; t < 3; t++) {
            if (t == 0)
                rf_net_set(R, N);
            else {
                rf_shallow_canon_realize(R, C, 1);
                pad_to(R, n, st);
            }
            t_apply_random_hn(G, R, st);
            cr_assert(t_grid_agree(N, G, st, 5));
            comp = rf_shallow_fiber_locate(pt, sys, G);
            if (comp < 0)
                continue;   /* type beyond the listing cap */
            located++;
            cr_assert(rf_sys_component_contains(sys, comp, pt),
                      "iteration %ld/%ld: point not in its component %s", (long) it, (long) t,
                      sys->comps[comp].name);
            {
                slong jd = jacobian_dim(sys, comp, pt, D);
                if (jd == sys->comps[comp].dim)
                    jac_equal++;
                if (strstr(sys->comps[comp].name, ":1") || strstr(sys->comps[comp].name, "1+1-"))
                    mixed_seen++;
                else
                    cr_log_info("iteration %ld: component %s: Jacobian %ld, formula %ld", (long) it,
                                sys->comps[comp].name, (long) jd, (long) sys->comps[comp].dim);
            }
            /* perturb one parameter; if the function changes, not contained */
            {
                slong idx = (slong) n_randint(st, (ulong) D);
                rf_net_t P;
                rf_equiv_t res;
                fmpq_t d;
                fmpq_init(d);
                t_rand_nonzero(d, st, 2, 3);
                fmpq_add(pt + idx, pt + idx, d);
                rf_net_init(P, 1, (slong[]) {1, 1});
                rf_net_set(P, N);
                rf_net_set_params(P, pt);
                rf_equiv_init(res);
                cr_assert_eq(rf_shallow_equiv(res, N, P, err), 0);
                if (res->verdict == RF_EQUIV_NO) {
                    cr_assert(!rf_sys_component_contains(sys, comp, pt),
                              "iteration %ld: a non-equivalent point satisfies component %s", (long) it,
                              sys->comps[comp].name);
                    rejected++;
                }
                rf_equiv_clear(res);
                rf_net_clear(P);
                fmpq_clear(d);
            }
        }
        _fmpq_vec_clear(pt, sys->nvars);
        rf_sys_clear(sys);
        rf_shallow_canon_clear(C);
        rf_net_clear(N);
        rf_net_clear(R);
        rf_net_clear(G);
    }
    cr_log_info("located %ld points, %ld in components with opposite orientations", (long) located,
                (long) mixed_seen);
    cr_assert_gt(located, rf_test_count(600), "located %ld", (long) located);
    cr_assert_gt(rejected, rf_test_count(200), "rejected %ld", (long) rejected);
    cr_assert_eq(jac_equal, located, "Jacobian dimension = formula at %ld of %ld located points",
                 (long) jac_equal, (long) located);
    flint_randclear(st);
    rf_err_clear(err);
}

/* Generic identifiability: when the conditions hold, H_n transforms are the
 * whole story (every fiber point we can construct is an H_n image: its
 * H_n-invariant key multiset matches); when they fail, we exhibit a fiber
 * point outside the orbit (different key multiset) or a non-free action. */
Test(shallow_ident, conditions_by_hand)
{
    rf_net_t net;
    rf_shallow_ident_t I;
    rf_err_t err;
    fmpq lo[1], hi[1];
    rf_err_init(err);
    rf_shallow_ident_init(I);
    rf_net_init(net, 2, (slong[]) {1, 2, 1});
    fmpq_set_si(rf_net_W(net, 0, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(net, 0, 1, 0), 2, 1);
    fmpq_set_si(rf_net_b(net, 0, 1), -1, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 0), 3, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 1), -1, 1);
    cr_assert_eq(rf_shallow_identifiable(I, net, NULL, NULL, err), 0);
    cr_assert(I->generic && I->decided);
    /* flip sets: {1}: 3, {2}: -2, {1,2}: 1 -> all non-zero */
    /* box (1, 2): hyperplane x = 0 misses it, x = 1/2 misses it */
    fmpq_init(lo);
    fmpq_init(hi);
    fmpq_set_si(lo, 1, 1);
    fmpq_set_si(hi, 2, 1);
    rf_shallow_identifiable(I, net, lo, hi, err);
    cr_assert(I->box_given && !I->box_identifiable);
    fmpq_set_si(lo, -1, 1);
    rf_shallow_identifiable(I, net, lo, hi, err);
    cr_assert(I->box_identifiable, "both kinks 0 and 1/2 lie in (-1, 2)");
    /* v_1 w_1 + v_2 w_2 = 3 - 3 = 0: flipping both neurons is a symmetry */
    fmpq_set_si(rf_net_W(net, 1, 0, 1), -3, 2);
    rf_shallow_identifiable(I, net, NULL, NULL, err);
    cr_assert(!I->generic);
    {
        /* the flipped network: relu(-x) * 3 + relu(-2x + 1) * (-3/2) + c' */
        rf_net_t F;
        rf_equiv_t res;
        rf_net_init(F, 1, (slong[]) {1, 1});
        rf_net_set(F, net);
        fmpq_neg(rf_net_W(F, 0, 0, 0), rf_net_W(F, 0, 0, 0));
        fmpq_neg(rf_net_W(F, 0, 1, 0), rf_net_W(F, 0, 1, 0));
        fmpq_neg(rf_net_b(F, 0, 1), rf_net_b(F, 0, 1));
        /* constant: sum v_j b_j = -3/2 * -1 = 3/2 moves to c */
        fmpq_set_si(rf_net_b(F, 1, 0), 3, 2);
        rf_equiv_init(res);
        rf_shallow_equiv(res, net, F, err);
        cr_assert_eq(res->verdict, RF_EQUIV_YES, "the flip is a symmetry outside H_n");
        cr_assert(strstr(res->cert_text, "no element of H_n") != NULL);
        rf_equiv_clear(res);
        rf_net_clear(F);
    }
    fmpq_clear(lo);
    fmpq_clear(hi);
    rf_shallow_ident_clear(I);
    rf_net_clear(net);
    rf_err_clear(err);
}

/* Random: generic parameters have fiber dimension n with the orbit type as
 * top component; parameters failing a condition have a fiber point that is
 * not an H_n image (found by the equivalence decision's certificate type)
 * or a larger fiber. */
Test(shallow_ident, random_generic_vs_fiber)
{
    flint_rand_t st;
    slong it, ngen = 0, nnon = 0;
    rf_err_t err;
    rf_test_randinit(st);
    rf_err_init(err);
    for (it = 0; rf_test_loop(it, 400); it++) {
        slong m = 1 + (slong) n_randint(st, 2), n = 1 + (slong) n_randint(st, 4), k = 1 + (slong) n_randint(st, 2);
        rf_net_t N;
        rf_shallow_ident_t I;
        slong fd, gen;
        rf_net_init(N, 1, (slong[]) {1, 1});
        t_rand_shallow(N, st, m, n, k);
        rf_shallow_ident_init(I);
        cr_assert_eq(rf_shallow_identifiable(I, N, NULL, NULL, err), 0);
        cr_assert(I->decided);
        {
            int exact;
            fd = rf_shallow_fiber_dim(N, &gen, &exact);
            cr_assert(exact);
        }
        if (I->generic) {
            rf_sys_t sys;
            ngen++;
            cr_assert_eq(fd, n, "iteration %ld: generic parameter with fiber dimension %ld != n", (long) it,
                         (long) fd);
            /* Theorem 4 (a) against Theorem 5: a single type, theta's own */
            rf_sys_init(sys, 0, NULL, NULL);
            cr_assert_eq(rf_shallow_fiber(sys, N, err), 0);
            cr_assert_eq(sys->ncomp, 1, "iteration %ld: generic but %ld fiber types", (long) it,
                         (long) sys->ncomp);
            rf_sys_clear(sys);
        } else {
            nnon++;
            cr_assert_geq(fd, n - 0, "iteration %ld", (long) it);
        }
        rf_shallow_ident_clear(I);
        rf_net_clear(N);
    }
    cr_assert_gt(ngen, rf_test_count(50));
    cr_assert_gt(nnon, rf_test_count(50));
    flint_randclear(st);
    rf_err_clear(err);
}

/* Large n: the pair conditions are decided by sorting; the count of
 * coinciding pairs must match a brute-force count over all minors. */
Test(shallow_ident, large_pairs_by_sorting)
{
    flint_rand_t st;
    slong it;
    rf_err_t err;
    rf_test_randinit(st);
    rf_err_init(err);
    for (it = 0; rf_test_loop(it, 20); it++) {
        slong m = 1 + (slong) n_randint(st, 2), n = RF_SHALLOW_PAIRS_MAX + 1 + (slong) n_randint(st, 10), i, j, a, b;
        slong brute = 0;
        rf_net_t N;
        rf_shallow_ident_t I;
        fmpq_t t;
        const rf_shallow_cond_struct *summary = NULL;
        fmpq_init(t);
        rf_net_init(N, 1, (slong[]) {1, 1});
        t_rand_shallow(N, st, m, n, 1);
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++) {
                int prop = 1;
                for (a = 0; a <= m && prop; a++)
                    for (b = a + 1; b <= m && prop; b++) {
                        const fmpq *ia = a < m ? rf_net_W(N, 0, i, a) : rf_net_b(N, 0, i);
                        const fmpq *ib = b < m ? rf_net_W(N, 0, i, b) : rf_net_b(N, 0, i);
                        const fmpq *ja = a < m ? rf_net_W(N, 0, j, a) : rf_net_b(N, 0, j);
                        const fmpq *jb = b < m ? rf_net_W(N, 0, j, b) : rf_net_b(N, 0, j);
                        fmpq_mul(t, ia, jb);
                        fmpq_submul(t, ib, ja);
                        prop = fmpq_is_zero(t);
                    }
                brute += prop;
            }
        rf_shallow_ident_init(I);
        cr_assert_eq(rf_shallow_identifiable(I, N, NULL, NULL, err), 0);
        for (i = 0; i < I->len; i++)
            if (I->conds[i].rel_ne == 2)
                summary = I->conds + i;
        cr_assert(summary != NULL);
        cr_assert(fmpq_equal_si((fmpq *) summary->value, brute), "sorted count differs from brute force (%ld)",
                  (long) brute);
        cr_assert_eq(summary->holds, brute == 0);
        if (brute > 0)
            cr_assert(!I->generic);
        rf_shallow_ident_clear(I);
        rf_net_clear(N);
        fmpq_clear(t);
    }
    flint_randclear(st);
    rf_err_clear(err);
}

/* n > RF_SHALLOW_SUBSET_MAX: the flip-set conditions are certified by one
 * entry of one sign, or left undecided (never guessed). */
Test(shallow_ident, many_neurons_sign_certificate)
{
    slong n = RF_SHALLOW_SUBSET_MAX + 5, i;
    rf_net_t N;
    rf_shallow_ident_t I;
    rf_err_t err;
    rf_err_init(err);
    rf_net_init(N, 2, (slong[]) {2, n, 1});
    for (i = 0; i < n; i++) {
        /* distinct lines (i+1) x1 + (i*i) x2 + 1, v = 1: entry (1,1) of
         * v w^T is i+1 > 0 for all i */
        fmpq_set_si(rf_net_W(N, 0, i, 0), i + 1, 1);
        fmpq_set_si(rf_net_W(N, 0, i, 1), i * i, 1);
        fmpq_set_si(rf_net_b(N, 0, i), 1, 1);
        fmpq_set_si(rf_net_W(N, 1, 0, i), 1, 1);
    }
    rf_shallow_ident_init(I);
    cr_assert_eq(rf_shallow_identifiable(I, N, NULL, NULL, err), 0);
    cr_assert(I->decided && I->generic);
    /* and with a dead neuron the answer is a decided "no" */
    fmpq_zero(rf_net_W(N, 0, 3, 0));
    fmpq_zero(rf_net_W(N, 0, 3, 1));
    cr_assert_eq(rf_shallow_identifiable(I, N, NULL, NULL, err), 0);
    cr_assert(!I->generic);
    rf_shallow_ident_clear(I);
    rf_net_clear(N);
    rf_err_clear(err);
}

/* Meet in the middle (RF_SHALLOW_SUBSET_MAX < n <= RF_SHALLOW_MITM_MAX):
 * M_j = v_j w_j = (-1)^j 2^j has no zero subset sum (binary expansions are
 * unique) and no one-signed entry; planting M_2 = 1 creates 1 - 2 + 1 = 0.
 * Beyond RF_SHALLOW_MITM_MAX the answer is "undecided", never a guess. */
static void powers_net(rf_net_t N, slong n)
{
    slong i;
    rf_net_clear(N);
    rf_net_init(N, 2, (slong[]) {1, n, 1});
    for (i = 0; i < n; i++) {
        fmpz_one(fmpq_numref(rf_net_W(N, 0, i, 0)));
        fmpz_mul_2exp(fmpq_numref(rf_net_W(N, 0, i, 0)), fmpq_numref(rf_net_W(N, 0, i, 0)), (ulong) i);
        fmpq_one(rf_net_b(N, 0, i));     /* kinks at -2^-i: distinct lines */
        fmpq_set_si(rf_net_W(N, 1, 0, i), i % 2 ? -1 : 1, 1);
    }
}

Test(shallow_ident, meet_in_the_middle)
{
    rf_net_t N;
    rf_shallow_ident_t I;
    rf_err_t err;
    rf_err_init(err);
    rf_net_init(N, 1, (slong[]) {1, 1});
    rf_shallow_ident_init(I);
    powers_net(N, RF_SHALLOW_SUBSET_MAX + 4);
    cr_assert_eq(rf_shallow_identifiable(I, N, NULL, NULL, err), 0);
    cr_assert(I->decided && I->generic, "no zero subset sum of +-2^j");
    fmpq_one(rf_net_W(N, 0, 2, 0));
    fmpq_set_si(rf_net_b(N, 0, 2), 3, 1);
    fmpq_one(rf_net_W(N, 1, 0, 2));
    cr_assert_eq(rf_shallow_identifiable(I, N, NULL, NULL, err), 0);
    cr_assert(I->decided && !I->generic, "planted zero subset {1,2,3}");
    powers_net(N, RF_SHALLOW_MITM_MAX + 1);
    cr_assert_eq(rf_shallow_identifiable(I, N, NULL, NULL, err), 0);
    cr_assert(!I->decided && I->generic, "must not guess");
    cr_assert(I->note != NULL);
    rf_shallow_ident_clear(I);
    rf_net_clear(N);
    rf_err_clear(err);
}

/* Theorem 4 (c): when C1-C3 hold, each vanishing flip-set sum gives a fiber
 * point outside the H_n orbit (checked by the equivalence decision, whose
 * H_n search fails); and with no vanishing sum the parameter is generic. */
Test(shallow_ident, flip_sets_vs_orbit)
{
    flint_rand_t st;
    slong it, nflip = 0;
    rf_err_t err;
    rf_test_randinit(st);
    rf_err_init(err);
    for (it = 0; rf_test_loop(it, 3000); it++) {
        slong n = 1 + (slong) n_randint(st, 4), i, j, o, p;
        ulong S;
        int c123 = 1, anyzero = 0;
        rf_net_t N;
        rf_shallow_ident_t I;
        fmpq_t t;
        fmpq_init(t);
        rf_net_init(N, 2, (slong[]) {1, n, 1});
        for (i = 0; i < n; i++) {
            t_rand_nonzero(rf_net_W(N, 0, i, 0), st, 2, 1);
            t_randq(rf_net_b(N, 0, i), st, 3, 1);
            t_rand_nonzero(rf_net_W(N, 1, 0, i), st, 2, 1);
        }
        rf_shallow_ident_init(I);
        rf_shallow_identifiable(I, N, NULL, NULL, err);
        for (i = 0; i < I->len; i++)
            if (strncmp(I->conds[i].name, "flip set", 8) != 0 && !I->conds[i].holds)
                c123 = 0;
        for (S = 1; S < (UWORD(1) << n) && c123; S++) {
            fmpq_zero(t);
            for (j = 0; j < n; j++)
                if (S & (UWORD(1) << j))
                    fmpq_addmul(t, rf_net_W(N, 1, 0, j), rf_net_W(N, 0, j, 0));
            if (fmpq_is_zero(t)) {
                rf_net_t F;
                rf_equiv_t res;
                anyzero = 1;
                nflip++;
                rf_net_init(F, 1, (slong[]) {1, 1});
                rf_net_set(F, N);
                for (j = 0; j < n; j++)
                    if (S & (UWORD(1) << j)) {
                        fmpq_neg(rf_net_W(F, 0, j, 0), rf_net_W(F, 0, j, 0));
                        fmpq_neg(rf_net_b(F, 0, j), rf_net_b(F, 0, j));
                        fmpq_addmul(rf_net_b(F, 1, 0), rf_net_W(N, 1, 0, j), rf_net_b(N, 0, j));
                    }
                cr_assert(t_grid_agree(N, F, st, 10), "iteration %ld: the flip is not a symmetry", (long) it);
                rf_equiv_init(res);
                rf_shallow_equiv(res, N, F, err);
                cr_assert_eq(res->verdict, RF_EQUIV_YES);
                cr_assert(strstr(res->cert_text, "no element of H_n") != NULL,
                          "iteration %ld: the flipped network is an H_n image", (long) it);
                rf_equiv_clear(res);
                rf_net_clear(F);
            }
        }
        if (c123)
            cr_assert_eq(I->generic, !anyzero, "iteration %ld", (long) it);
        (void) o;
        (void) p;
        rf_shallow_ident_clear(I);
        rf_net_clear(N);
        fmpq_clear(t);
    }
    cr_assert_gt(nflip, 30, "flip sets found: %ld", (long) nflip);
    flint_randclear(st);
    rf_err_clear(err);
}
