/* A 2-D slice of one fiber component through a parameter point: every
 * variable but two parameters p, q is fixed, so each constraint becomes a
 * polynomial in (p, q) (and the component's auxiliary variables).
 * Fact used: when every such polynomial is affine in (p, q) and free of
 * auxiliaries, the slice is exactly a convex polygon (no equation), a
 * segment (equations of rank 1) or a point (rank 2), computed over Q by
 * clipping the window. Auxiliaries fixed by an equation with a constant
 * coefficient are eliminated symbolically first (exact). Otherwise the picture samples a grid (a region) or
 * solves one equation of degree 1 in p or q exactly at sample abscissas (a
 * curve), and evaluates every constraint exactly at each sample, with the
 * auxiliaries solved from the equations that determine them linearly. */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/draw.h"
#include "internal.h"

void rf_draw_slice_init(rf_draw_slice_t S)
{
    slong j;
    memset(S, 0, sizeof(rf_draw_slice_struct));
    for (j = 0; j < 2; j++) {
        fmpq_init(S->lo + j);
        fmpq_init(S->hi + j);
        fmpq_init(S->theta + j);
    }
    _rf_draw_poly_init(&S->poly);
    for (j = 0; j < 4; j++)
        fmpq_init(S->seg.v + j);
}

void rf_draw_slice_clear(rf_draw_slice_t S)
{
    slong j;
    for (j = 0; j < 2; j++) {
        fmpq_clear(S->lo + j);
        fmpq_clear(S->hi + j);
        fmpq_clear(S->theta + j);
    }
    _rf_draw_poly_clear(&S->poly);
    for (j = 0; j < 4; j++)
        fmpq_clear(S->seg.v + j);
    flint_free(S->pname);
    flint_free(S->qname);
    flint_free(S->comp_name);
    flint_free(S->in);
    if (S->pts != NULL)
        _fmpq_vec_clear(S->pts, 2 * S->npts);
    flint_free(S->start);
    memset(S, 0, sizeof(rf_draw_slice_struct));
}

static char *sdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *r = flint_malloc(n);
    memcpy(r, s, n);
    return r;
}

/* an auxiliary determined linearly by an equation: aux = -r / a */
typedef struct {
    slong var;
    fmpq_mpoly_t a, r;
} solver_struct;

typedef struct {
    const rf_sys_struct *sys;
    slong ncons;
    fmpq_mpoly_struct *P;     /* substituted constraints */
    rf_sys_rel_t *rel;
    slong ip, iq;
    fmpq *vals;               /* nvars values */
    fmpq **pv;
    int *known;
    slong nsolv;
    solver_struct *solv;
    slong undecided;
} slice_ctx;

static int uses_var(const fmpq_mpoly_t P, slong v, const fmpq_mpoly_ctx_t ctx)
{
    return fmpq_mpoly_degree_si(P, v, ctx) > 0;
}

static int has_aux(const slice_ctx *C, const fmpq_mpoly_t P, const int *known)
{
    slong v;
    for (v = 0; v < C->sys->nvars; v++)
        if (C->sys->kinds[v] == RF_SYS_VAR_AUX && (known == NULL || !known[v])
            && uses_var(P, v, C->sys->ctx))
            return 1;
    return 0;
}

static int rel_holds(const fmpq_t v, rf_sys_rel_t rel)
{
    int s = fmpq_sgn(v);
    switch (rel) {
    case RF_SYS_REL_EQ: return s == 0;
    case RF_SYS_REL_GT: return s > 0;
    case RF_SYS_REL_GE: return s >= 0;
    default: return s != 0;
    }
}

