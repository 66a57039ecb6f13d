/* Fiber builder for three-layer bottleneck networks (notes 5.3-5.5) and for
 * two-layer networks on the orthant (notes 4.3-4.4): the generic part of
 * the fiber, modulo permutations, as explicit polynomial equations and sign
 * inequalities (E1)-(E5), one component per flip set F of crossing neurons
 * and active pool A' that passes the capacity test; each component named by
 * its symmetries and given its dimension. Every emitted point realizes the
 * function (the "if" direction is proved for all parameters, see
 * docs/three_layer.md); a sampler produces random points of each component
 * for the soundness tests. */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/three.h"
#include "relufiber/qvec.h"
#include "relufiber/sym.h"
#include "three_internal.h"

#define RF_FIBER_MAX_LOG2_COMP 14
#define SWAP_MARK (~UWORD(0))
#define REFL_MARK (~UWORD(0) - 1)
#define SWAP2_MARK (~UWORD(0) - 2)   /* n1 >= 2 swap; compA = the index i */

/* Everything about theta the builder needs. lw is the net layer index of
 * the second-layer weights (1 for three layers, 0 for two). */
typedef struct {
    const rf_net_struct *net;
    int three;
    slong lw, n1, n2, n3, D;
    slong *xs, r;      /* crossing neurons */
    slong *pool, p;    /* always-active and dead neurons */
    int *type;
    slong hidden;      /* hidden index (three-layer, h = 1), else -1 */
    fmpq_t smax;
    int swap;          /* n1 = 1 preserve -> hide swap component listed */
    slong swapA, swapD; /* its kink neurons (pool indices, -1: none): the
                          increasing one (mu relu(u), from theta's always-
                          active block) and the decreasing one (for the
                          crossing neurons with b2 > 0) */
    int refl;          /* n1 = 1 reflection component listed */
    int generic;       /* 0: non-generic (or undecided) parameter, certain
                          components only, dimensions not claimed */
    char ngwhy[400];   /* the failing (or unchecked) condition */
    int hidden_dropped; /* non-generic: hidden shift not listed */
    int nswap2;        /* n1 >= 2 swap components (Prop. 5.9) listed */
    int rigid;         /* first-layer rigidity proved (Theorem 7.1 or 7.4) */
    int rigid_thm;     /* RF_THREE_RIGID_T71 / _T74 bits of the report */
    slong hinf_zero;   /* indices with c_i^inf = 0, -1 unknown */
    slong invisible;   /* first-layer hyperplanes not fully visible, -1 unknown */
    slong ncomp;
    ulong *compF, *compA;  /* component list: flip mask over xs, active mask over pool */
    slong *compdim;
    const rf_sym_ctx_struct *R; /* parameter ring (names, variable indices); set by build */
} fctx_t;

static void fctx_clear(fctx_t *c)
{
    flint_free(c->xs);
    flint_free(c->pool);
    flint_free(c->type);
    flint_free(c->compF);
    flint_free(c->compA);
    flint_free(c->compdim);
    fmpq_clear(c->smax);
}

#define W2E(c, j, i) rf_net_W((c)->net, (c)->lw, (j), (i))
#define B2E(c, j) rf_net_b((c)->net, (c)->lw, (j))
#define W3E(c, o, j) rf_net_W((c)->net, (c)->lw + 1, (o), (j))
#define B3E(c, o) rf_net_b((c)->net, (c)->lw + 1, (o))

/* b2^s_j for the generic sampling/equations: b2_j + s W2_{j,i*} if hidden
 * and W2_{j,i*} > 0 */
static void b2s(fmpq_t out, const fctx_t *c, slong j, const fmpq_t s)
{
    fmpq_set(out, B2E(c, j));
    if (c->hidden >= 0 && fmpq_sgn(W2E(c, j, c->hidden)) > 0) {
        fmpq_t t;
        fmpq_init(t);
        fmpq_mul(t, s, W2E(c, j, c->hidden));
        fmpq_add(out, out, t);
        fmpq_clear(t);
    }
}

/* M_F = sum_{j in A u F} W3[:,j] W2[j,:] (n3 x n1) and c_F = b3 + sum
 * W3[:,j] b2^s_j. */
static void MF_cF(fmpq_mat_t M, fmpq *cF, const fctx_t *c, ulong F,
                  const fmpq_t s)
{
    slong j, q, o, i;
    fmpq_t t, bs;
    fmpq_init(t);
    fmpq_init(bs);
    fmpq_mat_zero(M);
    for (o = 0; o < c->n3; o++)
        fmpq_set(cF + o, B3E(c, o));
    for (j = 0; j < c->n2; j++) {
        int in = c->type[j] == RF_THREE_TYPE_A;
        for (q = 0; q < c->r; q++)
            if (c->xs[q] == j && ((F >> q) & 1))
                in = 1;
        if (!in)
            continue;
        b2s(bs, c, j, s);
        for (o = 0; o < c->n3; o++) {
            for (i = 0; i < c->n1; i++) {
                fmpq_mul(t, W3E(c, o, j), W2E(c, j, i));
                fmpq_add(fmpq_mat_entry(M, o, i), fmpq_mat_entry(M, o, i), t);
            }
            fmpq_mul(t, W3E(c, o, j), bs);
            fmpq_add(cF + o, cF + o, t);
        }
    }
    fmpq_clear(t);
    fmpq_clear(bs);
}

