/* Small exact helpers of the three-layer module: strict LP feasibility
 * through the certified kernel (cells.h), preimages through a full-row-rank
 * first layer, string buffers. */
#include <stdarg.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/cells.h"
#include "three_internal.h"


/* Strict feasibility through the certified kernel: both answers are
 * re-checked (interior point, Gordan vector) by rf_cells_lp_open_interior. */
int _rf_three_lp_strict(fmpq *sol, const fmpq *A, const fmpq *b, slong rows,
                        slong n)
{
    fmpq_mat_t R;
    slong i, j;
    int ok;
    rf_err_t err;
    if (rows == 0) {
        if (sol)
            for (j = 0; j < n; j++)
                fmpq_zero(sol + j);
        return 1;
    }
    fmpq_mat_init(R, rows, n + 1);
    for (i = 0; i < rows; i++) {
        for (j = 0; j < n; j++)
            fmpq_set(fmpq_mat_entry(R, i, j), A + i * n + j);
        fmpq_set(fmpq_mat_entry(R, i, n), b + i);
    }
    rf_err_init(err);
    ok = rf_cells_lp_open_interior(sol, NULL, R, n, err);
    rf_err_clear(err);
    fmpq_mat_clear(R);
    return ok;
}

int _rf_three_preimage(fmpq *x, const fmpq_mat_t W, const fmpq_mat_t b,
                       const fmpq *z)
{
    slong k = fmpq_mat_nrows(W), n = fmpq_mat_ncols(W), i, j;
    fmpq_mat_t Wt, G, Gi, r, u, xx;
    int ok;
    fmpq_mat_init(Wt, n, k);
    fmpq_mat_init(G, k, k);
    fmpq_mat_init(Gi, k, k);
    fmpq_mat_init(r, k, 1);
    fmpq_mat_init(u, k, 1);
    fmpq_mat_init(xx, n, 1);
    fmpq_mat_transpose(Wt, W);
    fmpq_mat_mul(G, W, Wt);
    ok = fmpq_mat_inv(Gi, G);
    if (ok) {
        for (i = 0; i < k; i++) {
            fmpq_set(fmpq_mat_entry(r, i, 0), z + i);
            if (b)
                fmpq_sub(fmpq_mat_entry(r, i, 0), fmpq_mat_entry(r, i, 0),
                         fmpq_mat_entry(b, i, 0));
        }
        fmpq_mat_mul(u, Gi, r);
        fmpq_mat_mul(xx, Wt, u);
        for (j = 0; j < n; j++)
            fmpq_set(x + j, fmpq_mat_entry(xx, j, 0));
    }
    fmpq_mat_clear(Wt);
    fmpq_mat_clear(G);
    fmpq_mat_clear(Gi);
    fmpq_mat_clear(r);
    fmpq_mat_clear(u);
    fmpq_mat_clear(xx);
    return ok;
}


slong _rf_three_rank(const fmpq_mat_t W)
{
    if (fmpq_mat_nrows(W) == 0 || fmpq_mat_ncols(W) == 0)
        return 0;
    {
        fmpq_mat_t R;
        slong r;
        fmpq_mat_init(R, fmpq_mat_nrows(W), fmpq_mat_ncols(W));
        r = fmpq_mat_rref(R, W);
        fmpq_mat_clear(R);
        return r;
    }
}

void _rf_three_randq(fmpq_t x, flint_rand_t st, slong nb, slong db, int nz)
{
    slong p, q;
    do {
        p = (slong) n_randint(st, 2 * nb + 1) - nb;
    } while (nz && p == 0);
    q = 1 + (slong) n_randint(st, db);
    fmpq_set_si(x, p, q);
}

void _rf_three_str_init(_rf_three_str_t *b)
{
    b->alloc = 256;
    b->len = 0;
    b->s = flint_malloc(b->alloc);
    b->s[0] = '\0';
}

void _rf_three_str_clear(_rf_three_str_t *b)
{
    flint_free(b->s);
}

void _rf_three_str_printf(_rf_three_str_t *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    while (b->len + (size_t) n + 1 > b->alloc) {
        b->alloc *= 2;
        b->s = flint_realloc(b->s, b->alloc);
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->alloc - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t) n;
}

void _rf_three_str_q(_rf_three_str_t *b, const fmpq_t q)
{
    char *t = fmpq_get_str(NULL, 10, q);
    _rf_three_str_printf(b, "%s", t);
    flint_free(t);
}
