/* fiber --complete (rf_decide_complete*): the complete description of the
 * fiber, for non-generic networks, against the independent exact decision
 * rf_decide_exhaustive (the oracle).
 *
 * For random small non-generic nets (shallow (2,3,1); three-layer (2,2,2,1),
 * (2,2,3,1), (3,2,2,1); four-layer (1,2,1,2,1); the notes' E3 family and a Prop. 5.9 swap profile),
 * partners are built by symmetry moves (permutation + positive scaling,
 * dead-neuron redraw, zero-output redraw, a flip absorbed by an
 * always-active neuron, the swap of Prop. 5.9) and non-partners by small
 * perturbations. For every such theta' the exact membership evaluator
 * (clauses with certified LPs) must agree with rf_decide_exhaustive, and the
 * moves must give members. The slow part (RF_SLOW_PART) feeds the SMT-LIB
 * export to z3 with the point asserted and compares sat/unsat. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/decide.h"
#include "relufiber/export.h"
#include "relufiber/three.h"
#include "relufiber/io.h"
#include "../three/helpers.h"

static void load(rf_net_t net, const char *name)
{
    char path[2048];
    rf_err_t err;
    rf_err_init(err);
    snprintf(path, sizeof path, "%s/%s", getenv("RF_EXAMPLES"), name);
    cr_assert_eq(rf_io_read_file(net, path, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), RF_OK, "%s: %s", name, err->msg);
    rf_err_clear(err);
}

/* the oracle: 1 equivalent, 0 not (exact, complete) */
static int oracle(const rf_net_t A, const rf_net_t B)
{
    rf_equiv_t res;
    rf_err_t err;
    int v;
    rf_equiv_init(res);
    rf_err_init(err);
    cr_assert_eq(rf_decide_exhaustive(res, A, B, err), RF_OK, "%s", err->msg);
    cr_assert(res->verdict != RF_EQUIV_UNKNOWN);
    v = res->verdict == RF_EQUIV_YES;
    rf_equiv_clear(res);
    rf_err_clear(err);
    return v;
}

static int member(const rf_decide_complete_t C, const rf_net_t B)
{
    rf_err_t err;
    int m;
    slong k = -1, s = -1;
    fmpq *x = _fmpq_vec_init(C->d0);
    rf_err_init(err);
    cr_assert_eq(rf_decide_complete_member(&m, &k, &s, x, C, B, err), RF_OK, "%s", err->msg);
    if (!m) {
        /* the violated clause's point: f_B there is M_s, f_A is map k, and
         * they must differ somewhere near x; at least x is in R_k */
        fmpq *y = _fmpq_vec_init(C->dL);
        slong j;
        cr_assert(k >= 0 && k < C->nregions && s >= 0 && s < C->npatterns);
        for (j = 0; j < fmpq_mat_nrows(C->rcons + k); j++) {
            fmpq_t v;
            fmpq_init(v);
            rf_cells_affine_eval(v, C->rcons[k].rows[j], x, C->d0);
            cr_assert(fmpq_sgn(v) > 0);
            fmpq_clear(v);
        }
        _fmpq_vec_clear(y, C->dL);
    }
    _fmpq_vec_clear(x, C->d0);
    rf_err_clear(err);
    return m;
}

static void build(rf_decide_complete_t C, const rf_net_t A)
{
    rf_err_t err;
    rf_err_init(err);
    cr_assert_eq(rf_decide_complete(C, A, 0, err), RF_OK, "%s", err->msg);
    cr_assert_eq(C->nclauses, C->nregions * C->npatterns);
    rf_err_clear(err);
}

Test(complete, three_e3_examples)
{
    static const char *const yes[] = {"three_e3_a.rfn", "three_e3_b.rfn",
                                      "three_e3_perm.rfn", "three_e3_dead.rfn"};
    rf_decide_complete_t C;
    rf_net_t A, B;
    slong i;
    rf_decide_complete_init(C);
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    load(A, "three_e3_a.rfn");
    build(C, A);
    cr_assert_eq(C->nregions, 6);
    cr_assert_eq(C->npatterns, 243);
    cr_assert_eq(C->ngroups, 5);
    for (i = 0; i < 4; i++) {
        load(B, yes[i]);
        cr_assert_eq(member(C, B), 1, "%s", yes[i]);
        cr_assert_eq(oracle(A, B), 1, "%s", yes[i]);
    }
    load(B, "three_e3_generic.rfn");
    cr_assert_eq(member(C, B), 0);
    cr_assert_eq(oracle(A, B), 0);
    rf_net_clear(A);
    rf_net_clear(B);
    rf_decide_complete_clear(C);
}

