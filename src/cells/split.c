/* The split region search: the sequential depth-first search cut at a
 * frontier of tasks, the subtrees explored by worker processes (or by a
 * caller's driver, e.g. MPI ranks), their events merged in task order.
 *
 * Theorem (cells.h, "split enumeration"). A search node is determined by
 * the signs of the joint neurons above it and its witness point: replaying
 * the signs rebuilds the constraint rows in the sequential order, so every
 * later LP, interior point and region is the sequential one. The frontier
 * is built level by level; the events of each expanded node (node, LP,
 * pruning) are attached to the first task after them in depth-first order,
 * so the concatenation pre_0 run_0 pre_1 run_1 ... tail is exactly the
 * event sequence of the sequential search. Merging replays it with the
 * sequential counters, caps (an LP attempt at max_lps, max_regions) and leaf
 * callbacks, and stops where the sequential search stops.
 *
 * Why processes: cddlib 0.94m (Debian 12) keeps the pivot buffers of its LP
 * solver in static variables (thread-local only from 0.94n on), so two LPs
 * may not run at once in one process. A worker is a fork of the caller after
 * the frontier is built; it receives task numbers and sends events back over
 * a socket pair. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <flint/fmpq_vec.h>
#include "relufiber/cells.h"
#include "relufiber/qvec.h"
#include "internal.h"

typedef struct {
    slong depth;
    int *signs;       /* joint signs of neurons 0..depth-1 */
    fmpq *x;          /* witness of the node (d entries) */
    char *pre;        /* events attached before the subtree */
    size_t prelen;
} split_task;

typedef struct {
    char *s;
    size_t n;
} split_str;

struct rf_cells_split_struct {
    rf_cells_struct *m;          /* merge state: the caller's callback, stats */
    rf_cells_struct w;           /* worker state */
    rf_cells_stats_struct wst;
    rf_cells_opts_struct nocap;  /* the caller's options without caps */
    split_task *tasks;
    slong ntasks, alloc;
    split_str tail;
    slong next;                  /* next task to merge */
    slong valid;                 /* replayed prefix of m->signs */
    slong wvalid;                /* replayed prefix of w.signs */
    int done;
};

/* Bring the worker state to the node of task t: replay only from the first
 * sign where t's path leaves the path replayed last (the search below a
 * node never changes the state of the neurons above it). */
static int worker_replay(rf_cells_split_struct *s, const split_task *t)
{
    rf_cells_struct *w = &s->w;
    slong j = FLINT_MIN(s->wvalid, t->depth), k;
    for (k = 0; k < j; k++)
        if (w->signs[k] != t->signs[k])
            j = k;
    for (k = j; k < t->depth; k++)
        w->signs[k] = t->signs[k];
    s->wvalid = 0;
    if (!_rf_cells_replay(w, w->signs, j, t->depth))
        return 0;
    s->wvalid = t->depth;
    rf_qvec_set(w->xs + t->depth * w->d, t->x, w->d);
    return 1;
}

slong rf_cells_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (slong) n;
}

slong rf_cells_split_ntasks(const rf_cells_split_struct *s)
{
    return s->ntasks;
}

static void str_append(split_str *a, const char *s, size_t n)
{
    if (n == 0)
        return;
    a->s = flint_realloc(a->s, a->n + n + 1);
    memcpy(a->s + a->n, s, n);
    a->n += n;
    a->s[a->n] = '\0';
}

/* ---- the frontier ------------------------------------------------------ */

typedef struct {
    rf_cells_split_struct *s;
    split_task *out;
    slong nout, aout;
    split_str carry;             /* events not yet attached to a task */
    char *rbuf;
    size_t rlen;
} frontier_ctx;

static void rec_open(frontier_ctx *c, rf_cells_struct *w)
{
    c->rbuf = NULL;
    c->rlen = 0;
    w->rec = open_memstream(&c->rbuf, &c->rlen);
}