static slong popcount(ulong x)
{
    slong n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* M (d x m) of rank one: is M = v w with w >= 0 entrywise? If so and V, W
 * are not NULL, V (d x 1) and W (1 x m) receive such a factorisation. */
static int rank1_nonneg(fmpq_mat_t V, fmpq_mat_t W, const fmpq_mat_t M)
{
    slong o, i, ro = -1, pv = -1;
    int pos = 0, neg = 0, sg;
    for (o = 0; o < fmpq_mat_nrows(M) && ro < 0; o++)
        for (i = 0; i < fmpq_mat_ncols(M); i++)
            if (!fmpq_is_zero(fmpq_mat_entry(M, o, i))) {
                ro = o;
                pv = i;
                break;
            }
    if (ro < 0)
        return 0;
    for (i = 0; i < fmpq_mat_ncols(M); i++) {
        pos |= fmpq_sgn(fmpq_mat_entry(M, ro, i)) > 0;
        neg |= fmpq_sgn(fmpq_mat_entry(M, ro, i)) < 0;
    }
    if (pos && neg)
        return 0;
    sg = pos ? 1 : -1;
    if (V != NULL && W != NULL) {
        for (i = 0; i < fmpq_mat_ncols(M); i++)
            fmpq_mul_si(fmpq_mat_entry(W, 0, i), fmpq_mat_entry(M, ro, i), sg);
        for (o = 0; o < fmpq_mat_nrows(M); o++)
            fmpq_div(fmpq_mat_entry(V, o, 0), fmpq_mat_entry(M, o, pv),
                     fmpq_mat_entry(W, 0, pv));
    }
    return 1;
}

/* Prop. 5.9 (n1 >= 2 preserve -> hide swap at index i) applies: every
 * crossing neuron j has W2_{j,i} > 0 and (W2_{j,-i}, b2_j) <= 0, theta has
 * a dead neuron (it becomes the kink neuron) and M = sum_A W3 W2 has a
 * non-zero column i (otherwise the move is a hidden shift). */
static int swap2_applies(const fctx_t *c, slong i)
{
    slong q, k, o;
    int z = 0, mi = 0;
    fmpq_t t, col;
    for (q = 0; q < c->r; q++) {
        slong j = c->xs[q];
        if (fmpq_sgn(W2E(c, j, i)) <= 0 || fmpq_sgn(B2E(c, j)) > 0)
            return 0;
        for (k = 0; k < c->n1; k++)
            if (k != i && fmpq_sgn(W2E(c, j, k)) > 0)
                return 0;
    }
    for (q = 0; q < c->p; q++)
        z += c->type[c->pool[q]] == RF_THREE_TYPE_Z;
    if (z == 0)
        return 0;
    fmpq_init(t);
    fmpq_init(col);
    for (o = 0; o < c->n3 && !mi; o++) {
        fmpq_zero(col);
        for (q = 0; q < c->p; q++)
            if (c->type[c->pool[q]] == RF_THREE_TYPE_A) {
                fmpq_mul(t, W3E(c, o, c->pool[q]), W2E(c, c->pool[q], i));
                fmpq_add(col, col, t);
            }
        mi = !fmpq_is_zero(col);
    }
    fmpq_clear(t);
    fmpq_clear(col);
    return mi;
}

/* Prepare the context; enumerate components with capacity and dimension.
 * Returns RF_OK or an error naming the failing condition. */
static int fctx_init(fctx_t *c, const rf_net_t net, int three, rf_err_t err)
{
    slong j;
    ulong F, Ap;
    memset(c, 0, sizeof(*c));
    fmpq_init(c->smax);
    c->net = net;
    c->three = three;
    c->hidden = -1;
    c->D = rf_net_num_params(net);
    if (three) {
        rf_three_report_t rep;
        int bad = -1;
        if (net->L != 3)
            return rf_err_set(err, RF_ERR_UNSUPPORTED, "fiber", 0,
                              "the three-layer fiber builder needs L = 3 "
                              "(got L = %ld)", (long) net->L);
        rf_three_report_init(rep);
        rf_three_report_compute(rep, net, 10, err);
        if (rep->failing >= 0)
            bad = (int) rep->failing;
        c->generic = 1;
        if (bad == 0) {
            int code = rf_err_set(err, RF_ERR_UNSUPPORTED, "fiber", 0,
                "condition %s fails (%s); witness: %.200s. Not a bottleneck "
                "network or rank-deficient W1: the polynomial description "
                "needs n1 <= n0 and rank W1 = n1",
                rep->cond[0].name, rep->cond[0].statement, rep->cond[0].where);
            rf_three_report_clear(rep);
            return code;
        }
        if (bad > 0) {
            /* non-generic: the components below are still sound (Prop. 5.5
             * uses no genericity); completeness and dimensions are not
             * claimed (docs/three_layer.md, section 5.8) */
            c->generic = 0;
            snprintf(c->ngwhy, sizeof(c->ngwhy), "condition %s fails (%s); "
                     "witness: %.200s", rep->cond[bad].name,
                     rep->cond[bad].statement, rep->cond[bad].where);
        } else if (!rep->generic) {
            /* no condition fails, but some were not checked: genericity is
             * unknown, so the parameter is treated as non-generic */
            slong k = 0;
            while (k < RF_THREE_NCOND && rep->cond[k].status != RF_THREE_COND_SKIPPED)
                k++;
            c->generic = 0;
            snprintf(c->ngwhy, sizeof(c->ngwhy), "genericity not decided: "
                     "%s was not checked (%.200s)",
                     k < RF_THREE_NCOND ? rep->cond[k].name : "a condition",
                     k < RF_THREE_NCOND ? rep->cond[k].where : "skipped");
        }
        c->rigid = rep->rigid;
        c->rigid_thm = rep->rigid_thm;
        c->hinf_zero = rep->hinf_zero;
        c->invisible = rep->invisible;
        if (rep->h) {
            c->hidden = rep->hidden;
            fmpq_set(c->smax, rep->smax);
        }
        rf_three_report_clear(rep);
        c->lw = 1;
        c->n1 = net->dims[1];
        c->n2 = net->dims[2];
        c->n3 = net->dims[3];
    } else {
        if (net->L != 2)
            return rf_err_set(err, RF_ERR_UNSUPPORTED, "fiber", 0,
                              "the two-layer fiber builder needs L = 2");
        c->generic = 1;
        c->lw = 0;
        c->n1 = net->dims[0];
        c->n2 = net->dims[1];
        c->n3 = net->dims[2];
        /* genericity: non-zero entries, no twins among crossing neurons */
        for (j = 0; j < c->n2; j++) {
            slong i, o;
            for (i = 0; i < c->n1; i++)
                if (fmpq_is_zero(rf_net_W(net, 0, j, i)))
                    return rf_err_set(err, RF_ERR_UNSUPPORTED, "fiber", 0,
                                      "non-generic: W1_%ld_%ld = 0",
                                      (long) (j + 1), (long) (i + 1));
            if (fmpq_is_zero(rf_net_b(net, 0, j)))
                return rf_err_set(err, RF_ERR_UNSUPPORTED, "fiber", 0,
                                  "non-generic: b1_%ld = 0", (long) (j + 1));
            for (o = 0; o < c->n3; o++)
                if (fmpq_is_zero(rf_net_W(net, 1, o, j)))
                    return rf_err_set(err, RF_ERR_UNSUPPORTED, "fiber", 0,
                                      "non-generic: W2_%ld_%ld = 0",
                                      (long) (o + 1), (long) (j + 1));
        }
    }
    c->type = flint_malloc((c->n2 + 1) * sizeof(int));
    c->xs = flint_malloc((c->n2 + 1) * sizeof(slong));
    c->pool = flint_malloc((c->n2 + 1) * sizeof(slong));
    for (j = 0; j < c->n2; j++) {
        c->type[j] = rf_three_neuron_type(rf_net_W(net, c->lw, j, 0), c->n1,
                                          rf_net_b(net, c->lw, j));
        if (c->type[j] == RF_THREE_TYPE_X)
            c->xs[c->r++] = j;
        else
            c->pool[c->p++] = j;
    }
    if (!three) {
        /* twins among crossing neurons (proportional rows) */
        slong q, q2, i;
        for (q = 0; q < c->r; q++)
            for (q2 = q + 1; q2 < c->r; q2++) {
                int prop = 1;
                fmpq_t s1, s2;
                fmpq_init(s1);
                fmpq_init(s2);
                for (i = 0; i <= c->n1 && prop; i++) {
                    const fmpq *a1 = i < c->n1 ? rf_net_W(net, 0, c->xs[q], i) : rf_net_b(net, 0, c->xs[q]);
                    const fmpq *a2 = i < c->n1 ? rf_net_W(net, 0, c->xs[q2], i) : rf_net_b(net, 0, c->xs[q2]);
                    fmpq_mul(s1, a1, rf_net_W(net, 0, c->xs[q2], 0));
                    fmpq_mul(s2, a2, rf_net_W(net, 0, c->xs[q], 0));
                    prop = fmpq_equal(s1, s2);
                }
                fmpq_clear(s1);
                fmpq_clear(s2);
                if (prop)
                    return rf_err_set(err, RF_ERR_UNSUPPORTED, "fiber", 0,
                                      "non-generic: crossing neurons %ld and "
                                      "%ld are twins", (long) (c->xs[q] + 1),
                                      (long) (c->xs[q2] + 1));
            }
    }
    if (c->hidden >= 0 && !c->generic)
        for (j = 0; j < c->n2; j++)
            if (c->type[j] == RF_THREE_TYPE_A &&
                fmpq_sgn(rf_net_W(net, 1, j, c->hidden)) > 0) {
                /* an always-active neuron reads the hidden coordinate
                 * (s_max <= 0): the shifted components are not listed */
                c->hidden = -1;
                c->hidden_dropped = 1;
                break;
            }
    if (c->r + c->p > RF_FIBER_MAX_LOG2_COMP)
        return rf_err_set(err, RF_ERR_UNSUPPORTED, "fiber", 0,
                          "too many candidate components (2^%ld) to list; "
                          "limit 2^%d", (long) (c->r + c->p),
                          RF_FIBER_MAX_LOG2_COMP);
    /* room for every (F, A') pair, theta's own component, the n1 = 1
     * swap or reflection and one n1 >= 2 swap per first-layer index */
    c->compF = flint_malloc((sizeof(ulong) << (c->r + c->p)) + (c->n1 + 4) * sizeof(ulong));
    c->compA = flint_malloc((sizeof(ulong) << (c->r + c->p)) + (c->n1 + 4) * sizeof(ulong));
    c->compdim = flint_malloc((sizeof(slong) << (c->r + c->p)) + (c->n1 + 4) * sizeof(slong));
    {
        fmpq_mat_t M;
        fmpq *cF = _fmpq_vec_init(c->n3);
        fmpq_t zero;
        fmpq_init(zero);
        fmpq_mat_init(M, c->n3, c->n1);
        for (F = 0; F < (UWORD(1) << c->r); F++) {
            slong rho;
            int pos;
            if (c->hidden >= 0 && F != 0)
                continue;
            MF_cF(M, cF, c, F, zero);
            rho = _rf_three_rank(M);
            pos = rho > 0 && rf_three_rowspace_positive(NULL, M);
            for (Ap = 0; Ap < (UWORD(1) << c->p); Ap++) {
                slong a2 = popcount(Ap), z2 = c->p - a2, fd;
                if (c->hidden >= 0 && Ap != 0)
                    continue;
                if (rho == 0 && a2 > 0)
                    continue;   /* only zero-output / cancelling A' */
                fd = rf_three_factor_dim(a2, c->n1, c->n3, rho, pos);
                if (fd < 0 && !(!c->generic && a2 == 1 && rho == 1 &&
                                rank1_nonneg(NULL, NULL, M)))
                    continue;   /* capacity fails (non-generic theta: a
                                   single always-active neuron may still
                                   carry a rank-one M_F with a row >= 0) */
                c->compF[c->ncomp] = F;
                c->compA[c->ncomp] = Ap;
                c->compdim[c->ncomp] = !c->generic ? -1 :
                    (three ? c->n1 : 0) +
                    (c->hidden >= 0 ? 1 : 0) + c->r +
                    z2 * (c->n1 + c->n3 + 1) + a2 + fd;
                c->ncomp++;
            }
        }
        if (!c->generic) {
            /* theta's own component (F empty, A' = theta's always-active
             * neurons) always holds theta; the capacity test above may miss
             * it when theta's always-active rows have zero entries */
            ulong own = 0;
            slong q, k;
            int seen = 0;
            for (q = 0; q < c->p; q++)
                if (c->type[c->pool[q]] == RF_THREE_TYPE_A)
                    own |= UWORD(1) << q;
            if (c->hidden >= 0)
                own = 0;
            for (k = 0; k < c->ncomp; k++)
                seen |= c->compF[k] == 0 && c->compA[k] == own;
            if (!seen) {
                c->compF[c->ncomp] = 0;
                c->compA[c->ncomp] = own;
                c->compdim[c->ncomp] = -1;
                c->ncomp++;
            }
        }
        fmpq_mat_clear(M);
        _fmpq_vec_clear(cF, c->n3);
        fmpq_clear(zero);
    }
    /* n1 = 1: preserve -> hide swap (docs/three_layer.md, Prop. 5.6 and
     * 5.6'): the increasing kink neuron (an always-active slot) reproduces
     * theta's always-active block, the decreasing kink neuron (another pool
     * slot, a dead one first) the constant part of the crossing neurons
     * with b2 > 0 for u < 0; one pool slot per kink neuron needed */
    c->swapA = c->swapD = -1;
    if (three && c->n1 == 1 && c->hidden < 0) {
        slong q, a = 0, nd = 0, qa = -1, qd = -1;
        for (q = 0; q < c->p; q++)
            if (c->type[c->pool[q]] == RF_THREE_TYPE_A) {
                a++;
                if (qa < 0)
                    qa = q;
            }
        for (q = 0; q < c->r; q++)
            nd += fmpq_sgn(B2E(c, c->xs[q])) > 0;
        for (q = 0; q < c->p && qd < 0; q++)
            if (c->type[c->pool[q]] == RF_THREE_TYPE_Z)
                qd = q;
        for (q = 0; q < c->p && qd < 0; q++)
            if (q != qa)
                qd = q;
        if ((a >= 1 || nd >= 1) && c->p >= (a >= 1) + (nd >= 1)) {
            slong nk = (a >= 1) + (nd >= 1);
            c->swap = 1;
            c->swapA = a >= 1 ? qa : -1;
            c->swapD = nd >= 1 ? qd : -1;
            c->compF[c->ncomp] = SWAP_MARK;
            c->compA[c->ncomp] = 0;
            c->compdim[c->ncomp] = !c->generic ? -1 :
                2 + c->r + nk + (c->p - nk) * (c->n3 + 2);
            c->ncomp++;
        }
    }
    /* n1 = 1: reflection (docs/three_layer.md, Prop. 5.7): every
     * second-layer weight negative (G constant at both ends), a dead neuron
     * to become the kink neuron at u = 0, at least one crossing neuron */
    if (three && c->n1 == 1 && c->hidden < 0 && c->r >= 1) {
        slong j2, z = 0;
        int ok = 1;
        for (j2 = 0; j2 < c->n2; j2++)
            ok &= fmpq_sgn(W2E(c, j2, 0)) < 0;
        for (j2 = 0; j2 < c->p; j2++)
            z += c->type[c->pool[j2]] == RF_THREE_TYPE_Z;
        if (ok && z >= 1) {
            c->refl = 1;
            c->compF[c->ncomp] = REFL_MARK;
            c->compA[c->ncomp] = 0;
            c->compdim[c->ncomp] = !c->generic ? -1 :
                3 + c->r + (c->p - 1) * (c->n3 + 2);
            c->ncomp++;
        }
    }
    /* n1 >= 2: preserve -> hide swap at first-layer index i (Prop. 5.9) */
    if (three && c->n1 >= 2 && c->hidden < 0) {
        slong i;
        for (i = 0; i < c->n1; i++)
            if (swap2_applies(c, i)) {
                c->compF[c->ncomp] = SWAP2_MARK;
                c->compA[c->ncomp] = (ulong) i;
                c->compdim[c->ncomp] = -1;
                c->ncomp++;
                c->nswap2++;
            }
    }
    return RF_OK;
}

/* variable indices: the parameters from the parameter ring (sym.h), the
 * auxiliaries after them (rf_sym_aux_var) in the order d_1..d_n1 (three
 * layers), lambda_1..lambda_r, s (hidden hyperplane), delta or T, mu */
#define vW(c, l, i, j) rf_sym_weight_var((c)->R, 0, (l), (i), (j))
#define vB(c, l, i) rf_sym_bias_var((c)->R, 0, (l), (i))

static slong vd(const fctx_t *c, slong i) { return rf_sym_aux_var(c->R, i); }

static slong vlam(const fctx_t *c, slong q)
{
    return rf_sym_aux_var(c->R, (c->three ? c->n1 : 0) + q);
}

static slong vs(const fctx_t *c) { return rf_sym_aux_var(c->R, c->n1 + c->r); }

/* swap auxiliaries delta (shift) and mu (scale of the kink neuron) */
static slong vdelta(const fctx_t *c)
{
    return rf_sym_aux_var(c->R, c->n1 + c->r + (c->hidden >= 0 ? 1 : 0));
}

static slong vmu(const fctx_t *c) { return vdelta(c) + 1; }

/* p = coef * x_v (+=) */
static void addterm(fmpq_mpoly_t p, const fmpq_t coef, slong v1, slong v2,
                    slong v3, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_t t, g;
    fmpq_mpoly_init(t, ctx);
    fmpq_mpoly_init(g, ctx);
    fmpq_mpoly_set_fmpq(t, coef, ctx);
    if (v1 >= 0) {
        fmpq_mpoly_gen(g, v1, ctx);
        fmpq_mpoly_mul(t, t, g, ctx);
    }
    if (v2 >= 0) {
        fmpq_mpoly_gen(g, v2, ctx);
        fmpq_mpoly_mul(t, t, g, ctx);
    }
    if (v3 >= 0) {
        fmpq_mpoly_gen(g, v3, ctx);
        fmpq_mpoly_mul(t, t, g, ctx);
    }
    fmpq_mpoly_add(p, p, t, ctx);
    fmpq_mpoly_clear(t, ctx);
    fmpq_mpoly_clear(g, ctx);
}

static void add_cons(rf_sys_t sys, slong comp, fmpq_mpoly_t p, rf_sys_rel_t rel,
                     const char *label)
{
    if (rel == RF_SYS_REL_EQ && fmpq_mpoly_is_zero(p, sys->ctx))
        return;
    rf_sys_add_constraint(sys, comp, p, rel, label);
    fmpq_mpoly_zero(p, sys->ctx);
}

/* Close the equation p - value = 0 and add it to component comp (p is
 * reset): the common last step of "expression = known constant". */
static void close_eq(rf_sys_t sys, slong comp, fmpq_mpoly_t p,
                     const fmpq_t value, const char *label)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_neg(t, value);
    addterm(p, t, -1, -1, -1, sys->ctx);
    fmpq_clear(t);
    add_cons(sys, comp, p, RF_SYS_REL_EQ, label);
}

