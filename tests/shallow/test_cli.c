/* The shallow CLI commands (canon, identifiable): output, JSON, exit codes.
 * Runs the relufiber binary named by RF_BIN; skipped visibly without it. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <sys/wait.h>
#include <jansson.h>
#include "helpers.h"

/* Run "RF_BIN args", capture stdout into out (size len); return exit code. */
static int run(char *out, size_t len, const char *args)
{
    const char *bin = getenv("RF_BIN"), *ex = getenv("RF_EXAMPLES");
    char cmd[2048];
    FILE *p;
    size_t got;
    int st;
    if (bin == NULL || access(bin, X_OK) != 0)
        cr_skip_test("RF_BIN not set or not executable: CLI test SKIPPED");
    snprintf(cmd, sizeof(cmd), "cd %s && %s %s 2>/dev/null", ex ? ex : "examples", bin, args);
    p = popen(cmd, "r");
    cr_assert(p != NULL);
    got = fread(out, 1, len - 1, p);
    out[got] = 0;
    st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char buf[1 << 20];

Test(shallow_cli, canon_text_and_realize)
{
    cr_assert_eq(run(buf, sizeof(buf), "canon --moves --realize shallow_2_3_1.rfn"), 0);
    cr_assert(strstr(buf, "2 kinks") != NULL, "%s", buf);
    cr_assert(strstr(buf, "kink 1: h(x) = x1 - x2   u = (4)") != NULL, "%s", buf);
    cr_assert(strstr(buf, "minimal number of neurons realising this function: 2") != NULL);
    cr_assert(strstr(buf, "arch 2 2 1") != NULL);
}

Test(shallow_cli, canon_json_parses)
{
    json_error_t e;
    json_t *j, *kinks;
    cr_assert_eq(run(buf, sizeof(buf), "canon --json --moves shallow_flip_b.rfn"), 0);
    j = json_loads(buf, 0, &e);
    cr_assert(j != NULL, "invalid JSON: %s\n%s", e.text, buf);
    kinks = json_object_get(json_object_get(j, "canonical"), "kinks");
    cr_assert_eq(json_array_size(kinks), 2);
    cr_assert_eq(json_integer_value(json_object_get(j, "min_neurons")), 2);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "moves"), 2), "role")),
                     "cancelled");
    json_decref(j);
}

Test(shallow_cli, canon_same_for_equivalent_files)
{
    static char other[1 << 16];
    /* the canonical objects of two equivalent networks print identically */
    cr_assert_eq(run(buf, sizeof(buf), "canon --json shallow_flip_a.rfn"), 0);
    cr_assert_eq(run(other, sizeof(other), "canon --json shallow_flip_b.rfn"), 0);
    {
        json_t *a = json_loads(buf, 0, NULL), *b = json_loads(other, 0, NULL);
        cr_assert(a && b);
        cr_assert(json_equal(json_object_get(a, "canonical"), json_object_get(b, "canonical")));
        json_decref(a);
        json_decref(b);
    }
}

Test(shallow_cli, identifiable_exit_codes)
{
    json_t *j;
    cr_assert_eq(run(buf, sizeof(buf), "identifiable shallow_generic.rfn"), 0);
    cr_assert(strstr(buf, "generic-identifiable: yes") != NULL);
    cr_assert_eq(run(buf, sizeof(buf), "identifiable shallow_2_3_1.rfn"), 1);
    cr_assert(strstr(buf, "[FAIL] neurons 1, 2 on different lines") != NULL, "%s", buf);
    cr_assert_eq(run(buf, sizeof(buf), "identifiable shallow_abs.rfn"), 1);
    cr_assert_eq(run(buf, sizeof(buf), "identifiable --box -1:1 shallow_generic.rfn"), 1,
                 "hyperplane x1/2 - x2 = 2 misses the box");
    cr_assert_eq(run(buf, sizeof(buf), "identifiable --box -10:10,-10:10 shallow_generic.rfn"), 0);
    cr_assert_eq(run(buf, sizeof(buf), "identifiable --box -10,10 --box -10,10 shallow_generic.rfn"), 0);
    cr_assert_eq(run(buf, sizeof(buf), "identifiable --box 1:0 shallow_generic.rfn"), 2);
    cr_assert_eq(run(buf, sizeof(buf), "identifiable --box 1:2:3 shallow_generic.rfn"), 2);
    cr_assert_eq(run(buf, sizeof(buf), "identifiable --json shallow_generic.rfn"), 0);
    j = json_loads(buf, 0, NULL);
    cr_assert(j != NULL, "%s", buf);
    cr_assert(json_is_true(json_object_get(j, "generic_identifiable")));
    /* 3 + 3 (C1, C2) + 3 pairs + 7 flip sets */
    cr_assert_eq(json_array_size(json_object_get(j, "conditions")), 16);
    json_decref(j);
}

Test(shallow_cli, errors_and_help)
{
    char path[] = "/tmp/rf_shallow_deep_XXXXXX";
    int fd = mkstemp(path);
    FILE *f;
    char args[256];
    cr_assert(fd >= 0);
    f = fdopen(fd, "w");
    fprintf(f, "arch 1 1 1 1\nW1\n1\nb1 0\nW2\n1\nb2 0\nW3\n1\nb3 0\n");
    fclose(f);
    /* canon handles any depth since the any-depth form (docs/canon.md);
     * --realize stays shallow-only */
    snprintf(args, sizeof(args), "canon %s", path);
    cr_assert_eq(run(buf, sizeof(buf), args), 0, "%s", buf);
    cr_assert(strstr(buf, "canonical form") != NULL, "%s", buf);
    snprintf(args, sizeof(args), "canon --realize %s", path);
    cr_assert_eq(run(buf, sizeof(buf), args), 2, "--realize on a deep network");
    snprintf(args, sizeof(args), "identifiable %s", path);
    cr_assert_eq(run(buf, sizeof(buf), args), 2);
    unlink(path);
    cr_assert_eq(run(buf, sizeof(buf), "canon"), 2);
    cr_assert_eq(run(buf, sizeof(buf), "canon --bogus shallow_2_3_1.rfn"), 2);
    cr_assert_eq(run(buf, sizeof(buf), "canon --help"), 0);
    cr_assert(strstr(buf, "usage: relufiber canon") != NULL);
    cr_assert_eq(run(buf, sizeof(buf), "identifiable --help"), 0);
    cr_assert(strstr(buf, "--box") != NULL);
}
