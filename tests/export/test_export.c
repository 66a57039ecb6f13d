/* Export module, no external tool needed: format names, variable names per
 * target, LaTeX names, exact JSON round trip, JSON reader errors, golden
 * files for Maple / Mathematica / Sage (which cannot run here) and
 * structural checks of their syntax, and the CLI. */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "../rftest.h"
#include <jansson.h>
#include "relufiber/relufiber.h"
#include "relufiber/export.h"
#include "sample.h"
#include "tools.h"

Test(export, format_names)
{
    rf_export_fmt_t f, g;
    const char *aliases[][2] = {{"macaulay2", "m2"}, {"SING", "singular"}, {"wl", "mathematica"},
                                {"python", "sympy"}, {"smtlib", "smt2"}, {"tex", "latex"},
                                {"JSON", "json"}};
    size_t i;
    for (f = RF_EXPORT_M2; f <= RF_EXPORT_JSON; f++) {
        cr_assert_eq(rf_export_fmt_from_string(&g, rf_export_fmt_name(f)), 0);
        cr_assert_eq(g, f, "%s", rf_export_fmt_name(f));
        cr_assert(strstr(rf_export_fmt_list, rf_export_fmt_name(f)) != NULL);
        cr_assert_eq(rf_export_fmt_ext(f)[0], '.');
    }
    for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        cr_assert_eq(rf_export_fmt_from_string(&g, aliases[i][0]), 0);
        cr_assert_str_eq(rf_export_fmt_name(g), aliases[i][1]);
    }
    cr_assert_neq(rf_export_fmt_from_string(&g, "docx"), 0);
    cr_assert_eq(g, RF_EXPORT_UNKNOWN);
    cr_assert_neq(rf_export_fmt_from_string(&g, NULL), 0);
    {
        rf_sys_t sys;
        rf_err_t err;
        rf_err_init(err);
        rf_sys_init(sys, 0, NULL, NULL);
        cr_assert_eq(rf_export_sys(stdout, sys, RF_EXPORT_UNKNOWN, err), RF_ERR_INPUT);
        cr_assert(strstr(err->msg, "unknown export format") != NULL);
        cr_assert_eq(rf_export_sys_file("/nonexistent-dir/x.m2", sys, RF_EXPORT_M2, err), RF_ERR_IO);
        cr_assert_str_eq(err->file, "/nonexistent-dir/x.m2");
        rf_sys_clear(sys);
    }
}

static void latex_is(const char *name, const char *expect)
{
    char buf[256];
    rf_export_latex_name(buf, sizeof buf, name);
    cr_assert_str_eq(buf, expect, "%s -> %s, expected %s", name, buf, expect);
}

Test(export, latex_names)
{
    latex_is("W1_2_3", "W^{(1)}_{23}");
    latex_is("b1_2", "b^{(1)}_{2}");
    latex_is("W1_12_3", "W^{(1)}_{12,3}");
    latex_is("W2_3_10", "W^{(2)}_{3,10}");
    latex_is("W10_1_2", "W^{(10)}_{12}");
    latex_is("t3", "t_{3}");
    latex_is("mu_1", "\\mu_{1}");
    latex_is("d_2", "d_{2}");
    latex_is("lambda_1_2", "\\lambda^{(1)}_{2}");
    latex_is("lambda2_1", "\\lambda^{(2)}_{1}");
    latex_is("alpha", "\\alpha");
    latex_is("x", "x");
    latex_is("gain", "\\mathrm{gain}");
    latex_is("x_y", "\\mathit{x\\_y}");
    latex_is("W01_2", "\\mathit{W01\\_2}"); /* leading zero: not an index */
}

