/* NNet network format (placeholder). */
#include "relufiber/io.h"

int rf_net_read_nnet_buf(rf_net_t net, const char *buf, size_t len,
                         const char *name, rf_err_t err)
{
    (void) net; (void) buf; (void) len;
    return rf_err_set(err, RF_ERR_UNSUPPORTED, name, 0, "NNet reader not implemented yet");
}