/* Does (x, y) satisfy every constraint, the auxiliaries solved? Exact. */
static int point_in(slice_ctx *C, const fmpq_t x, const fmpq_t y)
{
    slong v, k, nv = C->sys->nvars;
    int progress, ok = 1;
    fmpq_t a, r;
    fmpq_set(C->vals + C->ip, x);
    fmpq_set(C->vals + C->iq, y);
    for (v = 0; v < nv; v++)
        C->known[v] = C->sys->kinds[v] != RF_SYS_VAR_AUX;
    fmpq_init(a);
    fmpq_init(r);
    do {
        progress = 0;
        for (k = 0; k < C->nsolv; k++) {
            solver_struct *s = C->solv + k;
            if (C->known[s->var] || has_aux(C, s->a, C->known) || has_aux(C, s->r, C->known))
                continue;
            fmpq_mpoly_evaluate_all_fmpq(a, s->a, C->pv, C->sys->ctx);
            if (fmpq_is_zero(a))
                continue;
            fmpq_mpoly_evaluate_all_fmpq(r, s->r, C->pv, C->sys->ctx);
            fmpq_div(C->vals + s->var, r, a);
            fmpq_neg(C->vals + s->var, C->vals + s->var);
            C->known[s->var] = 1;
            progress = 1;
        }
    } while (progress);
    for (v = 0; v < nv; v++)
        if (!C->known[v]) {
            /* an auxiliary the equations do not determine here (or one no
               constraint uses): decided only when no constraint uses it */
            for (k = 0; k < C->ncons; k++)
                if (uses_var(C->P + k, v, C->sys->ctx)) {
                    C->undecided++;
                    ok = 0;
                    goto done;
                }
            fmpq_zero(C->vals + v);
        }
    for (k = 0; k < C->ncons && ok; k++) {
        fmpq_mpoly_evaluate_all_fmpq(a, C->P + k, C->pv, C->sys->ctx);
        ok = rel_holds(a, C->rel[k]);
    }
done:
    fmpq_clear(a);
    fmpq_clear(r);
    return ok;
}

/* P affine in (p, q), no auxiliaries: row (coef p, coef q, constant) */
static void affine_row(fmpq *row, slice_ctx *C, const fmpq_mpoly_t P)
{
    fmpq_t c;
    fmpq_init(c);
    fmpq_zero(C->vals + C->ip);
    fmpq_zero(C->vals + C->iq);
    fmpq_mpoly_evaluate_all_fmpq(row + 2, P, C->pv, C->sys->ctx);
    fmpq_one(C->vals + C->ip);
    fmpq_mpoly_evaluate_all_fmpq(row + 0, P, C->pv, C->sys->ctx);
    fmpq_sub(row + 0, row + 0, row + 2);
    fmpq_zero(C->vals + C->ip);
    fmpq_one(C->vals + C->iq);
    fmpq_mpoly_evaluate_all_fmpq(row + 1, P, C->pv, C->sys->ctx);
    fmpq_sub(row + 1, row + 1, row + 2);
    fmpq_clear(c);
}

/* t-interval of the line P0 + t D inside {g >= 0}: g(P0 + tD) = g0 + t g1 */
static int clip_interval(fmpq_t tlo, int *has_lo, fmpq_t thi, int *has_hi,
                         const fmpq *row, const fmpq *P0, const fmpq *D)
{
    fmpq_t g0, g1, t;
    int ok = 1;
    fmpq_init(g0);
    fmpq_init(g1);
    fmpq_init(t);
    fmpq_mul(g0, row + 0, P0 + 0);
    fmpq_addmul(g0, row + 1, P0 + 1);
    fmpq_add(g0, g0, row + 2);
    fmpq_mul(g1, row + 0, D + 0);
    fmpq_addmul(g1, row + 1, D + 1);
    if (fmpq_is_zero(g1)) {
        ok = fmpq_sgn(g0) >= 0;
    } else {
        fmpq_div(t, g0, g1);
        fmpq_neg(t, t);           /* g = 0 at t */
        if (fmpq_sgn(g1) > 0) {   /* t >= root */
            if (!*has_lo || fmpq_cmp(t, tlo) > 0)
                fmpq_set(tlo, t);
            *has_lo = 1;
        } else {
            if (!*has_hi || fmpq_cmp(t, thi) < 0)
                fmpq_set(thi, t);
            *has_hi = 1;
        }
    }
    fmpq_clear(g0);
    fmpq_clear(g1);
    fmpq_clear(t);
    return ok;
}