/* All target names of a system with awkward names are distinct and valid. */
Test(export, target_names)
{
    const char *names[] = {"W1_2_3", "b1_2", "lambda", "ring", "and", "rfR", "W", "a b", "t10", "x_y",
                           "ideal1", "pi2_1", "D1", "v1"};
    rf_sys_t sys;
    rf_export_fmt_t f;
    char buf[256], buf2[256];
    slong i, j;
    rf_sys_init(sys, 14, names, NULL);
    rf_export_var_name(buf, sizeof buf, sys, 0, RF_EXPORT_M2);
    cr_assert_str_eq(buf, "W_(1,2,3)");
    rf_export_var_name(buf, sizeof buf, sys, 8, RF_EXPORT_M2);
    cr_assert_str_eq(buf, "t_10");
    rf_export_var_name(buf, sizeof buf, sys, 0, RF_EXPORT_MATHEMATICA);
    cr_assert_str_eq(buf, "W[1,2,3]");
    {
        const char *aux[] = {"mu_1", "mu1_2", "d_1"};
        rf_sys_t s2;
        rf_sys_init(s2, 3, aux, NULL);
        rf_export_var_name(buf, sizeof buf, s2, 0, RF_EXPORT_MATHEMATICA);
        cr_assert_str_eq(buf, "mu[1]");
        rf_export_var_name(buf, sizeof buf, s2, 1, RF_EXPORT_MATHEMATICA);
        cr_assert_str_eq(buf, "mu[1,2]");
        rf_export_var_name(buf, sizeof buf, s2, 2, RF_EXPORT_M2);
        cr_assert_str_eq(buf, "d_1");
        rf_sys_clear(s2);
    }
    rf_export_var_name(buf, sizeof buf, sys, 1, RF_EXPORT_SINGULAR);
    cr_assert_str_eq(buf, "b1_2");
    rf_export_var_name(buf, sizeof buf, sys, 2, RF_EXPORT_SYMPY);
    cr_assert_str_neq(buf, "lambda", "Python keyword must be renamed");
    rf_export_var_name(buf, sizeof buf, sys, 3, RF_EXPORT_SINGULAR);
    cr_assert_str_neq(buf, "ring");
    rf_export_var_name(buf, sizeof buf, sys, 4, RF_EXPORT_SMT2);
    cr_assert(strstr(buf, "and") == NULL, "|and| is and (cvc5 rejects it): %s", buf);
    rf_export_var_name(buf, sizeof buf, sys, 7, RF_EXPORT_SMT2);
    cr_assert_str_eq(buf, "|a b|");
    rf_export_var_name(buf, sizeof buf, sys, 5, RF_EXPORT_M2);
    cr_assert_str_neq(buf, "rfR", "must not clash with the exporter's ring");
    for (f = RF_EXPORT_M2; f <= RF_EXPORT_SMT2_COMPS; f++)
        for (i = 0; i < 14; i++) {
            rf_export_var_name(buf, sizeof buf, sys, i, f);
            cr_assert(strlen(buf) > 0);
            if (f != RF_EXPORT_SMT2 && f != RF_EXPORT_SMT2_COMPS)
                cr_assert(strchr(buf, ' ') == NULL, "%s: '%s'", rf_export_fmt_name(f), buf);
            if (f == RF_EXPORT_MATHEMATICA)
                cr_assert(strchr(buf, '_') == NULL, "Mathematica: '_' is a pattern: %s", buf);
            for (j = 0; j < i; j++) {
                rf_export_var_name(buf2, sizeof buf2, sys, j, f);
                cr_assert_str_neq(buf, buf2, "%s: %s twice", rf_export_fmt_name(f), buf);
            }
        }
    /* builtins are never bound as the base of an indexed variable */
    rf_export_var_name(buf, sizeof buf, sys, 10, RF_EXPORT_M2);
    cr_assert(strncmp(buf, "ideal", 5) != 0, "M2: %s", buf);
    rf_export_var_name(buf, sizeof buf, sys, 11, RF_EXPORT_M2);
    cr_assert(strncmp(buf, "pi_", 3) != 0, "M2: %s", buf);
    rf_export_var_name(buf, sizeof buf, sys, 12, RF_EXPORT_MATHEMATICA);
    cr_assert(strncmp(buf, "D[", 2) != 0, "Mathematica: %s", buf);
    /* M2: plain W and indexed W_(...) cannot coexist */
    rf_export_var_name(buf, sizeof buf, sys, 6, RF_EXPORT_M2);
    cr_assert_str_neq(buf, "W");
    rf_sys_clear(sys);
}

static void roundtrip(const rf_sys_t sys)
{
    char *text = tools_export_string(sys, RF_EXPORT_JSON), *text2;
    rf_sys_t back;
    rf_err_t err;
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    cr_assert(root != NULL, "invalid JSON: %s", jerr.text);
    cr_assert_str_eq(json_string_value(json_object_get(root, "format")), "relufiber-system");
    cr_assert_eq((slong) json_array_size(json_object_get(root, "components")), sys->ncomp);
    json_decref(root);
    rf_err_init(err);
    rf_sys_init(back, 0, NULL, NULL);
    cr_assert_eq(rf_export_read_json_sys_buf(back, text, strlen(text), "<rt>", err), RF_OK,
                 "%s", err->msg);
    cr_assert(rf_export_sys_equal(sys, back), "round trip changed the system");
    text2 = tools_export_string(back, RF_EXPORT_JSON);
    cr_assert_str_eq(text, text2);
    /* mutation check: the comparison must see one extra constraint */
    if (back->ncomp > 0) {
        fmpq_mpoly_t one;
        fmpq_mpoly_init(one, back->ctx);
        fmpq_mpoly_one(one, back->ctx);
        rf_sys_add_constraint(back, back->ncomp - 1, one, RF_SYS_REL_EQ, NULL);
        cr_assert(!rf_export_sys_equal(sys, back), "rf_export_sys_equal misses a constraint");
        fmpq_mpoly_clear(one, back->ctx);
    }
    free(text);
    free(text2);
    rf_sys_clear(back);
}

Test(export, json_roundtrip_samples)
{
    rf_sys_t sys;
    rf_net_t net;
    sample_det(sys);
    roundtrip(sys);
    rf_sys_clear(sys);
    sample_net(net);
    sample_fiber(sys, net, 0);
    roundtrip(sys);
    rf_sys_clear(sys);
    sample_fiber(sys, net, 1);
    roundtrip(sys);
    rf_sys_clear(sys);
    rf_net_clear(net);
}

/* Random polynomials with big rational coefficients, every relation,
 * labels and a name that is a prefix of another. */
