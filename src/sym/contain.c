/* Symbolic layer: containment between the components of a constraint
 * system, decided exactly where a sufficient test applies, and the reduction
 * of a system to its maximal components.
 *
 * Facts used.
 * (1) Inclusion by substitution: let A be a conjunction of constraints.
 *     If an equation of A reads c*v + r = 0 with c a non-zero constant and
 *     v not in r, then on A the variable v equals -r/c; replacing v by it
 *     everywhere changes no real point of A. If an equation factors as
 *     f*g = 0 and f is non-zero on A (f divides the polynomial of a strict
 *     or != constraint of A, or is a constant), then g = 0 on A. If a
 *     polynomial p lies in the ideal of A's equations (zero remainder of a
 *     division), p = 0 on A; p and its remainder r have the same sign on A.
 *     The sign of a product is the product of the signs of its factors, and
 *     a factor equal to k*g (k constant) for a constraint g REL 0 of A has
 *     the sign that constraint gives. If every constraint of B holds on A
 *     by these rules, then A lies in B (auxiliary variables of B get as
 *     witnesses either the same-named variable of A, or the value an
 *     equation of B linear in them with constant coefficient forces).
 * (2) Non-inclusion by a point: an exact rational point of A (all its
 *     constraints checked by exact evaluation) at which B fails (a
 *     constraint of B without auxiliaries is violated, or the auxiliaries
 *     are forced by linear equations and a constraint then fails) shows
 *     that A does not lie in B.
 * (3) Permutations of hidden neurons: a fiber lists each combinatorial type
 *     once; theta' lies in the fiber iff some permutation of its hidden
 *     neurons (row i of W<l>, b<l>_i and column i of W<l+1>, for each hidden
 *     layer l) lies in a component. So A is redundant as soon as it lies in
 *     sigma(B) for some such permutation sigma, and maximal when no sigma(B)
 *     contains it. A component of larger dimension never lies in one of
 *     smaller dimension (used when points are not available, with the
 *     dimensions the builder states).
 */
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_mat.h>
#include <flint/fmpq_mpoly_factor.h>
#include "relufiber/sym.h"

/* cap on the number of permutations tried per pair of components */
#define PERM_CAP 5040
/* sample points tried per component */
#define SAMPLE_TRIES 60
#define SAMPLE_POINTS 3
/* rational witnesses per containment proof */
#define RAT_MAX 16

/* ---------------------------------------------------------------- names */

/* parse W<l>_<i>_<j> (kind 1) or b<l>_<i> (kind 2); 0 otherwise */
static int parse_param(const char *s, long *l, long *i, long *j)
{
    char tail;
    if (s[0] == 'W' && sscanf(s + 1, "%ld_%ld_%ld%c", l, i, j, &tail) == 3)
        return 1;
    if (s[0] == 'b' && sscanf(s + 1, "%ld_%ld%c", l, i, &tail) == 2)
        return 2;
    return 0;
}

/* The hidden layers of the system's parameter names: L = largest layer
 * index of a weight, n[l] (l = 1..L-1) = number of neurons of layer l. */
typedef struct {
    slong L;
    slong *n;       /* n[0..L] */
    slong nvars;
    long *kind, *pl, *pi, *pj;   /* parsed names */
    const rf_sys_struct *sys;
} perm_space_t;

static void space_init(perm_space_t *S, const rf_sys_t sys)
{
    slong v;
    long l, i, j;
    S->sys = sys;
    S->nvars = sys->nvars;
    S->L = 0;
    S->kind = flint_calloc(sys->nvars + 1, sizeof(long));
    S->pl = flint_calloc(sys->nvars + 1, sizeof(long));
    S->pi = flint_calloc(sys->nvars + 1, sizeof(long));
    S->pj = flint_calloc(sys->nvars + 1, sizeof(long));
    for (v = 0; v < sys->nvars; v++) {
        int k = (sys->kinds[v] == RF_SYS_VAR_PARAM) ? parse_param(sys->vars[v], &l, &i, &j) : 0;
        if (k && (l < 1 || i < 1 || (k == 1 && j < 1) || l > 64 || i > 100000 || j > 100000))
            k = 0;
        S->kind[v] = k;
        S->pl[v] = l; S->pi[v] = i; S->pj[v] = (k == 1) ? j : 0;
        if (k == 1 && l > S->L)
            S->L = l;
    }
    S->n = flint_calloc(S->L + 2, sizeof(slong));
    for (v = 0; v < sys->nvars; v++)
        if (S->kind[v] == 1 && S->pl[v] <= S->L && S->pi[v] > S->n[S->pl[v]])
            S->n[S->pl[v]] = S->pi[v];
}

static void space_clear(perm_space_t *S)
{
    flint_free(S->kind); flint_free(S->pl); flint_free(S->pi); flint_free(S->pj);
    flint_free(S->n);
}

/* map[v] = variable that v becomes under the permutation perm (perm[l] is a
 * permutation of 0..n[l]-1 for each hidden layer l = 1..L-1); returns 0 if
 * a permuted name is missing from the system (then the permutation is not
 * a symmetry of the variable set and is skipped). */
static int perm_map(slong *map, const perm_space_t *S, slong *const *perm)
{
    slong v;
    char buf[96];
    for (v = 0; v < S->nvars; v++) {
        long l = S->pl[v], i = S->pi[v], j = S->pj[v];
        map[v] = v;
        if (S->kind[v] == 0)
            continue;
        if (l >= 1 && l < S->L && i <= S->n[l])
            i = perm[l][i - 1] + 1;                 /* row of a hidden layer */
        if (S->kind[v] == 1 && l >= 2 && l - 1 < S->L && j <= S->n[l - 1])
            j = perm[l - 1][j - 1] + 1;             /* column: previous hidden layer */
        if (S->kind[v] == 1)
            snprintf(buf, sizeof buf, "W%ld_%ld_%ld", l, i, j);
        else
            snprintf(buf, sizeof buf, "b%ld_%ld", l, i);
        map[v] = rf_sys_var_index(S->sys, buf);
        if (map[v] < 0)
            return 0;
    }
    return 1;
}

/* next permutation in lexicographic order; 0 after the last */
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

/* iterate the product of the symmetric groups of the hidden layers */
static int next_multi_perm(slong **perm, const perm_space_t *S)
{
    slong l, i;
    for (l = 1; l < S->L; l++) {
        if (next_perm(perm[l], S->n[l]))
            return 1;
        for (i = 0; i < S->n[l]; i++)
            perm[l][i] = i;
    }
    return 0;
}

