/* The fiber of a shallow network as a semi-algebraic set (docs/shallow.md, §4).
 *
 * theta' is in the fiber iff its canonical object equals that of theta. A
 * component is a combinatorial type: how many neurons sit on each kink in
 * each orientation, how many form "phantom" groups (lines whose jumps cancel,
 * possibly with opposite orientations making an affine term), how many are
 * dead (w = 0, bias >= 0 or <= 0) and how many have zero outgoing weights.
 * Types are listed up to permutation of the neurons, each with its neurons
 * in a fixed representative order, its equations and sign conditions, and
 * its dimension (closed formula, docs/shallow.md, Prop. 6). */
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include <flint/fmpq_mat.h>
#include "relufiber/shallow.h"
#include "shallow_internal.h"
#include "relufiber/qvec.h"
#include "relufiber/sym.h"

#define MAX_TYPES_GENERATED 20000
/* Cap on visited (feasible or not) types: orientation choices are a
 * subset-sum problem, exponential in the number of kinks. */
#define MAX_TYPES_VISITED 4000

typedef struct {
    slong *a, *b;      /* per kink: neurons in + / - orientation */
    slong np;          /* phantom groups */
    slong *pn, *pq;    /* group size, number of neurons opposite to the reference */
    slong dp, dm, z;   /* dead with b >= 0, dead with b <= 0, zero outgoing */
    slong dim;
} ftype_t;

typedef struct {
    const rf_shallow_canon_struct *C;
    slong n, r;
    ftype_t *types;
    slong len, alloc;
    int truncated;
    slong visited;
    const slong *pref_a, *pref_b; /* the type of theta itself: tried first */
    /* scratch for the recursion */
    slong *a, *b, *pn, *pq;
} fenum_t;

/* Dimension of the component, -1 if it is empty (the linear part cannot be
 * produced). See docs/shallow.md, Prop. 6. */
static slong type_dim(const fenum_t *E, const slong *a, const slong *b, slong np,
                      const slong *pn, const slong *pq, slong dp, slong dm, slong z)
{
    const rf_shallow_canon_struct *C = E->C;
    slong m = C->m, k = C->k, s, o, j, t, ns2 = 0, q = 0, p0, rho, dim = 0, sp, best = -1;
    const fmpq **rows = flint_malloc((C->r + k + 1) * sizeof(fmpq *));
    fmpq *As = _fmpq_vec_init(k * m);
    rf_qvec_set(As, C->A, k * m);
    for (s = 0; s < C->r; s++) {
        slong N = a[s] + b[s];
        int mixed = a[s] > 0 && b[s] > 0;
        if (a[s] == 0)   /* all flipped: remainder -u_s h_s */
            for (o = 0; o < k; o++)
                for (j = 0; j < m; j++)
                    fmpq_addmul(As + o * m + j, rf_shallow_canon_U(C, s, o), rf_shallow_canon_H(C, s, j));
        if (mixed)
            rows[ns2++] = rf_shallow_canon_H(C, s, 0);
        dim += N * (1 + k) - k - (mixed ? k : 0);
    }
    for (t = 0; t < np; t++) {
        if (pq[t] > 0) {
            q++;
            dim += pn[t] + k * pn[t] - 2 * k;
        } else {
            dim += m + pn[t] + k * pn[t] - k;
        }
    }
    dim += z * (m + 1) + (dp + dm) * (1 + k);
    p0 = _rf_shallow_rows_rank(rows, ns2, m);
    for (o = 0; o < k; o++)
        rows[ns2 + o] = As + o * m;
    rho = _rf_shallow_rows_rank(rows, ns2 + k, m) - p0;
    for (sp = rho; sp <= q && sp <= m - p0; sp++) {
        slong g = (sp - rho) * (m - p0 - sp) + q * (p0 + sp) + k * (ns2 + q - p0 - sp);
        if (g > best)
            best = g;
    }
    flint_free(rows);
    _fmpq_vec_clear(As, k * m);
    return best < 0 ? -1 : dim + best;
}

