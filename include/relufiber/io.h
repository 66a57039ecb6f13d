/* relufiber: reading and writing networks (.rfn, JSON, NNet).
 *
 * Every reader is exact: "0.1" is read as 1/10. Readers never crash on bad
 * input; they return non-zero and fill err with the file, line and problem.
 * On failure the output network is left initialised and empty-safe (it may be
 * cleared as usual).
 *
 * .rfn (relufiber's own text format):
 *     # comment to end of line; blank lines ignored
 *     arch 2 3 1          widths d0 d1 ... dL (L >= 1)
 *     W1                  then d1 lines of d0 rationals each
 *     1 -3/4
 *     0.125 1e-3
 *     2 0
 *     b1 0 1 -1           the bias on the same line: d1 rationals
 *     W2
 *     1 1 1
 *     b2 0
 * Layers appear in order 1..L, each as W<l> then b<l>.
 */
#ifndef RELUFIBER_IO_H
#define RELUFIBER_IO_H

#include <stdio.h>
#include <stddef.h>
#include "relufiber/net.h"
#include "relufiber/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits that protect against absurd input. */
#define RF_IO_MAX_WIDTH 1000000
#define RF_IO_MAX_LAYERS 10000
#define RF_IO_MAX_PARAMS 100000000
#define RF_IO_MAX_FILE ((size_t) 1 << 31)
/* JSON: a top-level key the network reader ignores may hold at most this
 * many bytes (jansson would build its whole tree first). */
#define RF_IO_JSON_MAX_IGNORED (1 << 20)

typedef enum { RF_IO_FMT_AUTO = 0, RF_IO_FMT_RFN, RF_IO_FMT_JSON, RF_IO_FMT_NNET } rf_io_fmt_t;

/* How JSON floating-point numbers become rationals. A JSON number is an
 * IEEE double in every JSON producer (Python's json, PyTorch's tolist()), so
 * RF_IO_JSON_BINARY is the recommended mode and the CLI's default; exact
 * decimals and rationals are written as strings ("0.1", "1/10"). The enum
 * values are kept for ABI stability (RF_IO_JSON_DECIMAL is still 0). */
typedef enum {
    RF_IO_JSON_DECIMAL = 0, /* the exact decimal written in the file */
    RF_IO_JSON_BINARY       /* the exact value of the nearest binary64 double
                               (the CLI's default) */
} rf_io_json_mode_t;

/* Read a whole file into a NUL-terminated buffer (caller frees with
 * flint_free). Rejects files over RF_IO_MAX_FILE bytes. */
int rf_io_slurp(char **buf, size_t *len, const char *path, rf_err_t err);

/* Format from the file name (.rfn, .json, .nnet), RF_IO_FMT_AUTO if unknown. */
rf_io_fmt_t rf_io_format_from_name(const char *path);
/* Parse a format name ("rfn", "json", "nnet"); RF_IO_FMT_AUTO if unknown. */
rf_io_fmt_t rf_io_format_from_string(const char *s);

/* .rfn. `name` is used in error messages. net must be initialised (any
 * architecture); it is replaced. */
int rf_io_read_rfn_buf(rf_net_t net, const char *buf, size_t len,
                        const char *name, rf_err_t err);
void rf_io_write_rfn(FILE *out, const rf_net_t net);

/* JSON: {"arch":[d0,..,dL] (optional, checked; JSON integers only),
 * "layers":[{"weight":[[...],...], "bias":[...]}, ...]}. "bias" is optional:
 * absent or null is the zero vector. Numbers may be JSON numbers or strings
 * holding a rational ("-3/4", "0.1"). RF_IO_JSON_BINARY affects only
 * non-integer JSON numbers; integers and strings are always exact. Other top-level keys are ignored;
 * unknown keys in a layer are errors. Error paths count from 0
 * (layers[1].bias[0]). */
int rf_io_read_json_buf(rf_net_t net, const char *buf, size_t len,
                         const char *name, rf_io_json_mode_t mode, rf_err_t err);
