/* Irreducibility of the components of a constraint system, checked by
 * Singular (minAssGTZ) or Macaulay2 (decompose) run as a subprocess: the
 * system is exported to a temporary file (registered with the guard, so a
 * signal or an expired --time-limit removes it and kills the tool), a
 * driver is appended, the tool started directly (no shell) with a time
 * limit, its answer line parsed. See cas_check.h for what is claimed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "relufiber/export.h"
#include "cas_check.h"
#include "smt_run.h"
#include "guard.h"

int rf_cli_cas_tool_from_string(rf_cli_cas_tool_t *tool, const char *s)
{
    if (!strcasecmp(s, "singular"))
        *tool = RF_CAS_TOOL_SINGULAR;
    else if (!strcasecmp(s, "m2") || !strcasecmp(s, "macaulay2"))
        *tool = RF_CAS_TOOL_M2;
    else if (!strcasecmp(s, "auto"))
        *tool = RF_CAS_TOOL_AUTO;
    else
        return 1;
    return 0;
}

static int on_path(const char *exe)
{
    const char *path = getenv("PATH");
    char buf[4096];
    if (path == NULL || *path == '\0')
        return 0;
    while (*path) {
        const char *e = strchr(path, ':');
        size_t n = e ? (size_t) (e - path) : strlen(path);
        if (n > 0 && n + strlen(exe) + 2 < sizeof buf) {
            memcpy(buf, path, n);
            buf[n] = '/';
            strcpy(buf + n + 1, exe);
            if (access(buf, X_OK) == 0)
                return 1;
        }
        path += n;
        if (*path == ':')
            path++;
    }
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static const char *tool_name(rf_cli_cas_tool_t t)
{
    return t == RF_CAS_TOOL_M2 ? "Macaulay2" : "Singular";
}

static const char *tool_algo(rf_cli_cas_tool_t t)
{
    return t == RF_CAS_TOOL_M2 ? "Macaulay2 decompose" : "Singular minAssGTZ";
}

int rf_cli_cas_parse(rf_cli_cas_comp_t *r, const char *out, slong stated, const char *tool)
{
    const char *s = out ? strstr(out, "RFCAS ") : NULL;
    slong k;
    char *end;
    if (s == NULL)
        return 1;
    s += 6;
    if (strncmp(s, "UNIT", 4) == 0) {
        r->verdict = RF_CAS_UNKNOWN;
        r->nprimes = 0;
        snprintf(r->reason, sizeof r->reason,
                 "%s: the saturated ideal is the unit ideal (no complex point)", tool);
        return 0;
    }
    errno = 0;
    k = strtol(s, &end, 10);
    if (end == s || errno || k < 1 || k > 100000)
        return 1;
    r->dims = flint_malloc(k * sizeof(slong));
    for (r->nprimes = 0; r->nprimes < k; r->nprimes++) {
        s = end;
        r->dims[r->nprimes] = strtol(s, &end, 10);
        if (end == s) {
            flint_free(r->dims);
            r->dims = NULL;
            r->nprimes = -1;
            return 1;
        }
    }
    if (k == 1 && (s = strstr(out, "RFABS ")) != NULL) {
        long m = strtol(s + 6, &end, 10);
        if (end != s + 6 && m >= 1)
            r->conjugates = m;
    }
    if (k == 1 && stated >= 0 && r->dims[0] == stated) {
        r->verdict = RF_CAS_YES;
    } else if (k == 1) {
        r->verdict = RF_CAS_UNKNOWN;
        if (stated < 0)
            snprintf(r->reason, sizeof r->reason, "1 minimal prime over Q, of dimension %ld; "
                     "the component's dimension is not claimed, its closure may be smaller",
                     (long) r->dims[0]);
        else
            snprintf(r->reason, sizeof r->reason, "1 minimal prime over Q, of dimension %ld "
                     "!= stated %ld", (long) r->dims[0], (long) stated);
    } else {
        r->verdict = RF_CAS_UNKNOWN;
        snprintf(r->reason, sizeof r->reason, "%s: %ld minimal primes over Q; the closure "
                 "lies in their union, whether it meets several is not decided", tool, (long) k);
    }
    return 0;
}

/* The driver for component k (1-based), appended to the export. */
static void driver(FILE *f, rf_cli_cas_tool_t tool, slong k)
{
    if (tool == RF_CAS_TOOL_SINGULAR) {
        fprintf(f,
                "\n// relufiber --cas-check driver, component %ld\n"
                "LIB \"primdec.lib\"; LIB \"elim.lib\";\n"
                "ideal rfJ = rfIdeals[%ld]; poly rfS = 1; int rfi;\n"
                "for (rfi = 1; rfi <= size(rfIneqs[%ld]); rfi++) {\n"
                "  if (rfIneqs[%ld][rfi][2] != \">=\") { rfS = rfS * rfIneqs[%ld][rfi][1]; }\n"
                "}\n"
                "def rfT = sat(rfJ, rfS);\n"
                "if (typeof(rfT) == \"list\") { rfJ = rfT[1]; } else { rfJ = rfT; }\n"
                "if (size(rfAux) > 0) { rfJ = eliminate(rfJ, rfAuxProd); }\n"
                "if (dim(std(rfJ)) == -1) { print(\"RFCAS UNIT\"); } else {\n"
                "  list rfP = minAssGTZ(rfJ); string rfOut = \"RFCAS \" + string(size(rfP));\n"
                "  for (rfi = 1; rfi <= size(rfP); rfi++) {\n"
                "    rfOut = rfOut + \" \" + string(dim(std(rfP[rfi])) - size(rfAux));\n"
                "  }\n"
                "  print(rfOut);\n"
                "  if (size(rfP) == 1) {\n"
                "    def rfA = absPrimdecGTZ(rfP[1]); setring rfA;\n"
                "    print(\"RFABS \" + string(absolute_primes[1][2]));\n"
                "  }\n"
                "}\n"
                "quit;\n", (long) k, (long) k, (long) k, (long) k, (long) k);
    } else {
        fprintf(f,
                "\n-- relufiber --cas-check driver, component %ld\n"
                "rfC = rfComponents#%ld;\n"
                "rfS = promote(product(select(rfC#\"inequalities\", q -> q#1 != \">=\"), q -> q#0), rfR);\n"
                "rfJ = saturate(rfC#\"ideal\", rfS);\n"
                "if #rfAux > 0 then rfJ = eliminate(rfAux, rfJ);\n"
                "if rfJ == ideal(1_rfR) then print \"RFCAS UNIT\" else (\n"
                "  rfP = decompose rfJ;\n"
                "  print(\"RFCAS \" | toString(#rfP) | concatenate apply(rfP, p -> \" \" | "
                "toString(dim p - #rfAux))));\n"
                "exit 0\n", (long) k, (long) (k - 1));
    }
}

