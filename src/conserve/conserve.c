/* Conserved quantities of gradient flow as exact polynomials in the
 * parameter names: balance laws (positive scaling), Gram laws (mixing of
 * neurons active on all data), and non-conserved comparison quantities. */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/conserve.h"

static char *dup_s(const char *s)
{
    char *r;
    if (s == NULL)
        return NULL;
    r = flint_malloc(strlen(s) + 1);
    strcpy(r, s);
    return r;
}

void rf_conserve_init(rf_conserve_t c, const rf_net_t net)
{
    memset(c, 0, sizeof(*c));
    c->sym = flint_malloc(sizeof(rf_sym_ctx_struct));
    rf_sym_ctx_init(c->sym, net, 0);
    c->nvars = rf_sym_nvars(c->sym);
}

void rf_conserve_clear(rf_conserve_t c)
{
    slong k;
    for (k = 0; k < c->len; k++) {
        fmpq_mpoly_clear(c->q + k, rf_sym_mctx(c->sym));
        flint_free(c->name[k]);
        flint_free(c->why[k]);
    }
    flint_free(c->q);
    flint_free(c->name);
    flint_free(c->why);
    flint_free(c->kind);
    rf_sym_ctx_clear(c->sym);
    flint_free(c->sym);
}

void rf_conserve_push(rf_conserve_t c, const fmpq_mpoly_t q, const char *name,
                      const char *why, rf_conserve_kind_t kind)
{
    if (c->len == c->alloc) {
        c->alloc = FLINT_MAX(8, 2 * c->alloc);
        c->q = flint_realloc(c->q, c->alloc * sizeof(fmpq_mpoly_struct));
        c->name = flint_realloc(c->name, c->alloc * sizeof(char *));
        c->why = flint_realloc(c->why, c->alloc * sizeof(char *));
        c->kind = flint_realloc(c->kind, c->alloc * sizeof(rf_conserve_kind_t));
    }
    fmpq_mpoly_init(c->q + c->len, rf_sym_mctx(c->sym));
    fmpq_mpoly_set(c->q + c->len, q, rf_sym_mctx(c->sym));
    c->name[c->len] = dup_s(name);
    c->why[c->len] = dup_s(why);
    c->kind[c->len] = kind;
    c->len++;
}

/* Parameter variables (the ring's layout, sym.h): weight (i, j) and bias i
 * of affine layer l (0-based). */
#define idx_W(c, l, i, j) rf_sym_weight_var((c)->sym, 0, (l), (i), (j))
#define idx_b(c, l, i) rf_sym_bias_var((c)->sym, 0, (l), (i))

/* q += s * v_a * v_b */
static void add_prod(fmpq_mpoly_t q, slong a, slong b, slong s,
                     const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_t ga, gb;
    fmpq_mpoly_init(ga, ctx);
    fmpq_mpoly_init(gb, ctx);
    fmpq_mpoly_gen(ga, a, ctx);
    fmpq_mpoly_gen(gb, b, ctx);
    fmpq_mpoly_mul(ga, ga, gb, ctx);
    if (s > 0)
        fmpq_mpoly_add(q, q, ga, ctx);
    else
        fmpq_mpoly_sub(q, q, ga, ctx);
    fmpq_mpoly_clear(ga, ctx);
    fmpq_mpoly_clear(gb, ctx);
}

/* <in_i, in_j> (sin) and <out_i, out_j> (sout) for neurons i, j of hidden
 * layer `layer` (1-based), accumulated into q with the given signs. */
static void gram_entry(fmpq_mpoly_t q, const rf_conserve_t c, slong layer,
                       slong i, slong j, slong sin, slong sout)
{
    const fmpq_mpoly_ctx_struct *ctx = rf_sym_mctx(c->sym);
    const slong *dims = c->sym->dims;
    slong l = layer - 1, k;
    fmpq_mpoly_zero(q, ctx);
    if (sin != 0) {
        for (k = 0; k < dims[l]; k++)
            add_prod(q, idx_W(c, l, i, k), idx_W(c, l, j, k), sin, ctx);
        add_prod(q, idx_b(c, l, i), idx_b(c, l, j), sin, ctx);
    }
    if (sout != 0)
        for (k = 0; k < dims[l + 2]; k++)
            add_prod(q, idx_W(c, l + 1, k, i), idx_W(c, l + 1, k, j), sout, ctx);
}

void rf_conserve_add_balance(rf_conserve_t c, const rf_net_t net)
{
    slong layer, i;
    fmpq_mpoly_t q;
    char name[64], why[200];
    fmpq_mpoly_init(q, rf_sym_mctx(c->sym));
    for (layer = 1; layer < net->L; layer++)
        for (i = 0; i < net->dims[layer]; i++) {
            gram_entry(q, c, layer, i, i, 1, -1);
            snprintf(name, sizeof(name), "balance[%ld,%ld]", (long) layer, (long) (i + 1));
            snprintf(why, sizeof(why),
                     "positive scaling of hidden neuron %ld of layer %ld "
                     "(incoming * a, outgoing / a)", (long) (i + 1), (long) layer);
            rf_conserve_push(c, q, name, why, RF_CONSERVE_GLOBAL);
        }
    fmpq_mpoly_clear(q, rf_sym_mctx(c->sym));
}

