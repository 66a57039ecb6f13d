/* Mechanisms of hidden symmetries (notes 3.2), each with an exact witness:
 * sign certificates on the parameters (dead / always-on for layers >= 2),
 * exactly proportional (anti-)twins, zero outgoing weights, and - given the
 * complete list of activation regions - neurons inactive / active on every
 * region, unused activations (dF/db = 0 on every region although the neuron
 * is active somewhere), a whole layer off on a region (collapse) and a layer
 * whose image has dimension < n0 on every region (restricted image). */
#include <string.h>
#include <stdarg.h>
#include <flint/fmpq_vec.h>
#include "relufiber/fdim.h"
#include "relufiber/qvec.h"

void rf_fdim_mech_list_init(rf_fdim_mech_list_t ml)
{
    ml->m = NULL;
    ml->n = ml->alloc = 0;
}

void rf_fdim_mech_list_clear(rf_fdim_mech_list_t ml)
{
    slong k;
    for (k = 0; k < ml->n; k++)
        fmpq_clear(ml->m[k].c);
    flint_free(ml->m);
}

const char *rf_fdim_mech_name(rf_fdim_mech_kind_t k)
{
    switch (k) {
    case RF_FDIM_MECH_DEAD: return "stably-unactivated";
    case RF_FDIM_MECH_ALWAYS_ON: return "always-active";
    case RF_FDIM_MECH_DEAD_ORTHANT: return "dead-by-signs";
    case RF_FDIM_MECH_ON_ORTHANT: return "always-on-by-signs";
    case RF_FDIM_MECH_TWINS: return "twins";
    case RF_FDIM_MECH_ANTI_TWINS: return "anti-twins";
    case RF_FDIM_MECH_COLLAPSE: return "layer-collapse";
    case RF_FDIM_MECH_RESTRICTED: return "restricted-image";
    case RF_FDIM_MECH_ZERO_OUT: return "zero-outgoing";
    case RF_FDIM_MECH_INVISIBLE: return "unused-activation";
    case RF_FDIM_MECH_UNUSED_WEIGHT: return "unused-weight";
    case RF_FDIM_MECH_HIDDEN_BEND: return "hidden-bend";
    case RF_FDIM_MECH_ZERO_NEURON: return "zero-neuron";
    }
    return "?";
}

static rf_fdim_mech_struct *push(rf_fdim_mech_list_t ml, rf_fdim_mech_kind_t kind, slong layer,
                            slong i, slong j)
{
    rf_fdim_mech_struct *m;
    if (ml->n == ml->alloc) {
        ml->alloc = FLINT_MAX(8, 2 * ml->alloc);
        ml->m = flint_realloc(ml->m, ml->alloc * sizeof(rf_fdim_mech_struct));
    }
    m = ml->m + ml->n++;
    m->kind = kind;
    m->layer = layer;
    m->i = i;
    m->j = j;
    fmpq_init(m->c);
    m->region = -1;
    m->witness[0] = 0;
    return m;
}

/* snprintf through a va_list: witness texts are informative and may be cut. */
/* A witness text; one that does not fit ends in "..." (never cut silently). */
static void wfmt(char *dst, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(dst, RF_FDIM_WITNESS_MAX, fmt, ap);
    va_end(ap);
    if (n >= RF_FDIM_WITNESS_MAX)
        memcpy(dst + RF_FDIM_WITNESS_MAX - 4, "...", 4);
}

static void qstr(char *buf, size_t n, const fmpq_t q)
{
    char *s = fmpq_get_str(NULL, 10, q);
    snprintf(buf, n, "%s", s);
    flint_free(s);
}

