/* The fdim and embed subcommands, run through RF_BIN on the examples: exact
 * values (notes 3.3), JSON output, exit codes, the bent-hyperplane message. */
#include <criterion/criterion.h>
#include <unistd.h>
#include <fcntl.h>
#include "../rftest.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run(char *out, size_t n, const char *args)
{
    char cmd[2048];
    const char *bin = getenv("RF_BIN"), *ex = getenv("RF_EXAMPLES");
    FILE *f;
    size_t k;
    int st;
    cr_assert(bin && ex, "RF_BIN and RF_EXAMPLES must be set");
    snprintf(cmd, sizeof cmd, "cd %s && %s %s 2>&1", ex, bin, args);
    f = popen(cmd, "r");
    cr_assert(f != NULL);
    k = fread(out, 1, n - 1, f);
    out[k] = 0;
    st = pclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(cli, fdim_true_values_1111)
{
    static char out[1 << 16];
    static const struct { const char *f; const char *rank; } c[4] = {
        {"fdim_1111_full.rfn", "\"true\": {\"rank\": 4,"},
        {"fdim_1111_hidden_bend.rfn", "\"true\": {\"rank\": 3,"},
        {"fdim_1111_always_on.rfn", "\"true\": {\"rank\": 3,"},
        {"fdim_1111_dead.rfn", "\"true\": {\"rank\": 1,"}};
    int k;
    char args[512];
    for (k = 0; k < 4; k++) {
        snprintf(args, sizeof args, "fdim %s --json", c[k].f);
        cr_assert_eq(run(out, sizeof out, args), 0, "%s", out);
        cr_assert(strstr(out, c[k].rank) != NULL, "%s: %s", c[k].f, out);
        cr_assert(strstr(out, "\"true_fd_exact\": true") != NULL);
        cr_assert(strstr(out, "\"bound\": 4") != NULL);
    }
    cr_assert_eq(run(out, sizeof out, "fdim fdim_1111_hidden_bend.rfn --kernel"), 0);
    cr_assert(strstr(out, "kernel basis (3 vectors, verified exactly") != NULL, "%s", out);
    cr_assert_eq(run(out, sizeof out, "fdim fdim_1111_dead.rfn"), 0);
    cr_assert(strstr(out, "dead-by-signs neuron 1 of layer 2") != NULL, "%s", out);
}

Test(cli, fdim_points_and_errors)
{
    static char out[1 << 16];
    cr_assert_eq(run(out, sizeof out, "fdim fdim_1111_full.rfn --points " RF_TEST_DIR "/three_1d.txt --true"), 0, "%s", out);
    cr_assert(strstr(out, "batch functional dimension: 3 (exact)") != NULL, "%s", out);
    cr_assert(strstr(out, "the points hit 3 of 3 regions") != NULL, "%s", out);
    cr_assert_eq(run(out, sizeof out, "fdim fdim_1111_full.rfn --points " RF_TEST_DIR "/on_kink_1d.txt"), 2);
    cr_assert(strstr(out, "point 2 (0) lies on the bent hyperplane of hidden neuron 1 of layer 1") != NULL,
              "%s", out);
    /* the file and the point's line are named (the comment line is skipped) */
    cr_assert(strstr(out, "on_kink_1d.txt:3: point 2") != NULL, "%s", out);
    cr_assert_eq(run(out, sizeof out, "fdim fdim_1111_full.rfn --points " RF_TEST_DIR "/bad_count.txt"), 2);
    cr_assert_eq(run(out, sizeof out, "fdim fdim_1111_full.rfn --bogus"), 2);
    cr_assert_eq(run(out, sizeof out, "fdim --help"), 0);
    cr_assert(strstr(out, "usage: relufiber fdim") != NULL);
    cr_assert_eq(run(out, sizeof out, "fdim fdim_deep_2_4_4_1.rfn --random 50 --seed 3 --json"), 0, "%s", out);
    cr_assert(strstr(out, "\"exact\": true") != NULL, "%s", out);
}

Test(cli, embed)
{
    static char out[1 << 16];
    cr_assert_eq(run(out, sizeof out, "embed fdim_1111_full.rfn --phi"), 0, "%s", out);
    /* paths: x1->1->1->y1 = a w u = -1; b1 path = b w u = 0; b2 path = c u = 1; b3 = 0 */
    cr_assert(strstr(out, "Phi[x1 -> (1,1) -> (2,1) -> y1] = -1") != NULL, "%s", out);
    cr_assert(strstr(out, "Phi[b2_1 -> y1] = 1") != NULL, "%s", out);
    cr_assert(strstr(out, "rank of dPhi/dtheta: 4 (exact)") != NULL, "%s", out);
    cr_assert_eq(run(out, sizeof out, "embed shallow_2_3_1.rfn --box -1,-1:1,1 --json"), 0, "%s", out);
    cr_assert(strstr(out, "\"verdict\": \"not identifiable\"") != NULL, "%s", out);
    cr_assert_eq(run(out, sizeof out, "embed fdim_1111_full.rfn --box 0:1"), 2, "%s", out);
}

/* Regression: with the region search cut by --cap, the exact rank of the
 * regions found is only a lower bound for the true FD; the text output must
 * not label it "(exact)" (it did, while the JSON said true_fd_exact false). */
Test(cli, fdim_true_incomplete_not_exact)
{
    static char out[1 << 16];
    cr_assert_eq(run(out, sizeof out, "fdim fdim_deep_2_4_4_1.rfn --true --all-regions --cap 3"), 0, "%s", out);
    cr_assert(strstr(out, "INCOMPLETE (cap reached)") != NULL, "%s", out);
    cr_assert(strstr(out, "true functional dimension:") != NULL, "%s", out);
    cr_assert(strstr(strstr(out, "true functional dimension:"), "\n") != NULL);
    {
        const char *l = strstr(out, "true functional dimension:"), *e = strchr(l, '\n');
        const char *x = strstr(l, "(exact)");
        cr_assert(x == NULL || x > e, "incomplete search labelled exact: %s", out);
        cr_assert(strstr(l, "certified lower bound") != NULL && strstr(l, "certified lower bound") < e, "%s", out);
    }
}

/* Points files: a NUL byte is an error naming its line (it used to end the
 * text silently, exit 0), and a file without points is an error (it used
 * to give "batch functional dimension: 0 (exact)"). */
Test(cli, points_file_nul_and_empty)
{
    static char out[1 << 14];
    char path[] = "/tmp/rf_pts_XXXXXX", args[512];
    int fd = mkstemp(path);
    const char *cmds[] = {"fdim fdim_1111_full.rfn --points %s", "embed fdim_1111_full.rfn --points %s",
                          "conserve fdim_1111_full.rfn --data %s"};
    size_t i;
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, "1\n2\0\n3\n", 7), 7);
    close(fd);
    for (i = 0; i < 3; i++) {
        snprintf(args, sizeof args, cmds[i], path);
        cr_assert_eq(run(out, sizeof out, args), 2, "%s: %s", args, out);
        cr_assert(strstr(out, ":2: error: NUL byte") != NULL, "%s: %s", args, out);
    }
    fd = open(path, O_WRONLY | O_TRUNC);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, "# only a comment\n\n", 18), 18);
    close(fd);
    for (i = 0; i < 3; i++) {
        snprintf(args, sizeof args, cmds[i], path);
        cr_assert_eq(run(out, sizeof out, args), 2, "%s: %s", args, out);
        cr_assert(strstr(out, "no points in the file") != NULL, "%s: %s", args, out);
        cr_assert(strstr(out, "(exact)") == NULL, "%s: %s", args, out);
    }
    remove(path);
}

