/* Exact re-check of a canonical-form trace (docs/canon.md, Lemma 1).
 *
 * Starting from the input network, every move is replayed after its
 * precondition is checked exactly on the current network: dead (the
 * interval upper bound, recomputed at the start of the move's round, is
 * <= 0), constant (lower = upper bound = c > 0), unused (zero column), twin
 * ((row, bias) = c (row, bias) of a live neuron, c > 0). Each checked move
 * preserves the function on the domain, and so do the positions and
 * positive scalings applied last; if the result equals the claimed form,
 * the input network and the form compute the same function there. */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "canon_internal.h"

static int positions_valid(const rf_canon_trace_t T, const char *alive)
{
    slong h, i, off = 0;
    int ok = 1;
    for (h = 0; h + 1 < T->L && ok; h++) {
        slong n = T->dims[h + 1], m = 0;
        char *seen = flint_calloc(n + 1, 1);
        for (i = 0; i < n && ok; i++) {
            slong p = T->pos[h][i];
            if (!alive[off + i]) {
                ok = p == -1;
                continue;
            }
            ok = p >= 0 && p < n && !seen[p] && fmpq_sgn(T->scale[h] + i) > 0;
            if (ok)
                seen[p] = 1;
            m++;
        }
        for (i = 0; i < m && ok; i++)
            ok = seen[i];
        ok = ok && (T->placeholder[h] == (m == 0));
        flint_free(seen);
        off += n;
    }
    return ok;
}

int rf_canon_trace_verify(const rf_net_t net, const rf_canon_trace_t T,
                          const rf_net_t out)
{
    slong nh = rf_net_num_hidden(net), k, round = -1, l;
    fmpq *lb, *ub;
    int *li, *ui, ok = 1;
    char *alive;
    rf_net_t work, res;
    const fmpq *lo = T->boxed ? T->lo : NULL, *hi = T->boxed ? T->hi : NULL;
    if (T->L != net->L || T->pos == NULL)
        return 0;
    for (l = 0; l <= net->L; l++)
        if (T->dims[l] != net->dims[l])
            return 0;
    lb = _fmpq_vec_init(nh + 1);
    ub = _fmpq_vec_init(nh + 1);
    li = flint_calloc(nh + 1, sizeof(int));
    ui = flint_calloc(nh + 1, sizeof(int));
    alive = flint_malloc(nh + 1);
    memset(alive, 1, nh + 1);
    rf_net_init(work, 1, (slong[]) {1, 1});
    rf_net_set(work, net);
    for (k = 0; k < T->nmoves && ok; k++) {
        const rf_canon_move_struct *m = T->moves + k;
        slong h = m->layer, i = m->neuron, g;
        if (h < 0 || h + 1 >= net->L || i < 0 || i >= net->dims[h + 1]) {
            ok = 0;
            break;
        }
        g = _rf_canon_hidden_offset(net, h) + i;
        if (!alive[g]) {
            ok = 0;
            break;
        }
        switch (m->kind) {
        case RF_CANON_DEAD:
        case RF_CANON_CONSTANT:
            if (m->round != round) {
                rf_canon_bounds(lb, li, ub, ui, work, lo, hi);
                round = m->round;
            }
            if (m->kind == RF_CANON_DEAD) {
                ok = !ui[g] && fmpq_sgn(ub + g) <= 0;
            } else {
                ok = !ui[g] && !li[g] && fmpq_equal(lb + g, ub + g)
                     && fmpq_equal(ub + g, m->c) && fmpq_sgn(m->c) > 0;
                if (ok)
                    _rf_canon_fold_constant(work, h, i, m->c);
            }
            break;
        case RF_CANON_UNUSED:
            ok = _rf_canon_column_is_zero(work, h, i);
            break;
        case RF_CANON_TWIN:
            ok = m->target >= 0 && m->target < net->dims[h + 1] && m->target != i
                 && alive[_rf_canon_hidden_offset(net, h) + m->target]
                 && _rf_canon_is_twin(work, h, i, m->target, m->c);
            if (ok)
                _rf_canon_merge_twin(work, h, m->target, i, m->c);
            break;
        default:
            ok = 0;
        }
        if (ok)
            _rf_canon_remove(work, alive, h, i);
    }
    if (ok)
        ok = positions_valid(T, alive);
    if (ok) {
        rf_net_init(res, 1, (slong[]) {1, 1});
        _rf_canon_compact(res, work, T->pos, T->scale, T->placeholder);
        ok = rf_net_equal(res, out);
        rf_net_clear(res);
    }
    rf_net_clear(work);
    _fmpq_vec_clear(lb, nh + 1);
    _fmpq_vec_clear(ub, nh + 1);
    flint_free(li);
    flint_free(ui);
    flint_free(alive);
    return ok;
}
