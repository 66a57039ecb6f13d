/* Shared helpers for the shallow-network tests: random (deliberately
 * degenerate) networks, function-preserving transforms, and independent
 * oracles (exact evaluation on a rational grid; z3 on an SMT-LIB file). */
#ifndef RF_TEST_SHALLOW_HELPERS_H
#define RF_TEST_SHALLOW_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/shallow.h"

/* Small random rational p/q, |p| <= nb, 1 <= q <= db. */
static inline void t_randq(fmpq_t q, flint_rand_t st, slong nb, slong db)
{
    slong p = (slong) n_randint(st, 2 * nb + 1) - nb;
    slong d = 1 + (slong) n_randint(st, db);
    fmpq_set_si(q, p, (ulong) d);
}

static inline void t_rand_nonzero(fmpq_t q, flint_rand_t st, slong nb, slong db)
{
    do
        t_randq(q, st, nb, db);
    while (fmpq_is_zero(q));
}

/* Copy neuron i of src into slot j of dst (same m, k). */
static inline void t_copy_neuron(rf_net_t dst, slong j, const rf_net_t src, slong i)
{
    slong a;
    for (a = 0; a < src->dims[0]; a++)
        fmpq_set(rf_net_W(dst, 0, j, a), rf_net_W(src, 0, i, a));
    fmpq_set(rf_net_b(dst, 0, j), rf_net_b(src, 0, i));
    for (a = 0; a < src->dims[2]; a++)
        fmpq_set(rf_net_W(dst, 1, a, j), rf_net_W(src, 1, a, i));
}

/* net becomes net with `extra` zero neurons appended (function unchanged). */
static inline void t_grow(rf_net_t net, slong extra)
{
    slong dims[3], i, o;
    rf_net_t g;
    dims[0] = net->dims[0];
    dims[1] = net->dims[1] + extra;
    dims[2] = net->dims[2];
    rf_net_init(g, 2, dims);
    for (i = 0; i < net->dims[1]; i++)
        t_copy_neuron(g, i, net, i);
    for (o = 0; o < dims[2]; o++)
        fmpq_set(rf_net_b(g, 1, o), rf_net_b(net, 1, o));
    rf_net_swap(g, net);
    rf_net_clear(g);
}

/* Random shallow network with injected degeneracies: duplicated neurons
 * (positively or negatively scaled copies), dead neurons, zero outgoing
 * columns, zero weights. */
static inline void t_rand_shallow(rf_net_t net, flint_rand_t st, slong m, slong n, slong k)
{
    slong dims[3], i, j, o;
    fmpq_t t;
    dims[0] = m;
    dims[1] = n;
    dims[2] = k;
    rf_net_clear(net);
    rf_net_init(net, 2, dims);
    fmpq_init(t);
    for (i = 0; i < n; i++) {
        for (j = 0; j < m; j++)
            t_randq(rf_net_W(net, 0, i, j), st, 3, 2);
        t_randq(rf_net_b(net, 0, i), st, 3, 2);
        for (o = 0; o < k; o++)
            t_randq(rf_net_W(net, 1, o, i), st, 3, 2);
    }
    for (o = 0; o < k; o++)
        t_randq(rf_net_b(net, 1, o), st, 3, 2);
    for (i = 0; i < n; i++) {
        ulong kind = n_randint(st, 10);
        if (kind == 0) {
            for (j = 0; j < m; j++)
                fmpq_zero(rf_net_W(net, 0, i, j));             /* dead */
        } else if (kind == 1) {
            for (o = 0; o < k; o++)
                fmpq_zero(rf_net_W(net, 1, o, i));             /* zero outgoing */
        } else if (kind <= 4 && i > 0) {
            slong src = (slong) n_randint(st, (ulong) i);       /* duplicate line */
            t_rand_nonzero(t, st, 3, 2);
            for (j = 0; j < m; j++)
                fmpq_mul(rf_net_W(net, 0, i, j), rf_net_W(net, 0, src, j), t);
            fmpq_mul(rf_net_b(net, 0, i), rf_net_b(net, 0, src), t);
            if (kind == 4) {
                /* make the jumps cancel or the pair antiparallel-affine */
                fmpq_t a;
                fmpq_init(a);
                fmpq_abs(a, t);
                for (o = 0; o < k; o++) {
                    fmpq_div(rf_net_W(net, 1, o, i), rf_net_W(net, 1, o, src), a);
                    fmpq_neg(rf_net_W(net, 1, o, i), rf_net_W(net, 1, o, i));
                }
                fmpq_clear(a);
            }
        }
    }
    fmpq_clear(t);
}

