/* Private helpers of src/draw/: exact convex clipping over Q and the
 * two-backend canvas (TikZ, SVG) the writers share. */
#ifndef RF_DRAW_INTERNAL_H
#define RF_DRAW_INTERNAL_H

#include <stdio.h>
#include <flint/fmpq.h>
#include "relufiber/draw.h"
#include "relufiber/rational.h"

/* q = a / n for a machine integer n != 0. */
static inline void _rf_draw_div_si(fmpq_t q, const fmpq_t a, slong n)
{
    fmpz_t z;
    fmpz_init_set_si(z, n);
    fmpq_div_fmpz(q, a, z);
    fmpz_clear(z);
}

/* Convex polygon (n vertices in v[0 .. 2n-1], caller-owned buffer of
 * *alloc fmpq, reallocated as needed) clipped by the closed half-plane
 * row[0] x + row[1] y + row[2] >= 0, exactly. */
void _rf_draw_clip(fmpq **v, slong *n, slong *alloc, const fmpq *row);
/* The box lo..hi as a counter-clockwise rectangle (*v allocated here). */
void _rf_draw_box_poly(fmpq **v, slong *n, slong *alloc, const fmpq *lo,
                       const fmpq *hi);
/* Twice the signed area (shoelace), exact. */
void _rf_draw_area2(fmpq_t a2, const fmpq *v, slong n);
void _rf_draw_vec_free(fmpq *v, slong alloc);

void _rf_draw_poly_init(rf_draw_poly_struct *P);
void _rf_draw_poly_clear(rf_draw_poly_struct *P);

/* Canvas: a page of panels, each panel maps a window (lo, hi) to a square
 * of side RF_DRAW_PANEL (TikZ cm, SVG px scaled) at horizontal offset. */
typedef struct {
    FILE *out;
    rf_draw_fmt_t fmt;       /* TIKZ or SVG */
    int picture_only;        /* TIKZPICTURE: no document around it */
    double wlo[2], whi[2];   /* current window */
    double ox;               /* current panel x offset (canvas units) */
    double side;             /* panel side (canvas units) */
    double width, height;    /* total, for SVG */
} _rf_draw_canvas;

void _rf_draw_begin(_rf_draw_canvas *cv, FILE *out, rf_draw_fmt_t fmt,
                    slong npanels, const char *comment);
void _rf_draw_panel(_rf_draw_canvas *cv, slong k, const fmpq *lo, const fmpq *hi);
/* Filled polygon (n points, doubles x, y interleaved), colour rgb 0..255;
 * tag (may be NULL): SVG class, or a trailing TikZ comment. */
void _rf_draw_fill(_rf_draw_canvas *cv, const double *p, slong n,
                   const int *rgb, double opacity, const char *tag);
/* Polyline (closed if closed != 0), stroke rgb, width in pt. */
void _rf_draw_line(_rf_draw_canvas *cv, const double *p, slong n, int closed,
                   const int *rgb, double width);
void _rf_draw_dot(_rf_draw_canvas *cv, double x, double y, const int *rgb,
                  double radius_pt);
/* Text at window point (x, y) shifted by (dx, dy) canvas units; anchor
 * 'l', 'c' or 'r'. The text is escaped for the format. */
void _rf_draw_text(_rf_draw_canvas *cv, double x, double y, double dx,
                   double dy, char anchor, const char *s);
/* Text below the current panel, line k (0-based). */
void _rf_draw_caption(_rf_draw_canvas *cv, slong line, const char *s);
/* Frame of the current panel with the window bounds as tick labels and
 * axis names. */
void _rf_draw_frame(_rf_draw_canvas *cv, const char *xname, const char *yname);
int _rf_draw_end(_rf_draw_canvas *cv, rf_err_t err);

/* Colour of an activation pattern (deterministic, distinct-ish). */
void _rf_draw_pattern_rgb(int *rgb, const int *pat, slong npat);
/* Colour of hidden layer t (kinks). */
void _rf_draw_layer_rgb(int *rgb, slong t);

#endif
