/* File access and format dispatch for network readers and writers. */
#include <string.h>
#include <errno.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include <stdlib.h>
#include "relufiber/io.h"

int rf_io_slurp(char **buf, size_t *len, const char *path, rf_err_t err)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0, cap = 1 << 16, got;
    char *b;
    *buf = NULL;
    *len = 0;
    if (f == NULL)
        return rf_err_set(err, RF_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    b = flint_malloc(cap + 1);
    while ((got = fread(b + n, 1, cap - n, f)) > 0) {
        const char *nul = memchr(b + n, '\0', got);
        if (nul != NULL) {
            /* no reader takes binary data: stop at once (/dev/zero, a
               compressed or binary file) instead of buffering it */
            long line = 1;
            const char *p;
            for (p = b; p < nul; p++)
                line += *p == '\n';
            flint_free(b);
            fclose(f);
            return rf_err_set(err, RF_ERR_INPUT, path, line,
                              "NUL byte in text file (byte %zu): not a text file",
                              (size_t) (nul - b) + 1);
        }
        n += got;
        if (n == cap) {
            if (cap >= RF_IO_MAX_FILE) {
                flint_free(b);
                fclose(f);
                return rf_err_set(err, RF_ERR_INPUT, path, 0, "file too large");
            }
            cap *= 2;
            b = flint_realloc(b, cap + 1);
        }
    }
    if (ferror(f)) {
        int e = errno;   /* e.g. EISDIR for a directory given as a file */
        flint_free(b);
        fclose(f);
        return rf_err_set(err, RF_ERR_IO, path, 0, "read error: %s", strerror(e));
    }
    fclose(f);
    b[n] = '\0';
    *buf = b;
    *len = n;
    return RF_OK;
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

rf_io_fmt_t rf_io_format_from_name(const char *path)
{
    if (ends_with(path, ".rfn"))
        return RF_IO_FMT_RFN;
    if (ends_with(path, ".json"))
        return RF_IO_FMT_JSON;
    if (ends_with(path, ".nnet"))
        return RF_IO_FMT_NNET;
    return RF_IO_FMT_AUTO;
}

rf_io_fmt_t rf_io_format_from_string(const char *s)
{
    if (strcmp(s, "rfn") == 0)
        return RF_IO_FMT_RFN;
    if (strcmp(s, "json") == 0)
        return RF_IO_FMT_JSON;
    if (strcmp(s, "nnet") == 0)
        return RF_IO_FMT_NNET;
    return RF_IO_FMT_AUTO;
}

/* Guess from the first non-blank character: '{' JSON, "arch" rfn, else NNet. */
static rf_io_fmt_t sniff(const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        i++;
    if (i < len && buf[i] == '{')
        return RF_IO_FMT_JSON;
    if (len - i >= 4 && memcmp(buf + i, "arch", 4) == 0)
        return RF_IO_FMT_RFN;
    if (i < len && buf[i] == '#')
        return RF_IO_FMT_RFN;
    return RF_IO_FMT_NNET;
}

int rf_io_read_file(rf_net_t net, const char *path, rf_io_fmt_t fmt,
                     rf_io_json_mode_t mode, rf_err_t err)
{
    char *buf;
    size_t len;
    int r = rf_io_slurp(&buf, &len, path, err);
    if (r)
        return r;
    if (fmt == RF_IO_FMT_AUTO)
        fmt = rf_io_format_from_name(path);
    if (fmt == RF_IO_FMT_AUTO)
        fmt = sniff(buf, len);
    if (fmt == RF_IO_FMT_JSON)
        r = rf_io_read_json_buf(net, buf, len, path, mode, err);
    else if (fmt == RF_IO_FMT_NNET)
        r = rf_io_read_nnet_buf(net, buf, len, path, err);
    else
        r = rf_io_read_rfn_buf(net, buf, len, path, err);
    flint_free(buf);
    return r;
}

int rf_io_read_nnet_info_file(rf_net_t net, rf_io_nnet_info_t info, const char *path,
                              rf_err_t err)
{
    char *buf;
    size_t len;
    int r = rf_io_slurp(&buf, &len, path, err);
    if (r)
        return r;
    r = rf_io_read_nnet_info_buf(net, info, buf, len, path, err);
    flint_free(buf);
    return r;
}

int rf_io_atomic_open(rf_io_atomic_t a, const char *path, rf_err_t err)
{
    size_t n = strlen(path);
    struct stat sb;
    int fd;
    a->f = NULL;
    a->path = flint_malloc(n + 1);
    memcpy(a->path, path, n + 1);
    a->tmp = NULL;
    int have = lstat(path, &sb) == 0;
    if (have && S_ISREG(sb.st_mode) && access(path, W_OK) != 0) {
        /* a read-only file stays read-only: renaming over it would replace
           it although it cannot be written */
        int e = errno;
        flint_free(a->path);
        a->path = NULL;
        return rf_err_set(err, RF_ERR_IO, path, 0, "cannot write: %s", strerror(e));
    }
    if (have && (!S_ISREG(sb.st_mode) || sb.st_nlink > 1)) {
        /* a device, FIFO, symbolic link...: never replace it by a regular
         * file; a file with several hard links: replacing it would cut the
         * links. Write to it directly */
        a->f = fopen(path, "w");
    } else {
        a->tmp = flint_malloc(n + 16);
        snprintf(a->tmp, n + 16, "%s.tmp-XXXXXX", path);
        fd = mkstemp(a->tmp);
        if (fd >= 0) {
            mode_t um = umask(0), mode;
            umask(um);
            /* a replaced file keeps its permissions (and, where allowed,
               its owner); a new one gets 0666 minus the umask */
            mode = have ? (sb.st_mode & 07777) : (0666 & ~um);
            if (have && fchown(fd, sb.st_uid, sb.st_gid) != 0)
                mode &= ~(mode_t) 06000;   /* never keep set-id bits on a new owner */
            if (fchmod(fd, mode) != 0 || (a->f = fdopen(fd, "w")) == NULL) {
                close(fd);
                remove(a->tmp);
            }
        }
    }
    if (a->f == NULL) {
        int e = errno;
        flint_free(a->path);
        flint_free(a->tmp);
        a->path = a->tmp = NULL;
        return rf_err_set(err, RF_ERR_IO, path, 0, "cannot write: %s", strerror(e));
    }
    return RF_OK;
}

int rf_io_atomic_close(rf_io_atomic_t a, int commit, rf_err_t err)
{
    int bad = ferror(a->f) != 0, ret = RF_OK, e;
    bad |= fclose(a->f) != 0;
    e = errno;
    if (a->tmp == NULL) {               /* written in place */
        if (bad) {
            ret = RF_ERR_IO;
            if (commit)
                rf_err_set(err, RF_ERR_IO, a->path, 0, "write failed: %s", strerror(e));
        } else if (!commit) {
            ret = RF_ERR_IO;
        }
    } else if (commit && !bad && rename(a->tmp, a->path) == 0) {
        ret = RF_OK;
    } else {
        e = bad ? e : errno;
        remove(a->tmp);
        ret = RF_ERR_IO;
        if (commit)
            rf_err_set(err, RF_ERR_IO, a->path, 0, "write failed: %s (the file is unchanged)",
                       strerror(e));
    }
    flint_free(a->path);
    flint_free(a->tmp);
    a->f = NULL;
    a->path = a->tmp = NULL;
    return ret;
}

int rf_io_write_file(const char *path, const rf_net_t net, rf_io_fmt_t fmt,
                      rf_err_t err)
{
    rf_io_atomic_t a;
    if (fmt == RF_IO_FMT_AUTO)
        fmt = rf_io_format_from_name(path);
    if (fmt == RF_IO_FMT_NNET)
        return rf_err_set(err, RF_ERR_UNSUPPORTED, path, 0, "NNet output is not supported");
    if (strcmp(path, "-") == 0) {
        if (fmt == RF_IO_FMT_JSON)
            rf_io_write_json(stdout, net, 0);
        else
            rf_io_write_rfn(stdout, net);
        return RF_OK;
    }
    if (rf_io_atomic_open(a, path, err) != RF_OK)
        return RF_ERR_IO;
    if (fmt == RF_IO_FMT_JSON)
        rf_io_write_json(a->f, net, 0);
    else
        rf_io_write_rfn(a->f, net);
    return rf_io_atomic_close(a, 1, err);
}
