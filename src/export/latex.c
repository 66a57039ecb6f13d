/* LaTeX exporter: an align* block ready for a paper (W1_2_3 typeset as
 * W^{(1)}_{23}), optionally wrapped in a standalone document that
 * pdflatex compiles. Auxiliary variables appear as "for some t_{1}, ...". */
#include <string.h>
#include <ctype.h>
#include "internal.h"

static const char *const greek[] = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
    "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau",
    "upsilon", "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta",
    "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega", NULL};

static int is_greek(const char *s)
{
    const char *const *g;
    for (g = greek; *g; g++)
        if (strcmp(*g, s) == 0)
            return 1;
    return 0;
}

/* Append to buf at *pos (bounded). */
static void put(char *buf, size_t n, size_t *pos, const char *s, size_t len)
{
    while (len-- > 0 && *s) {
        if (*pos + 1 < n)
            buf[(*pos)++] = *s;
        s++;
    }
    if (*pos < n)
        buf[*pos] = '\0';
}

static void put_str(char *buf, size_t n, size_t *pos, const char *s)
{
    put(buf, n, pos, s, strlen(s));
}

/* Base of a name: one letter as is, a Greek name as a macro, else roman. */
static void put_base(char *buf, size_t n, size_t *pos, const char *base)
{
    if (strlen(base) == 1) {
        put_str(buf, n, pos, base);
    } else if (is_greek(base)) {
        put_str(buf, n, pos, "\\");
        put_str(buf, n, pos, base);
    } else {
        put_str(buf, n, pos, "\\mathrm{");
        put_str(buf, n, pos, base);
        put_str(buf, n, pos, "}");
    }
}

void rf_export_latex_name(char *buf, size_t n, const char *name)
{
    char base[256];
    const char *idx[32];
    size_t len[32], pos = 0;
    int m, k, commas = 0;
    if (n == 0)
        return;
    buf[0] = '\0';
    m = _rf_export_split_indexed(base, sizeof base, idx, len, 32, name);
    if (m > 0) {
        put_base(buf, n, &pos, base);
        if (m == 1) {
            put_str(buf, n, &pos, "_{");
            put(buf, n, &pos, idx[0], len[0]);
            put_str(buf, n, &pos, "}");
            return;
        }
        for (k = 1; k < m; k++)
            commas |= len[k] > 1;
        put_str(buf, n, &pos, "^{(");
        put(buf, n, &pos, idx[0], len[0]);
        put_str(buf, n, &pos, ")}_{");
        for (k = 1; k < m; k++) {
            if (k > 1 && commas)
                put_str(buf, n, &pos, ",");
            put(buf, n, &pos, idx[k], len[k]);
        }
        put_str(buf, n, &pos, "}");
        return;
    }
    {
        const char *s;
        int plain = isalpha((unsigned char) name[0]) != 0;
        for (s = name; *s; s++)
            plain &= isalpha((unsigned char) *s) != 0;
        if (plain) {
            put_base(buf, n, &pos, name);
            return;
        }
    }
    put_str(buf, n, &pos, "\\mathit{");
    for (; *name; name++) {
        if (isalnum((unsigned char) *name))
            put(buf, n, &pos, name, 1);
        else if (*name == '_')
            put_str(buf, n, &pos, "\\_");
        else
            put_str(buf, n, &pos, "?");
    }
    put_str(buf, n, &pos, "}");
}

/* Text mode escapes for titles, names, descriptions. */
static void tex_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '\\': fputs("\\textbackslash{}", out); break;
        case '{': case '}': case '_': case '%': case '&': case '#': case '$':
            fprintf(out, "\\%c", *s);
            break;
        case '~': fputs("\\textasciitilde{}", out); break;
        case '^': fputs("\\textasciicircum{}", out); break;
        case '<': fputs("\\textless{}", out); break;
        case '>': fputs("\\textgreater{}", out); break;
        case '\n': case '\r': fputc(' ', out); break;
        default: fputc(*s, out);
        }
    }
}

/* Plain-text notation of the notes and descriptions that reads better
 * typeset: ASCII token -> math. Longest tokens first. */
static const char *const tex_math_tokens[][2] = {
    {"S_n1 x S_n2", "$S_{n_1} \\times S_{n_2}$"},
    {"theta'", "$\\theta'$"},
    {"theta", "$\\theta$"},
    {"lambda_j", "$\\lambda_j$"},
    {"mu_j", "$\\mu_j$"},
    {"d_i", "$d_i$"},
    {"H_n", "$H_n$"},
    {"M_F", "$M_F$"},
    {"<=", "$\\leq$"},
    {">=", "$\\geq$"},
    {"!=", "$\\neq$"},
    {NULL, NULL}};