void rf_conserve_add_gram(rf_conserve_t c, const rf_net_t net, slong layer,
                          const slong *neurons, slong k)
{
    slong a, b;
    fmpq_mpoly_t q;
    char name[80], why[240];
    (void) net;   /* the architecture is c's ring's */
    fmpq_mpoly_init(q, rf_sym_mctx(c->sym));
    for (a = 0; a < k; a++)
        for (b = a + 1; b < k; b++) {
            gram_entry(q, c, layer, neurons[a], neurons[b], 1, -1);
            snprintf(name, sizeof(name), "gram[%ld;%ld,%ld]", (long) layer,
                     (long) (neurons[a] + 1), (long) (neurons[b] + 1));
            snprintf(why, sizeof(why),
                     "mixing (symmetric part of GL) of hidden neurons %ld and %ld of "
                     "layer %ld; holds while both are active on every training input",
                     (long) (neurons[a] + 1), (long) (neurons[b] + 1), (long) layer);
            rf_conserve_push(c, q, name, why, RF_CONSERVE_LOCAL);
        }
    fmpq_mpoly_clear(q, rf_sym_mctx(c->sym));
}

void rf_conserve_add_dead(rf_conserve_t c, const rf_net_t net, slong layer, slong i)
{
    slong l = layer - 1, k;
    fmpq_mpoly_t q;
    char name[80], why[200];
    fmpq_mpoly_init(q, rf_sym_mctx(c->sym));
    snprintf(why, sizeof(why), "hidden neuron %ld of layer %ld is inactive on every "
             "training input: its parameters are frozen", (long) (i + 1), (long) layer);
    for (k = 0; k <= net->dims[l]; k++) {
        slong v = k < net->dims[l] ? idx_W(c, l, i, k) : idx_b(c, l, i);
        fmpq_mpoly_gen(q, v, rf_sym_mctx(c->sym));
        snprintf(name, sizeof(name), "frozen:%s", rf_sym_var_name(c->sym, v));
        rf_conserve_push(c, q, name, why, RF_CONSERVE_LOCAL);
    }
    for (k = 0; k < net->dims[l + 2]; k++) {
        slong v = idx_W(c, l + 1, k, i);
        fmpq_mpoly_gen(q, v, rf_sym_mctx(c->sym));
        snprintf(name, sizeof(name), "frozen:%s", rf_sym_var_name(c->sym, v));
        rf_conserve_push(c, q, name, why, RF_CONSERVE_LOCAL);
    }
    fmpq_mpoly_clear(q, rf_sym_mctx(c->sym));
}

void rf_conserve_add_for_data(rf_conserve_t c, const rf_net_t net,
                              const fmpq *X, slong n)
{
    slong nh = rf_net_num_hidden(net), layer, i, k, off = 0;
    fmpq *pre = _fmpq_vec_init(FLINT_MAX(nh, 1));
    int *on = flint_calloc(FLINT_MAX(nh, 1), sizeof(int));   /* active on all */
    int *off_ = flint_calloc(FLINT_MAX(nh, 1), sizeof(int)); /* inactive on all */
    slong *set = flint_malloc(FLINT_MAX(nh, 1) * sizeof(slong));
    for (i = 0; i < nh; i++)
        on[i] = off_[i] = 1;
    for (k = 0; k < n; k++) {
        rf_net_forward(pre, NULL, net, X + k * net->dims[0]);
        for (i = 0; i < nh; i++) {
            on[i] &= fmpq_sgn(pre + i) > 0;
            off_[i] &= fmpq_sgn(pre + i) <= 0;
        }
    }
    rf_conserve_add_balance(c, net);
    for (layer = 1; layer < net->L; layer++) {
        slong m = 0;
        for (i = 0; i < net->dims[layer]; i++)
            if (on[off + i] && n > 0)
                set[m++] = i;
        if (m >= 2)
            rf_conserve_add_gram(c, net, layer, set, m);
        for (i = 0; i < net->dims[layer]; i++)
            if (off_[off + i] && n > 0)
                rf_conserve_add_dead(c, net, layer, i);
        off += net->dims[layer];
    }
    _fmpq_vec_clear(pre, FLINT_MAX(nh, 1));
    flint_free(on);
    flint_free(off_);
    flint_free(set);
}

