/* Types and genericity report of a three-layer network (notes 2.4-2.6):
 * A/Z/X types of the second-layer neurons, the hidden first-layer
 * hyperplane, and the conditions G1..G7, each with an exact witness value.
 * Sums of products are signed with an Arb ball first and exactly only when
 * the ball contains 0 (rf_cells_sign_dot). */
#include <string.h>
#include <time.h>
#include <arb.h>
#include <flint/fmpq_vec.h>
#include "relufiber/three.h"
#include "relufiber/qvec.h"
#include "relufiber/cells.h"
#include "three_internal.h"

static const char *cond_statement[RF_THREE_NCOND] = {
    "bottleneck and rank W1 = n1 (n1 <= n0)",
    "every entry of W2 and b2 is non-zero",
    "every entry of W3 is non-zero",
    "W2[j,k] b2[j'] != W2[j',k] b2[j] for all j < j', k",
    "visibility sums c_i(S) = sum_{j in A u S} W3[:,j] W2[j,i] != 0 for "
    "every activation set S of crossing neurons occurring on facet y_i = 0",
    "M + sum_{j in F} W3[:,j] W2[j,:] != 0 for every non-empty flip set F "
    "of crossing neurons, and rank M = min(a, n1, n3) (M = active block)",
    "the function is not constant (a + r > 0)"};

void rf_three_report_init(rf_three_report_t rep)
{
    slong c;
    memset(rep, 0, sizeof(*rep));
    fmpq_init(rep->smax);
    for (c = 0; c < RF_THREE_NCOND; c++)
        fmpq_init(rep->cond[c].witness);
}

void rf_three_report_clear(rf_three_report_t rep)
{
    slong c;
    fmpq_clear(rep->smax);
    for (c = 0; c < RF_THREE_NCOND; c++)
        fmpq_clear(rep->cond[c].witness);
    flint_free(rep->type);
}

/* integer witness (written through fmpz: GCC -O3 misreads fmpq_set_si on
 * struct members as an overflow) */
static void set_int(fmpq_t q, slong v)
{
    fmpz_set_si(fmpq_numref(q), v);
    fmpz_one(fmpq_denref(q));
}

static void cond_set(rf_three_cond_struct *c, rf_three_cond_status_t st,
                     const char *fmt, const char *a1)
{
    c->status = st;
    snprintf(c->where, sizeof(c->where), fmt, a1 ? a1 : "");
}

/* Track the witness of smallest magnitude among non-zero values; any zero
 * value makes the condition fail (and becomes the witness). */
typedef struct {
    int fail;
    int have;
    fmpq_t best;
    char where[160];
} track_t;

static void track_init(track_t *t)
{
    t->fail = 0;
    t->have = 0;
    fmpq_init(t->best);
    t->where[0] = '\0';
}

static void track_clear(track_t *t)
{
    fmpq_clear(t->best);
}

/* offer exact value v (with description) */
static void track_offer(track_t *t, const fmpq_t v, const char *where)
{
    fmpq_t a, b;
    if (t->fail)
        return;
    fmpq_init(a);
    fmpq_init(b);
    fmpq_abs(a, v);
    fmpq_abs(b, t->best);
    if (fmpq_is_zero(v)) {
        t->fail = 1;
        fmpq_zero(t->best);
        snprintf(t->where, sizeof(t->where), "%s", where);
    } else if (!t->have || fmpq_cmp(a, b) < 0) {
        fmpq_set(t->best, v);
        snprintf(t->where, sizeof(t->where), "%s", where);
    }
    t->have = 1;
    fmpq_clear(a);
    fmpq_clear(b);
}

static void track_store(rf_three_cond_struct *c, track_t *t, const char *what)
{
    fmpq_set(c->witness, t->best);
    if (!t->have) {
        c->status = RF_THREE_COND_PASS;
        snprintf(c->where, sizeof(c->where), "vacuous (nothing to test)");
        return;
    }
    c->status = t->fail ? RF_THREE_COND_FAIL : RF_THREE_COND_PASS;
    snprintf(c->where, sizeof(c->where), "%s %s %.100s",
             t->fail ? "zero" : "smallest |.|", what, t->where);
}

/* Signed sum of n products with the ball filter; the exact value is needed
 * for the witness only when the sign is 0 or the magnitude may be the
 * smallest so far, so we always take it exactly when the ball filter cannot
 * decide, and from the ball otherwise only for ranking. */
static int dot(fmpq_t v, rf_three_report_t rep, const fmpq *const *p,
               const fmpq *const *q, slong n)
{
    int ex = 0, s = rf_cells_sign_dot(v, &ex, p, q, n);
    if (ex)
        rep->n_exact++;
    else
        rep->n_ball++;
    return s;
}

