/* Exact functional equivalence of shallow networks (docs/shallow.md, §3).
 *
 * Equal canonical objects <=> equal functions. Certificates: the explicit
 * element g = (permutation, positive scaling) of H_n with B = g.A when one
 * exists (re-checked by applying it), otherwise the per-neuron moves of both
 * networks to the common canonical object (re-checked identity by identity).
 * Different canonical objects: a separating rational input near a kink of
 * the difference (or where the affine parts differ), re-evaluated exactly. */
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/shallow.h"
#include "relufiber/qvec.h"
#include "shallow_internal.h"

/* ---- separating point --------------------------------------------------- */

/* h(x) = w.x + b for a line of length m + 1. */
static void line_eval(fmpq_t r, const fmpq *h, const fmpq *x, slong m)
{
    slong j;
    fmpq_set(r, h + m);
    for (j = 0; j < m; j++)
        if (!fmpq_is_zero(h + j) && !fmpq_is_zero(x + j))
            fmpq_addmul(r, h + j, x + j);
}

/* Point x0 on the hyperplane h0 = 0 off every other listed line, then a step
 * t along e_p (p = pivot of h0) that crosses no other line. Writes the three
 * candidates x0 - t e_p, x0, x0 + t e_p into cand (3 m entries). */
static void kink_candidates(fmpq *cand, const fmpq *h0, const fmpq **others,
                            slong nothers, slong m)
{
    slong p = 0, j, i, tries;
    fmpq *x = cand + m;
    fmpq_t val, tau, best, slope, q;
    fmpq_init(val);
    fmpq_init(tau);
    fmpq_init(best);
    fmpq_init(slope);
    fmpq_init(q);
    while (fmpq_is_zero(h0 + p))
        p++;
    /* Free coordinates on the moment curve y_j = tau^(j'), tau = 0, 1, -1,
     * 2, -2, ...: each other line restricted to the hyperplane is a non-zero
     * polynomial of degree < m in tau, so few values of tau fail. */
    for (tries = 0;; tries++) {
        slong e = 1, idx = (tries + 1) / 2;
        int ok = 1;
        fmpq_set_si(tau, (tries % 2) ? idx : -idx, 1);
        for (j = 0; j < m; j++) {
            if (j == p)
                continue;
            fmpq_one(val);
            for (i = 0; i < e; i++)
                fmpq_mul(val, val, tau);
            fmpq_set(x + j, val);
            e++;
        }
        /* x_p = -(b + sum_{j != p} w_j x_j) (the pivot entry of h0 is 1) */
        fmpq_zero(x + p);
        line_eval(val, h0, x, m);
        fmpq_neg(x + p, val);
        for (i = 0; i < nothers && ok; i++) {
            line_eval(val, others[i], x, m);
            ok = !fmpq_is_zero(val);
        }
        if (ok)
            break;
    }
    /* t = min(1, min_i |h_i(x0)| / (2 |w_i,p|)) */
    fmpq_one(best);
    for (i = 0; i < nothers; i++) {
        if (fmpq_is_zero(others[i] + p))
            continue;
        line_eval(val, others[i], x, m);
        fmpq_abs(val, val);
        fmpq_abs(slope, others[i] + p);
        fmpq_mul_si(slope, slope, 2);
        fmpq_div(q, val, slope);
        if (fmpq_cmp(q, best) < 0)
            fmpq_set(best, q);
    }
    rf_qvec_set(cand, x, m);
    rf_qvec_set(cand + 2 * m, x, m);
    fmpq_sub(cand + p, cand + p, best);
    fmpq_add(cand + 2 * m + p, cand + 2 * m + p, best);
    fmpq_clear(val);
    fmpq_clear(tau);
    fmpq_clear(best);
    fmpq_clear(slope);
    fmpq_clear(q);
}

/* f_C(x) into y (k entries). */
static void canon_eval(fmpq *y, const rf_shallow_canon_t C, const fmpq *x)
{
    slong s, o, j, m = C->m, k = C->k;
    fmpq_t z;
    fmpq_init(z);
    for (o = 0; o < k; o++) {
        fmpq_set(y + o, C->c + o);
        for (j = 0; j < m; j++)
            fmpq_addmul(y + o, rf_shallow_canon_A(C, o, j), x + j);
    }
    for (s = 0; s < C->r; s++) {
        line_eval(z, rf_shallow_canon_H(C, s, 0), x, m);
        if (fmpq_sgn(z) > 0)
            for (o = 0; o < k; o++)
                fmpq_addmul(y + o, rf_shallow_canon_U(C, s, o), z);
    }
    fmpq_clear(z);
}

