/* libFuzzer harness for the .rfn reader (see fuzz_common.h). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rf_net_t net;
    rf_err_t err;
    int r;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    r = rf_io_read_rfn_buf(net, (const char *) data, size, "fuzz.rfn", err);
    if (r == 0) {
        fuzz_roundtrip(net, 0);
        fuzz_roundtrip(net, 1);
    } else {
        fuzz_check_error(r, err);
    }
    rf_err_clear(err);
    rf_net_clear(net);
    return 0;
}
