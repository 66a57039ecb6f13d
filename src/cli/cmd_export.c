/* relufiber export: write a constraint system (a network's fiber, or a
 * system saved as relufiber JSON) to a CAS / SMT-LIB / LaTeX / JSON file;
 * for two networks, the QF_LRA equivalence query or the equivalence
 * certificate. */
#include <string.h>
#include <jansson.h>
#include "cli.h"
#include "relufiber/export.h"
#include "smt_run.h"
#include "cas_check.h"
#include <stdlib.h>

static const char help[] =
    "usage: relufiber export --to FORMAT [--what WHAT] INPUT [INPUT2] [-o FILE]\n"
    "Write a complete, self-contained file for another tool (layouts of the\n"
    "formats: docs/export.md).\n"
    "Options:\n"
    "  --to FORMAT        m2, singular, maple, mathematica, sympy, sage, smt2,\n"
    "                     smt2-comps (one check per component), latex (an\n"
    "                     align* block), latex-doc (standalone document), json\n"
    "  --what WHAT        fiber:  INPUT is a network; export its fiber (every\n"
    "                             parameter realizing the same function)\n"
    "                     system: INPUT is a constraint system in relufiber\n"
    "                             JSON (as written by --to json)\n"
    "                     equiv:  INPUT and INPUT2 are networks; --to smt2\n"
    "                             writes the QF_LRA query\n"
    "                             \"exists x: f_A(x) != f_B(x)\", --to json the\n"
    "                             exactly re-checked equivalence verdict with\n"
    "                             its certificate\n"
    "                     default: equiv with two inputs, system for a JSON\n"
    "                     file holding \"components\", fiber otherwise\n"
    "  -o FILE            output file (default: standard output)\n"
    "  --json             without --to: the same as --to json\n"
    "  --cas-check[=TOOL] fiber and system: then check whether each component is\n"
    "                     irreducible with Singular or Macaulay2 (as 'relufiber\n"
    "                     fiber --cas-check'; report on standard output, or on\n"
    "                     standard error when the export goes there)\n"
    "  --cas-time-limit S the tool's time limit per component (default 60)\n"
    "  --latex-names FILE custom LaTeX symbols for --to latex / latex-doc: lines\n"
    "                     'NAME SYMBOL' or 'PATTERN SYMBOL' (W<l>_<i>_<j>\n"
    "                     w^{[<l>]}_{<i><j>}); see docs/export.md\n";

static const char help_exit[] =
    "Exit status: 0 written, 2 usage or input error, or no fiber for this\n"
    "architecture.\n";

typedef enum { WHAT_AUTO, WHAT_FIBER, WHAT_SYSTEM, WHAT_EQUIV } what_t;

/* Is path a JSON file whose top-level object has "components"? */
static int looks_like_system(const char *path)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    int r = root != NULL && json_is_object(root)
            && json_object_get(root, "components") != NULL;
    json_decref(root);
    return r;
}

static int cas_on = 0;
static rf_cli_cas_tool_t cas_tool = RF_CAS_TOOL_AUTO;
static double cas_limit = 60;
static rf_export_latex_map_t *latex_map = NULL;

static int export_sys(const rf_sys_t sys, rf_export_fmt_t fmt, const char *outp)
{
    rf_err_t err;
    rf_cli_out_t o;
    FILE *out;
    int ret = RF_EXIT_ERROR;
    if (rf_cli_out_open(&o, outp))
        return RF_EXIT_ERROR;
    out = o.f;
    rf_err_init(err);
    if (rf_export_sys_latex(out, sys, fmt, latex_map, err)) {
        if (err->code == RF_ERR_IO)   /* a write error: name the output */
            snprintf(err->file, sizeof(err->file), "%s", out == stdout ? "<stdout>" : outp);
        rf_err_fprint(stderr, err);
    } else
        ret = RF_EXIT_OK;
    if (rf_cli_out_close(&o, ret == RF_EXIT_OK))
        ret = RF_EXIT_ERROR;
    rf_err_clear(err);
    if (ret == RF_EXIT_OK && cas_on) {
        FILE *rep = outp == NULL || !strcmp(outp, "-") ? stderr : stdout;
        rf_cli_cas_comp_t *res = flint_malloc((sys->ncomp + 1) * sizeof(rf_cli_cas_comp_t));
        const char *used = NULL;
        rf_cli_cas_check(res, sys, cas_tool, cas_limit, &used);
        rf_cli_cas_fprint(rep, res, sys, used);
        fflush(rep);
        rf_cli_cas_clear(res, sys->ncomp);
        flint_free(res);
    }
    return ret;
}

