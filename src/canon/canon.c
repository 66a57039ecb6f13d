/* The canonical form of a ReLU network of any depth (docs/canon.md,
 * Theorem 1).
 *
 * Reduction: rounds of (interval bounds -> dead and constant neurons; twins
 * per layer; unused neurons from the output side) until a round changes
 * nothing. Normalization: hidden layer by hidden layer from the input, the
 * incoming rows are written in the canonical order of the previous layer,
 * each neuron is scaled so that the first non-zero entry of its row is +-1,
 * and the neurons are sorted lexicographically by (row, bias).
 *
 * Invariance: every step is defined from the function-level data of the
 * orbit (bounds scale with s > 0; twin classes and the normalized rows do
 * not depend on the scalings; the sort does not depend on the order), so
 * networks related by permutations, positive scalings and the moves have
 * equal forms. After the reductions no two neurons of a layer have equal
 * normalized (row, bias) (they would be twins) and every row is non-zero
 * (a zero row is a constant pre-activation), so the sort has no ties. */
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "canon_internal.h"

typedef struct {
    const fmpq *keys;   /* n keys of length len */
    slong len;
} key_ctx;

static int key_cmp(const void *a, const void *b, void *ctx)
{
    const key_ctx *k = ctx;
    slong i = *(const slong *) a, j = *(const slong *) b, t;
    const fmpq *x = k->keys + i * k->len, *y = k->keys + j * k->len;
    for (t = 0; t < k->len; t++) {
        int c = fmpq_cmp(x + t, y + t);
        if (c)
            return c;
    }
    return (i > j) - (i < j);
}

static int keys_equal(const fmpq *x, const fmpq *y, slong len)
{
    slong t;
    for (t = 0; t < len; t++)
        if (!fmpq_equal(x + t, y + t))
            return 0;
    return 1;
}

/* key = (row, bias) / |first non-zero of row|; returns 0 for a zero row
 * (no key), else 1 and the factor |first non-zero| in f. */
static int normalize(fmpq *key, fmpq_t f, const fmpq *row, slong d, const fmpq_t bias)
{
    slong t;
    for (t = 0; t < d && fmpq_is_zero(row + t); t++)
        ;
    if (t == d)
        return 0;
    fmpq_abs(f, row + t);
    for (t = 0; t < d; t++)
        fmpq_div(key + t, row + t, f);
    fmpq_div(key + d, bias, f);
    return 1;
}

/* Twins of hidden layer h: merge each class into its lowest index. */
static int merge_twins(rf_net_t work, char *alive, rf_canon_trace_t T, slong h,
                       slong round)
{
    slong n = work->dims[h + 1], d = work->dims[h], len = d + 1, i, m = 0, a;
    slong off = _rf_canon_hidden_offset(work, h), *idx = flint_malloc(n * sizeof(slong));
    fmpq *keys = _fmpq_vec_init(n * len), *f = _fmpq_vec_init(n);
    int changed = 0;
    key_ctx ctx;
    fmpq_t c;
    fmpq_init(c);
    for (i = 0; i < n; i++)
        if (alive[off + i] && normalize(keys + i * len, f + i, work->W[h].rows[i], d,
                                        rf_net_b(work, h, i)))
            idx[m++] = i;
    ctx.keys = keys;
    ctx.len = len;
    qsort_r(idx, m, sizeof(slong), key_cmp, &ctx);
    for (a = 0; a < m;) {
        slong e = a + 1, t = idx[a];
        while (e < m && keys_equal(keys + idx[e] * len, keys + t * len, len))
            e++;
        for (i = a + 1; i < e; i++) {
            slong j = idx[i];
            fmpq_div(c, f + j, f + t);
            _rf_canon_merge_twin(work, h, t, j, c);
            _rf_canon_remove(work, alive, h, j);
            _rf_canon_trace_push(T, RF_CANON_TWIN, h, j, t, round, c);
            changed = 1;
        }
        a = e;
    }
    fmpq_clear(c);
    _fmpq_vec_clear(keys, n * len);
    _fmpq_vec_clear(f, n);
    flint_free(idx);
    return changed;
}

/* Dead and constant neurons from the bounds of this round. */
static int drop_by_bounds(rf_net_t work, char *alive, rf_canon_trace_t T,
                          const fmpq *lo, const fmpq *hi, slong round)
{
    slong nh = rf_net_num_hidden(work), h, i, off = 0;
    fmpq *lb = _fmpq_vec_init(nh), *ub = _fmpq_vec_init(nh);
    int *li = flint_malloc((nh + 1) * sizeof(int)), *ui = flint_malloc((nh + 1) * sizeof(int));
    int changed = 0;
    rf_canon_bounds(lb, li, ub, ui, work, lo, hi);
    for (h = 0; h + 1 < work->L; h++) {
        for (i = 0; i < work->dims[h + 1]; i++) {
            slong k = off + i;
            if (!alive[k])
                continue;
            if (!ui[k] && fmpq_sgn(ub + k) <= 0) {
                _rf_canon_remove(work, alive, h, i);
                _rf_canon_trace_push(T, RF_CANON_DEAD, h, i, -1, round, ub + k);
                changed = 1;
            } else if (!ui[k] && !li[k] && fmpq_equal(lb + k, ub + k)) {
                _rf_canon_fold_constant(work, h, i, ub + k);
                _rf_canon_remove(work, alive, h, i);
                _rf_canon_trace_push(T, RF_CANON_CONSTANT, h, i, -1, round, ub + k);
                changed = 1;
            }
        }
        off += work->dims[h + 1];
    }
    _fmpq_vec_clear(lb, nh);
    _fmpq_vec_clear(ub, nh);
    flint_free(li);
    flint_free(ui);
    return changed;
}

