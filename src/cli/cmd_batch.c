/* relufiber batch / batch-merge: sweeps of many jobs for a cluster.
 *
 * A job file holds one JSON object per line; job i (0-based among the
 * non-blank lines) belongs to shard K of N iff i mod N = K, so N array tasks
 * of a scheduler cover every job exactly once whatever the order in which
 * they run. Each job runs in a forked child (a crash or a budget overrun is
 * recorded, not fatal); results are appended one line per job with a
 * single write(2) to an append-only file, so that a killed run leaves at
 * most one incomplete last line, which a rerun cuts off before resuming
 * (jobs with a result are skipped). An flock(2) lock on OUT.lock keeps two
 * runs from writing the same output. batch-merge keeps, for every job id,
 * the final record (a decided answer beats a crash or timeout; a later
 * attempt beats an earlier one), so merging the shards of a sweep gives the
 * same records, in job order, and the same table as one run. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include "cli.h"
#include "guard.h"

#define BATCH_MAX_LINE ((size_t) 1 << 20)     /* bytes of one job line */
#define BATCH_MAX_ARGS 256
#define BATCH_MAX_CAPTURE ((size_t) 64 << 20) /* bytes of a job's stdout kept */
#define BATCH_MAX_STDERR 4096                 /* bytes of a job's stderr kept */

static const char batch_help[] =
    "usage: relufiber batch [OPTIONS] -o OUT.jsonl JOBS.jsonl\n"
    "Run the jobs of JOBS.jsonl, one JSON object a line:\n"
    "  {\"id\": \"net17\", \"command\": \"fdim\", \"network\": \"nets/17.rfn\",\n"
    "   \"options\": [\"--json\", \"--true\"]}\n"
    "\"network\" is a path (relative paths are relative to the directory of\n"
    "JOBS.jsonl) or an array of paths (equiv, align); \"options\" come before\n"
    "the networks; \"id\" (default: the line number) must be unique. One result\n"
    "line is appended to OUT.jsonl per job: id, index, command, network, arch,\n"
    "status (ok | no | error | timeout | crash), exit, signal, time (s),\n"
    "attempt, output (the command's standard output: parsed when it is JSON)\n"
    "and the end of its standard error. Jobs with a result in OUT.jsonl are\n"
    "skipped (resume); an incomplete last line (killed run) is cut off.\n"
    "Options:\n"
    "  -o OUT.jsonl        the results (required); OUT.jsonl.lock keeps a\n"
    "                      second run on the same file out\n"
    "  --shard K/N         run only jobs i with i mod N = K (0 <= K < N)\n"
    "  --shard slurm       K/N from SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN and\n"
    "                      SLURM_ARRAY_TASK_COUNT\n"
    "  --job-time-limit S  each job's --time-limit (a job over it: timeout)\n"
    "  --job-memory-limit MB  each job's --memory-limit\n"
    "  --retry N           run a job that crashed or timed out up to N more\n"
    "                      times (also jobs recorded so by an earlier run)\n"
    "  --no-isolate        run the jobs in this process (no fork: faster, but\n"
    "                      a crash ends the run; no job limits)\n"
    "  --quiet             no progress on standard error\n"
    "  -h, --help          this help\n"
    "Exit status: 0 when every job of the shard has a result (whatever it\n"
    "says), 2 on a usage or I/O error. See docs/batch.md (SLURM recipe).\n";

static const char merge_help[] =
    "usage: relufiber batch-merge [-o MERGED.jsonl] [--json] OUT.jsonl...\n"
    "Merge the results of batch runs (the shards of a sweep): for every job\n"
    "id the final record (a decided answer beats a crash or a timeout, a\n"
    "later attempt an earlier one), in job order, written to MERGED.jsonl;\n"
    "prints a summary table: for every command and architecture the number\n"
    "of jobs by status and, for fdim, the distribution of the functional\n"
    "dimension (the certified rank of the 'true' block, else of 'batch'), with\n"
    "the number of networks at the upper bound D - H.\n"
    "Options:\n"
    "  -o FILE    merged records (atomic write)\n"
    "  --json     the summary as JSON\n"
    "  -h, --help this help\n";

/* ---- small helpers ------------------------------------------------------ */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

static int write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return 1;
        s += w;
        n -= (size_t) w;
    }
    return 0;
}

/* Read the whole of fd (from the start) into a string of at most cap bytes;
 * *trunc set when there was more. */
static char *read_fd(int fd, size_t cap, int *trunc)
{
    size_t len = 0, sz = 4096;
    char *b = flint_malloc(sz);
    *trunc = 0;
    if (b == NULL)
        return NULL;
    lseek(fd, 0, SEEK_SET);
    for (;;) {
        ssize_t n;
        if (len + 1 >= sz) {
            char *nb;
            if (sz >= cap + 1) {
                *trunc = 1;
                break;
            }
            sz = 2 * sz < cap + 1 ? 2 * sz : cap + 1;
            nb = flint_realloc(b, sz);
            if (nb == NULL)
                break;
            b = nb;
        }
        n = read(fd, b + len, sz - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t) n;
    }
    b[len] = '\0';
    return b;
}

