/* relufiber decide/: the complete description of the fiber of any network
 * (fiber --complete), through the exhaustive region map.
 *
 * Theorem (complete fiber; docs/complete_fiber.md, with proof). Let
 * f = f_theta, and let R_1..R_N be the open activation regions of f
 * (cells.h), f = A_k x + c_k on R_k, the closures covering R^d0. For a
 * parameter theta' of the same architecture and a ternary pattern s of the
 * H hidden neurons, let z^s_j(theta'; x) be neuron j's pre-activation
 * computed with the neurons of earlier layers active (s = +) or silent
 * (s = -, 0): affine in x with coefficients polynomial in theta'. Put
 *   Z_s(theta'):  every coefficient of z^s_j is 0, for j with s_j = 0;
 *   C_s(theta') = {x : s_j z^s_j(theta'; x) > 0 for every j with s_j != 0};
 *   M_s(theta'):  the network's affine map with pattern s.
 * Then f_theta' = f  iff  for every k and every s:
 *   Z_s(theta') and R_k meets C_s(theta')  =>  M_s(theta') = (A_k | c_k).
 * Proof idea: on Z_s, f_theta' = M_s on the open set C_s; the union of the
 * C_s with Z_s contains the complement of finitely many hyperplanes, so it
 * is dense; two affine maps agreeing on a non-empty open set are equal, and
 * continuous functions agreeing on a dense set are equal.
 *
 * The region map is the certified enumeration of cells.h; every pattern's
 * polynomials come from the symbolic realization (sym.h); membership of a
 * rational point is decided clause by clause with exact certified LPs.
 * No pattern is pruned (none is impossible for every theta': theta' = 0
 * satisfies every Z_s), so the description has N x 3^H clauses.
 */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/decide.h"
#include "relufiber/export.h"

static void vec_set(fmpq *r, const fmpq *a, slong n)
{
    slong i;
    for (i = 0; i < n; i++)
        fmpq_set(r + i, a + i);
}

void rf_decide_complete_init(rf_decide_complete_t C)
{
    memset(C, 0, sizeof(*C));
    rf_net_init(C->net, 1, (slong[]) {1, 1});
    rf_sym_ctx_init(C->ctx, C->net, RF_SYM_INPUTS);
}

static void complete_free(rf_decide_complete_t C)
{
    slong k, n;
    for (k = 0; k < C->nregions; k++) {
        fmpq_mat_clear(C->rcons + k);
        fmpq_mat_clear(C->rmap + k);
    }
    flint_free(C->rcons);
    flint_free(C->rmap);
    flint_free(C->rpat);
    flint_free(C->rgroup);
    if (C->rpoint)
        _fmpq_vec_clear(C->rpoint, C->nregions * C->d0);
    n = C->npatterns * C->H * (C->d0 + 1);
    if (C->pre)
        rf_sym_vec_clear(C->pre, n, C->ctx);
    n = C->npatterns * C->dL * (C->d0 + 1);
    if (C->map)
        rf_sym_vec_clear(C->map, n, C->ctx);
    flint_free(C->spat);
    C->rcons = C->rmap = NULL;
    C->rpat = C->spat = NULL;
    C->rgroup = NULL;
    C->rpoint = NULL;
    C->pre = C->map = NULL;
    C->nregions = C->npatterns = C->nclauses = C->ngroups = 0;
}

void rf_decide_complete_clear(rf_decide_complete_t C)
{
    complete_free(C);
    rf_sym_ctx_clear(C->ctx);
    rf_net_clear(C->net);
}

/* ---- building ----------------------------------------------------------- */

typedef struct {
    rf_decide_complete_struct *C;
    slong alloc;
} leaf_data_t;