static slong group_order(const perm_space_t *S)
{
    slong l, k, o = 1;
    for (l = 1; l < S->L; l++)
        for (k = 2; k <= S->n[l]; k++) {
            if (o > PERM_CAP)
                return PERM_CAP + 1;
            o *= k;
        }
    return o;
}

/* ------------------------------------------------- normal form of a component */

typedef struct {
    fmpq_mpoly_struct *C;       /* substitution: variable v -> C[v] */
    slong neq, nin;
    fmpq_mpoly_struct *eq;      /* remaining equations (reduced) */
    fmpq_mpoly_struct *in;      /* inequality polynomials (reduced) */
    rf_sys_rel_t *rel;
    int empty;                  /* an equation reduced to a non-zero constant */
    slong nv;
} nform_t;

static void reduce(fmpq_mpoly_t r, const fmpq_mpoly_t p, const nform_t *F,
                   const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_struct **Cp = flint_malloc(F->nv * sizeof(fmpq_mpoly_struct *));
    slong v;
    fmpq_mpoly_t t;
    for (v = 0; v < F->nv; v++)
        Cp[v] = F->C + v;
    fmpq_mpoly_init(t, ctx);    /* FLINT's compose must not alias */
    fmpq_mpoly_compose_fmpq_mpoly(t, p, Cp, ctx, ctx);
    fmpq_mpoly_swap(r, t, ctx);
    fmpq_mpoly_clear(t, ctx);
    flint_free(Cp);
}

/* f is non-zero on the component: a non-zero constant, or f divides a
 * polynomial g with g > 0 or g != 0 */
static int known_nonzero(const fmpq_mpoly_t f, const nform_t *F,
                         const fmpq_mpoly_ctx_t ctx)
{
    slong k;
    int ok = 0;
    fmpq_mpoly_t q;
    if (fmpq_mpoly_is_fmpq(f, ctx))
        return !fmpq_mpoly_is_zero(f, ctx);
    fmpq_mpoly_init(q, ctx);
    for (k = 0; k < F->nin && !ok; k++)
        if (F->rel[k] == RF_SYS_REL_GT || F->rel[k] == RF_SYS_REL_NE)
            ok = fmpq_mpoly_divides(q, F->in + k, f, ctx);
    fmpq_mpoly_clear(q, ctx);
    return ok;
}

/* a variable v with deg_v(p) = 1 and constant coefficient; -1 if none */
static slong linear_pivot(fmpq_t c, const fmpq_mpoly_t p, const fmpq_mpoly_ctx_t ctx,
                          slong nv, const int *allow)
{
    slong v, best = -1;
    int *used = flint_malloc(nv * sizeof(int));
    fmpq_mpoly_t cf;
    fmpq_mpoly_init(cf, ctx);
    fmpq_mpoly_used_vars(used, p, ctx);
    /* last variable first: parameters of later layers and auxiliaries */
    for (v = nv - 1; v >= 0 && best < 0; v--) {
        ulong one = 1;
        if (!used[v] || (allow && !allow[v]) || fmpq_mpoly_degree_si(p, v, ctx) != 1)
            continue;
        fmpq_mpoly_get_coeff_vars_ui(cf, p, &v, &one, 1, ctx);
        if (fmpq_mpoly_is_fmpq(cf, ctx) && !fmpq_mpoly_is_zero(cf, ctx)) {
            fmpq_mpoly_get_fmpq(c, cf, ctx);
            best = v;
        }
    }
    fmpq_mpoly_clear(cf, ctx);
    flint_free(used);
    return best;
}

/* C[w] := C[w] with v -> e, for all w, and C[v] := e */
static void add_rule(nform_t *F, slong v, const fmpq_mpoly_t e,
                     const fmpq_mpoly_ctx_t ctx)
{
    slong w;
    fmpq_mpoly_struct **Cp = flint_malloc(F->nv * sizeof(fmpq_mpoly_struct *));
    fmpq_mpoly_struct *G = flint_malloc(F->nv * sizeof(fmpq_mpoly_struct));
    for (w = 0; w < F->nv; w++) {
        fmpq_mpoly_init(G + w, ctx);
        if (w == v)
            fmpq_mpoly_set(G + w, e, ctx);
        else
            fmpq_mpoly_gen(G + w, w, ctx);
        Cp[w] = G + w;
    }
    for (w = 0; w < F->nv; w++) {
        fmpq_mpoly_t t;
        fmpq_mpoly_init(t, ctx);    /* FLINT's compose must not alias */
        fmpq_mpoly_compose_fmpq_mpoly(t, F->C + w, Cp, ctx, ctx);
        fmpq_mpoly_swap(F->C + w, t, ctx);
        fmpq_mpoly_clear(t, ctx);
    }
    for (w = 0; w < F->nv; w++)
        fmpq_mpoly_clear(G + w, ctx);
    flint_free(G);
    flint_free(Cp);
}

/* drop the factors of p known non-zero and repeated factors; returns 0 if
 * nothing is left (p = 0 is impossible on the component) */
static int strip_factors(fmpq_mpoly_t p, const nform_t *F, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_factor_t fac;
    slong k;
    int left = 0;
    if (fmpq_mpoly_is_fmpq(p, ctx))
        return fmpq_mpoly_is_zero(p, ctx);
    fmpq_mpoly_factor_init(fac, ctx);
    if (!fmpq_mpoly_factor(fac, p, ctx)) {
        fmpq_mpoly_factor_clear(fac, ctx);
        return 1;
    }
    fmpq_mpoly_one(p, ctx);
    for (k = 0; k < fac->num; k++) {
        if (known_nonzero(fac->poly + k, F, ctx))
            continue;
        fmpq_mpoly_mul(p, p, fac->poly + k, ctx);
        left = 1;
    }
    fmpq_mpoly_factor_clear(fac, ctx);
    return left;
}

/* Replace the equations by the reduced row echelon form of their
 * coefficient matrix over the monomials (same Q-span, so the same real
 * points); returns 1 if the list changed. */