static int tmp_fd(void)
{
    const char *d = getenv("TMPDIR");
    char path[4096];
    int fd;
    snprintf(path, sizeof(path), "%s/relufiber-batch-XXXXXX", d && *d ? d : "/tmp");
    fd = mkstemp(path);
    if (fd >= 0)
        unlink(path);   /* nothing to clean up, whatever happens */
    return fd;
}

/* ---- jobs ------------------------------------------------------------ */

typedef struct {
    json_t *job;         /* the parsed line */
    char id[256];
    long line, index;
} job_t;

/* "K/N" or "slurm" into k, n. */
static int parse_shard(long *k, long *n, const char *s)
{
    char *end;
    if (strcmp(s, "slurm") == 0) {
        const char *id = getenv("SLURM_ARRAY_TASK_ID"), *cnt = getenv("SLURM_ARRAY_TASK_COUNT"),
                   *mn = getenv("SLURM_ARRAY_TASK_MIN");
        long vmin = mn ? strtol(mn, NULL, 10) : 0;
        if (id == NULL || cnt == NULL) {
            fprintf(stderr, "relufiber batch: --shard slurm: SLURM_ARRAY_TASK_ID and "
                    "SLURM_ARRAY_TASK_COUNT are not set (not in a SLURM array job)\n");
            return 1;
        }
        *k = strtol(id, NULL, 10) - vmin;
        *n = strtol(cnt, NULL, 10);
    } else {
        errno = 0;
        *k = strtol(s, &end, 10);
        if (end == s || *end != '/')
            goto bad;
        s = end + 1;
        *n = strtol(s, &end, 10);
        if (end == s || *end != '\0' || errno)
            goto bad;
    }
    if (*n >= 1 && *k >= 0 && *k < *n && *n <= 1000000)
        return 0;
bad:
    fprintf(stderr, "relufiber batch: --shard takes K/N with 0 <= K < N, or slurm\n");
    return 1;
}

static int cmp_job_id(const void *a, const void *b)
{
    return strcmp((*(const job_t *const *) a)->id, (*(const job_t *const *) b)->id);
}

static int load_jobs(job_t **jobs, long *njobs, const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long ln = 0, k, cnt = 0, alloc = 0;
    job_t *J = NULL;
    if (f == NULL) {
        fprintf(stderr, "%s: error: cannot open: %s\n", path, strerror(errno));
        return 1;
    }
    while ((n = getline(&line, &cap, f)) >= 0) {
        json_error_t je;
        json_t *o, *v;
        size_t i = 0;
        ln++;
        if ((size_t) n > BATCH_MAX_LINE) {
            fprintf(stderr, "%s:%ld: error: job line of %zd bytes (limit %zu)\n", path, ln, n,
                    BATCH_MAX_LINE);
            goto fail;
        }
        while (i < (size_t) n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' ||
                                  line[i] == '\n'))
            i++;
        if (i == (size_t) n)
            continue;
        if (memchr(line, '\0', (size_t) n) != NULL) {
            fprintf(stderr, "%s:%ld: error: NUL byte in a job line\n", path, ln);
            goto fail;
        }
        o = json_loadb(line, (size_t) n, JSON_REJECT_DUPLICATES, &je);
        if (o == NULL || !json_is_object(o)) {
            fprintf(stderr, "%s:%ld: error: a job is a JSON object%s%s\n", path, ln,
                    o ? "" : ": ", o ? "" : je.text);
            json_decref(o);
            goto fail;
        }
        if (!json_is_string(json_object_get(o, "command"))) {
            fprintf(stderr, "%s:%ld: error: the job needs \"command\" (a string)\n", path, ln);
            json_decref(o);
            goto fail;
        }
        if (cnt == alloc) {
            job_t *nj;
            alloc = alloc ? 2 * alloc : 64;
            nj = flint_realloc(J, (size_t) alloc * sizeof(job_t));
            if (nj == NULL) {
                json_decref(o);
                goto fail;
            }
            J = nj;
        }
        J[cnt].job = o;
        J[cnt].line = ln;
        J[cnt].index = cnt;
        v = json_object_get(o, "id");
        if (v != NULL && !json_is_string(v)) {
            fprintf(stderr, "%s:%ld: error: \"id\" must be a string\n", path, ln);
            cnt++;
            goto fail;
        }
        if (v != NULL && strlen(json_string_value(v)) >= sizeof(J[cnt].id)) {
            fprintf(stderr, "%s:%ld: error: \"id\" longer than %zu bytes\n", path, ln,
                    sizeof(J[cnt].id) - 1);
            cnt++;
            goto fail;
        }
        if (v != NULL)
            snprintf(J[cnt].id, sizeof(J[cnt].id), "%s", json_string_value(v));
        else
            snprintf(J[cnt].id, sizeof(J[cnt].id), "line %ld", ln);
        cnt++;
    }
    free(line);
    line = NULL;
    if (ferror(f)) {
        fprintf(stderr, "%s: error: read error\n", path);
        goto fail;
    }
    fclose(f);
    f = NULL;
    /* ids unique: sort pointers to them (O(n log n)) */
    if (cnt > 1) {
        const job_t **p = flint_malloc((size_t) cnt * sizeof(job_t *));
        int dup = 0;
        if (p == NULL)
            goto fail;
        for (k = 0; k < cnt; k++)
            p[k] = J + k;
        qsort(p, (size_t) cnt, sizeof(job_t *), cmp_job_id);
        for (k = 1; k < cnt && !dup; k++)
            if (strcmp(p[k - 1]->id, p[k]->id) == 0) {
                fprintf(stderr, "%s:%ld: error: job id '%s' already used on line %ld\n", path,
                        p[k]->line > p[k - 1]->line ? p[k]->line : p[k - 1]->line, p[k]->id,
                        p[k]->line > p[k - 1]->line ? p[k - 1]->line : p[k]->line);
                dup = 1;
            }
        flint_free(p);
        if (dup)
            goto fail;
    }
    *jobs = J;
    *njobs = cnt;
    return 0;
