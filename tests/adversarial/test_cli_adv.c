/* Adversarial CLI tests: hostile files (very long lines, absurd headers with
 * truncated bodies, deep JSON nesting, huge exponents and digit strings, NUL
 * bytes, binary garbage) through every command that reads a network. Each
 * run must end within a time limit with exit status 2 and a file:line error,
 * and without any sanitizer report (the binary is the ASan build in CI). */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

static char dir[256];

static void setup_dir(void)
{
    if (dir[0])
        return;
    snprintf(dir, sizeof(dir), "/tmp/rf_adv_cli_XXXXXX");
    cr_assert(mkdtemp(dir) != NULL);
}

/* write a file built from head, n copies of rep, tail */
static const char *mkfile(const char *name, const char *head, const char *rep,
                          long n, const char *tail)
{
    static char path[512];
    FILE *f;
    long i;
    setup_dir();
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    cr_assert(f != NULL);
    fputs(head, f);
    for (i = 0; i < n; i++)
        if (rep != NULL)
            fputs(rep, f);
        else
            fputc('\0', f);   /* NULL rep: n NUL bytes */
    fputs(tail, f);
    fclose(f);
    return path;
}

/* run "RF_BIN args" under timeout; output into out */
static int run(char *out, size_t n, const char *args)
{
    char cmd[4096];
    const char *bin = getenv("RF_BIN");
    FILE *p;
    size_t got;
    int st;
    cr_assert(bin != NULL, "RF_BIN not set");
    snprintf(cmd, sizeof(cmd), "timeout 120 '%s' %s 2>&1", bin, args);
    p = popen(cmd, "r");
    cr_assert(p != NULL);
    got = fread(out, 1, n - 1, p);
    out[got] = '\0';
    while (fgetc(p) != EOF)
        ;
    st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *cmds[] = {"info", "canon", "fiber", "fdim", "equiv", "embed",
                             "identifiable", "conserve", "convert"};

static void expect_input_error(const char *path, const char *what)
{
    static char out[1 << 16];
    char args[2048];
    size_t c;
    for (c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
        int rc;
        if (strcmp(cmds[c], "equiv") == 0)
            snprintf(args, sizeof(args), "equiv '%s' '%s'", path, path);
        else if (strcmp(cmds[c], "convert") == 0)
            snprintf(args, sizeof(args), "convert '%s' '%s/out.rfn'", path, dir);
        else
            snprintf(args, sizeof(args), "%s '%s'", cmds[c], path);
        rc = run(out, sizeof(out), args);
        cr_assert_neq(rc, 124, "%s: %s hangs", what, cmds[c]);
        cr_assert(strstr(out, "Sanitizer") == NULL && strstr(out, "runtime error") == NULL,
                  "%s: %s: sanitizer report:\n%s", what, cmds[c], out);
        cr_assert_eq(rc, 2, "%s: %s exits %d:\n%.400s", what, cmds[c], rc, out);
        cr_assert(strstr(out, "error") != NULL, "%s: %s: no error message", what,
                  cmds[c]);
    }
}

Test(adv_cli, hostile_rfn)
{
    expect_input_error(mkfile("long.rfn", "arch 2 1 1\nW1\n", "1 ", 1000000,
                              "\nb1 0\nW2\n1\nb2 0\n"), "one 2 MB line");
    expect_input_error(mkfile("trunc.rfn", "arch 2 100000 1\nW1\n1 2\n3 4\n", "", 0, ""),
                       "10^5 neurons, truncated body");
    expect_input_error(mkfile("trunc2.rfn", "arch 6 100000 100000 1\nW1\n", "1 2 3 4 5 6\n",
                              1000, ""), "10^10 parameters");
    expect_input_error(mkfile("layers.rfn", "arch ", "1 ", 20001, "\n"), "20001 layers");
    expect_input_error(mkfile("layers2.rfn", "arch ", "1 ", 9000, "\nW1\n1\nb1 0\n"),
                       "9000 layers, truncated");
    expect_input_error(mkfile("empty.rfn", "", "", 0, ""), "empty file");
    expect_input_error(mkfile("nul.rfn", "arch 1 1\nW1\n1", NULL, 1, " 2\nb1 0\n"),
                       "NUL byte");
    expect_input_error(mkfile("zden.rfn", "arch 1 1 1\nW1\n1/0\nb1 0\nW2\n1\nb2 0\n", "", 0, ""),
                       "zero denominator");
    expect_input_error(mkfile("exp.rfn", "arch 1 1 1\nW1\n1e4097\nb1 0\nW2\n1\nb2 0\n", "", 0, ""),
                       "exponent 4097");
    expect_input_error(mkfile("nan.rfn", "arch 1 1 1\nW1\nnan\nb1 inf\nW2\n1\nb2 0\n", "", 0, ""),
                       "nan/inf");
    expect_input_error(mkfile("ovf.rfn", "arch 2 99999999999999999999999 1\n", "", 0, ""),
                       "width overflow");
    expect_input_error(mkfile("neg.rfn", "arch 2 -1 1\n", "", 0, ""), "negative width");
    expect_input_error(mkfile("digits.rfn", "arch 1 1 1\nW1\n1.", "0", 2000000,
                              "1\nb1 0\nW2\n1\nb2 0 0\n"), "2*10^6 digits and a bad count");
    expect_input_error(mkfile("extra.rfn", "arch 1 1 1\nW1\n1\nb1 0\nW2\n1\nb2 0\nW3\n1\n", "",
                              0, ""), "extra layer");
}

Test(adv_cli, hostile_json_nnet)
{
    expect_input_error(mkfile("nest.json", "", "[", 200000, ""), "200000 open brackets");
    {
        /* balanced deep nesting inside layers */
        const char *p;
        char *s = malloc(2 * 100000 + 64);
        size_t k = 0;
        long i;
        k += (size_t) sprintf(s, "{\"layers\":");
        for (i = 0; i < 100000; i++)
            s[k++] = '[';
        for (i = 0; i < 100000; i++)
            s[k++] = ']';
        s[k++] = '}';
        s[k] = '\0';
        p = mkfile("nest2.json", s, "", 0, "");
        free(s);
        expect_input_error(p, "nesting depth 10^5");
    }
    expect_input_error(mkfile("hexp.json", "{\"layers\":[{\"weight\":[[1e999999999]],\"bias\":[0]}]}",
                              "", 0, ""), "1e999999999");
    expect_input_error(mkfile("hexp2.json",
                              "{\"layers\":[{\"weight\":[[\"1e-99999999999999999999\"]],\"bias\":[0]}]}",
                              "", 0, ""), "exponent beyond 64 bits");
    expect_input_error(mkfile("dig.json", "{\"layers\":[{\"weight\":[[1.", "0", 1000000,
                              "1]],\"bias\":[0]}]}"), "10^6 digits");
    expect_input_error(mkfile("deep.json", "{\"layers\":[{\"weight\":[[[[1]]]],\"bias\":[0]}]}",
                              "", 0, ""), "4-D weight");
    expect_input_error(mkfile("dup.json",
                              "{\"layers\":[{\"weight\":[[1]],\"weight\":[[2]],\"bias\":[0]}]}",
                              "", 0, ""), "duplicate key");
    expect_input_error(mkfile("arch.json",
                              "{\"arch\":[1,1,1],\"layers\":[{\"weight\":[[1]],\"bias\":[0]}]}",
                              "", 0, ""), "arch disagrees");
    expect_input_error(mkfile("ragged.json",
                              "{\"layers\":[{\"weight\":[[1,2],[3]],\"bias\":[0,0]}]}",
                              "", 0, ""), "ragged rows");
    expect_input_error(mkfile("mismatch.json",
                              "{\"layers\":[{\"weight\":[[1,2]],\"bias\":[0]},"
                              "{\"weight\":[[1,2]],\"bias\":[0]}]}", "", 0, ""),
                       "layer widths disagree");
    expect_input_error(mkfile("big.nnet", "// c\n2,100000000,1,100000000,\n1,100000000,1\n",
                              "", 0, ""), "NNet 10^8 widths");
    expect_input_error(mkfile("trunc.nnet", "// c\n1,1,1,100,\n1,100,1\n0\n0\n", "", 0, ""),
                       "NNet truncated");
    expect_input_error(mkfile("garbage.json", "\xff\xfe{\"layers\":", "\x01", 1000, ""),
                       "binary garbage");
}

/* equiv with incompatible dimensions and missing files: exit 2, not 1 */
Test(adv_cli, equiv_usage_errors)
{
    static char out[1 << 14];
    char args[2048];
    const char *a = mkfile("a.rfn", "arch 2 1 1\nW1\n1 1\nb1 0\nW2\n1\nb2 0\n", "", 0, "");
    char pa[512];
    const char *b;
    snprintf(pa, sizeof(pa), "%s", a);
    b = mkfile("b.rfn", "arch 3 1 1\nW1\n1 1 1\nb1 0\nW2\n1\nb2 0\n", "", 0, "");
    snprintf(args, sizeof(args), "equiv '%s' '%s'", pa, b);
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
    snprintf(args, sizeof(args), "equiv '%s' '%s/none.rfn'", pa, dir);
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
    snprintf(args, sizeof(args), "equiv '%s' '%s'", pa, dir);
    cr_assert_eq(run(out, sizeof(out), args), 2, "directory: %s", out);
    snprintf(args, sizeof(args), "equiv '%s'", pa);
    cr_assert_eq(run(out, sizeof(out), args), 2, "one file: %s", out);
    snprintf(args, sizeof(args), "equiv '%s' '%s'", pa, pa);
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
}

/* --random with a huge count: a clear usage error (exit 2), never an
 * overflowed buffer size (ASan: "requested allocation size exceeds") */
Test(adv_cli, random_count_bounded)
{
    static char out[1 << 14];
    char args[2048];
    const char *a = mkfile("r.rfn", "arch 2 1 1\nW1\n1 1\nb1 0\nW2\n1\nb2 0\n", "", 0, "");
    const char *c[] = {"fdim", "embed"};
    const char *v[] = {"99999999999999999999", "9223372036854775807", "10000001"};
    size_t i, j;
    for (i = 0; i < 2; i++)
        for (j = 0; j < 3; j++) {
            int rc;
            snprintf(args, sizeof(args), "%s --random %s '%s'", c[i], v[j], a);
            rc = run(out, sizeof(out), args);
            cr_assert(strstr(out, "Sanitizer") == NULL && strstr(out, "runtime error") == NULL,
                      "%s: %s", args, out);
            cr_assert_eq(rc, 2, "%s exits %d: %s", args, rc, out);
            cr_assert(strstr(out, "--random") != NULL, "%s: %s", args, out);
        }
    snprintf(args, sizeof(args), "fdim --random 2 '%s'", a);
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "batch functional dimension: 2") != NULL, "%s", out);
}

