/* The path embedding Phi(theta): products of weights along input-output
 * paths (bias paths start at a constant neuron), its linearized evaluation
 * on a region, and the rank of its Jacobian. See docs/embedding.md. */
#include <string.h>
#include <stdarg.h>
#include <flint/fmpq_vec.h>
#include <flint/fmpz_mat.h>
#include <flint/ulong_extras.h>
#include "relufiber/fdim.h"
#include "relufiber/qvec.h"

/* Paths starting at layer s (0: inputs, count n0; l >= 1: biases, count n_l)
 * = dims[s] * prod_{t > s} dims[t]. */
static slong paths_from(const rf_net_t net, slong s, slong cap)
{
    slong t, n = net->dims[s];
    for (t = s + 1; t <= net->L; t++) {
        if (n > cap / FLINT_MAX(1, net->dims[t]))
            return -1;
        n *= net->dims[t];
    }
    return n;
}

slong rf_fdim_embed_num_paths(const rf_net_t net, slong cap)
{
    slong s, tot = 0;
    if (cap <= 0)
        cap = 10000000;
    for (s = 0; s <= net->L; s++) {
        slong n = paths_from(net, s, cap);
        if (n < 0 || tot > cap - n)
            return -1;
        tot += n;
    }
    return tot;
}

void rf_fdim_embed_path(slong *start_layer, slong *start, slong *nodes,
                   const rf_net_t net, slong p)
{
    slong s, t, L = net->L;
    for (s = 0; s <= L; s++) {
        slong n = paths_from(net, s, WORD_MAX / 4);
        if (p < n)
            break;
        p -= n;
    }
    *start_layer = s;
    /* mixed radix: last visited layer varies fastest */
    for (t = L; t > s; t--) {
        nodes[t - s - 1] = p % net->dims[t];
        p /= net->dims[t];
    }
    *start = p;
}

/* Recursive product along all paths from (s, j), written in order. */
static void fill(fmpq *phi, slong *pos, const rf_net_t net, slong l, slong i,
                 const fmpq_t acc)
{
    slong k;
    fmpq_t t;
    if (l == net->L) {
        fmpq_set(phi + (*pos)++, acc);
        return;
    }
    fmpq_init(t);
    for (k = 0; k < net->dims[l + 1]; k++) {
        fmpq_mul(t, acc, rf_net_W(net, l, k, i));
        fill(phi, pos, net, l + 1, k, t);
    }
    fmpq_clear(t);
}

void rf_fdim_embed_phi(fmpq *phi, const rf_net_t net)
{
    slong pos = 0, s, j;
    fmpq_t one;
    fmpq_init(one);
    fmpq_one(one);
    for (j = 0; j < net->dims[0]; j++)
        fill(phi, &pos, net, 0, j, one);
    for (s = 1; s <= net->L; s++)
        for (j = 0; j < net->dims[s]; j++)
            fill(phi, &pos, net, s, j, rf_net_b(net, s - 1, j));
    fmpq_clear(one);
}

void rf_fdim_embed_eval_linear(fmpq *y, const rf_net_t net, const fmpq *phi,
                          const int *pat, const fmpq *x)
{
    slong np = rf_fdim_embed_num_paths(net, 0), p, sl, st, t, L = net->L;
    slong *nodes = flint_malloc((L + 1) * sizeof(slong));
    slong *hoff = flint_malloc((L + 1) * sizeof(slong));
    rf_qvec_zero(y, net->dims[L]);
    hoff[1] = 0;
    for (t = 2; t <= L; t++)
        hoff[t] = hoff[t - 1] + net->dims[t - 1];
    for (p = 0; p < np; p++) {
        int on = 1;
        rf_fdim_embed_path(&sl, &st, nodes, net, p);
        /* hidden neurons visited: layers sl+1..L-1, plus the start neuron
         * itself for a bias path of a hidden layer */
        if (sl >= 1 && sl < L && pat[hoff[sl] + st] <= 0)
            on = 0;
        for (t = sl + 1; t < L && on; t++)
            if (pat[hoff[t] + nodes[t - sl - 1]] <= 0)
                on = 0;
        if (!on)
            continue;
        if (sl == 0)
            fmpq_addmul(y + nodes[L - 1], phi + p, x + st);
        else if (sl == L)
            fmpq_add(y + st, y + st, phi + p);
        else
            fmpq_add(y + nodes[L - sl - 1], y + nodes[L - sl - 1], phi + p);
    }
    flint_free(nodes);
    flint_free(hoff);
}