/* Run the tool on component k; fills r. */
static void check_one(rf_cli_cas_comp_t *r, const rf_sys_t sys, rf_cli_cas_tool_t tool,
                      slong k, double limit)
{
    const char *dir = rf_cli_tmp_dir();
    size_t plen = strlen(dir) + 40;
    char *path = malloc(plen), *out;
    char *argv[8];
    int fd, timed_out = 0, n = 0;
    FILE *f = NULL;
    rf_err_t err;
    double t0;
    if (path == NULL) {
        snprintf(r->reason, sizeof r->reason, "out of memory");
        return;
    }
    snprintf(path, plen, "%s/relufiber-cas-XXXXXX", dir);
    fd = rf_cli_guard_mkstemp(path);
    if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
        snprintf(r->reason, sizeof r->reason, "cannot create a temporary file: %s",
                 strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(path);
            rf_cli_guard_tmp_remove(path);
        }
        free(path);
        return;
    }
    rf_err_init(err);
    {
        /* the component alone (same variables): the file stays small even
         * for systems of thousands of components */
        rf_sys_t one;
        slong c, j;
        int bad;
        rf_sys_init(one, sys->nvars, (const char *const *) sys->vars, sys->kinds);
        c = rf_sys_add_component(one, sys->comps[k].name, sys->comps[k].description,
                                 sys->comps[k].dim);
        for (j = 0; j < sys->comps[k].len; j++)
            rf_sys_add_constraint(one, c, &sys->comps[k].cons[j].poly, sys->comps[k].cons[j].rel,
                                  sys->comps[k].cons[j].label);
        bad = rf_export_sys(f, one, tool == RF_CAS_TOOL_M2 ? RF_EXPORT_M2 : RF_EXPORT_SINGULAR, err);
        rf_sys_clear(one);
        if (bad) {
            snprintf(r->reason, sizeof r->reason, "export failed: %.100s", err->msg);
            fclose(f);
            goto done;
        }
    }
    driver(f, tool, 1);
    if (fclose(f) != 0) {
        snprintf(r->reason, sizeof r->reason, "cannot write the temporary file");
        goto done;
    }
    if (tool == RF_CAS_TOOL_SINGULAR) {
        argv[n++] = "Singular";
        argv[n++] = "-q";
        argv[n++] = "-t";
        argv[n++] = "--no-rc";
    } else {
        argv[n++] = "M2";
        argv[n++] = "--script";
    }
    argv[n++] = path;
    argv[n] = NULL;
    t0 = now_s();
    out = rf_cli_run_capture(argv, limit, &timed_out);
    r->seconds = now_s() - t0;
    if (out == NULL)
        snprintf(r->reason, sizeof r->reason, "cannot run %s", tool_name(tool));
    else if (rf_cli_cas_parse(r, out, sys->comps[k].dim, tool_algo(tool)) != 0) {
        if (timed_out)
            snprintf(r->reason, sizeof r->reason, "%s: time limit of %.3g s", tool_name(tool),
                     limit);
        else
            snprintf(r->reason, sizeof r->reason, "%s gave no answer: %.80s", tool_name(tool),
                     out);
        for (char *c = r->reason; *c; c++)
            if (*c == '\n' || *c == '\r')
                *c = ' ';
    }
    free(out);
