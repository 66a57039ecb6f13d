/* Exact round trips .rfn <-> JSON on many random networks, including huge
 * integers and fractions, and agreement of the two writers through each
 * other (rfn -> json -> rfn and json -> rfn -> json give the same text). */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "relufiber/io.h"

/* Writes net into a fresh buffer with the given writer. */
static char *to_text(size_t *len, const rf_net_t net, int json)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    cr_assert(f != NULL);
    if (json)
        rf_io_write_json(f, net, 0);
    else
        rf_io_write_rfn(f, net);
    fclose(f);
    return buf;
}

static void random_arch(rf_net_t net, flint_rand_t st)
{
    slong L = 1 + n_randint(st, 4), dims[6], l;
    for (l = 0; l <= L; l++)
        dims[l] = 1 + n_randint(st, 5);
    rf_net_clear(net);
    rf_net_init(net, L, dims);
}

/* Entries of several kinds: small fractions, integers only, huge numerators
 * and denominators (past 2^53 and past 64 bits), zeros. */
static void random_entries(rf_net_t net, flint_rand_t st, slong kind)
{
    slong l, i, j;
    switch (kind % 5) {
    case 0: rf_net_randtest(net, st, 10, 10); break;
    case 1: rf_net_randtest(net, st, 1000, 1); break;
    case 2: rf_net_randtest(net, st, WORD(1) << 61, WORD(1) << 61); break;
    case 3: rf_net_randtest(net, st, 3, 1); break;
    default:
        for (l = 0; l < net->L; l++)
            for (i = 0; i < net->dims[l + 1]; i++) {
                for (j = 0; j < net->dims[l]; j++) {
                    fmpz_randtest(fmpq_numref(rf_net_W(net, l, i, j)), st, 200);
                    fmpz_randtest_not_zero(fmpq_denref(rf_net_W(net, l, i, j)), st, 200);
                    fmpz_abs(fmpq_denref(rf_net_W(net, l, i, j)), fmpq_denref(rf_net_W(net, l, i, j)));
                    fmpq_canonicalise(rf_net_W(net, l, i, j));
                }
                fmpz_randtest(fmpq_numref(rf_net_b(net, l, i)), st, 100);
            }
    }
}

static void read_back(rf_net_t out, const char *buf, size_t len, int json,
                      rf_io_json_mode_t mode)
{
    rf_err_t err;
    int r;
    rf_err_init(err);
    r = json ? rf_io_read_json_buf(out, buf, len, "mem.json", mode, err)
             : rf_io_read_rfn_buf(out, buf, len, "mem.rfn", err);
    cr_assert_eq(r, 0, "read back failed: %s:%ld: %s\n%s", err->file, err->line,
                 err->msg, buf);
}

Test(roundtrip, random_networks_rfn_json, .timeout = 300)
{
    flint_rand_t st;
    slong iter, n = 1500;
    rf_net_t a, b, c;
    rf_test_randinit(st);
    rf_net_init(a, 1, (slong[]) {1, 1});
    rf_net_init(b, 1, (slong[]) {1, 1});
    rf_net_init(c, 1, (slong[]) {1, 1});
    for (iter = 0; rf_test_loop(iter, n); iter++) {
        size_t lr, lj, lj2;
        char *tr, *tj, *tj2;
        random_arch(a, st);
        random_entries(a, st, iter);
        tr = to_text(&lr, a, 0);
        tj = to_text(&lj, a, 1);
        read_back(b, tr, lr, 0, RF_IO_JSON_DECIMAL);
        cr_assert(rf_net_equal(a, b), "rfn round trip differs (iter %ld)\n%s", iter, tr);
        read_back(c, tj, lj, 1, RF_IO_JSON_DECIMAL);
        cr_assert(rf_net_equal(a, c), "json round trip differs (iter %ld)\n%s", iter, tj);
        /* the writer's output does not depend on the float mode */
        read_back(c, tj, lj, 1, RF_IO_JSON_BINARY);
        cr_assert(rf_net_equal(a, c), "json (binary mode) differs (iter %ld)\n%s", iter, tj);
        /* rfn -> json text equals the direct json text */
        tj2 = to_text(&lj2, b, 1);
        cr_assert(lj2 == lj && memcmp(tj, tj2, lj) == 0);
        free(tr); free(tj); free(tj2);
    }
    rf_net_clear(a); rf_net_clear(b); rf_net_clear(c);
    flint_randclear(st);
}

Test(roundtrip, files_and_autodetect)
{
    flint_rand_t st;
    rf_net_t a, b;
    rf_err_t err;
    char dir[] = "/tmp/rf_io_XXXXXX", p[256];
    const char *ext[] = {"rfn", "json"};
    int k;
    cr_assert(mkdtemp(dir) != NULL);
    rf_test_randinit(st);
    rf_net_init(a, 2, (slong[]) {3, 4, 2});
    rf_net_init(b, 1, (slong[]) {1, 1});
    rf_net_randtest(a, st, 100, 100);
    rf_err_init(err);
    for (k = 0; k < 2; k++) {
        snprintf(p, sizeof(p), "%s/net.%s", dir, ext[k]);
        cr_assert_eq(rf_io_write_file(p, a, RF_IO_FMT_AUTO, err), 0);
        cr_assert_eq(rf_io_read_file(b, p, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), 0, "%s", err->msg);
        cr_assert(rf_net_equal(a, b));
        /* by content when the name says nothing */
        snprintf(p, sizeof(p), "%s/net_%s.txt", dir, ext[k]);
        cr_assert_eq(rf_io_write_file(p, a, k ? RF_IO_FMT_JSON : RF_IO_FMT_RFN, err), 0);
        cr_assert_eq(rf_io_read_file(b, p, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), 0, "%s", err->msg);
        cr_assert(rf_net_equal(a, b));
        remove(p);
        snprintf(p, sizeof(p), "%s/net.%s", dir, ext[k]);
        remove(p);
    }
    snprintf(p, sizeof(p), "%s/net.nnet", dir);
    cr_assert_eq(rf_io_write_file(p, a, RF_IO_FMT_AUTO, err), RF_ERR_UNSUPPORTED);
    rmdir(dir);
    rf_net_clear(a); rf_net_clear(b);
    flint_randclear(st);
}
