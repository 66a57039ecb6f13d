/* JSON network format (placeholder: the full reader lands with the io work). */
#include "relufiber/io.h"

int rf_net_read_json_buf(rf_net_t net, const char *buf, size_t len,
                         const char *name, rf_json_mode_t mode, rf_err_t err)
{
    (void) net; (void) buf; (void) len; (void) mode;
    return rf_err_set(err, RF_ERR_UNSUPPORTED, name, 0, "JSON reader not implemented yet");
}

void rf_net_write_json(FILE *out, const rf_net_t net, int floats)
{
    (void) out; (void) net; (void) floats;
}