/* Move the recorded events into the carry. */
static void rec_take(frontier_ctx *c, rf_cells_struct *w)
{
    fclose(w->rec);
    w->rec = NULL;
    str_append(&c->carry, c->rbuf, c->rlen);
    free(c->rbuf);
    c->rbuf = NULL;
}

static void frontier_child(rf_cells_struct *w, slong k, void *arg)
{
    frontier_ctx *c = arg;
    split_task *t;
    slong j;
    if (c->nout == c->aout) {
        c->aout = 2 * c->aout + 8;
        c->out = flint_realloc(c->out, c->aout * sizeof(split_task));
    }
    t = c->out + c->nout++;
    t->depth = k;
    t->signs = flint_malloc((k + 1) * sizeof(int));
    for (j = 0; j < k; j++)
        t->signs[j] = w->pat[w->jq[j]][w->patoff[w->jq[j]][w->jt[j]] + w->ji[j]];
    t->x = _fmpq_vec_init(w->d);
    rf_qvec_set(t->x, w->xs + k * w->d, w->d);
    rec_take(c, w);
    t->pre = c->carry.s;
    t->prelen = c->carry.n;
    c->carry.s = NULL;
    c->carry.n = 0;
    rec_open(c, w);
}

static void task_clear(split_task *t, slong d)
{
    flint_free(t->signs);
    _fmpq_vec_clear(t->x, d);
    flint_free(t->pre);
}

/* Expand every task by one joint neuron, keeping depth-first order. */
static int frontier_level(rf_cells_split_struct *s)
{
    frontier_ctx c;
    rf_cells_struct *w = &s->w;
    slong i, d = w->d;
    memset(&c, 0, sizeof(c));
    c.s = s;
    for (i = 0; i < s->ntasks; i++) {
        split_task *t = s->tasks + i;
        str_append(&c.carry, t->pre, t->prelen);
        if (!w->failed && !worker_replay(s, t)) {
            w->failed = 1;
            rf_err_set(w->err, RF_ERR_INTERNAL, "", 0, "cells: frontier replay failed");
        }
        if (!w->failed) {
            rec_open(&c, w);
            _rf_cells_node(w, t->depth, frontier_child, &c);
            rec_take(&c, w);
        }
        task_clear(t, d);
    }
    flint_free(s->tasks);
    s->tasks = c.out;
    s->ntasks = c.nout;
    s->alloc = c.aout;
    /* leftover events come before the old tail */
    str_append(&c.carry, s->tail.s, s->tail.n);
    flint_free(s->tail.s);
    s->tail = c.carry;
    return !w->failed;
}

static int split_init(rf_cells_split_struct *s, rf_cells_struct *m, slong target)
{
    rf_cells_struct *w = &s->w;
    memset(s, 0, sizeof(*s));
    s->m = m;
    s->nocap = *m->opts;
    s->nocap.max_lps = 0;
    s->nocap.max_regions = 0;
    _rf_cells_state_setup(w, m->nets, m->nnets, &s->nocap, &s->wst, m->err);
    if (w->failed)
        return 0;
    rf_qvec_set(w->xs, m->xs, m->d);      /* the root witness */
    s->alloc = 1;
    s->ntasks = 1;
    s->tasks = flint_malloc(sizeof(split_task));
    s->tasks->depth = 0;
    s->tasks->signs = flint_malloc(sizeof(int));
    s->tasks->x = _fmpq_vec_init(m->d);
    rf_qvec_set(s->tasks->x, m->xs, m->d);
    s->tasks->pre = NULL;
    s->tasks->prelen = 0;
    while (s->ntasks < target && s->tasks[0].depth < m->N)
        if (!frontier_level(s))
            return 0;
    return 1;
}

static void split_clear(rf_cells_split_struct *s)
{
    slong i;
    for (i = 0; i < s->ntasks; i++)
        task_clear(s->tasks + i, s->m->d);
    flint_free(s->tasks);
    flint_free(s->tail.s);
    _rf_cells_state_clear(&s->w);
}

/* ---- running and merging tasks ----------------------------------------- */

