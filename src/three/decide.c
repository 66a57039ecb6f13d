/* Certified functional equivalence of three-layer networks (notes 6.2-6.5):
 * canonical hidden shifts, first-layer matching up to permutation and
 * positive scaling, comparison of the upper canonical forms on the orthant;
 * witnesses from differing canonical forms through exact line tests; the
 * complete univariate procedure for n1 = 1. Every answer is re-checked
 * exactly before it is returned; anything uncertain is RF_ERR_UNSUPPORTED.
 * Witnesses are brought to small height (rf_equiv_shrink_separating: the
 * separating set is open) before they are stored. */
#include <math.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/three.h"
#include "relufiber/qvec.h"
#include "relufiber/rational.h"
#include "three_internal.h"

/* ---------------------------------------------------------------------- */
/* small helpers                                                           */

static void canon_to_str(_rf_three_str_t *s, const rf_three_canon2_t C)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL)
        return;
    rf_three_canon2_fprint(f, C);
    fclose(f);
    _rf_three_str_printf(s, "%s", buf);
    free(buf);
}

/* A constant network of the given architecture with value c (length dL). */
static void const_net(rf_net_t out, const rf_net_t like, const fmpq *c)
{
    slong r;
    rf_net_clear(out);
    rf_net_init(out, like->L, like->dims);
    for (r = 0; r < like->dims[like->L]; r++)
        fmpq_set(rf_net_b(out, like->L - 1, r), c + r);
}

/* Stores a NO verdict at a small-height separating input near x
 * (rf_equiv_shrink_separating; x itself when nothing smaller separates). */
static int set_witness(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                       const fmpq *x, const char *method, rf_err_t err)
{
    slong n0 = rf_net_in_dim(A);
    fmpq *xs = _fmpq_vec_init(n0);
    int ok;
    rf_equiv_shrink_separating(xs, A, B, x, NULL, NULL);
    ok = rf_equiv_set_separating(res, A, B, xs, method);
    _fmpq_vec_clear(xs, n0);
    if (!ok)
        return rf_err_set(err, RF_ERR_INTERNAL, "three", 0,
                          "separating input failed to re-check (bug)");
    return RF_OK;
}

/* Try a batch of random lines; 1 and x if a separating input was found. */
static int random_lines(fmpq *x, const rf_net_t A, const rf_net_t B,
                        flint_rand_t st, slong tries)
{
    slong n0 = A->dims[0], t, k;
    fmpq *x0 = _fmpq_vec_init(n0), *v = _fmpq_vec_init(n0);
    int found = 0;
    for (t = 0; t < tries && !found; t++) {
        for (k = 0; k < n0; k++) {
            _rf_three_randq(x0 + k, st, 8, 3, 0);
            _rf_three_randq(v + k, st, 8, 3, 0);
        }
        if (rf_qvec_is_zero(v, n0))
            fmpq_one(v);
        found = rf_three_line_test(x, A, B, x0, v);
    }
    _fmpq_vec_clear(x0, n0);
    _fmpq_vec_clear(v, n0);
    return found;
}

/* Lines along ker W1 of one network (where it is constant) through random
 * points: if the other network varies there, a witness appears. */
static int kernel_lines(fmpq *x, const rf_net_t A, const rf_net_t B,
                        const rf_net_t K, flint_rand_t st, slong tries)
{
    slong n0 = A->dims[0], n1 = K->dims[1], t, k, i;
    fmpq *x0 = _fmpq_vec_init(n0), *v = _fmpq_vec_init(n0);
    fmpq *p = _fmpq_vec_init(n0), *z = _fmpq_vec_init(n1);
    fmpq_t s;
    int found = 0;
    fmpq_init(s);
    if (_rf_three_rank(K->W + 0) < n1 || n1 >= n0)
        tries = 0;
    for (t = 0; t < tries && !found; t++) {
        for (k = 0; k < n0; k++) {
            _rf_three_randq(x0 + k, st, 8, 3, 0);
            _rf_three_randq(v + k, st, 8, 3, 0);
        }
        /* project v onto ker W1(K) */
        for (i = 0; i < n1; i++) {
            fmpq_zero(z + i);
            for (k = 0; k < n0; k++) {
                fmpq_mul(s, rf_net_W(K, 0, i, k), v + k);
                fmpq_add(z + i, z + i, s);
            }
        }
        _rf_three_preimage(p, K->W + 0, NULL, z);
        for (k = 0; k < n0; k++)
            fmpq_sub(v + k, v + k, p + k);
        if (rf_qvec_is_zero(v, n0))
            continue;
        found = rf_three_line_test(x, A, B, x0, v);
    }
    fmpq_clear(s);
    _fmpq_vec_clear(x0, n0);
    _fmpq_vec_clear(v, n0);
    _fmpq_vec_clear(p, n0);
    _fmpq_vec_clear(z, n1);
    return found;
}

/* x_k rounded to RF_THREE_LINE_ROUND_BITS significant bits (a dyadic) */
static void round_small(fmpq *x, slong n)
{
    slong k;
    for (k = 0; k < n; k++) {
        double d = rf_q_get_d(x + k), m;
        int e;
        if (d == 0 || !isfinite(d))
            continue;
        m = frexp(d, &e);
        rf_q_set_d(x + k, ldexp(nearbyint(ldexp(m, RF_THREE_LINE_ROUND_BITS)),
                                e - RF_THREE_LINE_ROUND_BITS));
    }
}

/* Lines crossing the first-layer hyperplane H_i of net P transversally at
 * random points of H_i (aimed at visible pieces). */
