/* JSON: exact decimals vs exact doubles, the PyTorch layout, "arch", the
 * writer (exact and --floats), checked against independent oracles (hand
 * computed rationals, IEEE division, Python's json + fractions). */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <float.h>
#include "relufiber/io.h"
#include "relufiber/rational.h"

static void read_ok(rf_net_t net, const char *text, rf_io_json_mode_t mode)
{
    rf_err_t err;
    rf_err_init(err);
    cr_assert_eq(rf_io_read_json_buf(net, text, strlen(text), "t.json", mode, err), 0,
                 "%s:%ld: %s", err->file, err->line, err->msg);
}

/* q == num/den with num, den given as decimal strings */
static int q_is(const fmpq_t q, const char *num, const char *den)
{
    fmpq_t e;
    int r;
    fmpq_init(e);
    fmpz_set_str(fmpq_numref(e), num, 10);
    fmpz_set_str(fmpq_denref(e), den, 10);
    fmpq_canonicalise(e);
    r = fmpq_equal(q, e);
    fmpq_clear(e);
    return r;
}

Test(json, decimal_versus_binary)
{
    const char *t = "{\"layers\":[{\"weight\":[[0.1, -2.5e-1, 3, \"0.1\", \"-3/4\", 1E2]],"
                    "\"bias\":[9007199254740993]}]}";
    rf_net_t net;
    rf_net_init(net, 1, (slong[]) {1, 1});
    read_ok(net, t, RF_IO_JSON_DECIMAL);
    cr_assert_eq(net->dims[0], 6);
    cr_assert_eq(net->dims[1], 1);
    cr_assert(q_is(rf_net_W(net, 0, 0, 0), "1", "10"));
    cr_assert(q_is(rf_net_W(net, 0, 0, 1), "-1", "4"));
    cr_assert(q_is(rf_net_W(net, 0, 0, 2), "3", "1"));
    cr_assert(q_is(rf_net_W(net, 0, 0, 3), "1", "10"));
    cr_assert(q_is(rf_net_W(net, 0, 0, 4), "-3", "4"));
    cr_assert(q_is(rf_net_W(net, 0, 0, 5), "100", "1"));
    cr_assert(q_is(rf_net_b(net, 0, 0), "9007199254740993", "1"));
    read_ok(net, t, RF_IO_JSON_BINARY);
    /* the double nearest 0.1 is 3602879701896397 / 2^55 */
    cr_assert(q_is(rf_net_W(net, 0, 0, 0), "3602879701896397", "36028797018963968"));
    cr_assert(q_is(rf_net_W(net, 0, 0, 1), "-1", "4"));
    cr_assert(q_is(rf_net_W(net, 0, 0, 2), "3", "1"));
    /* strings are always exact text, integers always exact (as in Python) */
    cr_assert(q_is(rf_net_W(net, 0, 0, 3), "1", "10"));
    cr_assert(q_is(rf_net_W(net, 0, 0, 4), "-3", "4"));
    cr_assert(q_is(rf_net_W(net, 0, 0, 5), "100", "1"));
    cr_assert(q_is(rf_net_b(net, 0, 0), "9007199254740993", "1"));
    rf_net_clear(net);
}

Test(json, tiny_and_long_decimals)
{
    rf_net_t net;
    char num[80];
    rf_net_init(net, 1, (slong[]) {1, 1});
    /* 1e-400 underflows as a double but is an exact decimal */
    read_ok(net, "{\"layers\":[{\"weight\":[[1e-400, 0.30000000000000000000000000001]],\"bias\":[-0.0]}]}",
            RF_IO_JSON_DECIMAL);
    cr_assert(fmpz_is_one(fmpq_numref(rf_net_W(net, 0, 0, 0))));
    cr_assert(fmpz_sizeinbase(fmpq_denref(rf_net_W(net, 0, 0, 0)), 10) == 401);
    snprintf(num, sizeof(num), "3%s1", "000000000000000000000000000");
    cr_assert(q_is(rf_net_W(net, 0, 0, 1), num, "100000000000000000000000000000"));
    cr_assert(fmpq_is_zero(rf_net_b(net, 0, 0)));
    read_ok(net, "{\"layers\":[{\"weight\":[[1e-400, 0.30000000000000000000000000001]],\"bias\":[-0.0]}]}",
            RF_IO_JSON_BINARY);
    cr_assert(fmpq_is_zero(rf_net_W(net, 0, 0, 0)));
    /* 0.3 + 1e-29 rounds to the double nearest 0.3 = 5404319552844595 / 2^54 */
    cr_assert(q_is(rf_net_W(net, 0, 0, 1), "5404319552844595", "18014398509481984"));
    rf_net_clear(net);
}