/* Apply a random element of H_n: permute and scale positively. */
static inline void t_apply_random_hn(rf_net_t out, const rf_net_t A, flint_rand_t st)
{
    slong n = A->dims[1], i;
    slong *perm = flint_malloc((n + 1) * sizeof(slong));
    fmpq *sc = _fmpq_vec_init(n + 1);
    const slong *pp[1];
    const fmpq *ss[1];
    for (i = 0; i < n; i++)
        perm[i] = i;
    for (i = n - 1; i > 0; i--) {
        slong r = (slong) n_randint(st, (ulong) (i + 1)), tmp = perm[i];
        perm[i] = perm[r];
        perm[r] = tmp;
    }
    for (i = 0; i < n; i++)
        fmpq_set_si(sc + i, 1 + (slong) n_randint(st, 5), 1 + n_randint(st, 4));
    pp[0] = perm;
    ss[0] = sc;
    rf_net_apply_perm_scale(out, A, pp, ss);
    _fmpq_vec_clear(sc, n + 1);
    flint_free(perm);
}

/* A random function-preserving hidden-symmetry move (may change n). */
static inline void t_random_move(rf_net_t net, flint_rand_t st)
{
    slong m = net->dims[0], n = net->dims[1], k = net->dims[2], i, j, o;
    ulong kind = n_randint(st, 6);
    fmpq_t t, a;
    fmpq_init(t);
    fmpq_init(a);
    if (kind == 0 && n > 0) {
        /* split neuron i into t v and (1 - t) v on the same line */
        i = (slong) n_randint(st, (ulong) n);
        t_grow(net, 1);
        t_copy_neuron(net, n, net, i);
        t_randq(t, st, 3, 3);
        for (o = 0; o < k; o++) {
            fmpq_mul(a, rf_net_W(net, 1, o, i), t);
            fmpq_sub(rf_net_W(net, 1, o, n), rf_net_W(net, 1, o, i), a);
            fmpq_set(rf_net_W(net, 1, o, i), a);
        }
    } else if (kind == 1 && n > 0) {
        /* flip neuron i: v relu(-e) = v relu(e) - v e; compensate with the
         * pair v relu(e') - v relu(-e') = v e' on a line e' = (w, b') and
         * the output bias c += v (b - b'). */
        fmpq_t bp;
        i = (slong) n_randint(st, (ulong) n);
        t_grow(net, 2);
        fmpq_init(bp);
        t_randq(bp, st, 3, 2);
        for (j = 0; j < m; j++) {
            fmpq_set(rf_net_W(net, 0, n, j), rf_net_W(net, 0, i, j));
            fmpq_neg(rf_net_W(net, 0, n + 1, j), rf_net_W(net, 0, i, j));
            fmpq_neg(rf_net_W(net, 0, i, j), rf_net_W(net, 0, i, j));
        }
        fmpq_set(rf_net_b(net, 0, n), bp);
        fmpq_neg(rf_net_b(net, 0, n + 1), bp);
        for (o = 0; o < k; o++) {
            fmpq_set(rf_net_W(net, 1, o, n), rf_net_W(net, 1, o, i));
            fmpq_neg(rf_net_W(net, 1, o, n + 1), rf_net_W(net, 1, o, i));
            fmpq_sub(a, rf_net_b(net, 0, i), bp);
            fmpq_addmul(rf_net_b(net, 1, o), rf_net_W(net, 1, o, i), a);
        }
        fmpq_neg(rf_net_b(net, 0, i), rf_net_b(net, 0, i));
        fmpq_clear(bp);
    } else if (kind == 2) {
        /* dead neuron; a positive bias is compensated in c */
        t_grow(net, 1);
        t_randq(rf_net_b(net, 0, n), st, 3, 2);
        for (o = 0; o < k; o++) {
            t_randq(rf_net_W(net, 1, o, n), st, 3, 2);
            if (fmpq_sgn(rf_net_b(net, 0, n)) > 0)
                fmpq_submul(rf_net_b(net, 1, o), rf_net_W(net, 1, o, n), rf_net_b(net, 0, n));
        }
    } else if (kind == 3) {
        /* zero-outgoing neuron with an arbitrary hyperplane */
        t_grow(net, 1);
        for (j = 0; j < m; j++)
            t_randq(rf_net_W(net, 0, n, j), st, 3, 2);
        t_randq(rf_net_b(net, 0, n), st, 3, 2);
    } else if (kind == 4) {
        /* cancelling pair: a relu(e) and (-a/l) relu(l e), l > 0 */
        t_grow(net, 2);
        fmpq_set_si(t, 1 + (slong) n_randint(st, 4), 1 + n_randint(st, 3));
        for (j = 0; j < m; j++) {
            t_randq(rf_net_W(net, 0, n, j), st, 3, 2);
            fmpq_mul(rf_net_W(net, 0, n + 1, j), rf_net_W(net, 0, n, j), t);
        }
        t_randq(rf_net_b(net, 0, n), st, 3, 2);
        fmpq_mul(rf_net_b(net, 0, n + 1), rf_net_b(net, 0, n), t);
        for (o = 0; o < k; o++) {
            t_randq(rf_net_W(net, 1, o, n), st, 3, 2);
            fmpq_div(rf_net_W(net, 1, o, n + 1), rf_net_W(net, 1, o, n), t);
            fmpq_neg(rf_net_W(net, 1, o, n + 1), rf_net_W(net, 1, o, n + 1));
        }
    } else if (n > 0) {
        /* two copies of neuron i's reversed line with opposite outgoing
         * weights t and -t: they cancel (a merge to zero) */
        i = (slong) n_randint(st, (ulong) n);
        t_grow(net, 2);
        for (j = 0; j < m; j++) {
            fmpq_neg(rf_net_W(net, 0, n, j), rf_net_W(net, 0, i, j));
            fmpq_neg(rf_net_W(net, 0, n + 1, j), rf_net_W(net, 0, i, j));
        }
        fmpq_neg(rf_net_b(net, 0, n), rf_net_b(net, 0, i));
        fmpq_neg(rf_net_b(net, 0, n + 1), rf_net_b(net, 0, i));
        for (o = 0; o < k; o++) {
            t_randq(t, st, 3, 2);
            fmpq_set(rf_net_W(net, 1, o, n), t);
            fmpq_neg(rf_net_W(net, 1, o, n + 1), t);
        }
    }
    fmpq_clear(t);
    fmpq_clear(a);
}

