/* relufiber identifiable: is a shallow network's parameter in the generic set
 * where H_n acts freely and transitively on its fiber? Every polynomial
 * condition is printed with its exact value; optionally the conditions for
 * identifiability from a box of inputs. With --format, the generic set is
 * written as a constraint system (rf_sys_t) in any export format. */
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "cli.h"
#include "relufiber/shallow.h"
#include "relufiber/export.h"

static const char help[] =
    "usage: relufiber identifiable [OPTIONS] NET\n"
    "For a shallow network NET (one hidden layer), test the polynomial\n"
    "conditions defining the generic set on which permutations and positive\n"
    "scalings (H_n) act freely and transitively on the fiber (docs/shallow.md,\n"
    "Theorem 4), each printed with its exact value at NET.\n"
    "Options:\n"
    "  --box SPEC         also test identifiability from the open input box:\n"
    "                     SPEC = lo:hi (every coordinate) or lo1:hi1,lo2:hi2,...\n"
    "                     (one per input); or repeat --box lo,hi per coordinate\n"
    "  --verbose          list every condition (default: all for small networks,\n"
    "                     only the failing ones for large)\n"
    "  --format F         text (default: the report above); or write the generic\n"
    "                     set (with --box: the set identifiable from the box) as\n"
    "                     a constraint system, one component of polynomial\n"
    "                     conditions p != 0 (and, for the box, a point t<i>_<j>\n"
    "                     of each hyperplane inside it), each labelled with its\n"
    "                     exact value at NET: json, m2, singular, maple,\n"
    "                     mathematica, sympy, sage, smt2, latex, ...\n"
    "                     (see 'relufiber export --help'). The flip-set\n"
    "                     conditions are listed up to 10 neurons, the pair\n"
    "                     conditions up to 60; beyond, a note says the set\n"
    "                     written is a superset of the generic set\n"
    "  -o FILE            write the output to FILE instead of standard output\n";

static const char help_exit[] =
    "Exit status: 0 generic-identifiable (and identifiable from the box, if\n"
    "given), 1 not in the generic set U (or not identifiable from the box):\n"
    "this does not mean the fiber is larger than the H_n orbit (|x| is\n"
    "identifiable and exits 1), 2 usage or input error, NET not shallow, or undecided\n"
    "(more than 20 neurons and no sign certificate). With --format the exit\n"
    "status is the same: the verdict is still decided.\n";

/* Parse "lo:hi" into a, b; a bad number sets *why. */
static int parse_interval(fmpq_t a, fmpq_t b, const char *s, size_t len, const char **why)
{
    const char *colon = memchr(s, ':', len), *w;
    if (colon == NULL)
        return 1;
    if (rf_q_parse(a, s, (size_t) (colon - s), &w) ||
        rf_q_parse(b, colon + 1, len - (size_t) (colon - s) - 1, &w)) {
        *why = w;
        return 1;
    }
    return 0;
}

/* Fill lo, hi (m entries) from the --box arguments; a bad number sets *why
 * (else it stays NULL: the shape of the arguments is wrong). */
static int parse_box(fmpq *lo, fmpq *hi, slong m, char **specs, int nspecs, const char **why)
{
    slong j;
    *why = NULL;
    if (nspecs == 1 && strchr(specs[0], ':')) {
        const char *s = specs[0];
        if (strchr(s, ',') == NULL) {
            if (parse_interval(lo, hi, s, strlen(s), why))
                return 1;
            for (j = 1; j < m; j++) {
                fmpq_set(lo + j, lo);
                fmpq_set(hi + j, hi);
            }
            return 0;
        }
        for (j = 0; j < m; j++) {
            const char *e = strchr(s, ',');
            size_t len = e ? (size_t) (e - s) : strlen(s);
            if (parse_interval(lo + j, hi + j, s, len, why))
                return 1;
            if ((e == NULL) != (j == m - 1))
                return 1;
            s = e ? e + 1 : s;
        }
        return 0;
    }
    if (nspecs != m)
        return 1;
    for (j = 0; j < m; j++) {
        const char *s = specs[j], *e = strchr(s, ','), *w;
        if (e == NULL || strchr(e + 1, ',') != NULL)
            return 1;
        if (rf_q_parse(lo + j, s, (size_t) (e - s), &w) || rf_q_parse(hi + j, e + 1, strlen(e + 1), &w)) {
            *why = w;
            return 1;
        }
    }
    return 0;
}

