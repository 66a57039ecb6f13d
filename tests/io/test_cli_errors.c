/* The CLI on malformed files: exit code 2 and "file:line: error: ..." on
 * standard error, for each format. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "relufiber/io.h"

/* Runs `$RF_BIN info FILE`, returns the exit code, stderr into err. */
static int run_info(char *err, size_t n, const char *file, const char *extra)
{
    char cmd[4096];
    FILE *p;
    size_t got;
    int st;
    snprintf(cmd, sizeof(cmd), "'%s' info %s '%s' 2>&1 >/dev/null", getenv("RF_BIN"),
             extra, file);
    p = popen(cmd, "r");
    cr_assert(p != NULL);
    got = fread(err, 1, n - 1, p);
    err[got] = '\0';
    st = pclose(p);
    cr_assert(WIFEXITED(st));
    return WEXITSTATUS(st);
}

static void expect_error(const char *rel, long line, const char *sub, const char *extra)
{
    char path[1024], err[4096], want[1200];
    snprintf(path, sizeof(path), "%s/io/malformed/%s", getenv("RF_TESTDATA"), rel);
    cr_assert_eq(run_info(err, sizeof(err), path, extra), 2, "%s: %s", rel, err);
    snprintf(want, sizeof(want), "%s:%ld: error: ", path, line);
    cr_assert(strstr(err, want) != NULL, "%s: stderr '%s' lacks '%s'", rel, err, want);
    cr_assert(strstr(err, sub) != NULL, "%s: stderr '%s' lacks '%s'", rel, err, sub);
}

Test(cli_errors, rfn)
{
    expect_error("rfn/row_short.rfn", 3, "row 1 of W1", "");
    expect_error("rfn/zero_den.rfn", 3, "zero denominator", "");
}

Test(cli_errors, json)
{
    expect_error("json/ragged.json", 3, "layers[0].weight[1]", "");
    expect_error("json/literal_nan.json", 2, "NaN and Infinity", "--json-floats binary");
    expect_error("json/huge_exp.json", 3, "number too large", "");
}

Test(cli_errors, nnet)
{
    expect_error("nnet/max_size.nnet", 3, "maxLayerSize", "");
    expect_error("nnet/truncated_bias.nnet", 13, "file ends early", "--input-format nnet");
}

Test(cli_errors, good_files_exit_0)
{
    char path[1024], err[4096];
    snprintf(path, sizeof(path), "%s/io/nnet/small.nnet", getenv("RF_TESTDATA"));
    cr_assert_eq(run_info(err, sizeof(err), path, ""), 0, "%s", err);
    cr_assert_eq(err[0], '\0');
}

/* relufiber convert NNet -> JSON -> .rfn gives back the same exact network. */
Test(cli_errors, convert_nnet_json_rfn)
{
    char dir[] = "/tmp/rf_io_cli_XXXXXX", in[1024], js[64], rf[64], cmd[8192];
    rf_net_t a, b;
    rf_err_t err;
    cr_assert(mkdtemp(dir) != NULL);
    snprintf(in, sizeof(in), "%s/io/nnet/deep.nnet", getenv("RF_TESTDATA"));
    snprintf(js, sizeof(js), "%s/deep.json", dir);
    snprintf(rf, sizeof(rf), "%s/deep.rfn", dir);
    snprintf(cmd, sizeof(cmd), "'%s' convert '%s' '%s' && '%s' convert '%s' '%s'",
             getenv("RF_BIN"), in, js, getenv("RF_BIN"), js, rf);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    rf_net_init(a, 1, (slong[]) {1, 1});
    rf_net_init(b, 1, (slong[]) {1, 1});
    rf_err_init(err);
    cr_assert_eq(rf_io_read_file(a, in, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), 0);
    cr_assert_eq(rf_io_read_file(b, rf, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), 0, "%s", err->msg);
    cr_assert(rf_net_equal(a, b));
    cr_assert_eq(rf_io_read_file(b, js, RF_IO_FMT_AUTO, RF_IO_JSON_BINARY, err), 0, "%s", err->msg);
    cr_assert(rf_net_equal(a, b));
    remove(js);
    remove(rf);
    rmdir(dir);
    rf_net_clear(a); rf_net_clear(b);
}

