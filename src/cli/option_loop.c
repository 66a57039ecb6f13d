/* The first step of every subcommand's option loop: -h/--help and the
 * options common to all commands, handled in one place so that every
 * command prints its help and rejects a bad common value the same way. */
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
