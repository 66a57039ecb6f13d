/* Output files are written atomically: a failed or rejected run leaves an
 * existing file byte for byte as it was, a successful one replaces it
 * whole, no temporary file is left behind, and devices (/dev/null,
 * /dev/full) are written in place, never replaced. Checked through the
 * library (rf_io_atomic_*, rf_io_write_file) and the CLI (fiber, export,
 * convert, equiv with -o). */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "relufiber/io.h"

static char dir[64];

static void mkdir_tmp(void)
{
    snprintf(dir, sizeof dir, "/tmp/rf_atomic_XXXXXX");
    cr_assert(mkdtemp(dir) != NULL);
}

/* Number of entries of dir other than . and .. */
static int entries(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    cr_assert(d != NULL);
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert(f != NULL);
    fputs(text, f);
    fclose(f);
}

static int same(const char *path, const char *text)
{
    char buf[4096];
    FILE *f = fopen(path, "r");
    size_t n;
    if (f == NULL)
        return 0;
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return strcmp(buf, text) == 0;
}

static int run(const char *args)
{
    char cmd[4096];
    int st;
    snprintf(cmd, sizeof cmd, "'%s' %s >/dev/null 2>&1", getenv("RF_BIN"), args);
    st = system(cmd);
    cr_assert(WIFEXITED(st));
    return WEXITSTATUS(st);
}

static void cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(atomic, library_commit_and_abort)
{
    char path[128];
    rf_io_atomic_t a;
    rf_err_t err;
    mkdir_tmp();
    rf_err_init(err);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    put(path, "old contents\n");
    cr_assert_eq(rf_io_atomic_open(a, path, err), RF_OK);
    fputs("half of the new", a->f);
    cr_assert(same(path, "old contents\n"), "the target changed before the commit");
    cr_assert_eq(entries(), 2);            /* target + temporary */
    cr_assert_eq(rf_io_atomic_close(a, 0, err), RF_ERR_IO);
    cr_assert(same(path, "old contents\n"), "an aborted write changed the file");
    cr_assert_eq(entries(), 1, "temporary file left behind");
    cr_assert_eq(rf_io_atomic_open(a, path, err), RF_OK);
    fputs("new contents\n", a->f);
    cr_assert_eq(rf_io_atomic_close(a, 1, err), RF_OK, "%s", err->msg);
    cr_assert(same(path, "new contents\n"));
    cr_assert_eq(entries(), 1);
    /* a missing directory: an error naming the file, nothing created */
    snprintf(path, sizeof path, "%s/no/such/dir/out.txt", dir);
    cr_assert_eq(rf_io_atomic_open(a, path, err), RF_ERR_IO);
    cr_assert(strstr(err->file, "out.txt") != NULL);
    /* devices are written in place, never replaced */
    if (access("/dev/full", W_OK) == 0) {
        struct stat sb;
        cr_assert_eq(rf_io_atomic_open(a, "/dev/full", err), RF_OK);
        fputs("x", a->f);
        cr_assert_eq(rf_io_atomic_close(a, 1, err), RF_ERR_IO, "a full disk must be an error");
        cr_assert_eq(stat("/dev/full", &sb), 0);
        cr_assert(S_ISCHR(sb.st_mode), "/dev/full was replaced");
    }
    rf_err_clear(err);
    cleanup();
}

Test(atomic, cli_rejected_runs_keep_the_file)
{
    char path[128], args[4096], net[1024];
    static const char *bad[] = {
        "fiber --format bogus -o '%s' '%s'",
        "export --to bogus -o '%s' '%s'",
        "fiber -o '%s' '%s' --bogus",
    };
    size_t i;
    mkdir_tmp();
    snprintf(path, sizeof path, "%s/keep.txt", dir);
    snprintf(net, sizeof net, "%s/shallow_2_3_1.rfn", getenv("RF_EXAMPLES"));
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        put(path, "precious\n");
        snprintf(args, sizeof args, bad[i], path, net);
        cr_assert_eq(run(args), 2, "%s", args);
        cr_assert(same(path, "precious\n"), "%s emptied or changed the file", args);
        cr_assert_eq(entries(), 1, "%s left a temporary file", args);
    }
    /* a successful run replaces the file whole */
    put(path, "precious\n");
    snprintf(args, sizeof args, "fiber --format json -o '%s' '%s'", path, net);
    cr_assert_eq(run(args), 0, "%s", args);
    cr_assert(!same(path, "precious\n"));
    cr_assert_eq(entries(), 1);
    snprintf(args, sizeof args, "convert '%s' '%s/copy.json'", net, dir);
    cr_assert_eq(run(args), 0, "%s", args);
    cr_assert_eq(entries(), 2);
    snprintf(args, sizeof args, "equiv '%s' '%s' -o '%s'", net, net, path);
    cr_assert_eq(run(args), 0, "%s", args);
    cr_assert_eq(entries(), 2);
    snprintf(args, sizeof args, "fiber -o /dev/null '%s'", net);
    cr_assert_eq(run(args), 0, "%s", args);
    cleanup();
}

/* A replaced file keeps its permission bits; a file with several hard
 * links is written in place (every link sees the new content); a
 * read-only file is refused and left unchanged (not checkable as root,
 * who may write anything). */
Test(atomic, mode_links_and_read_only_files)
{
    char p[128], q[128];
    struct stat sb;
    rf_net_t net;
    rf_err_t err;
    mkdir_tmp();
    rf_net_init(net, 1, (slong[]) {1, 1});
    fmpq_set_si(rf_net_W(net, 0, 0, 0), 3, 7);
    rf_err_init(err);
    snprintf(p, sizeof p, "%s/a.rfn", dir);
    put(p, "old\n");
    cr_assert_eq(chmod(p, 0640), 0);
    cr_assert_eq(rf_io_write_file(p, net, RF_IO_FMT_RFN, err), RF_OK, "%s", err->msg);
    cr_assert_eq(stat(p, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0640, "mode %o", (unsigned) (sb.st_mode & 0777));
    cr_assert(!same(p, "old\n"));
    snprintf(q, sizeof q, "%s/b.rfn", dir);
    cr_assert_eq(link(p, q), 0);
    put(p, "old\n");
    cr_assert_eq(rf_io_write_file(p, net, RF_IO_FMT_RFN, err), RF_OK, "%s", err->msg);
    cr_assert(!same(q, "old\n"), "the hard link lost the new content");
    cr_assert_eq(stat(q, &sb), 0);
    cr_assert_eq(sb.st_nlink, 2);
    cr_assert_eq(entries(), 2, "a temporary file was left");
    if (geteuid() != 0) {
        snprintf(q, sizeof q, "%s/ro.rfn", dir);
        put(q, "keep\n");
        cr_assert_eq(chmod(q, 0444), 0);
        cr_assert_eq(rf_io_write_file(q, net, RF_IO_FMT_RFN, err), RF_ERR_IO);
        cr_assert(same(q, "keep\n"));
    }
    rf_err_clear(err);
    rf_net_clear(net);
    cleanup();
}