static int hyperplane_lines(fmpq *x, const rf_net_t A, const rf_net_t B,
                            const rf_net_t P, slong i, flint_rand_t st,
                            slong tries)
{
    slong n0 = A->dims[0], n1 = P->dims[1], t, k;
    fmpq *x0 = _fmpq_vec_init(n0), *v = _fmpq_vec_init(n0);
    fmpq *z = _fmpq_vec_init(n1), *e = _fmpq_vec_init(n1);
    fmpq_t r;
    int found = 0;
    fmpq_init(r);
    fmpq_one(e + i);
    for (t = 0; t < tries && !found; t++) {
        for (k = 0; k < n1; k++)
            _rf_three_randq(z + k, st, 6, 1 + t, 0);
        fmpq_zero(z + i);
        if (!_rf_three_preimage(x0, P->W + 0, P->b + 0, z) ||
            !_rf_three_preimage(v, P->W + 0, NULL, e))
            break;
        for (k = 0; k < n0; k++) {
            _rf_three_randq(r, st, 1, 16, 0);
            fmpq_div_2exp(r, r, 2);
            fmpq_add(v + k, v + k, r);
        }
        /* the preimages have large height (a linear solve): round the line
         * to small height, it still crosses H_i near the aimed point */
        round_small(x0, n0);
        round_small(v, n0);
        if (rf_qvec_is_zero(v, n0))
            continue;
        found = rf_three_line_test(x, A, B, x0, v);
    }
    fmpq_clear(r);
    _fmpq_vec_clear(x0, n0);
    _fmpq_vec_clear(v, n0);
    _fmpq_vec_clear(z, n1);
    _fmpq_vec_clear(e, n1);
    return found;
}

/* ---------------------------------------------------------------------- */
/* witness from different upper canonical forms (notes 6.5)               */

static void hyp_value(fmpq_t s, const fmpq *h, const fmpq *y, slong m)
{
    slong i;
    fmpq_t t;
    fmpq_init(t);
    fmpq_set(s, h + m);
    for (i = 0; i < m; i++) {
        fmpq_mul(t, h + i, y + i);
        fmpq_add(s, s, t);
    }
    fmpq_clear(t);
}

/* A point y of int O on hyperplane h = (a, alpha), a crossing hyperplane. */
static void point_on_crossing(fmpq *y, const fmpq *h, slong m)
{
    slong k = -1, q = -1, l;
    fmpq_t eps, s, t;
    const fmpq *al = h + m;
    fmpq_init(eps);
    fmpq_init(s);
    fmpq_init(t);
    /* eps = 1 / (2 sum |a_l| + 2) */
    fmpq_zero(s);
    for (l = 0; l < m; l++) {
        fmpq_abs(t, h + l);
        fmpq_add(s, s, t);
    }
    if (fmpq_sgn(al) != 0) {
        int want = fmpq_sgn(al) < 0 ? 1 : -1;
        fmpq_abs(t, al);
        fmpq_mul_2exp(s, s, 1);
        fmpq_add(s, s, t);
        fmpq_div(eps, t, s);           /* eps = |alpha| / (2 sum + |alpha|) */
        for (l = 0; l < m && k < 0; l++)
            if (fmpq_sgn(h + l) == want)
                k = l;
        fmpq_set(s, al);
        for (l = 0; l < m; l++) {
            if (l == k)
                continue;
            fmpq_set(y + l, eps);
            fmpq_mul(t, h + l, eps);
            fmpq_add(s, s, t);
        }
        fmpq_neg(s, s);
        fmpq_div(y + k, s, h + k);
    } else {
        for (l = 0; l < m; l++) {
            if (k < 0 && fmpq_sgn(h + l) > 0)
                k = l;
            if (q < 0 && fmpq_sgn(h + l) < 0)
                q = l;
        }
        /* y_l = 1 (l != k, q), y_q = (sum |a| + 1)/|a_q|, solve y_k */
        fmpq_add_si(t, s, 1);
        fmpq_abs(s, h + q);
        fmpq_div(y + q, t, s);
        fmpq_zero(s);
        for (l = 0; l < m; l++) {
            if (l == k)
                continue;
            if (l != q)
                fmpq_one(y + l);
            fmpq_mul(t, h + l, y + l);
            fmpq_add(s, s, t);
        }
        fmpq_neg(s, s);
        fmpq_div(y + k, s, h + k);
    }
    fmpq_clear(eps);
    fmpq_clear(s);
    fmpq_clear(t);
}

static int avoids_others(const fmpq *y, slong m, const fmpq *h,
                         const rf_three_canon2_t C1, const rf_three_canon2_t C2)
{
    slong q, l;
    fmpq_t s;
    int ok = 1;
    fmpq_init(s);
    for (l = 0; l < m && ok; l++)
        ok = fmpq_sgn(y + l) > 0;
    for (q = 0; q < C1->nh && ok; q++) {
        if (rf_qvec_equal(C1->H + q * (m + 1), h, m + 1))
            continue;
        hyp_value(s, C1->H + q * (m + 1), y, m);
        ok = !fmpq_is_zero(s);
    }
    for (q = 0; q < C2->nh && ok; q++) {
        if (rf_qvec_equal(C2->H + q * (m + 1), h, m + 1))
            continue;
        hyp_value(s, C2->H + q * (m + 1), y, m);
        ok = !fmpq_is_zero(s);
    }
    fmpq_clear(s);
    return ok;
}

/* P and Q have identical full-row-rank first layers and the same functions
 * as A and B; CP != CQ are their upper canonical forms. Finds x with
 * f_A(x) != f_B(x). */