/* tex_text, with the tokens above typeset as math when they stand alone
 * (not inside a longer identifier) */
static void tex_text_math(FILE *out, const char *s)
{
    char one[2] = {0, 0};
    while (s && *s) {
        int k, hit = 0;
        for (k = 0; tex_math_tokens[k][0]; k++) {
            size_t n = strlen(tex_math_tokens[k][0]);
            if (strncmp(s, tex_math_tokens[k][0], n) == 0
                && (!isalnum((unsigned char) tex_math_tokens[k][0][n - 1])
                    || (!isalnum((unsigned char) s[n]) && s[n] != '_'))) {
                fputs(tex_math_tokens[k][1], out);
                s += n;
                hit = 1;
                break;
            }
        }
        if (hit)
            continue;
        /* copy one identifier or one character */
        if (isalnum((unsigned char) *s) || *s == '_') {
            while (isalnum((unsigned char) *s) || *s == '_') {
                one[0] = *s++;
                tex_text(out, one);
            }
        } else {
            one[0] = *s++;
            tex_text(out, one);
        }
    }
}

static const char *tex_rel(rf_sys_rel_t r)
{
    switch (r) {
    case RF_SYS_REL_EQ: return "=";
    case RF_SYS_REL_GT: return ">";
    case RF_SYS_REL_GE: return "\\geq";
    default: return "\\neq";
    }
}

/* the relation of -p against 0 */
static const char *tex_rel_flipped(rf_sys_rel_t r)
{
    switch (r) {
    case RF_SYS_REL_EQ: return "=";
    case RF_SYS_REL_GT: return "<";
    case RF_SYS_REL_GE: return "\\leq";
    default: return "\\neq";
    }
}

static char **latex_names(const rf_sys_t sys, const rf_export_latex_map_t *map)
{
    slong k, n = sys->nvars > 0 ? sys->nvars : 1;
    char **names = flint_malloc(n * sizeof(char *));
    for (k = 0; k < n; k++) {
        names[k] = flint_malloc(1024);
        rf_export_latex_map_name(names[k], 1024, map, k < sys->nvars ? sys->vars[k] : "unused");
    }
    return names;
}

/* ------------------------------------------------------------ legend */

/* Legend entries: shown when `key` occurs in a component name (on = 0) or
 * in a constraint label (on = 1). term and text are LaTeX (text mode). */
typedef struct {
    int on;
    const char *key, *term, *text;
} legend_t;

