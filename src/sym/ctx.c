/* Symbolic layer: the parameter ring (variable blocks, names, lookup,
 * printing and parsing with the names). */
#include <string.h>
#include <ctype.h>
#include <stdlib.h>
#include "relufiber/sym.h"
#include "relufiber/text.h"

/* Longest name: "W" + 3 indices of up to 20 digits + separators + prefix. */
#define NAME_MAX_LEN 96

/* A prefix must be an identifier (so that names stay identifiers for the
 * parser and for exporters such as SMT-LIB and Singular). */
static int prefix_ok(const char *p)
{
    size_t i;
    if (p == NULL || p[0] == '\0' || strlen(p) > 32)
        return 0;
    if (!(isalpha((unsigned char) p[0]) || p[0] == '_'))
        return 0;
    for (i = 1; p[i]; i++)
        if (!(isalnum((unsigned char) p[i]) || p[i] == '_'))
            return 0;
    return 1;
}

int rf_sym_ctx_init_prefix(rf_sym_ctx_t ctx, const rf_net_t arch, int flags,
                           const char *prefix)
{
    slong k, j, v, D = rf_net_num_params(arch);
    char buf[NAME_MAX_LEN];

    if ((flags & RF_SYM_COPY) && !prefix_ok(prefix))
        return RF_ERR_INPUT;
    ctx->L = arch->L;
    ctx->dims = flint_malloc((arch->L + 1) * sizeof(slong));
    memcpy(ctx->dims, arch->dims, (arch->L + 1) * sizeof(slong));
    ctx->flags = flags;
    ctx->nparams = D;
    ctx->ninputs = (flags & RF_SYM_INPUTS) ? arch->dims[0] : 0;
    ctx->ncopy = (flags & RF_SYM_COPY) ? D : 0;
    ctx->nvars = ctx->nparams + ctx->ninputs + ctx->ncopy;
    ctx->prefix = rf_text_dup((flags & RF_SYM_COPY) ? prefix : "");
    ctx->names = flint_malloc(FLINT_MAX(ctx->nvars, 1) * sizeof(char *));
    v = 0;
    for (k = 0; k < D; k++) {
        rf_net_arch_param_name(buf, sizeof buf, arch->L, arch->dims, k);
        ctx->names[v++] = rf_text_dup(buf);
    }
    for (j = 0; j < ctx->ninputs; j++) {
        snprintf(buf, sizeof buf, "x_%ld", (long) (j + 1));
        ctx->names[v++] = rf_text_dup(buf);
    }
    for (k = 0; k < ctx->ncopy; k++) {
        size_t n = strlen(ctx->prefix);
        memcpy(buf, ctx->prefix, n);
        rf_net_arch_param_name(buf + n, sizeof buf - n, arch->L, arch->dims, k);
        ctx->names[v++] = rf_text_dup(buf);
    }
    /* FLINT needs at least one variable; the ring always has D >= 2. */
    fmpq_mpoly_ctx_init(ctx->mctx, FLINT_MAX(ctx->nvars, 1), ORD_LEX);
    return RF_OK;
}

void rf_sym_ctx_init(rf_sym_ctx_t ctx, const rf_net_t arch, int flags)
{
    rf_sym_ctx_init_prefix(ctx, arch, flags, RF_SYM_COPY_PREFIX);
}

void rf_sym_ctx_clear(rf_sym_ctx_t ctx)
{
    slong v;
    for (v = 0; v < ctx->nvars; v++)
        flint_free(ctx->names[v]);
    flint_free(ctx->names);
    flint_free(ctx->prefix);
    flint_free(ctx->dims);
    fmpq_mpoly_ctx_clear(ctx->mctx);
}

slong rf_sym_layer_offset(const rf_sym_ctx_struct *ctx, slong l)
{
    return rf_net_arch_offset(ctx->L, ctx->dims, l);
}

slong rf_sym_weight_var(const rf_sym_ctx_struct *ctx, int copy, slong l, slong i,
                        slong j)
{
    return rf_sym_param_var(ctx, copy,
                            rf_sym_layer_offset(ctx, l) + i * ctx->dims[l] + j);
}

slong rf_sym_bias_var(const rf_sym_ctx_struct *ctx, int copy, slong l, slong i)
{
    return rf_sym_param_var(ctx, copy, rf_sym_layer_offset(ctx, l) +
                                           ctx->dims[l + 1] * ctx->dims[l] + i);
}

