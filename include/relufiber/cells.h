/* relufiber cells/: the certified polyhedral kernel.
 *
 * Theorem (cells of a ReLU network). Fix the signs of the hidden neurons of
 * layers < t. On the open polyhedral cell C where those signs hold, every
 * pre-activation of layer t is an affine function a.x + c of the input.
 * Either a = 0 (the pre-activation is constant on C: it does not split C, and
 * when c = 0 it is identically zero on the open set C) or the hyperplane
 * a.x + c = 0 cuts C into two open cells and a null set. Hence a depth-first
 * search over sign choices, with an exact emptiness test for every open
 * polyhedron, visits every full-dimensional activation region exactly once,
 * including the regions on which some pre-activation is identically zero
 * (pattern entry 0), and the closures of the regions cover the search domain.
 *
 * Everything this module reports is certified in FLINT arithmetic,
 * independently of the LP solver (cddlib, GMP build):
 *   - "non-empty": an interior rational point, every strict inequality
 *     re-checked exactly at it;
 *   - "empty": a Gordan vector lambda >= 0, lambda != 0, with
 *     sum lambda_k a_k = 0 and sum lambda_k c_k <= 0, re-checked exactly.
 *
 * cddlib keeps its numeric constants in global variables. rf_cells_lp_begin
 * sets them up once per process (thread-safe, on first use; skipped when
 * another caller already did) and they stay allocated until exit;
 * rf_cells_lp_end is a no-op kept for symmetry. Every module that needs an LP
 * goes through this header. cddlib's LP solver itself is not thread-safe.
 *
 * Reference manual: docs/api/cells.md.
 */
#ifndef RELUFIBER_CELLS_H
#define RELUFIBER_CELLS_H

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include "relufiber/net.h"
#include "relufiber/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Entries of more than this many bits make cddlib skip its floating-point
 * pre-solve (it prints pivot-limit noise on such LPs; src/cells/lp.c). */
#define RF_CELLS_LP_FLOAT_BITS 50

/* Most networks a joint enumeration reads at once. */
#define RF_CELLS_MAX_NETS 2

/* ---- exact LP ---------------------------------------------------------- */

void rf_cells_lp_begin(void);
void rf_cells_lp_end(void);

/* Open polyhedron P = {x in R^d : rows[k] . (x, 1) > 0 for all k}, where
 * rows is m x (d + 1) (coefficients of x, then the constant). Decides
 * whether P is empty, exactly: returns 1 if P is non-empty, writing an
 * interior point into x (d entries, may be NULL) and min_k rows[k].(x,1) > 0
 * into slack (may be NULL); returns 0 if P is empty; returns -1 with err set
 * (RF_ERR_INTERNAL) if cddlib fails or a certificate does not re-check (a
 * bug). m may be 0 (then x = 0, slack = 1). Both answers are re-checked as
 * described above before they are returned. d = 1 is decided by the exact
 * interval sweep (no LP), with the same certificates. x must not alias rows.
 * Cost: one LP of size (m + 1) x (d + 2) over Q, plus O(m d) for the checks;
 * a second LP only when the dual multipliers do not already certify
 * emptiness. */
int rf_cells_lp_open_interior(fmpq *x, fmpq_t slack, const fmpq_mat_t rows,
                              slong d, rf_err_t err);

/* Solve a cddlib (GMP) LP with the dual simplex method; returns 1 iff it was
 * solved to optimality. Entries beyond RF_CELLS_LP_FLOAT_BITS bits skip
 * cddlib's floating-point pre-solve. The answer is cddlib's: callers that
 * report it must re-check it (rf_cells_lp_open_interior does). */
struct dd_lpdata;
int rf_cells_lp_cdd_solve(struct dd_lpdata *lp);

/* Is the Gordan vector lam (m entries) a certificate that the open
 * polyhedron of rows (m x (d + 1)) is empty? Exact; returns 1 or 0. */
int rf_cells_gordan_verify(const fmpq *lam, const fmpq_mat_t rows, slong d);

/* ---- region enumeration ------------------------------------------------ */

