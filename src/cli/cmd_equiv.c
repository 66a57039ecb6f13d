/* relufiber equiv: decide f_A == f_B exactly, with a certificate; optionally
 * export the QF_LRA query and ask an SMT solver for an independent opinion.
 * The verdict always comes from the exact procedures (rf_decide_equiv_opts);
 * the solver is only an oracle whose answer is reported next to it. */
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "cli.h"
#include "relufiber/export.h"
#include "smt_run.h"

static const char help[] =
    "usage: relufiber equiv [OPTIONS] A B\n"
    "Decide whether networks A and B realize the same function, exactly\n"
    "(on R^d0, or on a box with --box).\n"
    "Equivalent: prints the symmetry (permutation, positive scalings and\n"
    "hidden-symmetry moves) or the region list that proves it, re-checked\n"
    "exactly. Not equivalent: prints a rational input x with both exact\n"
    "outputs f_A(x) != f_B(x). The procedures are tried as a ladder and the\n"
    "output names the one that decided: equal canonical forms (any depth,\n"
    "canonical-form), a separating-input search (floating-point evidence,\n"
    "exact confirmation: separating-search), the shallow canonical form (one\n"
    "hidden layer), the three-layer bottleneck procedure, and the complete\n"
    "exact cell enumeration (any depth, exponential in the worst case).\n"
    "Options:\n"
    "  --format F         text (default); json (the verdict with its\n"
    "                     certificate, same as --json); smt2 (the SMT-LIB\n"
    "                     QF_LRA query 'exists x: f_A(x) != f_B(x)', with the\n"
    "                     verdict in comment lines: unsat iff equivalent)\n"
    "  -o FILE            write the output to FILE instead of standard output\n"
    "  --max-regions N    stop the complete exact fallback (cell enumeration)\n"
    "                     after N joint activation regions and answer unknown\n"
    "                     (default 0: no cap; the shallow and three-layer\n"
    "                     procedures are not capped)\n"
    "  --box LO:HI        decide on the box LO <= x <= HI only (comma-separated\n"
    "                     d0 rationals each, LO < HI in every coordinate; or\n"
    "                     'nnet': the input ranges of A's NNet header); the\n"
    "                     canonical reductions, the search and the enumeration\n"
    "                     are restricted to it\n"
    "  --time-limit S     stop the cell enumeration after S seconds and answer\n"
    "                     unknown (exit 2); default 0: none\n"
    "  --exhaustive       skip the faster rungs: straight to the enumeration\n"
    "  --threads T        worker processes of the cell enumeration (default:\n"
    "                     the number of cores; 1: sequential). The output does\n"
    "                     not depend on T (docs/scaling.md)\n"
    "  --no-search        skip the separating-input search rung (the shallow,\n"
    "                     three-layer and enumeration procedures decide)\n"
    "  --quiet            no progress lines on standard error (the enumeration\n"
    "                     otherwise reports about once a second)\n"
    "  --cross-check S    S = z3 or cvc5: after deciding, run the solver on the\n"
    "                     QF_LRA query and print its independent answer and\n"
    "                     whether it agrees. The solver never decides the\n"
    "                     verdict; a solver model that separates A and B is\n"
    "                     re-checked exactly, and if it contradicts an\n"
    "                     'equivalent' verdict the exit status is 2\n"
    "  --timeout MS       time limit of the cross-check solver in milliseconds\n"
    "                     (default 60000; 0 = none)\n";

static const char help_exit[] =
    "Exit status (like cmp/diff): 0 equivalent, 1 not equivalent, 2 usage or\n"
    "input error, or undecided (--max-regions reached).\n";

typedef enum { FMT_TEXT, FMT_JSON, FMT_SMT2 } out_fmt_t;

/* The solver's opinion, as reported next to the verdict. */
typedef struct {
    int ran;                  /* 0: no cross-check requested */
    const char *solver;       /* "z3" / "cvc5" */
    int failed;               /* solver missing or its output unusable */
    char msg[RF_ERR_MSG_MAX];            /* why it failed */
    rf_cli_smt_status_t status;
    fmpq *x;                  /* model when SAT (d0 entries) */
    slong n;
    int agrees;               /* 1 agrees, 0 disagrees, -1 no opinion */
} xcheck_t;

