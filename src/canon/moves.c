/* The moves of the canonical form on a network of fixed shape, and the final
 * compaction (docs/canon.md, Lemma 1: each move preserves the function on
 * the domain).
 *   remove:   a neuron whose outgoing column is zero contributes nothing;
 *             its incoming row and bias may then be set to zero as well.
 *   constant: relu(z) = c on the domain when z = c > 0 there, so
 *             W' relu(z) = W' c: add c times the column to the next bias.
 *   twin:     (w_j, b_j) = c (w_t, b_t), c > 0, gives relu(z_j) = c relu(z_t)
 *             everywhere, so column_t += c column_j and column_j = 0.
 *   compact:  permuting neurons and scaling (row, bias) by s > 0 and the
 *             column by 1/s is the positive homogeneity relu(s z) = s relu(z). */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "canon_internal.h"

slong _rf_canon_hidden_offset(const rf_net_t net, slong h)
{
    slong k, off = 0;
    for (k = 0; k < h; k++)
        off += net->dims[k + 1];
    return off;
}

void _rf_canon_remove(rf_net_t work, char *alive, slong h, slong i)
{
    slong r, j;
    for (r = 0; r < work->dims[h + 2]; r++)
        fmpq_zero(rf_net_W(work, h + 1, r, i));
    for (j = 0; j < work->dims[h]; j++)
        fmpq_zero(rf_net_W(work, h, i, j));
    fmpq_zero(rf_net_b(work, h, i));
    alive[_rf_canon_hidden_offset(work, h) + i] = 0;
}

void _rf_canon_fold_constant(rf_net_t work, slong h, slong i, const fmpq_t c)
{
    slong r;
    for (r = 0; r < work->dims[h + 2]; r++)
        fmpq_addmul(rf_net_b(work, h + 1, r), rf_net_W(work, h + 1, r, i), c);
}

void _rf_canon_merge_twin(rf_net_t work, slong h, slong t, slong j, const fmpq_t c)
{
    slong r;
    for (r = 0; r < work->dims[h + 2]; r++)
        fmpq_addmul(rf_net_W(work, h + 1, r, t), rf_net_W(work, h + 1, r, j), c);
}

int _rf_canon_is_twin(const rf_net_t work, slong h, slong j, slong t, const fmpq_t c)
{
    slong k;
    int ok = fmpq_sgn(c) > 0;
    fmpq_t v;
    fmpq_init(v);
    for (k = 0; k < work->dims[h] && ok; k++) {
        fmpq_mul(v, c, rf_net_W(work, h, t, k));
        ok = fmpq_equal(v, rf_net_W(work, h, j, k));
    }
    if (ok) {
        fmpq_mul(v, c, rf_net_b(work, h, t));
        ok = fmpq_equal(v, rf_net_b(work, h, j));
    }
    fmpq_clear(v);
    return ok;
}

int _rf_canon_column_is_zero(const rf_net_t work, slong h, slong i)
{
    slong r;
    for (r = 0; r < work->dims[h + 2]; r++)
        if (!fmpq_is_zero(rf_net_W(work, h + 1, r, i)))
            return 0;
    return 1;
}

void _rf_canon_compact(rf_net_t out, const rf_net_t work,
                       slong *const *pos, fmpq *const *scale,
                       const slong *placeholder)
{
    slong L = work->L, l, i, j, *dims = flint_malloc((L + 1) * sizeof(slong));
    rf_net_t res;
    dims[0] = work->dims[0];
    dims[L] = work->dims[L];
    for (l = 0; l + 1 < L; l++) {
        slong w = 0;
        for (i = 0; i < work->dims[l + 1]; i++)
            w += pos[l][i] >= 0;
        dims[l + 1] = placeholder[l] ? 1 : w;
    }
    rf_net_init(res, L, dims);
    for (l = 0; l < L; l++) {
        int hid_out = l + 1 < L, hid_in = l > 0;
        for (i = 0; i < work->dims[l + 1]; i++) {
            slong oi = hid_out ? pos[l][i] : i;
            if (oi < 0 || (hid_out && placeholder[l]))
                continue;
            for (j = 0; j < work->dims[l]; j++) {
                slong oj = hid_in ? pos[l - 1][j] : j;
                fmpq *e;
                if (oj < 0 || (hid_in && placeholder[l - 1]))
                    continue;
                e = rf_net_W(res, l, oi, oj);
                fmpq_set(e, rf_net_W(work, l, i, j));
                if (hid_out)
                    fmpq_mul(e, e, scale[l] + i);
                if (hid_in)
                    fmpq_div(e, e, scale[l - 1] + j);
            }
            if (hid_out)
                fmpq_mul(rf_net_b(res, l, oi), rf_net_b(work, l, i), scale[l] + i);
            else
                fmpq_set(rf_net_b(res, l, oi), rf_net_b(work, l, i));
        }
    }
    rf_net_swap(out, res);
    rf_net_clear(res);
    flint_free(dims);
}

