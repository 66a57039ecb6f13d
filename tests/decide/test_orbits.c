/* Orbit summaries (rf_decide_orbits, docs/orbits.md) against independent
 * oracles:
 *  - the order of Gamma(theta) against a brute force over every signed
 *    permutation of the permuted layer (and every permutation of the first
 *    layer of three-layer networks), each candidate applied by code written
 *    here and compared exactly; the generators re-applied here and the group
 *    they generate closed by breadth-first search;
 *  - the continuous family by exact evaluation at random rational inputs;
 *  - the neuromanifold dimension against the exact rank of a Jacobian built
 *    here by exact finite differences (step 1 on the input's own pattern);
 *  - the conservation bounds lie_lower <= lie_upper and, where a proof
 *    exists (generic shallow), the exact values;
 *  - the CLI (fiber --orbits, --json, exit 2 on bad input).
 * Seeded by RF_TEST_SEED, loops scaled by RF_TEST_MULTIPLIER. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <flint/fmpq_mat.h>
#include "relufiber/net.h"
#include "relufiber/io.h"
#include "relufiber/decide.h"
#include "relufiber/qvec.h"
#include "relufiber/three.h"

/* ---- helpers -------------------------------------------------------------- */

static void rand_q(fmpq_t q, flint_rand_t st, slong num, slong den)
{
    fmpq_set_si(q, (slong) n_randint(st, 2 * num + 1) - num, 1 + n_randint(st, den));
}

/* Random net of the given architecture with planted relations in the last
 * hidden layer l: copies of other neurons scaled by +-lambda (outgoing
 * divided by |lambda|), zero incoming rows, zero outgoing columns. */
static void planted(rf_net_t net, slong L, const slong *dims, flint_rand_t st)
{
    slong l = L - 2, w = dims[L - 1], i, j, a, nin = dims[l], nout = dims[l + 2];
    fmpq_t lam, al;
    fmpq_init(lam);
    fmpq_init(al);
    rf_net_clear(net);
    rf_net_init(net, L, dims);
    rf_net_randtest(net, st, 3, 2);
    for (i = 1; i < w; i++) {
        ulong c = n_randint(st, 6);
        if (c <= 2) {   /* copy of neuron j < i, scaled by lambda */
            j = (slong) n_randint(st, (ulong) i);
            fmpq_set_si(lam, 1 + (slong) n_randint(st, 3), 1 + n_randint(st, 2));
            if (c == 1)
                fmpq_neg(lam, lam);
            fmpq_abs(al, lam);
            for (a = 0; a < nin; a++)
                fmpq_mul(rf_net_W(net, l, i, a), rf_net_W(net, l, j, a), lam);
            fmpq_mul(rf_net_b(net, l, i), rf_net_b(net, l, j), lam);
            for (a = 0; a < nout; a++)
                fmpq_div(rf_net_W(net, l + 1, a, i), rf_net_W(net, l + 1, a, j), al);
        } else if (c == 3) {
            for (a = 0; a < nin; a++)
                fmpq_zero(rf_net_W(net, l, i, a));
            fmpq_zero(rf_net_b(net, l, i));
        } else if (c == 4) {
            for (a = 0; a < nout; a++)
                fmpq_zero(rf_net_W(net, l + 1, a, i));
        }
    }
    fmpq_clear(lam);
    fmpq_clear(al);
}

/* Written here, independently of the library: neuron i of layer l goes to
 * perm[i] with incoming * lam[i], outgoing / |lam[i]|, next bias + v_i b_i
 * for lam[i] < 0. */
