/* Random function-preserving moves on exact networks (test helpers). */
#include <flint/fmpq_vec.h>
#include "symgen.h"

void tsg_rand_q(fmpq_t q, flint_rand_t st, slong nb, slong db)
{
    fmpq_set_si(q, (slong) n_randint(st, 2 * nb + 1) - nb, 1 + (slong) n_randint(st, db));
}

void tsg_rand_pos(fmpq_t q, flint_rand_t st)
{
    fmpq_set_si(q, 1 + (slong) n_randint(st, 5), 1 + (slong) n_randint(st, 4));
}

/* Copy net into a new architecture where layer-l output width grows by
 * `extra` (new neurons zero); the following layer gets zero columns. */
static void widen(rf_net_t net, slong l, slong extra)
{
    rf_net_t n2;
    slong *dims = flint_malloc((net->L + 1) * sizeof(slong)), k, i, j;
    for (k = 0; k <= net->L; k++)
        dims[k] = net->dims[k];
    dims[l + 1] += extra;
    rf_net_init(n2, net->L, dims);
    for (k = 0; k < net->L; k++)
        for (i = 0; i < net->dims[k + 1]; i++) {
            for (j = 0; j < net->dims[k]; j++)
                fmpq_set(rf_net_W(n2, k, i, j), rf_net_W(net, k, i, j));
            fmpq_set(rf_net_b(n2, k, i), rf_net_b(net, k, i));
        }
    rf_net_swap(net, n2);
    rf_net_clear(n2);
    flint_free(dims);
}

void tsg_perm_scale(rf_net_t net, slong l, flint_rand_t st)
{
    /* same draws as always (permutation, then one scale per neuron); the
     * library applies them */
    slong n = net->dims[l + 1], i;
    slong **perm = flint_calloc(net->L, sizeof(slong *));
    fmpq **sc = flint_calloc(net->L, sizeof(fmpq *));
    perm[l] = flint_malloc(n * sizeof(slong));
    sc[l] = _fmpq_vec_init(n);
    for (i = 0; i < n; i++)
        perm[l][i] = i;
    for (i = n - 1; i > 0; i--) {
        slong r = n_randint(st, i + 1), t = perm[l][i];
        perm[l][i] = perm[l][r];
        perm[l][r] = t;
    }
    for (i = 0; i < n; i++)
        tsg_rand_pos(sc[l] + i, st);
    rf_net_apply_perm_scale(net, net, (const slong *const *) perm,
                            (const fmpq *const *) sc);
    flint_free(perm[l]);
    _fmpq_vec_clear(sc[l], n);
    flint_free(perm);
    flint_free(sc);
}

void tsg_split(rf_net_t net, slong l, slong i, flint_rand_t st)
{
    slong n = net->dims[l + 1], j;
    fmpq_t mu, al, t;
    fmpq_init(mu); fmpq_init(al); fmpq_init(t);
    widen(net, l, 1);
    tsg_rand_pos(mu, st);
    tsg_rand_q(al, st, 3, 3);   /* any real split of the outgoing weight */
    for (j = 0; j < net->dims[l]; j++)
        fmpq_mul(rf_net_W(net, l, n, j), rf_net_W(net, l, i, j), mu);
    fmpq_mul(rf_net_b(net, l, n), rf_net_b(net, l, i), mu);
    for (j = 0; j < net->dims[l + 2]; j++) {
        /* v -> al v  and  (1 - al) v / mu */
        fmpq_one(t);
        fmpq_sub(t, t, al);
        fmpq_mul(t, t, rf_net_W(net, l + 1, j, i));
        fmpq_div(rf_net_W(net, l + 1, j, n), t, mu);
        fmpq_mul(rf_net_W(net, l + 1, j, i), rf_net_W(net, l + 1, j, i), al);
    }
    fmpq_clear(mu); fmpq_clear(al); fmpq_clear(t);
}

void tsg_add_dead(rf_net_t net, slong l, flint_rand_t st)
{
    slong n = net->dims[l + 1], j;
    widen(net, l, 1);
    for (j = 0; j < net->dims[l]; j++) {
        if (l >= 1) {
            tsg_rand_q(rf_net_W(net, l, n, j), st, 3, 2);
            if (fmpq_sgn(rf_net_W(net, l, n, j)) > 0)
                fmpq_neg(rf_net_W(net, l, n, j), rf_net_W(net, l, n, j));
        }
    }
    tsg_rand_pos(rf_net_b(net, l, n), st);
    fmpq_neg(rf_net_b(net, l, n), rf_net_b(net, l, n));
    for (j = 0; j < net->dims[l + 2]; j++)
        tsg_rand_q(rf_net_W(net, l + 1, j, n), st, 4, 3);
}

