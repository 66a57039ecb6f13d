/* relufiber fiber: the fiber of a network's function as a constraint
 * system (equations and sign conditions), in any export format. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "relufiber/three.h"
#include "cas_check.h"
#if __has_include("relufiber/export.h")
#include "relufiber/export.h"
#define RF_HAVE_EXPORT 1
#endif

static const char help[] =
    "usage: relufiber fiber [OPTIONS] NET\n"
    "The fiber of the function realized by NET: every parameter of the same\n"
    "architecture realizing the same function, as a union of components, each\n"
    "a set of polynomial equations and sign conditions in the parameter names\n"
    "(W<l>_<i>_<j>, b<l>_<i>), named by the symmetry that produces it, with\n"
    "its dimension. Shallow networks (one hidden layer) and three-layer\n"
    "bottleneck networks (n1 <= n0, rank W1 = n1) are supported; for a\n"
    "non-generic three-layer parameter only the certain components are\n"
    "listed, a note names the failing condition and what is missing, and\n"
    "no dimension is claimed.\n"
    "Options:\n"
    "  --format F         text (default), json, m2, singular, maple, mathematica,\n"
    "                     sympy, sage, smt2, latex (see 'relufiber export --help')\n"
    "  -o FILE            write to FILE instead of standard output\n"
    "  --complete         the complete fiber of any network, any parameter\n"
    "                     (non-generic included): the exact region map of NET\n"
    "                     and, for every ternary pattern s (+ active, - inactive,\n"
    "                     0 identically zero), the polynomial zero equations\n"
    "                     Z_s, cell C_s and map M_s; theta' is in the fiber iff\n"
    "                     every clause [Z_s and R_k meets C_s] => M_s = map of\n"
    "                     R_k holds (docs/complete_fiber.md). Formats text,\n"
    "                     json, smt2 (a forall-x membership predicate over the\n"
    "                     parameter names; assert values and check-sat)\n"
    "  --complete-cap N   refuse (exit 2) above N clauses = regions x 3^H\n"
    "                     (default 200000)\n"
    "  --report           three-layer networks: first print the type and\n"
    "                     genericity report (A/Z/X types, hidden hyperplane,\n"
    "                     conditions G1..G7 with exact witness values)\n";

/* The three-layer type and genericity report (stdout). */
static int print_report(const rf_net_t net, int json)
{
    rf_three_report_t rep;
    rf_err_t err;
    int r;
    rf_three_report_init(rep);
    rf_err_init(err);
    r = rf_three_report_compute(rep, net, 10, err);
    if (r)
        rf_err_fprint(stderr, err);
    else if (json)
        rf_three_report_fprint_json(stdout, rep);
    else
        rf_three_report_fprint(stdout, rep);
    rf_three_report_clear(rep);
    rf_err_clear(err);
    return r;
}

/* The complete fiber description (docs/complete_fiber.md). */
static int print_complete(const rf_net_t net, const char *path, slong cap,
                          const char *fmt, const char *outp)
{
    rf_decide_complete_t C;
    rf_err_t err;
    rf_cli_out_t o;
    int ret = RF_EXIT_ERROR, which, r;
    if (fmt == NULL || !strcmp(fmt, "text"))
        which = 0;
    else if (!strcmp(fmt, "json"))
        which = 1;
    else if (!strcmp(fmt, "smt2") || !strcmp(fmt, "smtlib"))
        which = 2;
    else
        return rf_cli_usage_error("fiber", "--complete prints text, json or smt2, not format '%s' "
                                  "(the clauses quantify over x: no polynomial system "
                                  "for a computer-algebra system)", fmt);
    rf_decide_complete_init(C);
    rf_err_init(err);
    if (rf_decide_complete(C, net, cap, err)) {
        fprintf(stderr, "%s: error: %s\n", path, err->msg);
    } else if (!rf_cli_out_open(&o, outp)) {
        r = which == 0 ? rf_decide_complete_fprint(o.f, C, err)
            : which == 1 ? rf_decide_complete_fprint_json(o.f, C, err)
            : rf_decide_complete_fprint_smt2(o.f, C, err);
        if (r)
            rf_err_fprint(stderr, err);
        ret = rf_cli_out_close(&o, r == RF_OK) || r ? RF_EXIT_ERROR : RF_EXIT_OK;
    }
    rf_decide_complete_clear(C);
    rf_err_clear(err);
    return ret;
}