static int witness_from_canon(fmpq *x, const rf_net_t A, const rf_net_t B,
                              const rf_net_t P, const rf_three_canon2_t CP,
                              const rf_three_canon2_t CQ, flint_rand_t st)
{
    slong m = CP->m, d = CP->d, n0 = A->dims[0], hp, hq, q, l, tries;
    const fmpq *h = NULL;
    fmpq *y = _fmpq_vec_init(m), *y1 = _fmpq_vec_init(m), *u = _fmpq_vec_init(m);
    fmpq *x0 = _fmpq_vec_init(n0), *v = _fmpq_vec_init(n0);
    fmpq *fa = _fmpq_vec_init(d), *fb = _fmpq_vec_init(d);
    fmpq_t s, t, tmax;
    int found = 0;
    fmpq_init(s);
    fmpq_init(t);
    fmpq_init(tmax);
    /* merge the sorted hyperplane lists looking for a differing jump */
    for (hp = 0, hq = 0; (hp < CP->nh || hq < CQ->nh) && h == NULL;) {
        int c;
        if (hp == CP->nh)
            c = 1;
        else if (hq == CQ->nh)
            c = -1;
        else {
            c = 0;
            for (l = 0; l <= m && c == 0; l++)
                c = fmpq_cmp(CP->H + hp * (m + 1) + l, CQ->H + hq * (m + 1) + l);
        }
        if (c < 0)
            h = CP->H + hp * (m + 1);
        else if (c > 0)
            h = CQ->H + hq * (m + 1);
        else if (!rf_qvec_equal(CP->U + hp * d, CQ->U + hq * d, d))
            h = CP->H + hp * (m + 1);
        if (c <= 0)
            hp++;
        if (c >= 0)
            hq++;
    }
    if (h != NULL) {
        point_on_crossing(y, h, m);
        /* move inside h until no other hyperplane passes through y */
        for (tries = 0; tries < 40 && !found; tries++) {
            if (tries == 0) {
                rf_qvec_set(y1, y, m);
            } else {
                fmpq_t aa, ar;
                fmpq_init(aa);
                fmpq_init(ar);
                for (l = 0; l < m; l++)
                    _rf_three_randq(u + l, st, 9, 1, 0);
                for (l = 0; l < m; l++) {
                    fmpq_mul(s, h + l, h + l);
                    fmpq_add(aa, aa, s);
                    fmpq_mul(s, h + l, u + l);
                    fmpq_add(ar, ar, s);
                }
                fmpq_div(ar, ar, aa);
                for (l = 0; l < m; l++) {
                    fmpq_mul(s, ar, h + l);
                    fmpq_sub(u + l, u + l, s);
                }
                /* tmax = min_l y_l / (2 |u_l|) over u_l != 0 */
                fmpq_zero(tmax);
                for (l = 0; l < m; l++) {
                    if (fmpq_is_zero(u + l))
                        continue;
                    fmpq_abs(s, u + l);
                    fmpq_mul_2exp(s, s, 1);
                    fmpq_div(s, y + l, s);
                    if (fmpq_is_zero(tmax) || fmpq_cmp(s, tmax) < 0)
                        fmpq_set(tmax, s);
                }
                fmpq_div_2exp(tmax, tmax, (ulong) (tries % 8));
                for (l = 0; l < m; l++) {
                    fmpq_mul(s, tmax, u + l);
                    fmpq_add(y1 + l, y + l, s);
                }
                fmpq_clear(aa);
                fmpq_clear(ar);
            }
            if (!avoids_others(y1, m, h, CP, CQ))
                continue;
            if (!_rf_three_preimage(x0, P->W + 0, P->b + 0, y1) ||
                !_rf_three_preimage(v, P->W + 0, NULL, h))
                break;
            found = rf_three_line_test(x, A, B, x0, v);
        }
    } else {
        /* same hyperplanes and jumps: the difference is affine on O and
         * non-zero at one of 0, e_1, .., e_m */
        for (q = -1; q < m && !found; q++) {
            rf_qvec_zero(y, m);
            if (q >= 0)
                fmpq_one(y + q);
            if (!_rf_three_preimage(x0, P->W + 0, P->b + 0, y))
                break;
            rf_net_eval(fa, A, x0);
            rf_net_eval(fb, B, x0);
            if (!rf_qvec_equal(fa, fb, d)) {
                rf_qvec_set(x, x0, n0);
                found = 1;
            }
        }
    }
    fmpq_clear(s);
    fmpq_clear(t);
    fmpq_clear(tmax);
    _fmpq_vec_clear(y, m);
    _fmpq_vec_clear(y1, m);
    _fmpq_vec_clear(u, m);
    _fmpq_vec_clear(x0, n0);
    _fmpq_vec_clear(v, n0);
    _fmpq_vec_clear(fa, d);
    _fmpq_vec_clear(fb, d);
    return found;
}

/* ---------------------------------------------------------------------- */
/* univariate procedure, n1 = 1                                            */

/* f of a net with n1 = 1 restricted to the line t * a / |a|^2 compared with
 * the constant f(0): returns 1 and x if f is not constant. */
static int nonconstant_witness(fmpq *x, const rf_net_t N)
{
    slong n0 = N->dims[0], d = N->dims[3], k;
    fmpq *x0 = _fmpq_vec_init(n0), *y0 = _fmpq_vec_init(d);
    rf_net_t C;
    int found;
    rf_net_init(C, 1, (slong[]) {1, 1});
    rf_net_eval(y0, N, x0);
    const_net(C, N, y0);
    for (k = 0; k < n0; k++)
        fmpq_set(x + k, rf_net_W(N, 0, 0, k));
    if (rf_qvec_is_zero(x, n0))
        found = 0;
    else {
        fmpq *v = _fmpq_vec_init(n0);
        rf_qvec_set(v, x, n0);
        found = rf_three_line_test(x, N, C, x0, v);
        _fmpq_vec_clear(v, n0);
    }
    rf_net_clear(C);
    _fmpq_vec_clear(x0, n0);
    _fmpq_vec_clear(y0, d);
    return found;
}

