/* libFuzzer harness for the JSON reader, in both float modes (see
 * fuzz_common.h). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int mode;
    for (mode = 0; mode < 2; mode++) {
        rf_net_t net;
        rf_err_t err;
        int r;
        rf_net_init(net, 1, (slong[]) {1, 1});
        rf_err_init(err);
        r = rf_net_read_json_buf(net, (const char *) data, size, "fuzz.json",
                                 mode ? RF_JSON_BINARY : RF_JSON_DECIMAL, err);
        if (r == 0) {
            fuzz_roundtrip(net, 1);
            fuzz_roundtrip(net, 0);
        } else {
            fuzz_check_error(r, err);
        }
        rf_err_clear(err);
        rf_net_clear(net);
    }
    return 0;
}