static void check_G1(rf_three_report_t rep, const rf_net_t net)
{
    rf_three_cond_struct *c = rep->cond + 0;
    slong n0 = rep->n0, n1 = rep->n1, i, j, k;
    char buf[160];
    if (n1 > n0) {
        set_int(c->witness, rep->rank_W1);
        snprintf(buf, sizeof(buf), "n1 = %ld > n0 = %ld: not a bottleneck "
                 "(witness = rank W1)", (long) n1, (long) n0);
        cond_set(c, RF_THREE_COND_FAIL, "%s", buf);
        return;
    }
    if (rep->rank_W1 < n1) {
        set_int(c->witness, rep->rank_W1);
        snprintf(buf, sizeof(buf), "rank W1 = %ld < n1 = %ld (witness = "
                 "rank)", (long) rep->rank_W1, (long) n1);
        cond_set(c, RF_THREE_COND_FAIL, "%s", buf);
        return;
    }
    {
        /* witness: a non-zero maximal minor on the pivot columns of rref */
        fmpq_mat_t R, S;
        slong *cols = flint_malloc(n1 * sizeof(slong));
        size_t len;
        fmpq_mat_init(R, n1, n0);
        fmpq_mat_init(S, n1, n1);
        fmpq_mat_rref(R, net->W + 0);
        for (i = 0, k = 0; i < n1; i++) {
            while (fmpq_is_zero(fmpq_mat_entry(R, i, k)))
                k++;
            cols[i] = k;
        }
        for (i = 0; i < n1; i++)
            for (j = 0; j < n1; j++)
                fmpq_set(fmpq_mat_entry(S, i, j),
                         fmpq_mat_entry(net->W + 0, i, cols[j]));
        fmpq_mat_det(c->witness, S);
        len = (size_t) snprintf(buf, sizeof(buf), "det W1[:, {");
        for (j = 0; j < n1 && len < sizeof(buf); j++)
            len += (size_t) snprintf(buf + len, sizeof(buf) - len, "%s%ld",
                                     j ? "," : "", (long) (cols[j] + 1));
        if (len < sizeof(buf))
            snprintf(buf + len, sizeof(buf) - len, "}]");
        cond_set(c, RF_THREE_COND_PASS, "%s", buf);
        fmpq_mat_clear(R);
        fmpq_mat_clear(S);
        flint_free(cols);
    }
}

static void check_entries(rf_three_cond_struct *c, const fmpq_mat_t W,
                          const fmpq_mat_t b, slong layer)
{
    track_t t;
    slong i, j;
    char w[64];
    track_init(&t);
    for (i = 0; i < fmpq_mat_nrows(W); i++) {
        for (j = 0; j < fmpq_mat_ncols(W); j++) {
            snprintf(w, sizeof(w), "W%ld_%ld_%ld", (long) layer, (long) (i + 1),
                     (long) (j + 1));
            track_offer(&t, fmpq_mat_entry(W, i, j), w);
        }
        if (b) {
            snprintf(w, sizeof(w), "b%ld_%ld", (long) layer, (long) (i + 1));
            track_offer(&t, fmpq_mat_entry(b, i, 0), w);
        }
    }
    track_store(c, &t, "entry");
    track_clear(&t);
}

/* Theorem 7.4 (docs/three_layer.md §7): the slope of g along the axis
 * y = t e_i for large t, c_i^inf = sum_{j : W2[j,i] > 0} W3[:,j] W2[j,i]
 * (a vector of length n3), computed exactly.  Returns the number of indices
 * i with c_i^inf = 0 (then f is eventually constant along that axis). */
static slong count_hinf_zero(const rf_net_t net, slong n1, slong n2, slong n3)
{
    slong i, j, o, zero = 0;
    fmpq_t acc, t;
    fmpq_init(acc);
    fmpq_init(t);
    for (i = 0; i < n1; i++) {
        int nz = 0;
        for (o = 0; o < n3 && !nz; o++) {
            fmpq_zero(acc);
            for (j = 0; j < n2; j++)
                if (fmpq_sgn(rf_net_W(net, 1, j, i)) > 0) {
                    fmpq_mul(t, rf_net_W(net, 2, o, j), rf_net_W(net, 1, j, i));
                    fmpq_add(acc, acc, t);
                }
            nz = !fmpq_is_zero(acc);
        }
        zero += !nz;
    }
    fmpq_clear(acc);
    fmpq_clear(t);
    return zero;
}

static void check_G4(rf_three_report_t rep, const rf_net_t net)
{
    slong n1 = rep->n1, n2 = rep->n2, j, jj, k;
    track_t t;
    fmpq_t v, mb;
    char w[96];
    track_init(&t);
    fmpq_init(v);
    fmpq_init(mb);
    for (j = 0; j < n2; j++)
        for (jj = j + 1; jj < n2; jj++)
            for (k = 0; k < n1; k++) {
                const fmpq *p[2], *q[2];
                fmpq_neg(mb, rf_net_b(net, 1, j));
                p[0] = rf_net_W(net, 1, j, k);
                q[0] = rf_net_b(net, 1, jj);
                p[1] = rf_net_W(net, 1, jj, k);
                q[1] = mb;
                dot(v, rep, p, q, 2);
                snprintf(w, sizeof(w), "for (j, j', k) = (%ld, %ld, %ld)",
                         (long) (j + 1), (long) (jj + 1), (long) (k + 1));
                track_offer(&t, v, w);
            }
    track_store(rep->cond + 3, &t, "W2[j,k] b2[j'] - W2[j',k] b2[j]");
    track_clear(&t);
    fmpq_clear(v);
    fmpq_clear(mb);
}

/* Does activation set S (bitmask over the crossing list xs) occur in the
 * relative interior of the facet {y in O : y_i = 0}? Exact LP. */
static int facet_set_occurs(const rf_net_t net, slong i, const slong *xs,
                            slong r, ulong S)
{
    slong n1 = net->dims[1], nv = n1 - 1, rows = nv + r, q, k, col;
    fmpq *A = _fmpq_vec_init(rows * (nv > 0 ? nv : 1));
    fmpq *b = _fmpq_vec_init(rows);
    int ok;
    for (q = 0; q < nv; q++)
        fmpq_one(A + q * nv + q); /* y_k > 0 */
    for (q = 0; q < r; q++) {
        slong j = xs[q];
        int sg = (S >> q) & 1 ? 1 : -1;
        for (k = 0, col = 0; k < n1; k++) {
            if (k == i)
                continue;
            fmpq_set(A + (nv + q) * nv + col, rf_net_W(net, 1, j, k));
            if (sg < 0)
                fmpq_neg(A + (nv + q) * nv + col, A + (nv + q) * nv + col);
            col++;
        }
        fmpq_set(b + nv + q, rf_net_b(net, 1, j));
        if (sg < 0)
            fmpq_neg(b + nv + q, b + nv + q);
    }
    ok = _rf_three_lp_strict(NULL, A, b, rows, nv);
    _fmpq_vec_clear(A, rows * (nv > 0 ? nv : 1));
    _fmpq_vec_clear(b, rows);
    return ok;
}