static int rref_equations(nform_t *F, const fmpq_mpoly_ctx_t ctx)
{
    slong i, j, k, nmon, rank, nv = fmpq_mpoly_ctx_nvars(ctx);
    fmpq_mpoly_t supp, t;
    fmpq_mat_t M;
    ulong *exp;
    fmpq_t c;
    int changed = 0;
    if (F->neq < 2)
        return 0;
    exp = flint_malloc(nv * sizeof(ulong));
    fmpq_mpoly_init(supp, ctx);
    fmpq_mpoly_init(t, ctx);
    fmpq_init(c);
    for (i = 0; i < F->neq; i++)
        for (k = 0; k < fmpq_mpoly_length(F->eq + i, ctx); k++) {
            fmpq_mpoly_get_term_exp_ui(exp, F->eq + i, k, ctx);
            fmpq_one(c);
            fmpq_mpoly_set_coeff_fmpq_ui(supp, c, exp, ctx);
        }
    nmon = fmpq_mpoly_length(supp, ctx);
    fmpq_mat_init(M, F->neq, nmon);
    for (j = 0; j < nmon; j++) {
        fmpq_mpoly_get_term_exp_ui(exp, supp, j, ctx);
        for (i = 0; i < F->neq; i++)
            fmpq_mpoly_get_coeff_fmpq_ui(fmpq_mat_entry(M, i, j), F->eq + i, exp, ctx);
    }
    rank = fmpq_mat_rref(M, M);
    for (i = 0; i < F->neq; i++) {
        fmpq_mpoly_zero(t, ctx);
        if (i < rank)
            for (j = 0; j < nmon; j++) {
                if (fmpq_is_zero(fmpq_mat_entry(M, i, j)))
                    continue;
                fmpq_mpoly_get_term_exp_ui(exp, supp, j, ctx);
                fmpq_mpoly_set_coeff_fmpq_ui(t, fmpq_mat_entry(M, i, j), exp, ctx);
            }
        /* compare up to a constant factor */
        if (!changed) {
            fmpq_mpoly_t q;
            fmpq_mpoly_init(q, ctx);
            if (fmpq_mpoly_is_zero(t, ctx) != fmpq_mpoly_is_zero(F->eq + i, ctx)
                || (!fmpq_mpoly_is_zero(t, ctx)
                    && !(fmpq_mpoly_divides(q, F->eq + i, t, ctx) && fmpq_mpoly_is_fmpq(q, ctx))))
                changed = 1;
            fmpq_mpoly_clear(q, ctx);
        }
        fmpq_mpoly_swap(F->eq + i, t, ctx);
    }
    fmpq_mat_clear(M);
    fmpq_mpoly_clear(supp, ctx);
    fmpq_mpoly_clear(t, ctx);
    fmpq_clear(c);
    flint_free(exp);
    return changed;
}

static void nform_clear(nform_t *F, const fmpq_mpoly_ctx_t ctx)
{
    slong k;
    for (k = 0; k < F->nv; k++)
        fmpq_mpoly_clear(F->C + k, ctx);
    for (k = 0; k < F->neq; k++)
        fmpq_mpoly_clear(F->eq + k, ctx);
    for (k = 0; k < F->nin; k++)
        fmpq_mpoly_clear(F->in + k, ctx);
    flint_free(F->C); flint_free(F->eq); flint_free(F->in); flint_free(F->rel);
}

/* normal form of component a (fact (1)) */
static void nform_init(nform_t *F, const rf_sys_t sys, slong a)
{
    const fmpq_mpoly_ctx_struct *ctx = sys->ctx;
    const rf_sys_comp_struct *A = sys->comps + a;
    slong k, v, n = A->len;
    int changed = 1, rounds = 0, rref_done = 0;
    fmpq_t c;
    fmpq_mpoly_t e;
    F->nv = sys->nvars > 0 ? sys->nvars : 1;
    F->C = flint_malloc(F->nv * sizeof(fmpq_mpoly_struct));
    for (v = 0; v < F->nv; v++) {
        fmpq_mpoly_init(F->C + v, ctx);
        fmpq_mpoly_gen(F->C + v, v, ctx);
    }
    F->eq = flint_malloc((n + 1) * sizeof(fmpq_mpoly_struct));
    F->in = flint_malloc((n + 1) * sizeof(fmpq_mpoly_struct));
    F->rel = flint_malloc((n + 1) * sizeof(rf_sys_rel_t));
    F->neq = F->nin = 0;
    F->empty = 0;
    for (k = 0; k < n; k++) {
        if (A->cons[k].rel == RF_SYS_REL_EQ) {
            fmpq_mpoly_init(F->eq + F->neq, ctx);
            fmpq_mpoly_set(F->eq + F->neq++, &A->cons[k].poly, ctx);
        } else {
            fmpq_mpoly_init(F->in + F->nin, ctx);
            fmpq_mpoly_set(F->in + F->nin, &A->cons[k].poly, ctx);
            F->rel[F->nin++] = A->cons[k].rel;
        }
    }
    fmpq_init(c);
    fmpq_mpoly_init(e, ctx);
    while (changed && !F->empty && rounds++ < 4 * n + 8) {
        changed = 0;
        for (k = 0; k < F->nin; k++)
            reduce(F->in + k, F->in + k, F, ctx);
        for (k = 0; k < F->neq && !changed; k++) {
            reduce(F->eq + k, F->eq + k, F, ctx);
            if (fmpq_mpoly_is_zero(F->eq + k, ctx))
                continue;
            if (!strip_factors(F->eq + k, F, ctx)) {
                F->empty = 1;
                break;
            }
            v = linear_pivot(c, F->eq + k, ctx, sys->nvars, NULL);
            if (v >= 0) {
                /* v = -(p - c v)/c */
                fmpq_mpoly_t g;
                fmpq_mpoly_init(g, ctx);
                fmpq_mpoly_gen(g, v, ctx);
                fmpq_mpoly_scalar_mul_fmpq(g, g, c, ctx);
                fmpq_mpoly_sub(e, F->eq + k, g, ctx);
                fmpq_mpoly_neg(e, e, ctx);
                fmpq_mpoly_scalar_div_fmpq(e, e, c, ctx);
                fmpq_mpoly_clear(g, ctx);
                add_rule(F, v, e, ctx);
                fmpq_mpoly_zero(F->eq + k, ctx);
                changed = 1;
            }
        }
        if (!changed && !F->empty && rref_done < 3) {
            rref_done++;
            changed = rref_equations(F, ctx);
        }
    }
    /* compact the equations */
    for (k = 0, v = 0; k < F->neq; k++) {
        reduce(F->eq + k, F->eq + k, F, ctx);
        if (fmpq_mpoly_is_zero(F->eq + k, ctx)) {
            fmpq_mpoly_clear(F->eq + k, ctx);
            continue;
        }
        if (fmpq_mpoly_is_fmpq(F->eq + k, ctx))
            F->empty = 1;
        F->eq[v++] = F->eq[k];
    }
    F->neq = v;
    for (k = 0; k < F->nin; k++)
        reduce(F->in + k, F->in + k, F, ctx);
    fmpq_mpoly_clear(e, ctx);
    fmpq_clear(c);
}

