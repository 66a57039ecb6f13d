/* Every command's --json output is valid JSON (parsed with jansson) on the
 * bundled examples, and its main fields say the right thing: architecture
 * and parameter count (recomputed from the file), equivalence verdicts
 * (known pairs; separating inputs re-evaluated with 'eval'), ranks within
 * their bounds, exit codes consistent with the verdicts. Also the --format
 * outputs of identifiable and equiv, checked with the library's JSON reader
 * and z3. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <jansson.h>
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/shallow.h"
#include "relufiber/export.h"

/* Run RF_BIN with args (a shell fragment); stdout into *out (malloc'ed),
 * stderr discarded. Returns the exit status. */
static int run(char **out, const char *args)
{
    char cmd[8192];
    const char *bin = getenv("RF_BIN");
    FILE *p;
    size_t len = 0, cap = 1 << 14, got;
    int st;
    cr_assert(bin != NULL, "RF_BIN not set");
    snprintf(cmd, sizeof(cmd), "'%s' %s 2>/dev/null", bin, args);
    p = popen(cmd, "r");
    cr_assert(p != NULL);
    *out = malloc(cap);
    while ((got = fread(*out + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 4096)
            *out = realloc(*out, cap *= 2);
    }
    (*out)[len] = '\0';
    st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int parse_failures = 0, parsed = 0;

/* Parse the output of a command; a failure is counted and reported. */
static json_t *parse(const char *out, const char *what)
{
    json_error_t e;
    json_t *j = json_loads(out, 0, &e);
    if (j == NULL) {
        parse_failures++;
        cr_expect(0, "%s: invalid JSON (line %d: %s): %.300s", what, e.line, e.text, out);
    } else {
        parsed++;
    }
    return j;
}

/* Bundled example networks, sorted. */
static int list_examples(char names[][128], int max)
{
    const char *dir = getenv("RF_EXAMPLES");
    DIR *d;
    struct dirent *e;
    int n = 0, i, j;
    cr_assert(dir != NULL, "RF_EXAMPLES not set");
    d = opendir(dir);
    cr_assert(d != NULL);
    while ((e = readdir(d)) != NULL && n < max) {
        size_t l = strlen(e->d_name);
        if (l > 4 && l < 120 && !strcmp(e->d_name + l - 4, ".rfn"))
            strcpy(names[n++], e->d_name);
    }
    closedir(d);
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            if (strcmp(names[i], names[j]) > 0) {
                char t[128];
                strcpy(t, names[i]);
                strcpy(names[i], names[j]);
                strcpy(names[j], t);
            }
    return n;
}

static const char *ex(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "'%s/%s'", getenv("RF_EXAMPLES"), name);
    return buf;
}

/* The "arch" line of an .rfn file, read independently of the library. */
static int read_arch(long *dims, int max, const char *name)
{
    char path[1024], line[1024];
    FILE *f;
    int n = 0;
    snprintf(path, sizeof(path), "%s/%s", getenv("RF_EXAMPLES"), name);
    f = fopen(path, "r");
    cr_assert(f != NULL, "%s", path);
    while (fgets(line, sizeof(line), f))
        if (!strncmp(line, "arch", 4)) {
            char *p = line + 4, *e;
            long v;
            while (n < max && (v = strtol(p, &e, 10), e != p)) {
                dims[n++] = v;
                p = e;
            }
            break;
        }
    fclose(f);
    return n;
}

/* All single-network commands on every example. */
Test(json_outputs, every_command_every_example)
{
    char names[64][128], buf[512], args[2048];
    int nex = list_examples(names, 64), k, ok_cmd[12] = {0};
    cr_assert(nex >= 10, "only %d examples", nex);
    for (k = 0; k < nex; k++) {
        long dims[16], D = 0, H = 0;
        int L = read_arch(dims, 16, names[k]) - 1, l, rc;
        char *out, x1[256] = "", x2[256] = "";
        json_t *j, *v;
        const char *f = ex(buf, sizeof(buf), names[k]);
        cr_assert(L >= 1, "%s: no arch line", names[k]);
        for (l = 1; l <= L; l++)
            D += dims[l] * (dims[l - 1] + 1);
        for (l = 1; l < L; l++)
            H += dims[l];
        for (l = 0; l < dims[0]; l++) {
            snprintf(x1 + strlen(x1), sizeof(x1) - strlen(x1), "%s%d/7", l ? "," : "", 3 * l - 2);
            snprintf(x2 + strlen(x2), sizeof(x2) - strlen(x2), "%s%d/3", l ? "," : "", 5 - 2 * l);
        }

        /* info: arch and parameter count */
        snprintf(args, sizeof(args), "info --json %s", f);
        rc = run(&out, args);
        cr_expect_eq(rc, 0, "info %s", names[k]);
        if ((j = parse(out, "info")) != NULL) {
            v = json_object_get(j, "arch");
            cr_expect(json_is_array(v) && (long) json_array_size(v) == L + 1, "info %s: arch", names[k]);
            for (l = 0; v && l <= L && l < (int) json_array_size(v); l++)
                cr_expect_eq(json_integer_value(json_array_get(v, l)), dims[l], "info %s: arch[%d]", names[k], l);
            cr_expect_eq(json_integer_value(json_object_get(j, "params")), D, "info %s: params", names[k]);
            cr_expect_eq(json_integer_value(json_object_get(j, "hidden")), H, "info %s: hidden", names[k]);
            json_decref(j);
            ok_cmd[0]++;
        }
        free(out);

        /* eval: two inputs, outputs of the right length, patterns of length H */
        snprintf(args, sizeof(args), "eval --json %s %s %s", f, x1, x2);
        rc = run(&out, args);
        cr_expect_eq(rc, 0, "eval %s", names[k]);
        if ((j = parse(out, "eval")) != NULL) {
            json_t *r = json_object_get(j, "results");
            cr_expect(json_is_array(r) && json_array_size(r) == 2, "eval %s: results", names[k]);
            for (l = 0; r && l < (int) json_array_size(r); l++) {
                json_t *e = json_array_get(r, l);
                cr_expect_eq((long) json_array_size(json_object_get(e, "y")), dims[L], "eval %s: y", names[k]);
                cr_expect_eq((long) strlen(json_string_value(json_object_get(e, "pattern"))
                                               ? json_string_value(json_object_get(e, "pattern")) : ""),
                             H, "eval %s: pattern", names[k]);
            }
            json_decref(j);
            ok_cmd[1]++;
        }
        free(out);

        /* canon: any depth (the shallow form for one hidden layer, the
         * any-depth form with its re-checked trace otherwise) */
        snprintf(args, sizeof(args), "canon --json %s", f);
        rc = run(&out, args);
        cr_expect_eq(rc, 0, "canon %s", names[k]);
        if (rc == 0 && (j = parse(out, "canon")) != NULL) {
            cr_expect(json_is_object(json_object_get(j, "canonical")), "canon %s", names[k]);
            if (L != 2)
                cr_expect(json_is_true(json_object_get(j, "verified")), "canon %s", names[k]);
            json_decref(j);
            ok_cmd[2]++;
        }
        free(out);
        /* align: a network against itself; the map is re-checked, and the
         * residual is 0 unless ties (twins, zero rows) are matched the other
         * way round */
        snprintf(args, sizeof(args), "align --json %s %s", f, f);
        rc = run(&out, args);
        cr_expect_eq(rc, 0, "align %s", names[k]);
        if (rc == 0 && (j = parse(out, "align")) != NULL) {
            json_t *hl = json_object_get(j, "hidden_layers");
            cr_expect(json_is_true(json_object_get(j, "verified")), "align %s", names[k]);
            cr_expect(json_is_array(hl) && (long) json_array_size(hl) == L - 1, "align %s: layers", names[k]);
            cr_expect(json_is_boolean(json_object_get(j, "equivalent")), "align %s", names[k]);
            json_decref(j);
        }
        free(out);
        snprintf(args, sizeof(args), "identifiable --json %s", f);
        rc = run(&out, args);
        cr_expect(L == 2 ? (rc == 0 || rc == 1) : rc == 2, "identifiable %s: exit %d", names[k], rc);
        if ((rc == 0 || rc == 1) && (j = parse(out, "identifiable")) != NULL) {
            json_t *cs = json_object_get(j, "conditions");
            size_t i;
            cr_expect_eq(json_is_true(json_object_get(j, "generic_identifiable")), rc == 0,
                         "identifiable %s: verdict vs exit code", names[k]);
            cr_expect(json_is_array(cs) && json_array_size(cs) > 0, "identifiable %s", names[k]);
            for (i = 0; cs && i < json_array_size(cs); i++) {
                json_t *c = json_array_get(cs, i);
                const char *rel = json_string_value(json_object_get(c, "relation"));
                const char *val = json_string_value(json_object_get(c, "value"));
                int zero, neg, holds;
                cr_assert(rel && val, "identifiable %s: condition %zu", names[k], i);
                zero = !strcmp(val, "0");
                neg = val[0] == '-';
                holds = !strcmp(rel, "!= 0") ? !zero : !strcmp(rel, "== 0") ? zero : neg;
                cr_expect_eq(json_is_true(json_object_get(c, "holds")), holds,
                             "identifiable %s: condition %zu holds?", names[k], i);
            }
            json_decref(j);
            ok_cmd[3]++;
        }
        free(out);

        /* fiber: shallow and three-layer bottleneck networks */
        snprintf(args, sizeof(args), "fiber --json %s", f);
        rc = run(&out, args);
        cr_expect(rc == 0 || rc == 2, "fiber %s: exit %d", names[k], rc);
        if (rc == 0 && (j = parse(out, "fiber")) != NULL) {
            cr_expect(json_array_size(json_object_get(j, "components")) > 0, "fiber %s", names[k]);
            cr_expect_eq((long) json_array_size(json_object_get(j, "variables")) >= D, 1, "fiber %s", names[k]);
            json_decref(j);
            ok_cmd[4]++;
        }
        free(out);

        /* fdim: D, H, bound = D - H, rank <= bound */
        snprintf(args, sizeof(args), "fdim --json %s", f);
        rc = run(&out, args);
        cr_expect_eq(rc, 0, "fdim %s", names[k]);
        if ((j = parse(out, "fdim")) != NULL) {
            json_t *t = json_object_get(j, "true");
            cr_expect_eq(json_integer_value(json_object_get(j, "D")), D, "fdim %s: D", names[k]);
            cr_expect_eq(json_integer_value(json_object_get(j, "H")), H, "fdim %s: H", names[k]);
            cr_expect_eq(json_integer_value(json_object_get(j, "bound")), D - H, "fdim %s: bound", names[k]);
            cr_expect(json_is_integer(json_object_get(t, "rank")), "fdim %s: rank", names[k]);
            cr_expect(json_integer_value(json_object_get(t, "rank")) <= D - H, "fdim %s: rank", names[k]);
            cr_expect(json_integer_value(json_object_get(t, "rank")) >= 0, "fdim %s: rank", names[k]);
            json_decref(j);
            ok_cmd[5]++;
        }
        free(out);

        /* embed */
        snprintf(args, sizeof(args), "embed --json %s", f);
        rc = run(&out, args);
        cr_expect_eq(rc, 0, "embed %s", names[k]);
        if ((j = parse(out, "embed")) != NULL) {
            cr_expect_eq(json_integer_value(json_object_get(j, "D")), D, "embed %s: D", names[k]);
            cr_expect(json_integer_value(json_object_get(j, "dphi_rank"))
                      <= json_integer_value(json_object_get(j, "paths")), "embed %s: rank", names[k]);
            json_decref(j);
            ok_cmd[6]++;
        }
        free(out);

        /* conserve */
        snprintf(args, sizeof(args), "conserve --json %s", f);
        rc = run(&out, args);
        cr_expect_eq(rc, 0, "conserve %s", names[k]);
        if (rc == 0 && (j = parse(out, "conserve")) != NULL) {
            json_decref(j);
            ok_cmd[7]++;
        }
        free(out);

        /* convert to JSON on stdout: the PyTorch layout */
        snprintf(args, sizeof(args), "convert --json %s -", f);
        rc = run(&out, args);
        cr_expect_eq(rc, 0, "convert %s", names[k]);
        if ((j = parse(out, "convert")) != NULL) {
            json_t *ls = json_object_get(j, "layers");
            cr_expect_eq((long) json_array_size(ls), (long) L, "convert %s: layers", names[k]);
            for (l = 0; ls && l < (int) json_array_size(ls); l++) {
                json_t *w = json_object_get(json_array_get(ls, l), "weight");
                cr_expect_eq((long) json_array_size(w), dims[l + 1], "convert %s: layer %d rows", names[k], l);
                cr_expect_eq((long) json_array_size(json_array_get(w, 0)), dims[l], "convert %s: cols", names[k]);
            }
            json_decref(j);
            ok_cmd[8]++;
        }
        free(out);

        /* export of the fiber (where a fiber exists) */
        snprintf(args, sizeof(args), "export --json %s", f);
        rc = run(&out, args);
        if (rc == 0 && (j = parse(out, "export")) != NULL) {
            cr_expect_str_eq(json_string_value(json_object_get(j, "format")), "relufiber-system");
            json_decref(j);
            ok_cmd[9]++;
        }
        free(out);
    }
    /* every command produced JSON on several examples */
    for (k = 0; k < 10; k++)
        cr_expect(ok_cmd[k] >= 3, "command #%d: only %d JSON outputs", k, ok_cmd[k]);
    cr_expect_eq(parse_failures, 0, "%d invalid JSON outputs (of %d)", parse_failures, parsed + parse_failures);
}

/* equiv --json on known pairs: verdict, method, exit code; a separating
 * input is re-evaluated with 'eval' and must give exactly f_A and f_B. */
typedef struct {
    const char *a, *b, *verdict;
} pair_t;

static void check_output_at(const char *net, json_t *x, json_t *y, const char *what)
{
    char buf[512], args[4096] = "", *out;
    size_t i, len;
    json_t *j;
    len = (size_t) snprintf(args, sizeof(args), "eval --json %s ", ex(buf, sizeof(buf), net));
    for (i = 0; i < json_array_size(x); i++)
        len += (size_t) snprintf(args + len, sizeof(args) - len, "%s%s", i ? "," : "",
                                 json_string_value(json_array_get(x, i)));
    cr_assert_eq(run(&out, args), 0, "%s", args);
    j = parse(out, "eval");
    cr_assert(j != NULL);
    cr_expect(json_equal(json_object_get(json_array_get(json_object_get(j, "results"), 0), "y"), y),
              "%s: f(x) of the certificate differs from eval", what);
    json_decref(j);
    free(out);
}

Test(json_outputs, equiv_verdicts)
{
    static const pair_t pairs[] = {
        {"shallow_2_3_1.rfn", "shallow_2_3_1_sym.rfn", "equivalent"},
        {"shallow_2_3_1.rfn", "shallow_2_3_1_pert.rfn", "not_equivalent"},
        {"shallow_flip_a.rfn", "shallow_flip_b.rfn", "equivalent"},
        {"three_e2_a.rfn", "three_e2_b.rfn", "equivalent"},
        {"three_e3_a.rfn", "three_e3_b.rfn", "equivalent"},
        {"three_e6_a.rfn", "three_e6_b.rfn", "equivalent"},
        {"fdim_1111_full.rfn", "fdim_1111_dead.rfn", "not_equivalent"},
        {"fdim_deep_2_4_4_1.rfn", "fdim_deep_2_4_4_1.rfn", "equivalent"},
        {"three_e3_a.rfn", "three_e3_dead.rfn", NULL},
    };
    char b1[512], b2[512], args[2048], *out;
    size_t k;
    int z3 = system("command -v z3 >/dev/null 2>&1") == 0;
    if (!z3)
        cr_log_warn("z3 not on PATH: the --cross-check part of equiv_verdicts is SKIPPED");
    for (k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
        const pair_t *p = pairs + k;
        json_t *j;
        const char *verdict, *method;
        int rc;
        snprintf(args, sizeof(args), "equiv --json %s %s %s", z3 ? "--cross-check z3" : "",
                 ex(b1, sizeof(b1), p->a), ex(b2, sizeof(b2), p->b));
        rc = run(&out, args);
        j = parse(out, "equiv");
        cr_assert(j != NULL, "%s", args);
        verdict = json_string_value(json_object_get(j, "verdict"));
        method = json_string_value(json_object_get(j, "method"));
        cr_assert(verdict && method && method[0], "equiv %s %s: verdict/method", p->a, p->b);
        if (p->verdict)
            cr_expect_str_eq(verdict, p->verdict, "equiv %s %s", p->a, p->b);
        cr_expect_eq(rc, !strcmp(verdict, "equivalent") ? 0 : !strcmp(verdict, "not_equivalent") ? 1 : 2,
                     "equiv %s %s: exit code", p->a, p->b);
        if (!strcmp(verdict, "not_equivalent")) {
            json_t *x = json_object_get(j, "x");
            cr_expect(!json_equal(json_object_get(j, "f_A"), json_object_get(j, "f_B")));
            check_output_at(p->a, x, json_object_get(j, "f_A"), "f_A");
            check_output_at(p->b, x, json_object_get(j, "f_B"), "f_B");
        }
        if (z3) {
            json_t *xc = json_object_get(j, "cross_check");
            cr_expect_str_eq(json_string_value(json_object_get(xc, "solver")), "z3");
            cr_expect(json_is_true(json_object_get(xc, "agrees")), "equiv %s %s: z3 cross-check: %s", p->a, p->b,
                      json_string_value(json_object_get(xc, "status")));
        }
        json_decref(j);
        free(out);
    }
    /* --no-search: the three-layer procedure decides, with a separating
     * input of small height (rf_equiv_shrink_separating) */
    snprintf(args, sizeof(args), "equiv --json --no-search %s %s", ex(b1, sizeof(b1), "three_e4_hidden.rfn"),
             ex(b2, sizeof(b2), "three_e4_b1only.rfn"));
    cr_expect_eq(run(&out, args), 1);
    {
        json_t *j = parse(out, "equiv --no-search"), *x;
        size_t i;
        cr_assert(j != NULL);
        cr_expect_str_eq(json_string_value(json_object_get(j, "method")), "three-layer-line-test");
        x = json_object_get(j, "x");
        cr_assert(json_is_array(x));
        for (i = 0; i < json_array_size(x); i++) {
            const char *e = json_string_value(json_array_get(x, i));
            cr_expect(e != NULL && strlen(e) <= 12, "entry %s of x is not small", e ? e : "?");
        }
        check_output_at("three_e4_hidden.rfn", x, json_object_get(j, "f_A"), "f_A");
        check_output_at("three_e4_b1only.rfn", x, json_object_get(j, "f_B"), "f_B");
        json_decref(j);
    }
    free(out);
    /* a region cap: unknown, exit 2, still valid JSON with a reason */
    snprintf(args, sizeof(args), "equiv --json --exhaustive --max-regions 1 %s %s", ex(b1, sizeof(b1), "fdim_deep_2_4_4_1.rfn"),
             ex(b2, sizeof(b2), "fdim_deep_2_4_4_1.rfn"));
    cr_expect_eq(run(&out, args), 2);
    {
        json_t *j = parse(out, "equiv --max-regions");
        cr_assert(j != NULL);
        cr_expect_str_eq(json_string_value(json_object_get(j, "verdict")), "unknown");
        cr_expect(json_is_string(json_object_get(j, "reason")));
        json_decref(j);
    }
    free(out);
    cr_expect_eq(parse_failures, 0);
}

/* equiv --format smt2: z3 answers unsat iff the networks are equivalent. */
Test(json_outputs, equiv_smt2_query_z3)
{
    static const pair_t pairs[] = {
        {"shallow_2_3_1.rfn", "shallow_2_3_1_sym.rfn", "unsat"},
        {"shallow_2_3_1.rfn", "shallow_2_3_1_pert.rfn", "sat"},
        {"three_e3_a.rfn", "three_e3_b.rfn", "unsat"},
        {"fdim_1111_full.rfn", "fdim_1111_dead.rfn", "sat"},
    };
    char b1[512], b2[512], args[2048], path[] = "/tmp/rf_equiv_XXXXXX", *out;
    size_t k;
    int fd, rc;
    if (system("command -v z3 >/dev/null 2>&1") != 0) {
        cr_log_warn("z3 not on PATH: equiv_smt2_query_z3 SKIPPED");
        cr_skip_test("z3 not installed");
    }
    fd = mkstemp(path);
    cr_assert(fd >= 0);
    for (k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
        char cmd[1024], ans[64] = "";
        FILE *p;
        snprintf(args, sizeof(args), "equiv --format smt2 -o %s %s %s", path, ex(b1, sizeof(b1), pairs[k].a),
                 ex(b2, sizeof(b2), pairs[k].b));
        rc = run(&out, args);
        free(out);
        cr_expect_eq(rc, strcmp(pairs[k].verdict, "unsat") ? 1 : 0, "%s", args);
        snprintf(cmd, sizeof(cmd), "z3 -T:60 %s 2>&1 | head -1", path);
        p = popen(cmd, "r");
        cr_assert(p != NULL);
        cr_assert(fgets(ans, sizeof(ans), p) != NULL);
        pclose(p);
        ans[strcspn(ans, "\n")] = '\0';
        cr_expect_str_eq(ans, pairs[k].verdict, "z3 on the query of %s %s", pairs[k].a, pairs[k].b);
    }
    close(fd);
    unlink(path);
}

/* identifiable --format json: the exported system, read back by the
 * library's reader, evaluated at the network's parameters, agrees with the
 * library's report: the same multiset of condition values (generic part),
 * and every constraint holds iff the network is generic. */
Test(json_outputs, identifiable_system_matches_report)
{
    static const char *nets[] = {"shallow_2_3_1.rfn", "shallow_generic.rfn", "shallow_abs.rfn",
                                 "shallow_flip_a.rfn", "shallow_2_3_1_pert.rfn"};
    char buf[512], args[2048], *out;
    size_t k;
    for (k = 0; k < sizeof(nets) / sizeof(nets[0]); k++) {
        rf_net_t net;
        rf_sys_t sys;
        rf_err_t err;
        rf_shallow_ident_t I;
        fmpq *theta, **ptr;
        fmpq_t v;
        slong D, i, c, nfail = 0;
        int rc;
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", getenv("RF_EXAMPLES"), nets[k]);
        snprintf(args, sizeof(args), "identifiable --format json %s", ex(buf, sizeof(buf), nets[k]));
        rc = run(&out, args);
        cr_assert(rc == 0 || rc == 1, "%s: exit %d", args, rc);
        rf_err_init(err);
        rf_net_init(net, 1, (slong[]) {1, 1});
        cr_assert_eq(rf_io_read_file(net, path, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), 0);
        rf_sys_init(sys, 0, NULL, NULL);
        cr_assert_eq(rf_export_read_json_sys_buf(sys, out, strlen(out), "identifiable", err), 0, "%s", err->msg);
        cr_assert_eq(sys->ncomp, 1);
        cr_expect_str_eq(sys->comps[0].name, "generic set");
        D = rf_net_num_params(net);
        cr_assert_eq(sys->nvars, D);
        theta = _fmpq_vec_init(D);
        ptr = malloc((size_t) D * sizeof(fmpq *));
        rf_net_get_params(theta, net);
        for (i = 0; i < D; i++) {
            char name[64];
            rf_net_param_name(name, sizeof(name), net, i);
            cr_assert_str_eq(sys->vars[i], name);
            ptr[i] = theta + i;
        }
        rf_shallow_ident_init(I);
        cr_assert_eq(rf_shallow_identifiable(I, net, NULL, NULL, err), 0);
        cr_expect_eq(rc, I->generic ? 0 : 1);
        /* library values: every listed condition (n <= 8: all of them) */
        cr_assert_eq(sys->comps[0].len, I->len, "%s: %ld constraints, library %ld conditions", nets[k],
                     (long) sys->comps[0].len, (long) I->len);
        fmpq_init(v);
        {
            fmpq *mine = _fmpq_vec_init(I->len), *lib = _fmpq_vec_init(I->len);
            for (c = 0; c < sys->comps[0].len; c++) {
                cr_expect_eq(sys->comps[0].cons[c].rel, RF_SYS_REL_NE);
                fmpq_mpoly_evaluate_all_fmpq(mine + c, &sys->comps[0].cons[c].poly, ptr, sys->ctx);
                fmpq_set(lib + c, I->conds[c].value);
                if (fmpq_is_zero(mine + c))
                    nfail++;
            }
            _fmpq_vec_sort(mine, I->len);
            _fmpq_vec_sort(lib, I->len);
            for (c = 0; c < I->len; c++)
                cr_expect(fmpq_equal(mine + c, lib + c), "%s: value %ld differs", nets[k], (long) c);
            _fmpq_vec_clear(mine, I->len);
            _fmpq_vec_clear(lib, I->len);
        }
        cr_expect_eq(nfail == 0, I->generic != 0, "%s: exported conditions vs library verdict", nets[k]);
        fmpq_clear(v);
        rf_shallow_ident_clear(I);
        free(ptr);
        _fmpq_vec_clear(theta, D);
        rf_sys_clear(sys);
        rf_net_clear(net);
        rf_err_clear(err);
        free(out);
    }
}

/* Every option a command parses is documented in its --help, which also
 * states the exit status. (fiber and conserve are checked for options
 * only.) */
Test(json_outputs, help_texts_complete)
{
    static const struct {
        const char *cmd, *opts[16];
        int exit_line;
    } H[] = {
        {"eval", {NULL}, 1},
        {"info", {"--names", NULL}, 1},
        {"convert", {"--to", "--floats", NULL}, 1},
        {"canon", {"--moves", "--realize", NULL}, 1},
        {"equiv", {"--format", "-o FILE", "--max-regions", "--cross-check", "--timeout", NULL}, 1},
        {"identifiable", {"--box", "--verbose", "--format", "-o FILE", NULL}, 1},
        {"fdim", {"--points", "--random", "--seed", "--true", "--box", "--cap", "--all-regions",
                  "--no-mechanisms", "--kernel", "--prime-bits", "--threads", NULL}, 1},
        {"embed", {"--phi", "--points", "--random", "--seed", "--box", NULL}, 1},
        {"export", {"--to", "--what", "-o FILE", NULL}, 1},
        {"fiber", {"--format", "-o FILE", "--report", NULL}, 0},
        {"conserve", {"--data", "--level-set", "--local", "--format", NULL}, 0},
        {"align", {"-o FILE", "--norm", "--full", NULL}, 1},
    };
    static const char *common[] = {"--input-format", "--json-floats", "--json", "--help"};
    char args[128], *out;
    size_t k, o;
    for (k = 0; k < sizeof(H) / sizeof(H[0]); k++) {
        snprintf(args, sizeof(args), "%s --help", H[k].cmd);
        cr_expect_eq(run(&out, args), 0, "%s", args);
        cr_expect(strstr(out, "usage: relufiber ") != NULL, "%s", args);
        for (o = 0; H[k].opts[o]; o++)
            cr_expect(strstr(out, H[k].opts[o]) != NULL, "%s: %s undocumented", args, H[k].opts[o]);
        for (o = 0; o < 4; o++)
            cr_expect(strstr(out, common[o]) != NULL, "%s: %s undocumented", args, common[o]);
        if (H[k].exit_line)
            cr_expect(strstr(out, "Exit status") != NULL, "%s: no exit status", args);
        free(out);
    }
}
