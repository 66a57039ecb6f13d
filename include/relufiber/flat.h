/* relufiber flat: a string-in, string-out API for foreign-function callers.
 *
 * The rest of the API passes FLINT objects (fmpq, fmpq_mat) in structs,
 * which a binding through ctypes, cffi or another language's FFI cannot
 * build easily. This module takes networks, vectors and options as JSON
 * text and returns JSON text, reusing the library's own JSON writers (the
 * same objects as the CLI's --json output). It is the boundary of the
 * Python package (python/relufiber, docs/python.md).
 *
 * Conventions of every rf_flat_ function:
 *   - a network argument is JSON text in the layout of docs/formats.md
 *     (JSON numbers are the doubles they denote, strings "p/q" or "0.1"
 *     are exact; rf_flat_read converts .rfn and NNet text), or the compact
 *     form {"arch": [d0, ..., dL], "float64": "<base64>"}: the parameters
 *     in rf_net_get_params order as little-endian binary64, each read as
 *     its exact value (fast for large float models);
 *   - a rational vector is a JSON array of strings ("-3/4", "0.1": exact),
 *     integers (exact) or non-integer numbers (the double they denote);
 *   - the result is a NUL-terminated string allocated with malloc: free it
 *     with rf_flat_free. On failure NULL is returned and, when errmsg is
 *     not NULL, *errmsg receives a malloc'd message (free it with
 *     rf_flat_free) of the form "<kind>: <file>:<line>: <message>" where
 *     <kind> is "input error", "I/O error", "unsupported" or
 *     "internal error" (the rf_err_t code);
 *   - no global state: the functions are reentrant, except that the
 *     cddlib-based procedures share cddlib's process-wide state (cells.h).
 *
 * Reference manual: docs/api/flat.md.
 */
#ifndef RELUFIBER_FLAT_H
#define RELUFIBER_FLAT_H

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the flat interface (incremented when a function or a JSON
 * member changes meaning). */
#define RF_FLAT_VERSION 1

/* Free a string returned by an rf_flat_ function (NULL is allowed). */
void rf_flat_free(char *s);

/* RF_FLAT_VERSION, and the library version string, as JSON
 * {"flat": 1, "library": "0.2.0"}. */
char *rf_flat_version(void);

/* A network from text in a format: "auto" (JSON if the text starts with
 * '{', else .rfn), "rfn", "json" (numbers as doubles), "json-decimal"
 * (numbers as written decimals), "nnet". name is used in error messages
 * (NULL: "<input>"). Returns the exact JSON of the network. */
char *rf_flat_read(const char *text, const char *format, const char *name,
                   char **errmsg);

/* The same from a file; format "auto" chooses by the extension, then the
 * content (rf_io_read_file); "json" reads numbers as doubles. */
char *rf_flat_read_file(const char *path, const char *format, char **errmsg);

/* The network as text: "rfn", "json" (exact: non-integers as strings) or
 * "json-floats" (nearest doubles, lossy). */
char *rf_flat_write(const char *net, const char *format, char **errmsg);

/* Exact outputs f(x) as a JSON array of strings. */
char *rf_flat_eval(const char *net, const char *x, char **errmsg);

/* Decide f_A == f_B by the ladder (rf_decide_equiv_ladder). opts: NULL or
 * a JSON object with optional members "max_regions" (integer),
 * "time_limit" (seconds), "exhaustive" (bool: straight to the
 * enumeration), "seed" (integer), "lo", "hi" (vectors: the input box).
 * Returns the verdict object of rf_equiv_fprint_json, plus for a "not
 * equivalent" verdict "below_float_resolution": true when A and B have the
 * same architecture and every parameter pair rounds to the same double
 * (rf_net_equal_as_doubles). */
char *rf_flat_equiv(const char *a, const char *b, const char *opts, char **errmsg);

/* Canonical form on R^d0 (rf_canon_net, any depth), its trace re-checked:
 * {"network": <exact JSON>, "trace": <rf_canon_trace_fprint_json>,
 *  "hidden": n, "canonical_hidden": m}. */
char *rf_flat_canon(const char *net, char **errmsg);

/* The same with options {"lo": [...], "hi": [...]} (d0 numbers or exact
 * strings each): the reductions proved on the box lo <= x <= hi; the
 * canonical network computes the same function on the box. opts NULL or
 * "" is rf_flat_canon. The result has "box": true/false. */
char *rf_flat_canon_box(const char *net, const char *opts, char **errmsg);

/* rf_align_net of B to A, the map re-checked (rf_align_map_verify):
 * {"equivalent": residual = 0, "max_abs", "max_rel" (exact strings),
 *  "layers": [{"perm" (0-based: neuron i of B goes to position perm[i]),
 *  "scale" (exact strings), "unique"}], "network": aligned B (exact JSON)}. */
char *rf_flat_align(const char *a, const char *b, char **errmsg);

/* The path embedding (rf_fdim_embed_*): {"D", "H", "paths", "dphi_rank",
 * "dphi_rank_exact", "phi": [{"start_layer", "start", "nodes", "value"}]}
 * and, with points (a JSON array of vectors, or NULL/""), the local
 * identifiability test from those samples: "samples", "sample_rank",
 * "sample_rank_exact", "locally_identifiable" (true: certified; false: not
 * certified). At most 10^6 paths (otherwise an unsupported error). */
char *rf_flat_embed(const char *net, const char *points, unsigned long seed, char **errmsg);

/* Batch functional dimension at the points (JSON array of vectors), by
 * rf_fdim_batch: {"rank", "exact", "certificate", "bound" (= D - H), "D",
 * "H", "rows", "points", "kernel_dim", "prime", "note"}. seed chooses the
 * random primes. */
char *rf_flat_fdim(const char *net, const char *points, unsigned long seed,
                   char **errmsg);

/* The fiber (rf_decide_fiber) exported in a format of rf_export_sys
 * ("json", "latex", "sympy", ...; see export.h). */
char *rf_flat_fiber(const char *net, const char *format, char **errmsg);

/* Shallow generic identifiability (rf_shallow_identifiable on R^d0), as
 * rf_shallow_ident_fprint_json. */
char *rf_flat_identifiable(const char *net, char **errmsg);

/* The conserved quantities of gradient flow (conserve.h): the balance laws
 * of the architecture (data NULL), or, with data (a JSON array of inputs),
 * the laws for that data set (rf_conserve_add_for_data), each with its exact
 * value at the network: {"variables": [names], "laws": [{"name", "why",
 * "kind" ("global", "local", "none"), "poly" (in the variable names),
 * "value"}]}. */
char *rf_flat_conserve(const char *net, const char *data, char **errmsg);

#ifdef __cplusplus
}
#endif
#endif