static void push_type(fenum_t *E, slong np, slong dp, slong dm, slong z)
{
    ftype_t *T;
    slong d, r = E->r;
    if (E->len >= MAX_TYPES_GENERATED || ++E->visited > MAX_TYPES_VISITED) {
        E->truncated = 1;
        return;
    }
    d = type_dim(E, E->a, E->b, np, E->pn, E->pq, dp, dm, z);
    if (d < 0)
        return;
    if (E->len == E->alloc) {
        E->alloc = E->alloc ? 2 * E->alloc : 64;
        E->types = flint_realloc(E->types, E->alloc * sizeof(ftype_t));
    }
    T = E->types + E->len++;
    T->a = flint_malloc((r + 1) * sizeof(slong));
    T->b = flint_malloc((r + 1) * sizeof(slong));
    T->pn = flint_malloc((np + 1) * sizeof(slong));
    T->pq = flint_malloc((np + 1) * sizeof(slong));
    memcpy(T->a, E->a, r * sizeof(slong));
    memcpy(T->b, E->b, r * sizeof(slong));
    memcpy(T->pn, E->pn, np * sizeof(slong));
    memcpy(T->pq, E->pq, np * sizeof(slong));
    T->np = np;
    T->dp = dp;
    T->dm = dm;
    T->z = z;
    T->dim = d;
}

/* Phantom groups in non-increasing order of (size, q); then dead/zero. */
static void enum_phantoms(fenum_t *E, slong np, slong left, slong maxn, slong maxq)
{
    slong N, q, dp, dm;
    if (E->truncated)
        return;
    for (dp = 0; dp <= left; dp++)
        for (dm = 0; dp + dm <= left; dm++)
            push_type(E, np, dp, dm, left - dp - dm);
    for (N = (maxn < left ? maxn : left); N >= 2; N--)
        for (q = N / 2; q >= 0; q--) {
            if (N == maxn && q > maxq)
                continue;
            E->pn[np] = N;
            E->pq[np] = q;
            enum_phantoms(E, np + 1, left - N, N, q);
        }
}

static void enum_kinks(fenum_t *E, slong s, slong left)
{
    slong N, bb;
    if (E->truncated)
        return;
    if (s == E->r) {
        enum_phantoms(E, 0, left, left, left);
        return;
    }
    if (E->pref_a && E->pref_a[s] + E->pref_b[s] <= 1 + left) {
        E->a[s] = E->pref_a[s];
        E->b[s] = E->pref_b[s];
        enum_kinks(E, s + 1, left - (E->a[s] + E->b[s] - 1));
    }
    for (N = 1; N <= 1 + left; N++)
        for (bb = 0; bb <= N; bb++) {
            if (E->pref_a && E->pref_a[s] == N - bb && E->pref_b[s] == bb)
                continue;
            E->a[s] = N - bb;
            E->b[s] = bb;
            enum_kinks(E, s + 1, left - (N - 1));
        }
}

static int cmp_type_dim(const void *x, const void *y)
{
    const ftype_t *a = x, *b = y;
    return (a->dim < b->dim) - (a->dim > b->dim);
}

/* Type name, e.g. "kinks[1+ 1+1-] phantoms[2:1] dead+1 zero1". */
static void type_name(char *buf, size_t len, const ftype_t *T, slong r)
{
    size_t p = 0;
    slong s;
    p += (size_t) snprintf(buf + p, len - p, "kinks[");
    for (s = 0; s < r && p < len; s++)
        p += (size_t) snprintf(buf + p, len - p, "%s%ld+%ld-", s ? " " : "", (long) T->a[s], (long) T->b[s]);
    p += (size_t) snprintf(buf + p < buf + len ? buf + p : buf, p < len ? len - p : 0, "]");
    if (T->np > 0 && p < len) {
        p += (size_t) snprintf(buf + p, len - p, " phantoms[");
        for (s = 0; s < T->np && p < len; s++)
            p += (size_t) snprintf(buf + p, len - p, "%s%ld:%ld", s ? " " : "", (long) T->pn[s], (long) T->pq[s]);
        if (p < len)
            p += (size_t) snprintf(buf + p, len - p, "]");
    }
    if (T->dp && p < len)
        p += (size_t) snprintf(buf + p, len - p, " dead+%ld", (long) T->dp);
    if (T->dm && p < len)
        p += (size_t) snprintf(buf + p, len - p, " dead-%ld", (long) T->dm);
    if (T->z && p < len)
        p += (size_t) snprintf(buf + p, len - p, " zero%ld", (long) T->z);
}