typedef struct {
    const fmpq *lo, *hi; /* optional open box lo < x < hi (both NULL: R^d);
                            d entries each, borrowed */
    const fmpq_mat_struct *domain; /* optional further strict rows
                            domain[k] . (x, 1) > 0 (m x (d + 1), borrowed;
                            NULL: none). An empty domain has no region. */
    slong max_lps;       /* stop (complete = 0) after this many LPs; 0 = none */
    slong max_regions;   /* stop (complete = 0) after this many regions;
                            0 = none */
    slong threads;       /* workers exploring subtrees (<= 1: sequential);
                            the workers are processes (src/cells/split.c):
                            cddlib 0.94m's LP keeps static buffers. The
                            result is the sequential one whatever threads */
    struct rf_cells_driver_struct *driver; /* optional caller-supplied
                            distribution of the subtrees (MPI); NULL:
                            processes on this machine. Borrowed */
} rf_cells_opts_struct;
typedef rf_cells_opts_struct rf_cells_opts_t[1];

void rf_cells_opts_init(rf_cells_opts_t opts);

typedef struct {
    slong regions;       /* full-dimensional regions visited */
    slong lps;           /* exact LPs solved */
    slong lps_empty;     /* of which proved a side empty */
    slong pruned;        /* sides proved empty without an LP (a constraint
                            with a parallel hyperplane already implies the
                            sign on the whole cell) */
    slong nodes;         /* search nodes (sign choices tried) */
    slong zero_const;    /* search nodes where a neuron's pre-activation is
                            identically 0 on the cell (pattern entry 0) */
    slong zero_regions;  /* regions whose pattern has an entry 0 */
    int complete;        /* 1: every region was visited (no cap, no stop) */
    int capped;          /* 1: stopped by max_lps or max_regions */
    int stopped;         /* 1: stopped by the leaf callback */
} rf_cells_stats_struct;
typedef rf_cells_stats_struct rf_cells_stats_t[1];

void rf_cells_stats_init(rf_cells_stats_t stats);

struct rf_cells_struct;
/* Called on every full-dimensional region; a non-zero return stops the
 * enumeration (stats->stopped = 1). */
typedef int (*rf_cells_leaf_fn)(const struct rf_cells_struct *e, void *data);

/* The search state; inside a leaf callback the fields below are valid. */
typedef struct rf_cells_struct {
    slong nnets;
    const rf_net_struct *nets[RF_CELLS_MAX_NETS];
    slong d;                 /* input dimension */
    slong N;                 /* joint hidden neurons */
    slong *jq, *jt, *ji;     /* joint neuron k: net, hidden level, index */
    slong *patoff[RF_CELLS_MAX_NETS]; /* pattern offset of each level */
    fmpq_mat_struct *P[RF_CELLS_MAX_NETS]; /* pre-activation maps per level */
    fmpq_mat_struct *H[RF_CELLS_MAX_NETS]; /* post-activation maps per level */
    fmpq_mat_t rows;         /* active strict constraints (first ncons rows) */
    slong ncons, nbox;
    fmpq *xs;                /* (N + 1) interior points of d entries each */
    /* valid inside the leaf callback: */
    const fmpq *x;           /* interior point of the region (exact) */
    int *pat[RF_CELLS_MAX_NETS];  /* patterns, layer-major: +1 active,
                                     -1 inactive, 0 identically zero */
    fmpq_mat_struct out[RF_CELLS_MAX_NETS]; /* output maps dL x (d + 1) */
    rf_cells_stats_struct *stats;
    const rf_cells_opts_struct *opts;
    rf_cells_leaf_fn leaf;
    void *data;
    int stop;                /* set by the leaf, a cap or an error */
    int failed;              /* an LP failed: err is set */
    rf_err_struct *err;
    /* internal (src/cells/split.c): */
    FILE *rec;               /* event record of a subtree, or NULL */
    slong *ncons_at;         /* ncons at each search depth (replay) */
    int *signs;              /* joint signs of the replayed path */
    struct rf_cells_driver_struct *drv; /* polled for cancellation */
    slong polls;
} rf_cells_struct;

/* Enumerate the full-dimensional activation regions of nnets (1 or 2)
 * networks reading the same input x in R^d (or in the open box of opts),
 * calling leaf on each. The joint neuron order is layer-major across the
 * networks. Returns RF_OK (stats filled; stats->complete tells whether every
 * region was visited), RF_ERR_INPUT (empty box, dimension mismatch) or
 * RF_ERR_INTERNAL (an LP certificate failed). Cost: one search node per
 * (region prefix, neuron), at most one LP per node. */
int rf_cells_enumerate(rf_cells_stats_t stats, const rf_net_struct *const *nets,
                       slong nnets, const rf_cells_opts_t opts,
                       rf_cells_leaf_fn leaf, void *data, rf_err_t err);