/* unknown options are named as such (not opened as a file), and a failed
 * write of fiber -o (disk full) is an error, not exit 0 */
Test(adv_cli, unknown_option_and_full_disk)
{
    static char out[1 << 14];
    char args[2048];
    const char *a = mkfile("u.rfn", "arch 2 1 1\nW1\n1 1\nb1 0\nW2\n1\nb2 0\n", "", 0, "");
    const char *f[] = {"eval --bogus '%s' 1,1", "eval '%s' 1,1 --bogus",
                       "info --bogus '%s'", "convert --bogus '%s' -"};
    size_t i;
    for (i = 0; i < 4; i++) {
        snprintf(args, sizeof(args), f[i], a);
        cr_assert_eq(run(out, sizeof(out), args), 2, "%s: %s", args, out);
        cr_assert(strstr(out, "unknown option '--bogus'") != NULL, "%s: %s", args, out);
    }
    snprintf(args, sizeof(args), "eval '%s' -1,2", a);   /* a negative X is no option */
    cr_assert_eq(run(out, sizeof(out), args), 0, "%s", out);
    cr_assert(strstr(out, "= (1)") != NULL, "%s", out);
    if (access("/dev/full", W_OK) == 0) {
        snprintf(args, sizeof(args), "fiber -o /dev/full '%s'", a);
        cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
        cr_assert(strstr(out, "/dev/full") != NULL, "%s", out);
    }
}