/* ---- the generic set as a constraint system (--format) ---------------- */

/* Conditions listed up to these widths (the flip-set conditions are 2^n - 1
 * polynomials, the pair conditions n (n - 1) / 2). */
#define IDENT_SYS_SUBSET_MAX 10
#define IDENT_SYS_PAIRS_MAX RF_SHALLOW_PAIRS_MAX

typedef struct {
    rf_sys_struct *sys; /* the system being built (owned by the caller) */
    slong comp;
    fmpq *pt;           /* NET's parameters, then 0 for the auxiliaries */
    fmpq **ptr;         /* pointers to the entries of pt (for FLINT) */
    int all_hold;       /* every evaluated condition holds at NET */
} gsys_t;

static slong gvar(const gsys_t *G, const char *fmt, long a, long b)
{
    char name[64];
    snprintf(name, sizeof(name), fmt, a, b);
    return rf_sys_var_index(G->sys, name);
}

/* p != 0, labelled with its exact value at NET. */
static void add_ne(gsys_t *G, const fmpq_mpoly_t p, const char *what)
{
    fmpq_t v;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    int ok;
    fmpq_init(v);
    fmpq_mpoly_evaluate_all_fmpq(v, p, G->ptr, G->sys->ctx);
    ok = !fmpq_is_zero(v);
    G->all_hold &= ok;
    f = open_memstream(&buf, &len);
    fprintf(f, "%s; value at NET: ", what);
    fmpq_fprint(f, v);
    fprintf(f, " (%s)", ok ? "holds" : "FAILS");
    fclose(f);
    rf_sys_add_constraint(G->sys, G->comp, p, RF_SYS_REL_NE, buf);
    free(buf);
    fmpq_clear(v);
}

/* acc += (sum of the products in terms)^2, helpers on variable indices. */
static void add_sq(fmpq_mpoly_t acc, const fmpq_mpoly_t q, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_t t;
    fmpq_mpoly_init(t, ctx);
    fmpq_mpoly_mul(t, q, q, ctx);
    fmpq_mpoly_add(acc, acc, t, ctx);
    fmpq_mpoly_clear(t, ctx);
}

static void mul_vars(fmpq_mpoly_t r, slong a, slong b, const fmpq_mpoly_ctx_t ctx)
{
    fmpq_mpoly_t g;
    fmpq_mpoly_init(g, ctx);
    fmpq_mpoly_gen(r, a, ctx);
    fmpq_mpoly_gen(g, b, ctx);
    fmpq_mpoly_mul(r, r, g, ctx);
    fmpq_mpoly_clear(g, ctx);
}

/* Index of entry a of (w_i, b_i) (a == m: the bias). */
static slong evar(const gsys_t *G, slong m, slong i, slong a)
{
    return a < m ? gvar(G, "W1_%ld_%ld", (long) (i + 1), (long) (a + 1))
                 : gvar(G, "b1_%ld", (long) (i + 1), 0);
}

/* (C1)-(C4) of docs/shallow.md, Theorem 4, as polynomials. Returns 1 if
 * every condition was listed. */