static void my_apply(rf_net_t out, const rf_net_t net, slong l, const slong *perm,
                     const fmpq *lam)
{
    slong i, a, nin = net->dims[l], nout = net->dims[l + 2];
    fmpq_t al, t;
    fmpq_init(al);
    fmpq_init(t);
    rf_net_set(out, net);
    for (i = 0; i < net->dims[l + 1]; i++) {
        fmpq_abs(al, lam + i);
        for (a = 0; a < nin; a++)
            fmpq_mul(rf_net_W(out, l, perm[i], a), rf_net_W(net, l, i, a), lam + i);
        fmpq_mul(rf_net_b(out, l, perm[i]), rf_net_b(net, l, i), lam + i);
        for (a = 0; a < nout; a++)
            fmpq_div(rf_net_W(out, l + 1, a, perm[i]), rf_net_W(net, l + 1, a, i), al);
        if (fmpq_sgn(lam + i) < 0)
            for (a = 0; a < nout; a++) {
                fmpq_mul(t, rf_net_W(net, l + 1, a, i), rf_net_b(net, l, i));
                fmpq_add(rf_net_b(out, l + 1, a), rf_net_b(out, l + 1, a), t);
            }
    }
    fmpq_clear(al);
    fmpq_clear(t);
}

/* For candidate (perm, eps) find lambda (signs eps) mapping each neuron i
 * onto neuron perm[i] of net, if one exists. */
static int candidate_lambda(fmpq *lam, const rf_net_t net, slong l, const slong *perm,
                            const int *eps)
{
    slong i, a, nin = net->dims[l], nout = net->dims[l + 2];
    for (i = 0; i < net->dims[l + 1]; i++) {
        slong j = perm[i], p = -1;
        for (a = 0; a <= nin && p < 0; a++)
            if (!fmpq_is_zero(a < nin ? rf_net_W(net, l, i, a) : rf_net_b(net, l, i)))
                p = a;
        if (p >= 0) {
            fmpq_div(lam + i, p < nin ? rf_net_W(net, l, j, p) : rf_net_b(net, l, j),
                     p < nin ? rf_net_W(net, l, i, p) : rf_net_b(net, l, i));
            if (fmpq_sgn(lam + i) != eps[i])
                return 0;
        } else {
            slong q = -1;
            for (a = 0; a < nout && q < 0; a++)
                if (!fmpq_is_zero(rf_net_W(net, l + 1, a, i)))
                    q = a;
            if (q < 0)
                fmpq_one(lam + i);
            else {
                if (fmpq_is_zero(rf_net_W(net, l + 1, q, j)))
                    return 0;
                fmpq_div(lam + i, rf_net_W(net, l + 1, q, i), rf_net_W(net, l + 1, q, j));
                if (fmpq_sgn(lam + i) <= 0)
                    return 0;
            }
            if (eps[i] < 0)
                fmpq_neg(lam + i, lam + i);
        }
    }
    return 1;
}

static int next_perm(slong *p, slong n)
{
    slong a, b, t;
    for (a = n - 2; a >= 0 && p[a] > p[a + 1]; a--)
        ;
    if (a < 0)
        return 0;
    for (b = n - 1; p[b] < p[a]; b--)
        ;
    t = p[a], p[a] = p[b], p[b] = t;
    for (a = a + 1, b = n - 1; a < b; a++, b--)
        t = p[a], p[a] = p[b], p[b] = t;
    return 1;
}

/* Brute-force |Gamma|: every positive permutation-scaling of layer 0 (for
 * L == 3) times every signed permutation of the last hidden layer. */
static slong brute_order(const rf_net_t net)
{
    slong L = net->L, l = L - 2, w = net->dims[L - 1], count = 0, i;
    slong n1 = net->dims[1];
    slong *p0 = flint_malloc(n1 * sizeof(slong)), *p = flint_malloc(w * sizeof(slong));
    int *eps = flint_malloc(w * sizeof(int)), *one = flint_malloc(n1 * sizeof(int));
    fmpq *lam0 = _fmpq_vec_init(n1), *lam = _fmpq_vec_init(w);
    rf_net_t a, b;
    rf_net_init(a, 1, (slong[]) {1, 1});
    rf_net_init(b, 1, (slong[]) {1, 1});
    for (i = 0; i < n1; i++)
        one[i] = 1, p0[i] = i;
    do {
        if (L == 3) {
            /* layer 0 positive: no sign change allowed there */
            if (!candidate_lambda(lam0, net, 0, p0, one))
                continue;
            my_apply(a, net, 0, p0, lam0);
        } else {
            rf_net_set(a, net);
        }
        for (i = 0; i < w; i++)
            p[i] = i;
        do {
            ulong mask;
            for (mask = 0; mask < (UWORD(1) << w); mask++) {
                for (i = 0; i < w; i++)
                    eps[i] = (mask >> i) & 1 ? -1 : 1;
                if (!candidate_lambda(lam, a, l, p, eps))
                    continue;
                my_apply(b, a, l, p, lam);
                if (rf_net_equal(b, net))
                    count++;
            }
        } while (next_perm(p, w));
    } while (L == 3 && next_perm(p0, n1));
    rf_net_clear(a);
    rf_net_clear(b);
    _fmpq_vec_clear(lam0, n1);
    _fmpq_vec_clear(lam, w);
    flint_free(p0);
    flint_free(p);
    flint_free(eps);
    flint_free(one);
    return count;
}

