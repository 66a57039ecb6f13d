/* relufiber draw/: pictures of networks and fibers (TikZ and SVG).
 *
 * Fact drawn. On each full-dimensional activation region R of a network with
 * input x in R^2, enumerated by the certified search of cells.h inside an
 * open box, the region is the open polygon {x in box : r_k . (x, 1) > 0}
 * cut out by the strict rows of the search; its closure is the convex
 * polygon obtained by clipping the closed box by the closed half-planes
 * r_k . (x, 1) >= 0, whose vertices are rational and computed exactly
 * (Sutherland-Hodgman clipping over Q). The closures of the regions tile
 * the box, so their areas sum to the area of the box, and each edge of a
 * polygon inside the box lies on the bent hyperplane (kink) of a neuron that
 * vanishes at both of its ends. With 1-D input the regions are intervals and
 * the network is affine on each, so the graph through the exact values at
 * the interval ends is the exact graph.
 *
 * Geometry is exact (fmpq); only the printed coordinates are rounded
 * (RF_DRAW_DIGITS decimals). Fiber slices (rf_draw_slice) are exact where
 * the component's constraints are affine in the two chosen parameters
 * (polygons and segments) and otherwise sampled on a grid with exact
 * evaluation at the samples, and say so.
 *
 * Reference manual: docs/api/draw.md.
 */
#ifndef RELUFIBER_DRAW_H
#define RELUFIBER_DRAW_H

#include <stdio.h>
#include <flint/fmpq.h>
#include "relufiber/net.h"
#include "relufiber/system.h"
#include "relufiber/cells.h"
#include "relufiber/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Decimals of the printed coordinates (the geometry itself is exact). */
#define RF_DRAW_DIGITS 4
/* Default cap on the number of regions drawn (0 in the calls: this cap). */
#define RF_DRAW_MAX_REGIONS 20000
/* Default number of grid cells per axis of a sampled fiber slice. */
#define RF_DRAW_GRID 48
/* Largest grid accepted by rf_draw_slice (cells per axis). */
#define RF_DRAW_GRID_MAX 400

/* TIKZ: a LaTeX document (pdflatex) with one TikZ picture; TIKZPICTURE:
 * the tikzpicture environment alone, to \input into a document that loads
 * tikz; SVG: an SVG file. */
typedef enum {
    RF_DRAW_FMT_TIKZ = 0, RF_DRAW_FMT_SVG, RF_DRAW_FMT_TIKZPICTURE
} rf_draw_fmt_t;

/* "tikz", "tikzpicture" or "svg" into *fmt; returns 0, or 1 for an unknown
 * name. */
int rf_draw_fmt_from_string(rf_draw_fmt_t *fmt, const char *s);

/* ---- activation regions of a 2-D input net ----------------------------- */

/* The closed polygon of one region: n exact vertices (x, y) counter-
 * clockwise in v[2k], v[2k+1]; the activation pattern (layer-major, +1, -1,
 * 0 as in cells.h) and the exact area. */
typedef struct {
    slong n;
    fmpq *v;        /* 2 n entries */
    slong npat;
    int *pat;       /* npat entries */
    fmpq_t area;
} rf_draw_poly_struct;

/* A piece of a kink: the segment (v[0], v[1]) -- (v[2], v[3]), on the bent
 * hyperplane of hidden neuron `neuron` (layer-major index) of hidden layer
 * `layer` (0-based). */
typedef struct {
    fmpq v[4];
    slong layer;
    slong neuron;
} rf_draw_seg_struct;

typedef struct {
    fmpq lo[2], hi[2];          /* the box */
    slong nlayers;              /* hidden layers of the network */
    slong npoly, alloc;
    rf_draw_poly_struct *poly;
    slong nseg, segalloc;
    rf_draw_seg_struct *seg;
    rf_cells_stats_struct stats; /* of the enumeration */
} rf_draw_regions_struct;
typedef rf_draw_regions_struct rf_draw_regions_t[1];

void rf_draw_regions_init(rf_draw_regions_t R);
void rf_draw_regions_clear(rf_draw_regions_t R);

/* The regions of net (input dimension 2) inside the open box lo < x < hi
 * (2 entries each), from rf_cells_enumerate, with the exact polygon of each
 * and the kink segments (polygon edges inside the box, exact duplicates
 * from two adjacent regions removed). max_regions = 0 means RF_DRAW_MAX_REGIONS; with
 * more regions R->stats.complete = 0. RF_ERR_INPUT: input dimension not 2,
 * empty box; RF_ERR_INTERNAL: an LP certificate failed. */
int rf_draw_regions(rf_draw_regions_t R, const rf_net_t net, const fmpq *lo,
                    const fmpq *hi, slong max_regions, rf_err_t err);

/* Re-check R against net exactly, independently of the clipping: the areas
 * sum to the box area (when R->stats.complete), every polygon has positive
 * area, its centroid has the polygon's pattern under rf_net_pattern with no
 * zero entry other than the pattern's own zeros, and every vertex lies in
 * the closed box and on a kink of some neuron or on the box boundary.
 * Returns 1 or 0. */
int rf_draw_regions_verify(const rf_draw_regions_t R, const rf_net_t net);

/* Do A and B (same input and output dimensions) compute the same function
 * on the open box lo < x < hi (d entries each)? Decided exactly on the
 * joint regions (rf_cells_enumerate with both networks): *agree = 1 (the
 * affine maps are equal on every joint region, so the functions agree on
 * the closed box), 0 (sep, d entries, may be NULL, receives an input in the
 * open box where the outputs differ, re-checked by exact evaluation), or -1
 * (not decided: error). */
