/* NNet reader on hand-written files: exact weights and exact evaluation,
 * compared with values computed by hand and by Python's fractions. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdlib.h>
#include <string.h>
#include "relufiber/io.h"
#include "relufiber/rational.h"
#include <flint/fmpq_vec.h>

static void load(rf_net_t net, const char *name)
{
    char path[1024];
    rf_err_t err;
    snprintf(path, sizeof(path), "%s/io/nnet/%s", getenv("RF_TESTDATA"), name);
    rf_err_init(err);
    cr_assert_eq(rf_io_read_file(net, path, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), 0,
                 "%s:%ld: %s", err->file, err->line, err->msg);
}

static int q_is(const fmpq_t q, slong p, slong d)
{
    fmpq_t e;
    int r;
    fmpq_init(e);
    fmpq_set_si(e, p, d);
    r = fmpq_equal(q, e);
    fmpq_clear(e);
    return r;
}

Test(nnet, small_weights_exact)
{
    rf_net_t net;
    rf_net_init(net, 1, (slong[]) {1, 1});
    load(net, "small.nnet");
    cr_assert_eq(net->L, 2);
    cr_assert(net->dims[0] == 2 && net->dims[1] == 2 && net->dims[2] == 1);
    cr_assert(q_is(rf_net_W(net, 0, 0, 0), 540062, 10000000));
    cr_assert(q_is(rf_net_W(net, 0, 0, 1), -261092, 100000));
    cr_assert(q_is(rf_net_W(net, 0, 1, 0), 3, 2));
    cr_assert(q_is(rf_net_W(net, 0, 1, 1), -1, 4));
    cr_assert(q_is(rf_net_b(net, 0, 0), 1, 1000));
    cr_assert(q_is(rf_net_b(net, 0, 1), -1, 1));
    cr_assert(q_is(rf_net_W(net, 1, 0, 0), 1, 1));
    cr_assert(q_is(rf_net_W(net, 1, 0, 1), -3, 4));
    cr_assert(q_is(rf_net_b(net, 1, 0), 1, 4));
    rf_net_clear(net);
}

Test(nnet, small_evaluation_by_hand)
{
    rf_net_t net;
    fmpq x[2], y[1];
    rf_net_init(net, 1, (slong[]) {1, 1});
    load(net, "small.nnet");
    fmpq_init(x); fmpq_init(x + 1); fmpq_init(y);
    /* x = (1, -1): h = (2.6659262, 0.75), y = h1 - 0.75 h2 + 0.25 */
    fmpq_set_si(x, 1, 1); fmpq_set_si(x + 1, -1, 1);
    rf_net_eval(y, net, x);
    cr_assert(q_is(y, 23534262, 10000000));
    /* x = (0, 0): h = (0.001, relu(-1) = 0), y = 0.251 */
    fmpq_zero(x); fmpq_zero(x + 1);
    rf_net_eval(y, net, x);
    cr_assert(q_is(y, 251, 1000));
    fmpq_clear(x); fmpq_clear(x + 1); fmpq_clear(y);
    rf_net_clear(net);
}

/* Parses "a,b,c" into v (n entries). */
static void parse_list(fmpq *v, slong n, char *s)
{
    slong k;
    for (k = 0; k < n; k++) {
        char *e = strchr(s, ',');
        size_t len = e ? (size_t) (e - s) : strlen(s);
        cr_assert_eq(rf_q_parse(v + k, s, len, NULL), 0, "bad oracle value '%s'", s);
        s = e ? e + 1 : s + len;
    }
}

Test(nnet, deep_crlf_against_python_oracle)
{
    rf_net_t net, back;
    char path[1024], line[8192];
    FILE *f;
    int checked = 0;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_net_init(back, 1, (slong[]) {1, 1});
    load(net, "deep.nnet");
    cr_assert_eq(net->L, 4);
    cr_assert(net->dims[0] == 4 && net->dims[4] == 3 && net->dims[1] == 6);
    snprintf(path, sizeof(path), "%s/io/nnet/deep.expected", getenv("RF_TESTDATA"));
    f = fopen(path, "r");
    cr_assert(f != NULL);
    while (fgets(line, sizeof(line), f)) {
        char *tab = strchr(line, '\t'), *nl = strchr(line, '\n');
        if (line[0] == '#' || tab == NULL)
            continue;
        *tab = '\0';
        if (nl)
            *nl = '\0';
        if (strcmp(line, "sum") == 0) {
            fmpq_t s, e;
            slong l, i, j;
            fmpq_init(s); fmpq_init(e);
            for (l = 0; l < net->L; l++)
                for (i = 0; i < net->dims[l + 1]; i++) {
                    for (j = 0; j < net->dims[l]; j++)
                        fmpq_add(s, s, rf_net_W(net, l, i, j));
                    fmpq_add(s, s, rf_net_b(net, l, i));
                }
            parse_list(e, 1, tab + 1);
            cr_assert(fmpq_equal(s, e));
            fmpq_clear(s); fmpq_clear(e);
        } else {
            fmpq *x = _fmpq_vec_init(4), *y = _fmpq_vec_init(3), *e = _fmpq_vec_init(3);
            int k;
            parse_list(x, 4, line);
            parse_list(e, 3, tab + 1);
            rf_net_eval(y, net, x);
            for (k = 0; k < 3; k++)
                cr_assert(fmpq_equal(y + k, e + k), "output %d differs at %s", k, line);
            _fmpq_vec_clear(x, 4); _fmpq_vec_clear(y, 3); _fmpq_vec_clear(e, 3);
        }
        checked++;
    }
    fclose(f);
    cr_assert_eq(checked, 7);
    /* NNet -> JSON -> network is exact */
    {
        char *buf = NULL;
        size_t len;
        rf_err_t err;
        FILE *m = open_memstream(&buf, &len);
        rf_io_write_json(m, net, 0);
        fclose(m);
        rf_err_init(err);
        cr_assert_eq(rf_io_read_json_buf(back, buf, len, "m.json", RF_IO_JSON_BINARY, err), 0);
        cr_assert(rf_net_equal(net, back));
        free(buf);
    }
    rf_net_clear(net); rf_net_clear(back);
}

Test(nnet, minimal_no_trailing_commas)
{
    /* one affine layer, no header comment, no trailing commas, spaces */
    const char *t = "1, 3, 2, 3\n3 ,2\n0\n0,0,0\n1,1,1\n0,0,0,0\n1,1,1,1\n"
                    "1,2,3\n-4,5,-6\n7\n-1/2\n";
    rf_net_t net;
    rf_err_t err;
    fmpq x[3], y[2];
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    cr_assert_eq(rf_io_read_nnet_buf(net, t, strlen(t), "m.nnet", err), 0, "%ld: %s",
                 err->line, err->msg);
    cr_assert(net->L == 1 && net->dims[0] == 3 && net->dims[1] == 2);
    fmpq_init(x); fmpq_init(x + 1); fmpq_init(x + 2); fmpq_init(y); fmpq_init(y + 1);
    fmpq_set_si(x, 1, 1); fmpq_set_si(x + 1, 1, 2); fmpq_set_si(x + 2, -1, 3);
    rf_net_eval(y, net, x);
    /* affine output, no ReLU: 1 + 1 - 1 + 7 = 8; -4 + 5/2 + 2 - 1/2 = 0 */
    cr_assert(q_is(y, 8, 1));
    cr_assert(q_is(y + 1, 0, 1));
    fmpq_clear(x); fmpq_clear(x + 1); fmpq_clear(x + 2); fmpq_clear(y); fmpq_clear(y + 1);
    rf_net_clear(net);
}