int rf_three_decide_univariate(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                         rf_err_t err)
{
    slong n0 = A->dims[0], d = A->dims[3], k, l;
    const char *method = "univariate-n1=1";
    fmpq *a = _fmpq_vec_init(n0), *b = _fmpq_vec_init(n0);
    fmpq *x = _fmpq_vec_init(n0), *v = _fmpq_vec_init(n0);
    fmpq *x0 = _fmpq_vec_init(n0);
    fmpq_t s, t;
    int parallel = 1, ret = RF_OK;
    _rf_three_str_t cert;
    if (A->L != 3 || B->L != 3 || A->dims[1] != 1 || B->dims[1] != 1 ||
        B->dims[0] != n0 || B->dims[3] != d) {
        ret = rf_err_set(err, RF_ERR_UNSUPPORTED, "three", 0,
                         "univariate procedure needs two three-layer "
                         "networks with n1 = 1 and equal input/output widths");
        goto done_nocert;
    }
    _rf_three_str_init(&cert);
    fmpq_init(s);
    fmpq_init(t);
    for (k = 0; k < n0; k++) {
        fmpq_set(a + k, rf_net_W(A, 0, 0, k));
        fmpq_set(b + k, rf_net_W(B, 0, 0, k));
    }
    for (k = 0; k < n0 && parallel; k++)
        for (l = k + 1; l < n0 && parallel; l++) {
            fmpq_mul(s, a + k, b + l);
            fmpq_mul(t, a + l, b + k);
            parallel = fmpq_equal(s, t);
        }
    if (!rf_qvec_is_zero(a, n0) && !rf_qvec_is_zero(b, n0) && parallel) {
        /* both depend only on a.x: the line t a covers every value */
        slong nA, nB;
        fmpq *tA, *tB;
        if (rf_three_line_test(x, A, B, x0, a)) {
            ret = set_witness(res, A, B, x, method, err);
        } else {
            nA = rf_three_line_breakpoints(&tA, A, x0, a);
            nB = rf_three_line_breakpoints(&tB, B, x0, a);
            _rf_three_str_printf(&cert, "n1 = 1 in both networks and the first-layer "
                           "rows are parallel, so both functions depend on x "
                           "only through a.x with a = W1_A;\nthey agree on "
                           "the whole line x = t a (exact line test: %ld + %ld "
                           "breakpoints, all checked), hence everywhere.\n",
                           (long) nA, (long) nB);
            rf_equiv_set_equivalent(res, method, cert.s,
                                    "{\"type\": \"univariate-line\", "
                                    "\"rows_parallel\": true}");
            if (tA)
                _fmpq_vec_clear(tA, nA);
            if (tB)
                _fmpq_vec_clear(tB, nB);
        }
    } else {
        /* not parallel (or a zero row): equivalent iff both constant with
         * the same value */
        int ncA = nonconstant_witness(x, A);
        int ncB = 0;
        if (!ncA)
            ncB = nonconstant_witness(x, B);
        if (!ncA && !ncB) {
            fmpq *ya = _fmpq_vec_init(d), *yb = _fmpq_vec_init(d);
            rf_net_eval(ya, A, x0);
            rf_net_eval(yb, B, x0);
            if (rf_qvec_equal(ya, yb, d)) {
                _rf_three_str_printf(&cert, "both functions are constant (each "
                               "depends only on its first-layer row and is "
                               "constant along it by an exact line test), "
                               "with the same value at 0.\n");
                rf_equiv_set_equivalent(res, method, cert.s,
                                        "{\"type\": \"univariate-constant\"}");
            } else {
                ret = set_witness(res, A, B, x0, method, err);
            }
            _fmpq_vec_clear(ya, d);
            _fmpq_vec_clear(yb, d);
        } else {
            /* one varies; take v with (row of the other).v = 0 and
             * (row of the varying one).v != 0 */
            const fmpq *p = ncA ? a : b, *o = ncA ? b : a;
            fmpq_t po, oo;
            fmpq_init(po);
            fmpq_init(oo);
            for (k = 0; k < n0; k++) {
                fmpq_mul(s, p + k, o + k);
                fmpq_add(po, po, s);
                fmpq_mul(s, o + k, o + k);
                fmpq_add(oo, oo, s);
            }
            for (k = 0; k < n0; k++) {
                fmpq_set(v + k, p + k);
                if (!fmpq_is_zero(oo)) {
                    fmpq_mul(s, po, o + k);
                    fmpq_div(s, s, oo);
                    fmpq_sub(v + k, v + k, s);
                }
            }
            if (rf_three_line_test(x, A, B, x0, v))
                ret = set_witness(res, A, B, x, method, err);
            else
                ret = rf_err_set(err, RF_ERR_INTERNAL, "three", 0,
                                 "univariate procedure found no witness "
                                 "although one network is constant along v "
                                 "and the other is not (bug)");
            fmpq_clear(po);
            fmpq_clear(oo);
        }
    }
    fmpq_clear(s);
    fmpq_clear(t);
    _rf_three_str_clear(&cert);
done_nocert:
    _fmpq_vec_clear(a, n0);
    _fmpq_vec_clear(b, n0);
    _fmpq_vec_clear(x, n0);
    _fmpq_vec_clear(v, n0);
    _fmpq_vec_clear(x0, n0);
    return ret;
}

/* ---------------------------------------------------------------------- */
/* the polynomial-time path                                                */

/* l1 norm of (W1_i, b1_i) */
static void row_norm(fmpq_t n, const rf_net_t net, slong i)
{
    slong k;
    fmpq_t t;
    fmpq_init(t);
    fmpq_abs(n, rf_net_b(net, 0, i));
    for (k = 0; k < net->dims[0]; k++) {
        fmpq_abs(t, rf_net_W(net, 0, i, k));
        fmpq_add(n, n, t);
    }
    fmpq_clear(t);
}

