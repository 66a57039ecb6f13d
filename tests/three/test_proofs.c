/* Machine-checked proof obligations of proofs/three_layer: every SMT-LIB
 * file is run through z3 and must give the answer listed in EXPECTED
 * (unsat = the negated lemma has no model); check_dimension.py must print
 * OK. Skipped visibly when z3 or /usr/bin/python3 is missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "../rftest.h"

static void proofs_dir(char *buf, size_t n)
{
    const char *ex = getenv("RF_EXAMPLES");
    snprintf(buf, n, "%s/../proofs/three_layer", ex ? ex : "examples");
}

static int run(char *out, size_t n, const char *cmd)
{
    FILE *p = popen(cmd, "r");
    size_t len;
    if (p == NULL)
        return -1;
    len = fread(out, 1, n - 1, p);
    out[len] = '\0';
    while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
        out[--len] = '\0';
    return pclose(p);
}

Test(proofs, smt_obligations_hold, .timeout = 300)
{
    char dir[1024], line[512], cmd[2048], out[256];
    FILE *f;
    int n = 0;
    if (system("command -v z3 > /dev/null 2>&1") != 0)
        cr_skip_test("z3 not found on PATH: proof obligations not checked");
    proofs_dir(dir, sizeof(dir));
    snprintf(cmd, sizeof(cmd), "%s/EXPECTED", dir);
    f = fopen(cmd, "r");
    cr_assert(f != NULL, "cannot open %s", cmd);
    while (fgets(line, sizeof(line), f)) {
        char file[256], want[32];
        if (sscanf(line, "%255s %31s", file, want) != 2)
            continue;
        snprintf(cmd, sizeof(cmd), "z3 -T:120 '%s/%s' 2>&1", dir, file);
        run(out, sizeof(out), cmd);
        cr_assert_str_eq(out, want, "%s: z3 says %s, expected %s", file, out, want);
        n++;
    }
    fclose(f);
    cr_assert_geq(n, 10);
}

Test(proofs, dimension_identities_script)
{
    char dir[1024], cmd[2048], out[256];
    if (access("/usr/bin/python3", X_OK) != 0)
        cr_skip_test("/usr/bin/python3 not found: script not checked");
    proofs_dir(dir, sizeof(dir));
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s/check_dimension.py' 2>&1", dir);
    cr_assert_eq(run(out, sizeof(out), cmd), 0, "%s", out);
    cr_assert_str_eq(out, "OK");
}