static int leaf(const rf_cells_struct *e, void *data)
{
    leaf_data_t *ld = data;
    rf_decide_complete_struct *C = ld->C;
    slong k = C->nregions, d = C->d0, i, j;
    if (k == ld->alloc) {
        slong na = FLINT_MAX(16, 2 * ld->alloc);
        fmpq *np = _fmpq_vec_init(na * d);
        vec_set(np, C->rpoint, k * d);
        if (C->rpoint)
            _fmpq_vec_clear(C->rpoint, ld->alloc * d);
        C->rpoint = np;
        C->rpat = flint_realloc(C->rpat, na * FLINT_MAX(C->H, 1) * sizeof(int));
        C->rcons = flint_realloc(C->rcons, na * sizeof(fmpq_mat_struct));
        C->rmap = flint_realloc(C->rmap, na * sizeof(fmpq_mat_struct));
        ld->alloc = na;
    }
    for (i = 0; i < C->H; i++)
        C->rpat[k * C->H + i] = e->pat[0][i];
    vec_set(C->rpoint + k * d, e->x, d);
    fmpq_mat_init(C->rcons + k, e->ncons - e->nbox, d + 1);
    for (i = e->nbox; i < e->ncons; i++)
        for (j = 0; j <= d; j++)
            fmpq_set(fmpq_mat_entry(C->rcons + k, i - e->nbox, j),
                     fmpq_mat_entry(e->rows, i, j));
    fmpq_mat_init_set(C->rmap + k, e->out + 0);
    C->nregions = k + 1;
    return 0;
}

/* The polynomials of pattern s (digits: 0 -> +, 1 -> -, 2 -> 0). */
static int build_pattern(rf_decide_complete_t C, slong s, fmpq_mpoly_struct *y,
                         fmpq_mpoly_struct *pre, rf_err_t err)
{
    slong H = C->H, d = C->d0, j, r = s;
    int *pat = C->spat + s * H;
    for (j = 0; j < H; j++, r /= 3)
        pat[j] = (r % 3) == 0 ? 1 : (r % 3) == 1 ? -1 : 0;
    if (rf_sym_realize(y, pre, pat, NULL, 0, C->ctx, err))
        return err->code;
    for (j = 0; j < H; j++)
        if (rf_sym_affine_coeffs(C->pre + (s * H + j) * (d + 1), pre + j, C->ctx))
            return rf_err_set(err, RF_ERR_INTERNAL, NULL, 0,
                              "complete fiber: a pre-activation is not affine in x");
    for (j = 0; j < C->dL; j++)
        if (rf_sym_affine_coeffs(C->map + (s * C->dL + j) * (d + 1), y + j, C->ctx))
            return rf_err_set(err, RF_ERR_INTERNAL, NULL, 0,
                              "complete fiber: an output is not affine in x");
    return RF_OK;
}

int rf_decide_complete(rf_decide_complete_t C, const rf_net_t net, slong cap,
                       rf_err_t err)
{
    slong H = rf_net_num_hidden(net), P = 1, j, k;
    rf_cells_opts_t opts;
    rf_cells_stats_t stats;
    const rf_net_struct *nets[1];
    leaf_data_t ld;
    fmpq_mpoly_struct *y, *pre;
    int r;
    if (cap <= 0)
        cap = RF_DECIDE_COMPLETE_CAP;
    complete_free(C);
    rf_net_set(C->net, net);
    rf_sym_ctx_clear(C->ctx);
    rf_sym_ctx_init(C->ctx, net, RF_SYM_INPUTS);
    C->d0 = rf_net_in_dim(net);
    C->dL = rf_net_out_dim(net);
    C->H = H;
    for (j = 0; j < H; j++) {
        P *= 3;
        if (P > cap)
            return rf_err_set(err, RF_ERR_UNSUPPORTED, NULL, 0,
                              "too large for --complete: at least 3^%ld patterns x 1 region "
                              "clauses, cap %ld; plain `fiber` lists the certain components",
                              (long) H, (long) cap);
    }
    /* the region map of f, stopped as soon as the clauses exceed the cap */
    rf_cells_opts_init(opts);
    opts->max_regions = cap / P + 1;
    rf_cells_stats_init(stats);
    ld.C = C;
    ld.alloc = 0;
    nets[0] = net;
    r = rf_cells_enumerate(stats, nets, 1, opts, leaf, &ld, err);
    if (r == RF_OK && ld.alloc > C->nregions) {   /* shrink the point store */
        fmpq *np = _fmpq_vec_init(FLINT_MAX(C->nregions, 1) * C->d0);
        vec_set(np, C->rpoint, C->nregions * C->d0);
        _fmpq_vec_clear(C->rpoint, ld.alloc * C->d0);
        C->rpoint = np;
    } else if (r != RF_OK) {
        if (C->rpoint)
            _fmpq_vec_clear(C->rpoint, ld.alloc * C->d0);
        C->rpoint = NULL;
        for (k = 0; k < C->nregions; k++) {
            fmpq_mat_clear(C->rcons + k);
            fmpq_mat_clear(C->rmap + k);
        }
        C->nregions = 0;
        return r;
    }
    C->lps = stats->lps;
    if (!stats->complete || C->nregions > cap / P)   /* nregions * P > cap, no overflow */
        return rf_err_set(err, RF_ERR_UNSUPPORTED, NULL, 0,
                          "too large for --complete: %s%ld clauses (%s%ld regions x 3^%ld "
                          "patterns), cap %ld; plain `fiber` lists the certain components",
                          stats->complete ? "" : "at least ", (long) (C->nregions * P),
                          stats->complete ? "" : "at least ", (long) C->nregions,
                          (long) H, (long) cap);
    /* group the regions by affine map */
    C->rgroup = flint_malloc(FLINT_MAX(C->nregions, 1) * sizeof(slong));
    C->ngroups = 0;
    for (k = 0; k < C->nregions; k++) {
        slong g;
        for (g = 0; g < k && !fmpq_mat_equal(C->rmap + g, C->rmap + k); g++)
            ;
        C->rgroup[k] = g;
        C->ngroups += g == k;
    }
    /* the patterns */
    C->npatterns = P;
    C->nclauses = P * C->nregions;
    C->spat = flint_malloc(FLINT_MAX(P * H, 1) * sizeof(int));
    C->pre = rf_sym_vec_init(FLINT_MAX(P * H * (C->d0 + 1), 1), C->ctx);
    C->map = rf_sym_vec_init(P * C->dL * (C->d0 + 1), C->ctx);
    y = rf_sym_vec_init(C->dL, C->ctx);
    pre = rf_sym_vec_init(FLINT_MAX(H, 1), C->ctx);
    r = RF_OK;
    for (k = 0; k < P && r == RF_OK; k++)
        r = build_pattern(C, k, y, pre, err);
    rf_sym_vec_clear(y, C->dL, C->ctx);
    rf_sym_vec_clear(pre, FLINT_MAX(H, 1), C->ctx);
    if (P * H * (C->d0 + 1) == 0) {   /* keep the allocated count consistent */
        rf_sym_vec_clear(C->pre, 1, C->ctx);
        C->pre = NULL;
    }
    return r;
}