static void mask_str(char *buf, size_t n, ulong mask, const slong *idx,
                     slong len)
{
    slong q;
    size_t l = (size_t) snprintf(buf, n, "{");
    for (q = 0; q < len && l < n; q++)
        if ((mask >> q) & 1)
            l += (size_t) snprintf(buf + l, n - l, "%s%ld",
                                   l > 1 ? "," : "", (long) (idx[q] + 1));
    if (l < n)
        snprintf(buf + l, n - l, "}");
}

/* W1'_{i,:} = sign d_i W1_{i,:}: first-layer weights of hidden neuron i
 * scaled by d_i (sign = -1: reversed, n1 = 1 reflection). Shared by every
 * three-layer component kind. */
static void add_first_layer_scaled(rf_sys_t sys, const fctx_t *c, slong comp,
                                   fmpq_mpoly_t p, slong i, int sign,
                                   const char *label)
{
    const fmpq_mpoly_ctx_struct *ctx = sys->ctx;
    slong o;
    fmpq_t one, t;
    fmpq_init(one);
    fmpq_init(t);
    fmpq_one(one);
    for (o = 0; o < c->net->dims[0]; o++) {
        addterm(p, one, vW(c, 0, i, o), -1, -1, ctx);
        fmpq_mul_si(t, rf_net_W(c->net, 0, i, o), -sign);
        addterm(p, t, vd(c, i), -1, -1, ctx);
        add_cons(sys, comp, p, RF_SYS_REL_EQ, label);
    }
    fmpq_clear(one);
    fmpq_clear(t);
}

/* lambda_q W3'_{:,j} = W3_{:,j} and lambda_q > 0 for crossing neuron
 * j = xs[q]: the outgoing side of a rescaled crossing neuron, the same in
 * every component kind. */
static void add_outgoing_rescaled(rf_sys_t sys, const fctx_t *c, slong comp,
                                  fmpq_mpoly_t p, slong q, const char *label,
                                  const char *poslabel)
{
    const fmpq_mpoly_ctx_struct *ctx = sys->ctx;
    slong jj = c->xs[q], o;
    fmpq_t one;
    fmpq_init(one);
    fmpq_one(one);
    for (o = 0; o < c->n3; o++) {
        addterm(p, one, vlam(c, q), vW(c, c->lw + 1, o, jj), -1, ctx);
        close_eq(sys, comp, p, W3E(c, o, jj), label);
    }
    addterm(p, one, vlam(c, q), -1, -1, ctx);
    add_cons(sys, comp, p, RF_SYS_REL_GT, poslabel);
    fmpq_clear(one);
}

/* n1 = 1 crossing neuron q = xs[q] under the swap (sign = 1, X = delta) or
 * the reflection (sign = -1, X = T): d W2'_j = sign lambda W2_j,
 * b2'_j = lambda (b2_j - sign W2_j X), then the outgoing side. */
static void add_crossing_kink(rf_sys_t sys, const fctx_t *c, slong comp,
                              fmpq_mpoly_t p, slong q, int sign,
                              const char *wlabel, const char *blabel)
{
    const fmpq_mpoly_ctx_struct *ctx = sys->ctx;
    slong jj = c->xs[q];
    fmpq_t one, t;
    fmpq_init(one);
    fmpq_init(t);
    fmpq_one(one);
    addterm(p, one, vd(c, 0), vW(c, 1, jj, 0), -1, ctx);
    fmpq_mul_si(t, W2E(c, jj, 0), -sign);
    addterm(p, t, vlam(c, q), -1, -1, ctx);
    add_cons(sys, comp, p, RF_SYS_REL_EQ, wlabel);
    addterm(p, one, vB(c, 1, jj), -1, -1, ctx);
    fmpq_neg(t, B2E(c, jj));
    addterm(p, t, vlam(c, q), -1, -1, ctx);
    fmpq_mul_si(t, W2E(c, jj, 0), sign);
    addterm(p, t, vlam(c, q), vdelta(c), -1, ctx);
    add_cons(sys, comp, p, RF_SYS_REL_EQ, blabel);
    add_outgoing_rescaled(sys, c, comp, p, q, "outgoing weights rescaled",
                          "lambda > 0");
    fmpq_clear(one);
    fmpq_clear(t);
}

/* Sampler side of add_crossing_kink for the drawn lambda = lam. */
static void sample_crossing_kink(rf_net_t out, const fctx_t *c, slong q,
                                 int sign, const fmpq_t d, const fmpq_t lam,
                                 const fmpq_t X)
{
    slong jj = c->xs[q], o;
    fmpq_t t;
    fmpq_init(t);
    fmpq_mul(t, W2E(c, jj, 0), lam);
    fmpq_mul_si(t, t, sign);
    fmpq_div(rf_net_W(out, 1, jj, 0), t, d);
    fmpq_mul(t, W2E(c, jj, 0), X);
    fmpq_mul_si(t, t, sign);
    fmpq_sub(t, B2E(c, jj), t);
    fmpq_mul(rf_net_b(out, 1, jj), t, lam);
    for (o = 0; o < c->n3; o++)
        fmpq_div(rf_net_W(out, 2, o, jj), W3E(c, o, jj), lam);
    fmpq_clear(t);
}

/* n1 = 1 swap/reflection pool: pool neuron q0 (if >= 0) becomes the kink
 * neuron (d W2' = mu, b2' = -mu X with X = delta or T, mu W3' = K[:,0]);
 * pool neuron q1 (if >= 0) is left to the caller; every other pool neuron
 * is dead. */
static void add_pool_kink(rf_sys_t sys, const fctx_t *c, slong comp,
                          fmpq_mpoly_t p, slong q0, slong q1, const fmpq_mat_t K,
                          const char *biaslabel, const char *outlabel)
{
    const fmpq_mpoly_ctx_struct *ctx = sys->ctx;
    slong q, o;
    fmpq_t one, t;
    fmpq_init(one);
    fmpq_init(t);
    fmpq_one(one);
    for (q = 0; q < c->p; q++) {
        slong jj = c->pool[q];
        if (q == q0) {
            addterm(p, one, vd(c, 0), vW(c, 1, jj, 0), -1, ctx);
            fmpq_neg(t, one);
            addterm(p, t, vmu(c), -1, -1, ctx);
            add_cons(sys, comp, p, RF_SYS_REL_EQ, "kink neuron: d W2' = mu");
            addterm(p, one, vB(c, 1, jj), -1, -1, ctx);
            addterm(p, one, vmu(c), vdelta(c), -1, ctx);
            add_cons(sys, comp, p, RF_SYS_REL_EQ, biaslabel);
            for (o = 0; o < c->n3; o++) {
                addterm(p, one, vmu(c), vW(c, 2, o, jj), -1, ctx);
                close_eq(sys, comp, p, fmpq_mat_entry(K, o, 0), outlabel);
            }
        } else if (q != q1) {
            fmpq_neg(t, one);
            addterm(p, t, vW(c, 1, jj, 0), -1, -1, ctx);
            add_cons(sys, comp, p, RF_SYS_REL_GE, "dead (outgoing weights free)");
            addterm(p, t, vB(c, 1, jj), -1, -1, ctx);
            add_cons(sys, comp, p, RF_SYS_REL_GE, "dead (outgoing weights free)");
        }
    }
    fmpq_clear(one);
    fmpq_clear(t);
}

/* Sampler side of add_pool_kink: pool neuron q0 (if >= 0) becomes the kink
 * neuron (W2' = mu / d, b2' = -mu X, W3' = K[:,0] / mu); pool neuron q1 is
 * left to the caller; the others get random dead weights. */
static void sample_pool_kink(rf_net_t out, const fctx_t *c, flint_rand_t st,
                             slong q0, slong q1, const fmpq_t d, const fmpq_t mu,
                             const fmpq_t X, const fmpq_mat_t K)
{
    slong q, o;
    fmpq_t t;
    fmpq_init(t);
    for (q = 0; q < c->p; q++) {
        slong jj = c->pool[q];
        if (q == q1)
            continue;
        if (q == q0) {
            fmpq_div(rf_net_W(out, 1, jj, 0), mu, d);
            fmpq_mul(t, mu, X);
            fmpq_neg(rf_net_b(out, 1, jj), t);
            for (o = 0; o < c->n3; o++)
                fmpq_div(rf_net_W(out, 2, o, jj), fmpq_mat_entry(K, o, 0), mu);
        } else {
            fmpq_set_si(rf_net_W(out, 1, jj, 0), -(slong) n_randint(st, 6),
                        1 + n_randint(st, 3));
            fmpq_set_si(rf_net_b(out, 1, jj), -(slong) n_randint(st, 6),
                        1 + n_randint(st, 3));
            for (o = 0; o < c->n3; o++)
                _rf_three_randq(rf_net_W(out, 2, o, jj), st, 9, 4, 0);
        }
    }
    fmpq_clear(t);
}