/* Closure of the generators as signed permutations (perm, sign), by BFS. */
static slong closure_size(const rf_decide_orbits_t O)
{
    slong w = O->width, cap = 50000, n = 1, head = 0, g, i, k;
    slong *el = flint_malloc(cap * 2 * w * sizeof(slong));
    for (i = 0; i < w; i++)
        el[i] = i, el[w + i] = 1;
    while (head < n) {
        for (g = 0; g < O->ngens; g++) {
            slong e[64];
            const slong *x = el + head * 2 * w;
            for (i = 0; i < w; i++) {   /* generator after x */
                slong j = x[i];
                e[i] = O->gen_perm[g * w + j];
                e[w + i] = x[w + i] * fmpq_sgn(O->gen_lambda + g * w + j);
            }
            for (k = 0; k < n; k++)
                if (!memcmp(el + k * 2 * w, e, 2 * w * sizeof(slong)))
                    break;
            if (k == n && n < cap) {
                memcpy(el + n * 2 * w, e, 2 * w * sizeof(slong));
                n++;
            }
        }
        head++;
    }
    flint_free(el);
    return n;
}

Test(orbits, group_order_bruteforce_shallow)
{
    flint_rand_t st;
    slong it, nontrivial = 0, signed_ = 0;
    rf_net_t net, img;
    rf_test_randinit(st);
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_net_init(img, 1, (slong[]) {1, 1});
    for (it = 0; rf_test_loop(it, 150); it++) {
        slong dims[3] = {1 + (slong) n_randint(st, 2), 1 + (slong) n_randint(st, 5),
                         1 + (slong) n_randint(st, 2)}, g;
        rf_decide_orbits_t O;
        rf_err_t err;
        slong bf;
        planted(net, 2, dims, st);
        rf_decide_orbits_init(O);
        rf_err_init(err);
        cr_assert_eq(rf_decide_orbits_group(O, net, err), RF_OK, "%s", err->msg);
        bf = brute_order(net);
        cr_assert(fmpz_equal_si(O->order, bf), "order %ld vs brute force %ld",
                  fmpz_get_si(O->order), (long) bf);
        cr_assert_eq(closure_size(O), bf, "generators do not generate the group");
        for (g = 0; g < O->ngens; g++) {
            my_apply(img, net, 0, O->gen_perm + g * O->width, O->gen_lambda + g * O->width);
            cr_assert(rf_net_equal(img, net), "generator %ld does not fix theta", (long) g);
            if (fmpq_sgn(O->gen_lambda + g * O->width + O->gen_perm[g * O->width]) < 0)
                signed_++;
        }
        if (bf > 1)
            nontrivial++;
        rf_decide_orbits_clear(O);
        rf_err_clear(err);
    }
    cr_assert(nontrivial >= rf_test_count(30), "only %ld non-trivial groups", (long) nontrivial);
    cr_assert(signed_ >= rf_test_count(10), "only %ld sign-changing generators", (long) signed_);
    rf_net_clear(net);
    rf_net_clear(img);
    flint_randclear(st);
}

