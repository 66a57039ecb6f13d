/* draw/: the pictures against independent oracles.
 *  - regions: the polygon count equals an independent count of the
 *    certified enumeration; the exact areas sum to the box area; every
 *    vertex lies in the closure of its region (the pattern's signs hold
 *    weakly) and on its boundary: the box boundary or a bent hyperplane (a
 *    zero pre-activation, by exact forward evaluation); random rational points of
 *    the box lie in exactly one closed polygon when they are on no kink, and
 *    that polygon's pattern is the point's exact activation pattern;
 *  - the SVG and TikZ files: one region polygon per enumerated region, and
 *    the printed SVG polygons' areas sum to the panel's area;
 *  - graphs: f is affine between consecutive drawn points (exact
 *    evaluation at midpoints), a point is marked a breakpoint iff the exact
 *    slopes differ, and for shallow nets every kink -b/w inside the interval
 *    where the slope changes is drawn;
 *  - slices: every exact curve point, made into a network, is functionally
 *    equivalent to theta (rf_decide_equiv), and an exact polygon of a
 *    zero-outgoing-weight component is the window;
 *  - bad input: exit 2 with a clear message.
 * Slow part (RF_SLOW_PART): each kind rendered with pdflatex and pdftoppm. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"

static int run(char *out, size_t n, const char *args)
{
    char cmd[16384];
    const char *bin = getenv("RF_BIN");
    FILE *p;
    size_t got;
    int st;
    cr_assert(bin != NULL, "RF_BIN not set");
    snprintf(cmd, sizeof(cmd), "'%s' %s 2>&1", bin, args);
    p = popen(cmd, "r");
    cr_assert(p != NULL);
    got = fread(out, 1, n - 1, p);
    out[got] = '\0';
    st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *ex(const char *name)
{
    static char buf[4][2048];
    static int k = 0;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof(buf[k]), "%s/%s", getenv("RF_EXAMPLES"), name);
    return buf[k];
}

static void load(rf_net_t net, const char *path)
{
    rf_err_t err;
    rf_err_init(err);
    rf_net_init(net, 1, (slong[]) {1, 1});
    cr_assert_eq(rf_io_read_file(net, path, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), 0,
                 "%s: %s", path, err->msg);
    rf_err_clear(err);
}

static int count_leaf(const rf_cells_struct *e, void *data)
{
    (void) e;
    (*(slong *) data)++;
    return 0;
}

/* independent count: the certified enumeration over the open box */
static slong count_regions(const rf_net_t net, const fmpq *lo, const fmpq *hi)
{
    rf_cells_opts_t opts;
    rf_cells_stats_t st;
    rf_err_t err;
    const rf_net_struct *nets[1] = {net};
    slong n = 0;
    rf_cells_opts_init(opts);
    rf_cells_stats_init(st);
    rf_err_init(err);
    opts->lo = lo;
    opts->hi = hi;
    cr_assert_eq(rf_cells_enumerate(st, nets, 1, opts, count_leaf, &n, err), 0);
    cr_assert(st->complete);
    rf_err_clear(err);
    return n;
}

/* sign of the cross product (b - a) x (p - a) */
static int orient(const fmpq *a, const fmpq *b, const fmpq *p)
{
    fmpq_t u, v, w;
    int s;
    fmpq_init(u); fmpq_init(v); fmpq_init(w);
    fmpq_sub(u, b + 0, a + 0);
    fmpq_sub(v, p + 1, a + 1);
    fmpq_mul(w, u, v);
    fmpq_sub(u, b + 1, a + 1);
    fmpq_sub(v, p + 0, a + 0);
    fmpq_submul(w, u, v);
    s = fmpq_sgn(w);
    fmpq_clear(u); fmpq_clear(v); fmpq_clear(w);
    return s;
}

/* 1: strictly inside, 0: on the boundary, -1: outside (convex, ccw) */
static int in_poly(const rf_draw_poly_struct *P, const fmpq *x)
{
    slong k;
    int on = 0;
    for (k = 0; k < P->n; k++) {
        int s = orient(P->v + 2 * k, P->v + 2 * ((k + 1) % P->n), x);
        if (s < 0)
            return -1;
        if (s == 0)
            on = 1;
    }
    return on ? 0 : 1;
}

