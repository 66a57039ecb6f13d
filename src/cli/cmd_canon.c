/* relufiber canon: placeholder until its module lands. */
#include "cli.h"

int rf_cmd_canon(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    fprintf(stderr, "relufiber canon: not implemented yet\n");
    return RF_EXIT_ERROR;
}