void _rf_canon_trace_start(rf_canon_trace_t T, const rf_net_t net,
                           const fmpq *lo, const fmpq *hi)
{
    slong h, i;
    rf_canon_trace_clear(T);
    T->L = net->L;
    T->dims = flint_malloc((net->L + 1) * sizeof(slong));
    memcpy(T->dims, net->dims, (net->L + 1) * sizeof(slong));
    T->pos = flint_calloc(net->L, sizeof(slong *));
    T->scale = flint_calloc(net->L, sizeof(fmpq *));
    T->placeholder = flint_calloc(net->L, sizeof(slong));
    for (h = 0; h + 1 < net->L; h++) {
        T->pos[h] = flint_malloc(net->dims[h + 1] * sizeof(slong));
        T->scale[h] = _fmpq_vec_init(net->dims[h + 1]);
        for (i = 0; i < net->dims[h + 1]; i++) {
            T->pos[h][i] = -1;
            fmpq_one(T->scale[h] + i);
        }
    }
    T->boxed = lo != NULL && hi != NULL;
    if (T->boxed) {
        T->lo = _fmpq_vec_init(net->dims[0]);
        T->hi = _fmpq_vec_init(net->dims[0]);
        for (i = 0; i < net->dims[0]; i++) {
            fmpq_set(T->lo + i, lo + i);
            fmpq_set(T->hi + i, hi + i);
        }
    }
}

void _rf_canon_trace_push(rf_canon_trace_t T, rf_canon_move_kind_t kind,
                          slong layer, slong neuron, slong target, slong round,
                          const fmpq_t c)
{
    rf_canon_move_struct *m;
    if (T->nmoves == T->alloc) {
        T->alloc = T->alloc ? 2 * T->alloc : 16;
        T->moves = flint_realloc(T->moves, T->alloc * sizeof(rf_canon_move_struct));
    }
    m = T->moves + T->nmoves++;
    m->kind = kind;
    m->layer = layer;
    m->neuron = neuron;
    m->target = target;
    m->round = round;
    fmpq_init(m->c);
    if (c != NULL)
        fmpq_set(m->c, c);
}

void rf_canon_trace_init(rf_canon_trace_t T)
{
    memset(T, 0, sizeof(rf_canon_trace_struct));
}

void rf_canon_trace_clear(rf_canon_trace_t T)
{
    slong h, k;
    for (k = 0; k < T->nmoves; k++)
        fmpq_clear(T->moves[k].c);
    flint_free(T->moves);
    if (T->pos != NULL)
        for (h = 0; h + 1 < T->L; h++) {
            flint_free(T->pos[h]);
            _fmpq_vec_clear(T->scale[h], T->dims[h + 1]);
        }
    flint_free(T->pos);
    flint_free(T->scale);
    flint_free(T->placeholder);
    if (T->boxed) {
        _fmpq_vec_clear(T->lo, T->dims[0]);
        _fmpq_vec_clear(T->hi, T->dims[0]);
    }
    flint_free(T->dims);
    memset(T, 0, sizeof(rf_canon_trace_struct));
}

slong rf_canon_trace_count(const rf_canon_trace_t T, rf_canon_move_kind_t kind)
{
    slong k, n = 0;
    for (k = 0; k < T->nmoves; k++)
        n += T->moves[k].kind == kind;
    return n;
}