static int generic_conditions(gsys_t *G, slong m, slong n, slong k)
{
    const fmpq_mpoly_ctx_struct *ctx = G->sys->ctx;
    fmpq_mpoly_t acc, q, t;
    char what[200];
    slong i, j, a, b, o;
    int complete = 1;
    fmpq_mpoly_init(acc, ctx);
    fmpq_mpoly_init(q, ctx);
    fmpq_mpoly_init(t, ctx);
    for (i = 0; i < n; i++) {
        fmpq_mpoly_zero(acc, ctx);
        for (a = 0; a < m; a++) {
            fmpq_mpoly_gen(q, evar(G, m, i, a), ctx);
            add_sq(acc, q, ctx);
        }
        snprintf(what, sizeof(what), "(C1) w_%ld != 0: neuron %ld is not dead", (long) (i + 1), (long) (i + 1));
        add_ne(G, acc, what);
        fmpq_mpoly_zero(acc, ctx);
        for (o = 0; o < k; o++) {
            fmpq_mpoly_gen(q, gvar(G, "W2_%ld_%ld", (long) (o + 1), (long) (i + 1)), ctx);
            add_sq(acc, q, ctx);
        }
        snprintf(what, sizeof(what), "(C2) v_%ld != 0: outgoing column of neuron %ld", (long) (i + 1),
                 (long) (i + 1));
        add_ne(G, acc, what);
    }
    if (n <= IDENT_SYS_PAIRS_MAX) {
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++) {
                fmpq_mpoly_zero(acc, ctx);
                for (a = 0; a <= m; a++)
                    for (b = a + 1; b <= m; b++) {
                        mul_vars(q, evar(G, m, i, a), evar(G, m, j, b), ctx);
                        mul_vars(t, evar(G, m, i, b), evar(G, m, j, a), ctx);
                        fmpq_mpoly_sub(q, q, t, ctx);
                        add_sq(acc, q, ctx);
                    }
                snprintf(what, sizeof(what), "(C3) neurons %ld, %ld on different lines (no twins, no antiparallel pair)",
                         (long) (i + 1), (long) (j + 1));
                add_ne(G, acc, what);
            }
    } else {
        complete = 0;
    }
    if (n <= IDENT_SYS_SUBSET_MAX) {
        ulong mask;
        for (mask = 1; mask < (UWORD(1) << n); mask++) {
            int len = snprintf(what, sizeof(what), "(C4) flip set S = {");
            fmpq_mpoly_zero(acc, ctx);
            for (o = 0; o < k; o++)
                for (a = 0; a < m; a++) {
                    fmpq_mpoly_zero(q, ctx);
                    for (j = 0; j < n; j++)
                        if (mask & (UWORD(1) << j)) {
                            mul_vars(t, gvar(G, "W2_%ld_%ld", (long) (o + 1), (long) (j + 1)),
                                     evar(G, m, j, a), ctx);
                            fmpq_mpoly_add(q, q, t, ctx);
                        }
                    add_sq(acc, q, ctx);
                }
            for (j = 0; j < n; j++)
                if (mask & (UWORD(1) << j))
                    len += snprintf(what + len, sizeof(what) - (size_t) len, "%s%ld",
                                    (mask & ((UWORD(1) << j) - 1)) ? "," : "", (long) (j + 1));
            snprintf(what + len, sizeof(what) - (size_t) len, "}: sum_{j in S} v_j w_j^T != 0");
            add_ne(G, acc, what);
        }
    } else {
        complete = 0;
    }
    fmpq_mpoly_clear(acc, ctx);
    fmpq_mpoly_clear(q, ctx);
    fmpq_mpoly_clear(t, ctx);
    return complete;
}

/* Box conditions: a point t_i of hyperplane i in the open box, for each i.
 * With w_i != 0 (C1) this holds iff the hyperplane crosses the box, i.e. iff
 * min < 0 < max of w_i . x + b_i over the box (the library's conditions,
 * whose exact values label the constraints). */