/* The JSON float semantics of the CLI: a JSON number is the double it
 * denotes (default --json-floats binary). A copy written as doubles and a
 * copy whose parameters are the exact doubles as strings are equivalent by
 * default; with --json-floats decimal they are not, and equiv notes that
 * they differ only below float resolution. */
Test(cli_errors, json_floats_default_binary)
{
    char dir[] = "/tmp/rf_io_floats_XXXXXX", a[64], b[64], out[64], cmd[4096], buf[4096];
    FILE *f;
    size_t got;
    cr_assert(mkdtemp(dir) != NULL);
    snprintf(a, sizeof(a), "%s/a.json", dir);
    snprintf(b, sizeof(b), "%s/b.json", dir);
    snprintf(out, sizeof(out), "%s/err.txt", dir);
    f = fopen(a, "w");
    fprintf(f, "{\"layers\":[{\"weight\":[[0.1, -0.3]], \"bias\":[0.7]}, {\"weight\":[[1.1]]}]}\n");
    fclose(f);
    f = fopen(b, "w");
    /* the exact values of the doubles 0.1, -0.3, 0.7, 1.1 */
    fprintf(f, "{\"layers\":[{\"weight\":[[\"3602879701896397/36028797018963968\","
            " \"-5404319552844595/18014398509481984\"]], \"bias\":[\"3152519739159347/4503599627370496\"]},"
            " {\"weight\":[[\"2476979795053773/2251799813685248\"]], \"bias\":[0]}]}\n");
    fclose(f);
    snprintf(cmd, sizeof(cmd), "'%s' equiv --quiet '%s' '%s' >/dev/null 2>'%s'",
             getenv("RF_BIN"), a, b, out);
    cr_assert_eq(WEXITSTATUS(system(cmd)), 0, "%s", cmd);
    snprintf(cmd, sizeof(cmd), "'%s' equiv --quiet --json-floats decimal '%s' '%s' >/dev/null 2>'%s'",
             getenv("RF_BIN"), a, b, out);
    cr_assert_eq(WEXITSTATUS(system(cmd)), 1, "%s", cmd);
    f = fopen(out, "r");
    got = fread(buf, 1, sizeof(buf) - 1, f);
    buf[got] = '\0';
    fclose(f);
    cr_assert(strstr(buf, "differ only below float resolution") != NULL, "stderr: %s", buf);
    remove(a);
    remove(b);
    remove(out);
    rmdir(dir);
}

/* .onnx / .pt files go to the model converter; without one the error says
 * what to install (or how to set RELUFIBER_CONVERT), exit 2. */
Test(cli_errors, ml_file_without_converter)
{
    char dir[] = "/tmp/rf_io_ml_XXXXXX", p[64], cmd[4096], buf[4096];
    FILE *f;
    size_t got;
    int st;
    cr_assert(mkdtemp(dir) != NULL);
    snprintf(p, sizeof(p), "%s/m.onnx", dir);
    f = fopen(p, "w");
    fputs("not really onnx", f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "RELUFIBER_CONVERT=/nonexistent/relufiber-convert '%s' info '%s' 2>&1",
             getenv("RF_BIN"), p);
    f = popen(cmd, "r");
    got = fread(buf, 1, sizeof(buf) - 1, f);
    buf[got] = '\0';
    st = pclose(f);
    cr_assert_eq(WEXITSTATUS(st), 2, "%s", buf);
    cr_assert(strstr(buf, "needs the Python package's converter") != NULL, "%s", buf);
    /* a converter that fails: its exit status is reported */
    snprintf(cmd, sizeof(cmd), "RELUFIBER_CONVERT=false '%s' info '%s' 2>&1", getenv("RF_BIN"), p);
    f = popen(cmd, "r");
    got = fread(buf, 1, sizeof(buf) - 1, f);
    buf[got] = '\0';
    st = pclose(f);
    cr_assert_eq(WEXITSTATUS(st), 2, "%s", buf);
    cr_assert(strstr(buf, "converter 'false' failed") != NULL, "%s", buf);
    remove(p);
    rmdir(dir);
}
