/* Witness sets (points with exact activation patterns), the Arb-filtered
 * exact pattern computation, and random rational sample points.
 *
 * Theorem (exact pattern through a ball filter). If a ball forward pass at
 * RF_CELLS_SIGN_PREC bits (the kernel's named precision, cells.h) encloses
 * every hidden pre-activation in a ball that excludes 0, the signs of the
 * balls are the exact signs, so the pattern is exact; when some ball
 * contains 0 the pattern is recomputed in exact rational arithmetic
 * (rf_net_pattern). */
#include <string.h>
#include <flint/fmpq_vec.h>
#include <arb.h>
#include "relufiber/fdim.h"
#include "relufiber/qvec.h"
#include "relufiber/cells.h"

void rf_fdim_set_init(rf_fdim_set_t s, const rf_net_t net, int blocks)
{
    s->n0 = net->dims[0];
    s->nh = rf_net_num_hidden(net);
    s->n = 0;
    s->alloc = 0;
    s->x = NULL;
    s->pat = NULL;
    s->blocks = blocks;
}

void rf_fdim_set_clear(rf_fdim_set_t s)
{
    if (s->alloc)
        _fmpq_vec_clear(s->x, s->alloc * s->n0);
    flint_free(s->pat);
}

void rf_fdim_set_append(rf_fdim_set_t s, const fmpq *x, const int *pat)
{
    if (s->n == s->alloc) {
        slong na = FLINT_MAX(16, 2 * s->alloc), k;
        fmpq *nx = _fmpq_vec_init(na * s->n0);
        for (k = 0; k < s->n * s->n0; k++)
            fmpq_swap(nx + k, s->x + k);
        if (s->alloc)
            _fmpq_vec_clear(s->x, s->alloc * s->n0);
        s->x = nx;
        s->pat = flint_realloc(s->pat, (na * s->nh + 1) * sizeof(int));
        s->alloc = na;
    }
    rf_qvec_set(s->x + s->n * s->n0, x, s->n0);
    if (s->nh)
        memcpy(s->pat + s->n * s->nh, pat, s->nh * sizeof(int));
    s->n++;
}

slong rf_fdim_set_rows_per_item(const rf_fdim_set_t s, const rf_net_t net)
{
    return rf_net_out_dim(net) * (s->blocks ? s->n0 + 1 : 1);
}

/* The network as Arb balls (weights converted once per batch). */
typedef struct {
    slong L;
    arb_ptr *W, *b;
} arbnet_t;

static void arbnet_init(arbnet_t *an, const rf_net_t net, slong prec)
{
    slong l, i, j;
    an->L = net->L;
    an->W = flint_malloc(net->L * sizeof(arb_ptr));
    an->b = flint_malloc(net->L * sizeof(arb_ptr));
    for (l = 0; l < net->L; l++) {
        slong r = net->dims[l + 1], c = net->dims[l];
        an->W[l] = _arb_vec_init(r * c);
        an->b[l] = _arb_vec_init(r);
        for (i = 0; i < r; i++) {
            for (j = 0; j < c; j++)
                arb_set_fmpq(an->W[l] + i * c + j, rf_net_W(net, l, i, j), prec);
            arb_set_fmpq(an->b[l] + i, rf_net_b(net, l, i), prec);
        }
    }
}

static void arbnet_clear(arbnet_t *an, const rf_net_t net)
{
    slong l;
    for (l = 0; l < net->L; l++) {
        _arb_vec_clear(an->W[l], net->dims[l + 1] * net->dims[l]);
        _arb_vec_clear(an->b[l], net->dims[l + 1]);
    }
    flint_free(an->W);
    flint_free(an->b);
}

/* Ball forward pass; returns 0 if every hidden sign was decided (pat
 * filled), 1 if some ball contains 0 (then the exact pass decides). */
static int pattern_arb(int *pat, const arbnet_t *an, const rf_net_t net,
                       const fmpq *x, slong prec)
{
    slong L = net->L, l, i, j, k = 0, mw = 0;
    arb_ptr h, z;
    int undecided = 0;
    for (l = 0; l <= L; l++)
        mw = FLINT_MAX(mw, net->dims[l]);
    h = _arb_vec_init(mw);
    z = _arb_vec_init(mw);
    for (j = 0; j < net->dims[0]; j++)
        arb_set_fmpq(h + j, x + j, prec);
    for (l = 0; l < L - 1 && !undecided; l++) {
        slong np = net->dims[l];
        for (i = 0; i < net->dims[l + 1]; i++)
            arb_dot(z + i, an->b[l] + i, 0, an->W[l] + i * np, 1, h, 1, np, prec);
        for (i = 0; i < net->dims[l + 1]; i++, k++) {
            if (arb_is_positive(z + i)) {
                pat[k] = 1;
                arb_swap(h + i, z + i);
            } else if (arb_is_negative(z + i)) {
                pat[k] = -1;
                arb_zero(h + i);
            } else {
                undecided = 1;
                break;
            }
        }
    }
    _arb_vec_clear(h, mw);
    _arb_vec_clear(z, mw);
    return undecided;
}