static void window_rows(fmpq *rows, const fmpq *lo, const fmpq *hi)
{
    slong k;
    for (k = 0; k < 12; k++)
        fmpq_zero(rows + k);
    fmpq_one(rows + 0); fmpq_neg(rows + 2, lo + 0);        /* p - lo0 >= 0 */
    fmpq_set_si(rows + 3, -1, 1); fmpq_set(rows + 5, hi + 0);
    fmpq_one(rows + 7); fmpq_neg(rows + 8, lo + 1);
    fmpq_set_si(rows + 10, -1, 1); fmpq_set(rows + 11, hi + 1);
}

static void add_pt(rf_draw_slice_struct *S, slong *alloc, const fmpq_t x, const fmpq_t y)
{
    if (2 * S->npts + 2 > *alloc) {
        slong na = FLINT_MAX(64, 2 * *alloc), k;
        S->pts = flint_realloc(S->pts, na * sizeof(fmpq));
        for (k = *alloc; k < na; k++)
            fmpq_init(S->pts + k);
        *alloc = na;
    }
    fmpq_set(S->pts + 2 * S->npts, x);
    fmpq_set(S->pts + 2 * S->npts + 1, y);
    S->npts++;
}

static int exact_slice(rf_draw_slice_struct *S, slice_ctx *C, rf_err_t err)
{
    slong k, neq = 0, e1 = -1, j;
    fmpq *rows = _fmpq_vec_init(3 * C->ncons + 12);
    fmpq_t det, t;
    int r = RF_OK, has_ge = 0;
    fmpq_init(det);
    fmpq_init(t);
    S->exact = 1;
    for (k = 0; k < C->ncons; k++)
        affine_row(rows + 3 * k, C, C->P + k);
    for (k = 0; k < C->ncons; k++) {
        if (C->rel[k] != RF_SYS_REL_EQ || fmpq_mpoly_is_fmpq(C->P + k, C->sys->ctx))
            continue;
        neq++;
        if (e1 < 0) {
            e1 = k;
            continue;
        }
        /* rank 2? */
        fmpq_mul(det, rows + 3 * e1, rows + 3 * k + 1);
        fmpq_submul(det, rows + 3 * e1 + 1, rows + 3 * k);
        if (!fmpq_is_zero(det)) {
            /* the point: solve the 2 x 2 system (Cramer) */
            fmpq *a = rows + 3 * e1, *b = rows + 3 * k;
            fmpq_mul(S->seg.v + 0, a + 1, b + 2);
            fmpq_submul(S->seg.v + 0, b + 1, a + 2);
            fmpq_div(S->seg.v + 0, S->seg.v + 0, det);
            fmpq_mul(S->seg.v + 1, b + 0, a + 2);
            fmpq_submul(S->seg.v + 1, a + 0, b + 2);
            fmpq_div(S->seg.v + 1, S->seg.v + 1, det);
            fmpq_set(S->seg.v + 2, S->seg.v + 0);
            fmpq_set(S->seg.v + 3, S->seg.v + 1);
            S->kind = RF_DRAW_SLICE_EMPTY;
            if (fmpq_cmp(S->seg.v, S->lo) >= 0 && fmpq_cmp(S->seg.v, S->hi) <= 0
                && fmpq_cmp(S->seg.v + 1, S->lo + 1) >= 0 && fmpq_cmp(S->seg.v + 1, S->hi + 1) <= 0
                && point_in(C, S->seg.v + 0, S->seg.v + 1)) {
                S->kind = RF_DRAW_SLICE_POINT;
                S->nseg = 1;
            }
            goto out;
        }
    }
    if (neq == 0) {
        /* a convex polygon: the window clipped by the closed half-planes */
        slong alloc = 0, n = 0;
        fmpq *v = NULL;
        _rf_draw_box_poly(&v, &n, &alloc, S->lo, S->hi);
        for (k = 0; k < C->ncons; k++)
            if (C->rel[k] == RF_SYS_REL_GT || C->rel[k] == RF_SYS_REL_GE) {
                has_ge |= C->rel[k] == RF_SYS_REL_GE;
                _rf_draw_clip(&v, &n, &alloc, rows + 3 * k);
            }
        _rf_draw_area2(t, v, n);
        if (n >= 3 && fmpq_sgn(t) > 0) {
            S->kind = RF_DRAW_SLICE_REGION;
            S->npoly = 1;
            S->poly.n = n;
            S->poly.v = _fmpq_vec_init(2 * n);
            for (j = 0; j < 2 * n; j++)
                fmpq_set(S->poly.v + j, v + j);
            fmpq_div_2exp(S->poly.area, t, 1);
        } else if (n > 0 && has_ge) {
            r = rf_err_set(err, RF_ERR_UNSUPPORTED, "<draw>", 0,
                           "the slice of component %ld is a lower-dimensional set cut out by "
                           "inequalities; not drawn", (long) (S->comp + 1));
        } else {
            S->kind = RF_DRAW_SLICE_EMPTY;
        }
        _rf_draw_vec_free(v, alloc);
        goto out;
    }
    {
        /* a segment of the line rows[e1] = 0 (the other equations are
           multiples of it, or inconsistent: checked at the end points) */
        fmpq P0[2], D[2], wr[12];
        fmpq_t tlo, thi;
        int hl = 0, hh = 0, ok = 1;
        const fmpq *a = rows + 3 * e1;
        for (j = 0; j < 2; j++) {
            fmpq_init(P0 + j);
            fmpq_init(D + j);
        }
        fmpq_init(tlo);
        fmpq_init(thi);
        for (j = 0; j < 12; j++)
            fmpq_init(wr + j);
        if (!fmpq_is_zero(a + 0)) {
            fmpq_div(P0 + 0, a + 2, a + 0);
            fmpq_neg(P0 + 0, P0 + 0);
        } else {
            fmpq_div(P0 + 1, a + 2, a + 1);
            fmpq_neg(P0 + 1, P0 + 1);
        }
        fmpq_neg(D + 0, a + 1);
        fmpq_set(D + 1, a + 0);
        window_rows(wr, S->lo, S->hi);
        for (j = 0; j < 4 && ok; j++)
            ok = clip_interval(tlo, &hl, thi, &hh, wr + 3 * j, P0, D);
        for (k = 0; k < C->ncons && ok; k++) {
            if (C->rel[k] == RF_SYS_REL_GT || C->rel[k] == RF_SYS_REL_GE)
                ok = clip_interval(tlo, &hl, thi, &hh, rows + 3 * k, P0, D);
            else if (C->rel[k] == RF_SYS_REL_EQ && k != e1) {
                /* a proportional equation: consistent iff the constants
                   agree too (a1 c - a c1 = 0, b1 c - b c1 = 0) */
                const fmpq *b = rows + 3 * k;
                fmpq_mul(det, a + 0, b + 2);
                fmpq_submul(det, b + 0, a + 2);
                fmpq_mul(t, a + 1, b + 2);
                fmpq_submul(t, b + 1, a + 2);
                ok = fmpq_is_zero(det) && fmpq_is_zero(t);
            }
        }
        if (ok && hl && hh && fmpq_cmp(tlo, thi) <= 0) {
            for (j = 0; j < 2; j++) {
                fmpq_mul(t, tlo, D + j);
                fmpq_add(S->seg.v + j, P0 + j, t);
                fmpq_mul(t, thi, D + j);
                fmpq_add(S->seg.v + 2 + j, P0 + j, t);
            }
            S->nseg = 1;
            S->kind = fmpq_equal(tlo, thi) ? RF_DRAW_SLICE_POINT : RF_DRAW_SLICE_CURVE;
        } else {
            S->kind = RF_DRAW_SLICE_EMPTY;
        }
        for (j = 0; j < 2; j++) {
            fmpq_clear(P0 + j);
            fmpq_clear(D + j);
        }
        fmpq_clear(tlo);
        fmpq_clear(thi);
        for (j = 0; j < 12; j++)
            fmpq_clear(wr + j);
    }
out:
    _fmpq_vec_clear(rows, 3 * C->ncons + 12);
    fmpq_clear(det);
    fmpq_clear(t);
    return r;
}