/* ---- split enumeration (threads, MPI) --------------------------------- *
 *
 * Theorem (deterministic split). A search node at depth k is determined by
 * the signs chosen for joint neurons 0..k-1 and its witness point: the
 * constraint rows (in the same order), the affine maps and the later LPs
 * replay exactly without any LP. The tree is cut at a frontier of such
 * tasks (in depth-first order); each subtree is explored anywhere and
 * returns its events (nodes, LPs, regions with pattern and interior point)
 * in depth-first order; merging the subtrees in task order replays the
 * sequential search event by event, with its counters, caps and leaf
 * callbacks. Hence verdicts, certificates, region lists and statistics do
 * not depend on the number of workers or on where the tasks ran. */

/* The split search of one enumeration (opaque). */
typedef struct rf_cells_split_struct rf_cells_split_struct;

/* Number of tasks of the frontier. */
slong rf_cells_split_ntasks(const rf_cells_split_struct *s);

/* Explore the subtree of task i (0 <= i < ntasks, any order, any process
 * holding the same split): *buf (malloc'd, free with free(); length *len)
 * receives its events. Returns RF_OK, or an error (err set). */
int rf_cells_split_run(char **buf, size_t *len, rf_cells_split_struct *s,
                       slong i, rf_err_t err);

/* Merge the events of task i; tasks must be merged in the order
 * 0, 1, ..., ntasks - 1. Returns 1 when the enumeration stopped (callback,
 * cap or error: no later task is needed), 0 otherwise, -1 on malformed
 * events (err set). */
int rf_cells_split_merge(rf_cells_split_struct *s, slong i, const char *buf,
                         size_t len, rf_err_t err);

/* A caller-supplied distribution of the tasks (relufiber-mpi): run is called
 * by rf_cells_enumerate on every process taking part, with the same split;
 * it must merge every task in order (on the one process whose result
 * counts) until a merge returns non-zero, and return RF_OK or an error. */
typedef struct rf_cells_driver_struct {
    int (*run)(struct rf_cells_driver_struct *drv, rf_cells_split_struct *s,
               rf_err_t err);
    void *data;
    slong tasks_per_worker; /* frontier size per worker (0: the default,
                               max(2 RF_CELLS_SPLIT_TASKS, 4 workers)) */
    slong workers;          /* number of workers (for the frontier size) */
    /* optional: polled every 64 search nodes of rf_cells_split_run; a
       non-zero return abandons the task (its events are then incomplete
       and must not be merged) */
    int (*cancel)(struct rf_cells_driver_struct *drv);
} rf_cells_driver_struct;

/* The default frontier has max(2 RF_CELLS_SPLIT_TASKS, 4 T) tasks for T
 * workers. */
#define RF_CELLS_SPLIT_TASKS 48

/* Number of online processors (at least 1): the default of --threads. */
slong rf_cells_default_threads(void);

/* Number of full-dimensional activation regions of net (pattern entries 0
 * included). Returns RF_OK and *count, or an error; with max_regions > 0 and
 * more regions, returns RF_OK with *count = -1. stats may be NULL. */
int rf_cells_count_regions(slong *count, rf_cells_stats_t stats,
                           const rf_net_t net, slong max_regions, rf_err_t err);

/* Evaluate an affine row (coefficients of x, then constant) at x. */
void rf_cells_affine_eval(fmpq_t r, const fmpq *row, const fmpq *x, slong d);

/* ---- sign of a rational affine form ------------------------------------ */

/* Initial precision (bits) of the Arb ball filter of rf_cells_sign. */
#define RF_CELLS_SIGN_PREC 128
/* Largest precision tried before the exact fallback. */
#define RF_CELLS_SIGN_MAX_PREC 1024
/* Entries of at most this many bits (numerators and denominators) skip the
 * balls: exact arithmetic is faster there (bench/cells/bench_sign.c). */
#define RF_CELLS_SIGN_EXACT_BITS 16

/* Sign (-1, 0, +1) of sum_k p[k] q[k] (n terms, n may be 0), exact: an
 * Arb ball enclosure at RF_CELLS_SIGN_PREC bits, the precision doubled up to
 * RF_CELLS_SIGN_MAX_PREC while the ball contains 0, then exact rational
 * arithmetic (directly, when every entry has at most
 * RF_CELLS_SIGN_EXACT_BITS bits). value (may be NULL) receives the exact sum (then it is always
 * computed); *exact (may be NULL) is set to 1 when the balls could not decide
 * and the exact path did. */
int rf_cells_sign_dot(fmpq_t value, int *exact, const fmpq *const *p,
                      const fmpq *const *q, slong n);

#ifdef __cplusplus
}
#endif
#endif