/* ---- membership of a rational point ------------------------------------- */

int rf_decide_complete_member(int *member, slong *kout, slong *sout, fmpq *xout,
                              const rf_decide_complete_t C, const rf_net_t net2,
                              rf_err_t err)
{
    slong H = C->H, d = C->d0, dL = C->dL, s, k, j, i, n = rf_sym_nvars(C->ctx);
    slong D = rf_net_num_params(C->net);
    fmpq *vals, *theta, *coef, *mval, *x;
    fmpq_mat_t cell, rows;
    int r = RF_OK;
    if (net2->L != C->net->L)
        return rf_err_set(err, RF_ERR_INPUT, NULL, 0, "complete fiber: another architecture");
    for (j = 0; j <= net2->L; j++)
        if (net2->dims[j] != C->net->dims[j])
            return rf_err_set(err, RF_ERR_INPUT, NULL, 0,
                              "complete fiber: another architecture");
    *member = 1;
    vals = _fmpq_vec_init(n);
    theta = _fmpq_vec_init(D);
    coef = _fmpq_vec_init(FLINT_MAX(H, 1) * (d + 1));
    mval = _fmpq_vec_init(dL * (d + 1));
    x = _fmpq_vec_init(d);
    rf_net_get_params(theta, net2);
    rf_sym_vals_set(vals, theta, NULL, NULL, C->ctx);
    fmpq_mat_init(cell, FLINT_MAX(H, 1), d + 1);
    for (s = 0; s < C->npatterns && *member && r == RF_OK; s++) {
        const int *pat = C->spat + s * H;
        int zs = 1, cell_known = 0, cell_nonempty = 0;
        slong m = 0;
        for (j = 0; j < H && zs && r == RF_OK; j++)
            for (i = 0; i <= d && r == RF_OK; i++) {
                r = rf_sym_eval(coef + j * (d + 1) + i, C->pre + (s * H + j) * (d + 1) + i,
                                vals, C->ctx, err);
                if (pat[j] == 0 && !fmpq_is_zero(coef + j * (d + 1) + i))
                    zs = 0;
            }
        if (!zs || r != RF_OK)
            continue;
        for (j = 0; j < H; j++)
            if (pat[j] != 0) {
                for (i = 0; i <= d; i++) {
                    fmpq *e = fmpq_mat_entry(cell, m, i);
                    if (pat[j] > 0)
                        fmpq_set(e, coef + j * (d + 1) + i);
                    else
                        fmpq_neg(e, coef + j * (d + 1) + i);
                }
                m++;
            }
        for (i = 0; i < dL * (d + 1) && r == RF_OK; i++)
            r = rf_sym_eval(mval + i, C->map + s * dL * (d + 1) + i, vals, C->ctx, err);
        for (k = 0; k < C->nregions && *member && r == RF_OK; k++) {
            const fmpq_mat_struct *A = C->rmap + k;
            slong mk = fmpq_mat_nrows(C->rcons + k), t;
            int same = 1, ne;
            for (j = 0; j < dL && same; j++)
                for (i = 0; i <= d && same; i++)
                    same = fmpq_equal(mval + j * (d + 1) + i, fmpq_mat_entry(A, j, i));
            if (same)
                continue;   /* the clause holds whatever the incidence */
            if (!cell_known) {
                fmpq_mat_t w;
                fmpq_mat_window_init(w, cell, 0, 0, m, d + 1);
                ne = rf_cells_lp_open_interior(NULL, NULL, w, d, err);
                fmpq_mat_window_clear(w);
                if (ne < 0) {
                    r = err->code;
                    break;
                }
                cell_known = 1;
                cell_nonempty = ne;
            }
            if (!cell_nonempty)
                break;
            fmpq_mat_init(rows, m + mk, d + 1);
            for (t = 0; t < m; t++)
                for (i = 0; i <= d; i++)
                    fmpq_set(fmpq_mat_entry(rows, t, i), fmpq_mat_entry(cell, t, i));
            for (t = 0; t < mk; t++)
                for (i = 0; i <= d; i++)
                    fmpq_set(fmpq_mat_entry(rows, m + t, i), fmpq_mat_entry(C->rcons + k, t, i));
            ne = rf_cells_lp_open_interior(x, NULL, rows, d, err);
            fmpq_mat_clear(rows);
            if (ne < 0) {
                r = err->code;
                break;
            }
            if (ne) {
                *member = 0;
                if (kout)
                    *kout = k;
                if (sout)
                    *sout = s;
                if (xout)
                    vec_set(xout, x, d);
            }
        }
    }
    fmpq_mat_clear(cell);
    _fmpq_vec_clear(vals, n);
    _fmpq_vec_clear(theta, D);
    _fmpq_vec_clear(coef, FLINT_MAX(H, 1) * (d + 1));
    _fmpq_vec_clear(mval, dL * (d + 1));
    _fmpq_vec_clear(x, d);
    return r;
}