fail:
    free(line);
    if (f)
        fclose(f);
    for (k = 0; k < cnt; k++)
        json_decref(J[k].job);
    flint_free(J);
    return 1;
}

static void free_jobs(job_t *J, long n)
{
    long k;
    for (k = 0; k < n; k++)
        json_decref(J[k].job);
    flint_free(J);
}

/* ---- results already in OUT ---------------------------------------------- */

typedef struct {
    char *id;
    int final;        /* a decided answer (ok, no, error), not crash/timeout */
    int attempts;
} done_t;

static int cmp_done(const void *a, const void *b)
{
    return strcmp(((const done_t *) a)->id, ((const done_t *) b)->id);
}

static int is_final(const char *status)
{
    return status != NULL && strcmp(status, "timeout") != 0 && strcmp(status, "crash") != 0;
}

/* Read the records of fd (open read-write, locked); cut an incomplete last
 * line off. Records are sorted by id, merged per id. */
static int load_done(done_t **done, long *ndone, int fd, const char *path)
{
    struct stat sb;
    char *buf, *p, *e;
    long n = 0, cap = 0, k, j;
    done_t *D = NULL;
    size_t len, keep;
    int trunc;
    *done = NULL;
    *ndone = 0;
    if (fstat(fd, &sb) != 0)
        return 1;
    buf = read_fd(fd, (size_t) sb.st_size, &trunc);
    if (buf == NULL)
        return 1;
    len = strlen(buf);
    keep = len;
    while (keep > 0 && buf[keep - 1] != '\n')
        keep--;
    if (keep < len) {
        fprintf(stderr, "relufiber batch: %s: cutting off an incomplete last line (%zu bytes)\n",
                path, len - keep);
        if (ftruncate(fd, (off_t) keep) != 0) {
            flint_free(buf);
            return 1;
        }
    }
    for (p = buf; p < buf + keep; p = e + 1) {
        json_t *o, *id;
        e = memchr(p, '\n', (size_t) (buf + keep - p));
        o = json_loadb(p, (size_t) (e - p), 0, NULL);
        id = o ? json_object_get(o, "id") : NULL;
        if (json_is_string(id)) {
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                D = flint_realloc(D, (size_t) cap * sizeof(done_t));
            }
            {
                const char *t = json_string_value(id);
                D[n].id = flint_malloc(strlen(t) + 1);
                strcpy(D[n].id, t);
            }
            D[n].final = is_final(json_string_value(json_object_get(o, "status")));
            D[n].attempts = 1;
            n++;
        }
        json_decref(o);
    }
    flint_free(buf);
    if (n > 1)
        qsort(D, (size_t) n, sizeof(done_t), cmp_done);
    for (k = 0, j = 0; k < n; k++) {
        if (j > 0 && strcmp(D[j - 1].id, D[k].id) == 0) {
            D[j - 1].final |= D[k].final;
            D[j - 1].attempts += D[k].attempts;
            flint_free(D[k].id);
        } else {
            D[j++] = D[k];
        }
    }
    *done = D;
    *ndone = j;
    return 0;
}

static const done_t *find_done(const done_t *D, long n, const char *id)
{
    done_t key;
    key.id = (char *) id;
    return n > 0 ? bsearch(&key, D, (size_t) n, sizeof(done_t), cmp_done) : NULL;
}

/* ---- running one job -------------------------------------------------- */

typedef struct {
    double time_limit, memory_limit;
    int isolate;
    const char *dir;      /* of the jobs file, for relative network paths */
} run_opts_t;

/* argv of the job: command, options..., networks... (strings owned by the
 * job or by paths[]); 0, or 1 with *why set. */
static int job_argv(char **argv, int *argc, int *first, char **paths, int *npaths, json_t *job,
                    const char *dir, const char **why)
{
    json_t *opts = json_object_get(job, "options"), *net = json_object_get(job, "network"), *v;
    size_t i;
    int n = 0;
    const char *cmd = json_string_value(json_object_get(job, "command"));
    *npaths = 0;
    if (strcmp(cmd, "batch") == 0 || strcmp(cmd, "batch-merge") == 0)
        return *why = "a job cannot run batch itself", 1;
    argv[n++] = (char *) cmd;
    if (opts != NULL && !json_is_array(opts))
        return *why = "\"options\" must be an array of strings", 1;
    json_array_foreach(opts, i, v) {
        if (!json_is_string(v))
            return *why = "\"options\" must be an array of strings", 1;
        if (n >= BATCH_MAX_ARGS - 8)
            return *why = "too many options", 1;
        argv[n++] = (char *) json_string_value(v);
    }
    *first = net != NULL && (json_is_string(net) || json_array_size(net) > 0) ? n : -1;
    if (net != NULL && !json_is_string(net) && !json_is_array(net))
        return *why = "\"network\" must be a path or an array of paths", 1;
    for (i = 0; net != NULL && i < (json_is_array(net) ? json_array_size(net) : 1); i++) {
        const char *p;
        v = json_is_array(net) ? json_array_get(net, i) : net;
        if (!json_is_string(v))
            return *why = "\"network\" must be a path or an array of paths", 1;
        if (*npaths >= 4)
            return *why = "at most 4 networks", 1;
        p = json_string_value(v);
        if (p[0] == '/' || dir == NULL) {
            argv[n++] = (char *) p;
        } else {
            size_t len = strlen(dir) + strlen(p) + 2;
            paths[*npaths] = flint_malloc(len);
            snprintf(paths[*npaths], len, "%s/%s", dir, p);
            argv[n++] = paths[(*npaths)++];
        }
    }
    argv[n] = NULL;
    *argc = n;
    return 0;
}