static const legend_t legend[] = {
    {0, "kinks[", "kinks[$a$+$b$- \\dots]",
     "one entry per kink (breakpoint hyperplane) of the function, in canonical order: "
     "$a$ neurons of orientation $+$ and $b$ of orientation $-$ lie on it"},
    {0, "phantoms[", "phantoms[$n$:$q$ \\dots]",
     "cancelling groups: $n$ neurons on a common hyperplane that is not a kink, $q$ of them "
     "oriented opposite to the group's reference neuron; their jumps cancel"},
    {0, "dead+", "dead$+k$", "$k$ dead neurons (zero input weights) with bias $\\geq 0$: "
     "a constant output"},
    {0, "dead-", "dead$-k$", "$k$ dead neurons (zero input weights) with bias $\\leq 0$: "
     "output $0$"},
    {0, " zero", "zero$k$", "$k$ neurons with zero outgoing weights (input weights and "
     "bias free)"},
    {0, "permutation", "permutation", "the hidden neurons may be permuted: each component "
     "is read up to the permutations of the hidden neurons"},
    {0, "positive-scaling", "positive-scaling", "a neuron's input weights and bias scaled by a "
     "factor $> 0$ ($d_i$, $\\lambda_j$), its outgoing weights divided by it"},
    {0, "always-active-mixing", "always-active-mixing", "the second-layer neurons that are "
     "active on the whole relevant region act linearly there: only the linear map of their "
     "block is fixed (E4)"},
    {0, "bias-transfer", "bias-transfer", "biases of always-active neurons move into the "
     "output bias (E5)"},
    {0, "dead-neuron-freedom", "dead-neuron-freedom", "dead second-layer neurons: sign "
     "conditions only, outgoing weights free"},
    {0, "active/dead-switch", "active/dead-switch", "the always-active pool $A'$ and the dead "
     "pool $Z'$ of $\\theta'$ may differ from those of $\\theta$"},
    {0, "flip-absorbed-by-always-active", "flip-absorbed-by-always-active", "a crossing neuron "
     "flipped ($\\mathrm{relu}(z) = \\mathrm{relu}(-z) + z$), its linear term absorbed by the "
     "always-active block"},
    {0, "hidden-hyperplane-shift", "hidden-hyperplane-shift", "a first-layer bias shifted "
     "by $s \\leq s_{\\max}$ across a hidden hyperplane"},
    {0, "swap(", "swap", "the swap component of Proposition 5.6, 5.6' or 5.9 of "
     "docs/three\\_layer.md (a preserving first-layer neuron made hiding)"},
    {0, "reflection", "reflection", "the reflection component of Proposition 5.7 of "
     "docs/three\\_layer.md ($n_1 = 1$)"},
    {1, "E1 ", "E1", "first layer: $W_1' = D W_1$, $b_1' = D b_1^s$, $D = \\mathrm{diag}(d_i)$, "
     "$d_i > 0$"},
    {1, "E2 ", "E2", "crossing second-layer neurons: $\\varepsilon\\lambda$-multiples of those "
     "of $\\theta^s$, their outgoing weights divided by $\\lambda$"},
    {1, "E3 ", "E3", "sign conditions of the always-active pool $A'$ and the dead pool $Z'$"},
    {1, "E4 ", "E4", "the always-active block realizes the linear map: "
     "$\\sum_{A'} W_3' D W_2' = M_F$"},
    {1, "E5 ", "E5", "output bias: $b_3' + \\sum_{A'} W_3' b_2' = c_F$"},
    {1, "on kink", "on kink $k$", "the neuron's hyperplane is the kink's: input weights and "
     "bias proportional to the kink's normal"},
    {1, "orientation", "orientation $\\pm$", "the sign of the neuron's normal relative to the "
     "kink's normal"},
    {1, "jump of kink", "jump of kink $k$", "the neurons on the kink, output weight times "
     "input weight, sum to the function's jump across the kink"},
    {1, "jumps of group", "jumps of group", "the jumps of a cancelling group sum to $0$"},
    {1, "constant part", "constant part", "the output bias (with the constants of dead "
     "neurons) equals the function's constant part"},
    {1, "linear part", "linear part", "the affine terms (flipped kinks, always-active "
     "neurons) sum to the function's linear part"},
    {1, "zero outgoing", "zero outgoing weights", "the neuron contributes nothing; its input "
     "weights and bias are free"},
    {1, "positive scaling", "positive scaling", "an auxiliary scaling factor, $> 0$"},
};

#define NLEGEND ((slong) (sizeof(legend) / sizeof(legend[0])))

static int legend_used(const rf_sys_t sys, const legend_t *e)
{
    slong i, k;
    for (i = 0; i < sys->ncomp; i++) {
        const rf_sys_comp_struct *c = sys->comps + i;
        if (e->on == 0 && c->name && strstr(c->name, e->key))
            return 1;
        for (k = 0; e->on == 1 && k < c->len; k++) {
            const char *l = c->cons[k].label;
            if (l && (strstr(l, e->key) == l
                      || (e->key[0] != 'E' && strstr(l, e->key))))
                return 1;
        }
    }
    return 0;
}

/* A description list of the labels used (nothing if none is known). */
static void legend_block(FILE *out, const rf_sys_t sys)
{
    slong k;
    int any = 0;
    for (k = 0; k < NLEGEND; k++) {
        if (!legend_used(sys, legend + k))
            continue;
        if (!any)
            fputs("\\par\\medskip\\noindent\\textbf{Legend} of the component names and "
                  "constraint labels.\n{\\sloppy\n\\begin{description}\n", out);
        any = 1;
        fprintf(out, "\\item[{%s}] %s.\n", legend[k].term, legend[k].text);
    }
    if (any)
        fputs("\\end{description}\\par}\n", out);
}

#define PARBOX "\\parbox[t]{0.6\\linewidth}{\\raggedright "