/* ---- writers ------------------------------------------------------------ */

/* p = sum_j c[j] x_{j+1} + c[d] with polynomial coefficients */
static void affine_poly(fmpq_mpoly_t p, const fmpq_mpoly_struct *c,
                        const rf_decide_complete_t C)
{
    slong j;
    fmpq_mpoly_t g;
    rf_sym_poly_init(g, C->ctx);
    fmpq_mpoly_set(p, c + C->d0, C->ctx->mctx);
    for (j = 0; j < C->d0; j++) {
        rf_sym_gen(g, rf_sym_input_var(C->ctx, j), C->ctx);
        fmpq_mpoly_mul(g, g, c + j, C->ctx->mctx);
        fmpq_mpoly_add(p, p, g, C->ctx->mctx);
    }
    rf_sym_poly_clear(g, C->ctx);
}

/* the same with rational coefficients (a row of length d + 1) */
static void affine_poly_q(fmpq_mpoly_t p, const fmpq_mat_t M, slong row,
                          const rf_decide_complete_t C)
{
    slong j;
    fmpq_mpoly_t g;
    rf_sym_poly_init(g, C->ctx);
    fmpq_mpoly_set_fmpq(p, fmpq_mat_entry(M, row, C->d0), C->ctx->mctx);
    for (j = 0; j < C->d0; j++) {
        rf_sym_gen(g, rf_sym_input_var(C->ctx, j), C->ctx);
        fmpq_mpoly_scalar_mul_fmpq(g, g, fmpq_mat_entry(M, row, j), C->ctx->mctx);
        fmpq_mpoly_add(p, p, g, C->ctx->mctx);
    }
    rf_sym_poly_clear(g, C->ctx);
}