/* The factors of sum_{j in A u S} W3[o,j] W2[j,i] (always-active neurons
 * and the crossing neurons q with in[q] != 0, over xs) as lists p, q for
 * dot; returns the number of terms. Shared by G5 (c_i(S)) and G6 (M_F). */
static slong active_terms(const fmpq **p, const fmpq **q,
                          const rf_three_report_t rep, const rf_net_t net,
                          const slong *xs, const char *in, slong o, slong i)
{
    slong n = 0, j, k;
    for (j = 0; j < rep->n2; j++)
        if (rep->type[j] == RF_THREE_TYPE_A) {
            p[n] = rf_net_W(net, 2, o, j);
            q[n++] = rf_net_W(net, 1, j, i);
        }
    for (k = 0; k < rep->r; k++)
        if (in[k]) {
            p[n] = rf_net_W(net, 2, o, xs[k]);
            q[n++] = rf_net_W(net, 1, xs[k], i);
        }
    return n;
}

static void mask_to_in(char *in, ulong S, slong r)
{
    slong k;
    for (k = 0; k < r; k++)
        in[k] = (S >> k) & 1;
}

/* "j1,j2,..." (1-based neuron indices of the set in over xs), truncated */
static void set_names(char *buf, size_t len, const char *in, const slong *xs,
                      slong r)
{
    size_t u = 0;
    slong k;
    int first = 1;
    buf[0] = '\0';
    for (k = 0; k < r && u + 8 < len; k++)
        if (in[k]) {
            u += (size_t) snprintf(buf + u, len - u, "%s%ld", first ? "" : ",",
                                   (long) (xs[k] + 1));
            first = 0;
        }
    if (k < r && u + 4 < len)
        snprintf(buf + u, len - u, "...");
}

/* best := v if it is the first non-zero entry seen (*nonzero = 0) or larger
 * in magnitude than best; the witness of G5 and G6 is the largest entry. */
static void keep_largest(fmpq_t best, int *nonzero, const fmpq_t v)
{
    fmpq_t a1, a2;
    fmpq_init(a1);
    fmpq_init(a2);
    fmpq_abs(a1, v);
    fmpq_abs(a2, best);
    if (!*nonzero || fmpq_cmp(a1, a2) > 0)
        fmpq_set(best, v);
    *nonzero = 1;
    fmpq_clear(a1);
    fmpq_clear(a2);
}

/* G5 at facet i for the activation set in (over xs). */
static void offer_G5(track_t *t, rf_three_report_t rep, const rf_net_t net,
                     const slong *xs, slong i, const char *in, const fmpq **p,
                     const fmpq **qq)
{
    slong o, n;
    int nonzero = 0;
    fmpq_t v, best;
    char w[128], nm[80];
    fmpq_init(v);
    fmpq_init(best);
    /* c_i(S) is a vector; record its entry of largest magnitude */
    for (o = 0; o < rep->n3; o++) {
        n = active_terms(p, qq, rep, net, xs, in, o, i);
        if (dot(v, rep, p, qq, n) != 0)
            keep_largest(best, &nonzero, v);
    }
    set_names(nm, sizeof(nm), in, xs, rep->r);
    snprintf(w, sizeof(w), "(largest entry) at i = %ld, S = {%.60s}", (long) (i + 1),
             nm);
    track_offer(t, nonzero ? best : v, w);
    fmpq_clear(v);
    fmpq_clear(best);
}

/* The activation sets S of the crossing neurons that occur in the relative
 * interior of the facet {y in O : y_i = 0} are the sign vectors of the
 * regions of the arrangement of the r crossing hyperplanes
 * W2_{j,-i} . y + b2_j = 0 inside the open orthant of the other n1 - 1
 * coordinates: they are enumerated by the certified kernel
 * (rf_cells_enumerate, the orthant as its domain; polynomial in r for fixed
 * n1), and c_i(S) is offered for each. A region on which some crossing
 * pre-activation vanishes identically carries no set. */
typedef struct {
    track_t *t;
    rf_three_report_struct *rep;
    const rf_net_struct *net;
    const slong *xs;
    slong i;
    char *in;
    const fmpq **p, **qq;
    double deadline;
    int timed_out;
    char *invis;             /* invis[i]: facet i has a region with no
                                active second-layer neuron (Lemma 7.2) */
} g5ctx_t;

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static int facet_leaf(const rf_cells_struct *e, void *data)
{
    g5ctx_t *g = data;
    slong q;
    for (q = 0; q < e->N; q++) {
        if (e->pat[0][q] == 0)
            return 0;
        g->in[q] = e->pat[0][q] > 0;
    }
    if (!(g->rep->a == 0 && memchr(g->in, 1, (size_t) e->N) == NULL))
        offer_G5(g->t, g->rep, g->net, g->xs, g->i, g->in, g->p, g->qq);
    else
        g->invis[g->i] = 1;     /* c_i(empty set) = 0: H_i partly invisible */
    if (g->deadline > 0 && cpu_now() > g->deadline) {
        g->timed_out = 1;
        return 1;
    }
    return 0;
}

