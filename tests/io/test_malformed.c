/* Every malformed file under tests/data/io/malformed/<fmt>/ must be rejected
 * with RF_ERR_INPUT, naming the file, the expected line and a message that
 * contains the expected words (listed in <fmt>/expected.txt as
 * name TAB line TAB substring; written by gen.py). */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdlib.h>
#include <string.h>
#include "relufiber/io.h"

/* Checks every case of one format; returns the number of cases. */
static int check_format(const char *fmt, rf_io_fmt_t f)
{
    const char *data = getenv("RF_TESTDATA");
    char dir[1024], path[2048], line[1024];
    FILE *ex;
    int n = 0;
    cr_assert(data != NULL, "RF_TESTDATA not set");
    snprintf(dir, sizeof(dir), "%s/io/malformed/%s", data, fmt);
    snprintf(path, sizeof(path), "%s/expected.txt", dir);
    ex = fopen(path, "r");
    cr_assert(ex != NULL, "cannot open %s", path);
    while (fgets(line, sizeof(line), ex)) {
        char *name = strtok(line, "\t"), *lno = strtok(NULL, "\t"),
             *sub = strtok(NULL, "\n");
        rf_net_t net;
        rf_err_t err;
        int r, pass;
        cr_assert(name && lno && sub, "bad line in %s/expected.txt", fmt);
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        for (pass = 0; pass < 2; pass++) {
            /* pass 0: format given; pass 1: found from the extension */
            rf_net_init(net, 1, (slong[]) {1, 1});
            rf_err_init(err);
            r = rf_io_read_file(net, path, pass ? RF_IO_FMT_AUTO : f,
                                 RF_IO_JSON_DECIMAL, err);
            cr_expect_eq(r, RF_ERR_INPUT, "%s: accepted or wrong code %d (%s)",
                         name, r, err->msg);
            cr_expect_eq(err->code, RF_ERR_INPUT, "%s: err->code", name);
            cr_expect_str_eq(err->file, path, "%s: file name in the error", name);
            cr_expect_eq(err->line, atol(lno), "%s: line %ld, expected %s (%s)",
                         name, err->line, lno, err->msg);
            cr_expect(strstr(err->msg, sub) != NULL,
                      "%s: message '%s' lacks '%s'", name, err->msg, sub);
            /* the network is still usable after a failed read */
            cr_expect_eq(net->L, 1);
            rf_err_clear(err);
            rf_net_clear(net);
        }
        n++;
    }
    fclose(ex);
    return n;
}

Test(malformed, rfn)
{
    cr_expect_geq(check_format("rfn", RF_IO_FMT_RFN), 30);
}

Test(malformed, json)
{
    cr_expect_geq(check_format("json", RF_IO_FMT_JSON), 30);
}

Test(malformed, json_binary_mode_same_errors)
{
    /* the float mode must not change which files are rejected: spot check */
    const char *data = getenv("RF_TESTDATA");
    static const char *names[] = {"huge_neg_exp.json", "literal_nan.json",
                                  "string_nan.json", "huge_exp.json"};
    size_t k;
    for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        char path[1024];
        rf_net_t net;
        rf_err_t err;
        snprintf(path, sizeof(path), "%s/io/malformed/json/%s", data, names[k]);
        rf_net_init(net, 1, (slong[]) {1, 1});
        rf_err_init(err);
        cr_expect_eq(rf_io_read_file(net, path, RF_IO_FMT_JSON, RF_IO_JSON_BINARY, err),
                     RF_ERR_INPUT, "%s", names[k]);
        rf_net_clear(net);
    }
}

Test(malformed, nnet)
{
    cr_expect_geq(check_format("nnet", RF_IO_FMT_NNET), 30);
}

Test(malformed, missing_file)
{
    rf_net_t net;
    rf_err_t err;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    cr_expect_eq(rf_io_read_file(net, "/nonexistent/x.json", RF_IO_FMT_AUTO,
                                  RF_IO_JSON_DECIMAL, err), RF_ERR_IO);
    cr_expect_str_eq(err->file, "/nonexistent/x.json");
    rf_net_clear(net);
}