Test(orbits, group_order_bruteforce_three_layer)
{
    flint_rand_t st;
    slong it, nontrivial = 0, done = 0;
    rf_net_t net;
    rf_test_randinit(st);
    rf_net_init(net, 1, (slong[]) {1, 1});
    for (it = 0; rf_test_loop(it, 60); it++) {
        slong n1 = 1 + (slong) n_randint(st, 2);
        slong dims[4] = {2, n1, 1 + (slong) n_randint(st, 4), 1 + (slong) n_randint(st, 2)};
        rf_decide_orbits_t O;
        rf_err_t err;
        slong bf;
        int r;
        planted(net, 3, dims, st);
        if (n1 == 2 && n_randint(st, 3) == 0) {   /* twin first-layer rows: G1 fails */
            slong a;
            for (a = 0; a < 2; a++)
                fmpq_mul_si(rf_net_W(net, 0, 1, a), rf_net_W(net, 0, 0, a), 2);
            fmpq_mul_si(rf_net_b(net, 0, 1), rf_net_b(net, 0, 0), 2);
        }
        rf_decide_orbits_init(O);
        rf_err_init(err);
        r = rf_decide_orbits_group(O, net, err);
        {
            fmpq_mat_t B;
            slong rk;
            fmpq_mat_init(B, n1, 2);
            rk = fmpq_mat_rref(B, net->W + 0);
            fmpq_mat_clear(B);
            if (rk < n1) {
                cr_assert_eq(r, RF_ERR_UNSUPPORTED, "rank-deficient W1 accepted");
                rf_decide_orbits_clear(O);
                rf_err_clear(err);
                continue;
            }
        }
        cr_assert_eq(r, RF_OK, "%s", err->msg);
        bf = brute_order(net);
        cr_assert(fmpz_equal_si(O->order, bf), "order %ld vs brute force %ld",
                  fmpz_get_si(O->order), (long) bf);
        cr_assert_eq(closure_size(O), bf);
        if (bf > 1)
            nontrivial++;
        done++;
        rf_decide_orbits_clear(O);
        rf_err_clear(err);
    }
    cr_assert(done >= rf_test_count(30) && nontrivial >= rf_test_count(10),
              "coverage: %ld nets, %ld non-trivial", (long) done, (long) nontrivial);
    rf_net_clear(net);
    flint_randclear(st);
}

/* ---- full summaries ---------------------------------------------------------- */

static void load(rf_net_t net, const char *name)
{
    char path[1024];
    rf_err_t err;
    const char *ex = getenv("RF_EXAMPLES");
    snprintf(path, sizeof(path), "%s/%s", ex ? ex : "examples", name);
    rf_err_init(err);
    cr_assert_eq(rf_io_read_file(net, path, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), RF_OK, "%s: %s", path, err->msg);
    rf_err_clear(err);
}

/* Exact rank of the Jacobian of theta -> (f(x_k))_k built here: on the
 * pattern of x_k, f is affine in each single parameter, so the difference
 * with step 1 is the exact partial derivative. */