typedef struct {
    int status_code;     /* exit status, or -1 */
    int sig;             /* terminating signal, or 0 */
    int killed;          /* killed by the parent at the hard time limit */
    double time;
    char *out, *err;
    int out_trunc;
} outcome_t;

static int run_job(outcome_t *res, int argc, char **argv, const run_opts_t *ro)
{
    int fo = tmp_fd(), fe = tmp_fd(), st = 0, trunc;
    double t0 = now();
    memset(res, 0, sizeof(*res));
    res->status_code = -1;
    if (fo < 0 || fe < 0) {
        if (fo >= 0)
            close(fo);
        if (fe >= 0)
            close(fe);
        fprintf(stderr, "relufiber batch: cannot create a temporary file: %s\n", strerror(errno));
        return 1;
    }
    fflush(stdout);
    fflush(stderr);
    if (ro->isolate) {
        sigset_t mask;
        pid_t pid;
        rf_cli_guard_block(&mask);
        pid = fork();
        if (pid < 0) {
            rf_cli_guard_unblock(&mask);
            fprintf(stderr, "relufiber batch: fork: %s\n", strerror(errno));
            close(fo);
            close(fe);
            return 1;
        }
        if (pid == 0) {
            int r;
            rf_cli_guard_unblock(&mask);
            dup2(fo, 1);
            dup2(fe, 2);
            close(fo);
            close(fe);
            if (ro->time_limit > 0)
                rf_cli_guard_set_time_limit(ro->time_limit);
            if (ro->memory_limit > 0)
                rf_cli_guard_set_memory_limit(ro->memory_limit);
            r = rf_cli_dispatch(argc, argv);
            fflush(stdout);
            fflush(stderr);
            _exit(r);
        }
        rf_cli_guard_child_add(pid);
        rf_cli_guard_unblock(&mask);
        {
            double hard = ro->time_limit > 0 ? ro->time_limit * 1.25 + 5 : 0;
            useconds_t nap = 500;
            for (;;) {
                pid_t w = waitpid(pid, &st, WNOHANG);
                if (w == pid || (w < 0 && errno != EINTR))
                    break;
                if (hard > 0 && now() - t0 > hard && !res->killed) {
                    kill(pid, SIGKILL);
                    res->killed = 1;
                }
                usleep(nap);
                if (nap < 20000)
                    nap *= 2;
            }
        }
        rf_cli_guard_child_remove(pid);
        if (WIFEXITED(st))
            res->status_code = WEXITSTATUS(st);
        else if (WIFSIGNALED(st))
            res->sig = WTERMSIG(st);
    } else {
        int so = dup(1), se = dup(2);
        dup2(fo, 1);
        dup2(fe, 2);
        res->status_code = rf_cli_dispatch(argc, argv);
        fflush(stdout);
        fflush(stderr);
        dup2(so, 1);
        dup2(se, 2);
        close(so);
        close(se);
        clearerr(stdout);
    }
    res->time = now() - t0;
    res->out = read_fd(fo, BATCH_MAX_CAPTURE, &res->out_trunc);
    res->err = read_fd(fe, (size_t) 1 << 24, &trunc);
    close(fo);
    close(fe);
    return res->out == NULL || res->err == NULL;
}

static const char *status_name(const outcome_t *r)
{
    if (r->killed || (r->status_code == 2 && r->err != NULL &&
                      strstr(r->err, "relufiber: unknown: time limit") != NULL))
        return "timeout";
    if (r->sig != 0 || r->status_code < 0)
        return "crash";
    return r->status_code == 0 ? "ok" : r->status_code == 1 ? "no" : "error";
}

/* "2-3-1", or NULL when the network cannot be read (the job says why). */
static json_t *arch_of(const char *path)
{
    rf_net_t net;
    rf_err_t err;
    json_t *a = NULL;
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    if (!rf_cli_is_ml_file(path) &&
        rf_io_read_file(net, path, RF_IO_FMT_AUTO, RF_IO_JSON_BINARY, err) == RF_OK) {
        slong l;
        a = json_array();
        for (l = 0; l <= net->L; l++)
            json_array_append_new(a, json_integer((json_int_t) net->dims[l]));
    }
    rf_err_clear(err);
    rf_net_clear(net);
    return a ? a : json_null();
}

