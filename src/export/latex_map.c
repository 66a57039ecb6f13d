/* --latex-names: a map from variable names or name patterns to custom LaTeX
 * symbols. File format (docs/export.md):
 *
 *   # comment
 *   W1_2_1        \alpha                 exact name
 *   W<l>_<i>_<j>  w^{[<l>]}_{<i>,<j>}    pattern: <x> matches a group of digits
 *
 * One entry per line: the name or pattern, white space, the LaTeX symbol
 * (the rest of the line, trimmed). Exact names win over patterns; patterns
 * are tried in file order. Every problem is an input error naming
 * file:line. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "relufiber/text.h"

#define MAX_LINE 4096
#define MAX_ENTRIES 100000
#define MAX_HOLES 16

typedef struct {
    char *pat, *tex;
    int pattern;    /* has <x> placeholders */
    long line;
} entry_t;

struct rf_export_latex_map_struct {
    entry_t *e;
    slong n, cap;
};

void rf_export_latex_map_free(rf_export_latex_map_t *map)
{
    slong k;
    if (map == NULL)
        return;
    for (k = 0; k < map->n; k++) {
        flint_free(map->e[k].pat);
        flint_free(map->e[k].tex);
    }
    flint_free(map->e);
    flint_free(map);
}

/* Check a name or pattern: a letter first, then letters, digits, '_' and
 * <name> placeholders (name: letters; each at most once; never two in a
 * row). Returns NULL or the problem; *is_pat = 1 if there is a placeholder. */
static const char *check_pattern(const char *p, int *is_pat)
{
    char names[MAX_HOLES][32];
    int nh = 0, prev_hole = 0, k;
    const char *s = p;
    *is_pat = 0;
    if (!isalpha((unsigned char) *p))
        return "a name or pattern starts with a letter";
    while (*s) {
        if (*s == '<') {
            const char *e = strchr(s, '>');
            size_t len;
            if (e == NULL)
                return "'<' without '>' in the pattern";
            len = (size_t) (e - s - 1);
            if (len == 0 || len >= 32)
                return "a placeholder <x> needs a name of 1 to 31 letters";
            for (k = 1; k <= (int) len; k++)
                if (!isalpha((unsigned char) s[k]))
                    return "a placeholder name has letters only";
            if (prev_hole)
                return "two placeholders in a row (<i><j>) are ambiguous: separate them, e.g. <i>_<j>";
            if (nh == MAX_HOLES)
                return "more than 16 placeholders";
            memcpy(names[nh], s + 1, len);
            names[nh][len] = '\0';
            for (k = 0; k < nh; k++)
                if (!strcmp(names[k], names[nh]))
                    return "a placeholder is used twice in the pattern";
            nh++;
            prev_hole = 1;
            *is_pat = 1;
            s = e + 1;
        } else if (isalnum((unsigned char) *s) || *s == '_') {
            prev_hole = 0;
            s++;
        } else if (*s == '>') {
            return "'>' without '<' in the pattern";
        } else {
            return "a name or pattern has letters, digits, '_' and <x> placeholders only";
        }
    }
    return NULL;
}

/* Does the placeholder <name> (len bytes) occur in pattern p? */
static int pattern_has(const char *p, const char *name, size_t len)
{
    const char *s = p;
    while ((s = strchr(s, '<')) != NULL) {
        const char *e = strchr(s, '>');
        if (e == NULL)
            return 0;
        if ((size_t) (e - s - 1) == len && !strncmp(s + 1, name, len))
            return 1;
        s = e + 1;
    }
    return 0;
}