/* Symmetry that produces a type, as one line. */
static void type_description(char *buf, size_t len, const ftype_t *T, slong r)
{
    slong s, dup = 0, flip = 0, mixed = 0, pm = 0;
    for (s = 0; s < r; s++) {
        dup += (T->a[s] > 1 || T->b[s] > 1);
        flip += (T->a[s] == 0);
        mixed += (T->a[s] > 0 && T->b[s] > 0);
    }
    for (s = 0; s < T->np; s++)
        pm += T->pq[s] > 0;
    snprintf(buf, len,
             "permutation+scaling%s%s%s%s%s%s%s",
             flip ? "; flipped kinks (relu(z) = relu(-z) + z)" : "",
             dup ? "; split/duplicated neurons on a kink" : "",
             mixed ? "; antiparallel neurons on a kink" : "",
             T->np ? "; cancelling groups (jumps sum to 0)" : "",
             pm ? " making affine terms" : "",
             (T->dp + T->dm) ? "; dead neurons (w = 0)" : "",
             T->z ? "; zero outgoing weights" : "");
}

/* Polynomial helpers on the system's context. */
static void P_var(fmpq_mpoly_t p, slong v, const rf_sys_t sys)
{
    fmpq_mpoly_gen(p, v, sys->ctx);
}

/* Variable indices come from the parameter ring (sym.h): first-layer
 * weights W1_j_a, biases b1_j, second-layer weights W2_o_j, biases b2_o,
 * then the auxiliaries mu_j. ve: entry a of (w_j, b_j). */
#define vW1(R, j, a) rf_sym_weight_var((R), 0, 0, (j), (a))
#define vb1(R, j) rf_sym_bias_var((R), 0, 0, (j))
#define vW2(R, o, j) rf_sym_weight_var((R), 0, 1, (o), (j))
#define vb2(R, o) rf_sym_bias_var((R), 0, 1, (o))
#define vmu(R, j) rf_sym_aux_var((R), (j))

static slong ve(const rf_sym_ctx_t R, slong j, slong a)
{
    return a < R->dims[0] ? vW1(R, j, a) : vb1(R, j);
}

/* role of each neuron in the representative order of a type */
enum { R_KINK, R_PREF, R_POTH, R_DP, R_DM, R_Z };

typedef struct {
    int role;
    slong grp;   /* kink or phantom index */
    int sign;    /* orientation: +1 / -1 */
    slong ref;   /* phantom: the reference neuron */
} slot_t;

static slot_t *type_slots(const ftype_t *T, slong r, slong n)
{
    slot_t *S = flint_malloc((n + 1) * sizeof(slot_t));
    slong j = 0, s, i;
    for (s = 0; s < r; s++) {
        for (i = 0; i < T->a[s] + T->b[s]; i++, j++) {
            S[j].role = R_KINK;
            S[j].grp = s;
            S[j].sign = i < T->a[s] ? 1 : -1;
            S[j].ref = -1;
        }
    }
    for (s = 0; s < T->np; s++) {
        slong ref = j;
        for (i = 0; i < T->pn[s]; i++, j++) {
            S[j].role = i == 0 ? R_PREF : R_POTH;
            S[j].grp = s;
            S[j].sign = i < T->pn[s] - T->pq[s] ? 1 : -1;
            S[j].ref = ref;
        }
    }
    for (i = 0; i < T->dp; i++, j++)
        S[j].role = R_DP;
    for (i = 0; i < T->dm; i++, j++)
        S[j].role = R_DM;
    for (i = 0; i < T->z; i++, j++)
        S[j].role = R_Z;
    return S;
}

/* Add p REL 0 unless it is the trivial 0 = 0. */
static void add_con(rf_sys_t sys, slong ci, const fmpq_mpoly_t p, rf_sys_rel_t rel, const char *lab)
{
    if (rel == RF_SYS_REL_EQ && fmpq_mpoly_is_zero(p, sys->ctx))
        return;
    rf_sys_add_constraint(sys, ci, p, rel, lab);
}

