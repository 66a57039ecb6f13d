/* Writers of the pictures (regions, graphs, fiber slices) on the shared
 * canvas. The job: turn the exact geometry computed in regions.c and
 * slice.c into TikZ or SVG, with the counts and the exactness of each
 * picture stated on it, and the exact vertices kept in comments. */
#include <string.h>
#include <math.h>
#include "relufiber/draw.h"
#include "internal.h"

static void comment_q(FILE *out, const fmpq_t q)
{
    fmpq_fprint(out, q);
}

static void comment_start(const _rf_draw_canvas *cv)
{
    /* SVG: a desc element (an XML comment may not contain "--") */
    fputs(cv->fmt == RF_DRAW_FMT_TIKZ ? "% " : "<desc class=\"exact\">", cv->out);
}

static void comment_end(const _rf_draw_canvas *cv)
{
    fputs(cv->fmt == RF_DRAW_FMT_TIKZ ? "\n" : "</desc>\n", cv->out);
}

static double *poly_doubles(const fmpq *v, slong n)
{
    double *p = flint_malloc(FLINT_MAX(2 * n, 1) * sizeof(double));
    slong k;
    for (k = 0; k < 2 * n; k++)
        p[k] = rf_q_get_d(v + k);
    return p;
}

static void regions_panel(_rf_draw_canvas *cv, const rf_draw_regions_struct *R,
                          slong k, const char *title)
{
    slong i, j;
    char buf[256];
    int rgb[3];
    static const int white[3] = {255, 255, 255};
    _rf_draw_panel(cv, k, R->lo, R->hi);
    for (i = 0; i < R->npoly; i++) {
        const rf_draw_poly_struct *P = R->poly + i;
        double *p = poly_doubles(P->v, P->n);
        comment_start(cv);
        fprintf(cv->out, "region %ld pattern ", (long) (i + 1));
        for (j = 0; j < P->npat; j++)
            fputc(P->pat[j] > 0 ? '+' : P->pat[j] < 0 ? '-' : '0', cv->out);
        fprintf(cv->out, " area ");
        comment_q(cv->out, P->area);
        fprintf(cv->out, " vertices");
        for (j = 0; j < P->n; j++) {
            fprintf(cv->out, " (");
            comment_q(cv->out, P->v + 2 * j);
            fputc(',', cv->out);
            comment_q(cv->out, P->v + 2 * j + 1);
            fputc(')', cv->out);
        }
        comment_end(cv);
        _rf_draw_pattern_rgb(rgb, P->pat, P->npat);
        _rf_draw_fill(cv, p, P->n, rgb, 1.0, "region");
        _rf_draw_line(cv, p, P->n, 1, white, 0.2);
        flint_free(p);
    }
    for (i = 0; i < R->nseg; i++) {
        double p[4];
        for (j = 0; j < 4; j++)
            p[j] = rf_q_get_d(R->seg[i].v + j);
        _rf_draw_layer_rgb(rgb, R->seg[i].layer);
        _rf_draw_line(cv, p, 2, 0, rgb, 1.1);
    }
    _rf_draw_frame(cv, "x1", "x2");
    if (title)
        _rf_draw_text(cv, cv->wlo[0], cv->whi[1], 0.0, 0.4, 'l', title);
    if (R->stats.complete)
        snprintf(buf, sizeof(buf), "%ld activation regions (certified enumeration, all drawn)",
                 (long) R->npoly);
    else
        snprintf(buf, sizeof(buf), "%ld activation regions drawn: enumeration capped, "
                 "more regions exist", (long) R->npoly);
    _rf_draw_caption(cv, 0, buf);
    _rf_draw_caption(cv, 1, "exact polygon vertices, printed rounded");
    /* legend: one colour per hidden layer */
    for (j = 0; j < R->nlayers; j++) {
        double p[4];
        double y = 2.0 + 0.5 * (double) j;
        _rf_draw_layer_rgb(rgb, j);
        /* legend drawn in canvas units below the caption */
        p[0] = cv->wlo[0];
        p[1] = cv->wlo[1] - (cv->whi[1] - cv->wlo[1]) * (y + 0.1) / cv->side;
        p[2] = cv->wlo[0] + (cv->whi[0] - cv->wlo[0]) * 0.6 / cv->side;
        p[3] = p[1];
        _rf_draw_line(cv, p, 2, 0, rgb, 1.5);
        snprintf(buf, sizeof(buf), "kinks of hidden layer %ld", (long) (j + 1));
        _rf_draw_text(cv, p[2], p[3], 0.15, 0.0, 'l', buf);
    }
}