/* Match rows of the first layers of A and B up to positive scaling.
 * matchedA[i] / matchedB[i'] record partial matches. Returns 1 if all
 * rows match (perm, d filled). */
static int match_first_layer(slong *perm, fmpq *d, char *matchedA,
                             char *matchedB, const rf_net_t A, const rf_net_t B)
{
    slong n0 = A->dims[0], n1 = A->dims[1], i, ii, k, nm = 0;
    fmpq_t na, nb, s, t;
    fmpq_init(na);
    fmpq_init(nb);
    fmpq_init(s);
    fmpq_init(t);
    memset(matchedA, 0, n1);
    memset(matchedB, 0, B->dims[1]);
    for (i = 0; i < n1; i++) {
        row_norm(na, A, i);
        if (fmpq_is_zero(na))
            continue;
        for (ii = 0; ii < B->dims[1]; ii++) {
            int eq = 1;
            if (matchedB[ii])
                continue;
            row_norm(nb, B, ii);
            if (fmpq_is_zero(nb))
                continue;
            /* compare (row_A / na) with (row_B / nb): cross-multiply */
            for (k = 0; k <= n0 && eq; k++) {
                const fmpq *ea = k < n0 ? rf_net_W(A, 0, i, k) : rf_net_b(A, 0, i);
                const fmpq *eb = k < n0 ? rf_net_W(B, 0, ii, k) : rf_net_b(B, 0, ii);
                fmpq_mul(s, ea, nb);
                fmpq_mul(t, eb, na);
                eq = fmpq_equal(s, t);
            }
            if (eq) {
                matchedA[i] = matchedB[ii] = 1;
                perm[i] = ii;
                fmpq_div(d + i, nb, na);
                nm++;
                break;
            }
        }
    }
    fmpq_clear(na);
    fmpq_clear(nb);
    fmpq_clear(s);
    fmpq_clear(t);
    return nm == n1 && n1 == B->dims[1];
}

static void cert_text(_rf_three_str_t *c, const rf_three_cert_t cert,
                      const rf_three_canon2_t C)
{
    slong i, k, cnt;
    const char *nm[2] = {"A", "B"};
    for (i = 0; i < 2; i++) {
        const fmpq *s = i ? cert->sB : cert->sA;
        for (k = 0, cnt = 0; k < cert->n1; k++)
            if (!fmpq_is_zero(s + k)) {
                _rf_three_str_printf(c, "hidden shift of %s: first-layer "
                               "hyperplane H_%ld is hidden (weak Lemma 5.2); "
                               "shifted by s = ", nm[i], (long) (k + 1));
                _rf_three_str_q(c, s + k);
                _rf_three_str_printf(c, " = s_max\n");
                cnt++;
            }
        if (cnt == 0)
            _rf_three_str_printf(c, "hidden shift of %s: none\n", nm[i]);
        else if (cnt > 1)
            _rf_three_str_printf(c, "(%ld hidden shifts of %s: they touch "
                           "disjoint neurons and commute, Lemma 5.3)\n",
                           (long) cnt, nm[i]);
    }
    for (i = 0; i < cert->n1; i++) {
        _rf_three_str_printf(c, "first layer: neuron %ld of A -> neuron %ld of B, "
                       "positive scaling d = ", (long) (i + 1),
                       (long) (cert->perm[i] + 1));
        _rf_three_str_q(c, cert->d + i);
        _rf_three_str_printf(c, "\n");
    }
    _rf_three_str_printf(c, "upper two-layer networks have the same canonical form "
                   "on the orthant (Theorem 4.1):\n");
    canon_to_str(c, C);
}

/* Canonical row and kappa of second-layer neuron j of net (crossing only). */
static void neuron_canon(fmpq *hat, fmpq_t kap, const rf_net_t net, slong j)
{
    slong m = net->dims[1], i;
    for (i = 0; i < m && fmpq_is_zero(rf_net_W(net, 1, j, i)); i++)
        ;
    fmpq_set(kap, rf_net_W(net, 1, j, i));
    for (i = 0; i < m; i++)
        fmpq_div(hat + i, rf_net_W(net, 1, j, i), kap);
    fmpq_div(hat + m, rf_net_b(net, 1, j), kap);
}

/* Explicit upper-block moves (notes 4.3, S3/S8/S4-S7) when every crossing
 * neuron of P (= A moved into B's first-layer coordinates) has exactly one
 * crossing neuron of Q with the same hyperplane: neuron map, flip signs and
 * scalings, and the roles of Q's other neurons. Informative: the proof is the
 * equality of canonical forms, already re-checked. */