/* Enumerate facet i. Returns 1 done, 0 enumeration failed, -1 cap or time
 * (why filled). */
static int facet_enumerate(g5ctx_t *g, char *why, size_t wl)
{
    const rf_net_struct *net = g->net;
    slong n1 = net->dims[1], nv = n1 - 1, r = g->rep->r, q, k, col;
    rf_net_t F;
    fmpq_mat_t D;
    rf_cells_opts_t opts;
    rf_cells_stats_t st;
    rf_err_t err;
    const rf_net_struct *nets[1];
    int ret;
    if (nv == 0) {                /* the facet is the point y = 0 */
        for (q = 0; q < r; q++) {
            int sg = fmpq_sgn(rf_net_b(net, 1, g->xs[q]));
            if (sg == 0)
                return 1;
            g->in[q] = sg > 0;
        }
        if (!(g->rep->a == 0 && memchr(g->in, 1, (size_t) r) == NULL))
            offer_G5(g->t, g->rep, net, g->xs, g->i, g->in, g->p, g->qq);
        else
            g->invis[g->i] = 1;
        return 1;
    }
    rf_net_init(F, 2, (slong[]) {nv, r, 1});
    for (q = 0; q < r; q++) {
        for (k = 0, col = 0; k < n1; k++)
            if (k != g->i)
                fmpq_set(rf_net_W(F, 0, q, col++), rf_net_W(net, 1, g->xs[q], k));
        fmpq_set(rf_net_b(F, 0, q), rf_net_b(net, 1, g->xs[q]));
    }
    fmpq_mat_init(D, nv, nv + 1);
    for (k = 0; k < nv; k++)
        fmpq_one(fmpq_mat_entry(D, k, k));          /* y_k > 0 */
    rf_cells_opts_init(opts);
    opts->domain = D;
    opts->max_regions = RF_THREE_G5_MAX_REGIONS;
    rf_err_init(err);
    nets[0] = F;
    ret = rf_cells_enumerate(st, nets, 1, opts, facet_leaf, g, err);
    rf_err_clear(err);
    fmpq_mat_clear(D);
    rf_net_clear(F);
    if (ret != RF_OK)
        return 0;
    if (g->timed_out) {
        snprintf(why, wl, "time budget of %.0f s CPU ran out on facet y_%ld = 0 "
                 "after %ld regions", RF_THREE_GEN_SECONDS, (long) (g->i + 1),
                 (long) st->regions);
        return -1;
    }
    if (st->capped) {
        snprintf(why, wl, "facet y_%ld = 0 has more than %ld regions (cap)",
                 (long) (g->i + 1), (long) RF_THREE_G5_MAX_REGIONS);
        return -1;
    }
    return st->complete ? 1 : 0;
}

/* G5: the occurring sets come from the region enumeration of each facet;
 * if the enumeration fails, every set is tried with its own certified LP
 * when r <= max_r_exp. Returns 1 if G5 was checked, else 0 with why. */
static int check_G5(rf_three_report_t rep, const rf_net_t net, slong *xs,
                    slong max_r_exp, char *why, size_t wl)
{
    slong n1 = rep->n1, n2 = rep->n2, r = rep->r, i;
    ulong S;
    track_t t;
    int ok = 1;
    g5ctx_t g;
    const fmpq **p = flint_malloc(n2 * sizeof(fmpq *));
    const fmpq **qq = flint_malloc(n2 * sizeof(fmpq *));
    char *in = flint_calloc(r + 1, 1);
    char *invis = flint_calloc(n1 + 1, 1);
    track_init(&t);
    g.invis = invis;
    g.t = &t;
    g.rep = rep;
    g.net = net;
    g.xs = xs;
    g.in = in;
    g.p = p;
    g.qq = qq;
    g.deadline = cpu_now() + RF_THREE_GEN_SECONDS;
    g.timed_out = 0;
    for (i = 0; i < n1 && ok; i++) {
        int e;
        g.i = i;
        e = facet_enumerate(&g, why, wl);
        if (e < 0) {
            ok = 0;
        } else if (e == 0 && r <= max_r_exp) {
            for (S = 0; S < (UWORD(1) << r); S++)
                if (facet_set_occurs(net, i, xs, r, S)) {
                    if (rep->a == 0 && S == 0) {
                        invis[i] = 1;
                        continue;
                    }
                    mask_to_in(in, S, r);
                    offer_G5(&t, rep, net, xs, i, in, p, qq);
                }
        } else if (e == 0) {
            snprintf(why, wl, "the region enumeration of facet y_%ld = 0 failed",
                     (long) (i + 1));
            ok = 0;
        }
    }
    if (ok) {
        track_store(rep->cond + 4, &t, "c_i(S)");
        rep->invisible = 0;
        for (i = 0; i < n1; i++)
            rep->invisible += invis[i] != 0;
    }
    flint_free(invis);
    track_clear(&t);
    flint_free(p);
    flint_free(qq);
    flint_free(in);
    return ok;
}

/* G6 beyond the exhaustive range: rf_three_flip_cancel on the vectors
 * V_j = W3[:,j] W2[j,:] of the crossing neurons and M (flipsum.c). */