/* Parameter-only mechanisms of hidden layer l (1-based). */
static void param_mechs(rf_fdim_mech_list_t ml, const rf_net_t net, slong l)
{
    slong n = net->dims[l], np = net->dims[l - 1], nn = net->dims[l + 1], i, j, q;
    char b[96];
    for (i = 0; i < n; i++) {
        const fmpq *bi = rf_net_b(net, l - 1, i);
        int allneg = 1, allpos = 1, zero_out = 1, zero_in = fmpq_is_zero(bi);
        for (q = 0; q < np; q++) {
            int s = fmpq_sgn(rf_net_W(net, l - 1, i, q));
            allneg &= (s <= 0);
            allpos &= (s >= 0);
            zero_in &= (s == 0);
        }
        if (zero_in)
            wfmt(push(ml, RF_FDIM_MECH_ZERO_NEURON, l, i, -1)->witness,
                 "W%ld_%ld_* = 0 and b%ld_%ld = 0: the pre-activation is identically 0 "
                 "(no input is admissible)", (long) l, (long) (i + 1), (long) l, (long) (i + 1));
        for (q = 0; q < nn; q++)
            zero_out &= fmpq_is_zero(rf_net_W(net, l, q, i));
        qstr(b, sizeof b, bi);
        if (l >= 2 && allneg && fmpq_sgn(bi) < 0)
            wfmt(push(ml, RF_FDIM_MECH_DEAD_ORTHANT, l, i, -1)->witness,
                     "inputs of layer %ld are >= 0, W%ld_%ld_* <= 0 and b%ld_%ld = %s < 0",
                     (long) l, (long) l, (long) (i + 1), (long) l, (long) (i + 1), b);
        if (l >= 2 && allpos && fmpq_sgn(bi) > 0)
            wfmt(push(ml, RF_FDIM_MECH_ON_ORTHANT, l, i, -1)->witness,
                     "inputs of layer %ld are >= 0, W%ld_%ld_* >= 0 and b%ld_%ld = %s > 0",
                     (long) l, (long) l, (long) (i + 1), (long) l, (long) (i + 1), b);
        if (zero_out)
            wfmt(push(ml, RF_FDIM_MECH_ZERO_OUT, l, i, -1)->witness,
                     "W%ld_*_%ld = 0: the neuron never reaches the output",
                     (long) (l + 1), (long) (i + 1));
        /* twins: (W_j, b_j) = c (W_i, b_i) with j > i */
        for (j = i + 1; j < n; j++) {
            fmpq_t c, t;
            int ok = 1, have = 0;
            fmpq_init(c);
            fmpq_init(t);
            for (q = 0; q <= np && ok; q++) {
                const fmpq *a = q < np ? rf_net_W(net, l - 1, i, q) : rf_net_b(net, l - 1, i);
                const fmpq *bb = q < np ? rf_net_W(net, l - 1, j, q) : rf_net_b(net, l - 1, j);
                if (fmpq_is_zero(a)) {
                    ok = fmpq_is_zero(bb);
                    continue;
                }
                fmpq_div(t, bb, a);
                if (!have) {
                    fmpq_set(c, t);
                    have = 1;
                } else {
                    ok = fmpq_equal(c, t);
                }
            }
            if (ok && have && !fmpq_is_zero(c)) {
                rf_fdim_mech_struct *m = push(ml, fmpq_sgn(c) > 0 ? RF_FDIM_MECH_TWINS : RF_FDIM_MECH_ANTI_TWINS,
                                         l, i, j);
                fmpq_set(m->c, c);
                qstr(b, sizeof b, c);
                wfmt(m->witness, "(W%ld_%ld_*, b%ld_%ld) = %s * (W%ld_%ld_*, b%ld_%ld)",
                         (long) l, (long) (j + 1), (long) l, (long) (j + 1), b,
                         (long) l, (long) (i + 1), (long) l, (long) (i + 1));
            }
            fmpq_clear(c);
            fmpq_clear(t);
        }
    }
}

/* Rank of the spatial Jacobian M^l (n_l x n0) of h^l on pattern pat, for
 * every hidden layer l (ranks[l-1]). */