static json_t *record(const job_t *J, const outcome_t *r, int attempt, const char *firstnet)
{
    json_t *o = json_object(), *out;
    const char *e = r->err ? r->err : "";
    size_t el = strlen(e);
    json_object_set_new(o, "id", json_string(J->id));
    json_object_set_new(o, "index", json_integer(J->index));
    json_object_set(o, "command", json_object_get(J->job, "command"));
    if (json_object_get(J->job, "network"))
        json_object_set(o, "network", json_object_get(J->job, "network"));
    json_object_set_new(o, "arch", firstnet ? arch_of(firstnet) : json_null());
    json_object_set_new(o, "status", json_string(status_name(r)));
    json_object_set_new(o, "exit", r->status_code >= 0 ? json_integer(r->status_code) : json_null());
    json_object_set_new(o, "signal", json_integer(r->sig));
    json_object_set_new(o, "time", json_real(r->time));
    json_object_set_new(o, "attempt", json_integer(attempt));
    out = r->out && !r->out_trunc ? json_loads(r->out, JSON_DECODE_ANY, NULL) : NULL;
    if (out == NULL && r->out)
        out = json_stringn_nocheck(r->out, strlen(r->out));
    json_object_set_new(o, "output", out ? out : json_null());
    if (r->out_trunc)
        json_object_set_new(o, "output_truncated", json_true());
    if (el > BATCH_MAX_STDERR)
        e += el - BATCH_MAX_STDERR;
    json_object_set_new(o, "stderr", json_stringn_nocheck(e, strlen(e)));
    if (json_object_get(J->job, "tag"))
        json_object_set(o, "tag", json_object_get(J->job, "tag"));
    return o;
}

/* A record for a job that could not be started (bad job line). */
static json_t *record_bad(const job_t *J, const char *why)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(J->id));
    json_object_set_new(o, "index", json_integer(J->index));
    json_object_set(o, "command", json_object_get(J->job, "command"));
    json_object_set_new(o, "arch", json_null());
    json_object_set_new(o, "status", json_string("error"));
    json_object_set_new(o, "exit", json_integer(RF_EXIT_ERROR));
    json_object_set_new(o, "signal", json_integer(0));
    json_object_set_new(o, "time", json_real(0));
    json_object_set_new(o, "attempt", json_integer(1));
    json_object_set_new(o, "output", json_null());
    json_object_set_new(o, "stderr", json_string(why));
    return o;
}

static int append_record(int fd, json_t *o)
{
    size_t n = json_dumpb(o, NULL, 0, JSON_COMPACT | JSON_ENSURE_ASCII);
    char *s;
    int bad;
    if (n == 0 || (s = flint_malloc(n + 1)) == NULL)
        return 1;
    json_dumpb(o, s, n, JSON_COMPACT | JSON_ENSURE_ASCII);
    s[n] = '\n';
    bad = write_all(fd, s, n + 1);   /* O_APPEND: one write per record */
    flint_free(s);
    return bad;
}

/* ---- relufiber batch --------------------------------------------------- */

static int parse_amount(double *v, const char *s)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return *s == '\0' || *end != '\0' || errno != 0 || !(*v >= 0) || *v > 1e9;
}

