/* relufiber info: architecture and parameter layout of a network. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const char help[] =
    "usage: relufiber info [OPTIONS] NET\n"
    "Print the architecture, depth, hidden-neuron and parameter counts, and\n"
    "with --names the name of every parameter in the layout order used by\n"
    "all other commands (W<l>_<i>_<j>, b<l>_<i>, 1-based).\n"
    "Options:\n"
    "  --names            list the parameter names\n"
    "  --regions          count the full-dimensional activation regions on R^d0\n"
    "                     by the exact cell enumeration (exponential in the\n"
    "                     worst case; pattern entries 0 included)\n"
    "  --threads T        worker processes of --regions (default: the number\n"
    "                     of cores); the count does not depend on T\n";

static const char help_exit[] =
    "Exit status: 0 done, 2 usage or input error.\n";

static int count_leaf(const rf_cells_struct *e, void *data)
{
    (void) e;
    (void) data;
    return 0;
}

int rf_cmd_info(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *path = NULL;
    int i, names = 0, regions = 0;
    long threads = (long) rf_cells_default_threads();
    rf_cells_stats_t rst;
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
        else if (!strcmp(argv[i], "--regions"))
            regions = 1;
        else if (!strcmp(argv[i], "--threads")) {
            char *end;
            if (i + 1 >= argc)
                return rf_cli_usage_error("info", "--threads needs a value");
            threads = strtol(argv[++i], &end, 10);
            if (*end != '\0' || end == argv[i] || threads < 1 || threads > 1024)
                return rf_cli_usage_error("info", "--threads takes a count from 1 to 1024, not '%s'", argv[i]);
        }
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
    if (regions) {
        rf_cells_opts_t ro;
        const rf_net_struct *nets[1];
        rf_err_t err;
        rf_err_init(err);
        rf_cells_opts_init(ro);
        ro->threads = threads;
        ro->driver = rf_cli_cells_driver;
        nets[0] = net;
        if (rf_cells_enumerate(rst, nets, 1, ro, count_leaf, NULL, err) != RF_OK) {
            fprintf(stderr, "%s: error: %s\n", path, err->msg);
            rf_net_clear(net);
            return RF_EXIT_ERROR;
        }
    }
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
        if (regions)
            printf(", \"regions\": %ld, \"regions_lps\": %ld, \"regions_zero\": %ld",
                   (long) rst->regions, (long) rst->lps, (long) rst->zero_regions);
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
        if (regions)
            printf("activation regions %ld (exact enumeration: %ld LPs; %ld with a "
                   "pre-activation identically zero)\n", (long) rst->regions,
                   (long) rst->lps, (long) rst->zero_regions);
    }
    rf_net_clear(net);
    return RF_EXIT_OK;
}