int rf_draw_regions_write(FILE *out, const rf_draw_regions_struct *const *R,
                          slong nR, const char *const *titles, const char *note,
                          rf_draw_fmt_t fmt, rf_err_t err)
{
    _rf_draw_canvas cv;
    char comment[128];
    slong k, maxl = 0;
    if (nR == 1)
        snprintf(comment, sizeof(comment), "activation regions, %ld region(s)%s",
                 (long) R[0]->npoly, R[0]->stats.complete ? "" : " (capped)");
    else
        snprintf(comment, sizeof(comment), "activation regions, %ld and %ld region(s)%s",
                 (long) R[0]->npoly, (long) R[1]->npoly,
                 R[0]->stats.complete && R[1]->stats.complete ? "" : " (capped)");
    for (k = 0; k < nR; k++)
        maxl = FLINT_MAX(maxl, R[k]->nlayers);
    _rf_draw_begin(&cv, out, fmt, nR, comment);
    cv.height += 0.5 * (double) maxl;
    for (k = 0; k < nR; k++)
        regions_panel(&cv, R[k], k, titles ? titles[k] : NULL);
    if (note != NULL) {
        _rf_draw_panel(&cv, 0, R[0]->lo, R[0]->hi);
        _rf_draw_caption(&cv, 2 + maxl, note);
    }
    return _rf_draw_end(&cv, err);
}

int rf_draw_graph_write(FILE *out, const rf_draw_graph_t G, const char *title,
                        rf_draw_fmt_t fmt, rf_err_t err)
{
    _rf_draw_canvas cv;
    fmpq w[4];
    double ymin, ymax, *p;
    slong k;
    char buf[256], yname[32];
    static const int blue[3] = {0, 60, 200}, red[3] = {200, 0, 0},
                     grey[3] = {150, 150, 150}, light[3] = {225, 225, 225};
    int r;
    snprintf(buf, sizeof(buf), "graph of output %ld, %ld breakpoint(s), %ld region(s)",
             (long) (G->output + 1), (long) G->nbends, (long) G->stats.regions);
    _rf_draw_begin(&cv, out, fmt, 1, buf);
    ymin = ymax = G->npts ? rf_q_get_d(G->y) : 0.0;
    for (k = 0; k < G->npts; k++) {
        double y = rf_q_get_d(G->y + k);
        ymin = FLINT_MIN(ymin, y);
        ymax = FLINT_MAX(ymax, y);
    }
    if (ymax - ymin < 1e-12) {
        ymin -= 1.0;
        ymax += 1.0;
    } else {
        double pad = 0.08 * (ymax - ymin);
        ymin -= pad;
        ymax += pad;
    }
    for (k = 0; k < 4; k++)
        fmpq_init(w + k);
    fmpq_set(w + 0, G->lo);
    fmpq_set(w + 2, G->hi);
    rf_q_set_d(w + 1, ymin);
    rf_q_set_d(w + 3, ymax);
    {
        fmpq lo[2], hi[2];
        lo[0] = w[0]; lo[1] = w[1]; hi[0] = w[2]; hi[1] = w[3];
        _rf_draw_panel(&cv, 0, lo, hi);
    }
    for (k = 0; k < 4; k++)
        fmpq_clear(w + k);
    /* the exact points (comment), then the graph */
    for (k = 0; k < G->npts; k++) {
        comment_start(&cv);
        fprintf(out, "%s t = ", G->bend[k] ? "breakpoint" : (k == 0 || k + 1 == G->npts) ? "end" : "region end");
        comment_q(out, G->t + k);
        fprintf(out, " f = ");
        comment_q(out, G->y + k);
        comment_end(&cv);
    }
    if (ymin < 0.0 && ymax > 0.0) {
        double ax[4] = {cv.wlo[0], 0.0, cv.whi[0], 0.0};
        _rf_draw_line(&cv, ax, 2, 0, light, 0.6);
    }
    for (k = 0; k < G->npts; k++)
        if (G->bend[k]) {
            double vl[4] = {rf_q_get_d(G->t + k), ymin, rf_q_get_d(G->t + k), ymax};
            _rf_draw_line(&cv, vl, 2, 0, light, 0.4);
        }
    p = flint_malloc(FLINT_MAX(2 * G->npts, 1) * sizeof(double));
    for (k = 0; k < G->npts; k++) {
        p[2 * k] = rf_q_get_d(G->t + k);
        p[2 * k + 1] = rf_q_get_d(G->y + k);
    }
    _rf_draw_line(&cv, p, G->npts, 0, blue, 1.2);
    for (k = 0; k < G->npts; k++) {
        if (G->bend[k])
            _rf_draw_dot(&cv, p[2 * k], p[2 * k + 1], red, 2.0);
        else if (k > 0 && k + 1 < G->npts)
            _rf_draw_dot(&cv, p[2 * k], p[2 * k + 1], grey, 1.2);
    }
    flint_free(p);
    snprintf(yname, sizeof(yname), "f%ld", (long) (G->output + 1));
    _rf_draw_frame(&cv, "x", yname);
    if (title)
        _rf_draw_text(&cv, cv.wlo[0], cv.whi[1], 0.0, 0.4, 'l', title);
    snprintf(buf, sizeof(buf), "%ld breakpoint(s) of f%ld (red, exact slope change), "
             "%ld activation region(s)%s", (long) G->nbends, (long) (G->output + 1),
             (long) G->stats.regions, G->stats.complete ? "" : " (capped)");
    _rf_draw_caption(&cv, 0, buf);
    _rf_draw_caption(&cv, 1, "exact values at the region ends, printed rounded");
    r = _rf_draw_end(&cv, err);
    return r;
}

