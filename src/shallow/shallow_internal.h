/* Small helpers shared by the shallow-network files (canonical form,
 * realisation, equivalence, fiber, identifiability): row comparison, the
 * sort key of a normalised line, and the rank of a list of rows. Private to
 * src/shallow; static inline so that no build file needs to list them. */
#ifndef RELUFIBER_SHALLOW_INTERNAL_H
#define RELUFIBER_SHALLOW_INTERNAL_H

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

/* Lexicographic comparison of two rows of length len. */
static inline int _rf_shallow_row_cmp(const fmpq *a, const fmpq *b, slong len)
{
    slong j;
    for (j = 0; j < len; j++) {
        int c = fmpq_cmp(a + j, b + j);
        if (c)
            return c;
    }
    return 0;
}

/* A normalised line (len entries) of neuron idx, sorted by _rf_shallow_key_cmp. */
typedef struct {
    fmpq *key;
    slong len;
    slong idx;
} _rf_shallow_key_t;

/* qsort comparator: the keys lexicographically, ties by neuron index (so the
 * order is deterministic). */
static inline int _rf_shallow_key_cmp(const void *x, const void *y)
{
    const _rf_shallow_key_t *a = x, *b = y;
    int c = _rf_shallow_row_cmp(a->key, b->key, a->len);
    if (c)
        return c;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

/* Rank of the rows (each of length m) listed. */
static inline slong _rf_shallow_rows_rank(const fmpq *const *rows, slong nrows,
                                          slong m)
{
    fmpq_mat_t M, R;
    slong i, j, rk;
    if (nrows == 0 || m == 0)
        return 0;
    fmpq_mat_init(M, nrows, m);
    fmpq_mat_init(R, nrows, m);
    for (i = 0; i < nrows; i++)
        for (j = 0; j < m; j++)
            fmpq_set(fmpq_mat_entry(M, i, j), rows[i] + j);
    rk = fmpq_mat_rref(R, M);
    fmpq_mat_clear(M);
    fmpq_mat_clear(R);
    return rk;
}

#endif