static slong brute_rank(const rf_net_t net, flint_rand_t st, slong npts)
{
    slong D = rf_net_num_params(net), H = rf_net_num_hidden(net), n0 = net->dims[0];
    slong nd = rf_net_out_dim(net), k, p, o, row = 0, rk;
    fmpq *th = _fmpq_vec_init(D), *x = _fmpq_vec_init(n0), *y0 = _fmpq_vec_init(nd),
         *y1 = _fmpq_vec_init(nd);
    int *pat = flint_malloc((H + 1) * sizeof(int));
    fmpq_mat_t J, B;
    rf_net_t tn;
    rf_net_init(tn, 1, (slong[]) {1, 1});
    rf_net_set(tn, net);
    rf_net_get_params(th, net);
    fmpq_mat_init(J, npts * nd, D);
    /* inputs: the midpoints between consecutive breakpoints of random
       lines (and one beyond each end), so thin regions are met too */
    for (p = 0; p < npts && row + nd <= npts * nd; ) {
        fmpq *t = NULL, *x0 = _fmpq_vec_init(n0), *v = _fmpq_vec_init(n0);
        slong nt, q;
        for (k = 0; k < n0; k++) {
            rand_q(x0 + k, st, 20, 3);
            rand_q(v + k, st, 9, 4);
        }
        if (n0 == 1)
            fmpq_one(v);
        nt = rf_three_line_breakpoints(&t, net, x0, v);
        for (q = -1; q < 2 * nt + 1 && p < npts; q++, p++) {
            /* two points in each interval: q = 2i, 2i + 1 of interval i */
            slong iv = (q + 1) / 2, sec = (q + 1) % 2;
            fmpq_t u;
            fmpq_init(u);
            if (nt == 0)
                fmpq_set_si(u, sec, 1);
            else if (iv == 0)
                fmpq_sub_si(u, t + 0, 1 + sec);
            else if (iv == nt)
                fmpq_add_si(u, t + nt - 1, 1 + sec);
            else {   /* (2 t_a + t_b) / 3 or (t_a + 2 t_b) / 3 */
                fmpq_t w;
                fmpq_init(w);
                fmpq_add(u, t + iv - 1, t + iv - 1);
                fmpq_add(u, u, t + iv);
                if (sec) {
                    fmpq_add(u, t + iv, t + iv);
                    fmpq_add(u, u, t + iv - 1);
                }
                fmpq_div_fmpz(u, u, (fmpz[]) {3});
                fmpq_clear(w);
            }
            for (k = 0; k < n0; k++) {
                fmpq_mul(x + k, v + k, u);
                fmpq_add(x + k, x + k, x0 + k);
            }
            fmpq_clear(u);
            if (rf_net_pattern(pat, net, x) != 0)
                continue;
            rf_net_eval_on_pattern(y0, net, pat, x);
            for (k = 0; k < D; k++) {
                fmpq_add_si(th + k, th + k, 1);
                rf_net_set_params(tn, th);
                rf_net_eval_on_pattern(y1, tn, pat, x);
                fmpq_sub_si(th + k, th + k, 1);
                for (o = 0; o < nd; o++)
                    fmpq_sub(fmpq_mat_entry(J, row + o, k), y1 + o, y0 + o);
            }
            row += nd;
        }
        if (t != NULL)
            flint_free(t);
        _fmpq_vec_clear(x0, n0);
        _fmpq_vec_clear(v, n0);
    }
    fmpq_mat_init(B, J->r, D);
    rk = fmpq_mat_rref(B, J);
    fmpq_mat_clear(B);
    fmpq_mat_clear(J);
    rf_net_clear(tn);
    _fmpq_vec_clear(th, D);
    _fmpq_vec_clear(x, n0);
    _fmpq_vec_clear(y0, nd);
    _fmpq_vec_clear(y1, nd);
    flint_free(pat);
    return rk;
}

/* Exact agreement of two networks at npts random rational inputs. */
static int agree(const rf_net_t a, const rf_net_t b, flint_rand_t st, slong npts)
{
    slong n0 = a->dims[0], nd = rf_net_out_dim(a), p, k;
    fmpq *x = _fmpq_vec_init(n0), *ya = _fmpq_vec_init(nd), *yb = _fmpq_vec_init(nd);
    int ok = 1;
    for (p = 0; p < npts && ok; p++) {
        for (k = 0; k < n0; k++) {
            rand_q(x + k, st, 60, 7);
            if (p % 2)
                fmpq_div_fmpz(x + k, x + k, (fmpz[]) {16});
        }
        rf_net_eval(ya, a, x);
        rf_net_eval(yb, b, x);
        ok = rf_qvec_equal(ya, yb, nd);
    }
    _fmpq_vec_clear(x, n0);
    _fmpq_vec_clear(ya, nd);
    _fmpq_vec_clear(yb, nd);
    return ok;
}

static const char *const summary_examples[] = {
    "shallow_abs.rfn", "shallow_generic.rfn", "shallow_2_3_1.rfn", "shallow_flip_a.rfn",
    "three_e1_hide.rfn", "three_e2_b.rfn", "three_e3_a.rfn", "three_e3_generic.rfn",
    "three_e4_hidden.rfn", "three_e4_shift_half.rfn", "three_e6_a.rfn",
};

