/* The drawing canvas shared by the writers: one picture of side-by-side
 * square panels, emitted either as a standalone LaTeX document with one TikZ
 * picture or as an SVG file. Window coordinates (exact rationals rounded to
 * doubles) are mapped affinely onto each panel; every printed coordinate has
 * RF_DRAW_DIGITS decimals. */
#include <string.h>
#include <math.h>
#include "relufiber/draw.h"
#include "internal.h"

#define PANEL_CM 8.0     /* TikZ panel side (cm) */
#define GAP_CM 2.2       /* between panels (cm) */
#define PX_PER_CM 50.0   /* SVG scale */

int rf_draw_fmt_from_string(rf_draw_fmt_t *fmt, const char *s)
{
    if (!strcmp(s, "tikz") || !strcmp(s, "tex") || !strcmp(s, "latex"))
        *fmt = RF_DRAW_FMT_TIKZ;
    else if (!strcmp(s, "tikzpicture"))
        *fmt = RF_DRAW_FMT_TIKZPICTURE;
    else if (!strcmp(s, "svg"))
        *fmt = RF_DRAW_FMT_SVG;
    else
        return 1;
    return 0;
}

/* canvas point of a window point, in cm (y up) */
static void map(const _rf_draw_canvas *cv, double x, double y, double *cx, double *cy)
{
    *cx = cv->ox + PANEL_CM * (x - cv->wlo[0]) / (cv->whi[0] - cv->wlo[0]);
    *cy = PANEL_CM * (y - cv->wlo[1]) / (cv->whi[1] - cv->wlo[1]);
}

/* SVG: cm -> px, y down; the picture spans y in [-3 cm, PANEL_CM + 1 cm] */
static double svx(double cx) { return (cx + 1.5) * PX_PER_CM; }
static double svy(double cy) { return (PANEL_CM + 1.0 - cy) * PX_PER_CM; }

static void num(FILE *out, double v)
{
    if (fabs(v) < 0.5e-4)
        v = 0.0;
    fprintf(out, "%.*f", RF_DRAW_DIGITS, v);
}

static void escaped(FILE *out, rf_draw_fmt_t fmt, const char *s)
{
    for (; *s; s++) {
        if (fmt == RF_DRAW_FMT_SVG) {
            if (*s == '<') fputs("&lt;", out);
            else if (*s == '>') fputs("&gt;", out);
            else if (*s == '&') fputs("&amp;", out);
            else fputc(*s, out);
        } else {
            if (strchr("#$%&_{}", *s)) { fputc('\\', out); fputc(*s, out); }
            else if (*s == '\\') fputs("\\textbackslash{}", out);
            else if (*s == '^') fputs("\\^{}", out);
            else if (*s == '~') fputs("\\~{}", out);
            else if (*s == '<') fputs("$<$", out);
            else if (*s == '>') fputs("$>$", out);
            else fputc(*s, out);
        }
    }
}

