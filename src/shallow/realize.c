/* Realising a canonical object back as a shallow network, the exact minimum
 * number of neurons (docs/shallow.md, Prop. 3), and printing.
 *
 * A kink can be realised by one neuron in its canonical orientation (no
 * affine remainder), one flipped neuron (remainder -u h), or two neurons of
 * opposite orientations (remainder -beta h for any beta). What is left of the
 * linear part is a matrix of rank q, realised by q pairs relu(p.x), relu(-p.x). */
#include <string.h>
#include <flint/fmpq_vec.h>
#include <flint/fmpq_mat.h>
#include "relufiber/shallow.h"
#include "relufiber/qvec.h"
#include "relufiber/text.h"
#include "shallow_internal.h"

/* A_{S1} = A + sum_{s in S1} u_s w_s^T into As (k x m). choice[s]: 0 plain,
 * 1 flipped, 2 doubled. */
static void shifted_A(fmpq *As, const rf_shallow_canon_t C, const int *choice)
{
    slong s, o, j, m = C->m, k = C->k;
    rf_qvec_set(As, C->A, k * m);
    for (s = 0; s < C->r; s++)
        if (choice[s] == 1)
            for (o = 0; o < k; o++)
                for (j = 0; j < m; j++)
                    fmpq_addmul(As + o * m + j, rf_shallow_canon_U(C, s, o),
                                rf_shallow_canon_H(C, s, j));
}

/* Extra neurons needed for a given choice: |S2| + 2 (rank[A_S1; P] - rank P). */
static slong extra_cost(const rf_shallow_canon_t C, const int *choice, fmpq *As,
                        const fmpq **rows)
{
    slong s, o, np = 0, m = C->m, k = C->k, rp, rap;
    shifted_A(As, C, choice);
    for (s = 0; s < C->r; s++)
        if (choice[s] == 2)
            rows[np++] = rf_shallow_canon_H(C, s, 0);
    rp = _rf_shallow_rows_rank(rows, np, m);
    for (o = 0; o < k; o++)
        rows[np + o] = As + o * m;
    rap = _rf_shallow_rows_rank(rows, np + k, m);
    return np + 2 * (rap - rp);
}

/* Best choice by exhaustive search over 3^r; returns the extra cost. */
static slong best_choice(int *best, const rf_shallow_canon_t C)
{
    slong r = C->r, s, cost, bestc = WORD_MAX;
    int *ch = flint_calloc(r + 1, sizeof(int));
    fmpq *As = _fmpq_vec_init(C->k * C->m);
    const fmpq **rows = flint_malloc((r + C->k + 1) * sizeof(fmpq *));
    while (1) {
        cost = extra_cost(C, ch, As, rows);
        if (cost < bestc) {
            bestc = cost;
            memcpy(best, ch, r * sizeof(int));
        }
        for (s = 0; s < r && ch[s] == 2; s++)
            ch[s] = 0;
        if (s == r)
            break;
        ch[s]++;
    }
    flint_free(ch);
    flint_free(rows);
    _fmpq_vec_clear(As, C->k * C->m);
    return bestc;
}

/* Greedy local search from the plain choice (for r > the exhaustive cap):
 * change one kink's choice at a time while the cost drops. An upper bound. */
static slong greedy_choice(int *ch, const rf_shallow_canon_t C)
{
    slong r = C->r, s, cost, best, rounds;
    fmpq *As = _fmpq_vec_init(C->k * C->m);
    const fmpq **rows = flint_malloc((r + C->k + 1) * sizeof(fmpq *));
    memset(ch, 0, r * sizeof(int));
    best = extra_cost(C, ch, As, rows);
    for (rounds = 0; rounds < 4 && best > 0; rounds++) {
        int improved = 0;
        for (s = 0; s < r && best > 0; s++) {
            int old = ch[s], c;
            for (c = 0; c < 3; c++) {
                if (c == old)
                    continue;
                ch[s] = c;
                cost = extra_cost(C, ch, As, rows);
                if (cost < best) {
                    best = cost;
                    old = c;
                    improved = 1;
                }
            }
            ch[s] = old;
        }
        if (!improved)
            break;
    }
    flint_free(rows);
    _fmpq_vec_clear(As, C->k * C->m);
    return best;
}