/* Exact evaluation on rational points: returns 1 if A and B agree on a
 * deterministic grid (step 1/2 on [-4, 4] for m = 1, step 1 on [-4, 4]^2 for
 * m = 2) and at `pts` random points p/q (|p| <= 12, q <= 4). */
static inline int t_grid_agree(const rf_net_t A, const rf_net_t B, flint_rand_t st, slong pts)
{
    slong m = A->dims[0], k = A->dims[2], p, j, g, ng;
    fmpq *x = _fmpq_vec_init(m), *ya = _fmpq_vec_init(k), *yb = _fmpq_vec_init(k);
    int ok = 1;
    ng = m == 1 ? 17 : m == 2 ? 81 : 0;
    for (g = 0; g < ng && ok; g++) {
        if (m == 1)
            fmpq_set_si(x, g - 8, 2);
        else {
            fmpq_set_si(x, g % 9 - 4, 1);
            fmpq_set_si(x + 1, g / 9 - 4, 1);
        }
        rf_net_eval(ya, A, x);
        rf_net_eval(yb, B, x);
        for (j = 0; j < k; j++)
            if (!fmpq_equal(ya + j, yb + j))
                ok = 0;
    }
    for (p = 0; p < pts && ok; p++) {
        for (j = 0; j < m; j++)
            t_randq(x + j, st, 12, 4);
        rf_net_eval(ya, A, x);
        rf_net_eval(yb, B, x);
        for (j = 0; j < k; j++)
            if (!fmpq_equal(ya + j, yb + j))
                ok = 0;
    }
    _fmpq_vec_clear(x, m);
    _fmpq_vec_clear(ya, k);
    _fmpq_vec_clear(yb, k);
    return ok;
}