/* ---- random non-generic nets and moves ---------------------------------- */

static void rsmall(fmpq_t x, flint_rand_t st)
{
    fmpq_set_si(x, (slong) n_randint(st, 5) - 2, 1 + n_randint(st, 2));
}

/* small entries in {-2..2}/{1,2} (many zeros: G2/G3 fail), then planted
 * degeneracies: a dead neuron (hidden layers >= 2: row <= 0, bias < 0; first
 * layer: zero row, bias < 0), a zero outgoing column, a twin row */
static void rand_nongeneric(rf_net_t A, flint_rand_t st, slong L, const slong *dims)
{
    slong l, i, j;
    rf_net_clear(A);
    rf_net_init(A, L, dims);
    for (l = 0; l < L; l++)
        for (i = 0; i < dims[l + 1]; i++) {
            for (j = 0; j < dims[l]; j++)
                rsmall(rf_net_W(A, l, i, j), st);
            rsmall(rf_net_b(A, l, i), st);
        }
    if (L >= 2 && n_randint(st, 2)) {   /* a dead neuron */
        l = (slong) n_randint(st, L - 1);
        i = (slong) n_randint(st, dims[l + 1]);
        for (j = 0; j < dims[l]; j++) {
            if (l == 0)
                fmpq_zero(rf_net_W(A, l, i, j));
            else if (fmpq_sgn(rf_net_W(A, l, i, j)) > 0)
                fmpq_neg(rf_net_W(A, l, i, j), rf_net_W(A, l, i, j));
        }
        fmpq_set_si(rf_net_b(A, l, i), -1 - (slong) n_randint(st, 2), 1);
    }
    if (L >= 2 && n_randint(st, 2)) {   /* a zero outgoing column */
        l = (slong) n_randint(st, L - 1);
        i = (slong) n_randint(st, dims[l + 1]);
        for (j = 0; j < dims[l + 2]; j++)
            fmpq_zero(rf_net_W(A, l + 1, j, i));
    }
    if (L >= 2 && dims[1] >= 2 && n_randint(st, 3) == 0) {   /* a twin row */
        for (j = 0; j < dims[0]; j++)
            fmpq_mul_si(rf_net_W(A, 0, 1, j), rf_net_W(A, 0, 0, j), 2);
        fmpq_mul_si(rf_net_b(A, 0, 1), rf_net_b(A, 0, 0), 2);
    }
}

static int move_perm_scale(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong h, L = A->L;
    slong **perm = flint_malloc(FLINT_MAX(L - 1, 1) * sizeof(slong *));
    fmpq **scale = flint_malloc(FLINT_MAX(L - 1, 1) * sizeof(fmpq *));
    for (h = 0; h < L - 1; h++) {
        perm[h] = flint_malloc(A->dims[h + 1] * sizeof(slong));
        scale[h] = _fmpq_vec_init(A->dims[h + 1]);
    }
    rf_net_randtest_symmetry(perm, scale, A, st);
    rf_net_apply_perm_scale(B, A, (const slong *const *) perm, (const fmpq *const *) scale);
    for (h = 0; h < L - 1; h++) {
        flint_free(perm[h]);
        _fmpq_vec_clear(scale[h], A->dims[h + 1]);
    }
    flint_free(perm);
    flint_free(scale);
    return L >= 2;
}

/* a neuron that is provably dead (first layer: zero row, bias <= 0; later
 * layers: row <= 0, bias <= 0, reading relu outputs >= 0) gets a new dead
 * row and new outgoing weights */
static int move_dead(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong l, i, j, n = 0;
    rf_net_set(B, A);
    for (l = 0; l + 1 < A->L; l++)
        for (i = 0; i < A->dims[l + 1]; i++) {
            int dead = fmpq_sgn(rf_net_b(A, l, i)) <= 0;
            for (j = 0; j < A->dims[l] && dead; j++)
                dead = l == 0 ? fmpq_is_zero(rf_net_W(A, l, i, j))
                              : fmpq_sgn(rf_net_W(A, l, i, j)) <= 0;
            if (!dead)
                continue;
            for (j = 0; j < A->dims[l] && l > 0; j++)
                fmpq_set_si(rf_net_W(B, l, i, j), -(slong) n_randint(st, 3), 1);
            fmpq_set_si(rf_net_b(B, l, i), -(slong) n_randint(st, 3), 1 + n_randint(st, 2));
            for (j = 0; j < A->dims[l + 2]; j++)
                fmpq_set_si(rf_net_W(B, l + 1, j, i), (slong) n_randint(st, 7) - 3, 1);
            n++;
        }
    return n > 0;
}