static void box_conditions(gsys_t *G, const rf_shallow_ident_t I, const fmpq *lo,
                           const fmpq *hi, slong m, slong n)
{
    const fmpq_mpoly_ctx_struct *ctx = G->sys->ctx;
    fmpq_mpoly_t p, t;
    char what[400];
    slong i, j;
    fmpq_mpoly_init(p, ctx);
    fmpq_mpoly_init(t, ctx);
    for (i = 0; i < n; i++) {
        slong c = I->nbox_first + 2 * i;
        int len;
        fmpq_mpoly_gen(p, evar(G, m, i, m), ctx);
        for (j = 0; j < m; j++) {
            mul_vars(t, evar(G, m, i, j), gvar(G, "t%ld_%ld", (long) (i + 1), (long) (j + 1)), ctx);
            fmpq_mpoly_add(p, p, t, ctx);
        }
        len = snprintf(what, sizeof(what), "hyperplane %ld meets the open box at t%ld_*", (long) (i + 1),
                       (long) (i + 1));
        if (c + 1 < I->len) {
            char *v1 = fmpq_get_str(NULL, 10, I->conds[c].value);
            char *v2 = fmpq_get_str(NULL, 10, I->conds[c + 1].value);
            snprintf(what + len, sizeof(what) - (size_t) len,
                     "; at NET: min over the box = %s, max = %s (%s)", v1, v2[0] == '-' ? v2 + 1 : v2,
                     I->conds[c].holds && I->conds[c + 1].holds ? "holds" : "FAILS");
            if (!(I->conds[c].holds && I->conds[c + 1].holds))
                G->all_hold = 0;
            flint_free(v1);
            flint_free(v2);
        }
        rf_sys_add_constraint(G->sys, G->comp, p, RF_SYS_REL_EQ, what);
        for (j = 0; j < m; j++) {
            slong tv = gvar(G, "t%ld_%ld", (long) (i + 1), (long) (j + 1));
            fmpq_mpoly_gen(t, tv, ctx);
            fmpq_mpoly_sub_fmpq(p, t, lo + j, ctx);
            rf_sys_add_constraint(G->sys, G->comp, p, RF_SYS_REL_GT, "inside the box (lower side)");
            fmpq_mpoly_neg(p, t, ctx);
            fmpq_mpoly_add_fmpq(p, p, hi + j, ctx);
            rf_sys_add_constraint(G->sys, G->comp, p, RF_SYS_REL_GT, "inside the box (upper side)");
        }
    }
    fmpq_mpoly_clear(p, ctx);
    fmpq_mpoly_clear(t, ctx);
}

/* Build the system. Returns 0, or non-zero after printing an internal error
 * (the evaluated conditions contradict the library's verdict). */