static void check_regions(const rf_net_t net, const fmpq *lo, const fmpq *hi,
                          flint_rand_t st, const char *what)
{
    rf_draw_regions_t R;
    rf_err_t err;
    slong k, i, j, nh = rf_net_num_hidden(net), n;
    fmpq_t sum, t;
    fmpq *pre = _fmpq_vec_init(nh + 1), *x = _fmpq_vec_init(2);
    int *pat = flint_malloc((nh + 1) * sizeof(int));
    rf_draw_regions_init(R);
    rf_err_init(err);
    fmpq_init(sum);
    fmpq_init(t);
    cr_assert_eq(rf_draw_regions(R, net, lo, hi, 0, err), 0, "%s: %s", what, err->msg);
    cr_assert(R->stats.complete);
    n = count_regions(net, lo, hi);
    cr_assert_eq(R->npoly, n, "%s: %ld polygons drawn, %ld regions enumerated", what,
                 (long) R->npoly, (long) n);
    for (k = 0; k < R->npoly; k++) {
        const rf_draw_poly_struct *P = R->poly + k;
        fmpq_t a2, u;
        /* the area again, by the shoelace formula written here */
        fmpq_init(a2);
        fmpq_init(u);
        for (i = 0; i < P->n; i++) {
            slong i2 = (i + 1) % P->n;
            fmpq_mul(u, P->v + 2 * i, P->v + 2 * i2 + 1);
            fmpq_add(a2, a2, u);
            fmpq_mul(u, P->v + 2 * i2, P->v + 2 * i + 1);
            fmpq_sub(a2, a2, u);
        }
        fmpq_div_2exp(a2, a2, 1);
        cr_assert_gt(fmpq_sgn(a2), 0, "%s: polygon %ld not counter-clockwise with positive area",
                     what, (long) k);
        cr_assert(fmpq_equal(a2, P->area));
        fmpq_add(sum, sum, a2);
        fmpq_clear(a2);
        fmpq_clear(u);
        for (i = 0; i < P->n; i++) {
            const fmpq *v = P->v + 2 * i;
            int onb = 0, onk = 0;
            for (j = 0; j < 2; j++) {
                cr_assert(fmpq_cmp(v + j, lo + j) >= 0 && fmpq_cmp(v + j, hi + j) <= 0);
                onb |= fmpq_equal(v + j, lo + j) || fmpq_equal(v + j, hi + j);
            }
            rf_net_forward(pre, NULL, net, v);
            for (j = 0; j < nh; j++) {
                onk |= fmpq_is_zero(pre + j);
                /* in the closure of the region: the signs of its pattern
                   hold weakly at the vertex (continuity) */
                cr_assert(fmpq_sgn(pre + j) * P->pat[j] >= 0
                          && (P->pat[j] != 0 || fmpq_is_zero(pre + j)),
                          "%s: vertex %ld of region %ld outside the region's closure", what,
                          (long) i, (long) k);
            }
            cr_assert(onb || onk, "%s: vertex of region %ld neither on the box nor on a kink",
                      what, (long) k);
        }
        /* segments lie on kinks: the neuron vanishes at both ends */
    }
    for (k = 0; k < R->nseg; k++) {
        rf_net_forward(pre, NULL, net, R->seg[k].v);
        cr_assert(fmpq_is_zero(pre + R->seg[k].neuron));
        rf_net_forward(pre, NULL, net, R->seg[k].v + 2);
        cr_assert(fmpq_is_zero(pre + R->seg[k].neuron));
    }
    fmpq_sub(t, hi + 0, lo + 0);
    fmpq_mul(t, t, hi + 1);
    fmpq_submul(t, t, lo + 1);   /* (hi0 - lo0) (hi1 - lo1) */
    {
        fmpq_t w, h;
        fmpq_init(w); fmpq_init(h);
        fmpq_sub(w, hi + 0, lo + 0);
        fmpq_sub(h, hi + 1, lo + 1);
        fmpq_mul(t, w, h);
        fmpq_clear(w); fmpq_clear(h);
    }
    cr_assert(fmpq_equal(sum, t), "%s: areas do not sum to the box area", what);
    /* random points: in exactly one polygon (unless on a kink), same pattern */
    for (i = 0; i < 60; i++) {
        slong found = 0, which = -1;
        for (j = 0; j < 2; j++) {
            fmpq_sub(t, hi + j, lo + j);
            fmpz_set_ui(fmpq_numref(x + j), n_randint(st, 1000) + 1);
            fmpz_set_ui(fmpq_denref(x + j), 1002);
            fmpq_canonicalise(x + j);
            fmpq_mul(x + j, x + j, t);
            fmpq_add(x + j, x + j, lo + j);
        }
        if (rf_net_pattern(pat, net, x) > 0) {
            /* on a kink: in the closure of some polygon */
            for (k = 0; k < R->npoly; k++)
                found += in_poly(R->poly + k, x) >= 0;
            cr_assert_geq(found, 1);
            continue;
        }
        for (k = 0; k < R->npoly; k++) {
            int s = in_poly(R->poly + k, x);
            if (s >= 0) {
                found++;
                which = k;
            }
        }
        cr_assert_eq(found, 1, "%s: a point off the kinks in %ld polygons", what, (long) found);
        for (j = 0; j < nh; j++)
            if (R->poly[which].pat[j] != 0)
                cr_assert_eq(pat[j], R->poly[which].pat[j], "%s: pattern mismatch", what);
    }
    cr_assert(rf_draw_regions_verify(R, net));
    fmpq_clear(sum);
    fmpq_clear(t);
    _fmpq_vec_clear(pre, nh + 1);
    _fmpq_vec_clear(x, 2);
    flint_free(pat);
    rf_draw_regions_clear(R);
    rf_err_clear(err);
}

static void box(fmpq *lo, fmpq *hi, slong a, slong b)
{
    slong j;
    for (j = 0; j < 2; j++) {
        fmpq_set_si(lo + j, a, 1);
        fmpq_set_si(hi + j, b, 1);
    }
}

#ifndef RF_SLOW_PART

Test(draw, regions_examples)
{
    static const char *names[] = {"shallow_2_3_1.rfn", "shallow_2_3_1_sym.rfn",
                                  "shallow_2_3_1_pert.rfn", "fdim_deep_2_4_4_1.rfn"};
    flint_rand_t st;
    fmpq lo[2], hi[2];
    slong k;
    rf_test_randinit(st);
    for (k = 0; k < 2; k++) {
        fmpq_init(lo + k);
        fmpq_init(hi + k);
    }
    for (k = 0; k < 4; k++) {
        rf_net_t net;
        load(net, ex(names[k]));
        box(lo, hi, -2, 2);
        check_regions(net, lo, hi, st, names[k]);
        fmpq_set_si(lo + 0, -1, 3);
        fmpq_set_si(hi + 1, 5, 7);
        check_regions(net, lo, hi, st, names[k]);
        {
            /* a capped enumeration: that many polygons, said incomplete */
            rf_draw_regions_t R;
            rf_err_t err;
            rf_draw_regions_init(R);
            rf_err_init(err);
            cr_assert_eq(rf_draw_regions(R, net, lo, hi, 2, err), 0);
            cr_assert_eq(R->npoly, 2);
            cr_assert_eq(R->stats.complete, 0);
            cr_assert(rf_draw_regions_verify(R, net));
            rf_draw_regions_clear(R);
            rf_err_clear(err);
        }
        rf_net_clear(net);
    }
    for (k = 0; k < 2; k++) {
        fmpq_clear(lo + k);
        fmpq_clear(hi + k);
    }
    flint_randclear(st);
}

Test(draw, regions_random)
{
    flint_rand_t st;
    fmpq lo[2], hi[2];
    slong it, k;
    rf_test_randinit(st);
    for (k = 0; k < 2; k++) {
        fmpq_init(lo + k);
        fmpq_init(hi + k);
    }
    box(lo, hi, -3, 3);
    for (it = 0; rf_test_loop(it, 20); it++) {
        rf_net_t net;
        slong L = 2 + n_randint(st, 2);
        slong dims[4] = {2, 1 + (slong) n_randint(st, 4), 1 + (slong) n_randint(st, 3), 1};
        if (L == 2)
            dims[2] = 1;
        rf_net_init(net, L, dims);
        if (it % 3 == 2)
            rf_net_randtest_degenerate(net, st, 5, 3);
        else
            rf_net_randtest(net, st, 5, 3);
        check_regions(net, lo, hi, st, "random net");
        rf_net_clear(net);
    }
    for (k = 0; k < 2; k++) {
        fmpq_clear(lo + k);
        fmpq_clear(hi + k);
    }
    flint_randclear(st);
}