static slong pattern_with(int *pat, slong *first_zero, const arbnet_t *an,
                          const rf_net_t net, const fmpq *x)
{
    slong nh = rf_net_num_hidden(net), k, zeros = 0;
    if (first_zero)
        *first_zero = -1;
    if (nh == 0 || !pattern_arb(pat, an, net, x, RF_CELLS_SIGN_PREC))
        return 0;
    zeros = rf_net_pattern(pat, net, x);
    if (first_zero)
        for (k = 0; k < nh; k++)
            if (pat[k] == 0) {
                *first_zero = k;
                break;
            }
    return zeros;
}

slong rf_fdim_pattern(int *pat, slong *first_zero, const rf_net_t net,
                      const fmpq *x)
{
    arbnet_t an;
    slong z;
    arbnet_init(&an, net, RF_CELLS_SIGN_PREC);
    z = pattern_with(pat, first_zero, &an, net, x);
    arbnet_clear(&an, net);
    return z;
}

/* Layer (1-based) and index (1-based) of hidden neuron k. */
static void neuron_of(slong *l, slong *i, const rf_net_t net, slong k)
{
    slong ll = 1;
    while (k >= net->dims[ll]) {
        k -= net->dims[ll];
        ll++;
    }
    *l = ll;
    *i = k + 1;
}

int rf_fdim_set_add_points(rf_fdim_set_t s, const rf_net_t net,
                           const fmpq *pts, slong npts, rf_err_t err)
{
    slong p, n0 = s->n0;
    int *pat = flint_malloc((s->nh + 1) * sizeof(int));
    int ret = RF_OK;
    arbnet_t an;
    arbnet_init(&an, net, RF_CELLS_SIGN_PREC);
    for (p = 0; p < npts; p++) {
        slong fz;
        if (pattern_with(pat, &fz, &an, net, pts + p * n0)) {
            char buf[160];
            slong l, i, j, len = 0;
            for (j = 0; j < n0 && len < 120; j++) {
                char *str = fmpq_get_str(NULL, 10, pts + p * n0 + j);
                len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
                                j ? "," : "", str);
                flint_free(str);
            }
            if (len >= 120)
                snprintf(buf + 117, sizeof(buf) - 117, "...");
            neuron_of(&l, &i, net, fz);
            ret = rf_err_set(err, RF_ERR_INPUT, "", (long) (p + 1),
                "point %ld (%s) lies on the bent hyperplane of hidden neuron %ld of "
                "layer %ld (pre-activation exactly 0): the Jacobian is not defined "
                "there; move the point", (long) (p + 1), buf, (long) i, (long) l);
            break;
        }
        rf_fdim_set_append(s, pts + p * n0, pat);
    }
    arbnet_clear(&an, net);
    flint_free(pat);
    return ret;
}

/* A random rational with numerator and denominator below 2^20, times scale. */
static void rand_coord(fmpq_t q, flint_rand_t st, slong scale)
{
    slong num = (slong) n_randint(st, 1 << 21) - (1 << 20);
    slong den = 1 + (slong) n_randint(st, 1 << 20);
    fmpq_set_si(q, num, den);
    fmpq_mul_si(q, q, scale);
}

void rf_fdim_random_points(fmpq *pts, slong npts, const rf_net_t net,
                           flint_rand_t st)
{
    static const slong scales[4] = {1, 10, 100, 1000};
    slong n0 = net->dims[0], p, j, nh = rf_net_num_hidden(net);
    int *pat = flint_malloc((nh + 1) * sizeof(int));
    arbnet_t an;
    arbnet_init(&an, net, RF_CELLS_SIGN_PREC);
    for (p = 0; p < npts; p++) {
        slong tries = 0;
        do {
            slong sc = scales[(p + tries) % 4];
            /* every 8th point goes far out along a random direction */
            if (p % 8 == 7)
                sc = 1000000;
            for (j = 0; j < n0; j++)
                rand_coord(pts + p * n0 + j, st, sc);
            tries++;
        } while (pattern_with(pat, NULL, &an, net, pts + p * n0) && tries < 1000);
    }
    arbnet_clear(&an, net);
    flint_free(pat);
}

void rf_fdim_random_points_box(fmpq *pts, slong npts, const rf_net_t net,
                               const fmpq *lo, const fmpq *hi, flint_rand_t st)
{
    slong n0 = net->dims[0], p, j, nh = rf_net_num_hidden(net);
    int *pat = flint_malloc((nh + 1) * sizeof(int));
    fmpq_t t;
    arbnet_t an;
    if (lo == NULL || hi == NULL) {
        flint_free(pat);
        rf_fdim_random_points(pts, npts, net, st);
        return;
    }
    fmpq_init(t);
    arbnet_init(&an, net, RF_CELLS_SIGN_PREC);
    for (p = 0; p < npts; p++) {
        slong tries = 0;
        do {
            /* lo + (hi - lo) (k + 1) / (2^20 + 1), k < 2^20: strictly inside */
            for (j = 0; j < n0; j++) {
                fmpq *x = pts + p * n0 + j;
                fmpq_sub(t, hi + j, lo + j);
                fmpq_mul_ui(t, t, 1 + n_randint(st, UWORD(1) << 20));
                fmpq_set(x, t);
                fmpz_mul_ui(fmpq_denref(x), fmpq_denref(x), (UWORD(1) << 20) + 1);
                fmpq_canonicalise(x);
                fmpq_add(x, x, lo + j);
            }
            tries++;
        } while (pattern_with(pat, NULL, &an, net, pts + p * n0) && tries < 1000);
    }
    arbnet_clear(&an, net);
    fmpq_clear(t);
    flint_free(pat);
}