void rf_conserve_add_controls(rf_conserve_t c, const rf_net_t net, slong layer,
                              slong i)
{
    fmpq_mpoly_t q;
    char name[64];
    (void) net;   /* the architecture is c's ring's */
    fmpq_mpoly_init(q, rf_sym_mctx(c->sym));
    gram_entry(q, c, layer, i, i, 1, 0);
    snprintf(name, sizeof(name), "in2[%ld,%ld]", (long) layer, (long) (i + 1));
    rf_conserve_push(c, q, name, "||incoming||^2 alone (not conserved)", RF_CONSERVE_NONE);
    gram_entry(q, c, layer, i, i, 0, 1);
    snprintf(name, sizeof(name), "out2[%ld,%ld]", (long) layer, (long) (i + 1));
    rf_conserve_push(c, q, name, "||outgoing||^2 alone (not conserved)", RF_CONSERVE_NONE);
    gram_entry(q, c, layer, i, i, 1, 1);
    snprintf(name, sizeof(name), "sum2[%ld,%ld]", (long) layer, (long) (i + 1));
    rf_conserve_push(c, q, name, "||incoming||^2 + ||outgoing||^2 (not conserved)",
                     RF_CONSERVE_NONE);
    fmpq_mpoly_gen(q, idx_b(c, layer - 1, i), rf_sym_mctx(c->sym));
    snprintf(name, sizeof(name), "bias[%ld,%ld]", (long) layer, (long) (i + 1));
    rf_conserve_push(c, q, name,
                     "the bias moved by translation symmetries (bias transfer, "
                     "hidden shift): these have no conservation law", RF_CONSERVE_NONE);
    fmpq_mpoly_clear(q, rf_sym_mctx(c->sym));
}

void rf_conserve_eval(fmpq_t v, const rf_conserve_t c, slong i, const fmpq *theta)
{
    fmpq **vals = flint_malloc(c->nvars * sizeof(fmpq *));
    slong k;
    for (k = 0; k < c->nvars; k++)
        vals[k] = (fmpq *) (theta + k);
    fmpq_mpoly_evaluate_all_fmpq(v, c->q + i, vals, rf_sym_mctx(c->sym));
    flint_free(vals);
}

void rf_conserve_grad(fmpq *g, const rf_conserve_t c, slong i, const fmpq *theta)
{
    fmpq_mpoly_t dq;
    slong k;
    fmpq_mpoly_init(dq, rf_sym_mctx(c->sym));
    for (k = 0; k < c->nvars; k++) {
        fmpq_mpoly_derivative(dq, c->q + i, k, rf_sym_mctx(c->sym));
        {
            fmpq **vals = flint_malloc(c->nvars * sizeof(fmpq *));
            slong j;
            for (j = 0; j < c->nvars; j++)
                vals[j] = (fmpq *) (theta + j);
            fmpq_mpoly_evaluate_all_fmpq(g + k, dq, vals, rf_sym_mctx(c->sym));
            flint_free(vals);
        }
    }
    fmpq_mpoly_clear(dq, rf_sym_mctx(c->sym));
}

void rf_conserve_eval_mpfr(mpfr_t v, const rf_conserve_t c, slong i,
                           const mpfr_t *theta)
{
    const fmpq_mpoly_struct *q = c->q + i;
    slong t, k, len = fmpq_mpoly_length(q, rf_sym_mctx(c->sym));
    ulong *e = flint_malloc(c->nvars * sizeof(ulong));
    fmpq_t cf;
    mpq_t cq;
    mpfr_t term, p;
    fmpq_init(cf);
    mpq_init(cq);
    mpfr_init2(term, mpfr_get_prec(v));
    mpfr_init2(p, mpfr_get_prec(v));
    mpfr_set_zero(v, 1);
    for (t = 0; t < len; t++) {
        fmpq_mpoly_get_term_coeff_fmpq(cf, q, t, rf_sym_mctx(c->sym));
        fmpq_get_mpq(cq, cf);
        mpfr_set_q(term, cq, MPFR_RNDN);
        fmpq_mpoly_get_term_exp_ui(e, q, t, rf_sym_mctx(c->sym));
        for (k = 0; k < c->nvars; k++)
            if (e[k] > 0) {
                mpfr_pow_ui(p, theta[k], e[k], MPFR_RNDN);
                mpfr_mul(term, term, p, MPFR_RNDN);
            }
        mpfr_add(v, v, term, MPFR_RNDN);
    }
    mpfr_clear(term);
    mpfr_clear(p);
    mpq_clear(cq);
    fmpq_clear(cf);
    flint_free(e);
}

void rf_conserve_fprint(FILE *out, const rf_conserve_t c)
{
    static const char *kinds[] = {"conserved (global)", "conserved (data-local)",
                                  "NOT conserved"};
    slong i;
    for (i = 0; i < c->len; i++) {
        fprintf(out, "%s  [%s]  %s\n    ", c->name[i], kinds[c->kind[i]],
                c->why[i] ? c->why[i] : "");
        rf_sym_fprint(out, c->q + i, c->sym);
        fputc('\n', out);
    }
}