static void xcheck_run(xcheck_t *xc, const rf_equiv_t res, const fmpq *lo, const fmpq *hi,
                       const rf_net_t A,
                       const rf_net_t B, long timeout_ms)
{
    rf_err_t err;
    rf_cli_smt_solver_t s = strcmp(xc->solver, "z3") == 0 ? RF_SMT_Z3 : RF_SMT_CVC5;
    xc->ran = 1;
    xc->n = rf_net_in_dim(A);
    xc->x = _fmpq_vec_init(xc->n);
    xc->agrees = -1;
    if (!rf_cli_smt_solver_available(s)) {
        xc->failed = 1;
        snprintf(xc->msg, sizeof(xc->msg), "%s is not installed (not found on PATH)", xc->solver);
        return;
    }
    rf_err_init(err);
    if (rf_cli_smt_check_equiv_box(&xc->status, xc->x, A, B, lo, hi, s, timeout_ms, err)) {
        char *q;
        xc->failed = 1;
        snprintf(xc->msg, sizeof(xc->msg), "%s", err->msg);
        /* one line: the message may quote the solver's output */
        for (q = xc->msg; *q; q++)
            if (*q == '\n' || *q == '\r')
                *q = ' ';
        for (q = xc->msg + strlen(xc->msg); q > xc->msg && q[-1] == ' '; q--)
            q[-1] = '\0';
    } else if (xc->status != RF_SMT_UNKNOWN && res->verdict != RF_EQUIV_UNKNOWN) {
        xc->agrees = (xc->status == RF_SMT_UNSAT) == (res->verdict == RF_EQUIV_YES);
    }
    rf_err_clear(err);
}

static void xcheck_clear(xcheck_t *xc)
{
    if (xc->x)
        _fmpq_vec_clear(xc->x, xc->n);
}

/* One line (no newline) describing the cross-check, for text and SMT
 * comments. */
static void xcheck_fprint(FILE *out, const xcheck_t *xc)
{
    fprintf(out, "cross-check (%s, QF_LRA query): ", xc->solver);
    if (xc->failed) {
        fprintf(out, "not run: %s", xc->msg);
        return;
    }
    if (xc->status == RF_SMT_SAT) {
        fprintf(out, "sat, the networks differ at x = ");
        rf_cli_print_vec(out, xc->x, xc->n);
        fprintf(out, " (re-checked exactly)");
    } else if (xc->status == RF_SMT_UNSAT) {
        fprintf(out, "unsat (the solver finds no separating input)");
    } else {
        fprintf(out, "unknown (time limit or the solver gave up)");
    }
    fprintf(out, "; %s", xc->agrees == 1 ? "agrees with the verdict"
            : xc->agrees == 0 ? "DISAGREES with the verdict" : "no comparison");
}

static void xcheck_fprint_json(FILE *out, const xcheck_t *xc)
{
    static const char *st[] = {"sat", "unsat", "unknown"};
    fprintf(out, "{\"solver\": \"%s\", \"status\": \"%s\"", xc->solver,
            xc->failed ? "error" : st[xc->status]);
    if (xc->failed) {
        fprintf(out, ", \"message\": ");
        rf_cli_json_str(out, xc->msg);
    }
    if (!xc->failed && xc->status == RF_SMT_SAT) {
        fprintf(out, ", \"x\": ");
        rf_cli_json_vec(out, xc->x, xc->n);
    }
    fprintf(out, ", \"agrees\": %s}", xc->agrees == 1 ? "true" : xc->agrees == 0 ? "false" : "null");
}

/* The verdict as JSON, with the cross-check as an extra member. */
static void print_json(FILE *out, const rf_equiv_t res, const xcheck_t *xc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    rf_equiv_fprint_json(m, res);
    fclose(m);
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
        len--;
    if (xc->ran && len > 0 && buf[len - 1] == '}') {
        fwrite(buf, 1, len - 1, out);
        fprintf(out, ", \"cross_check\": ");
        xcheck_fprint_json(out, xc);
        fprintf(out, "}\n");
    } else {
        fwrite(buf, 1, len, out);
        fputc('\n', out);
    }
    free(buf);
}