void rf_shallow_separating_point(fmpq *x, const rf_shallow_canon_t C,
                                 const rf_shallow_canon_t D)
{
    slong m = C->m, k = C->k, i = 0, j = 0, o;
    const fmpq *h0 = NULL;
    /* Merge the sorted kink lists; the first line whose jumps differ. */
    while (h0 == NULL && (i < C->r || j < D->r)) {
        int c;
        if (i == C->r)
            c = 1;
        else if (j == D->r)
            c = -1;
        else
            c = _rf_shallow_row_cmp(rf_shallow_canon_H(C, i, 0), rf_shallow_canon_H(D, j, 0), m + 1);
        if (c < 0)
            h0 = rf_shallow_canon_H(C, i, 0);
        else if (c > 0)
            h0 = rf_shallow_canon_H(D, j, 0);
        else if (!rf_qvec_equal(rf_shallow_canon_U(C, i, 0), rf_shallow_canon_U(D, j, 0), k))
            h0 = rf_shallow_canon_H(C, i, 0);
        else {
            i++;
            j++;
        }
    }
    if (h0 == NULL) {
        /* same kinks: the affine parts differ; x = 0 or a unit vector */
        rf_qvec_zero(x, m);
        if (rf_qvec_equal(C->c, D->c, k)) {
            for (o = 0; o < k; o++)
                for (j = 0; j < m; j++)
                    if (!fmpq_equal(rf_shallow_canon_A(C, o, j), rf_shallow_canon_A(D, o, j))) {
                        fmpq_one(x + j);
                        return;
                    }
        }
        return;
    }
    {
        const fmpq **others = flint_malloc((C->r + D->r + 1) * sizeof(fmpq *));
        slong no = 0, t;
        fmpq *cand = _fmpq_vec_init(3 * m), *yC = _fmpq_vec_init(k), *yD = _fmpq_vec_init(k);
        for (t = 0; t < C->r; t++)
            if (_rf_shallow_row_cmp(rf_shallow_canon_H(C, t, 0), h0, m + 1) != 0)
                others[no++] = rf_shallow_canon_H(C, t, 0);
        for (t = 0; t < D->r; t++)
            if (_rf_shallow_row_cmp(rf_shallow_canon_H(D, t, 0), h0, m + 1) != 0)
                others[no++] = rf_shallow_canon_H(D, t, 0);
        kink_candidates(cand, h0, others, no, m);
        rf_qvec_set(x, cand, m);
        for (t = 0; t < 3; t++) {
            canon_eval(yC, C, cand + t * m);
            canon_eval(yD, D, cand + t * m);
            if (!rf_qvec_equal(yC, yD, k)) {
                rf_qvec_set(x, cand + t * m, m);
                break;
            }
        }
        flint_free(others);
        _fmpq_vec_clear(cand, 3 * m);
        _fmpq_vec_clear(yC, k);
        _fmpq_vec_clear(yD, k);
    }
}

/* ---- H_n certificate ---------------------------------------------------- */

/* H_n-invariant key of a neuron: e = (w, b), kappa = first non-zero entry of
 * e, or of v if e = 0 (then the key is (0, v/|kappa|)); key = (e/|kappa|,
 * |kappa| v). Positive scaling of (e, v) -> (l e, v / l) leaves it fixed. */
typedef struct {
    fmpq *key;   /* m + 1 + k */
    slong len;
    slong idx;
    fmpq_t scale; /* |kappa| (1 if everything is zero) */
} nkey_t;

static void nkey_make(nkey_t *K, const rf_net_t net, slong i)
{
    slong m = net->dims[0], k = net->dims[2], j, o;
    int e_zero = 1;
    K->len = m + 1 + k;
    K->idx = i;
    K->key = _fmpq_vec_init(K->len);
    fmpq_init(K->scale);
    fmpq_one(K->scale);
    for (j = 0; j < m && e_zero; j++)
        if (!fmpq_is_zero(rf_net_W(net, 0, i, j))) {
            fmpq_abs(K->scale, rf_net_W(net, 0, i, j));
            e_zero = 0;
        }
    if (e_zero && !fmpq_is_zero(rf_net_b(net, 0, i))) {
        fmpq_abs(K->scale, rf_net_b(net, 0, i));
        e_zero = 0;
    }
    if (e_zero) {
        for (o = 0; o < k; o++)
            if (!fmpq_is_zero(rf_net_W(net, 1, o, i))) {
                fmpq_abs(K->scale, rf_net_W(net, 1, o, i));
                fmpq_inv(K->scale, K->scale);  /* v -> v / |v_o|, i.e. lambda = |v_o| */
                break;
            }
    }
    for (j = 0; j < m; j++)
        fmpq_div(K->key + j, rf_net_W(net, 0, i, j), K->scale);
    fmpq_div(K->key + m, rf_net_b(net, 0, i), K->scale);
    for (o = 0; o < k; o++)
        fmpq_mul(K->key + m + 1 + o, rf_net_W(net, 1, o, i), K->scale);
}