slong rf_shallow_canon_greedy_neurons(const rf_shallow_canon_t C)
{
    int *ch = flint_calloc(C->r + 1, sizeof(int));
    slong extra = greedy_choice(ch, C);
    flint_free(ch);
    return C->r + extra;
}

slong rf_shallow_canon_min_neurons(const rf_shallow_canon_t C)
{
    int *best;
    slong extra;
    if (C->r > RF_SHALLOW_MIN_SEARCH_MAX)
        return -1;
    best = flint_calloc(C->r + 1, sizeof(int));
    extra = best_choice(best, C);
    flint_free(best);
    return C->r + extra;
}

/* Append neuron number idx: (sign * line_w, sign * line_b) with outgoing v. */
static void put_neuron(rf_net_t net, slong idx, const fmpq *w, const fmpq *b,
                       int sign, const fmpq *v, slong m, slong k)
{
    slong j, o;
    for (j = 0; j < m; j++) {
        fmpq_set(rf_net_W(net, 0, idx, j), w + j);
        if (sign < 0)
            fmpq_neg(rf_net_W(net, 0, idx, j), rf_net_W(net, 0, idx, j));
    }
    if (b) {
        fmpq_set(rf_net_b(net, 0, idx), b);
        if (sign < 0)
            fmpq_neg(rf_net_b(net, 0, idx), rf_net_b(net, 0, idx));
    } else {
        fmpq_zero(rf_net_b(net, 0, idx));
    }
    for (o = 0; o < k; o++)
        fmpq_set(rf_net_W(net, 1, o, idx), v + o);
}