/* Writes an SMT-LIB term for a rational (non-negative literals only). */
static inline void t_smt_rat(FILE *f, const fmpq_t q)
{
    fmpz_t a;
    fmpz_init(a);
    fmpz_abs(a, fmpq_numref(q));
    if (fmpq_sgn(q) < 0)
        fprintf(f, "(- ");
    fprintf(f, "(/ ");
    fmpz_fprint(f, a);
    fprintf(f, ".0 ");
    fmpz_fprint(f, fmpq_denref(q));
    fprintf(f, ".0)");
    if (fmpq_sgn(q) < 0)
        fprintf(f, ")");
    fmpz_clear(a);
}

static inline void t_smt_net(FILE *f, const rf_net_t N, const char *name)
{
    slong m = N->dims[0], n = N->dims[1], k = N->dims[2], i, j, o;
    for (i = 0; i < n; i++) {
        fprintf(f, "(define-fun %s_z%ld () Real (+ ", name, (long) i);
        t_smt_rat(f, rf_net_b(N, 0, i));
        for (j = 0; j < m; j++) {
            fprintf(f, " (* ");
            t_smt_rat(f, rf_net_W(N, 0, i, j));
            fprintf(f, " x%ld)", (long) j);
        }
        fprintf(f, "))\n(define-fun %s_h%ld () Real (ite (> %s_z%ld 0.0) %s_z%ld 0.0))\n",
                name, (long) i, name, (long) i, name, (long) i);
    }
    for (o = 0; o < k; o++) {
        fprintf(f, "(define-fun %s_y%ld () Real (+ ", name, (long) o);
        t_smt_rat(f, rf_net_b(N, 1, o));
        for (i = 0; i < n; i++) {
            fprintf(f, " (* ");
            t_smt_rat(f, rf_net_W(N, 1, o, i));
            fprintf(f, " %s_h%ld)", name, (long) i);
        }
        fprintf(f, "))\n");
    }
}

static inline int t_have_z3(void)
{
    return system("command -v z3 >/dev/null 2>&1") == 0;
}

/* z3 oracle (QF_LRA): 1 if A == B (unsat), 0 if different (sat), -1 if z3
 * is unavailable or fails. */
static inline int t_z3_equiv(const rf_net_t A, const rf_net_t B)
{
    char path[64], cmd[160], out[64] = {0};
    FILE *f, *p;
    slong j, o;
    int fd;
    snprintf(path, sizeof(path), "/tmp/rf_shallow_XXXXXX");
    fd = mkstemp(path);
    if (fd < 0)
        return -1;
    f = fdopen(fd, "w");
    fprintf(f, "(set-logic QF_LRA)\n");
    for (j = 0; j < A->dims[0]; j++)
        fprintf(f, "(declare-fun x%ld () Real)\n", (long) j);
    t_smt_net(f, A, "A");
    t_smt_net(f, B, "B");
    fprintf(f, "(assert (or false");
    for (o = 0; o < A->dims[2]; o++)
        fprintf(f, " (not (= A_y%ld B_y%ld))", (long) o, (long) o);
    fprintf(f, "))\n(check-sat)\n");
    fclose(f);
    snprintf(cmd, sizeof(cmd), "z3 -smt2 %s 2>&1", path);
    p = popen(cmd, "r");
    if (p == NULL) {
        unlink(path);
        return -1;
    }
    if (fgets(out, sizeof(out), p) == NULL)
        out[0] = 0;
    pclose(p);
    unlink(path);
    if (strncmp(out, "unsat", 5) == 0)
        return 1;
    if (strncmp(out, "sat", 3) == 0)
        return 0;
    return -1;
}

#endif