/* Every line of the text verdict, as SMT-LIB comments. */
static void print_smt2(FILE *out, const rf_equiv_t res, const xcheck_t *xc,
                       const fmpq *lo, const fmpq *hi,
                       const rf_net_t A, const rf_net_t B, const char *pa, const char *pb)
{
    char *buf = NULL, *p;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    rf_equiv_fprint(m, res);
    if (xc->ran) {
        xcheck_fprint(m, xc);
        fputc('\n', m);
    }
    fclose(m);
    fprintf(out, "; relufiber equiv %s %s\n; verdict of the exact procedures (the query below is unsat iff "
            "the networks are equivalent):\n", pa, pb);
    for (p = buf; *p;) {
        char *e = strchr(p, '\n');
        size_t n = e ? (size_t) (e - p) : strlen(p);
        fprintf(out, ";   %.*s\n", (int) n, p);
        p += n + (e != NULL);
    }
    free(buf);
    rf_export_smt_equiv_query_box(out, A, B, lo, hi);
}

static void progress_line(void *data, const char *line)
{
    (void) data;
    fprintf(stderr, "relufiber equiv: %s\n", line);
}

/* Parse a non-negative number of seconds. */
static int parse_seconds(double *v, const char *s)
{
    char *end;
    double r = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || !(r >= 0) || r > 1e9)
        return 1;
    *v = r;
    return 0;
}

/* Parse a non-negative integer option value. */
static int parse_count(long *v, const char *s)
{
    char *end;
    long r = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || r < 0)
        return 1;
    *v = r;
    return 0;
}