/* ------------------------------------------------------------ sign proofs */

/* sign classes as bit sets of {<0, =0, >0}: bit 0 negative, 1 zero, 2 positive */
#define S_NEG 1
#define S_ZERO 2
#define S_POS 4
#define S_ANY 7

static int rel_set(rf_sys_rel_t r)
{
    switch (r) {
    case RF_SYS_REL_EQ: return S_ZERO;
    case RF_SYS_REL_GT: return S_POS;
    case RF_SYS_REL_GE: return S_POS | S_ZERO;
    default: return S_POS | S_NEG;
    }
}

static int set_neg(int s)
{
    return ((s & S_NEG) ? S_POS : 0) | (s & S_ZERO) | ((s & S_POS) ? S_NEG : 0);
}

static int set_mul(int a, int b)
{
    int r = 0, i, j;
    for (i = 0; i < 3; i++)
        for (j = 0; j < 3; j++)
            if ((a >> i & 1) && (b >> j & 1)) {
                int si = i - 1, sj = j - 1, s = si * sj;
                r |= 1 << (s + 1);
            }
    return r;
}

static int fmpq_set_of(const fmpq_t c)
{
    int s = fmpq_sgn(c);
    return s > 0 ? S_POS : (s < 0 ? S_NEG : S_ZERO);
}

/* sign set of f on the component from a constraint k*f REL 0 */
static int factor_set(const fmpq_mpoly_t f, const nform_t *F, const fmpq_mpoly_ctx_t ctx)
{
    slong k;
    int s = S_ANY;
    fmpq_mpoly_t q;
    if (fmpq_mpoly_is_fmpq(f, ctx)) {
        fmpq_t c;
        fmpq_init(c);
        fmpq_mpoly_get_fmpq(c, f, ctx);
        s = fmpq_set_of(c);
        fmpq_clear(c);
        return s;
    }
    fmpq_mpoly_init(q, ctx);
    for (k = 0; k < F->nin; k++) {
        /* in[k] = q * f with q a constant */
        if (fmpq_mpoly_divides(q, F->in + k, f, ctx) && fmpq_mpoly_is_fmpq(q, ctx)) {
            fmpq_t c;
            int t;
            fmpq_init(c);
            fmpq_mpoly_get_fmpq(c, q, ctx);
            t = rel_set(F->rel[k]);     /* set of q*f */
            if (fmpq_sgn(c) < 0)
                t = set_neg(t);
            s &= t;
            fmpq_clear(c);
        } else if (F->rel[k] == RF_SYS_REL_GT || F->rel[k] == RF_SYS_REL_NE) {
            if (fmpq_mpoly_divides(q, F->in + k, f, ctx))
                s &= S_POS | S_NEG;
        }
    }
    fmpq_mpoly_clear(q, ctx);
    return s;
}

/* sign set of p on the component: factorwise */
static int poly_set(const fmpq_mpoly_t p, const nform_t *F, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_factor_t fac;
    slong k;
    int s;
    if (fmpq_mpoly_is_fmpq(p, ctx))
        return factor_set(p, F, ctx);
    s = factor_set(p, F, ctx);
    fmpq_mpoly_factor_init(fac, ctx);
    if (fmpq_mpoly_factor(fac, p, ctx)) {
        int t = fmpq_set_of(fac->constant);
        for (k = 0; k < fac->num; k++) {
            int f = factor_set(fac->poly + k, F, ctx);
            if (fmpz_is_even(fac->exp + k)) {
                f = (f & S_ZERO) | ((f & (S_POS | S_NEG)) ? S_POS : 0);
            } else {
                int m = f;
                slong e;
                for (e = 1; fmpz_cmp_si(fac->exp + k, e) > 0; e++)
                    f = set_mul(f, m);
            }
            t = set_mul(t, f);
        }
        s &= t;
    }
    fmpq_mpoly_factor_clear(fac, ctx);
    return s;
}

/* r = remainder of p by the equations (a multivariate division) */
static void ideal_rem(fmpq_mpoly_t r, const fmpq_mpoly_t p, const nform_t *F,
                      const fmpq_mpoly_ctx_t ctx)
{
    slong k;
    fmpq_mpoly_struct **Q, **E;
    if (F->neq == 0) {
        fmpq_mpoly_set(r, p, ctx);
        return;
    }
    Q = flint_malloc(F->neq * sizeof(fmpq_mpoly_struct *));
    E = flint_malloc(F->neq * sizeof(fmpq_mpoly_struct *));
    for (k = 0; k < F->neq; k++) {
        Q[k] = flint_malloc(sizeof(fmpq_mpoly_struct));
        fmpq_mpoly_init(Q[k], ctx);
        E[k] = F->eq + k;
    }
    fmpq_mpoly_divrem_ideal(Q, r, p, E, F->neq, ctx);
    for (k = 0; k < F->neq; k++) {
        fmpq_mpoly_clear(Q[k], ctx);
        flint_free(Q[k]);
    }
    flint_free(Q);
    flint_free(E);
}

/* p (already reduced) REL 0 holds on the component (fact (1)) */
static int prove(const fmpq_mpoly_t p, int want, const nform_t *F,
                 const fmpq_mpoly_ctx_t ctx)
{
    int ok = 0;
    fmpq_mpoly_t r;
    if (F->empty)
        return 1;
    if ((poly_set(p, F, ctx) & ~want) == 0)
        return 1;
    if (F->neq == 0)
        return 0;
    fmpq_mpoly_init(r, ctx);
    if (want & S_ZERO) {
        /* a multiple of one equation vanishes on the component */
        slong k;
        for (k = 0; k < F->neq && !ok; k++)
            ok = fmpq_mpoly_divides(r, p, F->eq + k, ctx);
        if (ok) {
            fmpq_mpoly_clear(r, ctx);
            return 1;
        }
    }
    ideal_rem(r, p, F, ctx);
    ok = (poly_set(r, F, ctx) & ~want) == 0;
    if (!ok && (want & S_ZERO)) {
        /* g p in the ideal with g != 0 on the component: p = 0 there */
        slong k;
        fmpq_mpoly_t gp;
        fmpq_mpoly_init(gp, ctx);
        for (k = 0; k < F->nin && !ok; k++) {
            if (F->rel[k] != RF_SYS_REL_GT && F->rel[k] != RF_SYS_REL_NE)
                continue;
            fmpq_mpoly_mul(gp, F->in + k, p, ctx);
            ideal_rem(r, gp, F, ctx);
            ok = fmpq_mpoly_is_zero(r, ctx);
        }
        fmpq_mpoly_clear(gp, ctx);
    }
    fmpq_mpoly_clear(r, ctx);
    return ok;
}