static void check_G6_poly(rf_three_report_t rep, const rf_net_t net, slong *xs)
{
    slong n1 = rep->n1, n3 = rep->n3, r = rep->r, d = n1 * n3, o, i, k, j;
    fmpq *M = _fmpq_vec_init(d), *V = _fmpq_vec_init(r * d + 1);
    char *F = flint_calloc(r + 1, 1);
    rf_three_cond_struct *c = rep->cond + 5;
    rf_three_flip_stats_t fs;
    fmpq_t t;
    int res;
    fmpq_init(t);
    for (o = 0; o < n3; o++)
        for (i = 0; i < n1; i++) {
            for (j = 0; j < rep->n2; j++)
                if (rep->type[j] == RF_THREE_TYPE_A)
                    fmpq_addmul(M + o * n1 + i, rf_net_W(net, 2, o, j),
                                rf_net_W(net, 1, j, i));
            for (k = 0; k < r; k++)
                fmpq_mul(V + k * d + o * n1 + i, rf_net_W(net, 2, o, xs[k]),
                         rf_net_W(net, 1, xs[k], i));
        }
    res = rf_three_flip_cancel(F, fs, M, V, r, d, RF_THREE_FLIP_MITM_MAX,
                               RF_THREE_GEN_SECONDS);
    if (res == 1) {
        char nm[100];
        set_names(nm, sizeof(nm), F, xs, r);
        c->status = RF_THREE_COND_FAIL;
        fmpq_zero(c->witness);
        snprintf(c->where, sizeof(c->where), "zero M_F at F = {%.70s} (found "
                 "exactly; %ld neurons left after the filters)", nm,
                 (long) fs->left);
    } else if (res == 0) {
        c->status = RF_THREE_COND_PASS;
        fmpq_set_si(c->witness, r, 1);
        snprintf(c->where, sizeof(c->where), "no non-empty F cancels M "
                 "(witness = r): %ld by sign, %ld by exact lambda-LPs, %ld "
                 "by meet-in-the-middle", (long) (fs->sign + fs->zero),
                 (long) fs->lp, (long) fs->mitm);
    } else {
        c->status = RF_THREE_COND_SKIPPED;
        snprintf(c->where, sizeof(c->where), "%s: %ld of %ld crossing neurons "
                 "left after the sign filters and the lambda-LPs%s",
                 fs->timed_out ? "time budget ran out" : "no polynomial "
                 "certificate", (long) fs->left, (long) r,
                 fs->timed_out ? "" : ", above the exact "
                 "meet-in-the-middle limit");
    }
    fmpq_clear(t);
    _fmpq_vec_clear(M, d);
    _fmpq_vec_clear(V, r * d + 1);
    flint_free(F);
}

static void check_G6(rf_three_report_t rep, const rf_net_t net, slong *xs,
                     slong max_r_exp)
{
    slong n1 = rep->n1, n2 = rep->n2, n3 = rep->n3, r = rep->r, o, i;
    slong rk, want = FLINT_MIN(rep->a, FLINT_MIN(n1, n3));
    ulong F;
    track_t t;
    fmpq_t v, best;
    fmpq_mat_t M;
    char w[128];
    char *in = flint_calloc(r + 1, 1);
    const fmpq **p = flint_malloc(n2 * sizeof(fmpq *));
    const fmpq **qq = flint_malloc(n2 * sizeof(fmpq *));
    track_init(&t);
    fmpq_init(v);
    fmpq_init(best);
    fmpq_mat_init(M, n3, n1);
    for (o = 0; o < n3; o++)
        for (i = 0; i < n1; i++) {
            dot(v, rep, p, qq, active_terms(p, qq, rep, net, xs, in, o, i));
            fmpq_set(fmpq_mat_entry(M, o, i), v);
        }
    if (r <= max_r_exp) {
        /* every flip set: exact, and the witness is the smallest entry */
        for (F = 1; F < (UWORD(1) << r); F++) {
            int nonzero = 0;
            mask_to_in(in, F, r);
            for (o = 0; o < n3; o++)
                for (i = 0; i < n1; i++) {
                    dot(v, rep, p, qq, active_terms(p, qq, rep, net, xs, in, o, i));
                    if (!fmpq_is_zero(v))
                        keep_largest(best, &nonzero, v);
                }
            snprintf(w, sizeof(w), "(largest entry of M_F) at F = mask 0x%lx of "
                     "the crossing neurons", (ulong) F);
            if (!nonzero)
                fmpq_zero(best);
            track_offer(&t, best, w);
        }
        track_store(rep->cond + 5, &t, "M_F");
    } else {
        check_G6_poly(rep, net, xs);
    }
    rk = _rf_three_rank(M);
    if (rk != want) {
        rep->cond[5].status = RF_THREE_COND_FAIL;
        set_int(rep->cond[5].witness, rk);
        snprintf(rep->cond[5].where, sizeof(rep->cond[5].where),
                 "rank M = %ld != min(a, n1, n3) = %ld (witness = rank M)",
                 (long) rk, (long) want);
    }
    track_clear(&t);
    fmpq_clear(v);
    fmpq_clear(best);
    fmpq_mat_clear(M);
    flint_free(p);
    flint_free(qq);
    flint_free(in);
}