void _rf_draw_begin(_rf_draw_canvas *cv, FILE *out, rf_draw_fmt_t fmt,
                    slong npanels, const char *comment)
{
    memset(cv, 0, sizeof(*cv));
    cv->out = out;
    cv->picture_only = fmt == RF_DRAW_FMT_TIKZPICTURE;
    if (cv->picture_only)
        fmt = RF_DRAW_FMT_TIKZ;
    cv->fmt = fmt;
    cv->side = PANEL_CM;
    cv->width = npanels * PANEL_CM + (npanels - 1) * GAP_CM + 8.0;   /* captions */
    cv->height = PANEL_CM + 4.5;
    if (fmt == RF_DRAW_FMT_TIKZ) {
        fprintf(out, "%% relufiber draw: %s\n", comment);
        fprintf(out, "%% Geometry is exact; coordinates are printed rounded to %d decimals.\n",
                RF_DRAW_DIGITS);
        /* article class, the page cropped to the picture (pdfTeX's page
           size registers; no standalone class needed): the picture is set
           in a box, and the page is its size plus 6pt margins */
        if (cv->picture_only) {
            fprintf(out, "%% \\input into a LaTeX document that loads tikz\n"
                         "\\begin{tikzpicture}[x=1cm,y=1cm,font=\\small]\n");
            return;
        }
        fprintf(out, "\\documentclass{article}\n"
                     "\\usepackage{tikz}\n\\pagestyle{empty}\n"
                     "\\setlength{\\parindent}{0pt}\\setlength{\\hoffset}{-1in}"
                     "\\setlength{\\voffset}{-1in}\n"
                     "\\setlength{\\oddsidemargin}{6pt}\\setlength{\\evensidemargin}{6pt}"
                     "\\setlength{\\topmargin}{6pt}\n"
                     "\\setlength{\\headheight}{0pt}\\setlength{\\headsep}{0pt}"
                     "\\setlength{\\textwidth}{200cm}\\setlength{\\textheight}{200cm}\n"
                     "\\newsavebox{\\rfpicture}\n\\begin{document}\n"
                     "\\begin{lrbox}{\\rfpicture}%%\n"
                     "\\begin{tikzpicture}[x=1cm,y=1cm,font=\\small]\n");
    } else {
        fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        fprintf(out, "<!-- relufiber draw. Geometry is exact; coordinates are printed rounded "
                     "to %d decimals. -->\n", RF_DRAW_DIGITS);
        fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                     "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n",
                cv->width * PX_PER_CM, cv->height * PX_PER_CM,
                cv->width * PX_PER_CM, cv->height * PX_PER_CM);
        fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n",
                cv->width * PX_PER_CM, cv->height * PX_PER_CM);
        fprintf(out, "<title>relufiber draw: ");
        escaped(out, fmt, comment);
        fprintf(out, "</title>\n");
    }
}

void _rf_draw_panel(_rf_draw_canvas *cv, slong k, const fmpq *lo, const fmpq *hi)
{
    slong j;
    cv->ox = k * (PANEL_CM + GAP_CM);
    for (j = 0; j < 2; j++) {
        cv->wlo[j] = rf_q_get_d(lo + j);
        cv->whi[j] = rf_q_get_d(hi + j);
        if (!(cv->whi[j] > cv->wlo[j]))   /* rounding collapsed a tiny box */
            cv->whi[j] = cv->wlo[j] + 1.0;
    }
}

static void rgb_spec(FILE *out, rf_draw_fmt_t fmt, const int *rgb)
{
    if (fmt == RF_DRAW_FMT_TIKZ)
        fprintf(out, "{rgb,255:red,%d;green,%d;blue,%d}", rgb[0], rgb[1], rgb[2]);
    else
        fprintf(out, "rgb(%d,%d,%d)", rgb[0], rgb[1], rgb[2]);
}

static void points(_rf_draw_canvas *cv, const double *p, slong n, int closed)
{
    slong k;
    double cx, cy;
    for (k = 0; k < n; k++) {
        map(cv, p[2 * k], p[2 * k + 1], &cx, &cy);
        if (cv->fmt == RF_DRAW_FMT_TIKZ) {
            fprintf(cv->out, "%s(", k ? " -- " : "");
            num(cv->out, cx);
            fputc(',', cv->out);
            num(cv->out, cy);
            fputc(')', cv->out);
        } else {
            if (k)
                fputc(' ', cv->out);
            num(cv->out, svx(cx));
            fputc(',', cv->out);
            num(cv->out, svy(cy));
        }
    }
    if (closed && cv->fmt == RF_DRAW_FMT_TIKZ)
        fprintf(cv->out, " -- cycle");
}

void _rf_draw_fill(_rf_draw_canvas *cv, const double *p, slong n,
                   const int *rgb, double opacity, const char *tag)
{
    if (cv->fmt == RF_DRAW_FMT_TIKZ) {
        fprintf(cv->out, "\\fill[fill=");
        rgb_spec(cv->out, cv->fmt, rgb);
        fprintf(cv->out, ",fill opacity=%.2f] ", opacity);
        points(cv, p, n, 1);
        fprintf(cv->out, ";%s%s\n", tag ? " % " : "", tag ? tag : "");
    } else {
        fprintf(cv->out, "<polygon points=\"");
        points(cv, p, n, 1);
        fprintf(cv->out, "\" fill=\"");
        rgb_spec(cv->out, cv->fmt, rgb);
        fprintf(cv->out, "\" fill-opacity=\"%.2f\" stroke=\"none\"", opacity);
        if (tag)
            fprintf(cv->out, " class=\"%s\"", tag);
        fprintf(cv->out, "/>\n");
    }
}

