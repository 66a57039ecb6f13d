/* Machine-checked proof obligations of proofs/ (proofs/README.md).
 * Every directory proofs/<d> (three_layer, shallow, fdim, conserve) has an
 * EXPECTED file: one line "FILE ANSWER", where ANSWER is the whole output of
 * the obligation, its lines joined by " | ". The tool is chosen by the
 * extension: .smt2 -> z3 (QF_NRA, negated lemma, unsat expected), .sing ->
 * Singular, .m2 -> Macaulay2, .py -> /usr/bin/python3. Each tool is its own
 * test and is skipped visibly when the tool is missing.
 * proofs/MUTATIONS lists, per obligation, a one-string mutation that makes
 * the stated lemma false; the mutated obligation must give another answer
 * (for SMT-LIB: sat), which shows that the obligation is not vacuous. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "../rftest.h"

static const char *const DIRS[] = {"three_layer", "shallow", "fdim", "conserve"};
#define NDIRS (sizeof(DIRS) / sizeof(DIRS[0]))

static void proofs_root(char *buf, size_t n)
{
    const char *ex = getenv("RF_EXAMPLES");
    snprintf(buf, n, "%s/../proofs", ex ? ex : "examples");
}

/* Run cmd, join the non-empty output lines with " | ". */
static int run(char *out, size_t n, const char *cmd)
{
    FILE *p = popen(cmd, "r");
    char line[4096];
    size_t len = 0;
    if (p == NULL)
        return -1;
    out[0] = '\0';
    while (fgets(line, sizeof(line), p)) {
        size_t l = strlen(line);
        while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r' || line[l - 1] == ' '))
            line[--l] = '\0';
        if (l == 0)
            continue;
        if (len > 0 && len + 3 < n) {
            memcpy(out + len, " | ", 3);
            len += 3;
        }
        if (len + l >= n)
            l = n - 1 - len;
        memcpy(out + len, line, l);
        len += l;
        out[len] = '\0';
    }
    return pclose(p);
}

static const char *ext_of(const char *file)
{
    const char *d = strrchr(file, '.');
    return d ? d + 1 : "";
}

static void command_for(char *cmd, size_t n, const char *path)
{
    const char *e = ext_of(path);
    if (strcmp(e, "smt2") == 0)
        snprintf(cmd, n, "z3 -T:120 '%s' 2>&1", path);
    else if (strcmp(e, "sing") == 0)
        snprintf(cmd, n, "Singular -q --no-rc '%s' 2>&1", path);
    else if (strcmp(e, "m2") == 0)
        snprintf(cmd, n, "M2 --script '%s' 2>&1", path);
    else
        snprintf(cmd, n, "/usr/bin/python3 '%s' 2>&1", path);
}

/* Check every obligation with extension ext; returns how many. */
static int check_ext(const char *ext)
{
    char root[1024], path[2048], line[1024], cmd[4096], out[4096];
    int n = 0;
    proofs_root(root, sizeof(root));
    for (size_t d = 0; d < NDIRS; d++) {
        FILE *f;
        snprintf(path, sizeof(path), "%s/%s/EXPECTED", root, DIRS[d]);
        f = fopen(path, "r");
        cr_assert(f != NULL, "cannot open %s", path);
        while (fgets(line, sizeof(line), f)) {
            char file[256];
            int off = 0;
            const char *want;
            size_t l = strlen(line);
            while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r'))
                line[--l] = '\0';
            if (line[0] == '#' || sscanf(line, "%255s %n", file, &off) != 1 || off == 0)
                continue;
            if (strcmp(ext_of(file), ext) != 0)
                continue;
            want = line + off;
            snprintf(path, sizeof(path), "%s/%s/%s", root, DIRS[d], file);
            command_for(cmd, sizeof(cmd), path);
            run(out, sizeof(out), cmd);
            cr_assert_str_eq(out, want, "%s/%s: got '%s', expected '%s'", DIRS[d], file, out,
                             want);
            n++;
        }
        fclose(f);
    }
    return n;
}

static int have(const char *tool)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "command -v %s > /dev/null 2>&1", tool);
    return system(cmd) == 0;
}

Test(proofs, smt_obligations_z3)
{
    if (!have("z3"))
        cr_skip_test("z3 not found on PATH: SMT-LIB proof obligations not checked");
    cr_assert_geq(check_ext("smt2"), 31);
}

Test(proofs, singular_obligations)
{
    if (!have("Singular"))
        cr_skip_test("Singular not found on PATH: ideal-membership obligations not checked");
    cr_assert_geq(check_ext("sing"), 4);
}

Test(proofs, macaulay2_obligations)
{
    if (!have("M2"))
        cr_skip_test("M2 not found on PATH: Macaulay2 obligations not checked");
    cr_assert_geq(check_ext("m2"), 1);
}