int rf_cells_split_run(char **buf, size_t *len, rf_cells_split_struct *s,
                       slong i, rf_err_t err)
{
    rf_cells_struct *w = &s->w;
    split_task *t;
    *buf = NULL;
    *len = 0;
    if (i < 0 || i >= s->ntasks)
        return rf_err_set(err, RF_ERR_INPUT, "", 0, "split: no task %ld", (long) i);
    t = s->tasks + i;
    w->opts = s->m->opts;
    w->err = err;
    w->drv = s->m->opts->driver;
    rf_cells_stats_init(&s->wst);
    w->stop = w->failed = 0;
    if (!worker_replay(s, t))
        return rf_err_set(err, RF_ERR_INTERNAL, "", 0, "cells: task replay failed");
    w->rec = open_memstream(buf, len);
    _rf_cells_dfs(w, t->depth);
    fclose(w->rec);
    w->rec = NULL;
    if (w->failed) {
        free(*buf);
        *buf = NULL;
        *len = 0;
        return err->code != RF_OK ? err->code : RF_ERR_INTERNAL;
    }
    return RF_OK;
}

/* Parse one region record (after 'R') and replay it into the merge state.
 * Returns the position after it, or 0 when malformed. */
static size_t merge_region(rf_cells_split_struct *s, const char *b, size_t pos,
                           size_t len)
{
    rf_cells_struct *m = s->m;
    slong k, j = s->valid, N = m->N, d = m->d;
    char tok[4096];
    if (pos + N > len)
        return 0;
    for (k = 0; k < N; k++) {
        char c = b[pos + k];
        int v = c == '+' ? 1 : (c == '-' ? -1 : (c == '0' ? 0 : 2));
        if (v == 2)
            return 0;
        if (k < j && v != m->signs[k])
            j = k;
        m->signs[k] = v;
    }
    pos += N;
    for (k = 0; k < d; k++) {
        size_t a, n;
        if (pos >= len || b[pos] != ' ')
            return 0;
        a = ++pos;
        while (pos < len && b[pos] != ' ' && b[pos] != '\n')
            pos++;
        n = pos - a;
        if (n == 0 || n >= sizeof(tok)) {
            char *big = flint_malloc(n + 1);
            int ok;
            memcpy(big, b + a, n);
            big[n] = '\0';
            ok = n > 0 && fmpq_set_str(m->xs + N * d + k, big, 10) == 0;
            flint_free(big);
            if (!ok)
                return 0;
        } else {
            memcpy(tok, b + a, n);
            tok[n] = '\0';
            if (fmpq_set_str(m->xs + N * d + k, tok, 10) != 0)
                return 0;
        }
        fmpq_canonicalise(m->xs + N * d + k);
    }
    if (pos >= len || b[pos] != '\n')
        return 0;
    s->valid = 0;
    if (!_rf_cells_replay(m, m->signs, j, N))
        return 0;
    s->valid = N;
    _rf_cells_leaf(m);
    return pos + 1;
}

/* Replay events into the merge state; 0 on malformed input. */
static int merge_events(rf_cells_split_struct *s, const char *b, size_t len)
{
    rf_cells_struct *m = s->m;
    rf_cells_stats_struct *st = m->stats;
    size_t pos = 0;
    while (pos < len && !m->stop) {
        char c = b[pos++];
        switch (c) {
        case 'n': st->nodes++; break;
        case 'z': st->zero_const++; break;
        case 'p': st->pruned++; break;
        case 'l':
        case 'e':
            if (m->opts->max_lps > 0 && st->lps >= m->opts->max_lps) {
                st->capped = 1;
                m->stop = 1;
            } else {
                st->lps++;
                st->lps_empty += c == 'e';
            }
            break;
        case 'R':
            pos = merge_region(s, b, pos, len);
            if (pos == 0)
                return 0;
            break;
        default:
            return 0;
        }
    }
    return 1;
}