/* What json.dumps({"layers": [{"weight": W.tolist(), "bias": b.tolist()}]})
 * gives for a float32 nn.Sequential(Linear(2,3), ReLU(), Linear(3,1)):
 * Python prints the shortest repr of each float32 value widened to double. */
static const char torch_json[] =
    "{\"layers\": [{\"weight\": [[0.10000000149011612, -0.5], [0.25, 0.30000001192092896], "
    "[-1.0, 2.0]], \"bias\": [0.0, -0.10000000149011612, 0.5]}, "
    "{\"weight\": [[1.0, -1.0, 0.75]], \"bias\": [0.125]}]}";

Test(json, pytorch_layout)
{
    rf_net_t net;
    fmpq x[2], y[1];
    rf_net_init(net, 1, (slong[]) {1, 1});
    fmpq_init(x); fmpq_init(x + 1); fmpq_init(y);
    read_ok(net, torch_json, RF_IO_JSON_BINARY);
    cr_assert_eq(net->L, 2);
    cr_assert(net->dims[0] == 2 && net->dims[1] == 3 && net->dims[2] == 1);
    /* binary mode recovers the float32 values exactly: 0.1f = 13421773/2^27 */
    cr_assert(q_is(rf_net_W(net, 0, 0, 0), "13421773", "134217728"));
    /* 0.3f = 10066330/2^25 = 5033165/2^24 */
    cr_assert(q_is(rf_net_W(net, 0, 1, 1), "5033165", "16777216"));
    cr_assert(q_is(rf_net_b(net, 0, 1), "-13421773", "134217728"));
    /* exact evaluation at x = (1, 1): hidden pre-activations
     * h1 = 13421773/2^27 - 1/2 < 0 -> 0; h2 = 1/4 + 5033165/2^24 - 13421773/2^27 > 0;
     * h3 = -1 + 2 + 1/2 = 3/2; y = -h2 + 3/4 * 3/2 + 1/8 */
    fmpq_set_si(x, 1, 1); fmpq_set_si(x + 1, 1, 1);
    rf_net_eval(y, net, x);
    {
        fmpq_t h2, e, t;
        fmpq_init(h2); fmpq_init(e); fmpq_init(t);
        fmpq_set_si(h2, 1, 4);
        fmpq_set_si(t, 5033165, 16777216); fmpq_add(h2, h2, t);
        fmpq_set_si(t, 13421773, 134217728); fmpq_sub(h2, h2, t);
        cr_assert(fmpq_sgn(h2) > 0);
        fmpq_set_si(e, 9, 8); fmpq_sub(e, e, h2);
        fmpq_set_si(t, 1, 8); fmpq_add(e, e, t);
        cr_assert(fmpq_equal(y, e));
        fmpq_clear(h2); fmpq_clear(e); fmpq_clear(t);
    }
    /* decimal mode: the printed decimals, exactly */
    read_ok(net, torch_json, RF_IO_JSON_DECIMAL);
    cr_assert(q_is(rf_net_W(net, 0, 0, 0), "10000000149011612", "100000000000000000"));
    cr_assert(q_is(rf_net_W(net, 1, 0, 2), "3", "4"));
    fmpq_clear(x); fmpq_clear(x + 1); fmpq_clear(y);
    rf_net_clear(net);
}

Test(json, arch_and_key_order)
{
    rf_net_t a, b;
    rf_net_init(a, 1, (slong[]) {1, 1});
    rf_net_init(b, 1, (slong[]) {1, 1});
    read_ok(a, "{\"arch\":[2,1],\"layers\":[{\"weight\":[[1,2]],\"bias\":[3]}]}", RF_IO_JSON_DECIMAL);
    /* bias before weight, arch last, an ignored metadata key with nesting */
    read_ok(b, "{\"meta\":{\"x\":[1,{\"y\":[2,3]}],\"s\":\"a:b\"},"
               "\"layers\":[{\"bias\":[3],\"weight\":[[1,2]]}],\"arch\":[2,1]}", RF_IO_JSON_DECIMAL);
    cr_assert(rf_net_equal(a, b));
    cr_assert(q_is(rf_net_b(b, 0, 0), "3", "1"));
    cr_assert(q_is(rf_net_W(b, 0, 0, 1), "2", "1"));
    rf_net_clear(a); rf_net_clear(b);
}

Test(json, error_line_after_strings_with_escapes)
{
    /* strings holding quotes, colons, brackets and newlines escapes must not
     * confuse the position scanner */
    const char *t = "{\"note\": \"a \\\" b : [ { \\n\",\n"
                    " \"layers\": [\n"
                    "  {\"weight\": [[\"1\\/2\", 2]],\n"
                    "   \"bias\": [\"x\\\"\"]}]}";
    rf_net_t net;
    rf_err_t err;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    cr_assert_eq(rf_io_read_json_buf(net, t, strlen(t), "t.json", RF_IO_JSON_DECIMAL, err),
                 RF_ERR_INPUT);
    cr_assert_eq(err->line, 4, "line %ld: %s", err->line, err->msg);
    cr_assert(strstr(err->msg, "layers[0].bias[0]") != NULL, "%s", err->msg);
    rf_net_clear(net);
}