/* Add the constraints of type T as component ci. */
static void emit_component(rf_sys_t sys, slong ci, const ftype_t *T, const rf_shallow_canon_t C,
                           const rf_sym_ctx_t R)
{
    slong m = C->m, k = C->k, n = R->dims[1], r = C->r, j, a, o, s;
    slot_t *S = type_slots(T, r, n);
    fmpq_mpoly_t p, x, y;
    fmpq_t cq;
    fmpq_mpoly_init(p, sys->ctx);
    fmpq_mpoly_init(x, sys->ctx);
    fmpq_mpoly_init(y, sys->ctx);
    fmpq_init(cq);
    for (j = 0; j < n; j++) {
        char lab[96];
        switch (S[j].role) {
        case R_KINK: {
            const fmpq *h = rf_shallow_canon_H(C, S[j].grp, 0);
            slong piv = 0;
            while (fmpq_is_zero(h + piv))
                piv++;
            snprintf(lab, sizeof(lab), "neuron %ld on kink %ld", (long) (j + 1), (long) (S[j].grp + 1));
            for (a = 0; a <= m; a++) {
                if (a == piv)
                    continue;
                /* e_j[a] - h[a] * W1_j_piv = 0 */
                P_var(p, ve(R, j, a), sys);
                P_var(x, vW1(R, j, piv), sys);
                fmpq_mpoly_scalar_mul_fmpq(x, x, h + a, sys->ctx);
                fmpq_mpoly_sub(p, p, x, sys->ctx);
                add_con(sys, ci, p, RF_SYS_REL_EQ, lab);
            }
            P_var(p, vW1(R, j, piv), sys);
            if (S[j].sign < 0)
                fmpq_mpoly_neg(p, p, sys->ctx);
            snprintf(lab, sizeof(lab), "neuron %ld orientation %s", (long) (j + 1), S[j].sign > 0 ? "+" : "-");
            add_con(sys, ci, p, RF_SYS_REL_GT, lab);
            break;
        }
        case R_PREF:
            fmpq_mpoly_zero(p, sys->ctx);
            for (a = 0; a < m; a++) {
                P_var(x, vW1(R, j, a), sys);
                fmpq_mpoly_mul(x, x, x, sys->ctx);
                fmpq_mpoly_add(p, p, x, sys->ctx);
            }
            snprintf(lab, sizeof(lab), "neuron %ld crosses (w != 0), reference of a cancelling group",
                     (long) (j + 1));
            add_con(sys, ci, p, RF_SYS_REL_NE, lab);
            break;
        case R_POTH:
            snprintf(lab, sizeof(lab), "neuron %ld = mu_%ld * neuron %ld", (long) (j + 1), (long) (j + 1),
                     (long) (S[j].ref + 1));
            for (a = 0; a <= m; a++) {
                P_var(p, ve(R, j, a), sys);
                P_var(x, vmu(R, j), sys);
                P_var(y, ve(R, S[j].ref, a), sys);
                fmpq_mpoly_mul(x, x, y, sys->ctx);
                fmpq_mpoly_sub(p, p, x, sys->ctx);
                add_con(sys, ci, p, RF_SYS_REL_EQ, lab);
            }
            P_var(p, vmu(R, j), sys);
            if (S[j].sign < 0)
                fmpq_mpoly_neg(p, p, sys->ctx);
            snprintf(lab, sizeof(lab), "mu_%ld %s 0", (long) (j + 1), S[j].sign > 0 ? ">" : "<");
            add_con(sys, ci, p, RF_SYS_REL_GT, lab);
            break;
        case R_DP:
        case R_DM:
            snprintf(lab, sizeof(lab), "neuron %ld dead", (long) (j + 1));
            for (a = 0; a < m; a++) {
                P_var(p, vW1(R, j, a), sys);
                add_con(sys, ci, p, RF_SYS_REL_EQ, lab);
            }
            P_var(p, vb1(R, j), sys);
            if (S[j].role == R_DM)
                fmpq_mpoly_neg(p, p, sys->ctx);
            snprintf(lab, sizeof(lab), "neuron %ld bias %s 0", (long) (j + 1), S[j].role == R_DP ? ">=" : "<=");
            add_con(sys, ci, p, RF_SYS_REL_GE, lab);
            break;
        case R_Z:
            snprintf(lab, sizeof(lab), "neuron %ld: zero outgoing weights", (long) (j + 1));
            for (o = 0; o < k; o++) {
                P_var(p, vW2(R, o, j), sys);
                add_con(sys, ci, p, RF_SYS_REL_EQ, lab);
            }
            break;
        }
    }
    /* jump equations: per kink sum_j |lambda_j| v_j = u_s; per phantom 0 */
    for (s = 0; s < r + T->np; s++) {
        int kink = s < r;
        char lab[96];
        for (o = 0; o < k; o++) {
            fmpq_mpoly_zero(p, sys->ctx);
            for (j = 0; j < n; j++) {
                if (kink && !(S[j].role == R_KINK && S[j].grp == s))
                    continue;
                if (!kink && !((S[j].role == R_PREF || S[j].role == R_POTH) && S[j].grp == s - r))
                    continue;
                P_var(y, vW2(R, o, j), sys);
                if (S[j].role == R_KINK) {
                    const fmpq *h = rf_shallow_canon_H(C, s, 0);
                    slong piv = 0;
                    while (fmpq_is_zero(h + piv))
                        piv++;
                    P_var(x, vW1(R, j, piv), sys);
                    fmpq_mpoly_mul(x, x, y, sys->ctx);
                } else if (S[j].role == R_POTH) {
                    P_var(x, vmu(R, j), sys);
                    fmpq_mpoly_mul(x, x, y, sys->ctx);
                } else {
                    fmpq_mpoly_set(x, y, sys->ctx);
                }
                if (S[j].sign < 0)
                    fmpq_mpoly_sub(p, p, x, sys->ctx);
                else
                    fmpq_mpoly_add(p, p, x, sys->ctx);
            }
            if (kink)
                fmpq_mpoly_sub_fmpq(p, p, rf_shallow_canon_U(C, s, o), sys->ctx);
            if (kink)
                snprintf(lab, sizeof(lab), "jump of kink %ld, output %ld", (long) (s + 1), (long) (o + 1));
            else
                snprintf(lab, sizeof(lab), "jumps of group %ld cancel, output %ld", (long) (s - r + 1),
                         (long) (o + 1));
            add_con(sys, ci, p, RF_SYS_REL_EQ, lab);
        }
    }
    /* affine part: sum over flipped neurons of v_j (w_j, b_j) (+ dead
     * neurons with b >= 0 and b2 for the constant) equals (A, c) */
    for (o = 0; o < k; o++)
        for (a = 0; a <= m; a++) {
            char lab[96];
            fmpq_mpoly_zero(p, sys->ctx);
            for (j = 0; j < n; j++) {
                int use = (S[j].role == R_KINK || S[j].role == R_POTH) && S[j].sign < 0;
                if (a == m && S[j].role == R_DP)
                    use = 1;
                if (!use)
                    continue;
                P_var(x, vW2(R, o, j), sys);
                P_var(y, ve(R, j, a), sys);
                fmpq_mpoly_mul(x, x, y, sys->ctx);
                fmpq_mpoly_add(p, p, x, sys->ctx);
            }
            if (a == m) {
                P_var(x, vb2(R, o), sys);
                fmpq_mpoly_add(p, p, x, sys->ctx);
                fmpq_mpoly_sub_fmpq(p, p, C->c + o, sys->ctx);
                snprintf(lab, sizeof(lab), "constant part, output %ld", (long) (o + 1));
            } else {
                fmpq_mpoly_sub_fmpq(p, p, rf_shallow_canon_A(C, o, a), sys->ctx);
                snprintf(lab, sizeof(lab), "linear part A[%ld][%ld]", (long) (o + 1), (long) (a + 1));
            }
            add_con(sys, ci, p, RF_SYS_REL_EQ, lab);
        }
    flint_free(S);
    fmpq_mpoly_clear(p, sys->ctx);
    fmpq_mpoly_clear(x, sys->ctx);
    fmpq_mpoly_clear(y, sys->ctx);
    fmpq_clear(cq);
}