static int drop_unused(rf_net_t work, char *alive, rf_canon_trace_t T, slong round)
{
    slong h, i;
    int changed = 0;
    for (h = work->L - 2; h >= 0; h--) {
        slong off = _rf_canon_hidden_offset(work, h);
        for (i = 0; i < work->dims[h + 1]; i++)
            if (alive[off + i] && _rf_canon_column_is_zero(work, h, i)) {
                _rf_canon_remove(work, alive, h, i);
                _rf_canon_trace_push(T, RF_CANON_UNUSED, h, i, -1, round, NULL);
                changed = 1;
            }
    }
    return changed;
}

/* Positions and scalings: layer by layer, rows in canonical coordinates,
 * normalized, sorted. */
static void order_layers(rf_canon_trace_t T, const rf_net_t work, const char *alive)
{
    slong h, i, j;
    for (h = 0; h + 1 < work->L; h++) {
        slong n = work->dims[h + 1], d = work->dims[h], off = _rf_canon_hidden_offset(work, h);
        slong dc = 0, m = 0, len, *idx = flint_malloc((n + 1) * sizeof(slong));
        fmpq *keys, *row, *f;
        key_ctx ctx;
        if (h == 0)
            dc = d;
        else if (!T->placeholder[h - 1])
            for (j = 0; j < d; j++)
                dc += T->pos[h - 1][j] >= 0;
        len = dc + 1;
        keys = _fmpq_vec_init(n * len);
        row = _fmpq_vec_init(dc + 1);
        f = _fmpq_vec_init(n);
        for (i = 0; i < n; i++) {
            if (!alive[off + i])
                continue;
            for (j = 0; j <= dc; j++)
                fmpq_zero(row + j);
            for (j = 0; j < d; j++) {
                slong pj = h == 0 ? j : T->pos[h - 1][j];
                if (pj < 0)
                    continue;
                if (h == 0)
                    fmpq_set(row + pj, rf_net_W(work, h, i, j));
                else
                    fmpq_div(row + pj, rf_net_W(work, h, i, j), T->scale[h - 1] + j);
            }
            if (!normalize(keys + i * len, f + i, row, dc, rf_net_b(work, h, i)))
                flint_abort();   /* a zero row survived the reductions: bug */
            idx[m++] = i;
        }
        ctx.keys = keys;
        ctx.len = len;
        qsort_r(idx, m, sizeof(slong), key_cmp, &ctx);
        for (i = 0; i < m; i++) {
            T->pos[h][idx[i]] = i;
            fmpq_inv(T->scale[h] + idx[i], f + idx[i]);
        }
        T->placeholder[h] = m == 0;
        _fmpq_vec_clear(keys, n * len);
        _fmpq_vec_clear(row, dc + 1);
        _fmpq_vec_clear(f, n);
        flint_free(idx);
    }
}

int rf_canon_net(rf_net_t out, rf_canon_trace_t T, const rf_net_t net,
                 const fmpq *lo, const fmpq *hi, rf_err_t err)
{
    slong nh = rf_net_num_hidden(net), round = 0, j;
    char *alive;
    rf_net_t work;
    if (lo != NULL && hi != NULL)
        for (j = 0; j < net->dims[0]; j++)
            if (fmpq_cmp(lo + j, hi + j) > 0)
                return rf_err_set(err, RF_ERR_INPUT, NULL, 0,
                                  "empty box: lower bound > upper bound in coordinate %ld",
                                  (long) j + 1);
    if (lo == NULL || hi == NULL)
        lo = hi = NULL;
    _rf_canon_trace_start(T, net, lo, hi);
    alive = flint_malloc(nh + 1);
    memset(alive, 1, nh + 1);
    rf_net_init(work, 1, (slong[]) {1, 1});
    rf_net_set(work, net);
    for (;;) {
        int changed = 0;
        slong h;
        round++;
        changed |= drop_by_bounds(work, alive, T, lo, hi, round);
        for (h = 0; h + 1 < work->L; h++)
            changed |= merge_twins(work, alive, T, h, round);
        changed |= drop_unused(work, alive, T, round);
        if (!changed)
            break;
    }
    order_layers(T, work, alive);
    _rf_canon_compact(out, work, T->pos, T->scale, T->placeholder);
    rf_net_clear(work);
    flint_free(alive);
    return RF_OK;
}