Test(draw, pair_agree)
{
    flint_rand_t st;
    fmpq lo[2], hi[2];
    slong it, k, yes = 0, no = 0;
    rf_test_randinit(st);
    for (k = 0; k < 2; k++) {
        fmpq_init(lo + k);
        fmpq_init(hi + k);
    }
    box(lo, hi, -2, 2);
    for (it = 0; rf_test_loop(it, 20); it++) {
        rf_net_t A, B;
        rf_err_t err;
        slong dims[4] = {2, 1 + (slong) n_randint(st, 3), 1 + (slong) n_randint(st, 3), 1};
        slong L = 2 + n_randint(st, 2), h, i;
        slong *perm[2];
        fmpq *scale[2];
        fmpq sep[2], ya[1], yb[1];
        int agree;
        if (L == 2)
            dims[2] = 1;
        rf_net_init(A, L, dims);
        rf_net_init(B, 1, (slong[]) {1, 1});
        rf_net_randtest(A, st, 5, 3);
        for (h = 0; h < L - 1; h++) {
            perm[h] = flint_malloc(dims[h + 1] * sizeof(slong));
            scale[h] = _fmpq_vec_init(dims[h + 1]);
        }
        rf_net_randtest_symmetry(perm, scale, A, st);
        rf_net_apply_perm_scale(B, A, (const slong *const *) perm, (const fmpq *const *) scale);
        if (it % 2)   /* perturb one weight */
            fmpq_add_si(rf_net_W(B, 0, 0, n_randint(st, 2)), rf_net_W(B, 0, 0, 0), 1);
        rf_err_init(err);
        fmpq_init(sep + 0); fmpq_init(sep + 1); fmpq_init(ya); fmpq_init(yb);
        cr_assert_eq(rf_draw_regions_agree(&agree, sep, A, B, lo, hi, err), 0, "%s", err->msg);
        if (it % 2 == 0)
            cr_assert_eq(agree, 1, "a symmetry image does not agree");
        if (agree == 0) {
            no++;
            rf_net_eval(ya, A, sep);
            rf_net_eval(yb, B, sep);
            cr_assert(!fmpq_equal(ya, yb));
            for (k = 0; k < 2; k++)
                cr_assert(fmpq_cmp(sep + k, lo + k) > 0 && fmpq_cmp(sep + k, hi + k) < 0);
        } else {
            cr_assert_eq(agree, 1);
            yes++;
            /* random points of the box: equal outputs */
            for (i = 0; i < 20; i++) {
                for (k = 0; k < 2; k++) {
                    fmpq_set_si(sep + k, (slong) n_randint(st, 401) - 200, 100);
                }
                rf_net_eval(ya, A, sep);
                rf_net_eval(yb, B, sep);
                cr_assert(fmpq_equal(ya, yb));
            }
        }
        fmpq_clear(sep + 0); fmpq_clear(sep + 1); fmpq_clear(ya); fmpq_clear(yb);
        for (h = 0; h < L - 1; h++) {
            flint_free(perm[h]);
            _fmpq_vec_clear(scale[h], dims[h + 1]);
        }
        rf_err_clear(err);
        rf_net_clear(A);
        rf_net_clear(B);
    }
    cr_assert_gt(yes, 0);
    cr_assert_gt(no, 0);
    for (k = 0; k < 2; k++) {
        fmpq_clear(lo + k);
        fmpq_clear(hi + k);
    }
    flint_randclear(st);
}