Test(export, json_roundtrip_random)
{
    const char *names[] = {"x1", "x10", "x1_1", "y", "t1"};
    rf_sys_var_kind_t kinds[] = {RF_SYS_VAR_PARAM, RF_SYS_VAR_PARAM, RF_SYS_VAR_PARAM, RF_SYS_VAR_PARAM, RF_SYS_VAR_AUX};
    flint_rand_t state;
    slong iter, c, k;
    fmpq_mpoly_t p;
    rf_test_randinit(state);
    for (iter = 0; rf_test_loop(iter, 30); iter++) {
        rf_sys_t sys;
        rf_sys_init(sys, 5, names, kinds);
        fmpq_mpoly_init(p, sys->ctx);
        if (iter % 2)
            rf_sys_set_title(sys, "random \"system\"\nwith odd characters: \\ % & _");
        rf_sys_add_note(sys, "note 1");
        for (c = 0; c < 1 + iter % 3; c++) {
            slong cc = rf_sys_add_component(sys, c ? "comp" : "first", c == 1 ? NULL : "desc",
                                            c == 2 ? -1 : c + 1);
            for (k = 0; k < 1 + (iter + c) % 5; k++) {
                fmpq_mpoly_randtest_bound(p, state, 6, 200, 4, sys->ctx);
                rf_sys_add_constraint(sys, cc, p, (rf_sys_rel_t) ((k + iter) % 4),
                                      k % 2 ? "label" : NULL);
            }
        }
        roundtrip(sys);
        fmpq_mpoly_clear(p, sys->ctx);
        rf_sys_clear(sys);
    }
    flint_randclear(state);
}

static void bad_json(const char *text, const char *expect)
{
    rf_sys_t sys;
    rf_err_t err;
    rf_err_init(err);
    rf_sys_init(sys, 0, NULL, NULL);
    cr_assert_eq(rf_export_read_json_sys_buf(sys, text, strlen(text), "bad.json", err),
                 RF_ERR_INPUT, "accepted: %s", text);
    cr_assert(strstr(err->msg, expect) != NULL, "message '%s' lacks '%s'", err->msg, expect);
    cr_assert_str_eq(err->file, "bad.json");
    rf_sys_clear(sys);
}

#define VARS "\"variables\": [{\"name\": \"x\", \"kind\": \"param\"}, {\"name\": \"t\", \"kind\": \"aux\"}]"
#define COMP(poly) "{" VARS ", \"components\": [{\"name\": \"c\", \"dimension\": 1, " \
    "\"equations\": [{\"index\": 0, \"poly\": \"" poly "\"}], \"inequalities\": []}]}"

Test(export, json_reader_errors)
{
    rf_sys_t sys;
    rf_err_t err;
    const char *ok = COMP("(x - 1/2)^2*t - 3*x/4 + x**2 + 0*(x+t)^300");
    bad_json("{\"variables\": [", "invalid JSON");
    bad_json("[1, 2]", "JSON object");
    bad_json("{\"variables\": []}", "components");
    bad_json(COMP("x/0"), "division by zero");
    bad_json(COMP("x/(x-x)"), "division by zero");
    bad_json(COMP("x/t"), "non-constant");
    bad_json(COMP("x + z"), "unknown variable");
    bad_json(COMP("x^999999999"), "exponent too large");
    bad_json(COMP("x^-1"), "exponent");
    bad_json(COMP("(x + t + 1)^5000"), "too large");
    bad_json(COMP("x +"), "unexpected end");
    bad_json(COMP("(x + 1"), "missing ')'");
    bad_json(COMP("x y"), "unexpected text");
    bad_json("{\"variables\": [{\"name\": \"x\"}, {\"name\": \"x\"}], \"components\": []}", "duplicate");
    bad_json("{\"variables\": [{\"name\": \"x-1\"}], \"components\": []}", "letters");
    bad_json("{\"variables\": [{\"name\": \"x\", \"kind\": \"free\"}], \"components\": []}", "kind");
    bad_json("{" VARS ", \"components\": [{\"name\": \"c\", \"inequalities\": "
             "[{\"index\": 0, \"poly\": \"x\", \"sense\": \"<\"}]}]}", "sense");
    bad_json("{" VARS ", \"components\": [{\"name\": \"c\", \"inequalities\": "
             "[{\"index\": 0, \"poly\": \"x\"}]}]}", "sense");
    bad_json("{" VARS ", \"components\": [{\"name\": \"c\", \"equations\": "
             "[{\"index\": 0, \"poly\": \"x\"}, {\"index\": 0, \"poly\": \"t\"}]}]}", "index");
    bad_json("{" VARS ", \"components\": [{\"name\": \"c\", \"equations\": "
             "[{\"index\": 5, \"poly\": \"x\"}]}]}", "index");
    bad_json("{" VARS ", \"components\": [{\"name\": 3}]}", "strings");
    bad_json("{" VARS ", \"components\": [{\"name\": \"c\", \"dimension\": \"two\"}]}", "dimension");
    /* and the accepted one parses to the right polynomial */
    rf_err_init(err);
    rf_sys_init(sys, 0, NULL, NULL);
    cr_assert_eq(rf_export_read_json_sys_buf(sys, ok, strlen(ok), "ok.json", err), RF_OK, "%s", err->msg);
    {
        fmpq_mpoly_t p;
        const char *nm[] = {"x", "t"};
        fmpq_mpoly_init(p, sys->ctx);
        fmpq_mpoly_set_str_pretty(p, "x^2*t - x*t + 1/4*t - 3/4*x + x^2", nm, sys->ctx);
        cr_assert(fmpq_mpoly_equal(p, &sys->comps[0].cons[0].poly, sys->ctx));
        cr_assert_eq(sys->kinds[1], RF_SYS_VAR_AUX);
        cr_assert_eq(sys->comps[0].dim, 1);
        fmpq_mpoly_clear(p, sys->ctx);
    }
    rf_sys_clear(sys);
}