int rf_cmd_batch(int argc, char **argv)
{
    const char *jobs_path = NULL, *outp = NULL, *shard = NULL;
    long K = 0, N = 1, njobs = 0, ndone = 0, k, nrun = 0, nskip = 0, nmine = 0, retry = 0;
    int quiet = 0, i, lockfd = -1, outfd = -1, ret = RF_EXIT_ERROR;
    run_opts_t ro;
    job_t *J = NULL;
    done_t *D = NULL;
    char *lockp = NULL, *dir = NULL;
    ro.time_limit = ro.memory_limit = 0;
    ro.isolate = 1;
    ro.dir = NULL;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (rf_cli_is_help(a)) {
            fputs(batch_help, stdout);
            return RF_EXIT_OK;
        } else if (!strcmp(a, "--no-isolate")) {
            ro.isolate = 0;
        } else if (!strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--shard") || !strcmp(a, "--retry") ||
                   !strcmp(a, "--job-time-limit") || !strcmp(a, "--job-memory-limit")) {
            const char *v;
            if (i + 1 >= argc)
                return rf_cli_usage_error("batch", "%s needs a value", a);
            v = argv[++i];
            if (!strcmp(a, "-o"))
                outp = v;
            else if (!strcmp(a, "--shard"))
                shard = v;
            else if (!strcmp(a, "--retry")) {
                char *end;
                retry = strtol(v, &end, 10);
                if (*v == '\0' || *end != '\0' || retry < 0 || retry > 1000)
                    return rf_cli_usage_error("batch", "--retry takes 0 to 1000, not '%s'", v);
            } else if (parse_amount(!strcmp(a, "--job-time-limit") ? &ro.time_limit
                                                                   : &ro.memory_limit, v))
                return rf_cli_usage_error("batch", "%s takes a non-negative number, not '%s'", a, v);
        } else if (a[0] == '-' && a[1] != '\0') {
            return rf_cli_usage_error("batch", "unknown option '%s'", a);
        } else if (jobs_path == NULL) {
            jobs_path = a;
        } else {
            return rf_cli_usage_error("batch", "one job file only ('%s')", a);
        }
    }
    if (jobs_path == NULL)
        return rf_cli_usage_error("batch", "need a job file JOBS.jsonl");
    if (outp == NULL || strcmp(outp, "-") == 0)
        return rf_cli_usage_error("batch", "need -o OUT.jsonl (a file: results are appended)");
    if (shard != NULL && parse_shard(&K, &N, shard))
        return RF_EXIT_ERROR;
    if (!ro.isolate && (ro.time_limit > 0 || ro.memory_limit > 0))
        return rf_cli_usage_error("batch", "job limits need isolated jobs (no --no-isolate)");
    if (load_jobs(&J, &njobs, jobs_path))
        return RF_EXIT_ERROR;
    {
        const char *slash = strrchr(jobs_path, '/');
        if (slash != NULL) {
            size_t n = (size_t) (slash - jobs_path);
            dir = flint_malloc(n + 2);
            memcpy(dir, jobs_path, n ? n : 1);
            dir[n ? n : 1] = '\0';
            ro.dir = dir;
        }
    }
    /* the lock first, then the output (both only after every check) */
    {
        size_t ln = strlen(outp) + 6;
        lockp = flint_malloc(ln);
        snprintf(lockp, ln, "%s.lock", outp);
    }
    lockfd = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (lockfd < 0) {
        fprintf(stderr, "%s: error: cannot create the lock file: %s\n", lockp, strerror(errno));
        goto done;
    }
    if (flock(lockfd, LOCK_EX | LOCK_NB) != 0) {
        fprintf(stderr, "%s: error: another batch run is writing %s (lock held)\n", lockp, outp);
        goto done;
    }
    outfd = open(outp, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (outfd < 0) {
        fprintf(stderr, "%s: error: cannot open: %s\n", outp, strerror(errno));
        goto done;
    }
    if (load_done(&D, &ndone, outfd, outp)) {
        fprintf(stderr, "%s: error: cannot read the earlier results\n", outp);
        goto done;
    }
    for (k = 0; k < njobs; k++)
        nmine += k % N == K;
    for (k = 0; k < njobs; k++) {
        const done_t *d;
        char *av[BATCH_MAX_ARGS], *paths[4];
        int ac = 0, np = 0, attempt, a0 = 0, first = -1;
        const char *why = NULL;
        json_t *rec = NULL;
        if (k % N != K)
            continue;
        d = find_done(D, ndone, J[k].id);
        if (d != NULL && (d->final || d->attempts > retry)) {
            nskip++;
            continue;
        }
        if (d != NULL)
            a0 = d->attempts;
        if (job_argv(av, &ac, &first, paths, &np, J[k].job, ro.dir, &why)) {
            rec = record_bad(J + k, why);
            attempt = 0;
        } else {
            for (attempt = a0 + 1; ; attempt++) {
                outcome_t r;
                const char *st;
                if (run_job(&r, ac, av, &ro)) {
                    flint_free(r.out);
                    flint_free(r.err);
                    while (np > 0)
                        flint_free(paths[--np]);
                    json_decref(rec);
                    goto done;
                }
                st = status_name(&r);
                json_decref(rec);
                rec = record(J + k, &r, attempt, first >= 0 ? av[first] : NULL);
                flint_free(r.out);
                flint_free(r.err);
                if (is_final(st) || attempt > retry)
                    break;
                /* a crash or a timeout: record it, then try again */
                if (append_record(outfd, rec)) {
                    fprintf(stderr, "%s: error: write failed: %s\n", outp, strerror(errno));
                    json_decref(rec);
                    while (np > 0)
                        flint_free(paths[--np]);
                    goto done;
                }
            }
        }
        while (np > 0)
            flint_free(paths[--np]);
        if (append_record(outfd, rec)) {
            fprintf(stderr, "%s: error: write failed: %s\n", outp, strerror(errno));
            json_decref(rec);
            goto done;
        }
        nrun++;
        if (!quiet)
            fprintf(stderr, "batch: [%ld/%ld] %s: %s (%.3g s)\n", nrun + nskip, nmine, J[k].id,
                    json_string_value(json_object_get(rec, "status")),
                    json_real_value(json_object_get(rec, "time")));
        json_decref(rec);
    }
    if (!quiet)
        fprintf(stderr, "batch: shard %ld/%ld: %ld jobs run, %ld skipped (results in %s)\n", K, N,
                nrun, nskip, outp);
    ret = RF_EXIT_OK;
done:
    if (outfd >= 0 && fsync(outfd) != 0 && errno != EINVAL) {
        fprintf(stderr, "%s: error: fsync: %s\n", outp, strerror(errno));
        ret = RF_EXIT_ERROR;
    }
    if (outfd >= 0)
        close(outfd);
    if (lockfd >= 0)
        close(lockfd);
    for (k = 0; k < ndone; k++)
        flint_free(D[k].id);
    flint_free(D);
    flint_free(lockp);
    flint_free(dir);
    free_jobs(J, njobs);
    return ret;
}

/* ---- relufiber batch-merge ----------------------------------------------- */

typedef struct {
    json_t *rec;
    const char *id;
    long index;
    int final, attempt;
} mrec_t;

/* Equality of two outputs up to timings (keys "time" and "time_*"), which
 * differ from run to run. */
static int is_time_key(const char *k)
{
    return strcmp(k, "time") == 0 || strncmp(k, "time_", 5) == 0;
}

