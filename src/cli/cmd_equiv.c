/* relufiber equiv: placeholder until its module lands. */
#include "cli.h"

int rf_cmd_equiv(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    fprintf(stderr, "relufiber equiv: not implemented yet\n");
    return RF_EXIT_ERROR;
}
