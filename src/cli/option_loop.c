/* The steps every subcommand starts with, in one place so that all
 * commands behave the same: the first step of the option loop (-h/--help
 * and the options common to all commands), then loading the network. */
#include "cli.h"

int rf_cli_std_option(rf_cli_common_t *c, int argc, char **argv, int *i,
                      const char *help, const char *help_exit)
{
    int r;
    if (rf_cli_is_help(argv[*i])) {
        printf("%s%s%s", help, rf_cli_common_help, help_exit);
        return RF_EXIT_OK;
    }
    r = rf_cli_common_option(c, argc, argv, i);
    if (r < 0)
        return RF_EXIT_ERROR;
    return r > 0 ? RF_CLI_OPT_TAKEN : RF_CLI_OPT_OWN;
}

int rf_cli_load_new(rf_net_t net, const char *path, const rf_cli_common_t *c)
{
    rf_net_init(net, 1, (slong[]) {1, 1});
    if (rf_cli_load(net, path, c)) {
        rf_net_clear(net);
        return 1;
    }
    return 0;
}