/* count occurrences of s in the file */
static slong count_in_file(const char *path, const char *s, char **text)
{
    FILE *f = fopen(path, "rb");
    long n;
    char *buf, *p;
    slong c = 0;
    cr_assert(f != NULL, "%s missing", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(n + 1);
    cr_assert_eq(fread(buf, 1, n, f), (size_t) n);
    buf[n] = 0;
    fclose(f);
    for (p = strstr(buf, s); p; p = strstr(p + 1, s))
        c++;
    if (text)
        *text = buf;
    else
        free(buf);
    return c;
}

/* shoelace area of the SVG region polygons (in px^2) */
static double svg_region_area(const char *text)
{
    const char *p = text;
    double total = 0;
    while ((p = strstr(p, "<polygon points=\"")) != NULL) {
        const char *q = p + 17, *end = strchr(q, '"');
        const char *cls = strstr(p, "/>");
        double xs[4096], ys[4096], a = 0;
        int n = 0, k;
        if (cls == NULL || strstr(p, "class=\"region\"") == NULL
            || strstr(p, "class=\"region\"") > cls) {
            p = q;
            continue;
        }
        while (q < end && n < 4096) {
            char *e;
            xs[n] = strtod(q, &e);
            q = e + 1;   /* ',' */
            ys[n] = strtod(q, &e);
            q = e;
            while (*q == ' ')
                q++;
            n++;
        }
        for (k = 0; k < n; k++)
            a += xs[k] * ys[(k + 1) % n] - xs[(k + 1) % n] * ys[k];
        total += a < 0 ? -a / 2 : a / 2;
        p = end;
    }
    return total;
}

Test(draw, files_count_regions)
{
    static const char *names[] = {"shallow_2_3_1.rfn", "fdim_deep_2_4_4_1.rfn"};
    char out[1 << 14], args[4096], path[512];
    slong k;
    fmpq lo[2], hi[2];
    for (k = 0; k < 2; k++) {
        fmpq_init(lo + k);
        fmpq_init(hi + k);
    }
    box(lo, hi, -2, 2);
    for (k = 0; k < 2; k++) {
        rf_net_t net;
        slong n;
        char *text;
        double area;
        load(net, ex(names[k]));
        n = count_regions(net, lo, hi);
        snprintf(path, sizeof(path), "%s/draw_%ld.svg", getenv("RF_DRAW_OUT"), (long) k);
        snprintf(args, sizeof(args), "draw --format svg --box -2:2 -o '%s' '%s'", path, ex(names[k]));
        cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
        cr_assert_eq(count_in_file(path, "class=\"region\"", &text), n);
        area = svg_region_area(text);
        /* an 8 cm panel at 50 px/cm: 400 x 400 px, coordinates rounded */
        cr_assert(area > 160000.0 * (1 - 1e-4) && area < 160000.0 * (1 + 1e-4),
                  "SVG region areas sum to %g, not 160000", area);
        free(text);
        snprintf(path, sizeof(path), "%s/draw_%ld.tex", getenv("RF_DRAW_OUT"), (long) k);
        snprintf(args, sizeof(args), "draw --box -2:2 -o '%s' '%s'", path, ex(names[k]));
        cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
        cr_assert_eq(count_in_file(path, "; % region\n", NULL), n);
        cr_assert_eq(count_in_file(path, "% region ", NULL), n);   /* the exact-vertex comments */
        cr_assert(strstr(out, "areas sum to the box area: yes") != NULL, "%s", out);
        snprintf(args, sizeof(args), "draw --json --box -2:2 -o '%s' '%s'", path, ex(names[k]));
        cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
        {
            char want[64];
            snprintf(want, sizeof(want), "\"regions\": %ld, \"complete\": true", (long) n);
            cr_assert(strstr(out, want) != NULL, "%s", out);
        }
        rf_net_clear(net);
    }
    {
        /* two equivalent nets side by side: both counted, agreement stated */
        rf_net_t A, B;
        slong na, nb;
        load(A, ex("shallow_2_3_1.rfn"));
        load(B, ex("shallow_2_3_1_sym.rfn"));
        na = count_regions(A, lo, hi);
        nb = count_regions(B, lo, hi);
        snprintf(path, sizeof(path), "%s/draw_pair.svg", getenv("RF_DRAW_OUT"));
        snprintf(args, sizeof(args), "draw --format svg -o '%s' '%s' '%s'", path,
                 ex("shallow_2_3_1.rfn"), ex("shallow_2_3_1_sym.rfn"));
        cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
        cr_assert_eq(count_in_file(path, "class=\"region\"", NULL), na + nb);
        cr_assert_eq(count_in_file(path, "same function on the box: yes", NULL), 1);
        rf_net_clear(A);
        rf_net_clear(B);
    }
    for (k = 0; k < 2; k++) {
        fmpq_clear(lo + k);
        fmpq_clear(hi + k);
    }
}

/* f affine between consecutive points; bends iff slopes differ */
static void check_graph(const rf_net_t net, const fmpq_t lo, const fmpq_t hi)
{
    rf_draw_graph_t G;
    rf_err_t err;
    slong k, dl = net->dims[net->L];
    fmpq *y = _fmpq_vec_init(dl);
    fmpq_t m, t, s0, s1;
    rf_draw_graph_init(G);
    rf_err_init(err);
    fmpq_init(m); fmpq_init(t); fmpq_init(s0); fmpq_init(s1);
    cr_assert_eq(rf_draw_graph(G, net, lo, hi, 0, err), 0, "%s", err->msg);
    cr_assert(fmpq_equal(G->t, lo) && fmpq_equal(G->t + G->npts - 1, hi));
    for (k = 0; k + 1 < G->npts; k++) {
        cr_assert_lt(fmpq_cmp(G->t + k, G->t + k + 1), 0);
        rf_net_eval(y, net, G->t + k);
        cr_assert(fmpq_equal(y, G->y + k));
        /* quarter point: the linear interpolation */
        fmpq_sub(m, G->t + k + 1, G->t + k);
        fmpq_div_2exp(m, m, 2);
        fmpq_add(m, m, G->t + k);
        rf_net_eval(y, net, m);
        fmpq_sub(t, G->y + k + 1, G->y + k);
        fmpq_div_2exp(t, t, 2);
        fmpq_add(t, t, G->y + k);
        cr_assert(fmpq_equal(t, y), "f not affine between drawn points %ld and %ld", (long) k,
                  (long) k + 1);
    }
    for (k = 1; k + 1 < G->npts; k++) {
        /* slopes from exact evaluation just beside t_k */
        fmpq_sub(m, G->t + k, G->t + k - 1);
        fmpq_div_2exp(m, m, 3);
        fmpq_sub(t, G->t + k, m);
        rf_net_eval(y, net, t);
        fmpq_sub(s0, G->y + k, y);
        fmpq_div(s0, s0, m);
        fmpq_sub(m, G->t + k + 1, G->t + k);
        fmpq_div_2exp(m, m, 3);
        fmpq_add(t, G->t + k, m);
        rf_net_eval(y, net, t);
        fmpq_sub(s1, y, G->y + k);
        fmpq_div(s1, s1, m);
        cr_assert_eq(G->bend[k], !fmpq_equal(s0, s1));
    }
    /* shallow: every kink -b/w inside (lo, hi) with a slope change is drawn */
    if (net->L == 2) {
        slong i, j;
        for (i = 0; i < net->dims[1]; i++) {
            int drawn = 0;
            if (fmpq_is_zero(rf_net_W(net, 0, i, 0)))
                continue;
            fmpq_div(t, rf_net_b(net, 0, i), rf_net_W(net, 0, i, 0));
            fmpq_neg(t, t);
            if (fmpq_cmp(t, lo) <= 0 || fmpq_cmp(t, hi) >= 0)
                continue;
            for (j = 0; j < G->npts; j++)
                drawn |= fmpq_equal(G->t + j, t);
            cr_assert(drawn, "kink of neuron %ld not among the drawn points", (long) i);
        }
    }
    fmpq_clear(m); fmpq_clear(t); fmpq_clear(s0); fmpq_clear(s1);
    _fmpq_vec_clear(y, dl);
    rf_draw_graph_clear(G);
    rf_err_clear(err);
}

Test(draw, graph)
{
    flint_rand_t st;
    fmpq_t lo, hi;
    slong it;
    rf_net_t net;
    fmpq_init(lo);
    fmpq_init(hi);
    fmpq_set_si(lo, -2, 1);
    fmpq_set_si(hi, 2, 1);
    load(net, ex("shallow_abs.rfn"));
    {
        rf_draw_graph_t G;
        rf_err_t err;
        rf_draw_graph_init(G);
        rf_err_init(err);
        cr_assert_eq(rf_draw_graph(G, net, lo, hi, 0, err), 0);
        cr_assert_eq(G->nbends, 1);
        cr_assert_eq(G->npts, 3);
        cr_assert(fmpq_is_zero(G->t + 1) && G->bend[1]);
        rf_draw_graph_clear(G);
        rf_err_clear(err);
    }
    check_graph(net, lo, hi);
    rf_net_clear(net);
    load(net, ex("draw_1d_deep.rfn"));
    fmpq_set_si(lo, -3, 1);
    fmpq_set_si(hi, 3, 1);
    check_graph(net, lo, hi);
    rf_net_clear(net);
    fmpq_set_si(lo, -2, 1);
    fmpq_set_si(hi, 2, 1);
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 40); it++) {
        slong L = 2 + n_randint(st, 2);
        slong dims[4] = {1, 1 + (slong) n_randint(st, 5), 1 + (slong) n_randint(st, 3), 1};
        if (L == 2)
            dims[2] = 1;
        rf_net_init(net, L, dims);
        if (it % 3 == 2)
            rf_net_randtest_degenerate(net, st, 6, 4);
        else
            rf_net_randtest(net, st, 6, 4);
        check_graph(net, lo, hi);
        rf_net_clear(net);
    }
    flint_randclear(st);
    fmpq_clear(lo);
    fmpq_clear(hi);
}