/* Does the component with normal form F (index a) lie in sigma(B), sigma
 * given by map (variable v of B is read as map[v])? */
static int proved_in(const rf_sys_t sys, const nform_t *F, slong a, slong b,
                     const slong *map)
{
    const fmpq_mpoly_ctx_struct *ctx = sys->ctx;
    const rf_sys_comp_struct *B = sys->comps + b;
    slong k, v, nv = F->nv;
    int ok = 1, *usedA = flint_calloc(nv, sizeof(int)), *usedB = flint_calloc(nv, sizeof(int));
    int *allow = flint_calloc(nv, sizeof(int)), *u = flint_malloc(nv * sizeof(int));
    fmpq_mpoly_struct *P = flint_malloc((B->len + 1) * sizeof(fmpq_mpoly_struct));
    nform_t W;      /* F plus the witnesses of B's free auxiliaries */
    fmpq_mpoly_struct ratN[RAT_MAX], ratD[RAT_MAX];
    slong ratV[RAT_MAX], nrat = 0;
    int ratS[RAT_MAX];
    fmpq_t c;
    fmpq_mpoly_t e;

    for (k = 0; k < sys->comps[a].len; k++) {
        fmpq_mpoly_used_vars(u, &sys->comps[a].cons[k].poly, ctx);
        for (v = 0; v < nv; v++)
            usedA[v] |= u[v];
    }
    for (k = 0; k < B->len; k++) {
        fmpq_mpoly_init(P + k, ctx);
        fmpq_mpoly_compose_fmpq_mpoly_gen(P + k, &B->cons[k].poly, map, ctx, ctx);
        fmpq_mpoly_used_vars(u, P + k, ctx);
        for (v = 0; v < nv; v++)
            usedB[v] |= u[v];
    }
    /* auxiliaries of B that A does not use may be solved for */
    for (v = 0; v < sys->nvars; v++)
        allow[v] = usedB[v] && !usedA[v] && sys->kinds[v] == RF_SYS_VAR_AUX;
    W = *F;   /* shares eq/in (read only); own substitution */
    W.C = flint_malloc(nv * sizeof(fmpq_mpoly_struct));
    for (v = 0; v < nv; v++) {
        fmpq_mpoly_init(W.C + v, ctx);
        fmpq_mpoly_set(W.C + v, F->C + v, ctx);
    }
    fmpq_init(c);
    fmpq_mpoly_init(e, ctx);
    {
        int changed = 1;
        while (changed) {
            changed = 0;
            for (k = 0; k < B->len && !changed; k++) {
                if (B->cons[k].rel != RF_SYS_REL_EQ)
                    continue;
                reduce(e, P + k, &W, ctx);
                v = linear_pivot(c, e, ctx, sys->nvars, allow);
                if (v >= 0) {
                    fmpq_mpoly_t g;
                    fmpq_mpoly_init(g, ctx);
                    fmpq_mpoly_gen(g, v, ctx);
                    fmpq_mpoly_scalar_mul_fmpq(g, g, c, ctx);
                    fmpq_mpoly_sub(e, e, g, ctx);
                    fmpq_mpoly_neg(e, e, ctx);
                    fmpq_mpoly_scalar_div_fmpq(e, e, c, ctx);
                    fmpq_mpoly_clear(g, ctx);
                    add_rule(&W, v, e, ctx);
                    allow[v] = 0;
                    changed = 1;
                }
            }
        }
    }
    for (k = 0; k < RAT_MAX; k++) {
        fmpq_mpoly_init(ratN + k, ctx);
        fmpq_mpoly_init(ratD + k, ctx);
    }
    /* auxiliaries of B fixed by an equation N - Dn*v = 0 with Dn != 0 on A
     * (rational witnesses v = N/Dn; N, Dn free of B's open auxiliaries) */
    for (k = 0; k < B->len; k++) {
        ulong one = 1;
        slong x;
        int clean = 1;
        if (B->cons[k].rel != RF_SYS_REL_EQ || nrat >= RAT_MAX)
            continue;
        reduce(e, P + k, &W, ctx);
        fmpq_mpoly_used_vars(u, e, ctx);
        for (v = 0, x = -1; v < sys->nvars; v++)
            if (u[v] && allow[v]) {
                if (x >= 0)
                    clean = 0;
                x = v;
            }
        if (!clean || x < 0 || fmpq_mpoly_degree_si(e, x, ctx) != 1)
            continue;
        fmpq_mpoly_get_coeff_vars_ui(ratD + nrat, e, &x, &one, 1, ctx);
        if (!known_nonzero(ratD + nrat, F, ctx))
            continue;
        {
            fmpq_mpoly_t g;
            fmpq_mpoly_init(g, ctx);
            fmpq_mpoly_gen(g, x, ctx);
            fmpq_mpoly_mul(g, g, ratD + nrat, ctx);
            fmpq_mpoly_sub(ratN + nrat, g, e, ctx);   /* N = Dn*v - e */
            fmpq_mpoly_clear(g, ctx);
        }
        ratS[nrat] = factor_set(ratD + nrat, F, ctx);
        ratV[nrat++] = x;
        allow[x] = 0;
    }
    for (k = 0; k < B->len && ok; k++) {
        int want = rel_set(B->cons[k].rel);
        slong r;
        reduce(e, P + k, &W, ctx);
        for (r = 0; r < nrat && ok; r++) {
            slong d = fmpq_mpoly_degree_si(e, ratV[r], ctx), i;
            fmpq_mpoly_t acc, ci, pw;
            if (d <= 0)
                continue;
            /* e <- Dn^d e(N/Dn) = sum_i e_i N^i Dn^(d-i) */
            fmpq_mpoly_init(acc, ctx);
            fmpq_mpoly_init(ci, ctx);
            fmpq_mpoly_init(pw, ctx);
            for (i = 0; i <= d; i++) {
                ulong ei = (ulong) i;
                fmpq_mpoly_get_coeff_vars_ui(ci, e, ratV + r, &ei, 1, ctx);
                fmpq_mpoly_pow_ui(pw, ratN + r, ei, ctx);
                fmpq_mpoly_mul(ci, ci, pw, ctx);
                fmpq_mpoly_pow_ui(pw, ratD + r, (ulong) (d - i), ctx);
                fmpq_mpoly_mul(ci, ci, pw, ctx);
                fmpq_mpoly_add(acc, acc, ci, ctx);
            }
            fmpq_mpoly_swap(e, acc, ctx);
            fmpq_mpoly_clear(acc, ctx);
            fmpq_mpoly_clear(ci, ctx);
            fmpq_mpoly_clear(pw, ctx);
            if (d % 2 == 1 && want != S_ZERO) {
                /* sign(e_new) = sign(Dn) sign(e_old) */
                if (ratS[r] == S_NEG)
                    want = set_neg(want);
                else if (ratS[r] != S_POS)
                    ok = 0;
            }
        }
        if (ok)
            ok = prove(e, want, F, ctx);
    }
    for (k = 0; k < RAT_MAX; k++) {
        fmpq_mpoly_clear(ratN + k, ctx);
        fmpq_mpoly_clear(ratD + k, ctx);
    }
    for (k = 0; k < B->len; k++)
        fmpq_mpoly_clear(P + k, ctx);
    for (v = 0; v < nv; v++)
        fmpq_mpoly_clear(W.C + v, ctx);
    flint_free(W.C);
    flint_free(P);
    fmpq_mpoly_clear(e, ctx);
    fmpq_clear(c);
    flint_free(usedA); flint_free(usedB); flint_free(allow); flint_free(u);
    return ok;
}

