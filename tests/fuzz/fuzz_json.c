/* libFuzzer harness for the JSON reader (see fuzz_common.h). Both float
 * modes must accept exactly the same files, report the same line, and give
 * networks of the same architecture that agree on every integer and string
 * entry (only non-integer JSON numbers may differ). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rf_net_t net[2];
    rf_err_t err[2];
    int r[2], mode;
    slong l;
    for (mode = 0; mode < 2; mode++) {
        rf_net_init(net[mode], 1, (slong[]) {1, 1});
        rf_err_init(err[mode]);
        r[mode] = rf_io_read_json_buf(net[mode], (const char *) data, size, "fuzz.json",
                                       mode ? RF_IO_JSON_BINARY : RF_IO_JSON_DECIMAL, err[mode]);
        if (r[mode] == 0) {
            fuzz_roundtrip(net[mode], 1);
            fuzz_roundtrip(net[mode], 0);
        } else {
            fuzz_check_error(r[mode], err[mode]);
        }
    }
    FUZZ_CHECK(r[0] == r[1], "decimal and binary modes disagree on validity");
    if (r[0] != 0) {
        FUZZ_CHECK(err[0]->line == err[1]->line, "modes report different lines");
    } else {
        FUZZ_CHECK(net[0]->L == net[1]->L, "modes give different depths");
        for (l = 0; l <= net[0]->L; l++)
            FUZZ_CHECK(net[0]->dims[l] == net[1]->dims[l], "modes give different widths");
    }
    for (mode = 0; mode < 2; mode++) {
        rf_err_clear(err[mode]);
        rf_net_clear(net[mode]);
    }
    return 0;
}