/* Auxiliary values (d, lambda_1..r, delta or T, mu) of an n1 = 1 sample, in
 * the variable order of init_sys. */
static void set_aux_kink(fmpq *aux, const fctx_t *c, const fmpq_t d,
                         const fmpq *lam, const fmpq_t X, const fmpq_t mu)
{
    slong q, na = 0;
    fmpq_set(aux + na++, d);
    for (q = 0; q < c->r; q++)
        fmpq_set(aux + na++, lam + q);
    fmpq_set(aux + na++, X);
    fmpq_set(aux + na++, mu);
}

/* the reflection's kink neuron: the first dead pool neuron */
static slong refl_q0(const fctx_t *c)
{
    slong q;
    for (q = 0; q < c->p; q++)
        if (c->type[c->pool[q]] == RF_THREE_TYPE_Z)
            return q;
    return -1;
}

/* a = sum over crossing neurons j with b2_j > 0 of W3_{:,j} W2_{j,1}
 * (n3 x 1, n1 = 1): the output of the swap's decreasing kink neuron times
 * its scale nu */
static void swap_dec_out(fmpq_mat_t a, const fctx_t *c)
{
    slong q, o;
    fmpq_t t;
    fmpq_init(t);
    fmpq_mat_zero(a);
    for (q = 0; q < c->r; q++)
        if (fmpq_sgn(B2E(c, c->xs[q])) > 0)
            for (o = 0; o < c->n3; o++) {
                fmpq_mul(t, W3E(c, o, c->xs[q]), W2E(c, c->xs[q], 0));
                fmpq_add(fmpq_mat_entry(a, o, 0), fmpq_mat_entry(a, o, 0), t);
            }
    fmpq_clear(t);
}

/* n1 = 1 swap component: theta' = first layer d (u + delta) (its own
 * breakpoint u = -delta hidden), crossing neurons rescaled so that their
 * pre-activation is lambda (w u + beta) for u >= -delta; if theta has
 * always-active neurons, one pool neuron (swapA) reproduces mu relu(u) with
 * output m / mu, m = sum_A v_j w_j; if theta has crossing neurons with
 * b2 > 0 (active at y = 0), pool neuron swapD computes nu relu(-u) for
 * u >= -delta (nu delta below) with output a / nu, a = their sum of v_j w_j,
 * cancelling their slope on (-delta, 0) and constant change below; every
 * other pool neuron dead. */
static void emit_swap(rf_sys_t sys, const fctx_t *c, slong k)
{
    const fmpq_mpoly_ctx_struct *ctx = sys->ctx;
    slong q, o, q0 = c->swapA, q1 = c->swapD, comp;
    fmpq_mpoly_t p;
    fmpq_t one, t, zero;
    fmpq_mat_t M, a;
    fmpq *cF = _fmpq_vec_init(c->n3);
    fmpq_mpoly_init(p, ctx);
    fmpq_init(one);
    fmpq_init(t);
    fmpq_init(zero);
    fmpq_one(one);
    fmpq_mat_init(M, c->n3, 1);
    fmpq_mat_init(a, c->n3, 1);
    MF_cF(M, cF, c, 0, zero);
    swap_dec_out(a, c);
    comp = rf_sys_add_component(sys,
        q1 < 0 ? "n1=1-swap(preserve->hide)+positive-scaling+dead-neuron-freedom"
        : q0 < 0 ? "n1=1-swap(preserve->hide)+decreasing-kink-neuron+positive-scaling+dead-neuron-freedom"
        : "n1=1-swap(preserve->hide)+two-kink-neurons+positive-scaling+dead-neuron-freedom",
        q1 < 0 ?
        "the first-layer breakpoint moves to u = -delta and becomes hidden; "
        "the visible breakpoint u = 0 is reproduced by a second-layer neuron "
        "(the first always-active one) that computes mu relu(u); every other "
        "pool neuron is dead; listed up to the permutations of theta'" :
        "the first-layer breakpoint moves to u = -delta and becomes hidden; "
        "the visible breakpoint u = 0 is reproduced by second-layer kink "
        "neurons: one computing -d W2' relu(-u) for u >= -delta (it cancels the "
        "change of the crossing neurons with b2 > 0 below u = 0) and, when theta "
        "has always-active neurons, one computing mu relu(u); every other pool "
        "neuron is dead; listed up to the permutations of theta'",
        c->compdim[k]);
    add_first_layer_scaled(sys, c, comp, p, 0, 1, "first layer scaled");
    addterm(p, one, vB(c, 0, 0), -1, -1, ctx);
    fmpq_neg(t, rf_net_b(c->net, 0, 0));
    addterm(p, t, vd(c, 0), -1, -1, ctx);
    fmpq_neg(t, one);
    addterm(p, t, vd(c, 0), vdelta(c), -1, ctx);
    add_cons(sys, comp, p, RF_SYS_REL_EQ, "first-layer bias: breakpoint moved to u = -delta");
    addterm(p, one, vd(c, 0), -1, -1, ctx);
    add_cons(sys, comp, p, RF_SYS_REL_GT, "d > 0");
    addterm(p, one, vdelta(c), -1, -1, ctx);
    add_cons(sys, comp, p, RF_SYS_REL_GT, "delta > 0");
    if (q0 >= 0) {
        addterm(p, one, vmu(c), -1, -1, ctx);
        add_cons(sys, comp, p, RF_SYS_REL_GT, "mu > 0");
    }
    for (q = 0; q < c->r; q++)
        add_crossing_kink(sys, c, comp, p, q, 1, "crossing neuron rescaled",
                          "crossing neuron bias follows the shift");
    add_pool_kink(sys, c, comp, p, q0, q1, M, "kink neuron: b2' = -mu delta",
                  "kink neuron output: mu W3' = sum_A W3 W2");
    if (q1 >= 0) {
        /* nu = -d W2'_{q1} > 0; b2' = nu delta; nu W3' = a */
        slong jj = c->pool[q1];
        fmpq_neg(t, one);
        addterm(p, t, vW(c, 1, jj, 0), -1, -1, ctx);
        add_cons(sys, comp, p, RF_SYS_REL_GT, "decreasing kink neuron: W2' < 0");
        addterm(p, one, vB(c, 1, jj), -1, -1, ctx);
        addterm(p, one, vd(c, 0), vdelta(c), vW(c, 1, jj, 0), ctx);
        add_cons(sys, comp, p, RF_SYS_REL_EQ,
                 "decreasing kink neuron: b2' = -d delta W2' (kink at u = 0)");
        for (o = 0; o < c->n3; o++) {
            addterm(p, t, vd(c, 0), vW(c, 1, jj, 0), vW(c, 2, o, jj), ctx);
            close_eq(sys, comp, p, fmpq_mat_entry(a, o, 0),
                     "decreasing kink neuron output: -d W2' W3' = sum over crossing "
                     "neurons with b2 > 0 of W3 W2");
        }
    }
    for (o = 0; o < c->n3; o++) {
        addterm(p, one, vB(c, 2, o), -1, -1, ctx);
        close_eq(sys, comp, p, cF + o, "output bias absorbs the active biases");
    }
    fmpq_mpoly_clear(p, ctx);
    fmpq_clear(one);
    fmpq_clear(t);
    fmpq_clear(zero);
    fmpq_mat_clear(M);
    fmpq_mat_clear(a);
    _fmpq_vec_clear(cF, c->n3);
}