/* ------------------------------------------------------------ sample points */

static void random_q(fmpq_t q, flint_rand_t st, int sign)
{
    slong num = 1 + (slong) n_randint(st, 7), den = 1 + (slong) n_randint(st, 4);
    if (sign == 0)
        sign = n_randint(st, 2) ? 1 : -1;
    fmpq_set_si(q, sign * num, den);
}

/* sign a variable must have by a constraint k*v > 0 (or >= 0) of F */
static int wanted_sign(slong v, const nform_t *F, const fmpq_mpoly_ctx_t ctx)
{
    slong k;
    fmpq_mpoly_t g, q;
    int s = 0;
    fmpq_mpoly_init(g, ctx);
    fmpq_mpoly_init(q, ctx);
    fmpq_mpoly_gen(g, v, ctx);
    for (k = 0; k < F->nin && s == 0; k++)
        if (F->rel[k] != RF_SYS_REL_NE && fmpq_mpoly_divides(q, F->in + k, g, ctx)
            && fmpq_mpoly_is_fmpq(q, ctx)) {
            fmpq_t c;
            fmpq_init(c);
            fmpq_mpoly_get_fmpq(c, q, ctx);
            s = fmpq_sgn(c);
            fmpq_clear(c);
        }
    fmpq_mpoly_clear(g, ctx);
    fmpq_mpoly_clear(q, ctx);
    return s;
}

/* an exact point of component a (pt: nvars values); 1 if found */
static int sample_point(fmpq *pt, const rf_sys_t sys, slong a, const nform_t *F,
                        flint_rand_t st)
{
    const fmpq_mpoly_ctx_struct *ctx = sys->ctx;
    slong nv = F->nv, n = sys->nvars, k, v, try;
    int *pivot = flint_calloc(nv, sizeof(int)), *set = flint_malloc(nv * sizeof(int));
    int *u = flint_malloc(nv * sizeof(int)), found = 0;
    fmpq_mpoly_t r, cf;
    fmpq_t c, d;
    if (F->empty || n == 0) {
        flint_free(pivot); flint_free(set); flint_free(u);
        return 0;
    }
    fmpq_mpoly_init(r, ctx);
    fmpq_mpoly_init(cf, ctx);
    fmpq_init(c);
    fmpq_init(d);
    for (v = 0; v < n; v++) {
        fmpq_mpoly_t g;
        fmpq_mpoly_init(g, ctx);
        fmpq_mpoly_gen(g, v, ctx);
        pivot[v] = !fmpq_mpoly_equal(F->C + v, g, ctx);
        fmpq_mpoly_clear(g, ctx);
    }
    for (try = 0; try < SAMPLE_TRIES && !found; try++) {
        int bad = 0;
        for (v = 0; v < n; v++)
            set[v] = 0;
        for (;;) {
            /* an equation with one unset variable, linear in it */
            slong solved = -1;
            for (k = 0; k < F->neq && solved < 0 && !bad; k++) {
                slong cnt = 0, w = -1, x;
                fmpq_mpoly_set(r, F->eq + k, ctx);
                for (x = 0; x < n; x++)
                    if (set[x])
                        fmpq_mpoly_evaluate_one_fmpq(r, r, x, pt + x, ctx);
                fmpq_mpoly_used_vars(u, r, ctx);
                for (x = 0; x < n; x++)
                    if (u[x]) {
                        cnt++;
                        w = x;
                    }
                if (cnt == 0) {
                    bad = !fmpq_mpoly_is_zero(r, ctx);
                } else if (cnt == 1 && fmpq_mpoly_degree_si(r, w, ctx) == 1) {
                    ulong one = 1;
                    fmpq_mpoly_get_coeff_vars_ui(cf, r, &w, &one, 1, ctx);
                    fmpq_mpoly_get_fmpq(c, cf, ctx);
                    fmpq_zero(d);
                    fmpq_mpoly_evaluate_one_fmpq(cf, r, w, d, ctx);   /* constant term */
                    fmpq_mpoly_get_fmpq(d, cf, ctx);
                    fmpq_neg(d, d);
                    fmpq_div(pt + w, d, c);
                    set[w] = 1;
                    solved = w;
                }
            }
            if (bad || solved >= 0) {
                if (bad)
                    break;
                continue;
            }
            /* assign a random value to a random unset free variable */
            {
                slong cand = 0, pick;
                for (v = 0; v < n; v++)
                    cand += !set[v] && !pivot[v];
                if (cand == 0)
                    break;
                pick = (slong) n_randint(st, cand);
                for (v = 0; v < n; v++)
                    if (!set[v] && !pivot[v] && pick-- == 0)
                        break;
                {
                    int sg = wanted_sign(v, F, ctx);
                    if (sg == 0 && 2 * try >= SAMPLE_TRIES && n_randint(st, 5) == 0)
                        fmpq_zero(pt + v);   /* later tries: special subsets too */
                    else
                        random_q(pt + v, st, sg);
                }
                set[v] = 1;
            }
        }
        if (bad)
            continue;
        /* pivots from the substitution */
        for (v = 0; v < n; v++)
            if (pivot[v]) {
                fmpq_mpoly_set(r, F->C + v, ctx);
                for (k = 0; k < n; k++)
                    if (!pivot[k])
                        fmpq_mpoly_evaluate_one_fmpq(r, r, k, pt + k, ctx);
                if (!fmpq_mpoly_is_fmpq(r, ctx))
                    break;
                fmpq_mpoly_get_fmpq(pt + v, r, ctx);
            }
        if (v < n)
            continue;
        found = rf_sys_component_contains(sys, a, pt);
    }
    fmpq_mpoly_clear(r, ctx);
    fmpq_mpoly_clear(cf, ctx);
    fmpq_clear(c);
    fmpq_clear(d);
    flint_free(pivot); flint_free(set); flint_free(u);
    return found;
}