int rf_three_report_compute(rf_three_report_t rep, const rf_net_t net,
                            slong max_r_exp, rf_err_t err)
{
    slong c, j, *xs;
    if (net->L != 3)
        return rf_err_set(err, RF_ERR_UNSUPPORTED, "fiber", 0,
                          "the types and genericity report needs a "
                          "three-layer network (L = 3), got L = %ld",
                          (long) net->L);
    for (c = 0; c < RF_THREE_NCOND; c++) {
        snprintf(rep->cond[c].name, sizeof(rep->cond[c].name), "G%ld",
                 (long) (c + 1));
        rep->cond[c].statement = cond_statement[c];
        rep->cond[c].status = RF_THREE_COND_SKIPPED;
        rep->cond[c].where[0] = '\0';
        fmpq_zero(rep->cond[c].witness);
    }
    rep->n0 = net->dims[0];
    rep->n1 = net->dims[1];
    rep->n2 = net->dims[2];
    rep->n3 = net->dims[3];
    rep->D = rf_net_num_params(net);
    rep->three_layer = 1;
    rep->bottleneck = rep->n1 <= rep->n0;
    rep->rank_W1 = _rf_three_rank(net->W + 0);
    rep->n_ball = rep->n_exact = 0;
    rep->invisible = -1;
    rep->rigid = 0;
    rep->rigid_thm = 0;
    rep->hinf_zero = -1;
    flint_free(rep->type);
    rep->type = flint_malloc(rep->n2 * sizeof(int));
    rep->a = rep->z = rep->r = 0;
    xs = flint_malloc((rep->n2 + 1) * sizeof(slong));
    for (j = 0; j < rep->n2; j++) {
        rep->type[j] = rf_three_neuron_type(rf_net_W(net, 1, j, 0), rep->n1,
                                            rf_net_b(net, 1, j));
        if (rep->type[j] == RF_THREE_TYPE_A)
            rep->a++;
        else if (rep->type[j] == RF_THREE_TYPE_Z)
            rep->z++;
        else
            xs[rep->r++] = j;
    }
    rep->p = rep->a + rep->z;
    rep->hidden = rf_three_hidden_index(net);
    rep->h = rep->hidden >= 0 && rep->r > 0;
    rep->smax_finite = 0;
    fmpq_zero(rep->smax);
    if (rep->hidden >= 0) {
        /* via a local: GCC 12 -O2 misreads the struct member's size */
        fmpq_t smax;
        fmpq_init(smax);
        rep->smax_finite = rf_three_hidden_smax(smax, net, rep->hidden);
        fmpq_swap(rep->smax, smax);
        fmpq_clear(smax);
    }
    rep->rho0 = FLINT_MIN(rep->a, FLINT_MIN(rep->n1, rep->n3));

    check_G1(rep, net);
    check_entries(rep->cond + 1, net->W + 1, net->b + 1, 2);
    check_entries(rep->cond + 2, net->W + 2, NULL, 3);
    check_G4(rep, net);
    /* G5 needs only the activation sets that occur on the facets (region
     * enumeration, polynomial in r for fixed n1); G6 is exhaustive over the
     * 2^r flip sets up to max_r_exp, and beyond it decided by sign filters,
     * lambda-LPs and a meet-in-the-middle search (flipsum.c), or left
     * unchecked with the reason */
    if (max_r_exp < 0) {
        snprintf(rep->cond[4].where, sizeof(rep->cond[4].where),
                 "not requested");
        snprintf(rep->cond[5].where, sizeof(rep->cond[5].where),
                 "not requested");
    } else {
        char why[RF_THREE_WHERE_MAX];
        why[0] = '\0';
        if (!check_G5(rep, net, xs, max_r_exp, why, sizeof(why))) {
            rep->cond[4].status = RF_THREE_COND_SKIPPED;
            snprintf(rep->cond[4].where, sizeof(rep->cond[4].where), "%s", why);
        }
        check_G6(rep, net, xs, max_r_exp);
    }
    {
        rf_three_cond_struct *g7 = rep->cond + 6;
        set_int(g7->witness, rep->a + rep->r);
        g7->status = rep->a + rep->r > 0 ? RF_THREE_COND_PASS : RF_THREE_COND_FAIL;
        snprintf(g7->where, sizeof(g7->where), "witness = a + r (%s)",
                 rep->a + rep->r > 0 ? "not constant"
                 : "all second-layer neurons dead: constant function");
    }
    rep->generic = 1;
    rep->failing = -1;
    rep->unchecked = 0;
    for (c = 0; c < RF_THREE_NCOND; c++) {
        if (rep->cond[c].status == RF_THREE_COND_FAIL) {
            rep->generic = 0;
            if (rep->failing < 0)
                rep->failing = c;
        } else if (rep->cond[c].status == RF_THREE_COND_SKIPPED) {
            rep->unchecked++;
        }
    }
    /* Theorem 7.1 (docs/three_layer.md §7): G1, G2 and every first-layer
     * hyperplane fully visible (G5 passes and no facet region without an
     * active neuron) give first-layer rigidity against every theta' with
     * G1, G2.  Theorem 7.4: G1, G2, G5 and c_i^inf != 0 for every i give it
     * against every theta' with G1, G2, G5. */
    if (rep->n1 >= 1 && rep->n2 >= 1 && rep->n3 >= 1)
        rep->hinf_zero = count_hinf_zero(net, rep->n1, rep->n2, rep->n3);
    {
        int g125 = rep->n1 >= 2 && rep->cond[0].status == RF_THREE_COND_PASS &&
                   rep->cond[1].status == RF_THREE_COND_PASS &&
                   rep->cond[4].status == RF_THREE_COND_PASS;
        if (g125 && rep->invisible == 0)
            rep->rigid_thm |= RF_THREE_RIGID_T71;
        if (g125 && rep->hinf_zero == 0)
            rep->rigid_thm |= RF_THREE_RIGID_T74;
        rep->rigid = rep->rigid_thm != 0;
    }
    /* "generic" is claimed only when every condition was checked */
    if (rep->unchecked > 0)
        rep->generic = 0;
    if (rep->bottleneck && rep->rank_W1 == rep->n1 && rep->a + rep->r > 0) {
        rep->fiber_dim = rep->n1 + rep->h + rep->r +
            (rep->p - rep->rho0) * (rep->n1 + rep->n3 + 1) +
            rep->rho0 * (rep->rho0 + 1);
        rep->func_dim = rep->D - rep->fiber_dim;
    } else {
        rep->fiber_dim = rep->func_dim = -1;
    }
    flint_free(xs);
    return RF_OK;
}