/* a neuron with zero outgoing weights gets a new incoming row */
static int move_zero_output(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong l, i, j, n = 0;
    rf_net_set(B, A);
    for (l = 0; l + 1 < A->L; l++)
        for (i = 0; i < A->dims[l + 1]; i++) {
            int zero = 1;
            for (j = 0; j < A->dims[l + 2]; j++)
                zero &= fmpq_is_zero(rf_net_W(A, l + 1, j, i));
            if (!zero)
                continue;
            for (j = 0; j < A->dims[l]; j++)
                fmpq_set_si(rf_net_W(B, l, i, j), (slong) n_randint(st, 7) - 3, 1);
            fmpq_set_si(rf_net_b(B, l, i), (slong) n_randint(st, 7) - 3, 1);
            n++;
        }
    return n > 0;
}

static rf_three_type_t type_of(const rf_net_t A, slong j)
{
    return rf_three_neuron_type(rf_net_W(A, 1, j, 0), A->dims[1], rf_net_b(A, 1, j));
}

/* as in tests/three/test_nongeneric.c: flip crossing neuron j and absorb
 * v_j e_j into always-active neuron k (n3 = 1, three layers, identity-like
 * first layer not needed: the identity holds on the orthant of y) */
static int move_flip(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong n1, j, k, i, off = (slong) n_randint(st, 64);
    fmpq_t t, u;
    int done = 0;
    if (A->L != 3 || A->dims[3] != 1)
        return 0;
    n1 = A->dims[1];
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
            for (i = 0; i < n1; i++) {
                fmpq_mul(t, rf_net_W(A, 2, 0, k), rf_net_W(A, 1, k, i));
                fmpq_mul(u, rf_net_W(A, 2, 0, jj), rf_net_W(A, 1, jj, i));
                fmpq_add(t, t, u);
                fmpq_mul_si(rf_net_W(B, 1, k, i), t, sgn);
            }
            fmpq_one(rf_net_b(B, 1, k));
            fmpq_set_si(rf_net_W(B, 2, 0, k), sgn, 1);
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

/* Prop. 5.9 swap, by hand (as in tests/three/test_nongeneric.c) */
static int move_swap2(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong n1, n2, n3, i, j, k, o, z;
    fmpq_t delta, t;
    if (A->L != 3)
        return 0;
    n1 = A->dims[1], n2 = A->dims[2], n3 = A->dims[3];
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

/* a perturbation of one parameter (usually a non-partner) */
static int move_perturb(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong D = rf_net_num_params(A), k = (slong) n_randint(st, D);
    fmpq *th = _fmpq_vec_init(D);
    fmpq_t dl;
    fmpq_init(dl);
    rf_net_get_params(th, A);
    fmpq_set_si(dl, n_randint(st, 2) ? 1 : -1, 2 + n_randint(st, 6));
    fmpq_add(th + k, th + k, dl);
    rf_net_set(B, A);
    rf_net_set_params(B, th);
    _fmpq_vec_clear(th, D);
    fmpq_clear(dl);
    return 1;
}

/* silence a hidden neuron: zero row and bias, so its pre-activation is
 * identically 0 (pattern entry 0 on every region of theta'); a partner
 * when the neuron did not contribute, otherwise a non-partner */
static int move_silence(rf_net_t B, const rf_net_t A, flint_rand_t st)
{
    slong l, i, j;
    if (A->L < 2)
        return 0;
    l = (slong) n_randint(st, A->L - 1);
    i = (slong) n_randint(st, A->dims[l + 1]);
    rf_net_set(B, A);
    for (j = 0; j < A->dims[l]; j++)
        fmpq_zero(rf_net_W(B, l, i, j));
    fmpq_zero(rf_net_b(B, l, i));
    return 1;
}

typedef int (*move_fn)(rf_net_t, const rf_net_t, flint_rand_t);
static const move_fn moves[] = {move_perm_scale, move_dead, move_zero_output, move_flip,
                                move_swap2, move_silence, move_perturb};
static const char *const move_name[] = {"perm+scale", "dead redraw", "zero-output redraw",
                                        "flip absorbed", "swap (Prop. 5.9)", "silenced neuron",
                                        "perturbation"};
#define NMOVES 7

/* the net of round it: the four small architectures, a four-layer one, the notes' E3 family
 * and a Prop. 5.9 swap profile (crossing neurons reading y_1 positively) */
static void round_net(rf_net_t A, flint_rand_t st, slong it)
{
    static const slong archs[5][6] = {{2, 2, 3, 1}, {3, 2, 2, 2, 1}, {3, 2, 2, 3, 1},
                                      {3, 3, 2, 2, 1}, {4, 1, 2, 1, 2, 1}};
    slong kind = it % 7, i, j;
    if (kind == 6) {
        rand_nongeneric(A, st, archs[4][0], archs[4] + 1);
    } else if (kind < 4) {
        rand_nongeneric(A, st, archs[kind][0], archs[kind] + 1);
    } else if (kind == 4) {
        static const slong W2[3][3] = {{1, 1, 1}, {2, -1, -1}, {-1, -1, -1}};
        rf_net_clear(A);
        rf_net_init(A, 3, (slong[]) {2, 2, 3, 1});
        for (i = 0; i < 2; i++)
            fmpq_set_si(rf_net_W(A, 0, i, i), 1 + (slong) n_randint(st, 3), 1);
        for (j = 0; j < 3; j++) {
            for (i = 0; i < 2; i++)
                fmpq_set_si(rf_net_W(A, 1, j, i), W2[j][i], 1);
            fmpq_set_si(rf_net_b(A, 1, j), W2[j][2], 1);
            fmpq_set_si(rf_net_W(A, 2, 0, j), 1 + (slong) n_randint(st, 3), 1);
        }
    } else {
        /* (2,2,3,1): A (row >= 0, y_2 only), H-profile crossing neuron
         * reading y_1 positively, y_2 negatively, bias < 0, and a dead one */
        rf_net_clear(A);
        rf_net_init(A, 3, (slong[]) {2, 2, 3, 1});
        for (i = 0; i < 2; i++) {
            fmpq_set_si(rf_net_W(A, 0, i, i), 1 + (slong) n_randint(st, 2), 1);
            fmpq_set_si(rf_net_W(A, 0, i, 1 - i), (slong) n_randint(st, 3) - 1, 1);
        }
        fmpq_set_si(rf_net_W(A, 1, 0, 0), 1 + (slong) n_randint(st, 2), 1);
        fmpq_set_si(rf_net_W(A, 1, 0, 1), (slong) n_randint(st, 2), 1);
        fmpq_set_si(rf_net_b(A, 1, 0), 1, 1);
        fmpq_set_si(rf_net_W(A, 1, 1, 0), 1 + (slong) n_randint(st, 2), 1);
        fmpq_set_si(rf_net_W(A, 1, 1, 1), -1 - (slong) n_randint(st, 2), 1);
        fmpq_set_si(rf_net_b(A, 1, 1), -1, 1 + n_randint(st, 2));
        fmpq_set_si(rf_net_W(A, 1, 2, 0), -1, 1);
        fmpq_set_si(rf_net_W(A, 1, 2, 1), -(slong) n_randint(st, 2), 1);
        fmpq_set_si(rf_net_b(A, 1, 2), -1, 1);
        for (j = 0; j < 3; j++)
            fmpq_set_si(rf_net_W(A, 2, 0, j), n_randint(st, 2) ? 1 : -2, 1);
    }
}

#ifndef RF_SLOW_PART
Test(complete, random_nongeneric_vs_exhaustive)
{
    flint_rand_t st;
    slong it, iters = rf_test_iters(30), applied[NMOVES] = {0}, members[NMOVES] = {0};
    slong nonmembers = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 30); it++) {
        rf_decide_complete_t C;
        rf_net_t A, B;
        slong m;
        rf_decide_complete_init(C);
        rf_net_init(A, 1, (slong[]) {1, 1});
        rf_net_init(B, 1, (slong[]) {1, 1});
        round_net(A, st, it);
        build(C, A);
        cr_assert_eq(member(C, A), 1, "theta itself");
        for (m = 0; m < NMOVES; m++) {
            int in, eq;
            if (!moves[m](B, A, st))
                continue;
            applied[m]++;
            in = member(C, B);
            eq = oracle(A, B);
            cr_assert_eq(in, eq, "%s: member %d, exhaustive %d", move_name[m], in, eq);
            if (m < NMOVES - 2)
                cr_assert_eq(in, 1, "%s must be a partner", move_name[m]);
            members[m] += in;
            nonmembers += !in;
        }
        rf_net_clear(A);
        rf_net_clear(B);
        rf_decide_complete_clear(C);
    }
    for (it = 0; it < NMOVES; it++)
        cr_log_info("%s: %ld applied, %ld members\n", move_name[it], (long) applied[it],
                    (long) members[it]);
    cr_assert(applied[0] >= rf_test_count(6) && applied[1] >= rf_test_count(2)
              && applied[2] >= rf_test_count(2) && applied[3] >= rf_test_count(1)
              && applied[4] >= rf_test_count(1),
              "coverage: %ld %ld %ld %ld %ld", (long) applied[0], (long) applied[1],
              (long) applied[2], (long) applied[3], (long) applied[4]);
    cr_assert(nonmembers >= rf_test_count(iters / 4), "non-members: %ld", (long) nonmembers);
}