Test(json, writer_text)
{
    rf_net_t net;
    char *buf = NULL;
    size_t len;
    FILE *f;
    rf_net_init(net, 1, (slong[]) {2, 1});
    fmpq_set_si(rf_net_W(net, 0, 0, 0), -3, 4);
    fmpz_set_str(fmpq_numref(rf_net_W(net, 0, 0, 1)), "9007199254740993", 10);
    fmpq_set_si(rf_net_b(net, 0, 0), -7, 1);
    f = open_memstream(&buf, &len);
    rf_io_write_json(f, net, 0);
    fclose(f);
    cr_assert(strstr(buf, "\"arch\": [2, 1]") != NULL, "%s", buf);
    cr_assert(strstr(buf, "[\"-3/4\", \"9007199254740993\"]") != NULL, "%s", buf);
    cr_assert(strstr(buf, "\"bias\": [-7]") != NULL, "%s", buf);
    free(buf);
    rf_net_clear(net);
}

Test(json, rf_q_get_d_rounding)
{
    fmpq_t q;
    fmpz_t t;
    fmpq_init(q); fmpz_init(t);
    /* huge numerator and denominator: 10^400 / 10^399 = 10 */
    fmpz_set_ui(t, 10); fmpz_pow_ui(fmpq_numref(q), t, 400);
    fmpz_pow_ui(fmpq_denref(q), t, 399);
    cr_assert(rf_q_get_d(q) == 10.0);
    fmpz_pow_ui(fmpq_denref(q), t, 401);
    fmpq_canonicalise(q);
    cr_assert(rf_q_get_d(q) == 0.1);
    /* subnormals: 2^-1074 exactly; 1.5 * 2^-1074 ties to even 2^-1073;
     * 2^-1075 ties to even 0; a bit above 2^-1075 rounds up */
    fmpq_one(q); fmpq_div_2exp(q, q, 1074);
    cr_assert(rf_q_get_d(q) == ldexp(1.0, -1074));
    fmpq_set_si(q, 3, 1); fmpq_div_2exp(q, q, 1075);
    cr_assert(rf_q_get_d(q) == ldexp(1.0, -1073));
    fmpq_one(q); fmpq_div_2exp(q, q, 1075);
    cr_assert(rf_q_get_d(q) == 0.0);
    fmpq_set_si(q, 1000001, 1000000); fmpq_div_2exp(q, q, 1075);
    cr_assert(rf_q_get_d(q) == ldexp(1.0, -1074));
    fmpq_set_si(q, -5, 1); fmpq_div_2exp(q, q, 1075); /* -2.5 ulp -> -2 ulp */
    cr_assert(rf_q_get_d(q) == -ldexp(1.0, -1073));
    /* overflow */
    fmpq_one(q); fmpq_mul_2exp(q, q, 1024);
    cr_assert(isinf(rf_q_get_d(q)));
    /* the largest double survives */
    cr_assert_eq(rf_q_set_d(q, DBL_MAX), 0);
    cr_assert(rf_q_get_d(q) == DBL_MAX);
    fmpq_clear(q); fmpz_clear(t);
}

Test(json, floats_writer_is_nearest_double)
{
    /* oracle: for |p|, q < 2^53 IEEE division p/q is correctly rounded */
    flint_rand_t st;
    rf_net_t a, b;
    slong iter, l, i, j;
    rf_test_randinit(st);
    rf_net_init(a, 2, (slong[]) {4, 3, 2});
    rf_net_init(b, 1, (slong[]) {1, 1});
    for (iter = 0; rf_test_loop(iter, 200); iter++) {
        char *buf = NULL;
        size_t len;
        FILE *f;
        rf_err_t err;
        rf_net_randtest(a, st, WORD(1) << 40, WORD(1) << 40);
        f = open_memstream(&buf, &len);
        rf_io_write_json(f, a, 1);
        fclose(f);
        rf_err_init(err);
        cr_assert_eq(rf_io_read_json_buf(b, buf, len, "f.json", RF_IO_JSON_BINARY, err), 0,
                     "%s", err->msg);
        for (l = 0; l < 2; l++)
            for (i = 0; i < a->dims[l + 1]; i++)
                for (j = 0; j <= a->dims[l]; j++) {
                    const fmpq *x = j < a->dims[l] ? rf_net_W(a, l, i, j) : rf_net_b(a, l, i);
                    const fmpq *y = j < b->dims[l] ? rf_net_W(b, l, i, j) : rf_net_b(b, l, i);
                    double d = (double) fmpz_get_si(fmpq_numref(x)) /
                               (double) fmpz_get_si(fmpq_denref(x));
                    fmpq_t e;
                    fmpq_init(e);
                    rf_q_set_d(e, d);
                    cr_assert(fmpq_equal(e, y), "entry %ld %ld %ld", l, i, j);
                    fmpq_clear(e);
                }
        free(buf);
    }
    rf_net_clear(a); rf_net_clear(b);
    flint_randclear(st);
}