Test(orbits, summaries_against_oracles, .timeout = 600)
{
    flint_rand_t st;
    size_t e;
    slong shifts = 0, holds = 0, nm_exact = 0, checked = 0;
    rf_test_randinit(st);
    for (e = 0; e < sizeof(summary_examples) / sizeof(summary_examples[0]); e++) {
        rf_net_t net, fam, cert;
        rf_decide_orbits_t O;
        rf_err_t err;
        fmpq *lam, *s;
        slong t, k, bf;
        rf_net_init(net, 1, (slong[]) {1, 1});
        rf_net_init(fam, 1, (slong[]) {1, 1});
        rf_net_init(cert, 1, (slong[]) {1, 1});
        load(net, summary_examples[e]);
        rf_decide_orbits_init(O);
        rf_err_init(err);
        cr_assert_eq(rf_decide_orbits(O, net, rf_test_cur_seed + 1, err), RF_OK, "%s: %s",
                     summary_examples[e], err->msg);
        cr_assert(O->gens_checked && O->checks_ok);
        cr_assert(O->ncomp >= 1 && O->ntypes >= 1);
        cr_assert(O->own_comp >= 0, "%s: theta not located in its fiber", summary_examples[e]);
        /* 3. the family: random members agree exactly with theta */
        lam = _fmpq_vec_init(O->H);
        s = _fmpq_vec_init(O->nshift + 1);
        for (t = 0; t < 4; t++) {
            for (k = 0; k < O->H; k++)
                fmpq_set_si(lam + k, 1 + (slong) n_randint(st, 9), 1 + n_randint(st, 6));
            for (k = 0; k < O->nshift; k++) {
                fmpq_set_si(s + k, (slong) n_randint(st, 5), 1 + n_randint(st, 3));
                if (O->shift_finite[k])
                    fmpq_sub(s + k, O->shift_smax + k, s + k);
                else
                    fmpq_neg(s + k, s + k);
            }
            rf_decide_orbits_family(fam, O, net, lam, s);
            cr_assert(agree(fam, net, st, 60), "%s: family member differs", summary_examples[e]);
            cr_assert(!rf_net_equal(fam, net) || t > 0 || O->H == 0);
        }
        /* 3b. every checked component point: in its component (fiber rebuilt
           here) and the same function at random rational inputs */
        {
            rf_sys_t sys;
            slong q;
            rf_sys_init(sys, 0, NULL, NULL);
            cr_assert_eq(rf_decide_fiber(sys, net, err), RF_OK);
            cr_assert_eq(sys->ncomp, O->ncomp);
            for (q = 0; q < O->npar; q++) {
                const rf_decide_orbits_param_struct *P = O->par + q;
                if (P->status != RF_DECIDE_ORBITS_PAR_CHECKED)
                    continue;
                checked++;
                cr_assert_eq(P->npoint, sys->nvars);
                cr_assert(rf_sys_component_contains(sys, P->comp, P->point),
                          "%s: point of component %ld outside it", summary_examples[e], (long) P->comp);
                rf_net_set(fam, net);
                rf_net_set_params(fam, P->point);
                cr_assert(agree(fam, net, st, 60), "%s: point of component %ld differs",
                          summary_examples[e], (long) P->comp);
            }
            rf_sys_clear(sys);
        }
        shifts += O->nshift;
        _fmpq_vec_clear(lam, O->H);
        _fmpq_vec_clear(s, O->nshift + 1);
        /* the orbit dimension never exceeds H + #shifts, nor theta's component */
        cr_assert(O->orbit_dim <= O->H + O->nshift);
        if (O->own_dim >= 0)
            cr_assert(O->orbit_dim <= O->own_dim, "%s: family dim %ld > component dim %ld",
                      summary_examples[e], (long) O->orbit_dim, (long) O->own_dim);
        /* 4. the certificate parameter, by the brute-force rank */
        rf_net_set(cert, net);
        rf_net_set_params(cert, O->nm_theta);
        bf = brute_rank(cert, st, 40 * O->D);
        cr_assert(bf <= O->nm_upper, "%s: rank %ld above the bound %ld", summary_examples[e],
                  (long) bf, (long) O->nm_upper);
        cr_assert(bf >= O->nm_lower || !O->nm_exact, "%s: certified %ld, brute force %ld",
                  summary_examples[e], (long) O->nm_lower, (long) bf);
        if (O->nm_exact)
            nm_exact++;
        /* 5. bounds consistent */
        cr_assert(O->lie_lower >= 0 && O->lie_lower <= O->lie_upper,
                  "%s: Lie bounds %ld > %ld", summary_examples[e], (long) O->lie_lower,
                  (long) O->lie_upper);
        cr_assert_eq(O->lie_upper, O->D - O->laws);
        if (O->lie_lower == O->lie_upper)
            holds++;
        rf_decide_orbits_clear(O);
        rf_err_clear(err);
        rf_net_clear(net);
        rf_net_clear(fam);
        rf_net_clear(cert);
    }
    cr_assert(shifts >= 3, "only %ld shifts met", (long) shifts);
    cr_assert(checked >= 15, "only %ld component points checked", (long) checked);
    cr_assert(nm_exact >= 8 && holds >= 6, "nm exact %ld, conjecture certified %ld",
              (long) nm_exact, (long) holds);
    flint_randclear(st);
}