static char patc(int v)
{
    return v > 0 ? '+' : v < 0 ? '-' : '0';
}

static void fprint_pat(FILE *out, const int *pat, slong H)
{
    slong j;
    fputc('(', out);
    for (j = 0; j < H; j++)
        fputc(patc(pat[j]), out);
    fputc(')', out);
}

static const char theorem_line[] =
    "theta' is in the fiber iff for every region R_k and every pattern s: "
    "[Z_s(theta') and R_k meets C_s(theta')] => M_s(theta') = (A_k | c_k)";

static int io_status(FILE *out, rf_err_t err)
{
    if (fflush(out) || ferror(out))
        return rf_err_set(err, RF_ERR_IO, "<output>", 0, "write error");
    return RF_OK;
}

int rf_decide_complete_fprint(FILE *out, const rf_decide_complete_t C, rf_err_t err)
{
    slong k, s, j, i, H = C->H, d = C->d0, D = C->ctx->nparams;
    fmpq_mpoly_t p;
    rf_sym_poly_init(p, C->ctx);
    fprintf(out, "complete fiber (any parameter; docs/complete_fiber.md), architecture (");
    for (j = 0; j <= C->net->L; j++)
        fprintf(out, "%s%ld", j ? "," : "", (long) C->net->dims[j]);
    fprintf(out, "), unknown point theta' = (");
    for (j = 0; j < D; j++)
        fprintf(out, "%s%s", j ? ", " : "", rf_sym_var_name(C->ctx, j));
    fprintf(out, ")\ntheorem: %s\n", theorem_line);
    fprintf(out, "  Z_s: the coefficient equations of the neurons marked 0; C_s: the strict "
                 "cell of s (inequalities in theta' and x); M_s: the map with pattern s\n");
    fprintf(out, "counts: %ld regions (%ld distinct affine maps), %ld patterns (3^%ld), "
                 "%ld clauses, %ld LPs for the region map\n",
            (long) C->nregions, (long) C->ngroups, (long) C->npatterns, (long) H,
            (long) C->nclauses, (long) C->lps);
    fprintf(out, "\nregions of f (open; their closures cover R^%ld):\n", (long) d);
    for (k = 0; k < C->nregions; k++) {
        fprintf(out, "R%ld pattern ", (long) (k + 1));
        fprint_pat(out, C->rpat + k * H, H);
        fprintf(out, ", interior point (");
        for (j = 0; j < d; j++) {
            fprintf(out, "%s", j ? ", " : "");
            fmpq_fprint(out, C->rpoint + k * d + j);
        }
        fprintf(out, ")");
        if (C->rgroup[k] != k)
            fprintf(out, ", same map as R%ld", (long) (C->rgroup[k] + 1));
        fprintf(out, "\n  cell:");
        if (fmpq_mat_nrows(C->rcons + k) == 0)
            fprintf(out, " R^%ld", (long) d);
        for (j = 0; j < fmpq_mat_nrows(C->rcons + k); j++) {
            affine_poly_q(p, C->rcons + k, j, C);
            fprintf(out, "%s ", j ? "," : "");
            rf_sym_fprint(out, p, C->ctx);
            fprintf(out, " > 0");
        }
        fprintf(out, "\n");
        for (j = 0; j < C->dL; j++) {
            affine_poly_q(p, C->rmap + k, j, C);
            fprintf(out, "  f_%ld = ", (long) (j + 1));
            rf_sym_fprint(out, p, C->ctx);
            fprintf(out, "\n");
        }
    }
    fprintf(out, "\npatterns (+ active, - inactive, 0 identically zero; layer-major):\n");
    for (s = 0; s < C->npatterns; s++) {
        const int *pat = C->spat + s * H;
        int any = 0;
        fprintf(out, "s%ld ", (long) (s + 1));
        fprint_pat(out, pat, H);
        fprintf(out, "\n  Z:");
        for (j = 0; j < H; j++)
            if (pat[j] == 0)
                for (i = 0; i <= d; i++) {
                    const fmpq_mpoly_struct *c = C->pre + (s * H + j) * (d + 1) + i;
                    if (fmpq_mpoly_is_zero(c, C->ctx->mctx))
                        continue;
                    fprintf(out, "%s ", any ? "," : "");
                    rf_sym_fprint(out, c, C->ctx);
                    fprintf(out, " = 0");
                    any = 1;
                }
        if (!any)
            fprintf(out, " true");
        fprintf(out, "\n  C:");
        any = 0;
        for (j = 0; j < H; j++)
            if (pat[j] != 0) {
                affine_poly(p, C->pre + (s * H + j) * (d + 1), C);
                if (pat[j] < 0)
                    fmpq_mpoly_neg(p, p, C->ctx->mctx);
                fprintf(out, "%s ", any ? "," : "");
                rf_sym_fprint(out, p, C->ctx);
                fprintf(out, " > 0");
                any = 1;
            }
        if (!any)
            fprintf(out, " R^%ld", (long) d);
        fprintf(out, "\n");
        for (j = 0; j < C->dL; j++) {
            affine_poly(p, C->map + (s * C->dL + j) * (d + 1), C);
            fprintf(out, "  M_%ld = ", (long) (j + 1));
            rf_sym_fprint(out, p, C->ctx);
            fprintf(out, "\n");
        }
    }
    rf_sym_poly_clear(p, C->ctx);
    return io_status(out, err);
}