static void nkey_clear(nkey_t *K)
{
    _fmpq_vec_clear(K->key, K->len);
    fmpq_clear(K->scale);
}

static int nkey_cmp(const void *a, const void *b)
{
    const nkey_t *x = a, *y = b;
    return _rf_shallow_row_cmp(x->key, y->key, x->len);
}

/* g.A for g = (perm, lambda): neuron i of A goes to slot perm[i] with
 * (w, b) -> lambda_i (w, b) and v -> v / lambda_i. */
static void apply_hn(rf_net_t out, const rf_net_t A, const slong *perm, const fmpq *lambda)
{
    slong m = A->dims[0], n = A->dims[1], k = A->dims[2], i, j, o;
    rf_net_set(out, A);
    for (i = 0; i < n; i++) {
        slong d = perm[i];
        for (j = 0; j < m; j++)
            fmpq_mul(rf_net_W(out, 0, d, j), rf_net_W(A, 0, i, j), lambda + i);
        fmpq_mul(rf_net_b(out, 0, d), rf_net_b(A, 0, i), lambda + i);
        for (o = 0; o < k; o++)
            fmpq_div(rf_net_W(out, 1, o, d), rf_net_W(A, 1, o, i), lambda + i);
    }
}

/* Try to find g in H_n with g.A == B exactly; on success writes the text
 * and JSON certificate (malloc'ed) and returns 1. */
static int hn_certificate(char **text, char **json, const rf_net_t A, const rf_net_t B)
{
    slong n = A->dims[1], i;
    nkey_t *KA, *KB;
    slong *perm;
    fmpq *lambda;
    int ok = 1;
    if (A->dims[1] != B->dims[1] || !fmpq_mat_equal(A->b + 1, B->b + 1))
        return 0;
    KA = flint_malloc((n + 1) * sizeof(nkey_t));
    KB = flint_malloc((n + 1) * sizeof(nkey_t));
    for (i = 0; i < n; i++) {
        nkey_make(KA + i, A, i);
        nkey_make(KB + i, B, i);
    }
    if (n > 1) {
        qsort(KA, (size_t) n, sizeof(nkey_t), nkey_cmp);
        qsort(KB, (size_t) n, sizeof(nkey_t), nkey_cmp);
    }
    for (i = 0; i < n && ok; i++)
        ok = nkey_cmp(KA + i, KB + i) == 0;
    perm = flint_malloc((n + 1) * sizeof(slong));
    lambda = _fmpq_vec_init(n);
    if (ok) {
        rf_net_t gA;
        for (i = 0; i < n; i++) {
            /* A_i = scaleA * key, B_j = scaleB * key: lambda = scaleB/scaleA */
            perm[KA[i].idx] = KB[i].idx;
            fmpq_div(lambda + KA[i].idx, KB[i].scale, KA[i].scale);
        }
        rf_net_init(gA, 1, (slong[]) {1, 1});
        apply_hn(gA, A, perm, lambda);
        ok = rf_net_equal(gA, B);   /* exact re-check */
        rf_net_clear(gA);
    }
    if (ok) {
        size_t len;
        FILE *f = open_memstream(text, &len);
        fprintf(f, "B = g.A for the element g of H_%ld (permutation + positive scaling):\n", (long) n);
        for (i = 0; i < n; i++) {
            fprintf(f, "  neuron %ld of A -> neuron %ld of B, scaling lambda = ", (long) (i + 1),
                    (long) (perm[i] + 1));
            fmpq_fprint(f, lambda + i);
            fprintf(f, "  ((w, b) -> lambda (w, b), v -> v / lambda)\n");
        }
        fprintf(f, "re-checked: g.A equals B entry by entry\n");
        fclose(f);
        f = open_memstream(json, &len);
        fprintf(f, "{\"type\": \"H_n\", \"permutation\": [");
        for (i = 0; i < n; i++)
            fprintf(f, "%s%ld", i ? ", " : "", (long) (perm[i] + 1));
        fprintf(f, "], \"scaling\": [");
        for (i = 0; i < n; i++) {
            fprintf(f, "%s\"", i ? ", " : "");
            fmpq_fprint(f, lambda + i);
            fputc('"', f);
        }
        fprintf(f, "]}");
        fclose(f);
    }
    for (i = 0; i < n; i++) {
        nkey_clear(KA + i);
        nkey_clear(KB + i);
    }
    flint_free(KA);
    flint_free(KB);
    flint_free(perm);
    _fmpq_vec_clear(lambda, n);
    return ok;
}