static int ident_system(gsys_t *G, const rf_net_t net, const rf_shallow_ident_t I,
                        const fmpq *lo, const fmpq *hi, const char *path)
{
    slong m = net->dims[0], n = net->dims[1], k = net->dims[2], D = rf_net_num_params(net);
    slong nv = D + (lo ? n * m : 0), v, i, j;
    char **names = flint_malloc((size_t) nv * sizeof(char *));
    rf_sys_var_kind_t *kinds = flint_malloc((size_t) nv * sizeof(rf_sys_var_kind_t));
    char buf[400];
    int complete, lib_generic = I->generic && I->decided;
    for (v = 0; v < D; v++) {
        names[v] = flint_malloc(64);
        rf_net_param_name(names[v], 64, net, v);
        kinds[v] = RF_SYS_VAR_PARAM;
    }
    for (i = 0, v = D; lo && i < n; i++)
        for (j = 0; j < m; j++, v++) {
            names[v] = flint_malloc(64);
            snprintf(names[v], 64, "t%ld_%ld", (long) (i + 1), (long) (j + 1));
            kinds[v] = RF_SYS_VAR_AUX;
        }
    rf_sys_init(G->sys, nv, (const char *const *) names, kinds);
    for (v = 0; v < nv; v++)
        flint_free(names[v]);
    flint_free(names);
    flint_free(kinds);
    G->pt = _fmpq_vec_init(nv);
    rf_net_get_params(G->pt, net);
    G->ptr = flint_malloc((size_t) nv * sizeof(fmpq *));
    for (v = 0; v < nv; v++)
        G->ptr[v] = G->pt + v;
    G->all_hold = 1;
    snprintf(buf, sizeof(buf), "%s of shallow networks %ld -> %ld with %ld hidden neurons",
             lo ? "generic parameters identifiable from a box" : "generic set", (long) m, (long) k, (long) n);
    rf_sys_set_title(G->sys, buf);
    G->comp = rf_sys_add_component(G->sys, lo ? "generic set, identifiable from the box" : "generic set",
                                   lo ? "H_n acts freely and transitively on the fiber, and every hidden "
                                        "hyperplane crosses the open input box"
                                      : "H_n (permutations, positive scalings) acts freely and transitively "
                                        "on the fiber",
                                   D);
    complete = generic_conditions(G, m, n, k);
    rf_sys_add_note(G->sys, "the generic set of docs/shallow.md, Theorem 4: (C1) w_i != 0, (C2) v_i != 0, "
                            "(C3) no two neurons on one line, (C4) no non-empty flip set S with "
                            "sum_{j in S} v_j w_j^T = 0; a Zariski-open dense set, of dimension D");
    if (!complete) {
        snprintf(buf, sizeof(buf), "not every condition is listed (%s%s%s): the component written is a "
                 "SUPERSET of the generic set; 'relufiber identifiable' decides membership exactly",
                 n > IDENT_SYS_PAIRS_MAX ? "pair conditions (C3) omitted for n > 60" : "",
                 n > IDENT_SYS_PAIRS_MAX && n > IDENT_SYS_SUBSET_MAX ? ", " : "",
                 n > IDENT_SYS_SUBSET_MAX ? "the 2^n - 1 flip-set conditions (C4) omitted for n > 10" : "");
        rf_sys_add_note(G->sys, buf);
    }
    if (lo) {
        char *s = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&s, &len);
        fprintf(f, "auxiliary t<i>_<j> (existential): a point of hyperplane i inside the open box ");
        for (j = 0; j < m; j++) {
            fprintf(f, "%s(", j ? " x " : "");
            fmpq_fprint(f, lo + j);
            fprintf(f, ", ");
            fmpq_fprint(f, hi + j);
            fprintf(f, ")");
        }
        fclose(f);
        rf_sys_add_note(G->sys, s);
        free(s);
        box_conditions(G, I, lo, hi, m, n);
    }
    snprintf(buf, sizeof(buf), "each label gives the condition's exact value at the network %s; "
             "there: generic-identifiable %s%s%s", path,
             lib_generic ? "yes" : !I->generic ? "no" : "undecided",
             lo ? ", identifiable from the box " : "", lo ? (I->box_identifiable ? "yes" : "no") : "");
    rf_sys_add_note(G->sys, buf);
    /* The listed conditions are necessary; when complete, also sufficient. */
    if ((!G->all_hold && (lib_generic && (!lo || I->box_identifiable)))
        || (complete && G->all_hold && !(lib_generic && (!lo || I->box_identifiable)))) {
        fprintf(stderr, "relufiber identifiable: internal error: the exported conditions evaluate to "
                "'%s' at NET, the library's verdict differs; please report this\n",
                G->all_hold ? "all hold" : "some fail");
        return 1;
    }
    return 0;
}

static void gsys_clear(gsys_t *G)
{
    _fmpq_vec_clear(G->pt, G->sys->nvars);
    flint_free(G->ptr);
    rf_sys_clear(G->sys);
}

/* Export sys to outp (NULL: stdout). Returns 0 or 1 after an error. */
static int write_system(const rf_sys_t sys, rf_export_fmt_t fmt, const char *outp)
{
    rf_err_t err;
    int r;
    rf_err_init(err);
    r = outp ? rf_export_sys_file(outp, sys, fmt, err) : rf_export_sys(stdout, sys, fmt, err);
    if (r)
        rf_err_fprint(stderr, err);
    rf_err_clear(err);
    return r != 0;
}

