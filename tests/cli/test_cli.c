/* The relufiber executable: exit codes, help texts, error messages, and
 * exact results through the command line. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* Run RF_BIN with args (a shell fragment); capture stdout+stderr. */
static int run(char *out, size_t n, const char *args)
{
    char cmd[4096];
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

static char *ex(const char *name)
{
    static char buf[2048];
    snprintf(buf, sizeof(buf), "'%s/%s'", getenv("RF_EXAMPLES"), name);
    return buf;
}

Test(cli, version_and_usage)
{
    char out[1 << 14];
    cr_assert_eq(run(out, sizeof(out), "--version"), 0);
    cr_assert(strstr(out, "relufiber ") != NULL);
    cr_assert_eq(run(out, sizeof(out), "--help"), 0);
    cr_assert(strstr(out, "equiv") && strstr(out, "fiber") && strstr(out, "fdim"));
    cr_assert_eq(run(out, sizeof(out), ""), 2);
    cr_assert_eq(run(out, sizeof(out), "frobnicate"), 2);
    cr_assert(strstr(out, "unknown command 'frobnicate'") != NULL);
}

Test(cli, every_command_has_help)
{
    const char *cmds[] = {"eval", "info", "convert", "canon", "equiv", "fiber",
                          "identifiable", "fdim", "embed", "export", "conserve"};
    char out[1 << 14], args[128];
    size_t k;
    for (k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++) {
        snprintf(args, sizeof(args), "%s --help", cmds[k]);
        cr_expect_eq(run(out, sizeof(out), args), 0, "%s --help exit code", cmds[k]);
        cr_expect(strstr(out, "usage: relufiber") != NULL, "%s --help text", cmds[k]);
    }
}

Test(cli, eval_exact)
{
    char out[1 << 14], args[4096];
    snprintf(args, sizeof(args), "eval %s 2,-1/3 1,1", ex("shallow_2_3_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    /* computed by hand: f(2,-1/3) = 7/3 + 7 - 5/6 + 1/2 = 9; f(1,1) = -2 */
    cr_assert(strstr(out, "f(2, -1/3) = (9)") != NULL, "%s", out);
    cr_assert(strstr(out, "f(1, 1) = (-2)") != NULL, "%s", out);
    cr_assert(strstr(out, "on a breakpoint") != NULL, "(1,1) lies on x1 = x2");
    snprintf(args, sizeof(args), "eval %s 1,2,3", ex("shallow_2_3_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2, "wrong input length");
}

Test(cli, bad_file_names_file_and_line)
{
    char out[1 << 14], path[] = "/tmp/rf_cli_badXXXXXX";
    char args[256];
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs("# bad\narch 2 1\nW1\n1 2\nb1 1/0\n", f);
    fclose(f);
    snprintf(args, sizeof(args), "info --input-format rfn %s", path);
    cr_assert_eq(run(out, sizeof(out), args), 2);
    cr_assert(strstr(out, ":5: error:") != NULL, "%s", out);
    cr_assert(strstr(out, "zero denominator") != NULL, "%s", out);
    snprintf(args, sizeof(args), "info /nonexistent/x.rfn");
    cr_assert_eq(run(out, sizeof(out), args), 2);
    cr_assert(strstr(out, "cannot open") != NULL, "%s", out);
    remove(path);
}

Test(cli, convert_roundtrip_exact)
{
    char out[1 << 14], args[4096], dir[] = "/tmp/rf_cli_XXXXXX", cmd[512];
    cr_assert(mkdtemp(dir) != NULL);
    snprintf(args, sizeof(args), "convert %s %s/a.json", ex("shallow_2_3_1.rfn"), dir);
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    snprintf(args, sizeof(args), "convert %s/a.json %s/a.rfn", dir, dir);
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    snprintf(args, sizeof(args), "convert %s %s/b.rfn", ex("shallow_2_3_1.rfn"), dir);
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    snprintf(cmd, sizeof(cmd), "cmp -s %s/a.rfn %s/b.rfn", dir, dir);
    cr_assert_eq(system(cmd), 0, "rfn -> json -> rfn must be the identity");
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* equiv follows cmp/diff: 0 equivalent, 1 not, 2 error; the separating
 * input printed really separates (re-evaluated here through eval). */
Test(cli, equiv_exit_codes_and_certificates)
{
    char out[1 << 15], args[8192], a[2048];
    snprintf(a, sizeof(a), "%s", ex("shallow_2_3_1.rfn"));
    snprintf(args, sizeof(args), "equiv %s %s", a, ex("shallow_2_3_1_sym.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "equivalent (decided by shallow-canonical)") != NULL, "%s", out);
    cr_assert(strstr(out, "scaling lambda = 4") != NULL, "%s", out);
    snprintf(args, sizeof(args), "equiv %s %s", a, ex("shallow_2_3_1_pert.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 1, "%s", out);
    cr_assert(strstr(out, "separating input x = (1/4, 0)") != NULL, "%s", out);
    /* f_A(1/4,0) = 1/4 + 3/2*1/2 + 0 + 1/2 = 3/2 ; f_B = 1/4 + 3003/4000 + 1/2 */
    cr_assert(strstr(out, "f_A(x) = (3/2)") != NULL, "%s", out);
    cr_assert(strstr(out, "f_B(x) = (6003/4000)") != NULL, "%s", out);
    snprintf(args, sizeof(args), "eval %s 1/4,0", ex("shallow_2_3_1_pert.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 0);
    cr_assert(strstr(out, "= (6003/4000)") != NULL, "%s", out);
    snprintf(args, sizeof(args), "equiv --json %s %s", a, ex("shallow_2_3_1_pert.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 1);
    cr_assert(strstr(out, "\"verdict\": \"not_equivalent\"") != NULL, "%s", out);
    snprintf(args, sizeof(args), "equiv %s %s", a, ex("three_e2_a.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2, "dimension mismatch is an error");
    cr_assert(strstr(out, "three_e2_a.rfn: error: the networks have different input or output dimensions") != NULL,
              "the message names the inputs: %s", out);
    snprintf(args, sizeof(args), "equiv %s", a);
    cr_assert_eq(run(out, sizeof(out), args), 2, "missing argument");
}

/* --box LO:HI with single numbers applies to every coordinate; the
 * separating input lies in the box; the SMT query carries the box. */
Test(cli, equiv_box_every_coordinate)
{
    char out[1 << 15], args[8192], a[2048];
    snprintf(a, sizeof(a), "%s", ex("shallow_2_3_1.rfn"));
    snprintf(args, sizeof(args), "equiv --box 0:1 %s %s", a, ex("shallow_2_3_1_pert.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 1, "%s", out);
    cr_assert(strstr(out, "separating input x = (") != NULL, "%s", out);
    snprintf(args, sizeof(args), "equiv --box 0:1 --format smt2 %s %s", a, ex("shallow_2_3_1_pert.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 1, "%s", out);
    cr_assert(strstr(out, "(assert (<= 0 x2))") != NULL && strstr(out, "(assert (<= x2 1))") != NULL,
              "the query carries the box: %s", out);
    snprintf(args, sizeof(args), "equiv --box 0,0,0:1 %s %s", a, ex("shallow_2_3_1_pert.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
    cr_assert(strstr(out, "must both be one number") != NULL, "%s", out);
    snprintf(args, sizeof(args), "equiv --box 0,0,0:1,1,1 %s %s", a, ex("shallow_2_3_1_pert.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
    cr_assert(strstr(out, "--box takes LO:HI") != NULL, "%s", out);
}

/* Decimal views: --digits N rounds them, 0 removes them, bad values exit 2. */
Test(cli, digits_option)
{
    char out[1 << 15], args[8192], a[2048];
    snprintf(a, sizeof(a), "%s", ex("shallow_2_3_1.rfn"));
    snprintf(args, sizeof(args), "eval --digits 3 %s 1/3,1/7", ex("shallow_2_3_1_pert.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "= (2001/1750)  ~ (1.14)") != NULL, "%s", out);
    snprintf(args, sizeof(args), "equiv --digits 0 %s %s", a, ex("shallow_2_3_1_pert.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 1, "%s", out);
    cr_assert(strstr(out, "decimal") == NULL, "%s", out);
    snprintf(args, sizeof(args), "equiv --digits 4 %s %s", a, ex("shallow_2_3_1_pert.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 1, "%s", out);
    cr_assert(strstr(out, "f_B(x) - f_A(x) ~ (0.00075)") != NULL, "%s", out);
    snprintf(args, sizeof(args), "eval --digits -1 %s 1/3,1/7", ex("shallow_2_3_1_pert.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
}

/* Deeper nets go to the complete fallback; three-layer ones say which path. */
Test(cli, equiv_paths_named)
{
    char out[1 << 15], args[8192], a[2048];
    snprintf(a, sizeof(a), "%s", ex("three_e3_a.rfn"));
    snprintf(args, sizeof(args), "equiv %s %s", a, ex("three_e3_perm.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "decided by three-layer") != NULL, "%s", out);
}

Test(cli, fiber_text_and_formats)
{
    char out[1 << 16], args[4096];
    snprintf(args, sizeof(args), "fiber %s", ex("shallow_2_3_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "component 1:") != NULL, "%s", out);
    cr_assert(strstr(out, "b2_1 - 1/2 = 0") != NULL, "%s", out);
    snprintf(args, sizeof(args), "fiber --format m2 %s", ex("shallow_2_3_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "ideal") != NULL, "%s", out);
    snprintf(args, sizeof(args), "fiber --format nosuch %s", ex("shallow_2_3_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2);
}

/* Balance laws: ||w_i||^2 + b_i^2 - ||v_i||^2, and its value at theta0 in the
 * level set: neuron 2 of the example has (2,-2,0) in and 3/2 out, so the
 * level is 8 - 9/4 = 23/4. */
Test(cli, conserve_balance_laws)
{
    char out[1 << 15], args[4096];
    snprintf(args, sizeof(args), "conserve %s", ex("shallow_2_3_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "W1_2_1^2 + W1_2_2^2 + b1_2^2 - W2_1_2^2") != NULL, "%s", out);
    snprintf(args, sizeof(args), "conserve --level-set %s", ex("shallow_2_3_1.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "W1_2_1^2 + W1_2_2^2 + b1_2^2 - W2_1_2^2 - 23/4 = 0") != NULL, "%s", out);
}

/* A result that cannot be written is an error, not a success. */
Test(cli, stdout_write_failure_exits_2)
{
    char out[1 << 12], args[4096];
    snprintf(args, sizeof(args), "info %s >/dev/full", ex("shallow_2_3_1.rfn"));
    /* (stderr goes to /dev/full as well here, so only the status is seen) */
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
}

/* The zero network arch 1 1 1: the hidden pre-activation vanishes on all of
 * R. Its one region is listed (never dropped); with relu'(0) = 0 the only
 * non-zero Jacobian column is dF/db2 = 1, so the true FD is 1 under the
 * convention, and undefined under the strict definition (no parametrically
 * smooth input); neither may be printed as "0 (exact)". */
Test(cli, fdim_no_admissible_input)
{
    char out[1 << 14], path[] = "/tmp/rf_cli_zeroXXXXXX", args[256];
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs("arch 1 1 1\nW1\n0\nb1 0\nW2\n0\nb2 0\n", f);
    fclose(f);
    snprintf(args, sizeof(args), "fdim --input-format rfn --true %s", path);
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "true functional dimension: 1 (exact)") != NULL, "%s", out);
    cr_assert(strstr(out, "strict definition (parametrically smooth inputs only): undefined") != NULL,
              "%s", out);
    cr_assert(strstr(out, "0 (exact)") == NULL, "%s", out);
    remove(path);
}

/* fiber --complete: the complete fiber of a non-generic three-layer net */
Test(cli, fiber_complete)
{
    static char out[1 << 20];
    char args[4096];
    snprintf(args, sizeof args, "fiber --complete %s", ex("three_e3_a.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "counts: 6 regions (5 distinct affine maps), 243 patterns (3^5), "
                          "1458 clauses") != NULL, "%.300s", out);
    cr_assert(strstr(out, "theorem: theta' is in the fiber iff") != NULL);
    cr_assert(strstr(out, "  f_1 = 3*x_1\n") != NULL);
    snprintf(args, sizeof args, "fiber --complete --json %s", ex("three_e3_a.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "\"kind\": \"complete-fiber\"") != NULL);
    cr_assert(strstr(out, "\"clauses\": 1458") != NULL);
    snprintf(args, sizeof args, "fiber --complete --format smt2 %s", ex("three_e3_a.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 0, "%.300s", out);
    cr_assert(strstr(out, "(declare-const W3_1_3 Real)") != NULL);
    cr_assert(strstr(out, "(assert fiber_member)") != NULL);
    /* the cap, a refused format, a bad cap value, a bad file */
    snprintf(args, sizeof args, "fiber --complete --complete-cap 1000 %s", ex("three_e3_a.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2);
    cr_assert(strstr(out, "too large for --complete: at least 1215 clauses") != NULL, "%s", out);
    cr_assert(strstr(out, "cap 1000") != NULL, "%s", out);
    snprintf(args, sizeof args, "fiber --complete --format m2 %s", ex("three_e3_a.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2);
    cr_assert(strstr(out, "--complete prints text, json or smt2") != NULL, "%s", out);
    snprintf(args, sizeof args, "fiber --complete --complete-cap 0 %s", ex("three_e3_a.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2);
    cr_assert(strstr(out, "--complete-cap needs a positive integer") != NULL, "%s", out);
    /* an overflowing cap is refused, not clamped to LONG_MAX */
    snprintf(args, sizeof args, "fiber --complete --complete-cap 99999999999999999999999 %s",
             ex("three_e3_a.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2);
    cr_assert(strstr(out, "--complete-cap needs a positive integer") != NULL, "%s", out);
    cr_assert_eq(run(out, sizeof(out), "fiber --complete /nonexistent.rfn"), 2);
    snprintf(args, sizeof args, "fiber --complete --orbits %s", ex("three_e3_a.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 2);
    /* deeper nets too */
    snprintf(args, sizeof args, "fiber --complete %s", ex("draw_1d_deep.rfn"));
    cr_assert_eq(run(out, sizeof(out), args), 0, "%.300s", out);
}
