/* relufiber-mpi: one cell enumeration across the ranks of an MPI job.
 *
 * Every rank runs the same command on the same inputs (the ladder before
 * the enumeration is deterministic), so every rank reaches the enumeration
 * with the same split search (cells.h: the same frontier of tasks). Rank 0
 * is the master: it hands task numbers to the other ranks as they become
 * free (dynamic master/worker distribution), merges their events in task
 * order (so the result is the sequential one, cells.h) and, as soon as the
 * merge stops (first separating region, cap), tells every rank to stop; a
 * rank busy with a subtree sees the message within 64 search nodes. Only
 * rank 0 prints; its exit status is every rank's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpi.h>
#include "cli.h"

enum { TAG_TASK = 1, TAG_RESULT, TAG_STOP, TAG_BYE };

typedef struct {
    int rank, size;
    int cancelled;
} mpi_ctx;

static int worker_cancel(rf_cells_driver_struct *drv)
{
    mpi_ctx *c = drv->data;
    int flag = 0;
    if (!c->cancelled) {
        MPI_Iprobe(0, TAG_STOP, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
        c->cancelled = flag;
    }
    return c->cancelled;
}

/* Rank > 0: run tasks until the master says stop. */
static int worker(rf_cells_driver_struct *drv, rf_cells_split_struct *s, rf_err_t err)
{
    mpi_ctx *c = drv->data;
    for (;;) {
        MPI_Status st;
        int64_t i, *msg;
        char *buf;
        size_t len;
        int r;
        MPI_Recv(&i, 1, MPI_INT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        if (st.MPI_TAG == TAG_STOP)
            break;
        c->cancelled = 0;
        r = rf_cells_split_run(&buf, &len, s, (slong) i, err);
        if (c->cancelled) {      /* incomplete events: the STOP is pending */
            free(buf);
            continue;
        }
        if (r != RF_OK) {
            len = strlen(err->msg);
            free(buf);
            buf = malloc(len + 1);
            memcpy(buf, err->msg, len + 1);
        }
        msg = malloc(3 * sizeof(int64_t) + len);
        msg[0] = i;
        msg[1] = r;
        msg[2] = (int64_t) len;
        memcpy(msg + 3, buf, len);
        MPI_Send(msg, (int) (3 * sizeof(int64_t) + len), MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
        free(msg);
        free(buf);
    }
    MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_BYE, MPI_COMM_WORLD);
    /* this rank's copy of the command must not report anything */
    return rf_err_set(err, RF_ERR_UNSUPPORTED, "", 0, "MPI worker rank: rank 0 reports");
}

static int master(rf_cells_driver_struct *drv, rf_cells_split_struct *s, rf_err_t err)
{
    mpi_ctx *c = drv->data;
    slong n = rf_cells_split_ntasks(s), next = 0, merged = 0, w;
    char **res = calloc(n, sizeof(char *));
    size_t *rlen = calloc(n, sizeof(size_t));
    int ret = RF_OK, done = 0, byes = 0;
    if (c->size == 1) {          /* no worker rank: run everything here */
        for (; merged < n && !done; merged++) {
            char *buf;
            size_t len;
            ret = rf_cells_split_run(&buf, &len, s, merged, err);
            if (ret == RF_OK)
                done = rf_cells_split_merge(s, merged, buf, len, err) != 0;
            else
                done = 1;
            free(buf);
        }
        free(res);
        free(rlen);
        return ret;
    }
    for (w = 1; w < c->size && next < n; w++, next++) {
        int64_t i = next;
        MPI_Send(&i, 1, MPI_INT64_T, (int) w, TAG_TASK, MPI_COMM_WORLD);
    }
    while (!done && merged < n) {
        MPI_Status st;
        int count;
        int64_t *msg;
        MPI_Probe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, MPI_BYTE, &count);
        msg = malloc(count > 0 ? (size_t) count : 1);
        MPI_Recv(msg, count, MPI_BYTE, st.MPI_SOURCE, TAG_RESULT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (count < (int) (3 * sizeof(int64_t)) || msg[0] < 0 || msg[0] >= n ||
            msg[2] != count - (int64_t) (3 * sizeof(int64_t))) {
            ret = rf_err_set(err, RF_ERR_INTERNAL, "", 0, "MPI: malformed result message");
            free(msg);
            break;
        }
        if (msg[1] != RF_OK) {
            char *m = (char *) (msg + 3);
            ret = rf_err_set(err, (int) msg[1], "", 0, "rank %d: %.*s", st.MPI_SOURCE,
                             (int) msg[2], m);
            free(msg);
            break;
        }
        res[msg[0]] = malloc((size_t) msg[2] + 1);
        memcpy(res[msg[0]], msg + 3, (size_t) msg[2]);
        rlen[msg[0]] = (size_t) msg[2];
        free(msg);
        if (next < n) {
            int64_t i = next++;
            MPI_Send(&i, 1, MPI_INT64_T, st.MPI_SOURCE, TAG_TASK, MPI_COMM_WORLD);
        }
        while (!done && merged < n && res[merged] != NULL) {
            int r = rf_cells_split_merge(s, merged, res[merged], rlen[merged], err);
            free(res[merged]);
            res[merged] = NULL;
            merged++;
            if (r < 0)
                ret = err->code;
            done = r != 0;
        }
    }
    /* stop every worker rank, then drain results in flight until each has
       said goodbye */
    for (w = 1; w < c->size; w++) {
        int64_t z = -1;
        MPI_Send(&z, 1, MPI_INT64_T, (int) w, TAG_STOP, MPI_COMM_WORLD);
    }
    while (byes < c->size - 1) {
        MPI_Status st;
        int count;
        char *b;
        MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, MPI_BYTE, &count);
        b = malloc(count > 0 ? (size_t) count : 1);
        MPI_Recv(b, count, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        free(b);
        byes += st.MPI_TAG == TAG_BYE;
    }
    for (w = 0; w < n; w++)
        free(res[w]);
    free(res);
    free(rlen);
    return ret;
}

static int mpi_run(rf_cells_driver_struct *drv, rf_cells_split_struct *s, rf_err_t err)
{
    mpi_ctx *c = drv->data;
    return c->rank == 0 ? master(drv, s, err) : worker(drv, s, err);
}

static const char usage[] =
    "usage: mpirun -np P relufiber-mpi COMMAND ARGS...\n"
    "One exact cell enumeration distributed over the ranks of an MPI job\n"
    "(rank 0 merges, ranks 1..P-1 explore subtrees; docs/scaling.md).\n"
    "Commands:\n"
    "  equiv A B [OPTIONS]     as 'relufiber equiv' (same output)\n"
    "  regions NET [OPTIONS]   as 'relufiber info --regions' (same output)\n"
    "Every rank must read the same files. Only rank 0 prints; the exit status\n"
    "is rank 0's.\n";

int main(int argc, char **argv)
{
    mpi_ctx c;
    rf_cells_driver_struct drv;
    int rc;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &c.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &c.size);
    c.cancelled = 0;
    memset(&drv, 0, sizeof(drv));
    drv.run = mpi_run;
    drv.data = &c;
    drv.workers = c.size > 1 ? c.size - 1 : 1;
    drv.cancel = worker_cancel;
    if (c.rank != 0) {
        int i, j;
        if (freopen("/dev/null", "w", stdout) == NULL || freopen("/dev/null", "w", stderr) == NULL)
            MPI_Abort(MPI_COMM_WORLD, 2);
        /* only rank 0 writes: drop -o FILE here (standard output is
           /dev/null on this rank) */
        for (i = j = 0; i < argc; i++) {
            if (!strcmp(argv[i], "-o") && i + 1 < argc) {
                i++;
                continue;
            }
            argv[j++] = argv[i];
        }
        argc = j;
    } else {
        drv.cancel = NULL;
    }
    rf_cli_cells_driver = &drv;
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(usage, argc < 2 ? stderr : stdout);
        rc = argc < 2 ? RF_EXIT_ERROR : RF_EXIT_OK;
    } else if (!strcmp(argv[1], "equiv")) {
        rc = rf_cmd_equiv(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "regions")) {
        char **a = malloc((size_t) (argc + 1) * sizeof(char *));
        int i;
        a[0] = (char *) "info";
        a[1] = (char *) "--regions";
        for (i = 2; i < argc; i++)
            a[i] = argv[i];
        a[argc] = NULL;
        rc = rf_cmd_info(argc, a);
        free(a);
    } else {
        fprintf(stderr, "relufiber-mpi: unknown command '%s' (equiv, regions)\n", argv[1]);
        rc = RF_EXIT_ERROR;
    }
    fflush(stdout);
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Finalize();
    return rc;
}
