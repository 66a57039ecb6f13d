/* Shared part of the libFuzzer harnesses: read a network from the input;
 * when that succeeds, write it out, read it back and require equality. Any
 * mismatch aborts (a finding). */
#ifndef RF_FUZZ_COMMON_H
#define RF_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include "relufiber/io.h"

#define FUZZ_CHECK(cond, what)                                               \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "fuzz check failed: %s\n", what);                \
            abort();                                                         \
        }                                                                    \
    } while (0)

/* Writes net with the rfn (json = 0) or JSON writer, reads it back with the
 * matching reader and checks the result is the same network. */
static void fuzz_roundtrip(const rf_net_t net, int json)
{
    char *out = NULL;
    size_t olen = 0;
    FILE *f = open_memstream(&out, &olen);
    rf_net_t back;
    rf_err_t err;
    int r;
    FUZZ_CHECK(f != NULL, "open_memstream");
    if (json)
        rf_io_write_json(f, net, 0);
    else
        rf_io_write_rfn(f, net);
    fclose(f);
    rf_net_init(back, 1, (slong[]) {1, 1});
    rf_err_init(err);
    r = json ? rf_io_read_json_buf(back, out, olen, "rt.json", RF_IO_JSON_DECIMAL, err)
             : rf_io_read_rfn_buf(back, out, olen, "rt.rfn", err);
    if (r != 0)
        fprintf(stderr, "re-read failed: %s:%ld: %s\n", err->file, err->line, err->msg);
    FUZZ_CHECK(r == 0, "our own output does not read back");
    FUZZ_CHECK(rf_net_equal(net, back), "round trip changed the network");
    rf_err_clear(err);
    rf_net_clear(back);
    free(out);
}

/* Error reports must be well formed: a non-input error is a bug. */
static void fuzz_check_error(int r, const rf_err_t err)
{
    FUZZ_CHECK(r == RF_ERR_INPUT, "reader failed with a code other than RF_ERR_INPUT");
    FUZZ_CHECK(err->code == r, "err->code differs from the return value");
    FUZZ_CHECK(err->line >= 0, "negative line");
    FUZZ_CHECK(err->msg[0] != '\0', "empty message");
}

#endif