static int sampled_slice(rf_draw_slice_struct *S, slice_ctx *C, rf_err_t err)
{
    slong k, i, j, e = -1, alloc = 0, M, piece_open = 0, palloc = 0;
    int r = RF_OK;
    fmpq_t x, y, step, a, b;
    fmpq_init(x);
    fmpq_init(y);
    fmpq_init(step);
    fmpq_init(a);
    fmpq_init(b);
    S->exact = 0;
    for (k = 0; k < C->ncons; k++)
        if (C->rel[k] == RF_SYS_REL_EQ && !fmpq_mpoly_is_fmpq(C->P + k, C->sys->ctx)
            && !has_aux(C, C->P + k, NULL)) {
            e = k;
            break;
        }
    if (e < 0) {
        /* a region: cell centres lo + (i + 1/2) (hi - lo) / grid */
        S->kind = RF_DRAW_SLICE_REGION;
        S->in = flint_calloc(S->grid * S->grid, 1);
        for (j = 0; j < S->grid; j++) {
            fmpq_sub(y, S->hi + 1, S->lo + 1);
            fmpq_mul_si(y, y, 2 * j + 1);
            _rf_draw_div_si(y, y, 2 * S->grid);
            fmpq_add(y, y, S->lo + 1);
            for (i = 0; i < S->grid; i++) {
                fmpq_sub(x, S->hi + 0, S->lo + 0);
                fmpq_mul_si(x, x, 2 * i + 1);
                _rf_draw_div_si(x, x, 2 * S->grid);
                fmpq_add(x, x, S->lo + 0);
                if (point_in(C, x, y)) {
                    S->in[i + S->grid * j] = 1;
                    S->nin++;
                }
            }
        }
        if (S->nin == 0)
            S->kind = RF_DRAW_SLICE_EMPTY;
        goto out;
    }
    {
        /* a curve: solve equation e, of degree 1 in q (or p), exactly at
           M sample values of the other parameter */
        slong sv, ov, sx;   /* sampled variable, solved variable, axis */
        fmpq_mpoly_t E1, E0;
        if (fmpq_mpoly_degree_si(C->P + e, C->iq, C->sys->ctx) == 1) {
            sv = C->ip; ov = C->iq; sx = 0;
        } else if (fmpq_mpoly_degree_si(C->P + e, C->ip, C->sys->ctx) == 1) {
            sv = C->iq; ov = C->ip; sx = 1;
        } else {
            r = rf_err_set(err, RF_ERR_UNSUPPORTED, "<draw>", 0,
                           "component %ld: the equation of the slice has degree >= 2 in both "
                           "%s and %s; not drawn", (long) (S->comp + 1), S->pname, S->qname);
            goto out;
        }
        S->kind = RF_DRAW_SLICE_CURVE;
        fmpq_mpoly_init(E1, C->sys->ctx);
        fmpq_mpoly_init(E0, C->sys->ctx);
        fmpq_one(a);
        fmpq_mpoly_evaluate_one_fmpq(E1, C->P + e, ov, a, C->sys->ctx);
        fmpq_zero(a);
        fmpq_mpoly_evaluate_one_fmpq(E0, C->P + e, ov, a, C->sys->ctx);
        fmpq_mpoly_sub(E1, E1, E0, C->sys->ctx);    /* coefficient of ov */
        M = 8 * S->grid + 1;
        S->start = flint_malloc((M + 2) * sizeof(slong));
        S->npieces = 0;
        fmpq_sub(step, S->hi + sx, S->lo + sx);
        _rf_draw_div_si(step, step, M - 1);
        for (i = 0; i < M; i++) {
            int keep = 0;
            fmpq_mul_si(x, step, i);
            fmpq_add(x, x, S->lo + sx);
            fmpq_set(C->vals + sv, x);
            fmpq_mpoly_evaluate_all_fmpq(a, E1, C->pv, C->sys->ctx);
            if (!fmpq_is_zero(a)) {
                fmpq_mpoly_evaluate_all_fmpq(b, E0, C->pv, C->sys->ctx);
                fmpq_div(y, b, a);
                fmpq_neg(y, y);
                if (fmpq_cmp(y, S->lo + 1 - sx) >= 0 && fmpq_cmp(y, S->hi + 1 - sx) <= 0) {
                    keep = sx == 0 ? point_in(C, x, y) : point_in(C, y, x);
                }
            }
            if (keep) {
                if (!piece_open) {
                    S->start[S->npieces++] = S->npts;
                    piece_open = 1;
                }
                if (sx == 0)
                    add_pt(S, &palloc, x, y);
                else
                    add_pt(S, &palloc, y, x);
            } else {
                piece_open = 0;
            }
        }
        S->start[S->npieces] = S->npts;
        if (S->npts == 0)
            S->kind = RF_DRAW_SLICE_EMPTY;
        else if (S->npts == S->npieces)   /* isolated samples only */
            S->kind = RF_DRAW_SLICE_POINT;
        fmpq_mpoly_clear(E1, C->sys->ctx);
        fmpq_mpoly_clear(E0, C->sys->ctx);
        (void) alloc;
    }
out:
    /* keep exactly 2 npts initialised entries for the clear */
    if (S->pts != NULL && palloc > 2 * S->npts) {
        for (k = 2 * S->npts; k < palloc; k++)
            fmpq_clear(S->pts + k);
    }
    fmpq_clear(x);
    fmpq_clear(y);
    fmpq_clear(step);
    fmpq_clear(a);
    fmpq_clear(b);
    return r;
}