void _rf_draw_line(_rf_draw_canvas *cv, const double *p, slong n, int closed,
                   const int *rgb, double width)
{
    if (cv->fmt == RF_DRAW_FMT_TIKZ) {
        fprintf(cv->out, "\\draw[draw=");
        rgb_spec(cv->out, cv->fmt, rgb);
        fprintf(cv->out, ",line width=%.2fpt,line join=round] ", width);
        points(cv, p, n, closed);
        fprintf(cv->out, ";\n");
    } else {
        fprintf(cv->out, "<%s points=\"", closed ? "polygon" : "polyline");
        points(cv, p, n, closed);
        fprintf(cv->out, "\" fill=\"none\" stroke=\"");
        rgb_spec(cv->out, cv->fmt, rgb);
        fprintf(cv->out, "\" stroke-width=\"%.2f\" stroke-linejoin=\"round\"%s/>\n",
                width * PX_PER_CM / 28.45, closed ? " class=\"outline\"" : "");
    }
}

void _rf_draw_dot(_rf_draw_canvas *cv, double x, double y, const int *rgb,
                  double radius_pt)
{
    double cx, cy;
    map(cv, x, y, &cx, &cy);
    if (cv->fmt == RF_DRAW_FMT_TIKZ) {
        fprintf(cv->out, "\\fill[fill=");
        rgb_spec(cv->out, cv->fmt, rgb);
        fprintf(cv->out, "] (");
        num(cv->out, cx);
        fputc(',', cv->out);
        num(cv->out, cy);
        fprintf(cv->out, ") circle[radius=%.2fpt];\n", radius_pt);
    } else {
        fprintf(cv->out, "<circle cx=\"");
        num(cv->out, svx(cx));
        fprintf(cv->out, "\" cy=\"");
        num(cv->out, svy(cy));
        fprintf(cv->out, "\" r=\"%.2f\" fill=\"", radius_pt * PX_PER_CM / 28.45);
        rgb_spec(cv->out, cv->fmt, rgb);
        fprintf(cv->out, "\"/>\n");
    }
}

static void text_at(_rf_draw_canvas *cv, double cx, double cy, char anchor,
                    const char *s)
{
    if (cv->fmt == RF_DRAW_FMT_TIKZ) {
        fprintf(cv->out, "\\node[%s,inner sep=1pt] at (",
                anchor == 'l' ? "anchor=west" : anchor == 'r' ? "anchor=east" : "anchor=center");
        num(cv->out, cx);
        fputc(',', cv->out);
        num(cv->out, cy);
        fprintf(cv->out, ") {");
        escaped(cv->out, cv->fmt, s);
        fprintf(cv->out, "};\n");
    } else {
        fprintf(cv->out, "<text x=\"");
        num(cv->out, svx(cx));
        fprintf(cv->out, "\" y=\"");
        num(cv->out, svy(cy) + 4.0);
        fprintf(cv->out, "\" text-anchor=\"%s\">",
                anchor == 'l' ? "start" : anchor == 'r' ? "end" : "middle");
        escaped(cv->out, cv->fmt, s);
        fprintf(cv->out, "</text>\n");
    }
}

void _rf_draw_text(_rf_draw_canvas *cv, double x, double y, double dx,
                   double dy, char anchor, const char *s)
{
    double cx, cy;
    map(cv, x, y, &cx, &cy);
    text_at(cv, cx + dx, cy + dy, anchor, s);
}

void _rf_draw_caption(_rf_draw_canvas *cv, slong line, const char *s)
{
    text_at(cv, cv->ox, -1.1 - 0.5 * line, 'l', s);
}

