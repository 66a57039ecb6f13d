/* relufiber info: architecture and parameter layout of a network. */
#include <string.h>
#include "cli.h"

static const char help[] =
    "usage: relufiber info [OPTIONS] NET\n"
    "Print the architecture, depth, hidden-neuron and parameter counts, and\n"
    "with --names the name of every parameter in the layout order used by\n"
    "all other commands (W<l>_<i>_<j>, b<l>_<i>, 1-based).\n"
    "Options:\n"
    "  --names            list the parameter names\n";

static const char help_exit[] =
    "Exit status: 0 done, 2 usage or input error.\n";

int rf_cmd_info(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *path = NULL;
    int i, names = 0;
    slong l, k, D;
    char buf[64];
    rf_net_t net;
    rf_cli_common_init(&c);
    for (i = 1; i < argc; i++) {
        int r;
        r = rf_cli_std_option(&c, argc, argv, &i, help, help_exit);
        if (r == RF_CLI_OPT_TAKEN)
            continue;
        if (r != RF_CLI_OPT_OWN)
            return r;
        if (argv[i][0] == '-' && argv[i][1] == '-' && !strcmp(argv[i], "--names"))
            names = 1;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return rf_cli_usage_error("info", "unknown option '%s'", argv[i]);
        else if (path == NULL)
            path = argv[i];
        else
            return rf_cli_usage_error("info", "unexpected argument '%s'", argv[i]);
    }
    if (path == NULL)
        return rf_cli_usage_error("info", "need a network file");
    if (rf_cli_load_new(net, path, &c))
        return RF_EXIT_ERROR;
    D = rf_net_num_params(net);
    if (c.json) {
        printf("{\"arch\": [");
        for (l = 0; l <= net->L; l++)
            printf("%s%ld", l ? ", " : "", (long) net->dims[l]);
        printf("], \"depth\": %ld, \"hidden\": %ld, \"params\": %ld",
               (long) net->L, (long) rf_net_num_hidden(net), (long) D);
        if (names) {
            printf(", \"names\": [");
            for (k = 0; k < D; k++) {
                rf_net_param_name(buf, sizeof(buf), net, k);
                printf("%s\"%s\"", k ? ", " : "", buf);
            }
            printf("]");
        }
        printf("}\n");
    } else {
        printf("arch");
        for (l = 0; l <= net->L; l++)
            printf(" %ld", (long) net->dims[l]);
        printf("\ndepth %ld (affine layers), hidden neurons %ld, parameters %ld\n",
               (long) net->L, (long) rf_net_num_hidden(net), (long) D);
        if (names)
            for (k = 0; k < D; k++) {
                rf_net_param_name(buf, sizeof(buf), net, k);
                printf("%ld %s\n", (long) k, buf);
            }
    }
    rf_net_clear(net);
    return RF_EXIT_OK;
}