int rf_cmd_equiv(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *pa = NULL, *pb = NULL, *outp = NULL;
    out_fmt_t fmt = FMT_TEXT;
    int i, ret, fmt_given = 0, quiet = 0, exhaustive = 0, no_search = 0;
    long max_regions = 0, timeout_ms = 60000, threads = (long) rf_cells_default_threads();
    double time_limit = 0.0;
    const char *box = NULL;
    fmpq *lo = NULL, *hi = NULL;
    rf_decide_opts_t dopts;
    rf_net_t A, B;
    rf_equiv_t res;
    rf_err_t err;
    xcheck_t xc;
    FILE *out = stdout;
    rf_cli_out_t o;
    memset(&xc, 0, sizeof(xc));
    rf_cli_common_init(&c);
    for (i = 1; i < argc; i++) {
        int r;
        const char *a = argv[i];
        r = rf_cli_std_option(&c, argc, argv, &i, help, help_exit);
        if (r == RF_CLI_OPT_TAKEN)
            continue;
        if (r != RF_CLI_OPT_OWN)
            return r;
        if (!strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (!strcmp(a, "--exhaustive")) {
            exhaustive = 1;
        } else if (!strcmp(a, "--no-search")) {
            no_search = 1;
        } else if (!strcmp(a, "--format") || !strcmp(a, "-o") || !strcmp(a, "--max-regions")
            || !strcmp(a, "--cross-check") || !strcmp(a, "--timeout")
            || !strcmp(a, "--box") || !strcmp(a, "--time-limit") || !strcmp(a, "--threads")) {
            const char *v;
            if (i + 1 >= argc)
                return rf_cli_usage_error("equiv", "%s needs a value", a);
            v = argv[++i];
            if (!strcmp(a, "-o")) {
                outp = v;
            } else if (!strcmp(a, "--box")) {
                box = v;
            } else if (!strcmp(a, "--threads")) {
                if (parse_count(&threads, v) || threads < 1 || threads > 1024)
                    return rf_cli_usage_error("equiv", "--threads takes a count from 1 to 1024, not '%s'", v);
            } else if (!strcmp(a, "--time-limit")) {
                if (parse_seconds(&time_limit, v))
                    return rf_cli_usage_error("equiv", "--time-limit takes seconds >= 0, not '%s'", v);
            } else if (!strcmp(a, "--format")) {
                fmt_given = 1;
                if (!strcmp(v, "text"))
                    fmt = FMT_TEXT;
                else if (!strcmp(v, "json"))
                    fmt = FMT_JSON;
                else if (!strcmp(v, "smt2") || !strcmp(v, "smtlib"))
                    fmt = FMT_SMT2;
                else
                    return rf_cli_usage_error("equiv", "unknown format '%s' (text, json, smt2)", v);
            } else if (!strcmp(a, "--max-regions")) {
                if (parse_count(&max_regions, v))
                    return rf_cli_usage_error("equiv", "--max-regions takes a count >= 0, not '%s'", v);
            } else if (!strcmp(a, "--timeout")) {
                if (parse_count(&timeout_ms, v))
                    return rf_cli_usage_error("equiv", "--timeout takes milliseconds >= 0, not '%s'", v);
            } else {
                if (strcmp(v, "z3") && strcmp(v, "cvc5"))
                    return rf_cli_usage_error("equiv", "--cross-check takes z3 or cvc5, not '%s'", v);
                xc.solver = !strcmp(v, "z3") ? "z3" : "cvc5";
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            return rf_cli_usage_error("equiv", "unknown option '%s'", a);
        } else if (pa == NULL) {
            pa = a;
        } else if (pb == NULL) {
            pb = a;
        } else {
            return rf_cli_usage_error("equiv", "unexpected argument '%s'", a);
        }
    }
    if (pb == NULL)
        return rf_cli_usage_error("equiv", "need two network files A and B");
    if (c.json) {
        if (fmt_given && fmt != FMT_JSON)
            return rf_cli_usage_error("equiv", "--json conflicts with --format other than json");
        fmt = FMT_JSON;
    }
    rf_net_init(A, 1, (slong[]) {1, 1});
    rf_net_init(B, 1, (slong[]) {1, 1});
    rf_equiv_init(res);
    rf_err_init(err);
    ret = RF_EXIT_ERROR;
    if (rf_cli_load(A, pa, &c) || rf_cli_load(B, pb, &c))
        goto out;
    rf_decide_opts_init(dopts);
    dopts->max_regions = max_regions;
    dopts->time_limit = time_limit;
    dopts->threads = threads;
    dopts->driver = rf_cli_cells_driver;
    if (!quiet)
        dopts->progress = progress_line;
    if (no_search)
        dopts->search = 0;
    if (exhaustive)
        dopts->canonical = dopts->search = dopts->special = 0;
    if (box != NULL) {
        slong d0 = rf_net_in_dim(A);
        lo = _fmpq_vec_init(d0);
        hi = _fmpq_vec_init(d0);
        if (rf_cli_parse_box_net(lo, hi, d0, box, "equiv", pa, &c))
            goto out;
        dopts->lo = lo;
        dopts->hi = hi;
    }
    if (rf_decide_equiv_ladder(res, A, B, dopts, err)) {
        /* the library names no file: name both inputs */
        fprintf(stderr, "%s, %s: error: %s\n", pa, pb, err->msg);
        goto out;
    }
    if (xc.solver)
        xcheck_run(&xc, res, lo, hi, A, B, timeout_ms);
    if (rf_cli_out_open(&o, outp))
        goto out;
    out = o.f;
    if (fmt == FMT_JSON) {
        print_json(out, res, &xc);
    } else if (fmt == FMT_SMT2) {
        print_smt2(out, res, &xc, lo, hi, A, B, pa, pb);
    } else {
        rf_equiv_fprint_digits(out, res, c.digits);
        if (xc.ran) {
            xcheck_fprint(out, &xc);
            fputc('\n', out);
        }
    }
    if (rf_cli_out_close(&o, 1))
        goto out;
    if (res->verdict == RF_EQUIV_NO && rf_net_equal_as_doubles(A, B))
        fprintf(stderr, "relufiber equiv: note: A and B differ only below float resolution: every "
                "parameter of A rounds to the same double as the matching parameter of B "
                "(stored as doubles they would be identical)%s\n",
                c.json_mode == RF_IO_JSON_DECIMAL ? "; --json-floats decimal reads JSON numbers "
                "as decimals, the default (binary) reads the doubles themselves" : "");
    ret = res->verdict == RF_EQUIV_YES ? RF_EXIT_OK
        : res->verdict == RF_EQUIV_NO ? RF_EXIT_NO : RF_EXIT_ERROR;
    if (xc.ran && xc.agrees == 0) {
        fprintf(stderr, "relufiber equiv: warning: the %s cross-check disagrees with the exact verdict\n",
                xc.solver);
        /* A solver model is re-checked exactly by rf_cli_smt_check_equiv: it
         * refutes an "equivalent" verdict, which is then a bug. */
        if (res->verdict == RF_EQUIV_YES && xc.status == RF_SMT_SAT) {
            fprintf(stderr, "relufiber equiv: internal error: an exactly re-checked separating input "
                    "contradicts the verdict; please report this\n");
            ret = RF_EXIT_ERROR;
        }
    }
out:
    if (lo != NULL) {
        _fmpq_vec_clear(lo, rf_net_in_dim(A));
        _fmpq_vec_clear(hi, rf_net_in_dim(A));
    }
    xcheck_clear(&xc);
    rf_err_clear(err);
    rf_equiv_clear(res);
    rf_net_clear(A);
    rf_net_clear(B);
    return ret;
}