/* ----------------------------------------------------------- goldens */

/* Replace the version by @VERSION@ so that goldens survive releases. */
static char *normalize(const char *text)
{
    const char *v = RELUFIBER_VERSION, *s = text, *h;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    while ((h = strstr(s, v)) != NULL) {
        fwrite(s, 1, (size_t) (h - s), f);
        fputs("@VERSION@", f);
        s = h + strlen(v);
    }
    fputs(s, f);
    fclose(f);
    return out;
}

static void golden(const char *name, const rf_sys_t sys, rf_export_fmt_t fmt)
{
    char path[1024], *got, *norm, *want;
    const char *dir = getenv("RF_EXPORT_GOLDEN");
    cr_assert(dir != NULL, "RF_EXPORT_GOLDEN not set (run through meson test)");
    snprintf(path, sizeof path, "%s/%s", dir, name);
    got = tools_export_string(sys, fmt);
    norm = normalize(got);
    if (getenv("RF_EXPORT_UPDATE_GOLDEN")) {
        cr_assert_eq(tools_write(path, norm), 0);
        cr_log_info("golden file %s rewritten", path);
    }
    want = tools_slurp(path);
    cr_assert(want != NULL, "missing golden file %s", path);
    if (strcmp(norm, want) != 0) {
        char actual[1024];
        tools_path(actual, sizeof actual, name);
        tools_write(actual, norm);
        cr_assert_fail("%s differs from the golden file %s (actual output in %s)", name, path, actual);
    }
    free(got);
    free(norm);
    free(want);
}

