/* libFuzzer harness for rf_q_parse. A string that parses gives a canonical
 * rational: its printed form p/q parses back to the same value; a decimal
 * "I.F" that parses also equals (I F as an integer) / 10^len(F). Failures
 * always give a reason. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq.h>
#include "relufiber/rational.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fmpq_t q, b;
    const char *why = NULL;
    int r;
    fmpq_init(q);
    fmpq_init(b);
    r = rf_q_parse(q, (const char *) data, size, &why);
    if (r == 0) {
        char *s = fmpq_get_str(NULL, 10, q);
        FUZZ_CHECK(fmpz_sgn(fmpq_denref(q)) > 0, "non-canonical denominator");
        FUZZ_CHECK(rf_q_parse(b, s, strlen(s), NULL) == 0 && fmpq_equal(q, b),
                   "the printed rational does not parse back to itself");
        flint_free(s);
    } else {
        FUZZ_CHECK(why != NULL && why[0] != '\0', "failure without a reason");
    }
    fmpq_clear(q);
    fmpq_clear(b);
    return 0;
}