slong rf_shallow_canon_realize(rf_net_t net, const rf_shallow_canon_t C, int min_search)
{
    slong m = C->m, k = C->k, r = C->r, s, o, j, t, nq = 0, nr = 0, n, idx;
    int *choice = flint_calloc(r + 1, sizeof(int));
    fmpq *As = _fmpq_vec_init(k * m), *vec = _fmpq_vec_init(k), *cc = _fmpq_vec_init(k);
    const fmpq **basis = flint_malloc((r + k + 1) * sizeof(fmpq *));
    slong *qsrc = flint_malloc((r + 1) * sizeof(slong));
    fmpq_mat_t Bm, X, G, Gi, AB;
    if (min_search && r <= RF_SHALLOW_MIN_SEARCH_MAX)
        best_choice(choice, C);
    else if (min_search)
        greedy_choice(choice, C);
    shifted_A(As, C, choice);
    /* Basis: independent subset of the doubled kinks' w, then rows of As. */
    for (s = 0; s < r; s++)
        if (choice[s] == 2) {
            basis[nq] = rf_shallow_canon_H(C, s, 0);
            if (_rf_shallow_rows_rank(basis, nq + 1, m) == nq + 1)
                qsrc[nq++] = s;
        }
    for (o = 0; o < k; o++) {
        basis[nq + nr] = As + o * m;
        if (_rf_shallow_rows_rank(basis, nq + nr + 1, m) == nq + nr + 1)
            nr++;
    }
    /* Coefficients X (k x d) with As = X Bm, X = As Bm^T (Bm Bm^T)^{-1}. */
    fmpq_mat_init(Bm, nq + nr, m);
    fmpq_mat_init(X, k, nq + nr);
    fmpq_mat_init(G, nq + nr, nq + nr);
    fmpq_mat_init(Gi, nq + nr, nq + nr);
    fmpq_mat_init(AB, k, nq + nr);
    for (t = 0; t < nq + nr; t++)
        for (j = 0; j < m; j++)
            fmpq_set(fmpq_mat_entry(Bm, t, j), basis[t] + j);
    if (nq + nr > 0) {
        fmpq_mat_t BmT, Am;
        fmpq_mat_init(BmT, m, nq + nr);
        fmpq_mat_init(Am, k, m);
        fmpq_mat_transpose(BmT, Bm);
        for (o = 0; o < k; o++)
            for (j = 0; j < m; j++)
                fmpq_set(fmpq_mat_entry(Am, o, j), As + o * m + j);
        fmpq_mat_mul(G, Bm, BmT);
        fmpq_mat_inv(Gi, G);
        fmpq_mat_mul(AB, Am, BmT);
        fmpq_mat_mul(X, AB, Gi);
        fmpq_mat_clear(BmT);
        fmpq_mat_clear(Am);
    }
    n = 0;
    for (s = 0; s < r; s++)
        n += choice[s] == 2 ? 2 : 1;
    n += 2 * nr;
    {
        slong dims[3];
        dims[0] = m;
        dims[1] = n;
        dims[2] = k;
        rf_net_clear(net);
        rf_net_init(net, 2, dims);
    }
    rf_qvec_set(cc, C->c, k);
    idx = 0;
    for (s = 0; s < r; s++) {
        const fmpq *h = rf_shallow_canon_H(C, s, 0);
        const fmpq *u = rf_shallow_canon_U(C, s, 0);
        if (choice[s] == 0) {
            put_neuron(net, idx++, h, h + m, 1, u, m, k);
        } else if (choice[s] == 1) {
            /* u relu(-h) = u relu(h) - u h: the constant -u b is compensated */
            put_neuron(net, idx++, h, h + m, -1, u, m, k);
            for (o = 0; o < k; o++)
                fmpq_addmul(cc + o, u + o, h + m);
        } else {
            /* v1 relu(h) + beta relu(-h) = (v1 + beta) relu(h) - beta h with
             * beta = -X[:, t] for the basis row t taken from this kink. */
            rf_qvec_zero(vec, k);
            for (t = 0; t < nq; t++)
                if (qsrc[t] == s)
                    for (o = 0; o < k; o++)
                        fmpq_neg(vec + o, fmpq_mat_entry(X, o, t));
            put_neuron(net, idx + 1, h, h + m, -1, vec, m, k);
            for (o = 0; o < k; o++) {
                fmpq_addmul(cc + o, vec + o, h + m);
                fmpq_sub(vec + o, u + o, vec + o);
            }
            put_neuron(net, idx, h, h + m, 1, vec, m, k);
            idx += 2;
        }
    }
    for (t = 0; t < nr; t++) {
        for (o = 0; o < k; o++)
            fmpq_set(vec + o, fmpq_mat_entry(X, o, nq + t));
        put_neuron(net, idx++, basis[nq + t], NULL, 1, vec, m, k);
        for (o = 0; o < k; o++)
            fmpq_neg(vec + o, vec + o);
        put_neuron(net, idx++, basis[nq + t], NULL, -1, vec, m, k);
    }
    for (o = 0; o < k; o++)
        fmpq_set(rf_net_b(net, 1, o), cc + o);
    fmpq_mat_clear(Bm);
    fmpq_mat_clear(X);
    fmpq_mat_clear(G);
    fmpq_mat_clear(Gi);
    fmpq_mat_clear(AB);
    flint_free(basis);
    flint_free(qsrc);
    flint_free(choice);
    _fmpq_vec_clear(As, k * m);
    _fmpq_vec_clear(vec, k);
    _fmpq_vec_clear(cc, k);
    return n;
}

int rf_shallow_canon_net(rf_net_t out, const rf_net_t net, rf_err_t err)
{
    rf_shallow_canon_t C;
    int rc = rf_shallow_check(net, NULL, err);
    if (rc)
        return rc;
    rf_shallow_canon_init(C, net->dims[0], net->dims[2]);
    rf_shallow_canon(C, net, NULL, err);
    rf_shallow_canon_realize(out, C, 1);
    rf_shallow_canon_clear(C);
    return RF_OK;
}

/* ---- printing ---------------------------------------------------------- */

/* "x1 - 1/2 x2 + 3" for the affine form (w, b). */
static void print_affine(FILE *out, const fmpq *w, const fmpq *b, slong m)
{
    slong j;
    int first = 1;
    fmpq_t a;
    fmpq_init(a);
    for (j = 0; j < m; j++) {
        if (fmpq_is_zero(w + j))
            continue;
        fmpq_abs(a, w + j);
        if (first)
            fputs(fmpq_sgn(w + j) < 0 ? "-" : "", out);
        else
            fputs(fmpq_sgn(w + j) < 0 ? " - " : " + ", out);
        if (!fmpq_is_one(a)) {
            fmpq_fprint(out, a);
            fputc(' ', out);
        }
        fprintf(out, "x%ld", (long) (j + 1));
        first = 0;
    }
    if (b && !fmpq_is_zero(b)) {
        fmpq_abs(a, b);
        if (first)
            fputs(fmpq_sgn(b) < 0 ? "-" : "", out);
        else
            fputs(fmpq_sgn(b) < 0 ? " - " : " + ", out);
        fmpq_fprint(out, a);
        first = 0;
    }
    if (first)
        fputc('0', out);
    fmpq_clear(a);
}