/* build the network of theta with (p, q) replaced */
static void net_at(rf_net_t out, const rf_net_t net, const char *p, const fmpq_t vp,
                   const char *q, const fmpq_t vq)
{
    slong np = rf_net_num_params(net), k;
    fmpq *th = _fmpq_vec_init(np);
    char name[64];
    rf_net_get_params(th, net);
    for (k = 0; k < np; k++) {
        rf_net_param_name(name, sizeof(name), net, k);
        if (!strcmp(name, p))
            fmpq_set(th + k, vp);
        if (!strcmp(name, q))
            fmpq_set(th + k, vq);
    }
    rf_net_set(out, net);
    rf_net_set_params(out, th);
    _fmpq_vec_clear(th, np);
}

static void theta_at(fmpq *at, const rf_sys_t sys, const rf_net_t net)
{
    slong np = rf_net_num_params(net), k, v;
    fmpq *th = _fmpq_vec_init(np);
    char name[64];
    rf_net_get_params(th, net);
    for (k = 0; k < np; k++) {
        rf_net_param_name(name, sizeof(name), net, k);
        v = rf_sys_var_index(sys, name);
        if (v >= 0)
            fmpq_set(at + v, th + k);
    }
    _fmpq_vec_clear(th, np);
}

static void equiv_yes(const rf_net_t A, const rf_net_t B)
{
    rf_equiv_t res;
    rf_err_t err;
    rf_equiv_init(res);
    rf_err_init(err);
    cr_assert_eq(rf_decide_equiv(res, A, B, err), 0, "%s", err->msg);
    cr_assert_eq(res->verdict, RF_EQUIV_YES, "a drawn slice point is not in the fiber");
    rf_equiv_clear(res);
    rf_err_clear(err);
}

/* every drawn point of a slice (strictly inside a polygon, inside a
 * segment, a point, a sampled curve point, a sampled cell centre) realizes
 * the function of theta */
static slong check_slice_points(const rf_net_t net, const rf_draw_slice_t S)
{
    rf_net_t B;
    fmpq_t x, y;
    slong k, i, j, checked = 0;
    rf_net_init(B, 1, (slong[]) {1, 1});
    fmpq_init(x);
    fmpq_init(y);
    if (S->kind == RF_DRAW_SLICE_REGION && S->exact) {
        for (i = 0; i < S->poly.n; i++) {
            fmpq_add(x, x, S->poly.v + 2 * i);
            fmpq_add(y, y, S->poly.v + 2 * i + 1);
        }
        fmpz_mul_si(fmpq_denref(x), fmpq_denref(x), S->poly.n);
        fmpq_canonicalise(x);
        fmpz_mul_si(fmpq_denref(y), fmpq_denref(y), S->poly.n);
        fmpq_canonicalise(y);
        net_at(B, net, S->pname, x, S->qname, y);
        equiv_yes(net, B);
        checked++;
    } else if ((S->kind == RF_DRAW_SLICE_CURVE || S->kind == RF_DRAW_SLICE_POINT) && S->exact) {
        fmpq_add(x, S->seg.v + 0, S->seg.v + 2);
        fmpq_div_2exp(x, x, 1);
        fmpq_add(y, S->seg.v + 1, S->seg.v + 3);
        fmpq_div_2exp(y, y, 1);
        net_at(B, net, S->pname, x, S->qname, y);
        equiv_yes(net, B);
        checked++;
    } else if (S->kind == RF_DRAW_SLICE_CURVE) {
        for (k = 0; k < S->npts; k += 1 + S->npts / 5) {
            net_at(B, net, S->pname, S->pts + 2 * k, S->qname, S->pts + 2 * k + 1);
            equiv_yes(net, B);
            checked++;
        }
    } else if (S->kind == RF_DRAW_SLICE_REGION) {
        slong seen = 0;
        for (j = 0; j < S->grid; j++)
            for (i = 0; i < S->grid; i++) {
                if (!S->in[i + S->grid * j] || (seen++ % (1 + S->nin / 4)) != 0)
                    continue;
                fmpq_sub(x, S->hi + 0, S->lo + 0);
                fmpq_mul_si(x, x, 2 * i + 1);
                fmpz_mul_si(fmpq_denref(x), fmpq_denref(x), 2 * S->grid);
                fmpq_canonicalise(x);
                fmpq_add(x, x, S->lo + 0);
                fmpq_sub(y, S->hi + 1, S->lo + 1);
                fmpq_mul_si(y, y, 2 * j + 1);
                fmpz_mul_si(fmpq_denref(y), fmpq_denref(y), 2 * S->grid);
                fmpq_canonicalise(y);
                fmpq_add(y, y, S->lo + 1);
                net_at(B, net, S->pname, x, S->qname, y);
                equiv_yes(net, B);
                checked++;
            }
    }
    fmpq_clear(x);
    fmpq_clear(y);
    rf_net_clear(B);
    return checked;
}

static void slice_all(const rf_net_t net, flint_rand_t st, slong pairs, slong *checked,
                      slong *kinds)
{
    rf_sys_t sys;
    rf_draw_slice_t S;
    rf_err_t err;
    fmpq *at;
    fmpq lo[2], hi[2];
    slong np = rf_net_num_params(net), c, it, k;
    char pn[64], qn[64];
    rf_sys_init(sys, 0, NULL, NULL);
    rf_err_init(err);
    rf_draw_slice_init(S);
    cr_assert_eq(rf_decide_fiber(sys, net, err), 0, "%s", err->msg);
    at = _fmpq_vec_init(sys->nvars);
    theta_at(at, sys, net);
    for (k = 0; k < 2; k++) {
        fmpq_init(lo + k);
        fmpq_init(hi + k);
    }
    for (it = 0; it < pairs; it++) {
        slong a = n_randint(st, np), b = n_randint(st, np - 1);
        int inside = 0;
        if (b >= a)
            b++;
        rf_net_param_name(pn, sizeof(pn), net, a);
        rf_net_param_name(qn, sizeof(qn), net, b);
        for (k = 0; k < 2; k++) {
            fmpq_set(lo + k, at + rf_sys_var_index(sys, k ? qn : pn));
            fmpq_set(hi + k, lo + k);
            fmpq_sub_si(lo + k, lo + k, 2);
            fmpq_add_si(hi + k, hi + k, 2);
        }
        for (c = 0; c < sys->ncomp; c++) {
            int r = rf_draw_slice(S, sys, c, at, pn, qn, lo, hi, 10, err);
            if (r == RF_ERR_UNSUPPORTED)
                continue;
            cr_assert_eq(r, 0, "%s", err->msg);
            inside |= S->theta_in;
            kinds[S->kind + 4 * S->exact]++;
            *checked += check_slice_points(net, S);
        }
        /* theta lies in some component (up to the permutations the
           components are listed modulo: not asserted when none holds) */
        (void) inside;
    }
    for (k = 0; k < 2; k++) {
        fmpq_clear(lo + k);
        fmpq_clear(hi + k);
    }
    _fmpq_vec_clear(at, sys->nvars);
    rf_draw_slice_clear(S);
    rf_sys_clear(sys);
    rf_err_clear(err);
}