static int do_system(const char *path, rf_export_fmt_t fmt, const char *outp)
{
    rf_sys_t sys;
    rf_err_t err;
    int ret = RF_EXIT_ERROR;
    rf_err_init(err);
    rf_sys_init(sys, 0, NULL, NULL);
    if (rf_export_read_json_sys(sys, path, err))
        rf_err_fprint(stderr, err);
    else
        ret = export_sys(sys, fmt, outp);
    rf_sys_clear(sys);
    rf_err_clear(err);
    return ret;
}

static int do_fiber(const char *path, const rf_cli_common_t *c,
                    rf_export_fmt_t fmt, const char *outp)
{
    rf_net_t net;
    rf_sys_t sys;
    rf_err_t err;
    int ret = RF_EXIT_ERROR;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    rf_sys_init(sys, 0, NULL, NULL);   /* replaced by rf_decide_fiber */
    if (rf_cli_load(net, path, c) == 0) {
        if (rf_decide_fiber(sys, net, err))
            rf_err_fprint(stderr, err);
        else
            ret = export_sys(sys, fmt, outp);
    }
    rf_sys_clear(sys);
    rf_err_clear(err);
    rf_net_clear(net);
    return ret;
}

static int do_equiv(const char *pa, const char *pb, const rf_cli_common_t *c,
                    rf_export_fmt_t fmt, const char *outp)
{
    rf_net_t A, B;
    rf_err_t err;
    FILE *out;
    rf_cli_out_t o;
    int ret = RF_EXIT_ERROR;
    if (fmt != RF_EXPORT_SMT2 && fmt != RF_EXPORT_JSON)
        return rf_cli_usage_error("export", "--what equiv supports --to smt2 "
                                  "(QF_LRA query) and --to json (certificate)");
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    rf_err_init(err);
    if (rf_cli_load(A, pa, c) || rf_cli_load(B, pb, c))
        goto done;
    if (rf_net_in_dim(A) != rf_net_in_dim(B) || rf_net_out_dim(A) != rf_net_out_dim(B)) {
        fprintf(stderr, "%s, %s: error: the networks have different input or output "
                "dimensions (%ld->%ld vs %ld->%ld)\n", pa, pb, (long) rf_net_in_dim(A),
                (long) rf_net_out_dim(A), (long) rf_net_in_dim(B), (long) rf_net_out_dim(B));
        goto done;
    }
    if (rf_cli_out_open(&o, outp))
        goto done;
    out = o.f;
    if (fmt == RF_EXPORT_SMT2) {
        rf_export_smt_equiv_query(out, A, B);
        ret = RF_EXIT_OK;
    } else {
        rf_equiv_t res;
        rf_equiv_init(res);
        if (rf_decide_equiv(res, A, B, err)) {
            rf_err_fprint(stderr, err);
        } else {
            rf_equiv_fprint_json(out, res);
            fputc('\n', out);
            ret = RF_EXIT_OK;
        }
        rf_equiv_clear(res);
    }
    if (rf_cli_out_close(&o, ret == RF_EXIT_OK))
        ret = RF_EXIT_ERROR;
done:
    rf_err_clear(err);
    rf_net_clear(A);
    rf_net_clear(B);
    return ret;
}