void rf_shallow_canon_fprint(FILE *out, const rf_shallow_canon_t C)
{
    slong s, o;
    fprintf(out, "canonical form: R^%ld -> R^%ld, %ld kink%s\n", (long) C->m,
            (long) C->k, (long) C->r, C->r == 1 ? "" : "s");
    fprintf(out, "f(x) = sum_s u_s relu(h_s(x)) + A x + c\n");
    for (s = 0; s < C->r; s++) {
        fprintf(out, "  kink %ld: h(x) = ", (long) (s + 1));
        print_affine(out, rf_shallow_canon_H(C, s, 0), rf_shallow_canon_H(C, s, C->m), C->m);
        fprintf(out, "   u = ");
        rf_text_qvec(out, rf_shallow_canon_U(C, s, 0), C->k, 0);
        fputc('\n', out);
    }
    for (o = 0; o < C->k; o++) {
        fprintf(out, "  affine part, output %ld: ", (long) (o + 1));
        print_affine(out, rf_shallow_canon_A(C, o, 0), C->c + o, C->m);
        fputc('\n', out);
    }
}

void rf_shallow_canon_fprint_json(FILE *out, const rf_shallow_canon_t C)
{
    slong s, o;
    fprintf(out, "{\"m\": %ld, \"k\": %ld, \"kinks\": [", (long) C->m, (long) C->k);
    for (s = 0; s < C->r; s++) {
        fprintf(out, "%s{\"w\": ", s ? ", " : "");
        rf_text_qvec(out, rf_shallow_canon_H(C, s, 0), C->m, 1);
        fprintf(out, ", \"b\": \"");
        fmpq_fprint(out, rf_shallow_canon_H(C, s, C->m));
        fprintf(out, "\", \"u\": ");
        rf_text_qvec(out, rf_shallow_canon_U(C, s, 0), C->k, 1);
        fputc('}', out);
    }
    fprintf(out, "], \"A\": [");
    for (o = 0; o < C->k; o++) {
        if (o)
            fputs(", ", out);
        rf_text_qvec(out, rf_shallow_canon_A(C, o, 0), C->m, 1);
    }
    fprintf(out, "], \"c\": ");
    rf_text_qvec(out, C->c, C->k, 1);
    fputc('}', out);
}

void rf_shallow_trace_fprint(FILE *out, const rf_net_t net,
                             const rf_shallow_trace_t T, const char *prefix)
{
    slong i, m = T->m;
    for (i = 0; i < T->n; i++) {
        fprintf(out, "%sneuron %ld: ", prefix, (long) (i + 1));
        switch (T->role[i]) {
        case RF_SHALLOW_ZERO_OUT:
            fprintf(out, "zero outgoing weights: removed\n");
            break;
        case RF_SHALLOW_DEAD:
            fprintf(out, "dead (w = 0): constant relu(");
            fmpq_fprint(out, rf_net_b(net, 0, i));
            fprintf(out, ") times its outgoing column, folded into c\n");
            break;
        case RF_SHALLOW_KINK:
        case RF_SHALLOW_CANCELLED:
            fprintf(out, "(w, b) = ");
            fmpq_fprint(out, T->kappa + i);
            fprintf(out, " * (");
            if (T->role[i] == RF_SHALLOW_KINK)
                fprintf(out, "kink %ld", (long) (T->line[i] + 1));
            else {
                fprintf(out, "cancelled line ");
                print_affine(out, T->cancel_H + T->line[i] * (m + 1),
                             T->cancel_H + T->line[i] * (m + 1) + m, m);
            }
            fprintf(out, ")");
            if (fmpq_sgn(T->kappa + i) < 0)
                fprintf(out, "; flipped: relu(-z) = relu(z) - z, v (w.x + b) moved to the affine part");
            if (T->role[i] == RF_SHALLOW_CANCELLED)
                fprintf(out, "; jumps on this line sum to 0");
            fputc('\n', out);
            break;
        }
    }
}