Test(draw, slice_points_in_fiber)
{
    static const char *names[] = {"shallow_abs.rfn", "shallow_2_3_1.rfn", "three_e1_hide.rfn",
                                  "three_e4_hidden.rfn", "shallow_generic.rfn"};
    flint_rand_t st;
    slong k, it, checked = 0, kinds[8] = {0};
    rf_test_randinit(st);
    for (k = 0; k < 5; k++) {
        rf_net_t net;
        load(net, ex(names[k]));
        slice_all(net, st, 4, &checked, kinds);
        rf_net_clear(net);
    }
    for (it = 0; rf_test_loop(it, 6); it++) {
        rf_net_t net;
        slong dims[3] = {1 + (slong) n_randint(st, 2), 1 + (slong) n_randint(st, 3), 1};
        rf_net_init(net, 2, dims);
        rf_net_randtest(net, st, 4, 3);
        if (n_randint(st, 2))   /* a zero outgoing weight: a free neuron */
            fmpq_zero(rf_net_W(net, 1, 0, dims[1] - 1));
        slice_all(net, st, 3, &checked, kinds);
        rf_net_clear(net);
    }
    printf("draw slices: %ld drawn points in the fiber (equiv); kinds exact "
           "empty/region/curve/point %ld/%ld/%ld/%ld, sampled %ld/%ld/%ld/%ld\n", (long) checked,
           (long) kinds[4], (long) kinds[5], (long) kinds[6], (long) kinds[7], (long) kinds[0],
           (long) kinds[1], (long) kinds[2], (long) kinds[3]);
    cr_assert_gt(checked, 20, "only %ld drawn slice points checked", (long) checked);
    cr_assert_gt(kinds[4 + RF_DRAW_SLICE_POINT] + kinds[4 + RF_DRAW_SLICE_CURVE], 0);
    flint_randclear(st);
}

Test(draw, slice_curve_in_fiber)
{
    rf_net_t net, B;
    rf_sys_t sys;
    rf_draw_slice_t S;
    rf_err_t err;
    fmpq *at;
    fmpq lo[2], hi[2];
    slong k;
    load(net, ex("shallow_abs.rfn"));
    rf_net_init(B, 1, (slong[]) {1, 1});
    rf_sys_init(sys, 0, NULL, NULL);
    rf_err_init(err);
    rf_draw_slice_init(S);
    cr_assert_eq(rf_decide_fiber(sys, net, err), 0);
    at = _fmpq_vec_init(sys->nvars);
    theta_at(at, sys, net);
    for (k = 0; k < 2; k++) {
        fmpq_init(lo + k);
        fmpq_init(hi + k);
    }
    fmpq_set_si(lo + 0, -1, 1); fmpq_set_si(hi + 0, 3, 1);
    fmpq_set_si(lo + 1, -1, 1); fmpq_set_si(hi + 1, 3, 1);
    cr_assert_eq(rf_draw_slice(S, sys, 0, at, "W1_1_1", "W2_1_1", lo, hi, 12, err), 0, "%s",
                 err->msg);
    cr_assert_eq(S->kind, RF_DRAW_SLICE_CURVE);
    cr_assert(S->theta_in);
    cr_assert_gt(S->npts, 10);
    for (k = 0; k < S->npts; k += 7) {
        net_at(B, net, "W1_1_1", S->pts + 2 * k, "W2_1_1", S->pts + 2 * k + 1);
        equiv_yes(net, B);
    }
    /* exact: (W1_1_1, b1_1) is a point (b1_1 = 0 and the jump fixes W1_1_1?
       no: W1_1_1 only in the jump with W2_1_1 fixed): check it is in the fiber */
    cr_assert_eq(rf_draw_slice(S, sys, 0, at, "W1_1_1", "b1_1", lo, hi, 0, err), 0);
    cr_assert(S->exact);
    cr_assert_eq(S->kind, RF_DRAW_SLICE_POINT);
    net_at(B, net, "W1_1_1", S->seg.v + 0, "b1_1", S->seg.v + 1);
    equiv_yes(net, B);
    /* unknown names, equal names */
    cr_assert_eq(rf_draw_slice(S, sys, 0, at, "W9_1_1", "b1_1", lo, hi, 0, err), RF_ERR_INPUT);
    cr_assert(strstr(err->msg, "W9_1_1") != NULL);
    cr_assert_eq(rf_draw_slice(S, sys, 0, at, "b1_1", "b1_1", lo, hi, 0, err), RF_ERR_INPUT);
    cr_assert_eq(rf_draw_slice(S, sys, 0, at, "mu_1", "b1_1", lo, hi, 0, err), RF_ERR_INPUT);
    for (k = 0; k < 2; k++) {
        fmpq_clear(lo + k);
        fmpq_clear(hi + k);
    }
    _fmpq_vec_clear(at, sys->nvars);
    rf_draw_slice_clear(S);
    rf_sys_clear(sys);
    rf_err_clear(err);
    rf_net_clear(B);
    rf_net_clear(net);
}