static const char *status_name(rf_three_cond_status_t s)
{
    return s == RF_THREE_COND_PASS ? "pass" : s == RF_THREE_COND_FAIL ? "FAIL" : "skipped";
}

void rf_three_report_fprint(FILE *out, const rf_three_report_t rep)
{
    slong j, c;
    static const char tn[] = "AZX";
    fprintf(out, "three-layer network, architecture (%ld, %ld, %ld, %ld), "
            "D = %ld parameters\n", (long) rep->n0, (long) rep->n1,
            (long) rep->n2, (long) rep->n3, (long) rep->D);
    fprintf(out, "bottleneck (n1 <= n0): %s; rank W1 = %ld\n",
            rep->bottleneck ? "yes" : "no", (long) rep->rank_W1);
    fprintf(out, "second-layer types:");
    for (j = 0; j < rep->n2; j++)
        fprintf(out, " %c", tn[rep->type[j]]);
    fprintf(out, "  (A always active: %ld, Z dead: %ld, X crossing: %ld, "
            "pool p = %ld)\n", (long) rep->a, (long) rep->z, (long) rep->r,
            (long) rep->p);
    if (rep->hidden < 0) {
        fprintf(out, "hidden first-layer hyperplane: none\n");
    } else {
        fprintf(out, "hidden first-layer hyperplane: H_%ld, shift s <= ",
                (long) (rep->hidden + 1));
        if (rep->smax_finite)
            fmpq_fprint(out, rep->smax);
        else
            fprintf(out, "+infinity");
        fprintf(out, "%s\n", rep->h ? "" : " (no crossing neuron: h = 0)");
    }
    fprintf(out, "genericity conditions:\n");
    for (c = 0; c < RF_THREE_NCOND; c++) {
        const rf_three_cond_struct *k = rep->cond + c;
        fprintf(out, "  %s %-7s %s\n", k->name, status_name(k->status),
                k->statement);
        if (k->status != RF_THREE_COND_SKIPPED) {
            fprintf(out, "     witness ");
            fmpq_fprint(out, k->witness);
            fprintf(out, ": %s\n", k->where);
        } else {
            fprintf(out, "     %s\n", k->where);
        }
    }
    if (rep->generic)
        fprintf(out, "generic: yes\n");
    else if (rep->failing >= 0)
        fprintf(out, "generic: NO (fails %s)\n", rep->cond[rep->failing].name);
    else {
        fprintf(out, "generic: unknown (");
        for (c = 0, j = 0; c < RF_THREE_NCOND; c++)
            if (rep->cond[c].status == RF_THREE_COND_SKIPPED)
                fprintf(out, "%s%s not checked: %s", j++ ? "; " : "",
                        rep->cond[c].name, rep->cond[c].where);
        fprintf(out, "; no condition that was checked fails)\n");
    }
    if (rep->fiber_dim >= 0 && rep->generic) {
        fprintf(out, "generic fiber dimension: %ld = n1 + h + r + (p - rho0)"
                "(n1 + n3 + 1) + rho0 (rho0 + 1), h = %d, rho0 = %ld\n",
                (long) rep->fiber_dim, rep->h, (long) rep->rho0);
        fprintf(out, "functional dimension: %ld = D - %ld\n",
                (long) rep->func_dim, (long) rep->fiber_dim);
        /* Both values assume the emitted components exhaust the generic
         * fiber, which docs/three_layer.md §7 marks [R?] (first-layer
         * rigidity for n1 >= 2; extra n1 = 1 components not claimed). */
        if (rep->rigid)
            fprintf(out, "note: both dimensions rest on the completeness of the fiber: for "
                    "generic theta' it follows from first-layer rigidity (proved here, "
                    "Theorem %s of docs/three_layer.md §7) and Theorem 5.8; that "
                    "non-generic theta' lie in no larger component is not proved; "
                    "'relufiber fdim --true' computes the functional dimension exactly\n",
                    (rep->rigid_thm & RF_THREE_RIGID_T71) ? "7.1" : "7.4");
        else
            fprintf(out, "note: both dimensions rest on the unproved completeness of the fiber "
                    "[R?] (docs/three_layer.md §7); 'relufiber fdim --true' computes the "
                    "functional dimension exactly\n");
    } else if (rep->fiber_dim >= 0) {
        /* the generic formula is not a statement about this parameter */
        fprintf(out, "fiber and functional dimension: not stated (the parameter "
                "is %s; 'relufiber fdim --true' computes the functional "
                "dimension exactly)\n", rep->failing >= 0 ? "not generic"
                : "not known to be generic");
    }
    if (rep->n1 >= 2 && rep->bottleneck) {
        /* docs/three_layer.md §7, Theorems 7.1 and 7.4 */
        if (rep->rigid_thm & RF_THREE_RIGID_T71)
            fprintf(out, "first-layer rigidity: proved (Theorem 7.1: G1, G2 and every "
                    "first-layer hyperplane fully visible%s; docs/three_layer.md §7)\n",
                    (rep->rigid_thm & RF_THREE_RIGID_T74)
                    ? "; also Theorem 7.4: G5 and c_i^inf != 0 for every i" : "");
        else if (rep->rigid_thm & RF_THREE_RIGID_T74)
            fprintf(out, "first-layer rigidity: proved (Theorem 7.4: G1, G2, G5 and "
                    "c_i^inf != 0 for every i, against every theta' with G1, G2, G5; "
                    "docs/three_layer.md §7)\n");
        else if (rep->cond[0].status != RF_THREE_COND_PASS ||
                 rep->cond[1].status != RF_THREE_COND_PASS)
            fprintf(out, "first-layer rigidity: not covered (Theorems 7.1 and 7.4 need "
                    "G1 and G2)\n");
        else if (rep->cond[4].status != RF_THREE_COND_PASS)
            fprintf(out, "first-layer rigidity: not covered (Theorems 7.1 and 7.4 need "
                    "G5, %s)\n",
                    rep->cond[4].status == RF_THREE_COND_FAIL ? "which fails"
                    : "which was not checked");
        else
            fprintf(out, "first-layer rigidity: open [R?] (%ld first-layer hyperplane(s) "
                    "not fully visible, a = 0, and %ld index(es) i with c_i^inf = 0; "
                    "docs/three_layer.md §7)\n",
                    (long) rep->invisible, (long) rep->hinf_zero);
    }
    fprintf(out, "sign decisions: %ld by Arb ball, %ld exact\n",
            (long) rep->n_ball, (long) rep->n_exact);
}