static void fenum_clear(fenum_t *E)
{
    slong i;
    for (i = 0; i < E->len; i++) {
        flint_free(E->types[i].a);
        flint_free(E->types[i].b);
        flint_free(E->types[i].pn);
        flint_free(E->types[i].pq);
    }
    flint_free(E->types);
    flint_free(E->a);
    flint_free(E->b);
    flint_free(E->pn);
    flint_free(E->pq);
}

static void fenum_run(fenum_t *E, const rf_shallow_canon_t C, slong n,
                      const rf_shallow_trace_t T)
{
    slong i;
    slong *pa = flint_calloc(C->r + 1, sizeof(slong)), *pb = flint_calloc(C->r + 1, sizeof(slong));
    memset(E, 0, sizeof(*E));
    for (i = 0; T && i < T->n; i++)
        if (T->role[i] == RF_SHALLOW_KINK) {
            if (fmpq_sgn(T->kappa + i) > 0)
                pa[T->line[i]]++;
            else
                pb[T->line[i]]++;
        }
    E->pref_a = T ? pa : NULL;
    E->pref_b = T ? pb : NULL;
    E->C = C;
    E->n = n;
    E->r = C->r;
    E->a = flint_malloc((C->r + 1) * sizeof(slong));
    E->b = flint_malloc((C->r + 1) * sizeof(slong));
    E->pn = flint_malloc((n + 1) * sizeof(slong));
    E->pq = flint_malloc((n + 1) * sizeof(slong));
    if (n >= C->r)
        enum_kinks(E, 0, n - C->r);
    if ((size_t) E->len > 1)
        qsort(E->types, (size_t) E->len, sizeof(ftype_t), cmp_type_dim);
    E->pref_a = E->pref_b = NULL;
    flint_free(pa);
    flint_free(pb);
}