/* Eliminate the auxiliaries that an equation determines with a constant
 * coefficient: a m + r = 0 with a a non-zero rational gives m = -r / a, and
 * (exists m: a m + r = 0 and Phi(m)) iff Phi(-r / a). Substituted into every
 * constraint (the determining equation becomes 0 = 0); repeated until no
 * such equation is left. Returns the number eliminated. */
static slong eliminate_aux(slice_ctx *C)
{
    const rf_sys_struct *sys = C->sys;
    slong nv = sys->nvars, k, j, v, count = 0;
    int progress = 1;
    fmpq_t one, zero, a;
    fmpq_mpoly_t A, R;
    fmpq_mpoly_struct *gens, **gp;
    fmpq_init(one);
    fmpq_init(zero);
    fmpq_init(a);
    fmpq_one(one);
    fmpq_mpoly_init(A, sys->ctx);
    fmpq_mpoly_init(R, sys->ctx);
    gens = flint_malloc(FLINT_MAX(nv, 1) * sizeof(fmpq_mpoly_struct));
    gp = flint_malloc(FLINT_MAX(nv, 1) * sizeof(fmpq_mpoly_struct *));
    for (v = 0; v < nv; v++) {
        fmpq_mpoly_init(gens + v, sys->ctx);
        fmpq_mpoly_gen(gens + v, v, sys->ctx);
        gp[v] = gens + v;
    }
    while (progress) {
        progress = 0;
        for (k = 0; k < C->ncons && !progress; k++) {
            if (C->rel[k] != RF_SYS_REL_EQ)
                continue;
            for (v = 0; v < nv && !progress; v++) {
                if (sys->kinds[v] != RF_SYS_VAR_AUX
                    || fmpq_mpoly_degree_si(C->P + k, v, sys->ctx) != 1)
                    continue;
                fmpq_mpoly_evaluate_one_fmpq(R, C->P + k, v, zero, sys->ctx);
                fmpq_mpoly_evaluate_one_fmpq(A, C->P + k, v, one, sys->ctx);
                fmpq_mpoly_sub(A, A, R, sys->ctx);
                if (!fmpq_mpoly_is_fmpq(A, sys->ctx))
                    continue;
                fmpq_mpoly_get_fmpq(a, A, sys->ctx);
                if (fmpq_is_zero(a))
                    continue;
                /* m := -R / a in every constraint */
                fmpq_neg(a, a);
                fmpq_mpoly_scalar_div_fmpq(gens + v, R, a, sys->ctx);
                for (j = 0; j < C->ncons; j++)
                    if (fmpq_mpoly_degree_si(C->P + j, v, sys->ctx) > 0) {
                        /* (the composition must not alias its input) */
                        fmpq_mpoly_compose_fmpq_mpoly(A, C->P + j, gp, sys->ctx, sys->ctx);
                        fmpq_mpoly_swap(C->P + j, A, sys->ctx);
                    }
                fmpq_mpoly_gen(gens + v, v, sys->ctx);
                count++;
                progress = 1;
            }
        }
    }
    for (v = 0; v < nv; v++)
        fmpq_mpoly_clear(gens + v, sys->ctx);
    flint_free(gens);
    flint_free(gp);
    fmpq_mpoly_clear(A, sys->ctx);
    fmpq_mpoly_clear(R, sys->ctx);
    fmpq_clear(one);
    fmpq_clear(zero);
    fmpq_clear(a);
    return count;
}