static int sample_swap(rf_net_t out, fmpq *aux, const fctx_t *c,
                       flint_rand_t st)
{
    slong n0 = c->net->dims[0], q, o;
    fmpq_t d, delta, mu, t, zero;
    fmpq *lam = _fmpq_vec_init(c->r + 1), *cF = _fmpq_vec_init(c->n3);
    fmpq_mat_t M;
    fmpq_init(d);
    fmpq_init(delta);
    fmpq_init(mu);
    fmpq_init(t);
    fmpq_init(zero);
    fmpq_mat_init(M, c->n3, 1);
    MF_cF(M, cF, c, 0, zero);
    fmpq_set_si(d, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
    fmpq_set_si(delta, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 4));
    fmpq_set_si(mu, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
    rf_net_set(out, c->net);
    for (o = 0; o < n0; o++)
        fmpq_mul(rf_net_W(out, 0, 0, o), rf_net_W(c->net, 0, 0, o), d);
    fmpq_add(t, rf_net_b(c->net, 0, 0), delta);
    fmpq_mul(rf_net_b(out, 0, 0), t, d);
    for (q = 0; q < c->r; q++) {
        fmpq_set_si(lam + q, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
        sample_crossing_kink(out, c, q, 1, d, lam + q, delta);
    }
    sample_pool_kink(out, c, st, c->swapA, c->swapD, d, mu, delta, M);
    if (c->swapD >= 0) {
        /* nu relu(-u) for u >= -delta: W2' = -nu / d, b2' = nu delta,
         * W3' = a / nu */
        slong jj = c->pool[c->swapD];
        fmpq_mat_t a;
        fmpq_t nu;
        fmpq_init(nu);
        fmpq_mat_init(a, c->n3, 1);
        swap_dec_out(a, c);
        fmpq_set_si(nu, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
        fmpq_div(t, nu, d);
        fmpq_neg(rf_net_W(out, 1, jj, 0), t);
        fmpq_mul(rf_net_b(out, 1, jj), nu, delta);
        for (o = 0; o < c->n3; o++)
            fmpq_div(rf_net_W(out, 2, o, jj), fmpq_mat_entry(a, o, 0), nu);
        fmpq_mat_clear(a);
        fmpq_clear(nu);
    }
    for (o = 0; o < c->n3; o++)
        fmpq_set(rf_net_b(out, 2, o), cF + o);
    if (aux)
        set_aux_kink(aux, c, d, lam, delta, mu);
    fmpq_clear(d);
    fmpq_clear(delta);
    fmpq_clear(mu);
    fmpq_clear(t);
    fmpq_clear(zero);
    fmpq_mat_clear(M);
    _fmpq_vec_clear(lam, c->r + 1);
    _fmpq_vec_clear(cF, c->n3);
    return 0;
}

/* t_max = max over crossing neurons of b2_j / |W2_j| (n1 = 1, all W2 < 0) */
static void refl_tmax(fmpq_t tmax, const fctx_t *c)
{
    slong q;
    fmpq_t t;
    fmpq_init(t);
    fmpq_zero(tmax);
    for (q = 0; q < c->r; q++) {
        fmpq_div(t, B2E(c, c->xs[q]), W2E(c, c->xs[q], 0));
        fmpq_neg(t, t);
        if (fmpq_cmp(t, tmax) > 0)
            fmpq_set(tmax, t);
    }
    fmpq_clear(t);
}

/* m = sum_X W3_{:,j} W2_{j,1} (n3 x 1, n1 = 1): the output slope the
 * reflection's kink neuron must supply, shared by emit_refl and sample_refl */
static void refl_kink_out(fmpq_mat_t m, const fctx_t *c)
{
    slong q, o;
    fmpq_t t;
    fmpq_init(t);
    fmpq_mat_zero(m);
    for (q = 0; q < c->r; q++)
        for (o = 0; o < c->n3; o++) {
            fmpq_mul(t, W3E(c, o, c->xs[q]), W2E(c, c->xs[q], 0));
            fmpq_add(fmpq_mat_entry(m, o, 0), fmpq_mat_entry(m, o, 0), t);
        }
    fmpq_clear(t);
}

/* n1 = 1 reflection component: z' = d (T - u) with T >= t_max; crossing
 * neuron j gets pre-activation lambda (W2_j u + b2_j) for u <= T; the first
 * dead neuron becomes the kink neuron mu (-u) with output m / mu,
 * m = sum_X W3_j W2_j, cancelling the linear growth for u < 0. */
static void emit_refl(rf_sys_t sys, const fctx_t *c, slong k)
{
    const fmpq_mpoly_ctx_struct *ctx = sys->ctx;
    slong q, o, q0 = -1, comp;
    fmpq_mpoly_t p;
    fmpq_t one, t, tmax;
    fmpq_mat_t m;
    fmpq_mpoly_init(p, ctx);
    fmpq_init(one);
    fmpq_init(t);
    fmpq_init(tmax);
    fmpq_one(one);
    fmpq_mat_init(m, c->n3, 1);
    refl_tmax(tmax, c);
    refl_kink_out(m, c);
    q0 = refl_q0(c);
    comp = rf_sys_add_component(sys,
        "n1=1-reflection+positive-scaling+dead-neuron-freedom",
        "the first layer is reversed, z' = d (T - u) with T >= t_max (its "
        "breakpoint u = T hidden); crossing neurons keep their breakpoints; "
        "a dead neuron becomes the kink neuron at u = 0; listed up to the "
        "permutations of theta'", c->compdim[k]);
    add_first_layer_scaled(sys, c, comp, p, 0, -1,
                           "first layer reversed and scaled");
    addterm(p, one, vB(c, 0, 0), -1, -1, ctx);
    addterm(p, rf_net_b(c->net, 0, 0), vd(c, 0), -1, -1, ctx);
    fmpq_neg(t, one);
    addterm(p, t, vd(c, 0), vdelta(c), -1, ctx);
    add_cons(sys, comp, p, RF_SYS_REL_EQ, "first-layer bias d (T - b1)");
    addterm(p, one, vd(c, 0), -1, -1, ctx);
    add_cons(sys, comp, p, RF_SYS_REL_GT, "d > 0");
    addterm(p, one, vdelta(c), -1, -1, ctx);
    fmpq_neg(t, tmax);
    addterm(p, t, -1, -1, -1, ctx);
    add_cons(sys, comp, p, RF_SYS_REL_GE, "T >= t_max (hidden reversed breakpoint)");
    addterm(p, one, vmu(c), -1, -1, ctx);
    add_cons(sys, comp, p, RF_SYS_REL_GT, "mu > 0");
    /* d W2'_j = -lambda W2_j ; b2'_j = lambda (b2_j + W2_j T) */
    for (q = 0; q < c->r; q++)
        add_crossing_kink(sys, c, comp, p, q, -1, "crossing neuron reflected",
                          "crossing neuron bias follows T");
    add_pool_kink(sys, c, comp, p, q0, -1, m, "kink neuron: b2' = -mu T",
                  "kink neuron output: mu W3' = sum_X W3 W2");
    for (o = 0; o < c->n3; o++) {
        addterm(p, one, vB(c, 2, o), -1, -1, ctx);
        close_eq(sys, comp, p, B3E(c, o), "output bias unchanged");
    }
    fmpq_mpoly_clear(p, ctx);
    fmpq_clear(one);
    fmpq_clear(t);
    fmpq_clear(tmax);
    fmpq_mat_clear(m);
}

static int sample_refl(rf_net_t out, fmpq *aux, const fctx_t *c,
                       flint_rand_t st)
{
    slong n0 = c->net->dims[0], q, o;
    fmpq_t d, T, mu, t;
    fmpq *lam = _fmpq_vec_init(c->r + 1);
    fmpq_mat_t m;
    fmpq_init(d);
    fmpq_init(T);
    fmpq_init(mu);
    fmpq_init(t);
    fmpq_mat_init(m, c->n3, 1);
    refl_kink_out(m, c);
    fmpq_set_si(d, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
    refl_tmax(T, c);
    fmpq_set_si(t, (slong) n_randint(st, 4), 1 + n_randint(st, 3));
    fmpq_add(T, T, t);
    fmpq_set_si(mu, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
    rf_net_set(out, c->net);
    for (o = 0; o < n0; o++) {
        fmpq_mul(rf_net_W(out, 0, 0, o), rf_net_W(c->net, 0, 0, o), d);
        fmpq_neg(rf_net_W(out, 0, 0, o), rf_net_W(out, 0, 0, o));
    }
    fmpq_sub(t, T, rf_net_b(c->net, 0, 0));
    fmpq_mul(rf_net_b(out, 0, 0), t, d);
    for (q = 0; q < c->r; q++) {
        fmpq_set_si(lam + q, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
        sample_crossing_kink(out, c, q, -1, d, lam + q, T);
    }
    sample_pool_kink(out, c, st, refl_q0(c), -1, d, mu, T, m);
    if (aux)
        set_aux_kink(aux, c, d, lam, T, mu);
    fmpq_clear(d);
    fmpq_clear(T);
    fmpq_clear(mu);
    fmpq_clear(t);
    _fmpq_vec_clear(lam, c->r + 1);
    fmpq_mat_clear(m);
    return 0;
}

/* M = sum_A W3_{:,j} W2_{j,:} (n3 x n1) and c = b3 + sum_A W3_{:,j} b2_j:
 * the always-active block of theta (F empty, no shift). */
static void active_block(fmpq_mat_t M, fmpq *cF, const fctx_t *c)
{
    fmpq_t zero;
    fmpq_init(zero);
    MF_cF(M, cF, c, 0, zero);
    fmpq_clear(zero);
}

/* n1 >= 2 swap at first-layer index i (Prop. 5.9): first layer scaled with
 * b1'_i = d_i (b1_i + delta), so its hyperplane moves to u_i = -delta and is
 * hidden; crossing neurons keep their pre-activation lambda (W2_j y + b2_j)
 * for u_i >= -delta; the first dead neuron of theta becomes the kink neuron
 * mu relu(u_i) with output M[:, i] / mu; theta's always-active neurons
 * stop reading y_i and realize the rest of the always-active block; the
 * other dead neurons stay dead. */
static void emit_swap2(rf_sys_t sys, const fctx_t *c, slong k)
{
    const fmpq_mpoly_ctx_struct *ctx = sys->ctx;
    slong i0 = (slong) c->compA[k], q, o, i, q0 = -1, comp;
    fmpq_mpoly_t p;
    fmpq_t one, t;
    fmpq_mat_t M;
    fmpq *cF = _fmpq_vec_init(c->n3);
    char name[160];
    fmpq_mpoly_init(p, ctx);
    fmpq_init(one);
    fmpq_init(t);
    fmpq_one(one);
    fmpq_mat_init(M, c->n3, c->n1);
    active_block(M, cF, c);
    for (q = 0; q < c->p && q0 < 0; q++)
        if (c->type[c->pool[q]] == RF_THREE_TYPE_Z)
            q0 = q;
    snprintf(name, sizeof(name), "swap(preserve->hide, index %ld)+positive-"
             "scaling+dead-neuron-freedom", (long) (i0 + 1));
    comp = rf_sys_add_component(sys, name,
        "Prop. 5.9: the first-layer hyperplane i moves to u_i = -delta and "
        "becomes hidden; a dead neuron of theta becomes the kink neuron "
        "mu relu(u_i) carrying M[:, i]; the always-active neurons stop "
        "reading y_i; listed up to the permutations of theta'; dimension "
        "not computed", c->compdim[k]);
    for (i = 0; i < c->n1; i++) {
        add_first_layer_scaled(sys, c, comp, p, i, 1, "first layer scaled");
        addterm(p, one, vB(c, 0, i), -1, -1, ctx);
        fmpq_neg(t, rf_net_b(c->net, 0, i));
        addterm(p, t, vd(c, i), -1, -1, ctx);
        if (i == i0) {
            fmpq_neg(t, one);
            addterm(p, t, vd(c, i), vdelta(c), -1, ctx);
        }
        add_cons(sys, comp, p, RF_SYS_REL_EQ, i == i0 ?
                 "first-layer bias: hyperplane moved to u_i = -delta" :
                 "first-layer bias scaled");
        addterm(p, one, vd(c, i), -1, -1, ctx);
        add_cons(sys, comp, p, RF_SYS_REL_GT, "d > 0");
    }
    addterm(p, one, vdelta(c), -1, -1, ctx);
    add_cons(sys, comp, p, RF_SYS_REL_GT, "delta > 0");
    addterm(p, one, vmu(c), -1, -1, ctx);
    add_cons(sys, comp, p, RF_SYS_REL_GT, "mu > 0");
    /* crossing: d_k W2'_{j,k} = lambda W2_{j,k}; b2'_j = lambda (b2_j -
     * W2_{j,i0} delta); lambda W3'_j = W3_j */
    for (q = 0; q < c->r; q++) {
        slong jj = c->xs[q];
        for (i = 0; i < c->n1; i++) {
            addterm(p, one, vd(c, i), vW(c, 1, jj, i), -1, ctx);
            fmpq_neg(t, W2E(c, jj, i));
            addterm(p, t, vlam(c, q), -1, -1, ctx);
            add_cons(sys, comp, p, RF_SYS_REL_EQ, "crossing neuron rescaled");
        }
        addterm(p, one, vB(c, 1, jj), -1, -1, ctx);
        fmpq_neg(t, B2E(c, jj));
        addterm(p, t, vlam(c, q), -1, -1, ctx);
        addterm(p, W2E(c, jj, i0), vlam(c, q), vdelta(c), -1, ctx);
        add_cons(sys, comp, p, RF_SYS_REL_EQ, "crossing neuron bias follows the shift");
        add_outgoing_rescaled(sys, c, comp, p, q, "outgoing weights rescaled",
                              "lambda > 0");
    }
    for (q = 0; q < c->p; q++) {
        slong jj = c->pool[q];
        if (q == q0) {
            for (i = 0; i < c->n1; i++) {
                addterm(p, one, i == i0 ? vd(c, i) : -1, vW(c, 1, jj, i), -1, ctx);
                if (i == i0) {
                    fmpq_neg(t, one);
                    addterm(p, t, vmu(c), -1, -1, ctx);
                }
                add_cons(sys, comp, p, RF_SYS_REL_EQ, "kink neuron reads u_i only: d_i W2' = mu e_i");
            }
            addterm(p, one, vB(c, 1, jj), -1, -1, ctx);
            addterm(p, one, vmu(c), vdelta(c), -1, ctx);
            add_cons(sys, comp, p, RF_SYS_REL_EQ, "kink neuron: b2' = -mu delta");
            for (o = 0; o < c->n3; o++) {
                addterm(p, one, vmu(c), vW(c, 2, o, jj), -1, ctx);
                close_eq(sys, comp, p, fmpq_mat_entry(M, o, i0),
                         "kink neuron output: mu W3' = M[:, i]");
            }
        } else if (c->type[jj] == RF_THREE_TYPE_A) {
            addterm(p, one, vW(c, 1, jj, i0), -1, -1, ctx);
            add_cons(sys, comp, p, RF_SYS_REL_EQ, "always active, not reading y_i");
            for (i = 0; i <= c->n1; i++) {
                if (i == i0)
                    continue;
                addterm(p, one, i < c->n1 ? vW(c, 1, jj, i) : vB(c, 1, jj), -1, -1, ctx);
                add_cons(sys, comp, p, RF_SYS_REL_GE, "always active");
            }
        } else {
            fmpq_neg(t, one);
            for (i = 0; i <= c->n1; i++) {
                addterm(p, t, i < c->n1 ? vW(c, 1, jj, i) : vB(c, 1, jj), -1, -1, ctx);
                add_cons(sys, comp, p, RF_SYS_REL_GE, "dead (outgoing weights free)");
            }
        }
    }
    /* the always-active neurons realize M[:, k] for k != i0 (E4) and the
     * constant (E5) */
    for (o = 0; o < c->n3; o++) {
        for (i = 0; i < c->n1; i++) {
            if (i == i0)
                continue;
            for (q = 0; q < c->p; q++)
                if (q != q0 && c->type[c->pool[q]] == RF_THREE_TYPE_A)
                    addterm(p, one, vW(c, 2, o, c->pool[q]), vd(c, i),
                            vW(c, 1, c->pool[q], i), ctx);
            close_eq(sys, comp, p, fmpq_mat_entry(M, o, i),
                     "always-active block realizes M[:, k], k != i");
        }
        addterm(p, one, vB(c, 2, o), -1, -1, ctx);
        for (q = 0; q < c->p; q++)
            if (q != q0 && c->type[c->pool[q]] == RF_THREE_TYPE_A)
                addterm(p, one, vW(c, 2, o, c->pool[q]), vB(c, 1, c->pool[q]), -1, ctx);
        close_eq(sys, comp, p, cF + o, "output bias (bias transfer)");
    }
    fmpq_mpoly_clear(p, ctx);
    fmpq_clear(one);
    fmpq_clear(t);
    fmpq_mat_clear(M);
    _fmpq_vec_clear(cF, c->n3);
}

/* Random point of an n1 >= 2 swap component: theta's always-active rows
 * with entry i zeroed and rescaled by kappa > 0, the kink neuron, random
 * dead rows. */
static int sample_swap2(rf_net_t out, fmpq *aux, const fctx_t *c, slong k,
                        flint_rand_t st)
{
    slong i0 = (slong) c->compA[k], n0 = c->net->dims[0], q, o, i, q0 = -1;
    slong na = 0;
    fmpq *d = _fmpq_vec_init(c->n1), *lam = _fmpq_vec_init(c->r + 1);
    fmpq *cF = _fmpq_vec_init(c->n3);
    fmpq_t delta, mu, t, kap;
    fmpq_mat_t M;
    fmpq_init(delta);
    fmpq_init(mu);
    fmpq_init(t);
    fmpq_init(kap);
    fmpq_mat_init(M, c->n3, c->n1);
    active_block(M, cF, c);
    rf_net_set(out, c->net);
    for (i = 0; i < c->n1; i++)
        fmpq_set_si(d + i, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
    fmpq_set_si(delta, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 4));
    fmpq_set_si(mu, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
    for (i = 0; i < c->n1; i++) {
        for (o = 0; o < n0; o++)
            fmpq_mul(rf_net_W(out, 0, i, o), rf_net_W(c->net, 0, i, o), d + i);
        fmpq_set(t, rf_net_b(c->net, 0, i));
        if (i == i0)
            fmpq_add(t, t, delta);
        fmpq_mul(rf_net_b(out, 0, i), t, d + i);
    }
    for (q = 0; q < c->r; q++) {
        slong jj = c->xs[q];
        fmpq_set_si(lam + q, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
        for (i = 0; i < c->n1; i++) {
            fmpq_mul(t, W2E(c, jj, i), lam + q);
            fmpq_div(rf_net_W(out, 1, jj, i), t, d + i);
        }
        fmpq_mul(t, W2E(c, jj, i0), delta);
        fmpq_sub(t, B2E(c, jj), t);
        fmpq_mul(rf_net_b(out, 1, jj), t, lam + q);
        for (o = 0; o < c->n3; o++)
            fmpq_div(rf_net_W(out, 2, o, jj), W3E(c, o, jj), lam + q);
    }
    for (q = 0; q < c->p; q++) {
        slong jj = c->pool[q];
        if (q0 < 0 && c->type[jj] == RF_THREE_TYPE_Z) {
            q0 = q;
            for (i = 0; i < c->n1; i++)
                if (i == i0)
                    fmpq_div(rf_net_W(out, 1, jj, i), mu, d + i);
                else
                    fmpq_zero(rf_net_W(out, 1, jj, i));
            fmpq_mul(t, mu, delta);
            fmpq_neg(rf_net_b(out, 1, jj), t);
            for (o = 0; o < c->n3; o++)
                fmpq_div(rf_net_W(out, 2, o, jj), fmpq_mat_entry(M, o, i0), mu);
        } else if (c->type[jj] == RF_THREE_TYPE_A) {
            fmpq_set_si(kap, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
            for (i = 0; i < c->n1; i++) {
                fmpq_mul(t, W2E(c, jj, i), kap);
                fmpq_div(rf_net_W(out, 1, jj, i), t, d + i);
            }
            fmpq_zero(rf_net_W(out, 1, jj, i0));
            fmpq_mul(rf_net_b(out, 1, jj), B2E(c, jj), kap);
            for (o = 0; o < c->n3; o++)
                fmpq_div(rf_net_W(out, 2, o, jj), W3E(c, o, jj), kap);
        } else {
            for (i = 0; i < c->n1; i++)
                fmpq_set_si(rf_net_W(out, 1, jj, i), -(slong) n_randint(st, 6),
                            1 + n_randint(st, 3));
            fmpq_set_si(rf_net_b(out, 1, jj), -(slong) n_randint(st, 6),
                        1 + n_randint(st, 3));
            for (o = 0; o < c->n3; o++)
                _rf_three_randq(rf_net_W(out, 2, o, jj), st, 9, 4, 0);
        }
    }
    if (aux) {
        for (i = 0; i < c->n1; i++)
            fmpq_set(aux + na++, d + i);
        for (q = 0; q < c->r; q++)
            fmpq_set(aux + na++, lam + q);
        fmpq_set(aux + na++, delta);
        fmpq_set(aux + na++, mu);
    }
    fmpq_clear(delta);
    fmpq_clear(mu);
    fmpq_clear(t);
    fmpq_clear(kap);
    fmpq_mat_clear(M);
    _fmpq_vec_clear(d, c->n1);
    _fmpq_vec_clear(lam, c->r + 1);
    _fmpq_vec_clear(cF, c->n3);
    return 0;
}

static void emit_component(rf_sys_t sys, const fctx_t *c, slong k)
{
    const fmpq_mpoly_ctx_struct *ctx = sys->ctx;
    ulong F = c->compF[k], Ap = c->compA[k];
    slong i, o, q, comp;
    slong lw = c->lw, l1 = 0;
    char name[512], desc[1024], fs[160], as[160], zs[160];
    fmpq_mpoly_t p;
    fmpq_t one, t, zero;
    fmpq_mat_t M;
    fmpq *cF = _fmpq_vec_init(c->n3);
    slong a2 = popcount(Ap), z2 = c->p - a2;
    int affine = a2 > 0;
    fmpq_mpoly_init(p, ctx);
    fmpq_init(one);
    fmpq_init(t);
    fmpq_init(zero);
    fmpq_one(one);
    fmpq_mat_init(M, c->n3, c->n1);
    mask_str(fs, sizeof(fs), F, c->xs, c->r);
    mask_str(as, sizeof(as), Ap, c->pool, c->p);
    mask_str(zs, sizeof(zs), ~Ap & ((UWORD(1) << c->p) - 1), c->pool, c->p);
    snprintf(name, sizeof(name), "%s%s%s%s%s%s%s",
             c->three ? "permutation+positive-scaling" : "permutation+positive-scaling(second layer)",
             !F ? "" : affine ? "+flip-absorbed-by-always-active"
                              : "+flip-absorbed-by-output-bias",
             affine ? "+always-active-mixing+bias-transfer" : "",
             z2 > 0 ? "+dead-neuron-freedom" : "",
             c->hidden >= 0 ? "+hidden-hyperplane-shift" : "",
             "", "");
    {
        int switched = 0;
        for (q = 0; q < c->p; q++)
            if ((((Ap >> q) & 1) != 0) != (c->type[c->pool[q]] == RF_THREE_TYPE_A))
                switched = 1;
        if (switched)
            strncat(name, "+active/dead-switch", sizeof(name) - strlen(name) - 1);
    }
    snprintf(desc, sizeof(desc), "flip set F = %s of crossing neurons; "
             "always-active pool A' = %s; dead pool Z' = %s; neurons are "
             "listed up to the permutations S_n1 x S_n2 acting on theta'",
             fs, as, zs);
    comp = rf_sys_add_component(sys, name, desc, c->compdim[k]);
    MF_cF(M, cF, c, F, zero);
    if (c->three) {
        l1 = 0;
        /* (E1) W1'_{i,k} = d_i W1_{i,k}, b1'_i = d_i (b1_i - s [i = i*]) */
        for (i = 0; i < c->n1; i++) {
            add_first_layer_scaled(sys, c, comp, p, i, 1,
                                   "E1 first layer scaled");
            addterm(p, one, vB(c, l1, i), -1, -1, ctx);
            fmpq_neg(t, rf_net_b(c->net, 0, i));
            addterm(p, t, vd(c, i), -1, -1, ctx);
            if (i == c->hidden)
                addterm(p, one, vd(c, i), vs(c), -1, ctx);
            add_cons(sys, comp, p, RF_SYS_REL_EQ,
                     i == c->hidden ? "E1 first-layer bias, hidden shift s"
                                    : "E1 first-layer bias scaled");
            addterm(p, one, vd(c, i), -1, -1, ctx);
            add_cons(sys, comp, p, RF_SYS_REL_GT, "d > 0 positive scaling");
        }
    }
    /* (E2) crossing neurons: d_i W2'_{j,i} = eps lambda W2_{j,i},
     * b2'_j = eps lambda b2^s_j, lambda W3'_{:,j} = W3_{:,j} */
    for (q = 0; q < c->r; q++) {
        slong jj = c->xs[q];
        int eps = (F >> q) & 1 ? -1 : 1;
        const char *lab = eps < 0 ? "E2 crossing neuron flipped and scaled"
                                  : "E2 crossing neuron scaled";
        for (i = 0; i < c->n1; i++) {
            addterm(p, one, c->three ? vd(c, i) : -1, vW(c, lw, jj, i), -1, ctx);
            fmpq_mul_si(t, W2E(c, jj, i), -eps);
            addterm(p, t, vlam(c, q), -1, -1, ctx);
            add_cons(sys, comp, p, RF_SYS_REL_EQ, lab);
        }
        addterm(p, one, vB(c, lw, jj), -1, -1, ctx);
        fmpq_mul_si(t, B2E(c, jj), -eps);
        addterm(p, t, vlam(c, q), -1, -1, ctx);
        if (c->hidden >= 0 && fmpq_sgn(W2E(c, jj, c->hidden)) > 0) {
            fmpq_mul_si(t, W2E(c, jj, c->hidden), -eps);
            addterm(p, t, vlam(c, q), vs(c), -1, ctx);
        }
        add_cons(sys, comp, p, RF_SYS_REL_EQ, lab);
        add_outgoing_rescaled(sys, c, comp, p, q,
                              "E2 outgoing weights rescaled",
                              "lambda > 0 positive scaling");
    }
    /* (E3) signs of the pool */
    for (q = 0; q < c->p; q++) {
        slong jj = c->pool[q];
        int act = (Ap >> q) & 1;
        fmpq_set_si(t, act ? 1 : -1, 1);
        for (i = 0; i < c->n1; i++) {
            addterm(p, t, vW(c, lw, jj, i), -1, -1, ctx);
            add_cons(sys, comp, p, RF_SYS_REL_GE, act ? "E3 always active" : "E3 dead (outgoing weights free)");
        }
        addterm(p, t, vB(c, lw, jj), -1, -1, ctx);
        add_cons(sys, comp, p, RF_SYS_REL_GE, act ? "E3 always active" : "E3 dead (outgoing weights free)");
    }
    /* (E4) sum_{A'} W3'_{:,q} d_i W2'_{q,i} = M_F[:, i] */
    for (o = 0; o < c->n3; o++)
        for (i = 0; i < c->n1; i++) {
            for (q = 0; q < c->p; q++)
                if ((Ap >> q) & 1)
                    addterm(p, one, vW(c, lw + 1, o, c->pool[q]),
                            c->three ? vd(c, i) : -1, vW(c, lw, c->pool[q], i), ctx);
            close_eq(sys, comp, p, fmpq_mat_entry(M, o, i), "E4 always-active block realizes M_F");
        }
    /* (E5) b3' + sum_{A'} W3'_{:,q} b2'_q = c_F */
    for (o = 0; o < c->n3; o++) {
        addterm(p, one, vB(c, lw + 1, o), -1, -1, ctx);
        for (q = 0; q < c->p; q++)
            if ((Ap >> q) & 1)
                addterm(p, one, vW(c, lw + 1, o, c->pool[q]), vB(c, lw, c->pool[q]), -1, ctx);
        fmpq_neg(t, cF + o);
        addterm(p, t, -1, -1, -1, ctx);
        if (fmpq_mpoly_is_zero(p, ctx))
            continue;
        add_cons(sys, comp, p, RF_SYS_REL_EQ, "E5 output bias (bias transfer)");
    }
    if (c->hidden >= 0) {
        addterm(p, c->smax, -1, -1, -1, ctx);
        fmpq_neg(t, one);
        addterm(p, t, vs(c), -1, -1, ctx);
        add_cons(sys, comp, p, RF_SYS_REL_GE, "hidden shift s <= s_max");
    }
    fmpq_mpoly_clear(p, ctx);
    fmpq_clear(one);
    fmpq_clear(t);
    fmpq_clear(zero);
    fmpq_mat_clear(M);
    _fmpq_vec_clear(cF, c->n3);
}

/* The system: the ring's parameters, then the auxiliaries (named here). */
static void init_sys(rf_sys_t sys, const fctx_t *c)
{
    slong naux = (c->three ? c->n1 : 0) + c->r + (c->hidden >= 0 ? 1 : 0) +
                 (c->swap || c->refl || c->nswap2 ? 2 : 0);
    slong a;
    char **names = flint_malloc((naux + 1) * sizeof(char *));
    for (a = 0; a < naux; a++) {
        slong k = rf_sym_aux_var(c->R, a);
        names[a] = flint_malloc(48);
        if (c->three && a < c->n1)
            snprintf(names[a], 48, "d_%ld", (long) (a + 1));
        else if (k < vlam(c, c->r))
            snprintf(names[a], 48, "lambda_%ld",
                     (long) (c->xs[k - vlam(c, 0)] + 1));
        else if ((c->swap || c->refl || c->nswap2) && k == vdelta(c))
            snprintf(names[a], 48, c->refl && !c->swap ? "T" : "delta");
        else if ((c->swap || c->refl || c->nswap2) && k == vmu(c))
            snprintf(names[a], 48, "mu");
        else
            snprintf(names[a], 48, "s");
    }
    rf_sym_sys_init(sys, c->R, naux, (const char *const *) names);
    for (a = 0; a < naux; a++)
        flint_free(names[a]);
    flint_free(names);
}

/* Builds into a fresh system and, on success, swaps it into the caller's
 * (initialised) sys, which an error leaves unchanged. */
static int build(rf_sys_t dst, const rf_net_t net, int three, rf_err_t err)
{
    fctx_t c;
    rf_sym_ctx_t R;
    rf_sys_t sys;
    slong k, maxd = -1;
    char buf[512];
    int ret = fctx_init(&c, net, three, err);
    if (ret != RF_OK) {
        fctx_clear(&c);
        return ret;
    }
    rf_sym_ctx_init(R, net, 0);
    c.R = R;
    init_sys(sys, &c);
    snprintf(buf, sizeof(buf), "%s of the %s network, modulo the "
             "permutations of hidden neurons", c.generic ? "generic fiber" :
             "certain components of the fiber (non-generic parameter)",
             three ? "three-layer bottleneck" : "two-layer (nonnegative inputs)");
    rf_sys_set_title(sys, buf);
    rf_sys_add_note(sys, "unknown point theta' is written in the parameter "
                    "names; d_i, lambda_j, s, delta (or T), mu are existentially "
                    "quantified "
                    "auxiliaries (each a rational function of theta' on its "
                    "component)");
    rf_sys_add_note(sys, "every component is to be read up to the "
                    "permutations of the hidden neurons of theta'");
    {
        /* the combinatorial data the components are built from */
        char tb[256];
        size_t l = (size_t) snprintf(tb, sizeof(tb), "second-layer types:");
        for (k = 0; k < c.n2 && l < sizeof(tb); k++)
            l += (size_t) snprintf(tb + l, sizeof(tb) - l, " %c",
                                   "AZX"[c.type[k]]);
        if (l < sizeof(tb))
            snprintf(tb + l, sizeof(tb) - l, " (A always active, Z dead, X "
                     "crossing on the orthant)%s",
                     c.hidden >= 0 ? "; first-layer hyperplane hidden" : "");
        rf_sys_add_note(sys, tb);
    }
    if (three && c.n1 == 1)
        rf_sys_add_note(sys, c.swap && c.refl
                        ? "n1 = 1: the preserve->hide swap and the reflection "
                          "components are listed (the reflection's T is the "
                          "auxiliary named delta); further n1 = 1 components "
                          "are not listed; the equivalence decision for n1 = 1 "
                          "(univariate procedure) is complete"
                        : c.swap
                        ? "n1 = 1: the preserve->hide swap component is "
                          "listed; further n1 = 1 components (other sign "
                          "situations, several kink neurons) are not listed; "
                          "the equivalence decision for n1 = 1 (univariate "
                          "procedure) is complete"
                        : c.refl
                        ? "n1 = 1: the reflection component is listed; "
                          "further n1 = 1 components (other sign situations, "
                          "several kink neurons) are not listed; the "
                          "equivalence decision for n1 = 1 (univariate "
                          "procedure) is complete"
                        : "n1 = 1: swap/reflection components do not apply in "
                          "this sign situation (docs/three_layer.md, Prop. "
                          "5.6/5.7) and other n1 = 1 components are not "
                          "listed; the equivalence decision for n1 = 1 "
                          "(univariate procedure) is complete");
    if (three && !c.generic) {
        char nb[640];
        snprintf(nb, sizeof(nb), "non-generic parameter: %s", c.ngwhy);
        rf_sys_add_note(sys, nb);
        rf_sys_add_note(sys, "every listed component is proved to lie in the "
                        "fiber (Prop. 5.5, 5.6, 5.6', 5.7, 5.9: no genericity used); "
                        "the list is NOT claimed complete and component "
                        "dimensions are not claimed (docs/three_layer.md, "
                        "section 5.8). Missing: (a) theta' whose first layer "
                        "is not P D (W1, b1) (or P D of a listed shift/swap), "
                        "beyond the swap components listed; (b) theta' with "
                        "that first layer whose upper block has the same "
                        "canonical form C(theta) (Theorem 4.1: exactly the "
                        "rest of the fiber over that first layer) with another "
                        "assignment of neurons to canonical hyperplanes: twins "
                        "sharing a jump, cancelling pairs, crossing neurons "
                        "with zero outgoing weights, crossing neurons of theta "
                        "with zero jump; (c) flip sets and pools whose "
                        "always-active block M_F factors only with zero "
                        "entries (tested only for a single always-active "
                        "neuron: rank one, a row >= 0). The complete fiber "
                        "(small nets): relufiber fiber --complete "
                        "(docs/complete_fiber.md)");
        if (c.hidden_dropped)
            rf_sys_add_note(sys, "a hidden first-layer hyperplane is read by "
                            "an always-active neuron: hidden-shift components "
                            "are not listed");
    } else if (three && c.rigid)
        rf_sys_add_note(sys, (c.rigid_thm & RF_THREE_RIGID_T71)
                        ? "complete for generic theta': first-layer "
                        "rigidity is proved for this parameter (every "
                        "first-layer hyperplane fully visible, Theorem 7.1 "
                        "of docs/three_layer.md section 7) and the matched "
                        "first layer is Theorem 5.8; every listed point is "
                        "proved to lie in the fiber"
                        : "complete for generic theta': first-layer "
                        "rigidity is proved for this parameter (G5 and "
                        "c_i^inf != 0 for every i: the slope of g far out "
                        "on every axis is non-zero, Theorem 7.4 of "
                        "docs/three_layer.md section 7) and the matched "
                        "first layer is Theorem 5.8; every listed point is "
                        "proved to lie in the fiber");
    else if (three && c.n1 >= 2) {
        char nb[500];
        snprintf(nb, sizeof(nb), "completeness of this list for generic "
                 "theta' rests on the first-layer rigidity step [R?] of "
                 "docs/three_layer.md, open here (%ld first-layer "
                 "hyperplane(s) not fully visible, a = 0, and %ld "
                 "index(es) i with c_i^inf = 0; Theorem 7.1 needs all "
                 "fully visible, Theorem 7.4 all c_i^inf != 0); every "
                 "listed point is proved to lie in the fiber",
                 (long) c.invisible, (long) c.hinf_zero);
        rf_sys_add_note(sys, nb);
    } else if (three)
        rf_sys_add_note(sys, "completeness of this list for generic theta' "
                        "rests on the first-layer rigidity step [R?] of "
                        "docs/three_layer.md; every listed point is proved "
                        "to lie in the fiber");
    else
        rf_sys_add_note(sys, "inputs are restricted to the nonnegative "
                        "orthant; complete for generic theta' (Theorem 4.1)");
    if (c.nswap2)
        rf_sys_add_note(sys, "n1 >= 2 swap components (Prop. 5.9) are listed; "
                        "their points are non-generic (zero second-layer "
                        "weights) and their dimensions are not computed");
    for (k = 0; k < c.ncomp; k++) {
        if (c.compF[k] == SWAP_MARK)
            emit_swap(sys, &c, k);
        else if (c.compF[k] == REFL_MARK)
            emit_refl(sys, &c, k);
        else if (c.compF[k] == SWAP2_MARK)
            emit_swap2(sys, &c, k);
        else
            emit_component(sys, &c, k);
        maxd = FLINT_MAX(maxd, c.compdim[k]);
    }
    /* three layers: D - maxd is the functional dimension only if the list
     * is complete, which is [R?] (docs/three_layer.md §7), so say so. */
    if (c.generic)
        snprintf(buf, sizeof(buf), "fiber dimension (max over components) = %ld; "
                 "D = %ld parameters; functional dimension = %ld%s", (long) maxd,
                 (long) c.D, (long) (c.D - maxd),
                 !three ? ""
                 : c.rigid ? ((c.rigid_thm & RF_THREE_RIGID_T71)
                              ? " if no non-generic theta' lies in a larger component "
                                "(first-layer rigidity is proved here, Theorem 7.1; "
                                "'relufiber fdim --true' computes it exactly)"
                              : " if no non-generic theta' lies in a larger component "
                                "(first-layer rigidity is proved here, Theorem 7.4; "
                                "'relufiber fdim --true' computes it exactly)")
                 : " if the list is complete [R?] ('relufiber fdim --true' "
                   "computes it exactly)");
    else
        snprintf(buf, sizeof(buf), "D = %ld parameters; fiber and functional "
                 "dimension not claimed for a non-generic parameter "
                 "('relufiber fdim --true' computes the functional dimension "
                 "exactly)", (long) c.D);
    rf_sys_add_note(sys, buf);
    fctx_clear(&c);
    rf_sym_ctx_clear(R);
    rf_sys_swap(dst, sys);
    rf_sys_clear(sys);
    return RF_OK;
}

int rf_three_fiber(rf_sys_t sys, const rf_net_t net, rf_err_t err)
{
    return build(sys, net, 1, err);
}

int rf_three_fiber_two_layer(rf_sys_t sys, const rf_net_t net2, rf_err_t err)
{
    return build(sys, net2, 0, err);
}

slong rf_three_fiber_num_components(const rf_net_t net)
{
    fctx_t c;
    rf_err_t err;
    slong n = -1;
    rf_err_init(err);
    if (fctx_init(&c, net, 1, err) == RF_OK)
        n = c.ncomp;
    fctx_clear(&c);
    rf_err_clear(err);
    return n;
}

slong rf_three_fiber_two_layer_dim(const rf_net_t net2)
{
    slong m = net2->dims[0], k = net2->dims[1], d = net2->dims[2], j;
    slong a = 0, r = 0, rho0;
    for (j = 0; j < k; j++) {
        rf_three_type_t t = rf_three_neuron_type(rf_net_W(net2, 0, j, 0), m,
                                                 rf_net_b(net2, 0, j));
        a += t == RF_THREE_TYPE_A;
        r += t == RF_THREE_TYPE_X;
    }
    rho0 = FLINT_MIN(a, FLINT_MIN(m, d));
    return r + (k - r - rho0) * (m + d + 1) + rho0 * (rho0 + 1);
}

/* Random point of component k (three-layer or two-layer context). */
static int sample(rf_net_t out, fmpq *aux, const fctx_t *c, slong k,
                  flint_rand_t st)
{
    ulong F = c->compF[k], Ap = c->compA[k];
    slong a2 = popcount(Ap), i, j, o, q, n0 = c->three ? c->net->dims[0] : 0;
    slong lw = c->lw, naux = 0;
    fmpq *d = _fmpq_vec_init(c->n1), *lam = _fmpq_vec_init(c->r + 1);
    fmpq *cF = _fmpq_vec_init(c->n3);
    fmpq_t s, t, bs;
    fmpq_mat_t M, V, W, Wt;
    int ok = 1;
    fmpq_init(s);
    fmpq_init(t);
    fmpq_init(bs);
    fmpq_mat_init(M, c->n3, c->n1);
    fmpq_mat_init(V, c->n3, a2);
    fmpq_mat_init(W, a2, c->n1);
    fmpq_mat_init(Wt, c->n2, c->n1);   /* W2' in theta's y-coordinates */
    rf_net_set(out, c->net);
    for (i = 0; i < c->n1; i++)
        if (c->three)
            fmpq_set_si(d + i, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
        else
            fmpq_one(d + i);
    for (q = 0; q < c->r; q++)
        fmpq_set_si(lam + q, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
    if (c->hidden >= 0) {
        fmpq_set_si(t, (slong) n_randint(st, 5), 2);
        fmpq_sub(s, c->smax, t);
    }
    MF_cF(M, cF, c, F, s);
    /* first layer */
    if (c->three)
        for (i = 0; i < c->n1; i++) {
            for (o = 0; o < n0; o++)
                fmpq_mul(rf_net_W(out, 0, i, o), rf_net_W(c->net, 0, i, o), d + i);
            fmpq_set(t, rf_net_b(c->net, 0, i));
            if (i == c->hidden)
                fmpq_sub(t, t, s);
            fmpq_mul(rf_net_b(out, 0, i), t, d + i);
        }
    /* crossing neurons */
    for (q = 0; q < c->r; q++) {
        slong jj = c->xs[q];
        int eps = (F >> q) & 1 ? -1 : 1;
        fmpq_mul_si(t, lam + q, eps);
        for (i = 0; i < c->n1; i++)
            fmpq_mul(fmpq_mat_entry(Wt, jj, i), W2E(c, jj, i), t);
        b2s(bs, c, jj, s);
        fmpq_mul(rf_net_b(out, lw, jj), bs, t);
        for (o = 0; o < c->n3; o++)
            fmpq_div(rf_net_W(out, lw + 1, o, jj), W3E(c, o, jj), lam + q);
    }
    /* always-active block */
    if (a2 > 0 && !_rf_three_factor_positive(V, W, M, a2, st)) {
        /* no strictly positive factorisation: theta's own always-active
         * rows (entries >= 0), rescaled, when A' is theta's A set */
        ok = 0;
        if (a2 == 1 && _rf_three_rank(M) == 1 && rank1_nonneg(V, W, M))
            ok = 1;
        else if (F == 0) {
            slong jA = 0;
            ok = 1;
            for (q = 0; q < c->p; q++)
                ok &= (((Ap >> q) & 1) != 0) ==
                      (c->type[c->pool[q]] == RF_THREE_TYPE_A);
            for (q = 0; q < c->p && ok; q++) {
                slong jj = c->pool[q];
                if (!((Ap >> q) & 1))
                    continue;
                fmpq_set_si(t, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 3));
                for (i = 0; i < c->n1; i++)
                    fmpq_mul(fmpq_mat_entry(W, jA, i), W2E(c, jj, i), t);
                for (o = 0; o < c->n3; o++)
                    fmpq_div(fmpq_mat_entry(V, o, jA), W3E(c, o, jj), t);
                jA++;
            }
        }
    }
    for (o = 0; o < c->n3; o++)
        fmpq_set(rf_net_b(out, lw + 1, o), cF + o);
    for (q = 0, j = 0; q < c->p && ok; q++) {
        slong jj = c->pool[q];
        if ((Ap >> q) & 1) {
            for (i = 0; i < c->n1; i++)
                fmpq_set(fmpq_mat_entry(Wt, jj, i), fmpq_mat_entry(W, j, i));
            fmpq_set_si(rf_net_b(out, lw, jj), (slong) n_randint(st, 5),
                        1 + n_randint(st, 3));
            for (o = 0; o < c->n3; o++) {
                fmpq_set(rf_net_W(out, lw + 1, o, jj), fmpq_mat_entry(V, o, j));
                fmpq_mul(t, fmpq_mat_entry(V, o, j), rf_net_b(out, lw, jj));
                fmpq_sub(rf_net_b(out, lw + 1, o), rf_net_b(out, lw + 1, o), t);
            }
            j++;
        } else {
            for (i = 0; i < c->n1; i++)
                fmpq_set_si(fmpq_mat_entry(Wt, jj, i),
                            -(slong) n_randint(st, 6), 1 + n_randint(st, 3));
            fmpq_set_si(rf_net_b(out, lw, jj), -(slong) n_randint(st, 6),
                        1 + n_randint(st, 3));
            for (o = 0; o < c->n3; o++)
                _rf_three_randq(rf_net_W(out, lw + 1, o, jj), st, 9, 4, 0);
        }
    }
    /* back to theta' coordinates: W2'_{j,i} = Wt_{j,i} / d_i */
    for (j = 0; j < c->n2; j++)
        for (i = 0; i < c->n1; i++)
            fmpq_div(rf_net_W(out, lw, j, i), fmpq_mat_entry(Wt, j, i), d + i);
    if (aux) {
        if (c->three)
            for (i = 0; i < c->n1; i++)
                fmpq_set(aux + naux++, d + i);
        for (q = 0; q < c->r; q++)
            fmpq_set(aux + naux++, lam + q);
        if (c->hidden >= 0)
            fmpq_set(aux + naux++, s);
    }
    fmpq_clear(s);
    fmpq_clear(t);
    fmpq_clear(bs);
    fmpq_mat_clear(M);
    fmpq_mat_clear(V);
    fmpq_mat_clear(W);
    fmpq_mat_clear(Wt);
    _fmpq_vec_clear(d, c->n1);
    _fmpq_vec_clear(lam, c->r + 1);
    _fmpq_vec_clear(cF, c->n3);
    return ok ? 0 : 1;
}

int rf_three_fiber_sample(rf_net_t out, fmpq *aux, const rf_net_t net,
                          slong k, flint_rand_t state)
{
    fctx_t c;
    rf_err_t err;
    int ret = 1;
    rf_err_init(err);
    if (fctx_init(&c, net, net->L == 3, err) == RF_OK && k >= 0 && k < c.ncomp)
        ret = c.compF[k] == SWAP_MARK ? sample_swap(out, aux, &c, state)
            : c.compF[k] == REFL_MARK ? sample_refl(out, aux, &c, state)
            : c.compF[k] == SWAP2_MARK ? sample_swap2(out, aux, &c, k, state)
                                      : sample(out, aux, &c, k, state);
    fctx_clear(&c);
    rf_err_clear(err);
    return ret;
}