/* export/fiber write errors name the output file (not "<input>"); export
 * --what equiv names both inputs when their dimensions differ */
Test(adv_cli, export_errors_name_files)
{
    static char out[1 << 14];
    char args[2048], pa[512];
    const char *a = mkfile("ea.rfn", "arch 2 1 1\nW1\n1 1\nb1 0\nW2\n1\nb2 0\n", "", 0, "");
    const char *b;
    snprintf(pa, sizeof(pa), "%s", a);
    b = mkfile("eb.rfn", "arch 3 1 1\nW1\n1 1 1\nb1 0\nW2\n1\nb2 0\n", "", 0, "");
    snprintf(args, sizeof(args), "export --to smt2 '%s' '%s'", pa, b);
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
    cr_assert(strstr(out, pa) != NULL && strstr(out, b) != NULL, "%s", out);
    if (access("/dev/full", W_OK) == 0) {
        const char *f[] = {"export --to m2 -o /dev/full '%s'", "export --to json -o /dev/full '%s'",
                           "fiber --format m2 -o /dev/full '%s'"};
        size_t i;
        for (i = 0; i < 3; i++) {
            snprintf(args, sizeof(args), f[i], pa);
            cr_assert_eq(run(out, sizeof(out), args), 2, "%s: %s", args, out);
            cr_assert(strstr(out, "/dev/full: error") != NULL, "%s: %s", args, out);
            cr_assert(strstr(out, "<input>") == NULL, "%s: %s", args, out);
        }
    }
}