static void align_block(FILE *out, const rf_sys_t sys, char **names)
{
    slong i, k, v;
    /* one align* per component, each in a group that allows page breaks
     * inside it (also when \\input into a paper) */
    if (sys->ncomp == 0)
        fputs("\\begin{align*}\n  &\\text{(empty set: no component)}\n\\end{align*}\n", out);
    for (i = 0; i < sys->ncomp; i++) {
        const rf_sys_comp_struct *c = sys->comps + i;
        int first = 1;
        if (i > 0)
            fputs("\\noindent or\n", out);
        fputs("{\\allowdisplaybreaks\n\\begin{align*}\n", out);
        /* text lines in a \parbox so that long names and descriptions wrap
         * instead of widening the alignment column */
        fprintf(out, "  &\\text{" PARBOX "Component %ld: \\textit{", (long) (i + 1));
        tex_text(out, c->name);
        fputs("}", out);
        if (c->dim >= 0)
            fprintf(out, ", dimension %ld", (long) c->dim);
        fputs(".}}", out);
        if (c->description) {
            fputs("\\\\\n  &\\text{" PARBOX, out);
            tex_text_math(out, c->description);
            fputs("}}", out);
        }
        for (v = 0; v < sys->nvars; v++)
            if (sys->kinds[v] == RF_SYS_VAR_AUX && _rf_export_comp_uses_var(sys, i, v)) {
                fprintf(out, "%s%s", first ? "\\\\\n  &\\text{for some } " : ", ", names[v]);
                first = 0;
            }
        if (!first)
            fputs(" \\text{ with}", out);
        if (c->len == 0)
            fputs("\\\\\n  &\\quad \\text{(no constraint)}", out);
        for (k = 0; k < c->len; k++) {
            /* natural orientation: -W >= 0 is written W <= 0 */
            const fmpq_mpoly_struct *p = &c->cons[k].poly;
            fmpq_mpoly_t q;
            fmpq_t lc;
            int flip;
            fmpq_mpoly_init(q, sys->ctx);
            fmpq_init(lc);
            if (!fmpq_mpoly_is_zero(p, sys->ctx))
                fmpq_mpoly_get_term_coeff_fmpq(lc, p, 0, sys->ctx);
            flip = fmpq_sgn(lc) < 0;
            fmpq_mpoly_neg(q, p, sys->ctx);
            fputs("\\\\\n  &\\quad ", out);
            _rf_export_poly_latex(out, flip ? q : p, sys, names, 6);
            fprintf(out, " %s 0%s", flip ? tex_rel_flipped(c->cons[k].rel) : tex_rel(c->cons[k].rel),
                    k + 1 < c->len ? "," : ".");
            fmpq_mpoly_clear(q, sys->ctx);
            fmpq_clear(lc);
            if (c->cons[k].label) {
                /* a label column of bounded width: no overfull lines */
                fputs(" &&\\parbox[t]{0.28\\linewidth}{\\raggedright\\small (", out);
                tex_text(out, c->cons[k].label);
                fputs(")}", out);
            }
        }
        fputs("\n\\end{align*}}\n", out);
    }
}

void _rf_export_latex(FILE *out, const rf_sys_t sys, int standalone,
                      const rf_export_latex_map_t *map)
{
    char **names = latex_names(sys, map);
    slong i, k;
    int first;
    if (standalone) {
        fputs("\\documentclass[11pt]{article}\n"
              "\\usepackage{amsmath,amssymb}\n"
              "\\usepackage[margin=2cm]{geometry}\n"
              "\\allowdisplaybreaks\n"
              "\\begin{document}\n"
              "\\sloppy\n", out);
        fputs("\\section*{", out);
        tex_text(out, sys->title ? sys->title : "Constraint system");
        fputs("}\n", out);
        fprintf(out, "Exported by relufiber. %ld variable(s), %ld component(s).\n\n",
                (long) sys->nvars, (long) sys->ncomp);
        for (int kind = 0; kind < 2; kind++) {
            first = 1;
            for (k = 0; k < sys->nvars; k++)
                if ((int) sys->kinds[k] == kind) {
                    /* one formula per name, so that the list breaks between names */
                    fprintf(out, "%s%s", first ? (kind ? "\\noindent Auxiliary variables "
                                                   "(existentially quantified): $"
                                                   : "\\noindent Parameters: $")
                                               : "$, $", names[k]);
                    first = 0;
                }
            if (!first)
                fputs("$.\n\n", out);
        }
        if (sys->nnotes > 0) {
            fputs("\\begin{itemize}\n", out);
            for (i = 0; i < sys->nnotes; i++) {
                fputs("\\item ", out);
                tex_text_math(out, sys->notes[i]);
                fputc('\n', out);
            }
            fputs("\\end{itemize}\n", out);
        }
        fputs("The set is the union of the following components.\n", out);
    } else {
        fputs("% relufiber export (LaTeX; needs amsmath)\n", out);
        if (sys->title)
            _rf_export_comment(out, "% ", sys->title, "");
        for (i = 0; i < sys->nnotes; i++)
            _rf_export_comment(out, "% note: ", sys->notes[i], "");
    }
    align_block(out, sys, names);
    legend_block(out, sys);
    if (standalone)
        fputs("\\end{document}\n", out);
    for (k = 0; k < (sys->nvars > 0 ? sys->nvars : 1); k++)
        flint_free(names[k]);
    flint_free(names);
}