static void upper_moves(_rf_three_str_t *t, _rf_three_str_t *js, const rf_net_t P,
                        const rf_net_t Q)
{
    slong m = P->dims[1], n2P = P->dims[2], n2Q = Q->dims[2], j, jj, cnt;
    fmpq *h1 = _fmpq_vec_init(m + 1), *h2 = _fmpq_vec_init(m + 1);
    /* canonical rows of Q's crossing neurons, computed once */
    fmpq *hq = _fmpq_vec_init((n2Q + 1) * (m + 1)), *kq = _fmpq_vec_init(n2Q + 1);
    char *xq = flint_calloc(n2Q + 1, 1);
    fmpq_t k1, k2, lam;
    char *usedQ = flint_calloc(n2Q + 1, 1);
    int ok = 1, first = 1;
    _rf_three_str_t tt, jt;
    fmpq_init(k1);
    fmpq_init(k2);
    fmpq_init(lam);
    _rf_three_str_init(&tt);
    _rf_three_str_init(&jt);
    for (jj = 0; jj < n2Q; jj++)
        if (rf_three_neuron_type(rf_net_W(Q, 1, jj, 0), m, rf_net_b(Q, 1, jj)) == RF_THREE_TYPE_X) {
            xq[jj] = 1;
            neuron_canon(hq + jj * (m + 1), kq + jj, Q, jj);
        }
    for (j = 0; j < n2P && ok; j++) {
        slong match = -1;
        if (rf_three_neuron_type(rf_net_W(P, 1, j, 0), m, rf_net_b(P, 1, j)) != RF_THREE_TYPE_X)
            continue;
        neuron_canon(h1, k1, P, j);
        for (jj = 0, cnt = 0; jj < n2Q; jj++) {
            if (!xq[jj])
                continue;
            if (rf_qvec_equal(h1, hq + jj * (m + 1), m + 1)) {
                match = jj;
                cnt++;
            }
        }
        if (cnt != 1 || usedQ[match]) {
            ok = 0;
            break;
        }
        usedQ[match] = 1;
        fmpq_set(k2, kq + match);
        fmpq_div(lam, k2, k1);
        _rf_three_str_printf(&tt, "  crossing neuron %ld of A -> neuron %ld of B, %s, "
                       "lambda = ", (long) (j + 1), (long) (match + 1),
                       fmpq_sgn(lam) < 0 ? "FLIPPED (eps = -1, affine "
                       "remainder absorbed by always-active neurons)"
                       : "eps = +1");
        fmpq_abs(lam, lam);
        _rf_three_str_q(&tt, lam);
        _rf_three_str_printf(&tt, "\n");
        _rf_three_str_printf(&jt, "%s{\"A\": %ld, \"B\": %ld, \"eps\": %d, "
                       "\"lambda\": \"", first ? "" : ", ", (long) (j + 1),
                       (long) (match + 1), fmpq_sgn(k2) * fmpq_sgn(k1));
        _rf_three_str_q(&jt, lam);
        _rf_three_str_printf(&jt, "\"}");
        first = 0;
    }
    /* every crossing neuron of Q must be used for a clean neuron map */
    for (jj = 0; jj < n2Q && ok; jj++)
        if (!usedQ[jj] && rf_three_neuron_type(rf_net_W(Q, 1, jj, 0), m,
                                                rf_net_b(Q, 1, jj)) == RF_THREE_TYPE_X)
            ok = 0;
    if (ok) {
        _rf_three_str_printf(t, "explicit upper-block moves (positive scaling, "
                       "flips, always-active mixing / bias transfer, "
                       "dead-neuron freedom):\n%s  other neurons of B: "
                       "always active {", tt.s);
        _rf_three_str_printf(js, ", \"crossing\": [%s], \"B_active\": [", jt.s);
        for (jj = 0, first = 1; jj < n2Q; jj++)
            if (rf_three_neuron_type(rf_net_W(Q, 1, jj, 0), m, rf_net_b(Q, 1, jj)) == RF_THREE_TYPE_A) {
                _rf_three_str_printf(t, "%s%ld", first ? "" : ",", (long) (jj + 1));
                _rf_three_str_printf(js, "%s%ld", first ? "" : ", ", (long) (jj + 1));
                first = 0;
            }
        _rf_three_str_printf(t, "}, dead {");
        _rf_three_str_printf(js, "], \"B_dead\": [");
        for (jj = 0, first = 1; jj < n2Q; jj++)
            if (rf_three_neuron_type(rf_net_W(Q, 1, jj, 0), m, rf_net_b(Q, 1, jj)) == RF_THREE_TYPE_Z) {
                _rf_three_str_printf(t, "%s%ld", first ? "" : ",", (long) (jj + 1));
                _rf_three_str_printf(js, "%s%ld", first ? "" : ", ", (long) (jj + 1));
                first = 0;
            }
        _rf_three_str_printf(t, "}\n");
        _rf_three_str_printf(js, "]");
    }
    _rf_three_str_clear(&tt);
    _rf_three_str_clear(&jt);
    flint_free(usedQ);
    flint_free(xq);
    _fmpq_vec_clear(hq, (n2Q + 1) * (m + 1));
    _fmpq_vec_clear(kq, n2Q + 1);
    fmpq_clear(k1);
    fmpq_clear(k2);
    fmpq_clear(lam);
    _fmpq_vec_clear(h1, m + 1);
    _fmpq_vec_clear(h2, m + 1);
}

static void cert_json(_rf_three_str_t *c, const rf_three_cert_t cert)
{
    slong i;
    _rf_three_str_printf(c, "{\"type\": \"three-layer-EQ\"");
    for (i = 0; i < 2; i++) {
        const fmpq *s = i ? cert->sB : cert->sA;
        slong k, first = 1;
        _rf_three_str_printf(c, ", \"shifts_%s\": [", i ? "B" : "A");
        for (k = 0; k < cert->n1; k++)
            if (!fmpq_is_zero(s + k)) {
                _rf_three_str_printf(c, "%s{\"index\": %ld, \"s\": \"",
                               first ? "" : ", ", (long) (k + 1));
                _rf_three_str_q(c, s + k);
                _rf_three_str_printf(c, "\"}");
                first = 0;
            }
        _rf_three_str_printf(c, "]");
    }
    _rf_three_str_printf(c, ", \"perm\": [");
    for (i = 0; i < cert->n1; i++)
        _rf_three_str_printf(c, "%s%ld", i ? ", " : "", (long) (cert->perm[i] + 1));
    _rf_three_str_printf(c, "], \"d\": [");
    for (i = 0; i < cert->n1; i++) {
        _rf_three_str_printf(c, "%s\"", i ? ", " : "");
        _rf_three_str_q(c, cert->d + i);
        _rf_three_str_printf(c, "\"");
    }
    _rf_three_str_printf(c, "]");
}