Test(json, python_reads_our_output)
{
    /* independent reader: Python's json + fractions.Fraction must see the
     * same rationals (sum of all entries, printed exactly) */
    flint_rand_t st;
    rf_net_t a;
    fmpq_t s;
    char path[] = "/tmp/rf_io_py_XXXXXX", cmd[512], out[4096];
    int fd;
    FILE *f, *p;
    slong l, i, j;
    rf_test_randinit(st);
    rf_net_init(a, 3, (slong[]) {3, 4, 2, 2});
    rf_net_randtest(a, st, WORD(1) << 61, WORD(1) << 30);
    fmpz_set_str(fmpq_numref(rf_net_b(a, 2, 1)), "123456789012345678901234567890", 10);
    fd = mkstemp(path);
    cr_assert(fd >= 0);
    f = fdopen(fd, "w");
    rf_io_write_json(f, a, 0);
    fclose(f);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 -c 'import json,sys\nfrom fractions import Fraction as F\n"
             "d=json.load(open(sys.argv[1]))\ns=F(0)\n"
             "for L in d[\"layers\"]:\n"
             "  for r in L[\"weight\"]:\n    for v in r: s+=F(v)\n"
             "  for v in L[\"bias\"]: s+=F(v)\n"
             "print(s.numerator, s.denominator)' %s", path);
    p = popen(cmd, "r");
    cr_assert(p != NULL);
    cr_assert(fgets(out, sizeof(out), p) != NULL);
    cr_assert_eq(pclose(p), 0);
    remove(path);
    fmpq_init(s);
    for (l = 0; l < a->L; l++)
        for (i = 0; i < a->dims[l + 1]; i++) {
            for (j = 0; j < a->dims[l]; j++)
                fmpq_add(s, s, rf_net_W(a, l, i, j));
            fmpq_add(s, s, rf_net_b(a, l, i));
        }
    {
        char *sp = strchr(out, ' '), *nl = strchr(out, '\n');
        cr_assert(sp != NULL);
        *sp = '\0';
        if (nl)
            *nl = '\0';
        cr_assert(q_is(s, out, sp + 1), "python: %s/%s", out, sp + 1);
    }
    fmpq_clear(s);
    rf_net_clear(a);
    flint_randclear(st);
}

Test(json, bias_optional)
{
    /* nn.Linear(bias=False): "bias" absent or null is the zero vector */
    const char *t = "{\"layers\":[{\"weight\":[[1, 2],[3, 4]]},"
                    "{\"weight\":[[0.5, -1]], \"bias\": null}], \"arch\": [2, 2, 1]}";
    rf_net_t net;
    slong i;
    rf_net_init(net, 1, (slong[]) {1, 1});
    read_ok(net, t, RF_IO_JSON_BINARY);
    cr_assert_eq(net->L, 2);
    for (i = 0; i < 2; i++)
        cr_assert(fmpq_is_zero(rf_net_b(net, 0, i)));
    cr_assert(fmpq_is_zero(rf_net_b(net, 1, 0)));
    cr_assert(q_is(rf_net_W(net, 1, 0, 0), "1", "2"));
    rf_net_clear(net);
}

Test(json, equal_as_doubles)
{
    /* 0.1 read as a decimal and as a double: different rationals, same double */
    const char *t = "{\"layers\":[{\"weight\":[[0.1, 0.7]], \"bias\": [1e-30]}]}";
    const char *u = "{\"layers\":[{\"weight\":[[0.1, 0.7000000000000001]], \"bias\": [1e-30]}]}";
    rf_net_t a, b;
    rf_net_init(a, 1, (slong[]) {1, 1});
    rf_net_init(b, 1, (slong[]) {1, 1});
    read_ok(a, t, RF_IO_JSON_DECIMAL);
    read_ok(b, t, RF_IO_JSON_BINARY);
    cr_assert(!rf_net_equal(a, b));
    cr_assert(rf_net_equal_as_doubles(a, b));
    read_ok(b, u, RF_IO_JSON_BINARY);
    cr_assert(!rf_net_equal_as_doubles(a, b));
    rf_net_clear(a);
    rf_net_clear(b);
}