/* Empty coordinates (",," or a leading comma) are errors naming the line;
 * a trailing comma is tolerated; counts that overflow a long are refused. */
Test(cli, points_file_empty_field_and_overflowing_counts)
{
    static char out[1 << 14];
    char path[] = "/tmp/rf_pts_XXXXXX", args[512];
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, "1,2\n3,,4\n", 9), 9);
    close(fd);
    snprintf(args, sizeof args, "fdim fdim_deep_2_4_4_1.rfn --points %s", path);
    cr_assert_eq(run(out, sizeof out, args), 2, "%s: %s", args, out);
    cr_assert(strstr(out, ":2: error: empty coordinate 2") != NULL, "%s: %s", args, out);
    fd = open(path, O_WRONLY | O_TRUNC);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, "1,2,\n3 4\n", 9), 9);
    close(fd);
    cr_assert_eq(run(out, sizeof out, args), 0, "%s: %s", args, out);
    cr_assert(strstr(out, "from 2 points") != NULL, "%s: %s", args, out);
    remove(path);
    cr_assert_eq(run(out, sizeof out, "fdim fdim_deep_2_4_4_1.rfn --cap 18446744073709551617"), 2, "%s", out);
    cr_assert_eq(run(out, sizeof out, "fdim fdim_deep_2_4_4_1.rfn --random 99999999999999999999"), 2, "%s", out);
}