void rf_three_report_fprint_json(FILE *out, const rf_three_report_t rep)
{
    slong j, c;
    static const char tn[] = "AZX";
    fprintf(out, "{\"arch\": [%ld, %ld, %ld, %ld], \"D\": %ld, "
            "\"bottleneck\": %s, \"rank_W1\": %ld, \"types\": [",
            (long) rep->n0, (long) rep->n1, (long) rep->n2, (long) rep->n3,
            (long) rep->D, rep->bottleneck ? "true" : "false",
            (long) rep->rank_W1);
    for (j = 0; j < rep->n2; j++)
        fprintf(out, "%s\"%c\"", j ? ", " : "", tn[rep->type[j]]);
    fprintf(out, "], \"a\": %ld, \"z\": %ld, \"r\": %ld, \"p\": %ld, "
            "\"hidden\": %ld, \"h\": %d, \"smax\": ", (long) rep->a,
            (long) rep->z, (long) rep->r, (long) rep->p,
            (long) (rep->hidden >= 0 ? rep->hidden + 1 : 0), rep->h);
    if (rep->hidden >= 0 && rep->smax_finite) {
        fputc('"', out);
        fmpq_fprint(out, rep->smax);
        fputc('"', out);
    } else {
        fprintf(out, "null");
    }
    fprintf(out, ", \"conditions\": [");
    for (c = 0; c < RF_THREE_NCOND; c++) {
        const rf_three_cond_struct *k = rep->cond + c;
        const char *s;
        fprintf(out, "%s{\"name\": \"%s\", \"status\": \"%s\", \"witness\": \"",
                c ? ", " : "", k->name, status_name(k->status));
        fmpq_fprint(out, k->witness);
        fprintf(out, "\", \"detail\": \"");
        for (s = k->where; *s; s++)
            if (*s == '"' || *s == '\\')
                fprintf(out, "\\%c", *s);
            else
                fputc(*s, out);
        fprintf(out, "\"}");
    }
    fprintf(out, "], \"unchecked\": [");
    for (c = 0, j = 0; c < RF_THREE_NCOND; c++)
        if (rep->cond[c].status == RF_THREE_COND_SKIPPED)
            fprintf(out, "%s\"%s\"", j++ ? ", " : "", rep->cond[c].name);
    fprintf(out, "], \"generic\": %s, \"failing\": %s%s%s, ",
            rep->generic ? "true" : (rep->failing >= 0 ? "false" : "null"),
            rep->failing >= 0 ? "\"" : "",
            rep->failing >= 0 ? rep->cond[rep->failing].name : "null",
            rep->failing >= 0 ? "\"" : "");
    /* the generic formulas are stated only for a parameter known to be
     * generic (null otherwise, as -1 when not applicable) */
    if (rep->generic && rep->fiber_dim >= 0)
        fprintf(out, "\"fiber_dim\": %ld, \"functional_dim\": %ld, ",
                (long) rep->fiber_dim, (long) rep->func_dim);
    else
        fprintf(out, "\"fiber_dim\": null, \"functional_dim\": null, ");
    /* same [R?] caveat as the text report (docs/three_layer.md §7) */
    fprintf(out, "\"dims_proved\": false, ");
    /* docs/three_layer.md §7, Theorems 7.1 and 7.4 */
    if (rep->invisible >= 0)
        fprintf(out, "\"invisible\": %ld, ", (long) rep->invisible);
    else
        fprintf(out, "\"invisible\": null, ");
    if (rep->hinf_zero >= 0)
        fprintf(out, "\"hinf_zero\": %ld, ", (long) rep->hinf_zero);
    else
        fprintf(out, "\"hinf_zero\": null, ");
    fprintf(out, "\"rigidity_theorems\": [%s%s%s], ",
            (rep->rigid_thm & RF_THREE_RIGID_T71) ? "\"7.1\"" : "",
            rep->rigid_thm == (RF_THREE_RIGID_T71 | RF_THREE_RIGID_T74) ? ", " : "",
            (rep->rigid_thm & RF_THREE_RIGID_T74) ? "\"7.4\"" : "");
    fprintf(out, "\"rigidity\": \"%s\", ",
            !(rep->n1 >= 2 && rep->bottleneck) ? "n/a"
            : rep->rigid ? "proved"
            : (rep->cond[0].status == RF_THREE_COND_PASS &&
               rep->cond[1].status == RF_THREE_COND_PASS &&
               rep->cond[4].status == RF_THREE_COND_PASS) ? "open" : "not covered");
    fprintf(out, "\"n_ball\": %ld, \"n_exact\": %ld}\n", (long) rep->n_ball,
            (long) rep->n_exact);
}