static void json_poly(FILE *out, const fmpq_mpoly_t p, const rf_decide_complete_t C)
{
    char *t = rf_sym_get_str(p, C->ctx);
    fprintf(out, "\"%s\"", t);
    flint_free(t);
}

static void json_q(FILE *out, const fmpq_t q)
{
    char *t = fmpq_get_str(NULL, 10, q);
    fprintf(out, "\"%s\"", t);
    flint_free(t);
}

static void json_pat(FILE *out, const int *pat, slong H)
{
    slong j;
    fputc('[', out);
    for (j = 0; j < H; j++)
        fprintf(out, "%s%d", j ? ", " : "", pat[j]);
    fputc(']', out);
}

int rf_decide_complete_fprint_json(FILE *out, const rf_decide_complete_t C, rf_err_t err)
{
    slong k, s, j, i, H = C->H, d = C->d0, D = C->ctx->nparams;
    fmpq_mpoly_t p;
    rf_sym_poly_init(p, C->ctx);
    fprintf(out, "{\n  \"kind\": \"complete-fiber\",\n  \"architecture\": [");
    for (j = 0; j <= C->net->L; j++)
        fprintf(out, "%s%ld", j ? ", " : "", (long) C->net->dims[j]);
    fprintf(out, "],\n  \"parameters\": [");
    for (j = 0; j < D; j++)
        fprintf(out, "%s\"%s\"", j ? ", " : "", rf_sym_var_name(C->ctx, j));
    fprintf(out, "],\n  \"inputs\": [");
    for (j = 0; j < d; j++)
        fprintf(out, "%s\"%s\"", j ? ", " : "", rf_sym_var_name(C->ctx, D + j));
    fprintf(out, "],\n  \"theorem\": \"%s\",\n", theorem_line);
    fprintf(out, "  \"counts\": {\"regions\": %ld, \"maps\": %ld, \"patterns\": %ld, "
                 "\"clauses\": %ld, \"lps\": %ld},\n",
            (long) C->nregions, (long) C->ngroups, (long) C->npatterns,
            (long) C->nclauses, (long) C->lps);
    fprintf(out, "  \"regions\": [");
    for (k = 0; k < C->nregions; k++) {
        fprintf(out, "%s\n    {\"pattern\": ", k ? "," : "");
        json_pat(out, C->rpat + k * H, H);
        fprintf(out, ", \"point\": [");
        for (j = 0; j < d; j++) {
            fprintf(out, "%s", j ? ", " : "");
            json_q(out, C->rpoint + k * d + j);
        }
        fprintf(out, "], \"same_map_as\": %ld, \"cell_gt0\": [", (long) C->rgroup[k]);
        for (j = 0; j < fmpq_mat_nrows(C->rcons + k); j++) {
            affine_poly_q(p, C->rcons + k, j, C);
            fprintf(out, "%s", j ? ", " : "");
            json_poly(out, p, C);
        }
        fprintf(out, "], \"map\": [");
        for (j = 0; j < C->dL; j++) {
            fprintf(out, "%s[", j ? ", " : "");
            for (i = 0; i <= d; i++) {
                fprintf(out, "%s", i ? ", " : "");
                json_q(out, fmpq_mat_entry(C->rmap + k, j, i));
            }
            fprintf(out, "]");
        }
        fprintf(out, "]}");
    }
    fprintf(out, "\n  ],\n  \"patterns\": [");
    for (s = 0; s < C->npatterns; s++) {
        const int *pat = C->spat + s * H;
        int any = 0;
        fprintf(out, "%s\n    {\"pattern\": ", s ? "," : "");
        json_pat(out, pat, H);
        fprintf(out, ", \"zero_eq0\": [");
        for (j = 0; j < H; j++)
            if (pat[j] == 0)
                for (i = 0; i <= d; i++) {
                    const fmpq_mpoly_struct *c = C->pre + (s * H + j) * (d + 1) + i;
                    if (fmpq_mpoly_is_zero(c, C->ctx->mctx))
                        continue;
                    fprintf(out, "%s", any ? ", " : "");
                    json_poly(out, c, C);
                    any = 1;
                }
        fprintf(out, "], \"cell_gt0\": [");
        any = 0;
        for (j = 0; j < H; j++)
            if (pat[j] != 0) {
                affine_poly(p, C->pre + (s * H + j) * (d + 1), C);
                if (pat[j] < 0)
                    fmpq_mpoly_neg(p, p, C->ctx->mctx);
                fprintf(out, "%s", any ? ", " : "");
                json_poly(out, p, C);
                any = 1;
            }
        fprintf(out, "], \"map\": [");
        for (j = 0; j < C->dL; j++) {
            fprintf(out, "%s[", j ? ", " : "");
            for (i = 0; i <= d; i++) {
                fprintf(out, "%s", i ? ", " : "");
                json_poly(out, C->map + (s * C->dL + j) * (d + 1) + i, C);
            }
            fprintf(out, "]");
        }
        fprintf(out, "]}");
    }
    fprintf(out, "\n  ]\n}\n");
    rf_sym_poly_clear(p, C->ctx);
    return io_status(out, err);
}

