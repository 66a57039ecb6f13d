/* relufiber identifiable: placeholder until its module lands. */
#include "cli.h"

int rf_cmd_identifiable(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    fprintf(stderr, "relufiber identifiable: not implemented yet\n");
    return RF_EXIT_ERROR;
}