/* Generic shallow parameters: Gamma trivial (no proportional neurons), the
 * family has dimension n, the neuromanifold D - n, and the laws (the n
 * balances) equal D - dim Lie exactly: dim Lie >= FD = D - n (level 0) and
 * <= D - n (the balances). */
Test(orbits, generic_shallow_exact_values, .timeout = 600)
{
    flint_rand_t st;
    slong it;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 6); it++) {
        slong dims[3] = {1 + (slong) n_randint(st, 2), 2 + (slong) n_randint(st, 2), 1};
        rf_net_t net;
        rf_decide_orbits_t O;
        rf_err_t err;
        rf_net_init(net, 2, dims);
        rf_net_randtest(net, st, 9, 5);
        rf_decide_orbits_init(O);
        rf_err_init(err);
        cr_assert_eq(rf_decide_orbits(O, net, it, err), RF_OK, "%s", err->msg);
        if (O->nclass == dims[1] && O->nzero == 0) {
            cr_assert(fmpz_is_one(O->order));
            cr_assert_eq(O->ngens, 0);
        }
        cr_assert_eq(O->nm_upper, O->D - dims[1]);
        cr_assert(O->nm_exact, "neuromanifold of a shallow architecture not certified");
        cr_assert(O->laws >= 1 && O->laws <= dims[1]);
        rf_decide_orbits_clear(O);
        rf_err_clear(err);
        rf_net_clear(net);
    }
    flint_randclear(st);
}

/* Planted twins, anti-twins, zero rows and columns: the Lie lower bound never
 * exceeds D - (rank of the laws). A wrong law (one whose gradient is not
 * orthogonal to some gradient field) would let the computed span pass it. */
Test(orbits, lie_bounds_on_planted_shallow, .timeout = 600)
{
    flint_rand_t st;
    slong it, computed = 0;
    rf_net_t net;
    rf_test_randinit(st);
    rf_net_init(net, 1, (slong[]) {1, 1});
    for (it = 0; rf_test_loop(it, 10); it++) {
        /* small widths: the fiber builder's containment checks dominate */
        slong dims[3] = {1 + (slong) n_randint(st, 2), 2 + (slong) n_randint(st, 2), 1};
        rf_decide_orbits_t O;
        rf_err_t err;
        planted(net, 2, dims, st);
        rf_decide_orbits_init(O);
        rf_err_init(err);
        cr_assert_eq(rf_decide_orbits(O, net, it, err), RF_OK, "%s", err->msg);
        if (O->lie_lower >= 0) {
            computed++;
            cr_assert(O->lie_lower <= O->lie_upper, "Lie bounds %ld > %ld",
                      (long) O->lie_lower, (long) O->lie_upper);
        }
        rf_decide_orbits_clear(O);
        rf_err_clear(err);
    }
    cr_assert(computed >= rf_test_count(5), "only %ld computed", (long) computed);
    rf_net_clear(net);
    flint_randclear(st);
}