/* SMT-LIB: the polynomial p of the ring, through the exporter's printer */
static void smt_poly(FILE *out, const fmpq_mpoly_t p, const rf_sys_t sys,
                     const rf_decide_complete_t C)
{
    fmpq_mpoly_t q;
    fmpq_mpoly_init(q, sys->ctx);
    rf_sym_to_sys(q, p, C->ctx, sys, NULL);
    rf_export_poly_fprint(out, q, sys, RF_EXPORT_SMT2);
    fmpq_mpoly_clear(q, sys->ctx);
}

static void smt_xargs(FILE *out, const rf_decide_complete_t C, int decl)
{
    slong j;
    for (j = 0; j < C->d0; j++)
        fprintf(out, decl ? "%s(%s Real)" : "%s%s", j ? " " : "",
                rf_sym_var_name(C->ctx, C->ctx->nparams + j));
}

int rf_decide_complete_fprint_smt2(FILE *out, const rf_decide_complete_t C, rf_err_t err)
{
    slong k, s, j, i, g, H = C->H, d = C->d0, D = C->ctx->nparams;
    rf_sys_t sys;
    fmpq_mpoly_t p;
    rf_sym_sys_init(sys, C->ctx, 0, NULL);
    rf_sym_poly_init(p, C->ctx);
    fprintf(out, "; relufiber fiber --complete: the complete fiber of f as one predicate "
                 "(docs/complete_fiber.md)\n; theorem: %s\n", theorem_line);
    fprintf(out, "; %ld regions (%ld distinct maps), %ld patterns, %ld clauses\n",
            (long) C->nregions, (long) C->ngroups, (long) C->npatterns, (long) C->nclauses);
    fprintf(out, "; the free constants are the parameters of theta'. Usage: append\n"
                 ";   (assert (= W1_1_1 <value>)) ... for every parameter, then (check-sat):\n"
                 ";   sat iff the point is in the fiber (unsat: it is not).\n");
    fprintf(out, "(set-option :produce-models true)\n");
    for (j = 0; j < D; j++)
        fprintf(out, "(declare-const %s Real)\n", rf_sym_var_name(C->ctx, j));
    fprintf(out, "; regions of f\n");
    for (k = 0; k < C->nregions; k++) {
        slong m = fmpq_mat_nrows(C->rcons + k);
        fprintf(out, "(define-fun R%ld (", (long) (k + 1));
        smt_xargs(out, C, 1);
        fprintf(out, ") Bool %s", m == 0 ? "true" : m > 1 ? "(and" : "");
        for (j = 0; j < m; j++) {
            affine_poly_q(p, C->rcons + k, j, C);
            fprintf(out, " (> ");
            smt_poly(out, p, sys, C);
            fprintf(out, " 0.0)");
        }
        fprintf(out, "%s)\n", m > 1 ? ")" : "");
    }
    fprintf(out, "; unions of the regions with one affine map\n");
    for (g = 0; g < C->nregions; g++) {
        if (C->rgroup[g] != g)
            continue;
        fprintf(out, "(define-fun G%ld (", (long) (g + 1));
        smt_xargs(out, C, 1);
        fprintf(out, ") Bool (or false");
        for (k = g; k < C->nregions; k++)
            if (C->rgroup[k] == g) {
                fprintf(out, " (R%ld ", (long) (k + 1));
                smt_xargs(out, C, 0);
                fprintf(out, ")");
            }
        fprintf(out, "))\n");
    }
    fprintf(out, "; patterns: Z (zero equations), C (strict cell), M (map), and the clauses\n");
    for (s = 0; s < C->npatterns; s++) {
        const int *pat = C->spat + s * H;
        fprintf(out, "; s%ld ", (long) (s + 1));
        fprint_pat(out, pat, H);
        fprintf(out, "\n(define-fun Z%ld () Bool (and true", (long) (s + 1));
        for (j = 0; j < H; j++)
            if (pat[j] == 0)
                for (i = 0; i <= d; i++) {
                    const fmpq_mpoly_struct *c = C->pre + (s * H + j) * (d + 1) + i;
                    if (fmpq_mpoly_is_zero(c, C->ctx->mctx))
                        continue;
                    fprintf(out, " (= ");
                    smt_poly(out, c, sys, C);
                    fprintf(out, " 0.0)");
                }
        fprintf(out, "))\n(define-fun C%ld (", (long) (s + 1));
        smt_xargs(out, C, 1);
        fprintf(out, ") Bool (and true");
        for (j = 0; j < H; j++)
            if (pat[j] != 0) {
                affine_poly(p, C->pre + (s * H + j) * (d + 1), C);
                if (pat[j] < 0)
                    fmpq_mpoly_neg(p, p, C->ctx->mctx);
                fprintf(out, " (> ");
                smt_poly(out, p, sys, C);
                fprintf(out, " 0.0)");
            }
        fprintf(out, "))\n");
        for (j = 0; j < C->dL; j++)
            for (i = 0; i <= d; i++) {
                fprintf(out, "(define-fun M%ld_%ld_%ld () Real ", (long) (s + 1),
                        (long) (j + 1), (long) (i + 1));
                smt_poly(out, C->map + (s * C->dL + j) * (d + 1) + i, sys, C);
                fprintf(out, ")\n");
            }
        /* clause block of s: Z_s => forall x in C_s: x in G_g => M_s = map g */
        fprintf(out, "(define-fun S%ld () Bool (=> Z%ld (forall (", (long) (s + 1),
                (long) (s + 1));
        smt_xargs(out, C, 1);
        fprintf(out, ") (=> (C%ld ", (long) (s + 1));
        smt_xargs(out, C, 0);
        fprintf(out, ") (and true");
        for (g = 0; g < C->nregions; g++) {
            if (C->rgroup[g] != g)
                continue;
            fprintf(out, "\n  (=> (G%ld ", (long) (g + 1));
            smt_xargs(out, C, 0);
            fprintf(out, ") (and");
            for (j = 0; j < C->dL; j++)
                for (i = 0; i <= d; i++) {
                    fprintf(out, " (= M%ld_%ld_%ld ", (long) (s + 1), (long) (j + 1),
                            (long) (i + 1));
                    rf_export_smt_fprint_q(out, fmpq_mat_entry(C->rmap + g, j, i));
                    fprintf(out, ")");
                }
            fprintf(out, "))");
        }
        fprintf(out, ")))))\n");
    }
    fprintf(out, "; the membership predicate of the fiber\n(define-fun fiber_member () Bool "
                 "(and true");
    for (s = 0; s < C->npatterns; s++)
        fprintf(out, "%s S%ld", s % 16 == 15 ? "\n " : "", (long) (s + 1));
    fprintf(out, "))\n(assert fiber_member)\n");
    rf_sym_poly_clear(p, C->ctx);
    rf_sys_clear(sys);
    return io_status(out, err);
}
