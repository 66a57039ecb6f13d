/* libFuzzer harness for the solver-output parser of the cross-check
 * (rf_cli_smt_parse_answer in src/cli/smt_run.c: "sat" and a model of
 * (define-fun xK () Real term) values, "unsat", "unknown"). The first byte
 * chooses d (1..4). Never reads past the text; a model that parses is made
 * of rationals whose SMT-LIB text parses back equal. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_vec.h>
#include "smt_run.h"
#include "relufiber/export.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    slong d, k;
    char *s;
    fmpq *x;
    rf_cli_smt_status_t st = RF_SMT_UNKNOWN;
    int r;
    if (size < 1)
        return 0;
    d = 1 + data[0] % 4;
    s = malloc(size);
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    x = _fmpq_vec_init(d);
    r = rf_cli_smt_parse_answer(&st, x, s, d);
    FUZZ_CHECK(r >= 0 && r <= 2, "bad return value");
    if (r == 0 && st == RF_SMT_SAT) {
        for (k = 0; k < d; k++) {
            /* print as an SMT-LIB term and parse back */
            fmpq_t b;
            char buf[64], *num = fmpz_get_str(NULL, 10, fmpq_numref(x + k)),
                          *den = fmpz_get_str(NULL, 10, fmpq_denref(x + k));
            char *t = malloc(strlen(num) + strlen(den) + sizeof(buf));
            int neg = num[0] == '-';
            sprintf(t, neg ? "(- (/ %s %s))" : "(/ %s %s)", num + neg, den);
            fmpq_init(b);
            FUZZ_CHECK(rf_export_smt_parse_q(b, t) != NULL && fmpq_equal(b, x + k),
                       "a model value does not print and parse back");
            fmpq_clear(b);
            flint_free(num);
            flint_free(den);
            free(t);
        }
    }
    _fmpq_vec_clear(x, d);
    free(s);
    return 0;
}