done:
    rf_err_clear(err);
    unlink(path);
    rf_cli_guard_tmp_remove(path);
    free(path);
}

void rf_cli_cas_check(rf_cli_cas_comp_t *res, const rf_sys_t sys, rf_cli_cas_tool_t tool,
                      double limit_s, const char **used)
{
    slong k;
    for (k = 0; k < sys->ncomp; k++) {
        res[k].verdict = RF_CAS_UNKNOWN;
        res[k].nprimes = -1;
        res[k].dims = NULL;
        res[k].seconds = 0;
        res[k].conjugates = 0;
        res[k].reason[0] = '\0';
    }
    if (tool == RF_CAS_TOOL_AUTO)
        tool = on_path("Singular") ? RF_CAS_TOOL_SINGULAR
               : on_path("M2") ? RF_CAS_TOOL_M2 : RF_CAS_TOOL_AUTO;
    if (tool == RF_CAS_TOOL_AUTO || !on_path(tool == RF_CAS_TOOL_M2 ? "M2" : "Singular")) {
        const char *what = tool == RF_CAS_TOOL_AUTO ? "neither Singular nor Macaulay2 (M2) found"
                           : tool == RF_CAS_TOOL_M2 ? "Macaulay2 (M2) not found"
                                                     : "Singular not found";
        for (k = 0; k < sys->ncomp; k++)
            snprintf(res[k].reason, sizeof res[k].reason, "%s on PATH", what);
        *used = NULL;
        return;
    }
    *used = tool_algo(tool);
    for (k = 0; k < sys->ncomp; k++) {
        double left = rf_cli_guard_time_left(), lim = limit_s;
        if (left >= 0) {                   /* keep >= 2 s for the output and clean-up */
            left = left * 0.9 - 2.0;
            if (left < 0.5) {
                snprintf(res[k].reason, sizeof res[k].reason, "time limit (--time-limit)");
                continue;
            }
            if (lim <= 0 || left < lim)
                lim = left;
        }
        check_one(res + k, sys, tool, k, lim);
    }
}

void rf_cli_cas_clear(rf_cli_cas_comp_t *res, slong n)
{
    slong k;
    for (k = 0; k < n; k++)
        flint_free(res[k].dims);
}

void rf_cli_cas_fprint(FILE *out, const rf_cli_cas_comp_t *res, const rf_sys_t sys,
                       const char *used)
{
    slong k;
    fprintf(out, "irreducibility check (%s): the Zariski closure over Q of each component's\n"
                 "projection lies in the variety of its equations saturated by its strict\n"
                 "inequalities, auxiliaries eliminated; 'yes' = one minimal prime of the stated\n"
                 "dimension\n", used ? used : "no tool");
    for (k = 0; k < sys->ncomp; k++) {
        const rf_cli_cas_comp_t *r = res + k;
        fprintf(out, "component %ld (%s): irreducible: ", (long) (k + 1), sys->comps[k].name);
        if (r->verdict == RF_CAS_YES && r->conjugates == 1)
            fprintf(out, "yes (%s: 1 minimal prime over Q, dimension %ld; absPrimdecGTZ: "
                    "absolutely irreducible, so also over R and C) [%.2f s]\n", used,
                    (long) r->dims[0], r->seconds);
        else if (r->verdict == RF_CAS_YES && r->conjugates > 1)
            fprintf(out, "yes over Q (%s: 1 minimal prime over Q, dimension %ld; absPrimdecGTZ: "
                    "%ld conjugate components over the algebraic closure, over R and C not "
                    "decided) [%.2f s]\n", used, (long) r->dims[0], (long) r->conjugates,
                    r->seconds);
        else if (r->verdict == RF_CAS_YES)
            fprintf(out, "yes over Q (%s: 1 minimal prime over Q, dimension %ld; absolute "
                    "irreducibility not checked) [%.2f s]\n", used, (long) r->dims[0], r->seconds);
        else if (r->seconds > 0)
            fprintf(out, "unknown (%s) [%.2f s]\n", r->reason, r->seconds);
        else
            fprintf(out, "unknown (%s)\n", r->reason);
    }
}