/* Both networks have full-rank bottleneck first layers and at least one of
 * them is constant (canonical forms CA, CB computed). */
static int decide_constant(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                           const rf_three_canon2_t CA,
                           const rf_three_canon2_t CB, flint_rand_t st,
                           rf_err_t err)
{
    const char *method = "three-layer-EQ (constant)";
    slong n0 = A->dims[0], d = A->dims[3];
    fmpq *x = _fmpq_vec_init(n0);
    int ret = RF_OK, cA = rf_three_canon2_is_constant(CA),
        cB = rf_three_canon2_is_constant(CB);
    if (cA && cB) {
        if (rf_qvec_equal(CA->c, CB->c, d)) {
            _rf_three_str_t c;
            _rf_three_str_init(&c);
            _rf_three_str_printf(&c, "both first layers have full row rank, so "
                           "each function is its upper network on the whole "
                           "orthant; both upper canonical forms are the "
                           "constant (");
            for (slong r = 0; r < d; r++) {
                _rf_three_str_printf(&c, "%s", r ? ", " : "");
                _rf_three_str_q(&c, CA->c + r);
            }
            _rf_three_str_printf(&c, ")\n");
            rf_equiv_set_equivalent(res, method, c.s,
                                    "{\"type\": \"three-layer-constant\"}");
            _rf_three_str_clear(&c);
        } else {
            ret = set_witness(res, A, B, x, method, err);
        }
    } else {
        /* compare the varying one with the constant one, in its own
         * first-layer coordinates */
        const rf_net_t *V = cA ? (const rf_net_t *) B : (const rf_net_t *) A;
        const rf_three_canon2_struct *Cv = cA ? CB : CA;
        const rf_three_canon2_struct *Cc = cA ? CA : CB;
        rf_net_t K;
        rf_three_canon2_t CK;
        rf_net_init(K, 1, (slong[]) {1, 1});
        const_net(K, *V, Cc->c);
        rf_three_canon2_init(CK);
        rf_three_canon2_upper(CK, K);
        if (witness_from_canon(x, A, B, *V, Cv, CK, st) ||
            random_lines(x, A, B, st, 20))
            ret = set_witness(res, A, B, x, method, err);
        else
            ret = rf_err_set(err, RF_ERR_UNSUPPORTED, "three", 0,
                             "witness construction failed for a constant "
                             "versus non-constant pair");
        rf_three_canon2_clear(CK);
        rf_net_clear(K);
    }
    _fmpq_vec_clear(x, n0);
    return ret;
}

