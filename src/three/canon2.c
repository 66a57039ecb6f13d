/* Exact canonical form of a two-layer network restricted to the
 * nonnegative orthant O (notes section 4.1): crossing neurons are grouped by
 * their canonically oriented hyperplane (first non-zero entry 1) with summed
 * jump coefficients |kappa| v; always-active neurons and the affine remainder
 * of negatively oriented crossing neurons go into the affine part (M, cbar);
 * dead neurons vanish. Valid for every parameter, no genericity needed. */
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/three.h"
#include "relufiber/qvec.h"

rf_three_type_t rf_three_neuron_type(const fmpq *w, slong m, const fmpq_t beta)
{
    int pos = fmpq_sgn(beta) > 0, neg = fmpq_sgn(beta) < 0;
    slong k;
    for (k = 0; k < m; k++) {
        int s = fmpq_sgn(w + k);
        pos |= s > 0;
        neg |= s < 0;
    }
    if (!neg)
        return RF_THREE_TYPE_A;
    if (!pos)
        return RF_THREE_TYPE_Z;
    return RF_THREE_TYPE_X;
}

void rf_three_canon2_init(rf_three_canon2_t C)
{
    memset(C, 0, sizeof(*C));
}

static void canon2_free(rf_three_canon2_t C)
{
    if (C->H)
        _fmpq_vec_clear(C->H, C->nh * (C->m + 1));
    if (C->U)
        _fmpq_vec_clear(C->U, C->nh * C->d);
    if (C->M)
        _fmpq_vec_clear(C->M, C->d * C->m);
    if (C->c)
        _fmpq_vec_clear(C->c, C->d);
    memset(C, 0, sizeof(*C));
}

void rf_three_canon2_clear(rf_three_canon2_t C)
{
    canon2_free(C);
}

/* Lexicographic comparison of canonical rows (length len). */
typedef struct {
    const fmpq *rows;
    slong len;
} sort_ctx_t;

static int cmp_rows(const fmpq *a, const fmpq *b, slong len)
{
    slong k;
    for (k = 0; k < len; k++) {
        int c = fmpq_cmp(a + k, b + k);
        if (c)
            return c;
    }
    return 0;
}

/* sort neuron indices by their canonical rows (qsort_r: no global state) */
static int cmp_idx(const void *a, const void *b, void *ctx)
{
    const sort_ctx_t *c = ctx;
    slong i = *(const slong *) a, j = *(const slong *) b;
    int r = cmp_rows(c->rows + i * c->len, c->rows + j * c->len, c->len);
    return r ? r : (i > j) - (i < j);
}

static void sort_idx(slong *idx, slong n, const fmpq *rows, slong len)
{
    sort_ctx_t c;
    c.rows = rows;
    c.len = len;
    if (n > 1)
        qsort_r(idx, (size_t) n, sizeof(slong), cmp_idx, &c);
}

void rf_three_canon2_compute(rf_three_canon2_t C, const fmpq_mat_t W,
                             const fmpq_mat_t b, const fmpq_mat_t V,
                             const fmpq_mat_t c)
{
    slong k = fmpq_mat_nrows(W), m = fmpq_mat_ncols(W), d = fmpq_mat_nrows(V);
    slong j, i, r, nx = 0, nh = 0;
    fmpq *hat = _fmpq_vec_init(k * (m + 1)); /* canonical rows of X neurons */
    fmpq *jump = _fmpq_vec_init(k * d);
    slong *xs = flint_malloc((k + 1) * sizeof(slong));
    fmpq_t kap, t;
    fmpq_init(kap);
    fmpq_init(t);
    canon2_free(C);
    C->m = m;
    C->d = d;
    C->M = _fmpq_vec_init(d * m);
    C->c = _fmpq_vec_init(d);
    for (r = 0; r < d; r++)
        fmpq_set(C->c + r, fmpq_mat_entry(c, r, 0));
    for (j = 0; j < k; j++) {
        const fmpq *w = fmpq_mat_entry(W, j, 0);
        const fmpq *beta = fmpq_mat_entry(b, j, 0);
        rf_three_type_t ty = rf_three_neuron_type(w, m, beta);
        int affine = 0;
        if (ty == RF_THREE_TYPE_Z)
            continue;
        if (ty == RF_THREE_TYPE_A) {
            affine = 1;
        } else {
            /* kappa: first non-zero entry of (w, beta), a w entry */
            for (i = 0; i < m && fmpq_is_zero(w + i); i++)
                ;
            fmpq_set(kap, w + i);
            for (i = 0; i < m; i++)
                fmpq_div(hat + nx * (m + 1) + i, w + i, kap);
            fmpq_div(hat + nx * (m + 1) + m, beta, kap);
            for (r = 0; r < d; r++) {
                fmpq_abs(t, kap);
                fmpq_mul(jump + nx * d + r, t, fmpq_mat_entry(V, r, j));
            }
            nx++;
            affine = fmpq_sgn(kap) < 0;
        }
        if (affine) {
            for (r = 0; r < d; r++) {
                const fmpq *v = fmpq_mat_entry(V, r, j);
                if (fmpq_is_zero(v))
                    continue;
                for (i = 0; i < m; i++) {
                    fmpq_mul(t, v, w + i);
                    fmpq_add(C->M + r * m + i, C->M + r * m + i, t);
                }
                fmpq_mul(t, v, beta);
                fmpq_add(C->c + r, C->c + r, t);
            }
        }
    }
    for (j = 0; j < nx; j++)
        xs[j] = j;
    sort_idx(xs, nx, hat, m + 1);
    /* group equal rows, sum jumps, keep non-zero sums */
    C->H = _fmpq_vec_init(nx * (m + 1));
    C->U = _fmpq_vec_init(nx * d);
    for (j = 0; j < nx;) {
        slong j2 = j + 1;
        fmpq *u = C->U + nh * d;
        rf_qvec_set(u, jump + xs[j] * d, d);
        while (j2 < nx && cmp_rows(hat + xs[j] * (m + 1),
                                   hat + xs[j2] * (m + 1), m + 1) == 0) {
            for (r = 0; r < d; r++)
                fmpq_add(u + r, u + r, jump + xs[j2] * d + r);
            j2++;
        }
        if (!rf_qvec_is_zero(u, d)) {
            rf_qvec_set(C->H + nh * (m + 1), hat + xs[j] * (m + 1), m + 1);
            nh++;
        } else {
            rf_qvec_zero(u, d);
        }
        j = j2;
    }
    /* shrink: keep allocation sizes consistent with nh for clearing */
    if (nh < nx) {
        fmpq *H2 = _fmpq_vec_init(nh * (m + 1)), *U2 = _fmpq_vec_init(nh * d);
        rf_qvec_set(H2, C->H, nh * (m + 1));
        rf_qvec_set(U2, C->U, nh * d);
        _fmpq_vec_clear(C->H, nx * (m + 1));
        _fmpq_vec_clear(C->U, nx * d);
        C->H = H2;
        C->U = U2;
    }
    C->nh = nh;
    _fmpq_vec_clear(hat, k * (m + 1));
    _fmpq_vec_clear(jump, k * d);
    flint_free(xs);
    fmpq_clear(kap);
    fmpq_clear(t);
}