void _rf_draw_frame(_rf_draw_canvas *cv, const char *xname, const char *yname)
{
    static const int black[3] = {0, 0, 0};
    double p[8];
    char buf[64];
    p[0] = cv->wlo[0]; p[1] = cv->wlo[1];
    p[2] = cv->whi[0]; p[3] = cv->wlo[1];
    p[4] = cv->whi[0]; p[5] = cv->whi[1];
    p[6] = cv->wlo[0]; p[7] = cv->whi[1];
    _rf_draw_line(cv, p, 4, 1, black, 0.6);
    snprintf(buf, sizeof(buf), "%g", cv->wlo[0]);
    text_at(cv, cv->ox, -0.3, 'c', buf);
    snprintf(buf, sizeof(buf), "%g", cv->whi[0]);
    text_at(cv, cv->ox + PANEL_CM, -0.3, 'c', buf);
    snprintf(buf, sizeof(buf), "%g", cv->wlo[1]);
    text_at(cv, cv->ox - 0.15, 0.0, 'r', buf);
    snprintf(buf, sizeof(buf), "%g", cv->whi[1]);
    text_at(cv, cv->ox - 0.15, PANEL_CM, 'r', buf);
    if (xname)
        text_at(cv, cv->ox + 0.5 * PANEL_CM, -0.55, 'c', xname);
    if (yname)
        text_at(cv, cv->ox - 0.15, 0.5 * PANEL_CM, 'r', yname);
}

int _rf_draw_end(_rf_draw_canvas *cv, rf_err_t err)
{
    if (cv->fmt == RF_DRAW_FMT_TIKZ && cv->picture_only)
        fprintf(cv->out, "\\end{tikzpicture}\n");
    else if (cv->fmt == RF_DRAW_FMT_TIKZ)
        fprintf(cv->out, "\\end{tikzpicture}%%\n\\end{lrbox}%%\n"
                "\\pdfpagewidth=\\dimexpr\\wd\\rfpicture+12pt\\relax\n"
                "\\pdfpageheight=\\dimexpr\\ht\\rfpicture+\\dp\\rfpicture+12pt\\relax\n"
                "\\usebox{\\rfpicture}\n\\end{document}\n");
    else
        fprintf(cv->out, "</svg>\n");
    if (ferror(cv->out))
        return rf_err_set(err, RF_ERR_IO, "", 0, "write error while drawing");
    return RF_OK;
}

void _rf_draw_pattern_rgb(int *rgb, const int *pat, slong npat)
{
    /* hash the pattern, then a pastel colour from the hash */
    ulong h = 1469598103934665603UL;
    slong k;
    double hue, r, g, b, f;
    int i;
    for (k = 0; k < npat; k++) {
        h ^= (ulong) (pat[k] + 2);
        h *= 1099511628211UL;
    }
    h ^= h >> 29;
    hue = (double) (h % 3600) / 600.0;   /* 0..6 */
    i = (int) hue;
    f = hue - i;
    switch (i) {
    case 0: r = 1; g = f; b = 0; break;
    case 1: r = 1 - f; g = 1; b = 0; break;
    case 2: r = 0; g = 1; b = f; break;
    case 3: r = 0; g = 1 - f; b = 1; break;
    case 4: r = f; g = 0; b = 1; break;
    default: r = 1; g = 0; b = 1 - f; break;
    }
    f = 0.45 + 0.2 * (double) ((h >> 20) % 100) / 100.0;   /* pastel mix */
    rgb[0] = (int) (255 * (f + (1 - f) * r));
    rgb[1] = (int) (255 * (f + (1 - f) * g));
    rgb[2] = (int) (255 * (f + (1 - f) * b));
}

void _rf_draw_layer_rgb(int *rgb, slong t)
{
    static const int pal[5][3] = {
        {0, 0, 0}, {200, 0, 0}, {0, 60, 200}, {0, 140, 0}, {140, 0, 160}};
    slong k = t % 5;
    rgb[0] = pal[k][0];
    rgb[1] = pal[k][1];
    rgb[2] = pal[k][2];
}
