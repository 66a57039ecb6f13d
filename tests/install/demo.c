/* Installed-library smoke test: read a network, evaluate it exactly at a
 * rational point, decide its equivalence with itself. */
#include <stdio.h>
#include <relufiber/relufiber.h>

int main(int argc, char **argv)
{
    rf_net_t net;
    rf_err_t err;
    rf_equiv_t res;
    fmpq x[2], y[1];
    int rc = 1;
    if (argc != 2)
        return 2;
    rf_err_init(err);
    rf_equiv_init(res);
    fmpq_init(x + 0); fmpq_init(x + 1); fmpq_init(y + 0);
    rf_net_init(net, 1, (slong[]){1, 1});
    if (rf_io_read_file(net, argv[1], RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err) != RF_OK
        || rf_net_in_dim(net) != 2 || rf_net_out_dim(net) != 1) {
        fprintf(stderr, "demo: cannot read %s: %s\n", argv[1], err->msg);
        goto done;
    }
    fmpq_set_si(x + 0, 1, 1);
    fmpq_set_si(x + 1, 1, 3);
    rf_net_eval(y, net, x);
    printf("f(1, 1/3) = ");
    fmpq_print(y + 0);
    printf("\n");
    if (rf_decide_equiv(res, net, net, err) != RF_OK) {
        fprintf(stderr, "demo: equiv failed: %s\n", err->msg);
        goto done;
    }
    printf("self-equivalent: %s\n", res->verdict == RF_EQUIV_YES ? "yes" : "no");
    rc = 0;
done:
    fmpq_clear(x + 0); fmpq_clear(x + 1); fmpq_clear(y + 0);
    rf_net_clear(net);
    rf_equiv_clear(res);
    rf_err_clear(err);
    return rc;
}