Test(proofs, python_scripts)
{
    if (access("/usr/bin/python3", X_OK) != 0)
        cr_skip_test("/usr/bin/python3 not found: scripts not checked");
    cr_assert_geq(check_ext("py"), 1);
}

/* Replace the first occurrence of from by to; 0 if from is absent. */
static int replace_first(char *dst, size_t n, const char *src, const char *from, const char *to)
{
    const char *p = strstr(src, from);
    size_t a, b, c;
    if (p == NULL)
        return 0;
    a = (size_t)(p - src);
    b = strlen(to);
    c = strlen(p + strlen(from));
    if (a + b + c + 1 > n)
        return 0;
    memcpy(dst, src, a);
    memcpy(dst + a, to, b);
    memcpy(dst + a + b, p + strlen(from), c + 1);
    return 1;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    long sz;
    char *buf;
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)sz + 1);
    if (buf == NULL || fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
        free(buf);
        fclose(f);
        return NULL;
    }
    buf[sz] = '\0';
    fclose(f);
    return buf;
}

Test(proofs, mutated_obligations_fail)
{
    char root[1024], path[2048], line[4096], cmd[4096], out[4096], want[1024];
    FILE *f;
    int n = 0, skipped = 0;
    proofs_root(root, sizeof(root));
    snprintf(path, sizeof(path), "%s/MUTATIONS", root);
    f = fopen(path, "r");
    cr_assert(f != NULL, "cannot open %s", path);
    while (fgets(line, sizeof(line), f)) {
        char *file, *from, *to, *src, *mut, *slash, tmp[64];
        const char *e, *tool;
        size_t l = strlen(line), cap;
        FILE *ef, *tf;
        int found = 0;
        while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r'))
            line[--l] = '\0';
        if (line[0] == '#' || l == 0)
            continue;
        file = line;
        from = strchr(file, '\t');
        cr_assert(from != NULL, "bad MUTATIONS line: %s", line);
        *from++ = '\0';
        to = strchr(from, '\t');
        cr_assert(to != NULL, "bad MUTATIONS line: %s", file);
        *to++ = '\0';
        e = ext_of(file);
        tool = strcmp(e, "smt2") == 0 ? "z3"
               : strcmp(e, "sing") == 0 ? "Singular"
               : strcmp(e, "m2") == 0 ? "M2" : "python3";
        if (!have(tool)) {
            skipped++;
            continue;
        }
        /* expected answer of the unmutated obligation */
        slash = strchr(file, '/');
        cr_assert(slash != NULL, "MUTATIONS entry without directory: %s", file);
        *slash = '\0';
        snprintf(path, sizeof(path), "%s/%s/EXPECTED", root, file);
        ef = fopen(path, "r");
        cr_assert(ef != NULL, "cannot open %s", path);
        want[0] = '\0';
        while (fgets(cmd, sizeof(cmd), ef)) {
            char name[256];
            int off = 0;
            size_t k = strlen(cmd);
            while (k > 0 && (cmd[k - 1] == '\n' || cmd[k - 1] == '\r'))
                cmd[--k] = '\0';
            if (sscanf(cmd, "%255s %n", name, &off) == 1 && off > 0 &&
                strcmp(name, slash + 1) == 0) {
                snprintf(want, sizeof(want), "%s", cmd + off);
                found = 1;
            }
        }
        fclose(ef);
        cr_assert(found, "%s/%s has no EXPECTED line", file, slash + 1);
        snprintf(path, sizeof(path), "%s/%s/%s", root, file, slash + 1);
        src = slurp(path);
        cr_assert(src != NULL, "cannot read %s", path);
        cap = strlen(src) + strlen(to) + 1;
        mut = malloc(cap);
        cr_assert(mut != NULL);
        cr_assert(replace_first(mut, cap, src, from, to), "%s: mutation text '%s' not found",
                  path, from);
        snprintf(tmp, sizeof(tmp), "/tmp/rf_mut_%ld.%s", (long)getpid(), e);
        tf = fopen(tmp, "w");
        cr_assert(tf != NULL);
        fputs(mut, tf);
        fclose(tf);
        command_for(cmd, sizeof(cmd), tmp);
        run(out, sizeof(out), cmd);
        unlink(tmp);
        cr_assert_str_neq(out, want, "%s: the mutation '%s' -> '%s' does not change the answer",
                          path, from, to);
        if (strcmp(e, "smt2") == 0)
            cr_assert_str_eq(out, "sat", "%s: mutated obligation gives '%s', expected sat", path,
                             out);
        free(src);
        free(mut);
        n++;
    }
    fclose(f);
    if (skipped > 0)
        cr_log_warn("%d mutations skipped: tool missing", skipped);
    cr_assert_geq(n + skipped, 22);
}