/* The orbit summary (docs/orbits.md). */
static int print_orbits(const rf_net_t net, const char *path, ulong seed,
                        const char *outp, int json)
{
    rf_decide_orbits_t O;
    rf_err_t err;
    rf_cli_out_t o;
    int ret = RF_EXIT_ERROR;
    rf_decide_orbits_init(O);
    rf_err_init(err);
    if (rf_decide_orbits(O, net, seed, err)) {
        fprintf(stderr, "%s: error: %s\n", path, err->msg);
    } else if (!rf_cli_out_open(&o, outp)) {
        if (json)
            rf_decide_orbits_fprint_json(o.f, O, net);
        else
            rf_decide_orbits_fprint(o.f, O, net);
        ret = rf_cli_out_close(&o, 1) ? RF_EXIT_ERROR : RF_EXIT_OK;
    }
    rf_decide_orbits_clear(O);
    rf_err_clear(err);
    return ret;
}

int rf_cmd_fiber(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *path = NULL, *fmt = NULL, *outp = NULL, *names_path = NULL;
    rf_export_latex_map_t *lmap = NULL;
    int i, report = 0, orbits = 0, ret = RF_EXIT_ERROR, cas = 0, complete = 0;
    slong complete_cap = 0;
    ulong seed = 1;
    rf_cli_cas_tool_t cas_tool = RF_CAS_TOOL_AUTO;
    double cas_limit = 60;
    rf_net_t net;
    rf_sys_t sys;
    rf_err_t err;
    FILE *out = stdout;
    rf_cli_out_t o;
    rf_cli_common_init(&c);
    for (i = 1; i < argc; i++) {
        int r;
        r = rf_cli_std_option(&c, argc, argv, &i, help,
                              "Exit status: 0 done, 2 usage or input error, or unsupported architecture.\n");
        if (r == RF_CLI_OPT_TAKEN)
            continue;
        if (r != RF_CLI_OPT_OWN)
            return r;
        if (!strcmp(argv[i], "--report")) {
            report = 1;
        } else if (!strcmp(argv[i], "--complete")) {
            complete = 1;
        } else if (!strcmp(argv[i], "--complete-cap")) {
            char *end;
            long v;
            if (i + 1 >= argc)
                return rf_cli_usage_error("fiber", "--complete-cap needs a value");
            errno = 0;
            v = strtol(argv[++i], &end, 10);
            if (*argv[i] == '\0' || *end != '\0' || v < 1 || errno == ERANGE)
                return rf_cli_usage_error("fiber", "--complete-cap needs a positive integer "
                                          "(at most %ld), got '%s'", LONG_MAX,
                                          argv[i]);
            complete_cap = v;
        } else if (!strcmp(argv[i], "--orbits")) {
            orbits = 1;
        } else if (!strcmp(argv[i], "--seed")) {
            char *end;
            if (i + 1 >= argc)
                return rf_cli_usage_error("fiber", "--seed needs a value");
            seed = strtoul(argv[++i], &end, 0);
            if (*argv[i] == '\0' || *end != '\0' || *argv[i] == '-')
                return rf_cli_usage_error("fiber", "--seed needs a non-negative integer, got '%s'", argv[i]);
        } else if (!strcmp(argv[i], "--cas-check")) {
            cas = 1;
        } else if (!strncmp(argv[i], "--cas-check=", 12)) {
            cas = 1;
            if (rf_cli_cas_tool_from_string(&cas_tool, argv[i] + 12))
                return rf_cli_usage_error("fiber", "--cas-check takes singular, m2 or auto, not '%s'",
                                          argv[i] + 12);
        } else if (!strcmp(argv[i], "--latex-names")) {
            if (i + 1 >= argc)
                return rf_cli_usage_error("fiber", "%s needs a value", argv[i]);
            names_path = argv[++i];
        } else if (!strcmp(argv[i], "--cas-time-limit")) {
            char *end;
            if (i + 1 >= argc)
                return rf_cli_usage_error("fiber", "%s needs a value", argv[i]);
            cas_limit = strtod(argv[++i], &end);
            if (*argv[i] == '\0' || *end != '\0' || !(cas_limit >= 0) || cas_limit > 1e8)
                return rf_cli_usage_error("fiber", "--cas-time-limit takes seconds >= 0, not '%s'",
                                          argv[i]);
        } else if (!strcmp(argv[i], "--format") || !strcmp(argv[i], "-o")) {
            if (i + 1 >= argc)
                return rf_cli_usage_error("fiber", "%s needs a value", argv[i]);
            if (argv[i][1] == 'o')
                outp = argv[++i];
            else
                fmt = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return rf_cli_usage_error("fiber", "unknown option '%s'", argv[i]);
        } else if (path == NULL) {
            path = argv[i];
        } else {
            return rf_cli_usage_error("fiber", "unexpected argument '%s'", argv[i]);
        }
    }
    if (path == NULL)
        return rf_cli_usage_error("fiber", "need a network file");
    if (c.json && fmt == NULL)
        fmt = "json";
    if (orbits && fmt != NULL && strcmp(fmt, "json") && strcmp(fmt, "text"))
        return rf_cli_usage_error("fiber", "--orbits prints text or JSON, not format '%s'", fmt);
    if (complete && (orbits || cas))
        return rf_cli_usage_error("fiber", "--complete does not combine with %s",
                                  orbits ? "--orbits" : "--cas-check");
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    rf_sys_init(sys, 0, NULL, NULL);   /* replaced by rf_decide_fiber */
    if (names_path != NULL && rf_export_latex_map_read(&lmap, names_path, err)) {
        rf_err_fprint(stderr, err);
        goto out_sys;
    }
    if (rf_cli_load(net, path, &c))
        goto out_sys;
    if (report && print_report(net, c.json))
        goto out_sys;
    if (complete) {
        ret = print_complete(net, path, complete_cap, fmt, outp);
        goto out_sys;
    }
    if (orbits) {
        ret = print_orbits(net, path, seed, outp, c.json || (fmt && !strcmp(fmt, "json")));
        goto out_sys;
    }
    if (rf_decide_fiber(sys, net, err)) {
        fprintf(stderr, "%s: error: %s\n", path, err->msg);   /* name the input */
        goto out_sys;
    }
    if (rf_cli_out_open(&o, outp))
        goto out_sys;
    out = o.f;
    if (fmt == NULL || !strcmp(fmt, "text")) {
        rf_sys_fprint(out, sys);
        ret = RF_EXIT_OK;
    } else {
#ifdef RF_HAVE_EXPORT
        rf_export_fmt_t f;
        if (rf_export_fmt_from_string(&f, fmt)) {
            rf_cli_usage_error("fiber", "unknown format '%s'", fmt);
        } else if (rf_export_sys_latex(out, sys, f, lmap, err)) {
            if (err->code == RF_ERR_IO)   /* a write error: name the output */
                snprintf(err->file, sizeof(err->file), "%s", outp ? outp : "<stdout>");
            rf_err_fprint(stderr, err);
        } else {
            ret = RF_EXIT_OK;
        }
#else
        rf_cli_usage_error("fiber", "format '%s' needs the export module", fmt);
#endif
    }
    /* a failed write (disk full, ...) is an error, not a success; a
     * rejected format or a failed export leaves an existing file intact */
    if (rf_cli_out_close(&o, ret == RF_EXIT_OK))
        ret = RF_EXIT_ERROR;
    if (ret == RF_EXIT_OK && cas) {
        /* the report never mixes into a non-text export on stdout */
        FILE *rep = (outp == NULL || !strcmp(outp, "-")) && fmt != NULL && strcmp(fmt, "text")
                    ? stderr : stdout;
        rf_cli_cas_comp_t *res = flint_malloc((sys->ncomp + 1) * sizeof(rf_cli_cas_comp_t));
        const char *used = NULL;
        rf_cli_cas_check(res, sys, cas_tool, cas_limit, &used);
        if (rep == stdout && (outp == NULL || !strcmp(outp, "-")))
            fputc('\n', rep);
        rf_cli_cas_fprint(rep, res, sys, used);
        fflush(rep);
        rf_cli_cas_clear(res, sys->ncomp);
        flint_free(res);
    }
out_sys:
    rf_export_latex_map_free(lmap);
    rf_sys_clear(sys);
    rf_err_clear(err);
    rf_net_clear(net);
    return ret;
}