static int equal_untimed(json_t *a, json_t *b)
{
    const char *k;
    json_t *v;
    size_t i, na = 0, nb = 0;
    if (json_is_object(a) && json_is_object(b)) {
        json_object_foreach(a, k, v) {
            if (is_time_key(k))
                continue;
            na++;
            if (!equal_untimed(v, json_object_get(b, k)))
                return 0;
        }
        json_object_foreach(b, k, v)
            nb += !is_time_key(k);
        return na == nb;
    }
    if (json_is_array(a) && json_is_array(b)) {
        if (json_array_size(a) != json_array_size(b))
            return 0;
        json_array_foreach(a, i, v)
            if (!equal_untimed(v, json_array_get(b, i)))
                return 0;
        return 1;
    }
    return json_equal(a, b);
}

static int cmp_mrec_id(const void *a, const void *b)
{
    const mrec_t *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    if (x->final != y->final)
        return x->final - y->final;
    return x->attempt - y->attempt;
}

static int cmp_mrec_index(const void *a, const void *b)
{
    const mrec_t *x = a, *y = b;
    return (x->index > y->index) - (x->index < y->index);
}

/* The summary key of a record: command and architecture "2-3-1". */
static void rec_key(char *key, size_t n, json_t *rec)
{
    json_t *arch = json_object_get(rec, "arch"), *v;
    size_t i, len;
    const char *cmd = json_string_value(json_object_get(rec, "command"));
    len = (size_t) snprintf(key, n, "%s\t", cmd ? cmd : "?");
    if (!json_is_array(arch)) {
        snprintf(key + len, n - len, "?");
        return;
    }
    json_array_foreach(arch, i, v) {
        if (len < n)
            len += (size_t) snprintf(key + len, n - len, "%s%lld", i ? "-" : "",
                                     (long long) json_integer_value(v));
    }
}

/* The functional dimension of an fdim record (-1: none) and its bound. */
static long fdim_value(json_t *rec, long *bound)
{
    json_t *out = json_object_get(rec, "output"), *b;
    *bound = -1;
    if (!json_is_object(out))
        return -1;
    if (json_is_integer(json_object_get(out, "bound")))
        *bound = (long) json_integer_value(json_object_get(out, "bound"));
    b = json_object_get(out, "true");
    if (!json_is_object(b))
        b = json_object_get(out, "batch");
    if (!json_is_object(b) || !json_is_integer(json_object_get(b, "rank")))
        return -1;
    return (long) json_integer_value(json_object_get(b, "rank"));
}

typedef struct {
    char key[512];
    long count[5];         /* ok no error timeout crash */
    long jobs, full;
    long *vals;            /* fdim values, sorted at the end */
    long nvals;
} row_t;

static int status_slot(const char *s)
{
    static const char *names[] = {"ok", "no", "error", "timeout", "crash"};
    int k;
    for (k = 0; k < 5; k++)
        if (s != NULL && strcmp(s, names[k]) == 0)
            return k;
    return 4;
}

static int cmp_long_desc(const void *a, const void *b)
{
    long x = *(const long *) a, y = *(const long *) b;
    return (x < y) - (x > y);
}

static int cmp_row(const void *a, const void *b)
{
    return strcmp(((const row_t *) a)->key, ((const row_t *) b)->key);
}

