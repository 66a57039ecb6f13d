/* Exact ReLU network model: storage, parameter layout, evaluation. */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/net.h"
#include "relufiber/qvec.h"
#include "relufiber/rational.h"

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

/* Same depth and widths. */
static int _net_same_arch(const rf_net_t a, const rf_net_t b)
{
    slong l;
    if (a->L != b->L)
        return 0;
    for (l = 0; l <= a->L; l++)
        if (a->dims[l] != b->dims[l])
            return 0;
    return 1;
}

int rf_net_equal(const rf_net_t a, const rf_net_t b)
{
    slong l;
    if (!_net_same_arch(a, b))
        return 0;
    for (l = 0; l < a->L; l++)
        if (!fmpq_mat_equal(a->W + l, b->W + l) ||
            !fmpq_mat_equal(a->b + l, b->b + l))
            return 0;
    return 1;
}

static int _mat_equal_as_doubles(const fmpq_mat_t a, const fmpq_mat_t b)
{
    slong i, j;
    for (i = 0; i < fmpq_mat_nrows(a); i++)
        for (j = 0; j < fmpq_mat_ncols(a); j++)
            if (!fmpq_equal(fmpq_mat_entry(a, i, j), fmpq_mat_entry(b, i, j))
                && rf_q_get_d(fmpq_mat_entry(a, i, j)) != rf_q_get_d(fmpq_mat_entry(b, i, j)))
                return 0;
    return 1;
}

int rf_net_equal_as_doubles(const rf_net_t a, const rf_net_t b)
{
    slong l;
    if (!_net_same_arch(a, b))
        return 0;
    for (l = 0; l < a->L; l++)
        if (!_mat_equal_as_doubles(a->W + l, b->W + l)
            || !_mat_equal_as_doubles(a->b + l, b->b + l))
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

/* |q| with the given sign (sign > 0: >= 0, sign < 0: <= 0). */
static void q_signed(fmpq_t q, int sign)
{
    if ((sign > 0 && fmpq_sgn(q) < 0) || (sign < 0 && fmpq_sgn(q) > 0))
        fmpq_neg(q, q);
}

static void rand_pos_q(fmpq_t q, flint_rand_t state)
{
    fmpq_set_si(q, 1 + (slong) n_randint(state, 7), 1 + n_randint(state, 5));
}

void rf_net_randtest_degenerate(rf_net_t net, flint_rand_t state,
                                slong num_bound, slong den_bound)
{
    slong l, i, j, src;
    fmpq_t c;
    fmpz_t big;
    fmpq_init(c);
    fmpz_init(big);
    fmpz_one(big);
    fmpz_mul_2exp(big, big, 200);
    rf_net_randtest(net, state, num_bound, den_bound);
    for (l = 0; l < net->L; l++) {
        slong n = net->dims[l + 1], m = net->dims[l];
        int hidden = l + 1 < net->L;
        for (i = 0; i < n; i++) {
            ulong kind = n_randint(state, 14);
            if (!hidden && kind < 6)
                continue;           /* output neurons: only huge/tiny */
            switch (kind) {
            case 0:                 /* zero incoming row */
                for (j = 0; j < m; j++)
                    fmpq_zero(rf_net_W(net, l, i, j));
                break;
            case 1:                 /* positive twin / anti-twin of src */
            case 2:
                if (n < 2)
                    break;
                src = (slong) n_randint(state, (ulong) n - 1);
                if (src >= i)
                    src++;
                rand_pos_q(c, state);
                if (kind == 2)
                    fmpq_neg(c, c);
                for (j = 0; j < m; j++)
                    fmpq_mul(rf_net_W(net, l, i, j), rf_net_W(net, l, src, j), c);
                fmpq_mul(rf_net_b(net, l, i), rf_net_b(net, l, src), c);
                break;
            case 3:                 /* dead */
            case 4:                 /* always on */
            {
                int s = kind == 3 ? -1 : 1;
                if (l == 0) {       /* inputs unbounded: bias +-2^200 */
                    fmpq_set_fmpz(rf_net_b(net, l, i), big);
                    q_signed(rf_net_b(net, l, i), s);
                    break;
                }
                for (j = 0; j < m; j++)
                    q_signed(rf_net_W(net, l, i, j), s);
                rand_pos_q(c, state);
                if (s < 0)
                    fmpq_neg(c, c);
                fmpq_set(rf_net_b(net, l, i), c);
                break;
            }
            case 5:                 /* zero outgoing column */
                for (j = 0; j < net->dims[l + 2]; j++)
                    fmpq_zero(rf_net_W(net, l + 1, j, i));
                break;
            case 6:                 /* huge entry */
            case 7:                 /* tiny entry */
            {
                fmpq *e;
                j = (slong) n_randint(state, (ulong) m + 1);
                e = j == m ? rf_net_b(net, l, i) : rf_net_W(net, l, i, j);
                if (fmpq_is_zero(e))
                    rand_pos_q(e, state);
                if (kind == 6)
                    fmpq_mul_fmpz(e, e, big);
                else
                    fmpq_div_fmpz(e, e, big);
                break;
            }
            default:
                break;
            }
        }
    }
    fmpz_clear(big);
    fmpq_clear(c);
}

void rf_net_apply_perm_scale(rf_net_t out, const rf_net_t net,
                             const slong *const *perm,
                             const fmpq *const *scale)
{
    rf_net_t res;
    slong l, i, j;
    rf_net_init(res, net->L, net->dims);
    for (l = 0; l < net->L; l++) {
        /* neuron i of layer l (output side) goes to pi; input j to pj */
        int hid_out = l + 1 < net->L, hid_in = l > 0;
        const slong *po = hid_out && perm != NULL ? perm[l] : NULL;
        const slong *pi = hid_in && perm != NULL ? perm[l - 1] : NULL;
        const fmpq *so = hid_out && scale != NULL ? scale[l] : NULL;
        const fmpq *si = hid_in && scale != NULL ? scale[l - 1] : NULL;
        for (i = 0; i < net->dims[l + 1]; i++) {
            slong oi = po != NULL ? po[i] : i;
            for (j = 0; j < net->dims[l]; j++) {
                slong oj = pi != NULL ? pi[j] : j;
                fmpq *e = rf_net_W(res, l, oi, oj);
                fmpq_set(e, rf_net_W(net, l, i, j));
                if (so != NULL)
                    fmpq_mul(e, e, so + i);
                if (si != NULL)
                    fmpq_div(e, e, si + j);
            }
            if (so != NULL)
                fmpq_mul(rf_net_b(res, l, oi), rf_net_b(net, l, i), so + i);
            else
                fmpq_set(rf_net_b(res, l, oi), rf_net_b(net, l, i));
        }
    }
    rf_net_swap(out, res);     /* out may alias net */
    rf_net_clear(res);
}

void rf_net_randtest_symmetry(slong *const *perm, fmpq *const *scale,
                              const rf_net_t net, flint_rand_t state)
{
    slong l, i;
    for (l = 0; l + 1 < net->L; l++) {
        slong n = net->dims[l + 1];
        for (i = 0; i < n; i++)
            perm[l][i] = i;
        for (i = n - 1; i > 0; i--) {
            slong r = (slong) n_randint(state, (ulong) i + 1), t = perm[l][i];
            perm[l][i] = perm[l][r];
            perm[l][r] = t;
        }
        for (i = 0; i < n; i++)
            rand_pos_q(scale[l] + i, state);
    }
}