/* Fiber dimension: the largest component found. Exact when the enumeration
 * was complete, or when every neuron is alone on its kink (r == n): then
 * every type has one neuron per kink and dimension n. */
static slong fenum_dim(const fenum_t *E, int *exact)
{
    slong d = E->len > 0 ? E->types[0].dim : -1;
    if (exact)
        *exact = !E->truncated || E->r == E->n;
    return d;
}

slong rf_shallow_fiber_dim(const rf_net_t net, slong *generic_dim, int *exact)
{
    rf_shallow_canon_t C;
    rf_shallow_trace_t T;
    rf_err_t err;
    fenum_t E;
    slong d;
    if (generic_dim)
        *generic_dim = net->L == 2 ? net->dims[1] : -1;
    if (exact)
        *exact = 0;
    if (net->L != 2)
        return -1;
    rf_err_init(err);
    rf_shallow_canon_init(C, net->dims[0], net->dims[2]);
    rf_shallow_trace_init(T);
    rf_shallow_canon(C, net, T, err);
    fenum_run(&E, C, net->dims[1], T);
    d = fenum_dim(&E, exact);
    fenum_clear(&E);
    rf_shallow_trace_clear(T);
    rf_shallow_canon_clear(C);
    rf_err_clear(err);
    return d;
}

int rf_shallow_fiber(rf_sys_t sys, const rf_net_t net, rf_err_t err)
{
    rf_shallow_canon_t C;
    rf_sym_ctx_t R;
    rf_sys_t out;
    fenum_t E;
    slong nv, i, n, shown;
    char **aux;
    char buf[4096], desc[400];
    int rc = rf_shallow_check(net, NULL, err);
    if (rc)
        return rc;
    n = net->dims[1];
    nv = rf_net_num_params(net) + n;
    if (nv > RF_SHALLOW_FIBER_MAX_VARS) {
        int exact;
        slong d = rf_shallow_fiber_dim(net, NULL, &exact);
        return rf_err_set(err, RF_ERR_UNSUPPORTED, NULL, 0,
                          "the fiber system would have %ld variables (limit %d: every polynomial term stores "
                          "all exponents); its dimension is %ld%s, generic fiber dimension %ld",
                          (long) nv, RF_SHALLOW_FIBER_MAX_VARS, (long) d, exact ? "" : " (lower bound)", (long) n);
    }
    /* the parameters (names and layout from the ring), then mu_1..mu_n */
    rf_sym_ctx_init(R, net, 0);
    aux = flint_malloc((n + 1) * sizeof(char *));
    for (i = 0; i < n; i++) {
        aux[i] = flint_malloc(32);
        snprintf(aux[i], 32, "mu_%ld", (long) (i + 1));
    }
    rf_sym_sys_init(out, R, n, (const char *const *) aux);
    for (i = 0; i < n; i++)
        flint_free(aux[i]);
    flint_free(aux);
    rf_shallow_canon_init(C, net->dims[0], net->dims[2]);
    {
        rf_shallow_trace_t T;
        rf_shallow_trace_init(T);
        rf_shallow_canon(C, net, T, err);
        fenum_run(&E, C, n, T);
        rf_shallow_trace_clear(T);
    }
    snprintf(buf, sizeof(buf),
             "fiber of a shallow network %ld -> %ld with %ld neuron%s: %ld kink%s in the canonical form",
             (long) net->dims[0], (long) net->dims[2], (long) n, n == 1 ? "" : "s", (long) C->r,
             C->r == 1 ? "" : "s");
    rf_sys_set_title(out, buf);
    rf_sys_add_note(out, "theta' is in the fiber iff it lies in one of the components after a permutation of its "
                         "hidden neurons: each component lists one combinatorial type with its neurons in a fixed "
                         "representative order (kinks in canonical order, + before -, then cancelling groups, "
                         "dead neurons, zero-outgoing neurons).");
    rf_sys_add_note(out, "auxiliary mu_j (existential): neuron j = mu_j * reference neuron of its cancelling group.");
    {
        int exact;
        slong d = fenum_dim(&E, &exact);
        snprintf(buf, sizeof(buf),
                 "generic fiber dimension of the architecture: %ld (= n, the orbit of H_n); fiber dimension here: %ld%s",
                 (long) n, (long) d, exact ? "" : " (a lower bound: the enumeration of types was truncated)");
    }
    rf_sys_add_note(out, buf);
    shown = E.len < RF_SHALLOW_FIBER_MAX_COMPONENTS ? E.len : RF_SHALLOW_FIBER_MAX_COMPONENTS;
    if (nv > 2000 && shown > 10)
        shown = 10;   /* large systems: the 10 components of largest dimension */
    if (shown < E.len || E.truncated) {
        snprintf(buf, sizeof(buf), "%s%ld combinatorial types found; the %ld of largest dimension are listed",
                 E.truncated ? "more than " : "", (long) E.len, (long) shown);
        rf_sys_add_note(out, buf);
    }
    for (i = 0; i < shown; i++) {
        slong ci;
        type_name(buf, sizeof(buf), E.types + i, C->r);
        type_description(desc, sizeof(desc), E.types + i, C->r);
        ci = rf_sys_add_component(out, buf, desc, E.types[i].dim);
        emit_component(out, ci, E.types + i, C, R);
    }
    fenum_clear(&E);
    rf_shallow_canon_clear(C);
    rf_sym_ctx_clear(R);
    rf_sys_swap(sys, out);   /* replace the caller's system */
    rf_sys_clear(out);
    return RF_OK;
}

