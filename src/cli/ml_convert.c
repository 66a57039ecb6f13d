/* relufiber CLI: reading ML model files (.onnx, .pt, .pth) through the
 * Python package's converter, run as a subprocess (relufiber-convert, or the
 * command in $RELUFIBER_CONVERT), which prints the network as exact JSON.
 * ONNX is protobuf and a .pt file a pickle: the C library parses neither;
 * one converter (python/relufiber) serves the package and the CLI, so both
 * read the same exact numbers. The library itself never spawns processes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <flint/flint.h>
#include "cli.h"
#include "guard.h"

int rf_cli_is_ml_file(const char *path)
{
    size_t n = strlen(path);
    static const char *ext[] = {".onnx", ".pt", ".pth"};
    size_t k;
    for (k = 0; k < sizeof(ext) / sizeof(ext[0]); k++) {
        size_t m = strlen(ext[k]);
        if (n > m && strcasecmp(path + n - m, ext[k]) == 0)
            return 1;
    }
    return 0;
}

#define RF_CLI_CONVERT_MAXARGS 16

int rf_cli_load_ml(rf_net_t net, const char *path, rf_err_t err)
{
    const char *env = getenv("RELUFIBER_CONVERT");
    char *cmd = flint_malloc(strlen(env && *env ? env : "relufiber-convert") + 1);
    char *argv[RF_CLI_CONVERT_MAXARGS + 5], *tok, *save = NULL, *buf = NULL;
    size_t len = 0, cap = 0;
    int argc = 0, fds[2], st, r;
    pid_t pid;
    sigset_t mask;
    strcpy(cmd, env && *env ? env : "relufiber-convert");
    for (tok = strtok_r(cmd, " \t", &save); tok && argc < RF_CLI_CONVERT_MAXARGS;
         tok = strtok_r(NULL, " \t", &save))
        argv[argc++] = tok;
    if (argc == 0) {
        flint_free(cmd);
        return rf_err_set(err, RF_ERR_INPUT, path, 0, "RELUFIBER_CONVERT is empty");
    }
    argv[argc++] = (char *) path;
    argv[argc++] = "--output-format";
    argv[argc++] = "json";
    argv[argc] = NULL;
    if (pipe(fds)) {
        flint_free(cmd);
        return rf_err_set(err, RF_ERR_IO, path, 0, "pipe: %s", strerror(errno));
    }
    fflush(stdout);
    fflush(stderr);
    rf_cli_guard_block(&mask);
    pid = fork();
    if (pid < 0) {
        rf_cli_guard_unblock(&mask);
        close(fds[0]);
        close(fds[1]);
        flint_free(cmd);
        return rf_err_set(err, RF_ERR_IO, path, 0, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        rf_cli_guard_unblock(&mask);
        close(fds[0]);
        dup2(fds[1], 1);
        close(fds[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "relufiber: cannot run the model converter '%s': %s\n", argv[0],
                strerror(errno));
        _exit(127);
    }
    rf_cli_guard_child_add(pid);
    rf_cli_guard_unblock(&mask);
    close(fds[1]);
    for (;;) {
        ssize_t n;
        if (cap - len < 4096) {
            cap = cap ? 2 * cap : 65536;
            buf = flint_realloc(buf, cap);
        }
        n = read(fds[0], buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t) n;
    }
    close(fds[0]);
    buf[len] = '\0';
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    rf_cli_guard_child_remove(pid);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        r = rf_err_set(err, RF_ERR_INPUT, path, 0, code == 127
                       ? "reading .onnx/.pt files needs the Python package's converter "
                         "'%s' (installed by meson install with the package; or set "
                         "RELUFIBER_CONVERT, e.g. to 'python3 -m relufiber.convert')"
                       : "the model converter '%s' failed (exit status %d; its message is above)",
                       argv[0], code);
    } else {
        r = rf_io_read_json_buf(net, buf, len, path, RF_IO_JSON_BINARY, err);
    }
    flint_free(buf);
    flint_free(cmd);
    return r;
}