Test(complete, cap_and_bad_input)
{
    rf_decide_complete_t C;
    rf_net_t A, B;
    rf_err_t err;
    int m;
    rf_decide_complete_init(C);
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 2, (slong[]) {2, 2, 1});
    rf_err_init(err);
    load(A, "three_e3_a.rfn");
    cr_assert_eq(rf_decide_complete(C, A, 1000, err), RF_ERR_UNSUPPORTED);
    cr_assert(strstr(err->msg, "too large for --complete") != NULL, "%s", err->msg);
    cr_assert(strstr(err->msg, "cap 1000") != NULL, "%s", err->msg);
    cr_assert_eq(rf_decide_complete(C, A, 100, err), RF_ERR_UNSUPPORTED);   /* 3^5 > 100 */
    cr_assert_eq(rf_decide_complete(C, A, 1458, err), RF_OK, "%s", err->msg);
    cr_assert_eq(rf_decide_complete_member(&m, NULL, NULL, NULL, C, B, err), RF_ERR_INPUT);
    rf_err_clear(err);
    rf_net_clear(A);
    rf_net_clear(B);
    rf_decide_complete_clear(C);
}
#endif

#ifdef RF_SLOW_PART
/* z3 on the SMT-LIB export with the point asserted: sat iff member */
static int z3_member(const rf_decide_complete_t C, const rf_net_t B)
{
    char path[] = "/tmp/rf_complete_XXXXXX", cmd[512], line[256];
    int fd = mkstemp(path), res = -1;
    FILE *f, *p;
    slong k, D = rf_net_num_params(B);
    fmpq *th = _fmpq_vec_init(D);
    rf_err_t err;
    rf_err_init(err);
    cr_assert(fd >= 0);
    f = fdopen(fd, "w");
    cr_assert_eq(rf_decide_complete_fprint_smt2(f, C, err), RF_OK);
    rf_net_get_params(th, B);
    for (k = 0; k < D; k++) {
        char name[64];
        rf_net_param_name(name, sizeof name, B, k);
        fprintf(f, "(assert (= %s ", name);
        rf_export_smt_fprint_q(f, th + k);
        fprintf(f, "))\n");
    }
    fprintf(f, "(check-sat)\n");
    fclose(f);
    snprintf(cmd, sizeof cmd, "z3 -T:120 '%s' 2>&1", path);
    p = popen(cmd, "r");
    cr_assert(p != NULL);
    if (fgets(line, sizeof line, p)) {
        if (!strncmp(line, "sat", 3))
            res = 1;
        else if (!strncmp(line, "unsat", 5))
            res = 0;
    }
    pclose(p);
    cr_assert(res >= 0, "z3 said '%s' on %s", line, path);
    unlink(path);
    _fmpq_vec_clear(th, D);
    rf_err_clear(err);
    return res;
}

Test(complete_slow, z3_on_smt_export)
{
    flint_rand_t st;
    slong it, checked = 0;
    cr_assert_eq(system("z3 -version > /dev/null 2>&1"), 0, "z3 must be installed");
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 12); it++) {
        rf_decide_complete_t C;
        rf_net_t A, B;
        slong m;
        rf_decide_complete_init(C);
        rf_net_init(A, 1, (slong[]) {1, 1});
        rf_net_init(B, 1, (slong[]) {1, 1});
        round_net(A, st, it);
        build(C, A);
        cr_assert_eq(z3_member(C, A), 1, "theta itself");
        for (m = 0; m < NMOVES; m++) {
            int in, z;
            if (!moves[m](B, A, st))
                continue;
            in = member(C, B);
            cr_assert_eq(in, oracle(A, B), "%s", move_name[m]);
            z = z3_member(C, B);
            cr_assert_eq(z, in, "%s: z3 %d, member %d", move_name[m], z, in);
            checked++;
        }
        rf_net_clear(A);
        rf_net_clear(B);
        rf_decide_complete_clear(C);
    }
    cr_assert(checked >= rf_test_count(20));
}
#endif