/* ---- locating a network in the fiber (for checks and tests) ------------- */

int rf_shallow_fiber_locate(fmpq *pt, const rf_sys_t sys, const rf_net_t theta)
{
    rf_shallow_canon_t C;
    rf_shallow_trace_t T;
    rf_err_t err;
    slong n = theta->dims[1], r, i, s, j, D = rf_net_num_params(theta), comp = -1;
    ftype_t ty;
    slong *order, no = 0, *cnt;
    fmpq *th;
    char name[4096];
    rf_net_t P;
    rf_err_init(err);
    rf_shallow_canon_init(C, theta->dims[0], theta->dims[2]);
    rf_shallow_trace_init(T);
    rf_shallow_canon(C, theta, T, err);
    r = C->r;
    memset(&ty, 0, sizeof(ty));
    ty.a = flint_calloc(r + 1, sizeof(slong));
    ty.b = flint_calloc(r + 1, sizeof(slong));
    ty.pn = flint_calloc(T->ncancel + 1, sizeof(slong));
    ty.pq = flint_calloc(T->ncancel + 1, sizeof(slong));
    order = flint_malloc((n + 1) * sizeof(slong));
    cnt = flint_calloc(T->ncancel + 1, sizeof(slong));
    for (i = 0; i < n; i++) {
        if (T->role[i] == RF_SHALLOW_KINK) {
            if (fmpq_sgn(T->kappa + i) > 0)
                ty.a[T->line[i]]++;
            else
                ty.b[T->line[i]]++;
        }
    }
    for (s = 0; s < r; s++) {
        for (i = 0; i < n; i++)
            if (T->role[i] == RF_SHALLOW_KINK && T->line[i] == s && fmpq_sgn(T->kappa + i) > 0)
                order[no++] = i;
        for (i = 0; i < n; i++)
            if (T->role[i] == RF_SHALLOW_KINK && T->line[i] == s && fmpq_sgn(T->kappa + i) < 0)
                order[no++] = i;
    }
    /* cancelling groups: the larger orientation class is the reference's */
    {
        slong g, *gi = flint_malloc((T->ncancel + 1) * sizeof(slong)), *pos = flint_calloc(T->ncancel + 1, sizeof(slong));
        int *refsign = flint_malloc((T->ncancel + 1) * sizeof(int));
        for (g = 0; g < T->ncancel; g++) {
            slong plus = 0, minus = 0;
            for (i = 0; i < n; i++)
                if (T->role[i] == RF_SHALLOW_CANCELLED && T->line[i] == g) {
                    if (fmpq_sgn(T->kappa + i) > 0)
                        plus++;
                    else
                        minus++;
                }
            refsign[g] = plus >= minus ? 1 : -1;
            ty.pn[g] = plus + minus;
            ty.pq[g] = plus >= minus ? minus : plus;
            gi[g] = g;
        }
        /* sort groups by (size, q) non-increasing (insertion sort, few groups) */
        for (g = 1; g < T->ncancel; g++) {
            slong h = g;
            while (h > 0 && (ty.pn[gi[h - 1]] < ty.pn[gi[h]] ||
                             (ty.pn[gi[h - 1]] == ty.pn[gi[h]] && ty.pq[gi[h - 1]] < ty.pq[gi[h]]))) {
                slong t = gi[h];
                gi[h] = gi[h - 1];
                gi[h - 1] = t;
                h--;
            }
        }
        for (j = 0; j < T->ncancel; j++) {
            g = gi[j];
            for (i = 0; i < n; i++)
                if (T->role[i] == RF_SHALLOW_CANCELLED && T->line[i] == g && fmpq_sgn(T->kappa + i) == refsign[g])
                    order[no++] = i;
            for (i = 0; i < n; i++)
                if (T->role[i] == RF_SHALLOW_CANCELLED && T->line[i] == g && fmpq_sgn(T->kappa + i) != refsign[g])
                    order[no++] = i;
            cnt[j] = ty.pn[g];
        }
        {
            slong *pn2 = flint_malloc((T->ncancel + 1) * sizeof(slong)), *pq2 = flint_malloc((T->ncancel + 1) * sizeof(slong));
            for (j = 0; j < T->ncancel; j++) {
                pn2[j] = ty.pn[gi[j]];
                pq2[j] = ty.pq[gi[j]];
            }
            memcpy(ty.pn, pn2, T->ncancel * sizeof(slong));
            memcpy(ty.pq, pq2, T->ncancel * sizeof(slong));
            flint_free(pn2);
            flint_free(pq2);
        }
        (void) pos;
        flint_free(pos);
        flint_free(gi);
        flint_free(refsign);
    }
    ty.np = T->ncancel;
    for (i = 0; i < n; i++)
        if (T->role[i] == RF_SHALLOW_DEAD && fmpq_sgn(rf_net_b(theta, 0, i)) >= 0) {
            order[no++] = i;
            ty.dp++;
        }
    for (i = 0; i < n; i++)
        if (T->role[i] == RF_SHALLOW_DEAD && fmpq_sgn(rf_net_b(theta, 0, i)) < 0) {
            order[no++] = i;
            ty.dm++;
        }
    for (i = 0; i < n; i++)
        if (T->role[i] == RF_SHALLOW_ZERO_OUT) {
            order[no++] = i;
            ty.z++;
        }
    type_name(name, sizeof(name), &ty, r);
    for (i = 0; i < sys->ncomp && comp < 0; i++)
        if (strcmp(sys->comps[i].name, name) == 0)
            comp = i;
    if (comp >= 0) {
        /* permuted parameters, then mu_j for the non-reference group members */
        rf_net_init(P, 1, (slong[]) {1, 1});
        rf_net_set(P, theta);
        for (j = 0; j < n; j++) {
            slong a;
            i = order[j];
            for (a = 0; a < theta->dims[0]; a++)
                fmpq_set(rf_net_W(P, 0, j, a), rf_net_W(theta, 0, i, a));
            fmpq_set(rf_net_b(P, 0, j), rf_net_b(theta, 0, i));
            for (a = 0; a < theta->dims[2]; a++)
                fmpq_set(rf_net_W(P, 1, a, j), rf_net_W(theta, 1, a, i));
        }
        th = _fmpq_vec_init(D);
        rf_net_get_params(th, P);
        rf_qvec_set(pt, th, D);
        _fmpq_vec_clear(th, D);
        for (j = 0; j < n; j++)
            fmpq_zero(pt + D + j);
        /* mu_j = kappa_j / kappa_ref within each group */
        j = 0;
        for (s = 0; s < r; s++)
            j += ty.a[s] + ty.b[s];
        for (s = 0; s < ty.np; s++) {
            slong ref = j, t2;
            for (t2 = 1; t2 < ty.pn[s]; t2++)
                fmpq_div(pt + D + j + t2, T->kappa + order[j + t2], T->kappa + order[ref]);
            j += ty.pn[s];
        }
        rf_net_clear(P);
    }
    flint_free(order);
    flint_free(cnt);
    flint_free(ty.a);
    flint_free(ty.b);
    flint_free(ty.pn);
    flint_free(ty.pq);
    rf_shallow_trace_clear(T);
    rf_shallow_canon_clear(C);
    rf_err_clear(err);
    return (int) comp;
}