Test(draw, slice_exact_region)
{
    /* neuron 2 has zero outgoing weight: its incoming weight and bias are
       free in the fiber, so the slice (W1_2_1, b1_2) is the whole window */
    rf_net_t net, B;
    rf_sys_t sys;
    rf_draw_slice_t S;
    rf_err_t err;
    fmpq *at;
    fmpq lo[2], hi[2];
    fmpq_t a, w, h;
    slong k, c, hit = 0;
    rf_net_init(net, 2, (slong[]) {1, 2, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    fmpq_set_si(rf_net_W(net, 0, 0, 0), 2, 1);
    fmpq_set_si(rf_net_b(net, 0, 0), -1, 1);
    fmpq_set_si(rf_net_W(net, 0, 1, 0), 1, 3);
    fmpq_set_si(rf_net_b(net, 0, 1), 1, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 0), 3, 1);
    rf_sys_init(sys, 0, NULL, NULL);
    rf_err_init(err);
    rf_draw_slice_init(S);
    cr_assert_eq(rf_decide_fiber(sys, net, err), 0, "%s", err->msg);
    at = _fmpq_vec_init(sys->nvars);
    theta_at(at, sys, net);
    for (k = 0; k < 2; k++) {
        fmpq_init(lo + k);
        fmpq_init(hi + k);
        fmpq_set_si(lo + k, -2, 1);
        fmpq_set_si(hi + k, 2, 1);
    }
    fmpq_init(a); fmpq_init(w); fmpq_init(h);
    for (c = 0; c < sys->ncomp; c++) {
        cr_assert_eq(rf_draw_slice(S, sys, c, at, "W1_2_1", "b1_2", lo, hi, 8, err), 0, "%s",
                     err->msg);
        if (!S->theta_in)
            continue;
        hit++;
        cr_assert(S->exact);
        cr_assert_eq(S->kind, RF_DRAW_SLICE_REGION);
        fmpq_sub(w, hi + 0, lo + 0);
        fmpq_sub(h, hi + 1, lo + 1);
        fmpq_mul(a, w, h);
        cr_assert(fmpq_equal(a, S->poly.area), "the zero-outgoing slice is not the window");
        for (k = 0; k < S->poly.n; k++) {
            net_at(B, net, "W1_2_1", S->poly.v + 2 * k, "b1_2", S->poly.v + 2 * k + 1);
            equiv_yes(net, B);
        }
    }
    cr_assert_geq(hit, 1);
    fmpq_clear(a); fmpq_clear(w); fmpq_clear(h);
    for (k = 0; k < 2; k++) {
        fmpq_clear(lo + k);
        fmpq_clear(hi + k);
    }
    _fmpq_vec_clear(at, sys->nvars);
    rf_draw_slice_clear(S);
    rf_sys_clear(sys);
    rf_err_clear(err);
    rf_net_clear(B);
    rf_net_clear(net);
}

Test(draw, bad_input)
{
    char out[1 << 14], args[4096], path[512];
    FILE *f;
    snprintf(path, sizeof(path), "%s/draw_3in.rfn", getenv("RF_DRAW_OUT"));
    f = fopen(path, "w");
    cr_assert(f != NULL);
    fprintf(f, "arch 3 2 1\nW1\n1 0 1\n0 1 -1\nb1 0 1\nW2\n1 1\nb2 0\n");
    fclose(f);
    snprintf(args, sizeof(args), "draw '%s'", path);
    cr_assert_eq(run(out, sizeof(out), args), 2);
    cr_assert(strstr(out, "2 inputs") != NULL && strstr(out, "has 3") != NULL, "%s", out);
    snprintf(args, sizeof(args), "draw --kind graph '%s'", ex("shallow_2_3_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2);
    cr_assert(strstr(out, "1 input") != NULL, "%s", out);
    snprintf(args, sizeof(args), "draw --params W1_1_1,W7_1_1 '%s'", ex("shallow_2_3_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2);
    cr_assert(strstr(out, "unknown parameter name 'W7_1_1'") != NULL, "%s", out);
    snprintf(args, sizeof(args), "draw --format png '%s'", ex("shallow_2_3_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2);
    snprintf(args, sizeof(args), "draw --box 1:1 '%s'", ex("shallow_2_3_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2);
    snprintf(args, sizeof(args), "draw --params W1_1_1,b1_1 --component 99 '%s'",
             ex("shallow_2_3_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2);
    cr_assert(strstr(out, "component 99") != NULL, "%s", out);
    /* an error leaves an existing output file alone */
    snprintf(path, sizeof(path), "%s/draw_keep.svg", getenv("RF_DRAW_OUT"));
    f = fopen(path, "w");
    fputs("keep", f);
    fclose(f);
    snprintf(args, sizeof(args), "draw --params W1_1_1,nope -o '%s' '%s'", path,
             ex("shallow_2_3_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2);
    cr_assert_eq(count_in_file(path, "keep", NULL), 1);
}

#else /* RF_SLOW_PART: render with pdflatex and pdftoppm */

#include <time.h>

static int have_tools(void)
{
    return system("command -v pdflatex >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 "
                  "&& kpsewhich tikz.sty >/dev/null 2>&1") == 0;
}

/* fraction of non-white pixels of a binary PPM (P6, maxval 255) */
static double ink(const char *path)
{
    FILE *f = fopen(path, "rb");
    int w, h, mx, c;
    long k, n, dark = 0;
    cr_assert(f != NULL, "%s missing", path);
    cr_assert_eq(fscanf(f, "P6 %d %d %d", &w, &h, &mx), 3);
    fgetc(f);
    n = (long) w * h;
    for (k = 0; k < n; k++) {
        int r = fgetc(f), g = fgetc(f), b = fgetc(f);
        cr_assert(b != EOF);
        if (r < 240 || g < 240 || b < 240)
            dark++;
    }
    c = fclose(f);
    (void) c;
    return (double) dark / (double) n;
}

static void render(const char *name, const char *args)
{
    char out[1 << 14], cmd[8192], path[1024];
    const char *dir = getenv("RF_DRAW_OUT");
    struct timespec t0, t1;
    double secs, frac;
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s.tex", dir, name);
    snprintf(cmd, sizeof(cmd), "draw -o '%s' %s", path, args);
    cr_assert_eq(run(out, sizeof(out), cmd), 0, "%s", out);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    snprintf(cmd, sizeof(cmd), "cd '%s' && pdflatex -interaction=nonstopmode -halt-on-error "
             "'%s.tex' > '%s.pdflatex.txt' 2>&1", dir, name, name);
    cr_assert_eq(system(cmd), 0, "pdflatex failed on %s (see %s/%s.pdflatex.txt)", name, dir,
                 name);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double) (t1.tv_sec - t0.tv_sec) + 1e-9 * (double) (t1.tv_nsec - t0.tv_nsec);
    snprintf(cmd, sizeof(cmd), "cd '%s' && pdftoppm -png -r 60 -singlefile '%s.pdf' '%s' && "
             "pdftoppm -r 30 -singlefile '%s.pdf' '%s'", dir, name, name, name, name);
    cr_assert_eq(system(cmd), 0);
    snprintf(path, sizeof(path), "%s/%s.png", dir, name);
    f = fopen(path, "rb");
    cr_assert(f != NULL, "%s missing", path);
    fclose(f);
    snprintf(path, sizeof(path), "%s/%s.ppm", dir, name);
    frac = ink(path);
    cr_assert_gt(frac, 0.02, "%s: the rendered page is blank (%g non-white)", name, frac);
    printf("draw render %s: pdflatex %.2f s, %.1f%% of the page inked\n", name, secs,
           100.0 * frac);
}

Test(draw_render, every_kind)
{
    char a[4096];
    if (!have_tools()) {
        cr_skip_test("pdflatex, pdftoppm or TikZ (texlive-pictures) missing");
        return;
    }
    snprintf(a, sizeof(a), "'%s'", ex("shallow_2_3_1.rfn"));
    render("regions_shallow_2_3_1", a);
    snprintf(a, sizeof(a), "'%s'", ex("fdim_deep_2_4_4_1.rfn"));
    render("regions_fdim_deep_2_4_4_1", a);
    snprintf(a, sizeof(a), "--box -1/2:1/2 '%s'", ex("fdim_deep_2_4_4_1.rfn"));
    render("regions_fdim_deep_zoom", a);
    snprintf(a, sizeof(a), "'%s' '%s'", ex("shallow_2_3_1.rfn"), ex("shallow_2_3_1_sym.rfn"));
    render("pair_shallow_2_3_1", a);
    snprintf(a, sizeof(a), "'%s' '%s'", ex("shallow_flip_a.rfn"), ex("shallow_flip_b.rfn"));
    render("pair_shallow_flip", a);
    snprintf(a, sizeof(a), "'%s'", ex("shallow_abs.rfn"));
    render("graph_shallow_abs", a);
    snprintf(a, sizeof(a), "--box -3:3 '%s'", ex("fdim_1111_hidden_bend.rfn"));
    render("graph_fdim_1111_hidden_bend", a);
    snprintf(a, sizeof(a), "--params W1_1_1,W2_1_1 '%s'", ex("shallow_abs.rfn"));
    render("slice_shallow_abs_curve", a);
    snprintf(a, sizeof(a), "--params W1_1_1,b1_1 '%s'", ex("shallow_2_3_1.rfn"));
    render("slice_shallow_2_3_1_point", a);
    snprintf(a, sizeof(a), "--box -3:3 '%s'", ex("draw_1d_deep.rfn"));
    render("graph_draw_1d_deep", a);
    snprintf(a, sizeof(a), "'%s'", ex("draw_slice_free.rfn"));
    render("regions_draw_slice_free", a);
    snprintf(a, sizeof(a), "--params W1_3_1,b1_3 '%s'", ex("draw_slice_free.rfn"));
    render("slice_draw_slice_free_region", a);
    snprintf(a, sizeof(a), "--params b1_1,b2_1 '%s'", ex("three_e1_hide.rfn"));
    render("slice_three_e1_hide_segment", a);
    snprintf(a, sizeof(a), "--params W1_1_1,W2_1_1 '%s'", ex("three_e1_hide.rfn"));
    render("slice_three_e1_hide_sampled", a);
}

/* --format tikzpicture: \input into an article inside a figure */
Test(draw_render, tikzpicture_in_article)
{
    char out[1 << 14], cmd[8192], path[1024];
    const char *dir = getenv("RF_DRAW_OUT");
    FILE *f;
    if (!have_tools()) {
        cr_skip_test("pdflatex, pdftoppm or TikZ (texlive-pictures) missing");
        return;
    }
    snprintf(path, sizeof(path), "%s/pic_regions.tex", dir);
    snprintf(cmd, sizeof(cmd), "draw --format tikzpicture -o '%s' '%s'", path,
             ex("fdim_deep_2_4_4_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), cmd), 0, "%s", out);
    snprintf(path, sizeof(path), "%s/pic_graph.tex", dir);
    snprintf(cmd, sizeof(cmd), "draw --format tikzpicture -o '%s' '%s'", path,
             ex("draw_1d_deep.rfn"));
    cr_assert_eq(run(out, sizeof(out), cmd), 0, "%s", out);
    snprintf(path, sizeof(path), "%s/pic_article.tex", dir);
    f = fopen(path, "w");
    cr_assert(f != NULL);
    fprintf(f, "\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\n"
               "Regions in Figure~\\ref{fig:r}, a graph in Figure~\\ref{fig:g}.\n"
               "\\begin{figure}[h]\\centering\\resizebox{\\linewidth}{!}{\\input{pic_regions}}"
               "\\caption{Regions.}\\label{fig:r}\\end{figure}\n"
               "\\begin{figure}[h]\\centering\\resizebox{\\linewidth}{!}{\\input{pic_graph}}"
               "\\caption{Graph.}\\label{fig:g}\\end{figure}\n\\end{document}\n");
    fclose(f);
    snprintf(cmd, sizeof(cmd), "cd '%s' && pdflatex -interaction=nonstopmode -halt-on-error "
             "pic_article.tex > pic_article.out 2>&1 && pdftoppm -r 30 -f 2 -l 2 -singlefile "
             "pic_article.pdf pic_article", dir);
    cr_assert_eq(system(cmd), 0, "pdflatex failed on the article (see %s/pic_article.out)", dir);
    snprintf(path, sizeof(path), "%s/pic_article.ppm", dir);
    cr_assert_gt(ink(path), 0.02, "page 2 of the article (a figure) is blank");
    snprintf(cmd, sizeof(cmd), "grep -q Overfull '%s/pic_article.log'", dir);
    cr_assert_neq(system(cmd), 0, "overfull boxes in %s/pic_article.log", dir);
}

/* every SVG kind is well-formed XML (Python's parser) */
Test(draw_render, svg_parses)
{
    static const char *kinds[][2] = {
        {"shallow_2_3_1.rfn", ""}, {"shallow_abs.rfn", ""},
        {"shallow_abs.rfn", "--params W1_1_1,W2_1_1"},
        {"draw_slice_free.rfn", "--params W1_3_1,b1_3"}};
    char out[1 << 14], cmd[8192], path[1024];
    slong k;
    if (system("/usr/bin/python3 -c 'import xml.etree.ElementTree' >/dev/null 2>&1") != 0) {
        cr_skip_test("python3 missing");
        return;
    }
    for (k = 0; k < 4; k++) {
        snprintf(path, sizeof(path), "%s/svg_%ld.svg", getenv("RF_DRAW_OUT"), (long) k);
        snprintf(cmd, sizeof(cmd), "draw --format svg %s -o '%s' '%s'", kinds[k][1], path,
                 ex(kinds[k][0]));
        cr_assert_eq(run(out, sizeof(out), cmd), 0, "%s", out);
        snprintf(cmd, sizeof(cmd), "/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E; "
                 "r = E.parse(sys.argv[1]).getroot(); sys.exit(0 if r.tag.endswith(\"svg\") "
                 "else 1)' '%s'", path);
        cr_assert_eq(system(cmd), 0, "%s is not a well-formed SVG", path);
    }
}

#endif