int rf_cmd_identifiable(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *path = NULL, *fmt = NULL, *outp = NULL;
    char **specs;
    int i, nspecs = 0, verbose = 0, ret;
    rf_net_t net;
    rf_err_t err;
    rf_shallow_ident_t I;
    fmpq *lo = NULL, *hi = NULL;
    slong m;
    rf_export_fmt_t efmt = RF_EXPORT_JSON;
    rf_cli_common_init(&c);
    specs = flint_malloc((size_t) (argc + 1) * sizeof(char *));
    for (i = 1; i < argc; i++) {
        int r;
        r = rf_cli_std_option(&c, argc, argv, &i, help, help_exit);
        if (r == RF_CLI_OPT_TAKEN)
            continue;
        if (r != RF_CLI_OPT_OWN) {
            flint_free(specs);
            return r;
        }
        if (strcmp(argv[i], "--box") == 0) {
            if (i + 1 >= argc) {
                flint_free(specs);
                return rf_cli_usage_error("identifiable", "--box needs a value");
            }
            specs[nspecs++] = argv[++i];
        } else if (strcmp(argv[i], "--verbose") == 0) {
            verbose = 1;
        } else if (strcmp(argv[i], "--format") == 0 || strcmp(argv[i], "-o") == 0) {
            if (i + 1 >= argc) {
                flint_free(specs);
                return rf_cli_usage_error("identifiable", "%s needs a value", argv[i]);
            }
            if (argv[i][1] == 'o')
                outp = argv[++i];
            else
                fmt = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != 0) {
            flint_free(specs);
            return rf_cli_usage_error("identifiable", "unknown option '%s'", argv[i]);
        } else if (path == NULL) {
            path = argv[i];
        } else {
            flint_free(specs);
            return rf_cli_usage_error("identifiable", "only one network expected");
        }
    }
    if (path == NULL) {
        flint_free(specs);
        return rf_cli_usage_error("identifiable", "need a network file");
    }
    if (fmt != NULL && strcmp(fmt, "text") != 0 && rf_export_fmt_from_string(&efmt, fmt)) {
        flint_free(specs);
        return rf_cli_usage_error("identifiable", "unknown format '%s' (text, %s)", fmt, rf_export_fmt_list);
    }
    if (rf_cli_load_new(net, path, &c)) {
        flint_free(specs);
        return RF_EXIT_ERROR;
    }
    rf_err_init(err);
    rf_shallow_ident_init(I);
    m = rf_net_in_dim(net);
    if (nspecs > 0) {
        const char *why;
        lo = _fmpq_vec_init(m);
        hi = _fmpq_vec_init(m);
        if (parse_box(lo, hi, m, specs, nspecs, &why)) {
            if (why != NULL)
                ret = rf_cli_usage_error("identifiable", "bad number in --box: %s", why);
            else
                ret = rf_cli_usage_error("identifiable",
                                         "bad --box: give lo:hi, or %ld intervals lo1:hi1,..., or --box lo,hi %ld times",
                                         (long) m, (long) m);
            goto done;
        }
    }
    if (rf_shallow_identifiable(I, net, lo, hi, err)) {
        if (strcmp(err->file, "--box") != 0)   /* the library does not know NET's file */
            snprintf(err->file, sizeof(err->file), "%s", path);
        rf_err_fprint(stderr, err);
        ret = RF_EXIT_ERROR;
        goto done;
    }
    if (fmt != NULL && strcmp(fmt, "text") != 0) {
        gsys_t G;
        rf_sys_t sys;
        int bad;
        G.sys = sys;
        bad = ident_system(&G, net, I, lo, hi, path);
        if (!bad)
            bad = write_system(G.sys, efmt, outp);
        gsys_clear(&G);
        if (bad) {
            ret = RF_EXIT_ERROR;
            goto done;
        }
    } else {
        rf_cli_out_t o;
        FILE *out;
        if (rf_cli_out_open(&o, outp)) {
            ret = RF_EXIT_ERROR;
            goto done;
        }
        out = o.f;
        if (c.json) {
            rf_shallow_ident_fprint_json(out, I);
        } else {
            fprintf(out, "network %s: shallow, %ld -> %ld, %ld hidden neurons\n", path, (long) m,
                    (long) rf_net_out_dim(net), (long) rf_net_num_hidden(net));
            rf_shallow_ident_fprint(out, I, verbose);
        }
        if (rf_cli_out_close(&o, 1)) {
            ret = RF_EXIT_ERROR;
            goto done;
        }
    }
    if (I->generic && !I->decided)
        ret = RF_EXIT_ERROR;
    else if (!I->generic || (I->box_given && !I->box_identifiable))
        ret = RF_EXIT_NO;
    else
        ret = RF_EXIT_OK;
done:
    if (lo) {
        _fmpq_vec_clear(lo, m);
        _fmpq_vec_clear(hi, m);
    }
    rf_shallow_ident_clear(I);
    rf_err_clear(err);
    rf_net_clear(net);
    flint_free(specs);
    return ret;
}