int rf_draw_regions_agree(int *agree, fmpq *sep, const rf_net_t A, const rf_net_t B,
                          const fmpq *lo, const fmpq *hi, rf_err_t err);

/* ---- graph of a 1-D input net ------------------------------------------ */

typedef struct {
    fmpq_t lo, hi;
    slong output;       /* 0-based output drawn */
    slong npts;         /* region ends lo = t_0 < t_1 < ... < t_{npts-1} = hi */
    fmpq *t, *y;        /* npts entries: t_k and f_output(t_k), exact */
    int *bend;          /* npts entries: 1 if the slope of f_output changes
                           at t_k (a breakpoint of the drawn output), else 0 */
    slong nbends;
    rf_cells_stats_struct stats;
} rf_draw_graph_struct;
typedef rf_draw_graph_struct rf_draw_graph_t[1];

void rf_draw_graph_init(rf_draw_graph_t G);
void rf_draw_graph_clear(rf_draw_graph_t G);

/* The graph of output `output` (0-based) of net (input dimension 1) over
 * [lo, hi]: the ends of the activation regions in the open interval (from
 * rf_cells_enumerate) with the exact values there; f is affine between
 * consecutive ends. bend[k] compares the exact slopes on both sides.
 * RF_ERR_INPUT: input dimension not 1, lo >= hi, output out of range. */
int rf_draw_graph(rf_draw_graph_t G, const rf_net_t net, const fmpq_t lo,
                  const fmpq_t hi, slong output, rf_err_t err);

/* ---- 2-D slice of a fiber component ------------------------------------ */

/* The slice of component c of a constraint system through a point: the
 * variables except two parameters p, q are fixed at given values, and the
 * constraints become polynomials in (p, q). Auxiliary variables (rf_sys)
 * are eliminated where an equation determines one linearly; otherwise the
 * slice is refused (RF_ERR_UNSUPPORTED). */
typedef struct {
    fmpq lo[2], hi[2];  /* the window in (p, q) */
    char *pname, *qname;
    slong comp;         /* component index (0-based) */
    char *comp_name;
    slong comp_dim;
    int empty;          /* 1: a constraint is a false constant: empty slice */
    int kind;           /* RF_DRAW_SLICE_REGION, _CURVE, _POINT, _EMPTY */
    int exact;          /* 1: polygons / segments / point exact (affine
                           constraints); 0: sampled with exact evaluation */
    /* exact region (kind REGION, exact): a convex polygon */
    slong npoly;        /* 0 or 1 */
    rf_draw_poly_struct poly;
    /* exact segment (kind CURVE, exact) or point (kind POINT): seg.v */
    slong nseg;
    rf_draw_seg_struct seg;
    /* sampled region: grid x grid cells, in[i + grid j] = 1 if the cell
       centre satisfies every constraint exactly */
    slong grid;
    unsigned char *in;
    slong nin;          /* cells inside */
    slong undecided;    /* samples where an auxiliary variable a constraint
                           uses was not determined (counted outside) */
    /* sampled curve (kind CURVE, or POINT when every piece is one point):
       polyline pieces of exact points on the curve where the sign
       conditions hold; pts holds 2 npts coordinates, piece k runs over
       points start[k] .. start[k+1]-1 */
    slong npts, npieces;
    fmpq *pts;
    slong *start;
    int theta_in;       /* 1: the network's own parameter lies in the slice */
    fmpq theta[2];      /* its (p, q) values */
} rf_draw_slice_struct;
typedef rf_draw_slice_struct rf_draw_slice_t[1];

#define RF_DRAW_SLICE_EMPTY 0
#define RF_DRAW_SLICE_REGION 1
#define RF_DRAW_SLICE_CURVE 2
#define RF_DRAW_SLICE_POINT 3

void rf_draw_slice_init(rf_draw_slice_t S);
void rf_draw_slice_clear(rf_draw_slice_t S);

/* Slice of component c of sys through the parameter values at (values for
 * every PARAM variable of sys, in its variable order; auxiliary entries
 * ignored), varying the parameters named p and q over lo <= (p, q) <= hi.
 * grid = 0 means RF_DRAW_GRID. RF_ERR_INPUT: unknown or auxiliary names,
 * p = q, c out of range, empty window, grid out of range;
 * RF_ERR_UNSUPPORTED: an auxiliary variable not determined linearly. */
int rf_draw_slice(rf_draw_slice_t S, const rf_sys_t sys, slong c,
                  const fmpq *at, const char *p, const char *q,
                  const fmpq *lo, const fmpq *hi, slong grid, rf_err_t err);

/* ---- output ------------------------------------------------------------ */

/* Write the regions of nR (1 or 2) region sets side by side (titles may be
 * NULL), as a standalone LaTeX document with a TikZ picture, or an SVG
 * file. The picture states the region counts and whether they are
 * complete; note (may be NULL) is one more caption line (e.g. the result of
 * rf_draw_regions_agree). RF_ERR_IO on a write error. */
int rf_draw_regions_write(FILE *out, const rf_draw_regions_struct *const *R,
                          slong nR, const char *const *titles, const char *note,
                          rf_draw_fmt_t fmt, rf_err_t err);
/* Write the graph G (title may be NULL). */
int rf_draw_graph_write(FILE *out, const rf_draw_graph_t G, const char *title,
                        rf_draw_fmt_t fmt, rf_err_t err);
/* Write the slice S (title may be NULL). */
int rf_draw_slice_write(FILE *out, const rf_draw_slice_t S, const char *title,
                        rf_draw_fmt_t fmt, rf_err_t err);

#ifdef __cplusplus
}
#endif
#endif
