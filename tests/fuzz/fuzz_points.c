/* libFuzzer harness for the points reader (rf_fdim_read_points_buf). The
 * first byte chooses n0 (1..4), the rest is the file. On success every
 * point has n0 coordinates and printing the points and reading them again
 * gives the same rationals; on failure RF_ERR_INPUT with a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <flint/fmpq_vec.h>
#include "relufiber/fdim.h"
#include "relufiber/qvec.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fmpq *pts = NULL, *back = NULL;
    slong n = 0, nb = 0, n0, k;
    rf_err_t err;
    int r;
    if (size < 1)
        return 0;
    n0 = 1 + data[0] % 4;
    rf_err_init(err);
    r = rf_fdim_read_points_buf(&pts, &n, (const char *) data + 1, size - 1, "fuzz.pts", n0, err);
    if (r == RF_OK) {
        char *out = NULL;
        size_t olen = 0;
        FILE *f = open_memstream(&out, &olen);
        FUZZ_CHECK(n >= 1, "success without points");
        for (k = 0; k < n * n0; k++) {
            fmpq_fprint(f, pts + k);
            fputc(k % n0 == n0 - 1 ? '\n' : ',', f);
        }
        fclose(f);
        FUZZ_CHECK(rf_fdim_read_points_buf(&back, &nb, out, olen, "rt.pts", n0, err) == RF_OK,
                   "printed points do not read back");
        FUZZ_CHECK(nb == n && rf_qvec_equal(pts, back, n * n0), "points round trip differs");
        _fmpq_vec_clear(back, FLINT_MAX(nb, 1) * n0);
        _fmpq_vec_clear(pts, FLINT_MAX(n, 1) * n0);
        free(out);
    } else {
        FUZZ_CHECK(r == RF_ERR_INPUT && err->msg[0] != '\0', "bad error from the points reader");
    }
    rf_err_clear(err);
    return 0;
}