static void trace_json(FILE *f, const rf_shallow_trace_t T)
{
    static const char *names[] = {"zero_outgoing", "dead", "kink", "cancelled"};
    slong i;
    fputc('[', f);
    for (i = 0; i < T->n; i++) {
        fprintf(f, "%s{\"neuron\": %ld, \"role\": \"%s\"", i ? ", " : "", (long) (i + 1),
                names[T->role[i]]);
        if (T->role[i] == RF_SHALLOW_KINK || T->role[i] == RF_SHALLOW_CANCELLED) {
            fprintf(f, ", \"line\": %ld, \"kappa\": \"", (long) (T->line[i] + 1));
            fmpq_fprint(f, T->kappa + i);
            fprintf(f, "\", \"flipped\": %s", fmpq_sgn(T->kappa + i) < 0 ? "true" : "false");
        }
        fputc('}', f);
    }
    fputc(']', f);
}

int rf_shallow_equiv(rf_equiv_t res, const rf_net_t A, const rf_net_t B, rf_err_t err)
{
    rf_shallow_canon_t CA, CB;
    rf_shallow_trace_t TA, TB;
    int rc;
    if ((rc = rf_shallow_check(A, "<network A>", err)) || (rc = rf_shallow_check(B, "<network B>", err)))
        return rc;
    if (A->dims[0] != B->dims[0] || A->dims[2] != B->dims[2])
        return rf_err_set(err, RF_ERR_INPUT, NULL, 0,
                          "the networks have different input or output dimensions (%ld->%ld vs %ld->%ld)",
                          (long) A->dims[0], (long) A->dims[2], (long) B->dims[0], (long) B->dims[2]);
    rf_shallow_canon_init(CA, A->dims[0], A->dims[2]);
    rf_shallow_canon_init(CB, B->dims[0], B->dims[2]);
    rf_shallow_trace_init(TA);
    rf_shallow_trace_init(TB);
    rf_shallow_canon(CA, A, TA, err);
    rf_shallow_canon(CB, B, TB, err);
    if (rf_shallow_canon_equal(CA, CB)) {
        char *text = NULL, *json = NULL;
        if (!hn_certificate(&text, &json, A, B)) {
            size_t len;
            FILE *f;
            if (!rf_shallow_trace_verify(A, TA, CA) || !rf_shallow_trace_verify(B, TB, CB)) {
                rc = rf_err_set(err, RF_ERR_INTERNAL, NULL, 0,
                                "shallow canonical-form certificate failed its exact re-check");
                goto done;
            }
            f = open_memstream(&text, &len);
            fprintf(f, "no element of H_n maps A to B; hidden-symmetry moves to the common canonical form:\n");
            fprintf(f, "A (%ld neurons):\n", (long) A->dims[1]);
            rf_shallow_trace_fprint(f, A, TA, "  ");
            fprintf(f, "B (%ld neurons):\n", (long) B->dims[1]);
            rf_shallow_trace_fprint(f, B, TB, "  ");
            fprintf(f, "common ");
            rf_shallow_canon_fprint(f, CA);
            fprintf(f, "re-checked: every move is an exact identity and both networks sum to this form\n");
            fclose(f);
            f = open_memstream(&json, &len);
            fprintf(f, "{\"type\": \"moves\", \"A\": ");
            trace_json(f, TA);
            fprintf(f, ", \"B\": ");
            trace_json(f, TB);
            fprintf(f, ", \"canonical\": ");
            rf_shallow_canon_fprint_json(f, CA);
            fputc('}', f);
            fclose(f);
        }
        rf_equiv_set_equivalent(res, "shallow-canonical", text, json);
        free(text);
        free(json);
    } else {
        fmpq *x = _fmpq_vec_init(A->dims[0]);
        rf_shallow_separating_point(x, CA, CB);
        if (!rf_equiv_set_separating(res, A, B, x, "shallow-canonical"))
            rc = rf_err_set(err, RF_ERR_INTERNAL, NULL, 0,
                            "shallow separating input failed its exact re-check");
        _fmpq_vec_clear(x, A->dims[0]);
    }
done:
    rf_shallow_canon_clear(CA);
    rf_shallow_canon_clear(CB);
    rf_shallow_trace_clear(TA);
    rf_shallow_trace_clear(TB);
    return rc;
}