void tsg_insert_identity(rf_net_t net, slong l, flint_rand_t st)
{
    /* new layer l+1: diag(c) h, next layer's columns divided by c */
    rf_net_t n2;
    slong L = net->L, *dims = flint_malloc((L + 2) * sizeof(slong)), k, i, j, w;
    fmpq_t c;
    fmpq_init(c);
    for (k = 0; k <= l + 1; k++)
        dims[k] = net->dims[k];
    w = net->dims[l + 1];
    dims[l + 2] = w;
    for (k = l + 2; k <= L; k++)
        dims[k + 1] = net->dims[k];
    rf_net_init(n2, L + 1, dims);
    for (k = 0; k < L; k++) {
        slong kk = k <= l ? k : k + 1;
        fmpq_mat_set(n2->W + kk, net->W + k);
        fmpq_mat_set(n2->b + kk, net->b + k);
    }
    for (i = 0; i < w; i++) {
        tsg_rand_pos(c, st);
        fmpq_set(rf_net_W(n2, l + 1, i, i), c);
        for (j = 0; j < n2->dims[l + 3]; j++)
            fmpq_div(rf_net_W(n2, l + 2, j, i), rf_net_W(n2, l + 2, j, i), c);
    }
    rf_net_swap(net, n2);
    rf_net_clear(n2);
    flint_free(dims);
    fmpq_clear(c);
}

void tsg_random_symmetry(rf_net_t net, flint_rand_t st, slong max_L)
{
    slong moves = 1 + n_randint(st, 3), m;
    for (m = 0; m < moves; m++) {
        slong l, kind;
        if (net->L < 2)
            return;
        l = n_randint(st, net->L - 1);
        kind = n_randint(st, 4);
        if (kind == 0 || (kind == 3 && net->L >= max_L))
            tsg_perm_scale(net, l, st);
        else if (kind == 1 && net->dims[l + 1] < 5)
            tsg_split(net, l, n_randint(st, net->dims[l + 1]), st);
        else if (kind == 2 && net->dims[l + 1] < 5)
            tsg_add_dead(net, l, st);
        else if (kind == 3)
            tsg_insert_identity(net, l, st);
        else
            tsg_perm_scale(net, l, st);
    }
    for (m = 0; m + 1 < net->L; m++)
        tsg_perm_scale(net, m, st);
}

void tsg_perturb(rf_net_t net, flint_rand_t st)
{
    slong D = rf_net_num_params(net), k = n_randint(st, D);
    fmpq *th = _fmpq_vec_init(D);
    fmpq_t e;
    fmpq_init(e);
    rf_net_get_params(th, net);
    do
        tsg_rand_q(e, st, 3, 8);
    while (fmpq_is_zero(e));
    fmpq_add(th + k, th + k, e);
    rf_net_set_params(net, th);
    _fmpq_vec_clear(th, D);
    fmpq_clear(e);
}

void tsg_add_bump(rf_net_t net, flint_rand_t st)
{
    slong l = net->L - 2, n, j, g;
    fmpq_t c, e;
    if (l < 0)
        return;
    n = net->dims[l + 1];
    fmpq_init(c);
    fmpq_init(e);
    widen(net, l, 3);
    tsg_rand_q(c, st, 3, 2);
    for (j = 0; j < net->dims[l]; j++)
        tsg_rand_q(rf_net_W(net, l, n, j), st, 3, 2);
    for (g = 1; g < 3; g++)
        for (j = 0; j < net->dims[l]; j++)
            fmpq_set(rf_net_W(net, l, n + g, j), rf_net_W(net, l, n, j));
    for (g = 0; g < 3; g++) {
        fmpq_set_si(e, g, 1000);
        fmpq_add(e, e, c);
        fmpq_neg(rf_net_b(net, l, n + g), e);       /* t - g/1000, t = w.h - c */
    }
    fmpq_set_si(rf_net_W(net, l + 1, 0, n), 1, 1);
    fmpq_set_si(rf_net_W(net, l + 1, 0, n + 1), -2, 1);
    fmpq_set_si(rf_net_W(net, l + 1, 0, n + 2), 1, 1);
    fmpq_clear(c);
    fmpq_clear(e);
}