int rf_draw_slice(rf_draw_slice_t S, const rf_sys_t sys, slong c,
                  const fmpq *at, const char *p, const char *q,
                  const fmpq *lo, const fmpq *hi, slong grid, rf_err_t err)
{
    slice_ctx C;
    const rf_sys_comp_struct *comp;
    slong k, v, nv = sys->nvars;
    int r = RF_OK, all_affine = 1;
    rf_draw_slice_clear(S);
    rf_draw_slice_init(S);
    if (c < 0 || c >= sys->ncomp)
        return rf_err_set(err, RF_ERR_INPUT, "<draw>", 0,
                          "component %ld does not exist: the fiber has %ld component(s)",
                          (long) (c + 1), (long) sys->ncomp);
    if (grid == 0)
        grid = RF_DRAW_GRID;
    if (grid < 2 || grid > RF_DRAW_GRID_MAX)
        return rf_err_set(err, RF_ERR_INPUT, "<draw>", 0, "grid %ld out of range (2..%d)",
                          (long) grid, RF_DRAW_GRID_MAX);
    C.ip = rf_sys_var_index(sys, p);
    C.iq = rf_sys_var_index(sys, q);
    if (C.ip < 0 || sys->kinds[C.ip] != RF_SYS_VAR_PARAM)
        return rf_err_set(err, RF_ERR_INPUT, "<draw>", 0,
                          "unknown parameter name '%s' (names as W<l>_<i>_<j>, b<l>_<i>; "
                          "see 'relufiber info')", p);
    if (C.iq < 0 || sys->kinds[C.iq] != RF_SYS_VAR_PARAM)
        return rf_err_set(err, RF_ERR_INPUT, "<draw>", 0,
                          "unknown parameter name '%s' (names as W<l>_<i>_<j>, b<l>_<i>; "
                          "see 'relufiber info')", q);
    if (C.ip == C.iq)
        return rf_err_set(err, RF_ERR_INPUT, "<draw>", 0,
                          "the two slice parameters must differ (both are '%s')", p);
    for (k = 0; k < 2; k++)
        if (fmpq_cmp(lo + k, hi + k) >= 0)
            return rf_err_set(err, RF_ERR_INPUT, "<draw>", 0,
                              "empty window: coordinate %ld has lo >= hi", (long) (k + 1));
    comp = sys->comps + c;
    S->comp = c;
    S->comp_name = sdup(comp->name ? comp->name : "");
    S->comp_dim = comp->dim;
    S->pname = sdup(p);
    S->qname = sdup(q);
    S->grid = grid;
    for (k = 0; k < 2; k++) {
        fmpq_set(S->lo + k, lo + k);
        fmpq_set(S->hi + k, hi + k);
    }
    fmpq_set(S->theta + 0, at + C.ip);
    fmpq_set(S->theta + 1, at + C.iq);
    C.sys = sys;
    C.ncons = comp->len;
    C.P = flint_malloc(FLINT_MAX(C.ncons, 1) * sizeof(fmpq_mpoly_struct));
    C.rel = flint_malloc(FLINT_MAX(C.ncons, 1) * sizeof(rf_sys_rel_t));
    C.vals = _fmpq_vec_init(FLINT_MAX(nv, 1));
    C.pv = flint_malloc(FLINT_MAX(nv, 1) * sizeof(fmpq *));
    C.known = flint_malloc(FLINT_MAX(nv, 1) * sizeof(int));
    C.undecided = 0;
    for (v = 0; v < nv; v++) {
        C.pv[v] = C.vals + v;
        if (sys->kinds[v] == RF_SYS_VAR_PARAM)
            fmpq_set(C.vals + v, at + v);
    }
    for (k = 0; k < C.ncons; k++) {
        fmpq_mpoly_init(C.P + k, sys->ctx);
        fmpq_mpoly_set(C.P + k, &comp->cons[k].poly, sys->ctx);
        C.rel[k] = comp->cons[k].rel;
        for (v = 0; v < nv; v++)
            if (v != C.ip && v != C.iq && sys->kinds[v] == RF_SYS_VAR_PARAM
                && uses_var(C.P + k, v, sys->ctx))
                fmpq_mpoly_evaluate_one_fmpq(C.P + k, C.P + k, v, at + v, sys->ctx);
    }
    eliminate_aux(&C);
    for (k = 0; k < C.ncons; k++)
        if (has_aux(&C, C.P + k, NULL) || fmpq_mpoly_total_degree_si(C.P + k, sys->ctx) > 1)
            all_affine = 0;
    /* solvers: equations of degree 1 in an auxiliary */
    C.nsolv = 0;
    C.solv = flint_malloc(FLINT_MAX(C.ncons * nv, 1) * sizeof(solver_struct));
    for (k = 0; k < C.ncons; k++) {
        if (C.rel[k] != RF_SYS_REL_EQ)
            continue;
        for (v = 0; v < nv; v++)
            if (sys->kinds[v] == RF_SYS_VAR_AUX
                && fmpq_mpoly_degree_si(C.P + k, v, sys->ctx) == 1) {
                solver_struct *s = C.solv + C.nsolv++;
                fmpq_t one;
                fmpq_init(one);
                s->var = v;
                fmpq_mpoly_init(s->a, sys->ctx);
                fmpq_mpoly_init(s->r, sys->ctx);
                fmpq_mpoly_evaluate_one_fmpq(s->r, C.P + k, v, one, sys->ctx);
                fmpq_one(one);
                fmpq_mpoly_evaluate_one_fmpq(s->a, C.P + k, v, one, sys->ctx);
                fmpq_mpoly_sub(s->a, s->a, s->r, sys->ctx);
                fmpq_clear(one);
            }
    }
    /* a false constant constraint: the slice is empty */
    for (k = 0; k < C.ncons; k++)
        if (fmpq_mpoly_is_fmpq(C.P + k, sys->ctx)) {
            fmpq_t cst;
            fmpq_init(cst);
            fmpq_mpoly_get_fmpq(cst, C.P + k, sys->ctx);
            if (!rel_holds(cst, C.rel[k]))
                S->empty = 1;
            fmpq_clear(cst);
        }
    S->theta_in = point_in(&C, S->theta + 0, S->theta + 1);
    C.undecided = 0;
    if (S->empty) {
        S->kind = RF_DRAW_SLICE_EMPTY;
        S->exact = 1;
    } else if (all_affine) {
        r = exact_slice(S, &C, err);
    } else {
        r = sampled_slice(S, &C, err);
    }
    S->undecided = C.undecided;
    for (k = 0; k < C.nsolv; k++) {
        fmpq_mpoly_clear(C.solv[k].a, sys->ctx);
        fmpq_mpoly_clear(C.solv[k].r, sys->ctx);
    }
    flint_free(C.solv);
    for (k = 0; k < C.ncons; k++)
        fmpq_mpoly_clear(C.P + k, sys->ctx);
    flint_free(C.P);
    flint_free(C.rel);
    _fmpq_vec_clear(C.vals, FLINT_MAX(nv, 1));
    flint_free(C.pv);
    flint_free(C.known);
    return r;
}