/* Skip strings "..." and comments; return the code characters only. */
static char *code_only(const char *s, const char *line_comment, const char *open_c,
                       const char *close_c)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    while (*s) {
        if (*s == '"') {
            for (s++; *s && *s != '"'; s++)
                if (*s == '\\' && s[1])
                    s++;
            if (*s)
                s++;
            *o++ = '"';
            *o++ = '"';
        } else if (line_comment && !strncmp(s, line_comment, strlen(line_comment))) {
            while (*s && *s != '\n')
                s++;
        } else if (open_c && !strncmp(s, open_c, strlen(open_c))) {
            const char *e = strstr(s + strlen(open_c), close_c);
            cr_assert(e != NULL, "unterminated comment");
            s = e + strlen(close_c);
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

static void balanced(const char *code, const char *what)
{
    char stack[4096];
    int n = 0;
    const char *s;
    for (s = code; *s; s++) {
        if (strchr("([{", *s)) {
            cr_assert(n < 4096);
            stack[n++] = *s;
        } else if (strchr(")]}", *s)) {
            char want = *s == ')' ? '(' : *s == ']' ? '[' : '{';
            cr_assert(n > 0 && stack[n - 1] == want, "%s: unbalanced '%c' at offset %ld",
                      what, *s, (long) (s - code));
            n--;
        }
    }
    cr_assert_eq(n, 0, "%s: %d unclosed bracket(s)", what, n);
}

static slong count(const char *s, const char *sub)
{
    slong n = 0;
    while ((s = strstr(s, sub)) != NULL) {
        n++;
        s += strlen(sub);
    }
    return n;
}

static slong count_rel(const rf_sys_t sys, int eq)
{
    slong i, k, n = 0;
    for (i = 0; i < sys->ncomp; i++)
        for (k = 0; k < sys->comps[i].len; k++)
            n += (sys->comps[i].cons[k].rel == RF_SYS_REL_EQ) == eq;
    return n;
}

/* Mathematica: balanced brackets and associations, no '_' in code (it is
 * a pattern), one association per component, == for each equation. */
static void check_mathematica(const rf_sys_t sys)
{
    char *text = tools_export_string(sys, RF_EXPORT_MATHEMATICA);
    char *code = code_only(text, NULL, "(*", "*)");
    balanced(code, "mathematica");
    cr_assert_eq(count(code, "<|"), sys->ncomp);
    cr_assert_eq(count(code, "|>"), sys->ncomp);
    cr_assert(strchr(code, '_') == NULL, "'_' outside strings and comments");
    cr_assert_eq(count(code, "=="), count_rel(sys, 1));
    cr_assert(strstr(code, "rfFormula = ") != NULL);
    cr_assert(strstr(code, "**") == NULL);
    cr_assert_eq(count(code, ";"), 4, "four statements: rfParams, rfAux, rfComponents, rfFormula");
    free(code);
    free(text);
}

/* Maple: balanced, statements end with ':', no == / != (Maple writes = and
 * <>), one list per component. */
static void check_maple(const rf_sys_t sys)
{
    char *text = tools_export_string(sys, RF_EXPORT_MAPLE);
    char *code = code_only(text, "#", NULL, NULL);
    slong i, neq = 0, nne = 0;
    balanced(code, "maple");
    cr_assert(strstr(code, "==") == NULL && strstr(code, "!=") == NULL && strstr(code, "**") == NULL);
    cr_assert_eq(count(code, ":="), 3);
    cr_assert_eq(count(code, "]:"), 3);
    cr_assert_eq(count(code, "\n  [\"\""), sys->ncomp);
    for (i = 0; i < sys->ncomp; i++)
        for (slong k = 0; k < sys->comps[i].len; k++)
            nne += sys->comps[i].cons[k].rel == RF_SYS_REL_NE;
    cr_assert_eq(count(code, "<>"), nne);
    neq = count(code, " = 0");
    cr_assert_eq(neq, count_rel(sys, 1));
    free(code);
    free(text);
}

/* Sage: valid Python is checked by running it in test_tools; here the
 * structure: one ideal per component, exact coefficients only. */
static void check_sage(const rf_sys_t sys)
{
    char *text = tools_export_string(sys, RF_EXPORT_SAGE);
    char *code = code_only(text, "#", NULL, NULL);
    balanced(code, "sage");
    cr_assert_eq(count(code, "rfR.ideal(["), sys->ncomp);
    cr_assert(strstr(code, "^") == NULL, "Sage files must use ** (valid Python too)");
    cr_assert(strstr(code, "rfR.gens()") != NULL);
    free(code);
    free(text);
}

Test(export, golden_and_structure)
{
    rf_sys_t sys;
    rf_net_t net;
    sample_det(sys);
    golden("det.mpl", sys, RF_EXPORT_MAPLE);
    golden("det.wl", sys, RF_EXPORT_MATHEMATICA);
    golden("det.sage", sys, RF_EXPORT_SAGE);
    golden("det.m2", sys, RF_EXPORT_M2);
    golden("det.sing", sys, RF_EXPORT_SINGULAR);
    golden("det.smt2", sys, RF_EXPORT_SMT2);
    golden("det.tex", sys, RF_EXPORT_LATEX);
    check_mathematica(sys);
    check_maple(sys);
    check_sage(sys);
    rf_sys_clear(sys);
    sample_net(net);
    sample_fiber(sys, net, 1);
    golden("fiber_aux.mpl", sys, RF_EXPORT_MAPLE);
    golden("fiber_aux.wl", sys, RF_EXPORT_MATHEMATICA);
    golden("fiber_aux.sage", sys, RF_EXPORT_SAGE);
    golden("fiber_aux.py", sys, RF_EXPORT_SYMPY);
    golden("fiber_aux.json", sys, RF_EXPORT_JSON);
    check_mathematica(sys);
    check_maple(sys);
    check_sage(sys);
    {
        char *t = tools_export_string(sys, RF_EXPORT_MATHEMATICA);
        cr_assert(strstr(t, "Exists[") != NULL);
        free(t);
    }
    rf_sys_clear(sys);
    sample_fiber(sys, net, 0);
    check_mathematica(sys);
    check_maple(sys);
    check_sage(sys);
    rf_sys_clear(sys);
    rf_net_clear(net);
}

/* Every format says which variables are auxiliary (existential). */
Test(export, aux_stated_everywhere)
{
    rf_sys_t sys;
    rf_net_t net;
    rf_export_fmt_t f;
    sample_net(net);
    sample_fiber(sys, net, 1);
    for (f = RF_EXPORT_M2; f <= RF_EXPORT_JSON; f++) {
        char *t = tools_export_string(sys, f);
        if (f == RF_EXPORT_LATEX || f == RF_EXPORT_LATEX_DOC)
            cr_assert(strstr(t, "for some") != NULL, "%s", rf_export_fmt_name(f));
        else if (f == RF_EXPORT_JSON)
            cr_assert(strstr(t, "\"aux\"") != NULL);
        else
            cr_assert(strstr(t, "existentially quantified") != NULL, "%s", rf_export_fmt_name(f));
        free(t);
    }
    rf_sys_clear(sys);
    rf_net_clear(net);
}

/* Degenerate systems: no variable, no component, empty component. */
Test(export, degenerate_systems)
{
    rf_sys_t sys;
    rf_export_fmt_t f;
    rf_sys_init(sys, 0, NULL, NULL);
    for (f = RF_EXPORT_M2; f <= RF_EXPORT_JSON; f++)
        free(tools_export_string(sys, f));
    roundtrip(sys);
    rf_sys_add_component(sys, "everything", NULL, 0);
    for (f = RF_EXPORT_M2; f <= RF_EXPORT_JSON; f++)
        free(tools_export_string(sys, f));
    roundtrip(sys);
    rf_sys_clear(sys);
}

/* ---------------------------------------------------------------- CLI */

static char *cli(const char *args, int *status)
{
    char cmd[4096];
    const char *bin = getenv("RF_BIN");
    cr_assert(bin != NULL, "RF_BIN not set");
    snprintf(cmd, sizeof cmd, "'%s' export %s", bin, args);
    return tools_run(cmd, 1, status);
}

Test(export, cli)
{
    rf_sys_t sys;
    char json[1024], m2[1024], args[4096], *out, *lib;
    int st;
    sample_det(sys);
    cr_assert_eq(tools_export("cli_det.json", sys, RF_EXPORT_JSON), 0);
    tools_path(json, sizeof json, "cli_det.json");
    tools_path(m2, sizeof m2, "cli_det.m2");
    /* system -> m2 through the CLI equals the library's output */
    snprintf(args, sizeof args, "--to m2 '%s' -o '%s'", json, m2);
    free(cli(args, &st));
    cr_assert_eq(st, 0);
    out = tools_slurp(m2);
    lib = tools_export_string(sys, RF_EXPORT_M2);
    cr_assert(out != NULL);
    cr_assert_str_eq(out, lib);
    free(out);
    free(lib);
    /* --what system explicit, to stdout, JSON round trip */
    snprintf(args, sizeof args, "--what system --to json '%s'", json);
    out = cli(args, &st);
    lib = tools_slurp(json);
    cr_assert_eq(st, 0);
    cr_assert_str_eq(out, lib);
    free(out);
    free(lib);
    /* errors: exit code 2 and a message */
    out = cli("--to nope x.json", &st);
    cr_assert_eq(st, 2);
    cr_assert(strstr(out, "unknown format") != NULL);
    free(out);
    snprintf(args, sizeof args, "'%s'", json);
    out = cli(args, &st);
    cr_assert_eq(st, 2);
    cr_assert(strstr(out, "--to") != NULL);
    free(out);
    out = cli("--to m2 --what system /nonexistent/sys.json", &st);
    cr_assert_eq(st, 2);
    free(out);
    out = cli("--to m2 --what equiv a.rfn", &st);
    cr_assert_eq(st, 2);
    free(out);
    out = cli("--help", &st);
    cr_assert_eq(st, 0);
    cr_assert(strstr(out, "--what") != NULL);
    cr_assert(strstr(out, "--latex-names") != NULL);
    free(out);
    /* --latex-names: custom symbols in the LaTeX, a bad file is exit 2 with file:line */
    {
        char names[1024], bad[1024];
        tools_path(names, sizeof names, "cli_names.txt");
        tools_path(bad, sizeof bad, "cli_names_bad.txt");
        cr_assert_eq(tools_write(names, "# map\na \\xi_{11}\n"), 0);
        cr_assert_eq(tools_write(bad, "# map\nb<i> \\xi_{<k>}\n"), 0);
        snprintf(args, sizeof args, "--to latex --latex-names '%s' '%s'", names, json);
        out = cli(args, &st);
        cr_assert_eq(st, 0, "%s", out);
        cr_assert(strstr(out, "\\xi_{11}") != NULL, "%s", out);
        free(out);
        snprintf(args, sizeof args, "--to latex --latex-names '%s' '%s'", bad, json);
        out = cli(args, &st);
        cr_assert_eq(st, 2);
        cr_assert(strstr(out, "cli_names_bad.txt:2:") != NULL, "%s", out);
        cr_assert(strstr(out, "does not define") != NULL, "%s", out);
        free(out);
    }
    rf_sys_clear(sys);
}

/* relufiber export --to json NET equals the library's fiber, read back. */
Test(export, cli_fiber)
{
    rf_net_t net;
    rf_sys_t sys, back;
    rf_err_t err;
    char pn[512], pj[512], args[2048];
    int st;
    sample_net(net);
    rf_err_init(err);
    rf_sys_init(sys, 0, NULL, NULL);
    if (rf_decide_fiber(sys, net, err) != RF_OK) {
        rf_sys_clear(sys);
        rf_net_clear(net);
        cr_skip_test("rf_decide_fiber does not build this fiber yet: %s", err->msg);
    }
    tools_path(pn, sizeof pn, "cli_fiber.rfn");
    tools_path(pj, sizeof pj, "cli_fiber.json");
    cr_assert_eq(rf_io_write_file(pn, net, RF_IO_FMT_RFN, err), 0);
    snprintf(args, sizeof args, "--to json --what fiber '%s' -o '%s'", pn, pj);
    free(cli(args, &st));
    cr_assert_eq(st, 0);
    rf_sys_init(back, 0, NULL, NULL);
    cr_assert_eq(rf_export_read_json_sys(back, pj, err), RF_OK, "%s", err->msg);
    cr_assert(rf_export_sys_equal(sys, back));
    rf_sys_clear(back);
    rf_sys_clear(sys);
    rf_net_clear(net);
}

/* Mutated and truncated JSON never crashes the reader (ASan/UBSan build):
 * it either reads a system, which then exports in every format, or
 * reports an input error. */
Test(export, json_reader_mutations)
{
    rf_sys_t sys;
    rf_net_t net;
    char *text, *buf;
    size_t len, k;
    flint_rand_t state;
    slong it, ok = 0, bad = 0;
    const char alphabet[] = "{}[]\",:0123456789-+*/^()xW_ab.e \n";
    sample_net(net);
    sample_fiber(sys, net, 1);
    text = tools_export_string(sys, RF_EXPORT_JSON);
    rf_sys_clear(sys);
    rf_net_clear(net);
    len = strlen(text);
    buf = malloc(len + 1);
    rf_test_randinit(state);
    for (it = 0; rf_test_loop(it, 1500); it++) {
        rf_err_t err;
        size_t n = len;
        int r;
        memcpy(buf, text, len + 1);
        for (k = 0; k < 1 + n_randint(state, 4); k++) {
            size_t pos = n_randint(state, n);
            switch (n_randint(state, 3)) {
            case 0: buf[pos] = alphabet[n_randint(state, sizeof alphabet - 1)]; break;
            case 1: n = pos; buf[n] = '\0'; break; /* truncate */
            default: memmove(buf + pos, buf + pos + 1, n - pos); n--; break; /* delete */
            }
            if (n == 0)
                break;
        }
        rf_err_init(err);
        rf_sys_init(sys, 0, NULL, NULL);
        r = rf_export_read_json_sys_buf(sys, buf, n, "mut.json", err);
        cr_assert(r == RF_OK || r == RF_ERR_INPUT, "code %d", r);
        if (r == RF_OK) {
            rf_export_fmt_t f;
            for (f = RF_EXPORT_M2; f <= RF_EXPORT_JSON; f++)
                free(tools_export_string(sys, f));
            ok++;
        } else {
            cr_assert(err->msg[0] != '\0');
            bad++;
        }
        rf_sys_clear(sys);
    }
    flint_randclear(state);
    cr_assert(bad > 0);
    free(buf);
    free(text);
}

/* --latex-names: exact names win over patterns, patterns in file order,
 * placeholders substituted; a name nothing matches keeps the default. */
static void map_is(const rf_export_latex_map_t *m, const char *name, const char *want, int mapped)
{
    char buf[256];
    cr_assert_eq(rf_export_latex_map_name(buf, sizeof buf, m, name), mapped, "%s", name);
    cr_assert_str_eq(buf, want, "%s", name);
}

Test(export, latex_map)
{
    const char *good = "# custom symbols\n"
                       "\n"
                       "W1_2_1   \\alpha  \n"
                       "W<l>_<i>_<j>\tw^{[<l>]}_{<i>,<j>}\r\n"
                       "b<l>_<i> \\beta^{<l>}_{<i>}\n"
                       "  mu_<k> \\mu_{<k>}\\,\\{x\\}\n"
                       "W<l>_1<i>_<j> never";   /* later pattern: W<l>_<i>_<j> wins */
    rf_export_latex_map_t *m;
    rf_err_t err;
    rf_err_init(err);
    cr_assert_eq(rf_export_latex_map_read_buf(&m, good, strlen(good), "good.txt", err), RF_OK,
                 "%s", err->msg);
    map_is(m, "W1_2_1", "\\alpha", 1);
    map_is(m, "W1_2_3", "w^{[1]}_{2,3}", 1);
    map_is(m, "W12_10_3", "w^{[12]}_{10,3}", 1);
    map_is(m, "b2_7", "\\beta^{2}_{7}", 1);
    map_is(m, "mu_3", "\\mu_{3}\\,\\{x\\}", 1);
    map_is(m, "t3", "t_{3}", 0);
    map_is(m, "W1_2", "W^{(1)}_{2}", 0);     /* pattern needs three indices */
    {
        char def[256];
        rf_export_latex_name(def, sizeof def, "Wx_2_3");
        map_is(m, "Wx_2_3", def, 0);
    }
    map_is(NULL, "W1_2_3", "W^{(1)}_{23}", 0);
    rf_export_latex_map_free(m);
    rf_err_clear(err);
}

/* Bad files: each an input error naming the line and the problem. */
Test(export, latex_map_errors)
{
    const struct { const char *text; long line; const char *msg; } bad[] = {
        {"W1_1_1\n", 1, "no LaTeX symbol"},
        {"# c\nW1_1_1   \t \n", 2, "no LaTeX symbol"},
        {"1W \\alpha\n", 1, "starts with a letter"},
        {"W-1 x\n", 1, "letters, digits"},
        {"W<l><i> x\n", 1, "two placeholders in a row"},
        {"W<l x\n", 1, "'<' without '>'"},
        {"W<> x\n", 1, "placeholder"},
        {"W<l1> x\n", 1, "letters only"},
        {"W<l>_<l> x\n", 1, "used twice"},
        {"Wl> x\n", 1, "'>' without '<'"},
        {"a b\nW x}\n", 2, "unbalanced braces"},
        {"W {x\n", 1, "unbalanced braces"},
        {"W $x$\n", 1, "math mode"},
        {"W x%y\n", 1, "comment out"},
        {"W x#y\n", 1, "'#'"},
        {"W<i> w_<j>\n", 1, "does not define"},
        {"W<i> a<b\n", 1, "'<' without '>'"},
        {"W a>b\n", 1, "'>' without '<'"},
        {"W a\nX b\nW c\n", 3, "mapped twice (first at line 1)"},
        {"W a\x01\n", 1, "control character"},
        {"W a\nX b\0c\n", 2, "control character"},
    };
    size_t i, len;
    rf_export_latex_map_t *m;
    rf_err_t err;
    char *longline;
    rf_err_init(err);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        len = strlen(bad[i].text);
        if (strstr(bad[i].msg, "control") && i + 1 == sizeof bad / sizeof bad[0])
            len = 12;                      /* with the NUL byte */
        cr_assert_eq(rf_export_latex_map_read_buf(&m, bad[i].text, len, "bad.txt", err),
                     RF_ERR_INPUT, "case %zu accepted", i);
        cr_assert_null(m);
        cr_assert_eq(err->line, bad[i].line, "case %zu: line %ld", i, err->line);
        cr_assert_str_eq(err->file, "bad.txt");
        cr_assert(strstr(err->msg, bad[i].msg) != NULL, "case %zu: %s", i, err->msg);
    }
    longline = malloc(5000);
    memset(longline, 'a', 4999);
    longline[4999] = '\0';
    cr_assert_eq(rf_export_latex_map_read_buf(&m, longline, 4999, "long.txt", err), RF_ERR_INPUT);
    cr_assert(strstr(err->msg, "longer than") != NULL);
    free(longline);
    cr_assert_eq(rf_export_latex_map_read(&m, "/nonexistent/names.txt", err), RF_ERR_IO);
    cr_assert(strstr(err->msg, "cannot open") != NULL);
    /* empty and comment-only files are fine (no entry) */
    cr_assert_eq(rf_export_latex_map_read_buf(&m, "", 0, "e.txt", err), RF_OK);
    rf_export_latex_map_free(m);
    cr_assert_eq(rf_export_latex_map_read_buf(&m, "# x\n\n", 5, "e.txt", err), RF_OK);
    rf_export_latex_map_free(m);
    rf_err_clear(err);
}

/* Fuzz: mutations of a good file are accepted or rejected with a line in
 * range; accepted maps give symbols with balanced braces and no '<' left
 * over from a placeholder (ASan/UBSan watch the reader). */
Test(export, latex_map_mutations)
{
    const char *good = "W1_2_1 \\alpha\nW<l>_<i>_<j> w^{[<l>]}_{<i>,<j>}\nb<l>_<i> \\beta_{<i>}^{<l>}\n";
    const char alphabet[] = "<>{}\\_ #$%\n\r\t0123456789Wblijx\x01";
    const char *names[] = {"W1_2_1", "W1_2_3", "b2_3", "W11_22_33", "x", "b1"};
    flint_rand_t st;
    slong it, n = rf_test_iters(3000), ok = 0, rej = 0;
    rf_err_t err;
    rf_test_randinit(st);
    rf_err_init(err);
    for (it = 0; rf_test_loop(it, n); it++) {
        char buf[256];
        size_t len = strlen(good), k, nm = 1 + n_randint(st, 4);
        long lines = 1;
        rf_export_latex_map_t *m;
        memcpy(buf, good, len);
        for (k = 0; k < nm; k++) {
            size_t pos = n_randint(st, len + 1);
            int op = (int) n_randint(st, 3);
            if (op == 0 && len < sizeof buf - 1) {          /* insert */
                memmove(buf + pos + 1, buf + pos, len - pos);
                buf[pos] = alphabet[n_randint(st, sizeof alphabet - 1)];
                len++;
            } else if (op == 1 && pos < len) {               /* delete */
                memmove(buf + pos, buf + pos + 1, len - pos - 1);
                len--;
            } else if (pos < len) {                          /* replace */
                buf[pos] = alphabet[n_randint(st, sizeof alphabet - 1)];
            }
        }
        for (k = 0; k < len; k++)
            lines += buf[k] == '\n';
        if (rf_export_latex_map_read_buf(&m, buf, len, "fuzz.txt", err) == RF_OK) {
            size_t j;
            ok++;
            for (j = 0; j < sizeof names / sizeof names[0]; j++) {
                char out[512];
                long depth = 0;
                const char *s;
                rf_export_latex_map_name(out, sizeof out, m, names[j]);
                for (s = out; *s; s++) {
                    if (*s == '\\' && s[1]) { s++; continue; }
                    depth += (*s == '{') - (*s == '}');
                    cr_assert(depth >= 0, RF_TEST_CTX_FMT ": %s", RF_TEST_CTX_ARGS, out);
                    cr_assert(*s != '<' && *s != '$' && *s != '%', RF_TEST_CTX_FMT ": %s",
                              RF_TEST_CTX_ARGS, out);
                }
                cr_assert_eq(depth, 0, RF_TEST_CTX_FMT ": %s", RF_TEST_CTX_ARGS, out);
            }
            rf_export_latex_map_free(m);
        } else {
            rej++;
            cr_assert(m == NULL);
            cr_assert(err->line >= 1 && err->line <= lines, RF_TEST_CTX_FMT ": line %ld of %ld",
                      RF_TEST_CTX_ARGS, err->line, lines);
        }
    }
    cr_assert(ok > 0 && rej > 0, "accepted %ld, rejected %ld", (long) ok, (long) rej);
    flint_randclear(st);
    rf_err_clear(err);
}

/* --cas-check without any tool: every component "unknown (... not found on
 * PATH)", exit 0, never "yes"; bad values of the options: exit 2. */
Test(export, cas_check_no_tool)
{
    char cmd[4096], *out;
    const char *bin = getenv("RF_BIN"), *ex = getenv("RF_EXAMPLES");
    int st;
    cr_assert(bin != NULL && ex != NULL);
    snprintf(cmd, sizeof cmd, "PATH=/nonexistent '%s' fiber --cas-check '%s/shallow_2_3_1.rfn'",
             bin, ex);
    out = tools_run(cmd, 1, &st);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "component 5 (") != NULL, "%s", out);
    cr_assert(strstr(out, "irreducible: unknown (neither Singular nor Macaulay2 (M2) found on PATH)")
              != NULL, "%s", out);
    cr_assert(strstr(out, "irreducible: yes") == NULL, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "PATH=/nonexistent '%s' fiber --cas-check=singular --format m2 '%s/shallow_2_3_1.rfn'",
             bin, ex);
    out = tools_run(cmd, 0, &st);           /* stdout only: the report goes to stderr */
    cr_assert_eq(st, 0);
    cr_assert(strstr(out, "irreducible") == NULL && strstr(out, "rfComponents") != NULL);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' fiber --cas-check=maple '%s/shallow_2_3_1.rfn'", bin, ex);
    out = tools_run(cmd, 1, &st);
    cr_assert_eq(st, 2);
    cr_assert(strstr(out, "singular, m2 or auto") != NULL, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' fiber --cas-check --cas-time-limit -1 '%s/shallow_2_3_1.rfn'", bin, ex);
    out = tools_run(cmd, 1, &st);
    cr_assert_eq(st, 2);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' export --cas-check --to smt2 '%s/shallow_2_3_1.rfn' '%s/shallow_2_3_1.rfn'",
             bin, ex, ex);
    out = tools_run(cmd, 1, &st);
    cr_assert_eq(st, 2);
    free(out);
}
