/* relufiber fiber: placeholder until its module lands. */
#include "cli.h"

int rf_cmd_fiber(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    fprintf(stderr, "relufiber fiber: not implemented yet\n");
    return RF_EXIT_ERROR;
}