static void spatial_ranks(slong *ranks, const rf_net_t net, const int *pat)
{
    slong n0 = net->dims[0], l, i, j, q, k = 0;
    fmpq_mat_t M, Mn;
    fmpq_mat_init(M, n0, n0);
    fmpq_mat_one(M);
    for (l = 1; l < net->L; l++) {
        fmpq_mat_init(Mn, net->dims[l], n0);
        for (i = 0; i < net->dims[l]; i++, k++) {
            if (pat[k] <= 0)
                continue;
            for (j = 0; j < net->dims[l - 1]; j++)
                for (q = 0; q < n0; q++)
                    fmpq_addmul(fmpq_mat_entry(Mn, i, q), rf_net_W(net, l - 1, i, j),
                                fmpq_mat_entry(M, j, q));
        }
        fmpq_mat_swap(M, Mn);
        fmpq_mat_clear(Mn);
        {
            fmpq_mat_t B;
            fmpq_mat_init(B, M->r, M->c);
            ranks[l - 1] = fmpq_mat_rref(B, M);
            fmpq_mat_clear(B);
        }
    }
    fmpq_mat_clear(M);
}

void rf_fdim_mechanisms(rf_fdim_mech_list_t ml, const rf_net_t net,
                        const rf_fdim_regions_t regions)
{
    slong L = net->L, l, i, k, nh = rf_net_num_hidden(net), D, nd, nr, r;
    slong *nact, *used, *maxrank, *ranks, *hid_region;
    char *colseen;
    for (l = 1; l < L; l++)
        param_mechs(ml, net, l);
    if (regions == NULL || !regions->complete || regions->set->n == 0)
        return;
    D = rf_net_num_params(net);
    nd = rf_net_out_dim(net);
    nr = regions->set->n;
    nact = flint_calloc(nh + 1, sizeof(slong));
    used = flint_calloc(nh + 1, sizeof(slong));
    maxrank = flint_calloc(L, sizeof(slong));
    ranks = flint_calloc(L, sizeof(slong));
    colseen = flint_calloc(D + 1, 1);
    hid_region = flint_malloc((nh + 1) * sizeof(slong));
    for (k = 0; k < nh; k++)
        hid_region[k] = -1;
    {
        fmpq *rows = _fmpq_vec_init(nd * D);
        int collapse_done[64] = {0};
        for (r = 0; r < nr; r++) {
            const int *pat = regions->set->pat + r * nh;
            const fmpq *x = regions->set->x + r * net->dims[0];
            {
                slong q, e;
                for (q = -1; q < net->dims[0]; q++) {
                    rf_fdim_rows_fmpq(rows, net, pat, x, q);
                    for (e = 0; e < nd * D; e++)
                        if (!fmpq_is_zero(rows + e))
                            colseen[e % D] = 1;
                }
            }
            rf_fdim_rows_fmpq(rows, net, pat, x, -1);
            for (l = 1, k = 0; l < L; l++) {
                slong off = rf_net_param_offset(net, l - 1) + net->dims[l] * net->dims[l - 1];
                slong on = 0;
                for (i = 0; i < net->dims[l]; i++, k++) {
                    slong q;
                    if (pat[k] > 0) {
                        nact[k]++;
                        on++;
                    }
                    {
                        int seen = 0;
                        for (q = 0; q < nd; q++)
                            if (!fmpq_is_zero(rows + q * D + off + i))
                                seen = 1;
                        used[k] |= seen;
                        /* crossing of neuron k out of region r unseen? */
                        if (!seen && pat[k] > 0 && hid_region[k] < 0) {
                            slong r2;
                            for (r2 = 0; r2 < nr; r2++) {
                                const int *p2 = regions->set->pat + r2 * nh;
                                slong t;
                                for (t = 0; t < nh; t++)
                                    if ((t == k) != ((p2[t] > 0) != (pat[t] > 0)))
                                        break;
                                if (t == nh)
                                    break;
                            }
                            if (r2 < nr)
                                hid_region[k] = r;
                        }
                    }
                }
                if (on == 0 && l < 64 && !collapse_done[l]) {
                    rf_fdim_mech_struct *m = push(ml, RF_FDIM_MECH_COLLAPSE, l, -1, -1);
                    char b[160];
                    slong q, len = 0;
                    collapse_done[l] = 1;
                    m->region = r;
                    for (q = 0; q < net->dims[0] && len < 150; q++) {
                        char *t = fmpq_get_str(NULL, 10, x + q);
                        len += snprintf(b + len, sizeof b - len, "%s%s", q ? "," : "", t);
                        flint_free(t);
                    }
                    wfmt(m->witness,
                         "every neuron of layer %ld is off on region %ld (witness x = (%s)): "
                         "F is constant there", (long) l, (long) (r + 1), b);
                }
            }
            spatial_ranks(ranks, net, pat);
            for (l = 1; l < L; l++)
                maxrank[l] = FLINT_MAX(maxrank[l], ranks[l - 1]);
        }
        _fmpq_vec_clear(rows, nd * D);
    }
    for (l = 1, k = 0; l < L; l++) {
        for (i = 0; i < net->dims[l]; i++, k++) {
            slong s;
            int orth = 0;
            for (s = 0; s < ml->n; s++)
                if (ml->m[s].layer == l && ml->m[s].i == i &&
                    (ml->m[s].kind == RF_FDIM_MECH_DEAD_ORTHANT || ml->m[s].kind == RF_FDIM_MECH_ON_ORTHANT))
                    orth = 1;
            if (nact[k] == 0 && !orth)
                wfmt(push(ml, RF_FDIM_MECH_DEAD, l, i, -1)->witness,
                         "inactive on all %ld activation regions (complete exact enumeration)",
                         (long) nr);
            else if (nact[k] == nr && !orth)
                wfmt(push(ml, RF_FDIM_MECH_ALWAYS_ON, l, i, -1)->witness,
                         "active on all %ld activation regions (complete exact enumeration)",
                         (long) nr);
            else if (nact[k] > 0 && !used[k])
                wfmt(push(ml, RF_FDIM_MECH_INVISIBLE, l, i, -1)->witness,
                         "active on %ld of %ld regions but dF/db%ld_%ld = 0 on every region: "
                         "its bend is never seen", (long) nact[k], (long) nr, (long) l, (long) (i + 1));
            else if (hid_region[k] >= 0) {
                rf_fdim_mech_struct *m = push(ml, RF_FDIM_MECH_HIDDEN_BEND, l, i, -1);
                m->region = hid_region[k];
                wfmt(m->witness,
                     "on region %ld the neuron is active, dF/db%ld_%ld = 0 there, and the region "
                     "with only this neuron off is realized: that part of its bend is not seen",
                     (long) (hid_region[k] + 1), (long) l, (long) (i + 1));
            }
        }
        if (maxrank[l] < net->dims[0])
            wfmt(push(ml, RF_FDIM_MECH_RESTRICTED, l, -1, -1)->witness,
                 "the image of layer %ld has dimension <= %ld < n0 = %ld on every one of the %ld regions",
                 (long) l, (long) maxrank[l], (long) net->dims[0], (long) nr);
    }
    /* unused weights into layer l >= 2 whose target neuron is otherwise fine */
    for (l = 2, k = net->dims[1]; l < L; l++) {
        slong off = rf_net_param_offset(net, l - 1), j;
        for (i = 0; i < net->dims[l]; i++)
            for (j = 0; j < net->dims[l - 1]; j++) {
                slong src = k - net->dims[l - 1] + j, dst = k + i;
                if (colseen[off + i * net->dims[l - 1] + j] || nact[dst] == 0 || !used[dst] ||
                    nact[src] == 0 || !used[src])
                    continue;
                wfmt(push(ml, RF_FDIM_MECH_UNUSED_WEIGHT, l, i, j)->witness,
                     "dF/dW%ld_%ld_%ld = 0 on all %ld regions: neuron %ld of layer %ld and neuron "
                     "%ld of layer %ld are never active together (or downstream is blind there)",
                     (long) l, (long) (i + 1), (long) (j + 1), (long) nr, (long) (j + 1),
                     (long) (l - 1), (long) (i + 1), (long) l);
            }
        k += net->dims[l];
    }
    flint_free(colseen);
    flint_free(hid_region);
    flint_free(nact);
    flint_free(used);
    flint_free(maxrank);
    flint_free(ranks);
}