int rf_cells_split_merge(rf_cells_split_struct *s, slong i, const char *buf,
                         size_t len, rf_err_t err)
{
    rf_cells_struct *m = s->m;
    split_task *t;
    int ok;
    if (s->done)
        return 1;
    if (i != s->next)
        return rf_err_set(err, RF_ERR_INPUT, "", 0,
                          "split: task %ld merged out of order (expected %ld)",
                          (long) i, (long) s->next), -1;
    t = s->tasks + i;
    ok = merge_events(s, t->pre, t->prelen) && merge_events(s, buf, len);
    if (ok && i + 1 == s->ntasks)
        ok = merge_events(s, s->tail.s, s->tail.n);
    s->next++;
    if (!ok) {
        rf_err_set(err, RF_ERR_INTERNAL, "", 0, "split: malformed events of task %ld", (long) i);
        if (err != m->err)
            *m->err = *err;
        m->failed = 1;
        m->stop = 1;
    }
    if (m->stop || s->next == s->ntasks)
        s->done = 1;
    return !ok ? -1 : s->done;
}

/* ---- worker processes --------------------------------------------------- */

static int io_full(int fd, void *p, size_t n, int wr)
{
    char *c = p;
    while (n > 0) {
        ssize_t r = wr ? send(fd, c, n, MSG_NOSIGNAL) : read(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0;
        c += r;
        n -= (size_t) r;
    }
    return 1;
}

/* Worker: task numbers in, [task, code, length, events or message] out. */
static void worker_loop(rf_cells_split_struct *s, int fd)
{
    int64_t i, hdr[3];
    rf_err_t err;
    flint_set_num_workers(0);   /* no FLINT thread pool in a forked child */
    /* the caller's handlers (temporary files, solver children) are the
       caller's business; a worker dies with its parent */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    rf_err_init(err);
    while (io_full(fd, &i, sizeof(i), 0)) {
        char *buf;
        size_t len;
        int r = rf_cells_split_run(&buf, &len, s, (slong) i, err);
        const char *out = r == RF_OK ? buf : err->msg;
        hdr[0] = i;
        hdr[1] = r;
        hdr[2] = (int64_t) (r == RF_OK ? len : strlen(err->msg));
        if (!io_full(fd, hdr, sizeof(hdr), 1) || !io_full(fd, (void *) out, (size_t) hdr[2], 1))
            break;
        free(buf);
    }
    _exit(0);
}

typedef struct {
    pid_t pid;
    int fd;
    int busy;
} split_worker;

static int fork_workers(split_worker *wk, slong T, rf_cells_split_struct *s)
{
    slong j, k;
    for (j = 0; j < T; j++) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
            return (int) j;
        wk[j].pid = fork();
        if (wk[j].pid < 0) {
            close(sv[0]);
            close(sv[1]);
            return (int) j;
        }
        if (wk[j].pid == 0) {
            for (k = 0; k < j; k++)
                close(wk[k].fd);
            close(sv[0]);
            worker_loop(s, sv[1]);
        }
        close(sv[1]);
        wk[j].fd = sv[0];
        wk[j].busy = 0;
    }
    return (int) T;
}

static void run_inline(rf_cells_split_struct *s)
{
    slong i;
    for (i = s->next; i < s->ntasks && !s->done; i++) {
        char *buf;
        size_t len;
        if (rf_cells_split_run(&buf, &len, s, i, s->m->err) != RF_OK) {
            s->m->failed = 1;
            s->done = 1;
        } else {
            rf_cells_split_merge(s, i, buf, len, s->m->err);
        }
        free(buf);
    }
}

static int assign(split_worker *w, slong *next, slong n)
{
    int64_t i = *next;
    if (*next >= n)
        return 1;
    if (!io_full(w->fd, &i, sizeof(i), 1))
        return 0;
    w->busy = 1;
    (*next)++;
    return 1;
}