/* Is the point (parameters of pt; the auxiliaries of B are unknowns)
 * outside sigma(B)? 1 proved outside, 0 inside or undecided. */
static int point_outside(const rf_sys_t sys, const fmpq *pt, slong b, const slong *map)
{
    const fmpq_mpoly_ctx_struct *ctx = sys->ctx;
    const rf_sys_comp_struct *B = sys->comps + b;
    slong n = sys->nvars, k, v;
    fmpq *val = _fmpq_vec_init(n);
    int *known = flint_calloc(n, sizeof(int)), *u = flint_malloc(n * sizeof(int));
    int out = 0, changed = 1;
    fmpq_mpoly_struct *P = flint_malloc((B->len + 1) * sizeof(fmpq_mpoly_struct));
    for (v = 0; v < n; v++)
        if (sys->kinds[v] == RF_SYS_VAR_PARAM) {
            fmpq_set(val + v, pt + v);
            known[v] = 1;
        }
    for (k = 0; k < B->len; k++) {
        fmpq_mpoly_init(P + k, ctx);
        fmpq_mpoly_compose_fmpq_mpoly_gen(P + k, &B->cons[k].poly, map, ctx, ctx);
    }
    while (changed && !out) {
        changed = 0;
        for (k = 0; k < B->len && !out; k++) {
            fmpq_mpoly_t r;
            slong cnt = 0, w = -1;
            fmpq_mpoly_init(r, ctx);
            fmpq_mpoly_set(r, P + k, ctx);
            fmpq_mpoly_used_vars(u, r, ctx);
            for (v = 0; v < n; v++)
                if (u[v] && known[v])
                    fmpq_mpoly_evaluate_one_fmpq(r, r, v, val + v, ctx);
            fmpq_mpoly_used_vars(u, r, ctx);
            for (v = 0; v < n; v++)
                if (u[v]) {
                    cnt++;
                    w = v;
                }
            if (cnt == 0) {
                fmpq_t c;
                int s;
                fmpq_init(c);
                fmpq_mpoly_get_fmpq(c, r, ctx);
                s = fmpq_sgn(c);
                fmpq_clear(c);
                switch (B->cons[k].rel) {
                case RF_SYS_REL_EQ: out = (s != 0); break;
                case RF_SYS_REL_GT: out = (s <= 0); break;
                case RF_SYS_REL_GE: out = (s < 0); break;
                default: out = (s == 0); break;
                }
            } else if (cnt == 1 && B->cons[k].rel == RF_SYS_REL_EQ
                       && fmpq_mpoly_degree_si(r, w, ctx) == 1) {
                /* forced value of an auxiliary */
                fmpq_mpoly_t cf;
                fmpq_t c, d;
                ulong one = 1;
                fmpq_mpoly_init(cf, ctx);
                fmpq_init(c);
                fmpq_init(d);
                fmpq_mpoly_get_coeff_vars_ui(cf, r, &w, &one, 1, ctx);
                fmpq_mpoly_get_fmpq(c, cf, ctx);
                fmpq_mpoly_evaluate_one_fmpq(cf, r, w, d, ctx);
                fmpq_mpoly_get_fmpq(d, cf, ctx);
                fmpq_neg(d, d);
                fmpq_div(val + w, d, c);
                known[w] = 1;
                changed = 1;
                fmpq_mpoly_clear(cf, ctx);
                fmpq_clear(c);
                fmpq_clear(d);
            }
            fmpq_mpoly_clear(r, ctx);
        }
    }
    for (k = 0; k < B->len; k++)
        fmpq_mpoly_clear(P + k, ctx);
    flint_free(P);
    _fmpq_vec_clear(val, n);
    flint_free(known);
    flint_free(u);
    return out;
}

/* ------------------------------------------------------------------ public */

static slong **perm_alloc(const perm_space_t *S)
{
    slong l, i, **perm = flint_calloc(S->L + 1, sizeof(slong *));
    for (l = 1; l < S->L; l++) {
        perm[l] = flint_malloc((S->n[l] + 1) * sizeof(slong));
        for (i = 0; i < S->n[l]; i++)
            perm[l][i] = i;
    }
    return perm;
}

static void perm_free(slong **perm, const perm_space_t *S)
{
    slong l;
    for (l = 1; l < S->L; l++)
        flint_free(perm[l]);
    flint_free(perm);
}

/* containment of a in b with the normal form of a and its sample points */
static rf_sym_contain_t contained(const rf_sys_t sys, const perm_space_t *S,
                                  int perms, const nform_t *F, slong a,
                                  const fmpq *pts, slong npts, slong b)
{
    slong *map = flint_malloc((S->nvars + 1) * sizeof(slong));
    slong **perm = perm_alloc(S), k;
    int all_out = (npts > 0), any = 0;
    rf_sym_contain_t res = RF_SYM_CONTAIN_UNKNOWN;
    int capped = perms && group_order(S) > PERM_CAP;
    do {
        if (!perm_map(map, S, (slong *const *) perm))
            continue;
        any = 1;
        {
            /* a point of a outside sigma(b) refutes this sigma (cheap) */
            int out = 0;
            for (k = 0; k < npts && !out; k++)
                out = point_outside(sys, pts + k * sys->nvars, b, map);
            if (out)
                continue;
        }
        all_out = 0;
        if (proved_in(sys, F, a, b, map)) {
            res = RF_SYM_CONTAIN_YES;
            break;
        }
    } while (perms && !capped && next_multi_perm(perm, S));
    if (res != RF_SYM_CONTAIN_YES && any && all_out && (!perms || !capped))
        res = RF_SYM_CONTAIN_NO;
    if (res == RF_SYM_CONTAIN_UNKNOWN && sys->comps[a].dim >= 0
        && sys->comps[b].dim >= 0 && sys->comps[a].dim > sys->comps[b].dim)
        res = RF_SYM_CONTAIN_NO;   /* fact (3), by the stated dimensions */
    perm_free(perm, S);
    flint_free(map);
    return res;
}