const char *rf_sym_var_name(const rf_sym_ctx_t ctx, slong v)
{
    if (v < 0 || v >= ctx->nvars)
        return NULL;
    return ctx->names[v];
}

/* Parse a positive decimal index without sign or leading zeros; advances
 * *s. Returns 0 on failure. */
static slong parse_index(const char **s)
{
    const char *p = *s;
    slong r = 0;
    if (*p < '1' || *p > '9')
        return 0;
    while (*p >= '0' && *p <= '9') {
        if (r > (WORD_MAX - 9) / 10)
            return 0;
        r = 10 * r + (*p - '0');
        p++;
    }
    *s = p;
    return r;
}

/* Layout index of the parameter named s (no prefix), -1 if none. Computed
 * from the indices, so lookup is O(L) even for large networks. */
static slong param_index(const rf_sym_ctx_t ctx, const char *s)
{
    slong l, i, j = 0;
    int isW;
    if (*s == 'W')
        isW = 1;
    else if (*s == 'b')
        isW = 0;
    else
        return -1;
    s++;
    if ((l = parse_index(&s)) == 0 || *s++ != '_' || (i = parse_index(&s)) == 0)
        return -1;
    if (isW && (*s++ != '_' || (j = parse_index(&s)) == 0))
        return -1;
    if (*s != '\0' || l > ctx->L || i > ctx->dims[l])
        return -1;
    if (isW && j > ctx->dims[l - 1])
        return -1;
    if (isW)
        return rf_sym_weight_var(ctx, 0, l - 1, i - 1, j - 1);
    return rf_sym_bias_var(ctx, 0, l - 1, i - 1);
}

slong rf_sym_var_index(const rf_sym_ctx_t ctx, const char *name)
{
    slong k, n;
    if (name == NULL)
        return -1;
    if (name[0] == 'x' && name[1] == '_') {
        const char *s = name + 2;
        if ((k = parse_index(&s)) != 0 && *s == '\0' && k <= ctx->ninputs)
            return rf_sym_input_var(ctx, k - 1);
    }
    k = param_index(ctx, name);
    if (k >= 0)
        return rf_sym_param_var(ctx, 0, k);
    n = (slong) strlen(ctx->prefix);
    if (ctx->ncopy > 0 && strncmp(name, ctx->prefix, n) == 0) {
        k = param_index(ctx, name + n);
        if (k >= 0)
            return rf_sym_param_var(ctx, 1, k);
    }
    return -1;
}

void rf_sym_poly_init(fmpq_mpoly_t p, const rf_sym_ctx_t ctx)
{
    fmpq_mpoly_init(p, ctx->mctx);
}

void rf_sym_poly_clear(fmpq_mpoly_t p, const rf_sym_ctx_t ctx)
{
    fmpq_mpoly_clear(p, ctx->mctx);
}

fmpq_mpoly_struct *rf_sym_vec_init(slong n, const rf_sym_ctx_t ctx)
{
    slong i;
    fmpq_mpoly_struct *v = flint_malloc(FLINT_MAX(n, 1) * sizeof(fmpq_mpoly_struct));
    for (i = 0; i < n; i++)
        fmpq_mpoly_init(v + i, ctx->mctx);
    return v;
}

void rf_sym_vec_clear(fmpq_mpoly_struct *v, slong n, const rf_sym_ctx_t ctx)
{
    slong i;
    for (i = 0; i < n; i++)
        fmpq_mpoly_clear(v + i, ctx->mctx);
    flint_free(v);
}

void rf_sym_gen(fmpq_mpoly_t p, slong v, const rf_sym_ctx_t ctx)
{
    fmpq_mpoly_gen(p, v, ctx->mctx);
}

char *rf_sym_get_str(const fmpq_mpoly_t p, const rf_sym_ctx_t ctx)
{
    return fmpq_mpoly_get_str_pretty(p, (const char **) ctx->names, ctx->mctx);
}

void rf_sym_fprint(FILE *out, const fmpq_mpoly_t p, const rf_sym_ctx_t ctx)
{
    char *s = rf_sym_get_str(p, ctx);
    fputs(s, out);
    flint_free(s);
}

int rf_sym_set_str(fmpq_mpoly_t p, const char *s, const rf_sym_ctx_t ctx)
{
    return fmpq_mpoly_set_str_pretty(p, s, (const char **) ctx->names,
                                     ctx->mctx);
}