/* Writes rationals that are not integers as strings "p/q" so that the round
 * trip is exact; with `floats` non-zero writes nearest doubles instead
 * (lossy, for PyTorch users; documented as such). */
void rf_io_write_json(FILE *out, const rf_net_t net, int floats);

/* NNet (ACAS Xu / Marabou text format), read only. Normalisation data is
 * read and validated but not applied (the network itself is returned). */
int rf_io_read_nnet_buf(rf_net_t net, const char *buf, size_t len,
                         const char *name, rf_err_t err);

/* The NNet header's input ranges and normalisation: min, max (d0 entries),
 * mean, range (d0 + 1 entries: the inputs, then one for every output). */
typedef struct {
    slong d0;
    fmpq *min, *max, *mean, *range;   /* NULL until read */
} rf_io_nnet_info_struct;
typedef rf_io_nnet_info_struct rf_io_nnet_info_t[1];

void rf_io_nnet_info_init(rf_io_nnet_info_t info);
void rf_io_nnet_info_clear(rf_io_nnet_info_t info);
/* rf_io_read_nnet_buf that also returns the normalisation data (info
 * initialised by the caller; replaced on success). */
int rf_io_read_nnet_info_buf(rf_net_t net, rf_io_nnet_info_t info, const char *buf,
                             size_t len, const char *name, rf_err_t err);
/* The same from a file. */
int rf_io_read_nnet_info_file(rf_net_t net, rf_io_nnet_info_t info, const char *path,
                              rf_err_t err);
/* out = the network on raw inputs and outputs: the normalisation
 * u = (x - mean) / range folded into the first layer and y = range_out g +
 * mean_out into the last (exact). out must be initialised; may alias net. */
void rf_io_nnet_normalize(rf_net_t out, const rf_net_t net, const rf_io_nnet_info_t info);
/* The input box [min, max] of the header, in raw units (normalized = 0) or
 * in the network's normalized units (normalized = 1); d0 entries each. */
void rf_io_nnet_box(fmpq *lo, fmpq *hi, const rf_io_nnet_info_t info, int normalized);

/* Read a file in the given format (RF_IO_FMT_AUTO: by extension, then by
 * content). */
int rf_io_read_file(rf_net_t net, const char *path, rf_io_fmt_t fmt,
                     rf_io_json_mode_t mode, rf_err_t err);
/* Write in the given format (RF_IO_FMT_NNET is not writable: RF_ERR_UNSUPPORTED). */
int rf_io_write_file(const char *path, const rf_net_t net, rf_io_fmt_t fmt,
                      rf_err_t err);

/* ---- atomic output files ---------------------------------------------- */

/* An output file written atomically: the text goes to a temporary file in
 * the same directory (PATH.tmp-XXXXXX, mode 0666 & ~umask), which replaces
 * PATH by rename(2) only when rf_io_atomic_close is told the output is
 * complete. An interrupted or failed run leaves PATH as it was (old
 * contents or absent), never truncated or half-written. A PATH that exists
 * and is not a regular file (a device such as /dev/null, a FIFO, a
 * symbolic link) is never replaced: it is written in place. */
typedef struct {
    FILE *f;             /* write here */
    char *path, *tmp;    /* owned copies; tmp NULL when written in place */
} rf_io_atomic_struct;
typedef rf_io_atomic_struct rf_io_atomic_t[1];

/* Create the temporary file. Returns RF_OK or RF_ERR_IO (err names PATH;
 * nothing is created). */
int rf_io_atomic_open(rf_io_atomic_t a, const char *path, rf_err_t err);

/* Close the temporary file; if commit is non-zero and every write and the
 * close succeeded, rename it over PATH and return RF_OK; otherwise remove
 * it, leave PATH untouched and return RF_ERR_IO (err set when the failure
 * was a write error; with commit == 0 err is not touched). Frees a. */
int rf_io_atomic_close(rf_io_atomic_t a, int commit, rf_err_t err);

#ifdef __cplusplus
}
#endif
#endif