static const char *check_tex(const char *t, const char *pat)
{
    long depth = 0;
    const char *s;
    for (s = t; *s; s++) {
        if (*s == '\\' && s[1] != '\0') {
            s++;
            continue;
        }
        if (*s == '{')
            depth++;
        else if (*s == '}' && --depth < 0)
            return "unbalanced braces in the LaTeX symbol ('}' without '{')";
        else if (*s == '$')
            return "the LaTeX symbol is set in math mode: no '$'";
        else if (*s == '%')
            return "'%' would comment out the rest of the formula";
        else if (*s == '#' || *s == '&')
            return "'#' and '&' are not allowed in the LaTeX symbol";
        else if (*s == '<') {
            const char *e = strchr(s, '>');
            if (e == NULL)
                return "'<' without '>' in the LaTeX symbol (write \\langle or \\lt)";
            if (!pattern_has(pat, s + 1, (size_t) (e - s - 1)))
                return "the LaTeX symbol uses a placeholder that the pattern does not define";
            s = e;
        } else if (*s == '>')
            return "'>' without '<' in the LaTeX symbol (write \\rangle or \\gt)";
    }
    if (depth != 0)
        return "unbalanced braces in the LaTeX symbol ('{' without '}')";
    return NULL;
}

int rf_export_latex_map_read_buf(rf_export_latex_map_t **mapp, const char *buf, size_t len,
                                 const char *name, rf_err_t err)
{
    rf_export_latex_map_t *map = flint_calloc(1, sizeof(*map));
    size_t pos = 0;
    long line = 0;
    char *l = flint_malloc(MAX_LINE + 2);
    *mapp = NULL;
    while (pos < len) {
        size_t e = pos, n;
        char *p, *q, *end;
        const char *why;
        int is_pat;
        slong k;
        line++;
        while (e < len && buf[e] != '\n')
            e++;
        n = e - pos;
        if (n > MAX_LINE) {
            rf_err_set(err, RF_ERR_INPUT, name, line, "line longer than %d bytes", MAX_LINE);
            goto fail;
        }
        memcpy(l, buf + pos, n);
        l[n] = '\0';
        pos = e + 1;
        if (n > 0 && l[n - 1] == '\r')
            l[--n] = '\0';
        for (k = 0; k < (slong) n; k++)
            if ((unsigned char) l[k] < 0x20 && l[k] != '\t') {
                rf_err_set(err, RF_ERR_INPUT, name, line,
                           "control character (byte %d) in the line: not a text file?",
                           (int) (unsigned char) l[k]);
                goto fail;
            }
        p = l;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        q = p;
        while (*q && *q != ' ' && *q != '\t')
            q++;
        if (*q == '\0') {
            rf_err_set(err, RF_ERR_INPUT, name, line,
                       "'%.60s' has no LaTeX symbol (expected: NAME-or-PATTERN SYMBOL)", p);
            goto fail;
        }
        *q++ = '\0';
        while (*q == ' ' || *q == '\t')
            q++;
        end = q + strlen(q);
        while (end > q && (end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        if (*q == '\0') {
            rf_err_set(err, RF_ERR_INPUT, name, line,
                       "'%.60s' has no LaTeX symbol (expected: NAME-or-PATTERN SYMBOL)", p);
            goto fail;
        }
        if ((why = check_pattern(p, &is_pat)) != NULL) {
            rf_err_set(err, RF_ERR_INPUT, name, line, "bad name or pattern '%.60s': %s", p, why);
            goto fail;
        }
        if ((why = check_tex(q, p)) != NULL) {
            rf_err_set(err, RF_ERR_INPUT, name, line, "bad LaTeX symbol '%.60s': %s", q, why);
            goto fail;
        }
        for (k = 0; k < map->n; k++)
            if (!strcmp(map->e[k].pat, p)) {
                rf_err_set(err, RF_ERR_INPUT, name, line, "'%.60s' is mapped twice (first at line %ld)",
                           p, map->e[k].line);
                goto fail;
            }
        if (map->n == MAX_ENTRIES) {
            rf_err_set(err, RF_ERR_INPUT, name, line, "more than %d entries", MAX_ENTRIES);
            goto fail;
        }
        if (map->n == map->cap) {
            map->cap = map->cap ? 2 * map->cap : 16;
            map->e = flint_realloc(map->e, map->cap * sizeof(entry_t));
        }
        map->e[map->n].pat = rf_text_dup(p);
        map->e[map->n].tex = rf_text_dup(q);
        map->e[map->n].pattern = is_pat;
        map->e[map->n].line = line;
        map->n++;
    }
    flint_free(l);
    *mapp = map;
    return RF_OK;
fail:
    flint_free(l);
    rf_export_latex_map_free(map);
    return RF_ERR_INPUT;
}

int rf_export_latex_map_read(rf_export_latex_map_t **map, const char *path, rf_err_t err)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t len = 0, cap = 4096;
    int r;
    *map = NULL;
    if (f == NULL)
        return rf_err_set(err, RF_ERR_IO, path, 0, "cannot open the LaTeX names file: %s",
                          strerror(errno));
    buf = flint_malloc(cap);
    while (1) {
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (len < cap)
            break;
        if (cap >= ((size_t) 1 << 26)) {
            fclose(f);
            flint_free(buf);
            return rf_err_set(err, RF_ERR_INPUT, path, 0, "the LaTeX names file is larger than 64 MB");
        }
        cap *= 2;
        buf = flint_realloc(buf, cap);
    }
    if (ferror(f)) {
        fclose(f);
        flint_free(buf);
        return rf_err_set(err, RF_ERR_IO, path, 0, "cannot read the LaTeX names file");
    }
    fclose(f);
    r = rf_export_latex_map_read_buf(map, buf, len, path, err);
    flint_free(buf);
    return r;
}

/* Match name against pattern p; captured digit groups into cap/caplen. */
static int match(const char *p, const char *s, const char **hn, size_t *hl,
                 const char **cap, size_t *caplen, int nh)
{
    if (*p == '\0')
        return *s == '\0';
    if (*p == '<') {
        const char *e = strchr(p, '>');
        size_t k = 0;
        while (isdigit((unsigned char) s[k]))
            k++;
        for (; k >= 1; k--) {           /* longest first, backtrack */
            hn[nh] = p + 1;
            hl[nh] = (size_t) (e - p - 1);
            cap[nh] = s;
            caplen[nh] = k;
            if (match(e + 1, s + k, hn, hl, cap, caplen, nh + 1))
                return 1;
        }
        return 0;
    }
    return *p == *s && match(p + 1, s + 1, hn, hl, cap, caplen, nh);
}

static int count_holes(const char *p)
{
    int n = 0;
    for (; *p; p++)
        n += *p == '<';
    return n;
}

int rf_export_latex_map_name(char *buf, size_t n, const rf_export_latex_map_t *map,
                             const char *name)
{
    slong k;
    if (n == 0)
        return 0;
    for (k = 0; map != NULL && k < map->n; k++)
        if (!map->e[k].pattern && !strcmp(map->e[k].pat, name)) {
            snprintf(buf, n, "%s", map->e[k].tex);
            return 1;
        }
    for (k = 0; map != NULL && k < map->n; k++) {
        const char *hn[MAX_HOLES], *cap[MAX_HOLES];
        size_t hl[MAX_HOLES], caplen[MAX_HOLES], pos = 0;
        const char *t;
        int nh;
        if (!map->e[k].pattern || !match(map->e[k].pat, name, hn, hl, cap, caplen, 0))
            continue;
        nh = count_holes(map->e[k].pat);
        for (t = map->e[k].tex; *t && pos + 1 < n; t++) {
            if (*t == '\\' && t[1] != '\0') {
                buf[pos++] = *t++;
                if (pos + 1 < n)
                    buf[pos++] = *t;
                continue;
            }
            if (*t == '<') {
                const char *e = strchr(t, '>');
                int h;
                for (h = 0; h < nh; h++)
                    if (hl[h] == (size_t) (e - t - 1) && !strncmp(hn[h], t + 1, hl[h]))
                        break;
                if (h < nh)
                    for (size_t c = 0; c < caplen[h] && pos + 1 < n; c++)
                        buf[pos++] = cap[h][c];
                t = e;
                continue;
            }
            buf[pos++] = *t;
        }
        buf[pos] = '\0';
        return 1;
    }
    rf_export_latex_name(buf, n, name);
    return 0;
}