int rf_three_decide(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                    rf_err_t err)
{
    slong n0, n1A, n1B, n3, i;
    int ret = RF_OK, bnA, bnB;
    flint_rand_t st;
    fmpq *x;
    if (A->L != 3 || B->L != 3)
        return rf_err_set(err, RF_ERR_UNSUPPORTED, "three", 0,
                          "three-layer procedure needs L = 3 (got %ld and %ld)",
                          (long) A->L, (long) B->L);
    n0 = A->dims[0];
    n3 = A->dims[3];
    if (B->dims[0] != n0 || B->dims[3] != n3)
        return rf_err_set(err, RF_ERR_INPUT, "three", 0,
                          "input/output widths differ: (%ld -> %ld) vs "
                          "(%ld -> %ld)", (long) n0, (long) n3,
                          (long) B->dims[0], (long) B->dims[3]);
    n1A = A->dims[1];
    n1B = B->dims[1];
    if (n1A == 1 && n1B == 1)
        return rf_three_decide_univariate(res, A, B, err);
    flint_randinit(st);
    x = _fmpq_vec_init(n0);
    bnA = n1A <= n0 && _rf_three_rank(A->W + 0) == n1A;
    bnB = n1B <= n0 && _rf_three_rank(B->W + 0) == n1B;
    if (!bnA || !bnB) {
        if (random_lines(x, A, B, st, 12))
            ret = set_witness(res, A, B, x, "three-layer-line-test", err);
        else
            ret = rf_err_set(err, RF_ERR_UNSUPPORTED, "three", 0,
                             "not a bottleneck pair: network %s has %s; the "
                             "polynomial-time path needs n1 <= n0 and rank "
                             "W1 = n1 (use the exhaustive procedure)",
                             bnA ? "B" : "A",
                             (bnA ? n1B : n1A) > n0 ? "n1 > n0"
                                                    : "rank W1 < n1");
        goto done;
    }
    {
        rf_three_canon2_t CA, CB, C2;
        rf_net_t As, Bs, A2;
        rf_three_cert_t cert;
        slong nshB;
        char *mA = flint_calloc(n1A, 1), *mB = flint_calloc(n1B, 1);
        rf_three_canon2_init(CA);
        rf_three_canon2_init(CB);
        rf_three_canon2_init(C2);
        rf_net_init(As, 1, (slong[]) {1, 1});
        rf_net_init(Bs, 1, (slong[]) {1, 1});
        rf_net_init(A2, 1, (slong[]) {1, 1});
        rf_three_cert_init(cert, n1A);
        rf_three_canon2_upper(CA, A);
        rf_three_canon2_upper(CB, B);
        if (rf_three_canon2_is_constant(CA) || rf_three_canon2_is_constant(CB)) {
            ret = decide_constant(res, A, B, CA, CB, st, err);
            goto done2;
        }
        rf_three_hidden_canonical(As, cert->sA, A);
        {
            /* B's amounts go into the certificate only when n1 agrees (the
             * first layers cannot match otherwise) */
            fmpq *sB = _fmpq_vec_init(n1B);
            nshB = rf_three_hidden_canonical(Bs, sB, B);
            if (n1B == n1A)
                for (i = 0; i < n1B; i++)
                    fmpq_set(cert->sB + i, sB + i);
            _fmpq_vec_clear(sB, n1B);
        }
        if (match_first_layer(cert->perm, cert->d, mA, mB, As, Bs)) {
            _rf_three_apply_perm_scale(A2, As, cert->perm, cert->d);
            rf_three_canon2_upper(C2, A2);
            /* without a hidden shift Bs is a copy of B, whose canonical
             * form CB already holds (computed above): do not redo it */
            if (nshB > 0)
                rf_three_canon2_upper(CB, Bs);
            if (rf_three_canon2_equal(C2, CB)) {
                _rf_three_str_t t, j;
                if (!rf_three_cert_verify(A, B, cert)) {
                    ret = rf_err_set(err, RF_ERR_INTERNAL, "three", 0,
                                     "equivalence certificate failed to "
                                     "re-check (bug)");
                    goto done2;
                }
                _rf_three_str_init(&t);
                _rf_three_str_init(&j);
                cert_text(&t, cert, C2);
                cert_json(&j, cert);
                upper_moves(&t, &j, A2, Bs);
                _rf_three_str_printf(&t, "certificate re-checked exactly\n");
                _rf_three_str_printf(&j, "}");
                rf_equiv_set_equivalent(res, "three-layer-EQ", t.s, j.s);
                _rf_three_str_clear(&t);
                _rf_three_str_clear(&j);
            } else if (witness_from_canon(x, A, B, A2, C2, CB, st) ||
                       random_lines(x, A, B, st, 20)) {
                ret = set_witness(res, A, B, x, "three-layer-EQ", err);
            } else {
                ret = rf_err_set(err, RF_ERR_UNSUPPORTED, "three", 0,
                                 "first layers match but the witness "
                                 "construction failed");
            }
            goto done2;
        }
        /* unmatched first layers: by the [R?] first-layer rigidity the
         * networks should differ; look for a certified separating input */
        {
            int found = 0;
            for (i = 0; i < n1A && !found; i++)
                if (!mA[i])
                    found = hyperplane_lines(x, A, B, As, i, st, 8);
            for (i = 0; i < n1B && !found; i++)
                if (!mB[i])
                    found = hyperplane_lines(x, A, B, Bs, i, st, 8);
            if (!found)
                found = kernel_lines(x, A, B, A, st, 6) ||
                        kernel_lines(x, A, B, B, st, 6) ||
                        random_lines(x, A, B, st, 12);
            if (found) {
                ret = set_witness(res, A, B, x, "three-layer-line-test", err);
            } else {
                /* Theorem 7.1 (docs/three_layer.md §7): if one network has
                 * G1, G2 and every first-layer hyperplane fully visible and
                 * the other has G1, G2, rigidity is proved and the networks
                 * differ; without a witness the answer is still refused. */
                rf_three_report_t rA, rB;
                rf_err_t e2;
                int rig;
                rf_three_report_init(rA);
                rf_three_report_init(rB);
                rf_err_init(e2);
                /* Theorem 7.4: one network with G1, G2, G5 and every
                 * c_i^inf != 0, the other with G1, G2, G5 */
                rig = rf_three_report_compute(rA, A, 10, e2) == RF_OK &&
                      rf_three_report_compute(rB, B, 10, e2) == RF_OK &&
                      rA->cond[0].status == RF_THREE_COND_PASS &&
                      rA->cond[1].status == RF_THREE_COND_PASS &&
                      rB->cond[0].status == RF_THREE_COND_PASS &&
                      rB->cond[1].status == RF_THREE_COND_PASS &&
                      ((rA->rigid_thm & RF_THREE_RIGID_T71) ||
                       (rB->rigid_thm & RF_THREE_RIGID_T71) ||
                       (((rA->rigid_thm & RF_THREE_RIGID_T74) ||
                         (rB->rigid_thm & RF_THREE_RIGID_T74)) &&
                        rA->cond[4].status == RF_THREE_COND_PASS &&
                        rB->cond[4].status == RF_THREE_COND_PASS));
                rf_err_clear(e2);
                rf_three_report_clear(rA);
                rf_three_report_clear(rB);
                if (rig)
                    ret = rf_err_set(err, RF_ERR_UNSUPPORTED, "three", 0,
                                     "first layers do not match up to "
                                     "permutation and positive scaling: by "
                                     "first-layer rigidity (Theorem 7.1 or 7.4 "
                                     "of docs/three_layer.md, proved here: G1, "
                                     "G2 and every first-layer hyperplane of "
                                     "one network fully visible, or G1, G2, G5 "
                                     "for both and every c_i^inf of one "
                                     "non-zero) the networks are "
                                     "not equivalent, but line tests found no "
                                     "separating input (use the exhaustive "
                                     "procedure for a witness)");
                else
                    ret = rf_err_set(err, RF_ERR_UNSUPPORTED, "three", 0,
                                     "first layers do not match up to "
                                     "permutation, positive scaling and hidden "
                                     "shift, and line tests found no separating "
                                     "input; concluding 'not equivalent' would "
                                     "need first-layer rigidity, which is open "
                                     "[R?] for these networks (Theorems 7.1 and "
                                     "7.4 of docs/three_layer.md do not apply; use "
                                     "the exhaustive procedure)");
            }
        }
    done2:
        flint_free(mA);
        flint_free(mB);
        rf_three_cert_clear(cert);
        rf_three_canon2_clear(CA);
        rf_three_canon2_clear(CB);
        rf_three_canon2_clear(C2);
        rf_net_clear(As);
        rf_net_clear(Bs);
        rf_net_clear(A2);
    }
done:
    _fmpq_vec_clear(x, n0);
    flint_randclear(st);
    return ret;
}