int rf_draw_slice_write(FILE *out, const rf_draw_slice_t S, const char *title,
                        rf_draw_fmt_t fmt, rf_err_t err)
{
    _rf_draw_canvas cv;
    char buf[512];
    slong i, j, k;
    static const int shade[3] = {120, 170, 235}, curve[3] = {200, 0, 0},
                     black[3] = {0, 0, 0};
    static const char *kinds[4] = {"empty", "region", "curve", "point"};
    snprintf(buf, sizeof(buf), "slice of fiber component %ld (%s), kind %s, %s",
             (long) (S->comp + 1), S->comp_name ? S->comp_name : "", kinds[S->kind],
             S->exact ? "exact" : "sampled");
    _rf_draw_begin(&cv, out, fmt, 1, buf);
    _rf_draw_panel(&cv, 0, S->lo, S->hi);
    if (S->kind == RF_DRAW_SLICE_REGION && S->exact && S->npoly) {
        double *p = poly_doubles(S->poly.v, S->poly.n);
        comment_start(&cv);
        fprintf(out, "exact polygon (closure)");
        for (j = 0; j < S->poly.n; j++) {
            fprintf(out, " (");
            comment_q(out, S->poly.v + 2 * j);
            fputc(',', out);
            comment_q(out, S->poly.v + 2 * j + 1);
            fputc(')', out);
        }
        comment_end(&cv);
        _rf_draw_fill(&cv, p, S->poly.n, shade, 0.8, "slice");
        flint_free(p);
    } else if (S->kind == RF_DRAW_SLICE_REGION && S->in != NULL) {
        double dx = (cv.whi[0] - cv.wlo[0]) / S->grid, dy = (cv.whi[1] - cv.wlo[1]) / S->grid;
        for (j = 0; j < S->grid; j++)
            for (i = 0; i < S->grid; i++)
                if (S->in[i + S->grid * j]) {
                    /* merge a run of cells in the row */
                    slong i2 = i;
                    double p[8];
                    while (i2 + 1 < S->grid && S->in[i2 + 1 + S->grid * j])
                        i2++;
                    p[0] = cv.wlo[0] + i * dx; p[1] = cv.wlo[1] + j * dy;
                    p[2] = cv.wlo[0] + (i2 + 1) * dx; p[3] = p[1];
                    p[4] = p[2]; p[5] = p[1] + dy;
                    p[6] = p[0]; p[7] = p[5];
                    _rf_draw_fill(&cv, p, 4, shade, 0.8, "slice");
                    i = i2;
                }
    }
    if ((S->kind == RF_DRAW_SLICE_CURVE || S->kind == RF_DRAW_SLICE_POINT) && S->exact && S->nseg) {
        double p[4];
        comment_start(&cv);
        fprintf(out, "exact %s (", S->kind == RF_DRAW_SLICE_POINT ? "point" : "segment");
        comment_q(out, S->seg.v + 0);
        fputc(',', out);
        comment_q(out, S->seg.v + 1);
        fprintf(out, ") -- (");
        comment_q(out, S->seg.v + 2);
        fputc(',', out);
        comment_q(out, S->seg.v + 3);
        fputc(')', out);
        comment_end(&cv);
        for (j = 0; j < 4; j++)
            p[j] = rf_q_get_d(S->seg.v + j);
        if (S->kind == RF_DRAW_SLICE_POINT)
            _rf_draw_dot(&cv, p[0], p[1], curve, 2.5);
        else
            _rf_draw_line(&cv, p, 2, 0, curve, 1.6);
    }
    if ((S->kind == RF_DRAW_SLICE_CURVE || S->kind == RF_DRAW_SLICE_POINT) && !S->exact) {
        for (k = 0; k < S->npieces; k++) {
            slong a = S->start[k], b = S->start[k + 1];
            double *p = poly_doubles(S->pts + 2 * a, b - a);
            if (b - a == 1)
                _rf_draw_dot(&cv, p[0], p[1], curve, 1.2);
            else
                _rf_draw_line(&cv, p, b - a, 0, curve, 1.6);
            flint_free(p);
        }
    }
    {
        double tx = rf_q_get_d(S->theta + 0), ty = rf_q_get_d(S->theta + 1);
        if (tx >= cv.wlo[0] && tx <= cv.whi[0] && ty >= cv.wlo[1] && ty <= cv.whi[1]) {
            _rf_draw_dot(&cv, tx, ty, black, 2.0);
            _rf_draw_text(&cv, tx, ty, 0.15, 0.2, 'l', S->theta_in ? "theta (in the component)"
                                                                     : "theta");
        }
    }
    _rf_draw_frame(&cv, S->pname, S->qname);
    if (title)
        _rf_draw_text(&cv, cv.wlo[0], cv.whi[1], 0.0, 0.4, 'l', title);
    snprintf(buf, sizeof(buf), "component %ld: %s [dimension %ld]; other parameters fixed at theta",
             (long) (S->comp + 1), S->comp_name ? S->comp_name : "", (long) S->comp_dim);
    _rf_draw_caption(&cv, 0, buf);
    if (S->kind == RF_DRAW_SLICE_EMPTY)
        snprintf(buf, sizeof(buf), "the slice is empty in this window%s",
                 S->exact ? " (exact)" : " (at every sample)");
    else if (S->exact)
        snprintf(buf, sizeof(buf), "exact %s: the constraints are affine in %s, %s",
                 kinds[S->kind], S->pname, S->qname);
    else if (S->kind == RF_DRAW_SLICE_REGION)
        snprintf(buf, sizeof(buf), "sampled: %ld x %ld grid, %ld cells whose centre satisfies "
                 "every constraint exactly", (long) S->grid, (long) S->grid, (long) S->nin);
    else if (S->kind == RF_DRAW_SLICE_POINT)
        snprintf(buf, sizeof(buf), "sampled: %ld isolated exact point(s) of the curve where "
                 "every constraint holds", (long) S->npts);
    else
        snprintf(buf, sizeof(buf), "sampled curve: %ld exact points on the curve where every "
                 "constraint holds, joined by segments", (long) S->npts);
    _rf_draw_caption(&cv, 1, buf);
    if (S->undecided > 0) {
        snprintf(buf, sizeof(buf), "%ld sample(s) undecided (an auxiliary variable not "
                 "determined there), drawn as outside", (long) S->undecided);
        _rf_draw_caption(&cv, 2, buf);
    }
    return _rf_draw_end(&cv, err);
}