/* a directory given as an input file: the message says why (EISDIR) */
Test(adv_cli, directory_as_input_says_why)
{
    static char out[1 << 14];
    char args[2048];
    const char *a = mkfile("d.rfn", "arch 2 1 1\nW1\n1 1\nb1 0\nW2\n1\nb2 0\n", "", 0, "");
    const char *f[] = {"info '%s'", "fdim --points '%s' '%s'", "export --to m2 --what system '%s'"};
    size_t i;
    for (i = 0; i < 3; i++) {
        if (i == 1)
            snprintf(args, sizeof(args), f[i], dir, a);
        else
            snprintf(args, sizeof(args), f[i], dir);
        cr_assert_eq(run(out, sizeof(out), args), 2, "%s: %s", args, out);
        cr_assert(strstr(out, dir) != NULL && strstr(out, "Is a directory") != NULL,
                  "%s: %s", args, out);
    }
}

/* identifiable --box: a bad number is named with its reason; lo >= hi is
 * reported against --box (not a placeholder file name) */
Test(adv_cli, identifiable_box_reasons)
{
    static char out[1 << 14];
    char args[2048];
    const char *a = mkfile("ib.rfn", "arch 2 1 1\nW1\n1 1\nb1 0\nW2\n1\nb2 0\n", "", 0, "");
    const char *spec[] = {"--box 0:1/0", "--box 0,nan --box 0,1", "--box 0:1e99999999999",
                          "--box 0:1,0:1,0:1", "--box 1:0"};
    const char *want[] = {"zero denominator", "not a number", "exponent too large",
                          "2 intervals", "--box: error: box coordinate 1: need lo < hi"};
    size_t i;
    for (i = 0; i < 5; i++) {
        snprintf(args, sizeof(args), "identifiable %s '%s'", spec[i], a);
        cr_assert_eq(run(out, sizeof(out), args), 2, "%s: %s", args, out);
        cr_assert(strstr(out, want[i]) != NULL, "%s: %s", args, out);
        cr_assert(strstr(out, "<box>") == NULL, "%s: %s", args, out);
    }
}

/* identifiable on a network that is not shallow names the file */
Test(adv_cli, identifiable_not_shallow_names_file)
{
    static char out[1 << 14];
    char args[2048];
    const char *a = mkfile("deep.rfn", "arch 1 1 1 1\nW1\n1\nb1 0\nW2\n1\nb2 0\nW3\n1\nb3 0\n", "", 0, "");
    snprintf(args, sizeof(args), "identifiable '%s'", a);
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
    cr_assert(strstr(out, a) != NULL && strstr(out, "not a shallow network") != NULL, "%s", out);
    cr_assert(strstr(out, "<shallow>") == NULL, "%s", out);
}

/* eval names the bad X (its position and text) with the reason */
Test(adv_cli, eval_names_bad_input)
{
    static char out[1 << 14];
    char args[2048];
    const char *a = mkfile("ev.rfn", "arch 2 1 1\nW1\n1 1\nb1 0\nW2\n1\nb2 0\n", "", 0, "");
    snprintf(args, sizeof(args), "eval '%s' 1,2 1,1/0", a);
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
    cr_assert(strstr(out, "input 2 '1,1/0': entry 2: zero denominator") != NULL, "%s", out);
    snprintf(args, sizeof(args), "eval '%s' 1,2,3", a);
    cr_assert_eq(run(out, sizeof(out), args), 2, "%s", out);
    cr_assert(strstr(out, "input 1 '1,2,3' has more than 2 entries") != NULL, "%s", out);
}
