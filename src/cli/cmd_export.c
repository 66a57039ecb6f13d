/* relufiber export: placeholder until its module lands. */
#include "cli.h"

int rf_cmd_export(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    fprintf(stderr, "relufiber export: not implemented yet\n");
    return RF_EXIT_ERROR;
}
