/* libFuzzer harness for the constraint-system JSON reader
 * (rf_export_read_json_sys_buf). A system that reads must survive the
 * round trip: written with rf_export_sys(..., RF_EXPORT_JSON) and read back,
 * it is structurally equal (rf_export_sys_equal). Failures must be
 * RF_ERR_INPUT with a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "relufiber/export.h"
#include "relufiber/system.h"
#include "fuzz_common.h"

/* rf_export_sys may refuse (RF_ERR_UNSUPPORTED: exponent too large for a
 * machine word); anything it writes must read back equal. */
static void sys_roundtrip(const rf_sys_t sys)
{
    char *out = NULL;
    size_t olen = 0;
    FILE *f = open_memstream(&out, &olen);
    rf_err_t err;
    rf_sys_t back;
    int r;
    FUZZ_CHECK(f != NULL, "open_memstream");
    rf_err_init(err);
    r = rf_export_sys(f, sys, RF_EXPORT_JSON, err);
    fclose(f);
    if (r == RF_OK) {
        rf_sys_init(back, 0, NULL, NULL);
        r = rf_export_read_json_sys_buf(back, out, olen, "rt.json", err);
        if (r != RF_OK)
            fprintf(stderr, "re-read failed: %s:%ld: %s\n", err->file, err->line, err->msg);
        /* only a number over the digit cap (a constant power expanded) may
           keep our own output from reading back */
        FUZZ_CHECK(r == RF_OK || strstr(err->msg, "too many digits") != NULL,
                   "our own system JSON does not read back");
        FUZZ_CHECK(r != RF_OK || rf_export_sys_equal(sys, back),
                   "system round trip changed the system");
        rf_sys_clear(back);
    }
    rf_err_clear(err);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rf_sys_t sys;
    rf_err_t err;
    int r;
    rf_sys_init(sys, 0, NULL, NULL);
    rf_err_init(err);
    r = rf_export_read_json_sys_buf(sys, (const char *) data, size, "fuzz.json", err);
    if (r == RF_OK)
        sys_roundtrip(sys);
    else {
        FUZZ_CHECK(r == RF_ERR_INPUT, "system reader failed with a code other than RF_ERR_INPUT");
        FUZZ_CHECK(err->msg[0] != '\0', "empty message");
    }
    rf_err_clear(err);
    rf_sys_clear(sys);
    return 0;
}