/* Dispatch the tasks to T worker processes, merge in order. */
static void run_forked(rf_cells_split_struct *s, slong T)
{
    rf_cells_struct *m = s->m;
    slong n = s->ntasks, next = 0, j, nw;
    split_worker *wk = flint_calloc(T, sizeof(split_worker));
    char **res = flint_calloc(n, sizeof(char *));
    size_t *rlen = flint_calloc(n, sizeof(size_t));
    struct pollfd *pf = flint_calloc(T, sizeof(struct pollfd));
    int ok = 1;
    nw = fork_workers(wk, T, s);
    if (nw == 0) {               /* no process could be started */
        flint_free(wk); flint_free(res); flint_free(rlen); flint_free(pf);
        run_inline(s);
        return;
    }
    for (j = 0; j < nw && ok; j++)
        ok = assign(wk + j, &next, n);
    while (ok && !s->done) {
        int r;
        for (j = 0; j < nw; j++) {
            pf[j].fd = wk[j].busy ? wk[j].fd : -1;
            pf[j].events = POLLIN;
            pf[j].revents = 0;
        }
        r = poll(pf, (nfds_t) FLINT_MAX(nw, 1), -1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            ok = 0;
            break;
        }
        for (j = 0; j < nw && ok; j++) {
            int64_t hdr[3];
            char *b;
            if (pf[j].revents == 0)
                continue;
            if (!io_full(wk[j].fd, hdr, sizeof(hdr), 0) || hdr[0] < 0 || hdr[0] >= n ||
                hdr[2] < 0) {
                ok = 0;
                break;
            }
            b = flint_malloc((size_t) hdr[2] + 1);
            if (!io_full(wk[j].fd, b, (size_t) hdr[2], 0)) {
                flint_free(b);
                ok = 0;
                break;
            }
            b[hdr[2]] = '\0';
            wk[j].busy = 0;
            if (hdr[1] != RF_OK) {
                rf_err_set(m->err, (int) hdr[1], "", 0, "%s", b);
                flint_free(b);
                m->failed = 1;
                s->done = 1;
                break;
            }
            res[hdr[0]] = b;
            rlen[hdr[0]] = (size_t) hdr[2];
            ok = assign(wk + j, &next, n);
        }
        while (ok && !s->done && s->next < n && res[s->next] != NULL) {
            slong i = s->next;
            rf_cells_split_merge(s, i, res[i], rlen[i], m->err);
            flint_free(res[i]);
            res[i] = NULL;
        }
    }
    if (!ok && !s->done) {
        rf_err_set(m->err, RF_ERR_INTERNAL, "", 0,
                   "cells: a worker process of the split search failed");
        m->failed = 1;
    }
    for (j = 0; j < nw; j++) {
        int status;
        if (s->next < n || !ok)
            kill(wk[j].pid, SIGKILL);    /* stopped early: cancel the subtrees */
        close(wk[j].fd);
        while (waitpid(wk[j].pid, &status, 0) < 0 && errno == EINTR)
            ;
    }
    for (j = 0; j < n; j++)
        flint_free(res[j]);
    flint_free(res);
    flint_free(rlen);
    flint_free(wk);
    flint_free(pf);
}

void _rf_cells_split_enumerate(rf_cells_struct *e)
{
    rf_cells_split_struct s;
    rf_cells_driver_struct *drv = e->opts->driver;
    slong T = drv != NULL ? FLINT_MAX(drv->workers, 1) : e->opts->threads;
    /* frontier size: about 2 RF_CELLS_SPLIT_TASKS tasks, at least 4 per
       worker (bench/decide/bench_threads: more tasks make the serial
       frontier longer, fewer leave workers idle behind the largest task) */
    slong target = drv != NULL && drv->tasks_per_worker > 0 ? T * drv->tasks_per_worker
                   : FLINT_MAX(2 * RF_CELLS_SPLIT_TASKS, 4 * T);
    if (!split_init(&s, e, target)) {
        e->failed = 1;
    } else if (drv != NULL) {
        if (drv->run(drv, &s, e->err) != RF_OK)
            e->failed = 1;
    } else if (s.ntasks < 2 || s.tasks[0].depth == e->N) {
        run_inline(&s);          /* a small tree: no process worth starting */
    } else {
        run_forked(&s, FLINT_MIN(T, s.ntasks));
    }
    split_clear(&s);
}
