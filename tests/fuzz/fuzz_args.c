/* libFuzzer harness for the command-line value parsers: eval's inputs
 * (rf_cli_parse_vec: "1,-2/3,0.5") and --box LO:HI (rf_cli_parse_box). The
 * first byte chooses n (1..4). On success every entry parses on its own with
 * rf_q_parse and the box has lo <= hi never required by the parser (it is
 * the command's check), so only well-formedness is asserted: the joined
 * printed vector parses back to the same entries. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "cli.h"
#include "relufiber/qvec.h"
#include "fuzz_common.h"

static void vec_roundtrip(const fmpq *v, slong n)
{
    char *out = NULL;
    size_t olen = 0;
    FILE *f = open_memstream(&out, &olen);
    fmpq *b = _fmpq_vec_init(n);
    slong k;
    for (k = 0; k < n; k++) {
        if (k)
            fputc(',', f);
        fmpq_fprint(f, v + k);
    }
    fclose(f);
    FUZZ_CHECK(rf_cli_parse_vec(b, n, out, "rt") == 0, "a printed vector does not parse back");
    FUZZ_CHECK(rf_qvec_equal(v, b, n), "vector round trip differs");
    _fmpq_vec_clear(b, n);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    slong n;
    char *s;
    fmpq *lo, *hi;
    static FILE *quiet;
    if (quiet == NULL) {
        /* the parsers explain every rejection on stderr: send the FILE
           stream to /dev/null (file descriptor 2, where the sanitizers
           report, stays open) */
        quiet = fopen("/dev/null", "w");
        if (quiet != NULL)
            stderr = quiet;
    }
    if (size < 1)
        return 0;
    n = 1 + data[0] % 4;
    s = malloc(size);
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';   /* argv strings end at the first NUL */
    lo = _fmpq_vec_init(n);
    hi = _fmpq_vec_init(n);
    if (rf_cli_parse_vec(lo, n, s, "X") == 0)
        vec_roundtrip(lo, n);
    if (rf_cli_parse_box(lo, hi, n, s, "fuzz") == 0) {
        vec_roundtrip(lo, n);
        vec_roundtrip(hi, n);
    }
    _fmpq_vec_clear(lo, n);
    _fmpq_vec_clear(hi, n);
    free(s);
    return 0;
}