void rf_three_canon2_upper(rf_three_canon2_t C, const rf_net_t net)
{
    slong L = net->L;
    rf_three_canon2_compute(C, net->W + (L - 2), net->b + (L - 2),
                            net->W + (L - 1), net->b + (L - 1));
}

int rf_three_canon2_equal(const rf_three_canon2_t A, const rf_three_canon2_t B)
{
    if (A->m != B->m || A->d != B->d || A->nh != B->nh)
        return 0;
    return rf_qvec_equal(A->H, B->H, A->nh * (A->m + 1)) &&
           rf_qvec_equal(A->U, B->U, A->nh * A->d) &&
           rf_qvec_equal(A->M, B->M, A->d * A->m) &&
           rf_qvec_equal(A->c, B->c, A->d);
}

int rf_three_canon2_is_constant(const rf_three_canon2_t C)
{
    return C->nh == 0 && rf_qvec_is_zero(C->M, C->d * C->m);
}

void rf_three_canon2_eval(fmpq *out, const rf_three_canon2_t C, const fmpq *y)
{
    slong h, r, i, m = C->m, d = C->d;
    fmpq_t s, t;
    fmpq_init(s);
    fmpq_init(t);
    rf_qvec_set(out, C->c, d);
    for (r = 0; r < d; r++)
        for (i = 0; i < m; i++) {
            fmpq_mul(t, C->M + r * m + i, y + i);
            fmpq_add(out + r, out + r, t);
        }
    for (h = 0; h < C->nh; h++) {
        fmpq_set(s, C->H + h * (m + 1) + m);
        for (i = 0; i < m; i++) {
            fmpq_mul(t, C->H + h * (m + 1) + i, y + i);
            fmpq_add(s, s, t);
        }
        if (fmpq_sgn(s) <= 0)
            continue;
        for (r = 0; r < d; r++) {
            fmpq_mul(t, C->U + h * d + r, s);
            fmpq_add(out + r, out + r, t);
        }
    }
    fmpq_clear(s);
    fmpq_clear(t);
}

static void print_vec(FILE *out, const fmpq *v, slong n)
{
    slong i;
    fputc('(', out);
    for (i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        fmpq_fprint(out, v + i);
    }
    fputc(')', out);
}

void rf_three_canon2_fprint(FILE *out, const rf_three_canon2_t C)
{
    slong h, r;
    fprintf(out, "upper canonical form on O = R^%ld_>=0 (%ld hyperplane%s):\n",
            (long) C->m, (long) C->nh, C->nh == 1 ? "" : "s");
    for (h = 0; h < C->nh; h++) {
        fprintf(out, "  hyperplane (a, alpha) = ");
        print_vec(out, C->H + h * (C->m + 1), C->m + 1);
        fprintf(out, "  jump u = ");
        print_vec(out, C->U + h * C->d, C->d);
        fputc('\n', out);
    }
    for (r = 0; r < C->d; r++) {
        fprintf(out, "  M[%ld] = ", (long) (r + 1));
        print_vec(out, C->M + r * C->m, C->m);
        fprintf(out, "  cbar[%ld] = ", (long) (r + 1));
        fmpq_fprint(out, C->c + r);
        fputc('\n', out);
    }
}