/* ---- CLI ------------------------------------------------------------------------ */

static int run(char *out, size_t len, const char *args)
{
    const char *bin = getenv("RF_BIN"), *ex = getenv("RF_EXAMPLES");
    char cmd[2048];
    FILE *p;
    size_t got;
    int stt;
    if (bin == NULL || access(bin, X_OK) != 0)
        cr_skip_test("RF_BIN not set or not executable: CLI test SKIPPED");
    snprintf(cmd, sizeof(cmd), "cd %s && %s %s 2>&1", ex ? ex : "examples", bin, args);
    p = popen(cmd, "r");
    cr_assert(p != NULL);
    got = fread(out, 1, len - 1, p);
    out[got] = 0;
    stt = pclose(p);
    return WIFEXITED(stt) ? WEXITSTATUS(stt) : -1;
}

static char buf[1 << 18];

Test(orbits, cli, .timeout = 600)
{
    cr_assert_eq(run(buf, sizeof(buf), "fiber --orbits shallow_abs.rfn"), 0, "%s", buf);
    cr_assert(strstr(buf, "order 2 ") != NULL, "%s", buf);
    cr_assert(strstr(buf, "neuron 1 -> 2 (lambda -1), neuron 2 -> 1 (lambda -1)") != NULL, "%s", buf);
    cr_assert(strstr(buf, "neuromanifold of 1-2-1: dimension 5 ") != NULL, "%s", buf);
    cr_assert(strstr(buf, "conjecture (laws = D - dim Lie) holds here") != NULL, "%s", buf);
    cr_assert_eq(run(buf, sizeof(buf), "fiber --orbits three_e4_hidden.rfn"), 0, "%s", buf);
    cr_assert(strstr(buf, "s_1 <= ") != NULL || strstr(buf, "s_2 <= ") != NULL, "%s", buf);
    cr_assert(strstr(buf, "theta lies in component 1 (dimension 5)") != NULL, "%s", buf);
    cr_assert_eq(run(buf, sizeof(buf), "fiber --orbits --json three_e3_a.rfn"), 0, "%s", buf);
    cr_assert(strstr(buf, "\"order\": \"2\"") != NULL, "%s", buf);
    cr_assert(strstr(buf, "\"dims_stated\": false") != NULL, "%s", buf);
    cr_assert(strstr(buf, "\"dim\": 14") != NULL, "%s", buf);
    /* bad input: exit 2 with a message */
    cr_assert_eq(run(buf, sizeof(buf), "fiber --orbits three_e5_conp.rfn"), 2);
    cr_assert(strstr(buf, "need a bottleneck") != NULL, "%s", buf);
    cr_assert_eq(run(buf, sizeof(buf), "fiber --orbits fdim_deep_2_4_4_1.rfn"), 2);
    {   /* four affine layers: not supported */
        char path[] = "/tmp/rf_orbits_deep_XXXXXX", args[256];
        int fd = mkstemp(path);
        FILE *f;
        cr_assert(fd >= 0);
        f = fdopen(fd, "w");
        fprintf(f, "arch 1 1 1 1 1\nW1\n1\nb1 0\nW2\n1\nb2 0\nW3\n1\nb3 0\nW4\n1\nb4 0\n");
        fclose(f);
        snprintf(args, sizeof(args), "fiber --orbits --input-format rfn %s", path);
        cr_assert_eq(run(buf, sizeof(buf), args), 2, "%s", buf);
        cr_assert(strstr(buf, "4 affine layers") != NULL, "%s", buf);
        unlink(path);
    }
    cr_assert_eq(run(buf, sizeof(buf), "fiber --orbits no_such_file.rfn"), 2);
    cr_assert_eq(run(buf, sizeof(buf), "fiber --orbits --seed -3 shallow_abs.rfn"), 2);
    cr_assert(strstr(buf, "--seed") != NULL, "%s", buf);
    cr_assert_eq(run(buf, sizeof(buf), "fiber --orbits --format m2 shallow_abs.rfn"), 2);
    cr_assert(strstr(buf, "--orbits prints text or JSON") != NULL, "%s", buf);
}