int rf_cmd_batch_merge(int argc, char **argv)
{
    const char *outp = NULL;
    int json = 0, i, ret = RF_EXIT_ERROR, nfiles = 0;
    mrec_t *M = NULL;
    long n = 0, cap = 0, k, j, nrows = 0, bad = 0, conflicts = 0;
    row_t *rows = NULL;
    rf_cli_out_t o;
    for (i = 1; i < argc; i++) {
        if (rf_cli_is_help(argv[i])) {
            fputs(merge_help, stdout);
            return RF_EXIT_OK;
        }
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "-o")) {
            if (i + 1 >= argc)
                return rf_cli_usage_error("batch-merge", "-o needs a value");
            outp = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return rf_cli_usage_error("batch-merge", "unknown option '%s'", argv[i]);
        else
            nfiles++;
    }
    if (nfiles == 0)
        return rf_cli_usage_error("batch-merge", "need at least one result file");
    for (i = 1; i < argc; i++) {
        FILE *f;
        char *line = NULL;
        size_t lcap = 0;
        ssize_t len;
        long ln = 0;
        if (!strcmp(argv[i], "--json"))
            continue;
        if (!strcmp(argv[i], "-o")) {
            i++;
            continue;
        }
        f = fopen(argv[i], "r");
        if (f == NULL) {
            fprintf(stderr, "%s: error: cannot open: %s\n", argv[i], strerror(errno));
            goto done;
        }
        while ((len = getline(&line, &lcap, f)) >= 0) {
            json_t *r, *id;
            ln++;
            if (len == 0 || line[len - 1] != '\n') {
                fprintf(stderr, "%s:%ld: warning: incomplete last line ignored\n", argv[i], ln);
                bad++;
                break;
            }
            r = json_loadb(line, (size_t) len, 0, NULL);
            id = r ? json_object_get(r, "id") : NULL;
            if (!json_is_string(id) || !json_is_integer(json_object_get(r, "index"))) {
                fprintf(stderr, "%s:%ld: warning: not a batch record, ignored\n", argv[i], ln);
                json_decref(r);
                bad++;
                continue;
            }
            if (n == cap) {
                cap = cap ? 2 * cap : 256;
                M = flint_realloc(M, (size_t) cap * sizeof(mrec_t));
            }
            M[n].rec = r;
            M[n].id = json_string_value(id);
            M[n].index = (long) json_integer_value(json_object_get(r, "index"));
            M[n].final = is_final(json_string_value(json_object_get(r, "status")));
            M[n].attempt = (int) json_integer_value(json_object_get(r, "attempt"));
            n++;
        }
        free(line);
        fclose(f);
    }
    /* per id the last record of the sort (final, then latest attempt) */
    if (n > 1)
        qsort(M, (size_t) n, sizeof(mrec_t), cmp_mrec_id);
    for (k = 0, j = 0; k < n; k++) {
        if (k + 1 < n && strcmp(M[k].id, M[k + 1].id) == 0) {
            if (M[k].final && M[k + 1].final &&
                !equal_untimed(json_object_get(M[k].rec, "output"),
                               json_object_get(M[k + 1].rec, "output"))) {
                fprintf(stderr, "relufiber batch-merge: warning: job '%s' has two different "
                        "results; the later attempt is kept\n", M[k].id);
                conflicts++;
            }
            json_decref(M[k].rec);
            continue;
        }
        M[j++] = M[k];
    }
    n = j;
    if (n > 1)
        qsort(M, (size_t) n, sizeof(mrec_t), cmp_mrec_index);
    /* the table */
    for (k = 0; k < n; k++) {
        char key[512];
        long bound, v;
        row_t *r = NULL;
        rec_key(key, sizeof(key), M[k].rec);
        for (j = 0; j < nrows; j++)
            if (strcmp(rows[j].key, key) == 0)
                r = rows + j;
        if (r == NULL) {
            rows = flint_realloc(rows, (size_t) (nrows + 1) * sizeof(row_t));
            r = rows + nrows++;
            memset(r, 0, sizeof(*r));
            snprintf(r->key, sizeof(r->key), "%s", key);
        }
        r->jobs++;
        r->count[status_slot(json_string_value(json_object_get(M[k].rec, "status")))]++;
        v = fdim_value(M[k].rec, &bound);
        if (v >= 0) {
            r->vals = flint_realloc(r->vals, (size_t) (r->nvals + 1) * sizeof(long));
            r->vals[r->nvals++] = v;
            r->full += v == bound;
        }
    }
    if (nrows > 1)
        qsort(rows, (size_t) nrows, sizeof(row_t), cmp_row);
    if (outp != NULL) {
        if (rf_cli_out_open(&o, outp))
            goto done;
        for (k = 0; k < n; k++) {
            json_dumpf(M[k].rec, o.f, JSON_COMPACT | JSON_ENSURE_ASCII);
            fputc('\n', o.f);
        }
        if (rf_cli_out_close(&o, 1))
            goto done;
    }
    for (j = 0; j < nrows; j++)
        if (rows[j].nvals > 1)
            qsort(rows[j].vals, (size_t) rows[j].nvals, sizeof(long), cmp_long_desc);
    if (json)
        printf("{\"jobs\": %ld, \"ignored_lines\": %ld, \"conflicts\": %ld, \"rows\": [", n, bad,
               conflicts);
    else
        printf("%-10s %-16s %6s %6s %6s %6s %7s %6s  %s\n", "command", "arch", "jobs", "ok", "no",
               "error", "timeout", "crash", "fdim: value x count [at D-H]");
    for (j = 0; j < nrows; j++) {
        row_t *r = rows + j;
        char *tab = strchr(r->key, '\t');
        *tab = '\0';
        if (json) {
            printf("%s{\"command\": ", j ? ", " : "");
            rf_cli_json_str(stdout, r->key);
            printf(", \"arch\": ");
            rf_cli_json_str(stdout, tab + 1);
            printf(", \"jobs\": %ld, \"ok\": %ld, \"no\": %ld, \"error\": %ld, \"timeout\": %ld, "
                   "\"crash\": %ld, \"fdim\": {", r->jobs, r->count[0], r->count[1], r->count[2],
                   r->count[3], r->count[4]);
        } else {
            printf("%-10s %-16s %6ld %6ld %6ld %6ld %7ld %6ld  ", r->key, tab + 1, r->jobs,
                   r->count[0], r->count[1], r->count[2], r->count[3], r->count[4]);
        }
        for (k = 0; k < r->nvals; ) {
            long c = 1;
            while (k + c < r->nvals && r->vals[k + c] == r->vals[k])
                c++;
            if (json)
                printf("%s\"%ld\": %ld", k ? ", " : "", r->vals[k], c);
            else
                printf("%s%ld x %ld", k ? ", " : "", r->vals[k], c);
            k += c;
        }
        if (json)
            printf("}, \"at_bound\": %ld}", r->full);
        else
            printf(r->nvals ? " [%ld]\n" : "-\n", r->full);
    }
    if (json)
        printf("]}\n");
    ret = RF_EXIT_OK;
done:
    for (k = 0; k < n; k++)
        json_decref(M[k].rec);
    flint_free(M);
    for (j = 0; j < nrows; j++)
        flint_free(rows[j].vals);
    flint_free(rows);
    return ret;
}
