/* Exact ReLU network model: storage, parameter layout, evaluation. */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/net.h"
#include "relufiber/qvec.h"

void rf_net_init(rf_net_t net, slong L, const slong *dims)
{
    slong l;
    net->L = L;
    net->dims = flint_malloc((L + 1) * sizeof(slong));
    memcpy(net->dims, dims, (L + 1) * sizeof(slong));
    net->W = flint_malloc(L * sizeof(fmpq_mat_struct));
    net->b = flint_malloc(L * sizeof(fmpq_mat_struct));
    for (l = 0; l < L; l++) {
        fmpq_mat_init(net->W + l, dims[l + 1], dims[l]);
        fmpq_mat_init(net->b + l, dims[l + 1], 1);
    }
}

void rf_net_clear(rf_net_t net)
{
    slong l;
    for (l = 0; l < net->L; l++) {
        fmpq_mat_clear(net->W + l);
        fmpq_mat_clear(net->b + l);
    }
    flint_free(net->W);
    flint_free(net->b);
    flint_free(net->dims);
}

void rf_net_set(rf_net_t net, const rf_net_t src)
{
    slong l;
    if (net == src)
        return;
    rf_net_clear(net);
    rf_net_init(net, src->L, src->dims);
    for (l = 0; l < src->L; l++) {
        fmpq_mat_set(net->W + l, src->W + l);
        fmpq_mat_set(net->b + l, src->b + l);
    }
}

void rf_net_swap(rf_net_t a, rf_net_t b)
{
    rf_net_struct t = *a;
    *a = *b;
    *b = t;
}

int rf_net_equal(const rf_net_t a, const rf_net_t b)
{
    slong l;
    if (a->L != b->L)
        return 0;
    for (l = 0; l <= a->L; l++)
        if (a->dims[l] != b->dims[l])
            return 0;
    for (l = 0; l < a->L; l++)
        if (!fmpq_mat_equal(a->W + l, b->W + l) ||
            !fmpq_mat_equal(a->b + l, b->b + l))
            return 0;
    return 1;
}

slong rf_net_num_hidden(const rf_net_t net)
{
    slong l, n = 0;
    for (l = 1; l < net->L; l++)
        n += net->dims[l];
    return n;
}

slong rf_net_param_offset(const rf_net_t net, slong l)
{
    return rf_net_arch_offset(net->L, net->dims, l);
}

slong rf_net_num_params(const rf_net_t net)
{
    return rf_net_param_offset(net, net->L);
}

void rf_net_get_params(fmpq *theta, const rf_net_t net)
{
    slong l, i, j, k = 0;
    for (l = 0; l < net->L; l++) {
        for (i = 0; i < net->dims[l + 1]; i++)
            for (j = 0; j < net->dims[l]; j++)
                fmpq_set(theta + k++, rf_net_W(net, l, i, j));
        for (i = 0; i < net->dims[l + 1]; i++)
            fmpq_set(theta + k++, rf_net_b(net, l, i));
    }
}

void rf_net_set_params(rf_net_t net, const fmpq *theta)
{
    slong l, i, j, k = 0;
    for (l = 0; l < net->L; l++) {
        for (i = 0; i < net->dims[l + 1]; i++)
            for (j = 0; j < net->dims[l]; j++)
                fmpq_set(rf_net_W(net, l, i, j), theta + k++);
        for (i = 0; i < net->dims[l + 1]; i++)
            fmpq_set(rf_net_b(net, l, i), theta + k++);
    }
}

void rf_net_param_name(char *buf, size_t n, const rf_net_t net, slong k)
{
    rf_net_arch_param_name(buf, n, net->L, net->dims, k);
}

/* z = W h + b for layer l. */
static void layer_affine(fmpq *z, const rf_net_t net, slong l, const fmpq *h)
{
    slong i, j;
    fmpq_t t;
    fmpq_init(t);
    for (i = 0; i < net->dims[l + 1]; i++) {
        fmpq_set(z + i, rf_net_b(net, l, i));
        for (j = 0; j < net->dims[l]; j++) {
            if (fmpq_is_zero(h + j))
                continue;
            fmpq_mul(t, rf_net_W(net, l, i, j), h + j);
            fmpq_add(z + i, z + i, t);
        }
    }
    fmpq_clear(t);
}

/* Shared forward pass. mode 0: true ReLU; mode 1: mask from pat. */
static void forward(fmpq *pre, fmpq *y, int *pat, const rf_net_t net,
                    const fmpq *x, const int *mask)
{
    slong l, i, maxw = 0, k = 0;
    fmpq *h, *z;
    for (l = 0; l <= net->L; l++)
        maxw = FLINT_MAX(maxw, net->dims[l]);
    h = _fmpq_vec_init(maxw);
    z = _fmpq_vec_init(maxw);
    rf_qvec_set(h, x, net->dims[0]);
    for (l = 0; l < net->L; l++) {
        layer_affine(z, net, l, h);
        if (l == net->L - 1)
            break;
        for (i = 0; i < net->dims[l + 1]; i++, k++) {
            int s = fmpq_sgn(z + i);
            int on = mask ? (mask[k] > 0) : (s > 0);
            if (pre)
                fmpq_set(pre + k, z + i);
            if (pat)
                pat[k] = s;
            if (on)
                fmpq_set(h + i, z + i);
            else
                fmpq_zero(h + i);
        }
    }
    if (y)
        rf_qvec_set(y, z, net->dims[net->L]);
    _fmpq_vec_clear(h, maxw);
    _fmpq_vec_clear(z, maxw);
}

void rf_net_eval(fmpq *y, const rf_net_t net, const fmpq *x)
{
    forward(NULL, y, NULL, net, x, NULL);
}

void rf_net_forward(fmpq *pre, fmpq *y, const rf_net_t net, const fmpq *x)
{
    forward(pre, y, NULL, net, x, NULL);
}

slong rf_net_pattern(int *pat, const rf_net_t net, const fmpq *x)
{
    slong k, n = rf_net_num_hidden(net), zeros = 0;
    forward(NULL, NULL, pat, net, x, NULL);
    for (k = 0; k < n; k++)
        zeros += (pat[k] == 0);
    return zeros;
}

void rf_net_eval_on_pattern(fmpq *y, const rf_net_t net, const int *pat,
                            const fmpq *x)
{
    forward(NULL, y, NULL, net, x, pat);
}

static void rand_q(fmpq_t q, flint_rand_t state, slong nb, slong db)
{
    /* keep 2 nb + 1 and db within a word */
    nb = FLINT_MIN(FLINT_MAX(nb, 0), WORD(1) << 61);
    db = FLINT_MIN(FLINT_MAX(db, 1), WORD(1) << 61);
    slong p = (slong) n_randint(state, 2 * nb + 1) - nb;
    slong d = 1 + (slong) n_randint(state, db);
    fmpq_set_si(q, p, d);
}

void rf_net_randtest(rf_net_t net, flint_rand_t state, slong num_bound,
                     slong den_bound)
{
    slong l, i, j;
    for (l = 0; l < net->L; l++)
        for (i = 0; i < net->dims[l + 1]; i++) {
            for (j = 0; j < net->dims[l]; j++)
                rand_q(rf_net_W(net, l, i, j), state, num_bound, den_bound);
            rand_q(rf_net_b(net, l, i), state, num_bound, den_bound);
        }
}
