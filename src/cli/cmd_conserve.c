/* relufiber conserve: the conserved quantities of gradient flow that the
 * network's symmetries induce, as exact polynomials; optionally the level
 * set through the network's parameters as an exportable system. */
#include <string.h>
#include "cli.h"
#include "relufiber/conserve.h"
#include "relufiber/fdim.h"
#include "relufiber/export.h"

static const char help[] =
    "usage: relufiber conserve [OPTIONS] NET\n"
    "Conserved quantities of the gradient flow of the squared loss induced by\n"
    "the symmetries of NET's architecture (docs/conservation.md), as exact\n"
    "polynomials in the parameter names: one balance law per hidden neuron\n"
    "(positive scaling; conserved for every data set), and with --data the\n"
    "data-local laws (Gram laws of neurons active on every training input,\n"
    "frozen coordinates of neurons inactive on every training input).\n"
    "Options:\n"
    "  --data FILE        training inputs, one point per line (d0 rationals)\n"
    "  --level-set        output the level set through NET's parameters as a\n"
    "                     constraint system instead of the list\n"
    "  --local            with --level-set: include the data-local laws\n"
    "  --format F         with --level-set: text (default) or any export format\n";

static int emit_level_set(const rf_conserve_t cons, const rf_net_t net,
                          int local, const char *fmt)
{
    rf_sys_t sys;
    rf_err_t err;
    fmpq *theta;
    slong D = rf_net_num_params(net);
    int ret = RF_EXIT_OK;
    theta = _fmpq_vec_init(D);
    rf_net_get_params(theta, net);
    rf_sys_init(sys, 0, NULL, NULL);   /* replaced by rf_conserve_system */
    rf_conserve_system(sys, cons, theta, local);
    rf_err_init(err);
    if (fmt == NULL || !strcmp(fmt, "text")) {
        rf_sys_fprint(stdout, sys);
    } else {
        rf_export_fmt_t f;
        if (rf_export_fmt_from_string(&f, fmt))
            ret = rf_cli_usage_error("conserve", "unknown format '%s'", fmt);
        else if (rf_export_sys(stdout, sys, f, err)) {
            rf_err_fprint(stderr, err);
            ret = RF_EXIT_ERROR;
        }
    }
    rf_err_clear(err);
    rf_sys_clear(sys);
    _fmpq_vec_clear(theta, D);
    return ret;
}

int rf_cmd_conserve(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *path = NULL, *data = NULL, *fmt = NULL;
    int i, level = 0, local = 0, ret = RF_EXIT_ERROR;
    rf_net_t net;
    rf_conserve_t cons;
    fmpq *X = NULL;
    slong n = 0;
    rf_cli_common_init(&c);
    for (i = 1; i < argc; i++) {
        int r;
        r = rf_cli_std_option(&c, argc, argv, &i, help,
                              "Exit status: 0 done, 2 usage or input error, or unsupported architecture.\n");
        if (r == RF_CLI_OPT_TAKEN)
            continue;
        if (r != RF_CLI_OPT_OWN)
            return r;
        if (!strcmp(argv[i], "--level-set"))
            level = 1;
        else if (!strcmp(argv[i], "--local"))
            local = 1;
        else if (!strcmp(argv[i], "--data") || !strcmp(argv[i], "--format")) {
            if (i + 1 >= argc)
                return rf_cli_usage_error("conserve", "%s needs a value", argv[i]);
            if (argv[i][2] == 'd')
                data = argv[++i];
            else
                fmt = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return rf_cli_usage_error("conserve", "unknown option '%s'", argv[i]);
        else if (path == NULL)
            path = argv[i];
        else
            return rf_cli_usage_error("conserve", "unexpected argument '%s'", argv[i]);
    }
    if (path == NULL)
        return rf_cli_usage_error("conserve", "need a network file");
    if (c.json && fmt == NULL)
        fmt = "json";
    rf_net_init(net, 1, (slong[]) {1, 1});
    if (rf_cli_load(net, path, &c))
        goto out_net;
    if (data) {
        rf_err_t err;
        int r;
        rf_err_init(err);
        r = rf_fdim_read_points(&X, &n, data, rf_net_in_dim(net), err);
        if (r)
            rf_err_fprint(stderr, err);
        rf_err_clear(err);
        if (r)
            goto out_net;
    }
    rf_conserve_init(cons, net);
    if (data)
        rf_conserve_add_for_data(cons, net, X, n);
    else
        rf_conserve_add_balance(cons, net);
    if (level)
        ret = emit_level_set(cons, net, local, fmt);
    else if (fmt != NULL && strcmp(fmt, "text"))
        ret = emit_level_set(cons, net, 1, fmt);
    else {
        rf_conserve_fprint(stdout, cons);
        ret = RF_EXIT_OK;
    }
    rf_conserve_clear(cons);
out_net:
    if (X)
        _fmpq_vec_clear(X, FLINT_MAX(n, 1) * rf_net_in_dim(net));
    rf_net_clear(net);
    return ret;
}