/* Column of parameter (layer l 0-based, W entry i,j or bias i when j < 0). */
static slong col_of(const rf_net_t net, slong l, slong i, slong j)
{
    slong off = rf_net_param_offset(net, l);
    return j >= 0 ? off + i * net->dims[l] + j
                  : off + net->dims[l + 1] * net->dims[l] + i;
}

slong rf_fdim_embed_dphi_rank(int *exact, const rf_net_t net, flint_rand_t st)
{
    slong np = rf_fdim_embed_num_paths(net, 2000000), D = rf_net_num_params(net);
    slong H = rf_net_num_hidden(net), L = net->L, p, e, r, sl, s0;
    slong *nodes = flint_malloc((L + 2) * sizeof(slong));
    slong *cols = flint_malloc((L + 2) * sizeof(slong));
    fmpq *fac = _fmpq_vec_init(L + 2);
    fmpq_mat_t J;
    fmpq_t t;
    *exact = 0;
    if (np < 0 || (double) np * D > 4e7) {
        flint_free(nodes);
        flint_free(cols);
        _fmpq_vec_clear(fac, L + 2);
        return -1;
    }
    fmpq_mat_init(J, np, D);
    fmpq_init(t);
    for (p = 0; p < np; p++) {
        slong nf = 0, prev, l, a, b;
        rf_fdim_embed_path(&sl, &s0, nodes, net, p);
        if (sl >= 1) {
            cols[nf] = col_of(net, sl - 1, s0, -1);
            fmpq_set(fac + nf++, rf_net_b(net, sl - 1, s0));
        }
        prev = s0;
        for (l = sl; l < L; l++) {
            slong nxt = nodes[l - sl];
            cols[nf] = col_of(net, l, nxt, prev);
            fmpq_set(fac + nf++, rf_net_W(net, l, nxt, prev));
            prev = nxt;
        }
        /* d Phi_p / d theta_e = product of the other factors */
        for (a = 0; a < nf; a++) {
            fmpq_one(t);
            for (b = 0; b < nf; b++)
                if (b != a)
                    fmpq_mul(t, t, fac + b);
            fmpq_add(fmpq_mat_entry(J, p, cols[a]), fmpq_mat_entry(J, p, cols[a]), t);
        }
    }
    {
        fmpz_mat_t Z;
        fmpz *den = _fmpz_vec_init(np);
        nmod_mat_t A;
        fmpz_mat_init(Z, np, D);
        fmpq_mat_get_fmpz_mat_rowwise(Z, den, J);
        nmod_mat_init(A, np, D, n_randprime(st, 60, 1));
        fmpz_mat_get_nmod_mat(A, Z);
        r = nmod_mat_rank(A);
        if (r == D - H) {
            *exact = 1;
        } else if ((double) np * D <= 2e6) {
            r = fmpz_mat_rank(Z);
            *exact = 1;
        }
        nmod_mat_clear(A);
        fmpz_mat_clear(Z);
        _fmpz_vec_clear(den, np);
    }
    (void) e;
    fmpq_clear(t);
    fmpq_mat_clear(J);
    flint_free(nodes);
    flint_free(cols);
    _fmpq_vec_clear(fac, L + 2);
    return r;
}

int rf_fdim_embed_local_ident(rf_fdim_rank_t res, const rf_net_t net,
                         const fmpq *pts, slong npts, flint_rand_t st,
                         rf_err_t err)
{
    rf_fdim_opts_t o;
    rf_fdim_opts_init(o);
    if (rf_fdim_batch(res, net, pts, npts, o, st, err) != RF_OK)
        return -1;
    return res->rank == res->bound ? 1 : 0;
}