int rf_cmd_export(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *in[2] = {NULL, NULL}, *to = NULL, *outp = NULL, *names_path = NULL;
    int nin = 0, i;
    what_t what = WHAT_AUTO;
    rf_export_fmt_t fmt;
    rf_cli_common_init(&c);
    for (i = 1; i < argc; i++) {
        int r;
        r = rf_cli_std_option(&c, argc, argv, &i, help, help_exit);
        if (r == RF_CLI_OPT_TAKEN)
            continue;
        if (r != RF_CLI_OPT_OWN)
            return r;
        if (!strcmp(argv[i], "--cas-check")) {
            cas_on = 1;
        } else if (!strncmp(argv[i], "--cas-check=", 12)) {
            cas_on = 1;
            if (rf_cli_cas_tool_from_string(&cas_tool, argv[i] + 12))
                return rf_cli_usage_error("export", "--cas-check takes singular, m2 or auto, not '%s'",
                                          argv[i] + 12);
        } else if (!strcmp(argv[i], "--latex-names")) {
            if (i + 1 >= argc)
                return rf_cli_usage_error("export", "%s needs a value", argv[i]);
            names_path = argv[++i];
        } else if (!strcmp(argv[i], "--cas-time-limit")) {
            char *end;
            if (i + 1 >= argc)
                return rf_cli_usage_error("export", "%s needs a value", argv[i]);
            cas_limit = strtod(argv[++i], &end);
            if (*argv[i] == '\0' || *end != '\0' || !(cas_limit >= 0) || cas_limit > 1e8)
                return rf_cli_usage_error("export", "--cas-time-limit takes seconds >= 0, not '%s'",
                                          argv[i]);
        } else if (!strcmp(argv[i], "--to") || !strcmp(argv[i], "--what") || !strcmp(argv[i], "-o")) {
            const char *opt = argv[i];
            if (i + 1 >= argc)
                return rf_cli_usage_error("export", "%s needs a value", opt);
            i++;
            if (opt[1] == 'o') {
                outp = argv[i];
            } else if (opt[2] == 't') {
                to = argv[i];
            } else if (!strcmp(argv[i], "fiber")) {
                what = WHAT_FIBER;
            } else if (!strcmp(argv[i], "system")) {
                what = WHAT_SYSTEM;
            } else if (!strcmp(argv[i], "equiv")) {
                what = WHAT_EQUIV;
            } else {
                return rf_cli_usage_error("export", "--what takes fiber, system or equiv, not '%s'",
                                          argv[i]);
            }
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return rf_cli_usage_error("export", "unknown option '%s'", argv[i]);
        } else if (nin < 2) {
            in[nin++] = argv[i];
        } else {
            return rf_cli_usage_error("export", "too many inputs");
        }
    }
    if (to == NULL && c.json)
        to = "json";
    if (to == NULL)
        return rf_cli_usage_error("export", "--to FORMAT is required (%s)", rf_export_fmt_list);
    if (rf_export_fmt_from_string(&fmt, to))
        return rf_cli_usage_error("export", "unknown format '%s' (%s)", to, rf_export_fmt_list);
    if (nin == 0)
        return rf_cli_usage_error("export", "need an input file");
    if (cas_on && nin == 2)
        return rf_cli_usage_error("export", "--cas-check needs a fiber or a system, not two networks");
    if (what == WHAT_AUTO)
        what = nin == 2 ? WHAT_EQUIV : looks_like_system(in[0]) ? WHAT_SYSTEM : WHAT_FIBER;
    if ((what == WHAT_EQUIV) != (nin == 2))
        return rf_cli_usage_error("export", what == WHAT_EQUIV ? "--what equiv needs two networks"
                                                               : "need exactly one input");
    if (names_path != NULL) {
        rf_err_t err;
        int bad;
        rf_err_init(err);
        bad = rf_export_latex_map_read(&latex_map, names_path, err);
        if (bad)
            rf_err_fprint(stderr, err);
        rf_err_clear(err);
        if (bad)
            return RF_EXIT_ERROR;
    }
    {
        int r;
        switch (what) {
        case WHAT_SYSTEM: r = do_system(in[0], fmt, outp); break;
        case WHAT_EQUIV: r = do_equiv(in[0], in[1], &c, fmt, outp); break;
        default: r = do_fiber(in[0], &c, fmt, outp);
        }
        rf_export_latex_map_free(latex_map);
        latex_map = NULL;
        return r;
    }
}
