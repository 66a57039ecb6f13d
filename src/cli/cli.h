/* relufiber CLI: shared helpers for the subcommands (thin layer over the
 * library). Exit codes: 0 success / "yes", 1 "no" (decision commands, like
 * cmp and diff), 2 usage or input error. */
#ifndef RELUFIBER_CLI_H
#define RELUFIBER_CLI_H

#include <stdio.h>
#include <flint/fmpq.h>
#include "relufiber/relufiber.h"

#define RF_EXIT_OK 0
#define RF_EXIT_NO 1
#define RF_EXIT_ERROR 2

/* Options every command that reads networks accepts. */
typedef struct {
    rf_io_fmt_t fmt;          /* --input-format */
    rf_io_json_mode_t json_mode; /* --json-floats decimal|binary */
    int json;                 /* --json: machine-readable output */
    int nnet_normalize;       /* --nnet-normalize: fold an NNet file's
                                 normalisation into the network */
    int digits;               /* --digits N: significant digits of the
                                 decimal views (0: none; default 10) */
} rf_cli_common_t;

void rf_cli_common_init(rf_cli_common_t *c);
/* If argv[*i] is a common option, consume it (and its value) and return 1;
 * return -1 after printing an error on a bad value; 0 if not common. */
int rf_cli_common_option(rf_cli_common_t *c, int argc, char **argv, int *i);
/* Text for --help describing the common options. */
extern const char rf_cli_common_help[];

/* The start of every option loop (option_loop.c): on -h/--help print help,
 * the common help and help_exit and return RF_EXIT_OK; on a bad common
 * value return RF_EXIT_ERROR (message printed); otherwise
 * RF_CLI_OPT_TAKEN (a common option, consumed: continue) or RF_CLI_OPT_OWN
 * (argv[*i] is the command's own). */
#define RF_CLI_OPT_OWN (-1)
#define RF_CLI_OPT_TAKEN (-2)
int rf_cli_std_option(rf_cli_common_t *c, int argc, char **argv, int *i,
                      const char *help, const char *help_exit);

/* Load a network; on error prints "file:line: error: ..." to stderr and
 * returns non-zero. */
int rf_cli_load(rf_net_t net, const char *path, const rf_cli_common_t *c);
/* ML model files (ml_convert.c): .onnx, .pt, .pth (case-insensitive), read
 * through the Python package's converter, run as a subprocess
 * ($RELUFIBER_CONVERT, default relufiber-convert) that prints exact JSON.
 * rf_cli_load uses it for such files when no --input-format is given. */
int rf_cli_is_ml_file(const char *path);
int rf_cli_load_ml(rf_net_t net, const char *path, rf_err_t err);
/* rf_net_init then rf_cli_load (option_loop.c); on error net is cleared
 * again (nothing to free) and non-zero is returned. */
int rf_cli_load_new(rf_net_t net, const char *path, const rf_cli_common_t *c);

/* Parse a rational vector "1,-2/3,0.5" of exactly n entries. */
int rf_cli_parse_vec(fmpq *v, slong n, const char *s, const char *what);

/* --box for commands that read networks: "LO:HI", or "nnet" for the input
 * ranges of the NNet file netpath (raw units with --nnet-normalize, the
 * network's normalized units otherwise). Prints the error, returns non-zero. */
int rf_cli_parse_box_net(fmpq *lo, fmpq *hi, slong n0, const char *spec,
                         const char *cmd, const char *netpath, const rf_cli_common_t *c);

/* Sample-point options (points_opts.c). --box LO:HI into lo, hi (n0 entries
 * each); prints "relufiber CMD: ..." and returns non-zero on error. */
int rf_cli_parse_box(fmpq *lo, fmpq *hi, slong n0, const char *spec,
                     const char *cmd);
/* Seed st from the value of --seed. */
void rf_cli_randseed(flint_rand_t st, ulong seed);
/* Points of --points FILE, or nrand >= 0 random points (one block of
 * n0 entries each, *pts freshly allocated); leaves *pts untouched when
 * neither is given. Prints the error and returns non-zero on failure. */
int rf_cli_load_points(fmpq **pts, slong *npts, const char *pfile, slong nrand,
                       const rf_net_t net, flint_rand_t st, rf_err_t err);
/* The line of FILE holding its index-th point (1-based, the reader's
 * convention: lines with a coordinate before any '#'), or 0 if unknown. */
long rf_cli_points_file_line(const char *pfile, slong index);

/* JSON helpers: a rational as a string "p/q", vectors as arrays. */
void rf_cli_json_q(FILE *out, const fmpq_t q);
void rf_cli_json_vec(FILE *out, const fmpq *v, slong n);
void rf_cli_json_str(FILE *out, const char *s);
/* Text helpers. */
void rf_cli_print_vec(FILE *out, const fmpq *v, slong n);

/* Usage error: prints "relufiber CMD: msg" and a hint, returns 2. */
int rf_cli_usage_error(const char *cmd, const char *fmt, ...);
/* True if argv[i] is -h or --help. */
int rf_cli_is_help(const char *arg);

/* An output destination: stdout (path NULL or "-") or a file written
 * atomically (rf_io_atomic_t: the old file stays intact unless the output
 * is complete). open: 0 on success, 1 after printing the error. close:
 * commit the file when commit != 0 and every write succeeded; 0 on
 * success, 1 after printing the error (the file is then unchanged). */
typedef struct {
    FILE *f;
    int atomic;
    rf_io_atomic_t a;
} rf_cli_out_t;
int rf_cli_out_open(rf_cli_out_t *o, const char *path);
int rf_cli_out_close(rf_cli_out_t *o, int commit);

/* Subcommands. */
int rf_cmd_eval(int argc, char **argv);
int rf_cmd_info(int argc, char **argv);
int rf_cmd_convert(int argc, char **argv);
int rf_cmd_canon(int argc, char **argv);
int rf_cmd_equiv(int argc, char **argv);
int rf_cmd_fiber(int argc, char **argv);
int rf_cmd_identifiable(int argc, char **argv);
int rf_cmd_fdim(int argc, char **argv);
int rf_cmd_embed(int argc, char **argv);
int rf_cmd_export(int argc, char **argv);
int rf_cmd_conserve(int argc, char **argv);
int rf_cmd_align(int argc, char **argv);
int rf_cmd_draw(int argc, char **argv);

#endif