/* contained() with fresh sample points while undecided (a few rounds:
 * a point may fall into an intersection, or sampling may fail) */
static rf_sym_contain_t decide_pair(const rf_sys_t sys, const perm_space_t *S,
                                    int perms, const nform_t *F, slong a, slong b,
                                    flint_rand_t st)
{
    slong np, round, len = SAMPLE_POINTS * (sys->nvars + 1);
    fmpq *pts = _fmpq_vec_init(len);
    rf_sym_contain_t r = RF_SYM_CONTAIN_UNKNOWN;
    for (round = 0; round < 3 && r == RF_SYM_CONTAIN_UNKNOWN; round++) {
        np = 0;
        while (np < SAMPLE_POINTS && sample_point(pts + np * sys->nvars, sys, a, F, st))
            np++;
        r = contained(sys, S, perms, F, a, pts, np, b);
    }
    _fmpq_vec_clear(pts, len);
    return r;
}

rf_sym_contain_t rf_sym_comp_contained(const rf_sys_t sys, slong a, slong b,
                                       int perms, flint_rand_t state)
{
    perm_space_t S;
    nform_t F;
    rf_sym_contain_t r;
    if (a < 0 || b < 0 || a >= sys->ncomp || b >= sys->ncomp)
        return RF_SYM_CONTAIN_UNKNOWN;
    space_init(&S, sys);
    nform_init(&F, sys, a);
    r = decide_pair(sys, &S, perms, &F, a, b, state);
    nform_clear(&F, sys->ctx);
    space_clear(&S);
    return r;
}

static void remove_comp(rf_sys_t sys, slong c)
{
    rf_sys_comp_struct *C = sys->comps + c;
    slong k;
    for (k = 0; k < C->len; k++) {
        fmpq_mpoly_clear(&C->cons[k].poly, sys->ctx);
        flint_free(C->cons[k].label);
    }
    flint_free(C->cons);
    flint_free(C->name);
    flint_free(C->description);
    if (c + 1 < sys->ncomp)
        memmove(sys->comps + c, sys->comps + c + 1,
                (sys->ncomp - c - 1) * sizeof(rf_sys_comp_struct));
    sys->ncomp--;
}

slong rf_sym_sys_maximal(rf_sys_t sys, int perms, slong *undecided,
                         flint_rand_t state)
{
    slong n = sys->ncomp, a, b, nrem = 0, nund = 0;
    int *removed = flint_calloc(n + 1, sizeof(int)), *und = flint_calloc(n + 1, sizeof(int));
    slong *into = flint_calloc(n + 1, sizeof(slong));
    perm_space_t S;
    char buf[512];
    clock_t t0 = clock();
    int out_of_time = 0;
    if (n > RF_SYM_MAXIMAL_MAX_COMPS) {
        snprintf(buf, sizeof buf,
                 "pieces, may overlap: the containment check was skipped for %ld components "
                 "(more than %d; its cost grows with the square of the number)",
                 (long) n, (int) RF_SYM_MAXIMAL_MAX_COMPS);
        rf_sys_add_note(sys, buf);
        flint_free(removed);
        flint_free(und);
        flint_free(into);
        if (undecided)
            *undecided = n;
        return 0;
    }
    space_init(&S, sys);
    for (a = 0; a < n; a++) {
        nform_t F;
        if (!out_of_time && (double) (clock() - t0) / CLOCKS_PER_SEC > RF_SYM_MAXIMAL_SECONDS)
            out_of_time = 1;
        if (out_of_time) {
            und[a] = 1;
            continue;
        }
        nform_init(&F, sys, a);
        for (b = 0; b < n && !removed[a]; b++) {
            rf_sym_contain_t r;
            if (b == a || removed[b])
                continue;
            if (!out_of_time && (double) (clock() - t0) / CLOCKS_PER_SEC > RF_SYM_MAXIMAL_SECONDS)
                out_of_time = 1;
            if (out_of_time) {
                und[a] = 1;
                continue;
            }
            r = decide_pair(sys, &S, perms, &F, a, b, state);
            if (r == RF_SYM_CONTAIN_YES) {
                removed[a] = 1;
                into[a] = b;
            } else if (r == RF_SYM_CONTAIN_UNKNOWN) {
                und[a] = 1;
            }
        }
        nform_clear(&F, sys->ctx);
    }
    /* undecided against a component removed later is decided by the
     * containing one; keep it simple: count the flags of kept components */
    for (a = 0; a < n; a++) {
        if (removed[a]) {
            snprintf(buf, sizeof buf,
                     "removed component '%s' (dimension %ld): it lies in component '%s' "
                     "(dimension %ld)%s, proved by substitution",
                     sys->comps[a].name ? sys->comps[a].name : "",
                     (long) sys->comps[a].dim,
                     sys->comps[into[a]].name ? sys->comps[into[a]].name : "",
                     (long) sys->comps[into[a]].dim,
                     perms ? " up to a permutation of the hidden neurons" : "");
            rf_sys_add_note(sys, buf);
            nrem++;
        } else if (und[a]) {
            nund++;
        }
    }
    if (n > 0) {
        if (nund == 0)
            snprintf(buf, sizeof buf,
                     "components are maximal: none lies in another%s (checked exactly: "
                     "a rational point of each outside the others, or a larger stated dimension)",
                     perms ? " up to permutations of the hidden neurons" : "");
        else
            snprintf(buf, sizeof buf,
                     "pieces, may overlap: for %ld component(s) containment in another "
                     "could not be decided%s", (long) nund,
                     out_of_time ? " within the CPU budget of the containment check" : "");
        rf_sys_add_note(sys, buf);
    }
    for (a = n - 1; a >= 0; a--)
        if (removed[a])
            remove_comp(sys, a);
    space_clear(&S);
    flint_free(removed);
    flint_free(und);
    flint_free(into);
    if (undecided)
        *undecided = nund;
    return nrem;
}
