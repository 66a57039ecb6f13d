/* Reading back a constraint system from relufiber's JSON export format,
 * and structural equality of systems (to check the round trip).
 *
 * Polynomials are parsed by a small recursive-descent parser (+ - * / ^
 * and parentheses over exact rationals and the declared variable names)
 * rather than fmpq_mpoly_set_str_pretty, so that malformed input (division
 * by zero, unknown names, huge exponents) is reported, never aborts. */
#include <string.h>
#include <ctype.h>
#include <math.h>
#include <jansson.h>
#include "internal.h"
#include "relufiber/io.h"
#include "relufiber/rational.h"

#define MAX_EXP 100000
#define MAX_DEPTH 200
#define MAX_POW_TERMS 100000
#define MAX_POW_BITS 268435456.0   /* 2^28 bits: 32 MB of coefficients */

typedef struct {
    const char *s;
    size_t pos;
    const rf_sys_struct *sys;
    const slong *order;      /* variable indices sorted by name */
    const char *why;
    int depth;
} pp_t;

/* The variables sorted by name (indices into sys->vars): lookups and the
 * duplicate check in O(log n) each, O(n log n) for n names. qsort_r gives
 * the comparison the name table. */
static int cmp_names(const void *a, const void *b, void *names)
{
    char *const *v = names;
    return strcmp(v[*(const slong *) a], v[*(const slong *) b]);
}

static slong *sorted_names(char *const *names, slong n)
{
    slong *o = flint_malloc((n > 0 ? n : 1) * sizeof(slong)), i;
    for (i = 0; i < n; i++)
        o[i] = i;
    if (n > 1)
        qsort_r(o, (size_t) n, sizeof(slong), cmp_names, (void *) names);
    return o;
}

static slong find_name(const rf_sys_struct *sys, const slong *order, const char *name)
{
    slong lo = 0, hi = sys->nvars;
    while (lo < hi) {
        slong mid = lo + (hi - lo) / 2;
        int c = strcmp(sys->vars[order[mid]], name);
        if (c == 0)
            return order[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static void skip_ws(pp_t *p)
{
    while (isspace((unsigned char) p->s[p->pos]))
        p->pos++;
}

static int p_expr(fmpq_mpoly_t r, pp_t *p);

static int p_primary(fmpq_mpoly_t r, pp_t *p)
{
    const fmpq_mpoly_ctx_struct *ctx = p->sys->ctx;
    size_t b;
    skip_ws(p);
    b = p->pos;
    if (p->s[b] == '(') {
        p->pos++;
        if (++p->depth > MAX_DEPTH)
            return p->why = "too deeply nested", 1;
        if (p_expr(r, p))
            return 1;
        p->depth--;
        skip_ws(p);
        if (p->s[p->pos] != ')')
            return p->why = "missing ')'", 1;
        p->pos++;
        return 0;
    }
    if (isdigit((unsigned char) p->s[b]) || p->s[b] == '.') {
        fmpq_t q;
        const char *why;
        while (isdigit((unsigned char) p->s[p->pos]) || p->s[p->pos] == '.')
            p->pos++;
        fmpq_init(q);
        if (rf_q_parse(q, p->s + b, p->pos - b, &why)) {
            fmpq_clear(q);
            return p->why = strncmp(why, "too many digits", 15) == 0 ? why : "bad number", 1;
        }
        fmpq_mpoly_set_fmpq(r, q, ctx);
        fmpq_clear(q);
        return 0;
    }
    if (isalpha((unsigned char) p->s[b]) || p->s[b] == '_') {
        char name[512];
        slong v;
        while (isalnum((unsigned char) p->s[p->pos]) || p->s[p->pos] == '_')
            p->pos++;
        if (p->pos - b >= sizeof name)
            return p->why = "name too long", 1;
        memcpy(name, p->s + b, p->pos - b);
        name[p->pos - b] = '\0';
        v = find_name(p->sys, p->order, name);
        if (v < 0)
            return p->why = "unknown variable", 1;
        fmpq_mpoly_gen(r, v, ctx);
        return 0;
    }
    return p->why = p->s[b] ? "unexpected character" : "unexpected end", 1;
}

/* factor := ('+' | '-') factor | primary ('^' | '**') uint */
static int p_factor(fmpq_mpoly_t r, pp_t *p)
{
    skip_ws(p);
    if (p->s[p->pos] == '-' || p->s[p->pos] == '+') {
        int neg = p->s[p->pos] == '-';
        p->pos++;
        if (++p->depth > MAX_DEPTH)
            return p->why = "too deeply nested", 1;
        if (p_factor(r, p))
            return 1;
        p->depth--;
        if (neg)
            fmpq_mpoly_neg(r, r, p->sys->ctx);
        return 0;
    }
    if (p_primary(r, p))
        return 1;
    skip_ws(p);
    if (p->s[p->pos] == '^' || (p->s[p->pos] == '*' && p->s[p->pos + 1] == '*')) {
        ulong e = 0;
        p->pos += p->s[p->pos] == '^' ? 1 : 2;
        skip_ws(p);
        if (!isdigit((unsigned char) p->s[p->pos]))
            return p->why = "exponent must be a non-negative integer", 1;
        while (isdigit((unsigned char) p->s[p->pos])) {
            e = 10 * e + (ulong) (p->s[p->pos++] - '0');
            if (e > MAX_EXP)
                return p->why = "exponent too large", 1;
        }
        {
            /* (sum of t terms)^e has up to C(e + t - 1, t - 1) terms, each
               coefficient of at most e (c + log2 t) bits for coefficients
               of c bits: refuse before computing a power that would not
               fit in memory */
            double t = (double) fmpq_mpoly_length(r, p->sys->ctx), lt = 0, c;
            if (t > 1) {
                lt = lgamma((double) e + t) - lgamma((double) e + 1) - lgamma(t);
                if (lt > log((double) MAX_POW_TERMS))
                    return p->why = "power of a sum too large", 1;
            }
            c = (double) FLINT_ABS(fmpz_mpoly_max_bits(r->zpoly)) +
                (double) fmpz_bits(fmpq_numref(r->content)) +
                (double) fmpz_bits(fmpq_denref(r->content)) + (t > 1 ? log2(t) : 0) + 1;
            if (exp(lt) * c * (double) e > MAX_POW_BITS)
                return p->why = "power too large (its coefficients would need over 2^28 bits)", 1;
        }
        if (!fmpq_mpoly_pow_ui(r, r, e, p->sys->ctx))
            return p->why = "power failed", 1;
    }
    return 0;
}

/* term := factor (('*' | '/') factor)* ; division by non-zero constants */
static int p_term(fmpq_mpoly_t r, pp_t *p)
{
    fmpq_mpoly_t f;
    int ret = 0;
    if (p_factor(r, p))
        return 1;
    fmpq_mpoly_init(f, p->sys->ctx);
    while (1) {
        char op;
        skip_ws(p);
        op = p->s[p->pos];
        if (!(op == '/' || (op == '*' && p->s[p->pos + 1] != '*')))
            break;
        p->pos++;
        if ((ret = p_factor(f, p)))
            break;
        if (op == '*') {
            if ((double) fmpq_mpoly_length(r, p->sys->ctx)
                    * (double) fmpq_mpoly_length(f, p->sys->ctx) > 10.0 * MAX_POW_TERMS) {
                p->why = "product too large";
                ret = 1;
                break;
            }
            fmpq_mpoly_mul(r, r, f, p->sys->ctx);
        } else {
            fmpq_t q;
            if (!fmpq_mpoly_is_fmpq(f, p->sys->ctx) || fmpq_mpoly_is_zero(f, p->sys->ctx)) {
                p->why = "division by zero or by a non-constant";
                ret = 1;
                break;
            }
            fmpq_init(q);
            fmpq_mpoly_get_fmpq(q, f, p->sys->ctx);
            fmpq_mpoly_scalar_div_fmpq(r, r, q, p->sys->ctx);
            fmpq_clear(q);
        }
    }
    fmpq_mpoly_clear(f, p->sys->ctx);
    return ret;
}

static int p_expr(fmpq_mpoly_t r, pp_t *p)
{
    fmpq_mpoly_t t;
    int ret = 0;
    if (p_term(r, p))
        return 1;
    fmpq_mpoly_init(t, p->sys->ctx);
    while (1) {
        char op;
        skip_ws(p);
        op = p->s[p->pos];
        if (op != '+' && op != '-')
            break;
        p->pos++;
        if ((ret = p_term(t, p)))
            break;
        if (op == '+')
            fmpq_mpoly_add(r, r, t, p->sys->ctx);
        else
            fmpq_mpoly_sub(r, r, t, p->sys->ctx);
    }
    fmpq_mpoly_clear(t, p->sys->ctx);
    return ret;
}

/* Parse a whole polynomial; returns NULL or a static reason. */
static const char *parse_poly(fmpq_mpoly_t r, const char *s, const rf_sys_t sys,
                              const slong *order)
{
    pp_t p;
    p.order = order;
    p.s = s;
    p.pos = 0;
    p.sys = sys;
    p.why = NULL;
    p.depth = 0;
    if (p_expr(r, &p))
        return p.why;
    skip_ws(&p);
    if (s[p.pos] != '\0')
        return "unexpected text after the polynomial";
    /* products of powers may exceed the exponent cap of a literal power:
       refuse them too, so that everything read writes back readably */
    if (!fmpq_mpoly_degrees_fit_si(r, sys->ctx))
        return "exponent too large";
    {
        slong nv = fmpq_mpoly_ctx_nvars(sys->ctx), k;
        slong *deg = flint_malloc((nv + 1) * sizeof(slong));
        int big = 0;
        fmpq_mpoly_degrees_si(deg, r, sys->ctx);
        for (k = 0; k < nv; k++)
            big |= deg[k] > MAX_EXP;
        flint_free(deg);
        if (big)
            return "exponent too large";
    }
    return NULL;
}

static int valid_name(const char *s)
{
    if (!(isalpha((unsigned char) *s) || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char) *s) && *s != '_')
            return 0;
    return 1;
}

#define FAIL(...) do { rf_err_set(err, RF_ERR_INPUT, name, 0, __VA_ARGS__); goto fail; } while (0)

static const char *opt_string(json_t *o, const char *key, int *bad)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    return json_string_value(v);
}

/* One constraint list (equations or inequalities) of component c. */
static int read_constraints(rf_sys_t sys, const slong *order, slong c, json_t *arr, int eq,
                            rf_sys_constraint_struct *slots, char *filled,
                            slong ncons, const char *name, rf_err_t err)
{
    size_t j;
    json_t *o;
    const char *what = eq ? "equations" : "inequalities";
    json_array_foreach(arr, j, o) {
        json_t *ji = json_object_get(o, "index"), *jp = json_object_get(o, "poly");
        const char *sense, *label, *why;
        int bad = 0;
        slong idx;
        rf_sys_rel_t rel = RF_SYS_REL_EQ;
        if (!json_is_object(o) || !json_is_string(jp))
            FAIL("component %ld: %s[%zu]: need an object with a string \"poly\"",
                 (long) (c + 1), what, j);
        idx = json_is_integer(ji) ? (slong) json_integer_value(ji) : -1;
        if (ji == NULL)
            FAIL("component %ld: %s[%zu]: missing \"index\"", (long) (c + 1), what, j);
        if (idx < 0 || idx >= ncons || filled[idx])
            FAIL("component %ld: %s[%zu]: bad or repeated \"index\"", (long) (c + 1), what, j);
        sense = opt_string(o, "sense", &bad);
        label = opt_string(o, "label", &bad);
        if (bad)
            FAIL("component %ld: %s[%zu]: \"sense\" and \"label\" must be strings",
                 (long) (c + 1), what, j);
        if (!eq) {
            if (sense == NULL)
                FAIL("component %ld: inequalities[%zu]: missing \"sense\"", (long) (c + 1), j);
            if (strcmp(sense, ">") == 0) rel = RF_SYS_REL_GT;
            else if (strcmp(sense, ">=") == 0) rel = RF_SYS_REL_GE;
            else if (strcmp(sense, "!=") == 0) rel = RF_SYS_REL_NE;
            else
                FAIL("component %ld: inequalities[%zu]: sense must be \">\", \">=\" or \"!=\"",
                     (long) (c + 1), j);
        } else if (sense != NULL && strcmp(sense, "=") != 0) {
            FAIL("component %ld: equations[%zu]: sense must be \"=\"", (long) (c + 1), j);
        }
        fmpq_mpoly_init(&slots[idx].poly, sys->ctx);
        filled[idx] = 1;
        slots[idx].rel = rel;
        slots[idx].label = NULL;
        if ((why = parse_poly(&slots[idx].poly, json_string_value(jp), sys, order)) != NULL)
            FAIL("component %ld: %s[%zu]: cannot parse \"%.200s\": %s", (long) (c + 1),
                 what, j, json_string_value(jp), why);
        if (label) {
            slots[idx].label = flint_malloc(strlen(label) + 1);
            strcpy(slots[idx].label, label);
        }
    }
    return 0;
fail:
    return 1;
}

static int read_component(rf_sys_t sys, const slong *order, json_t *o, slong ci, const char *name,
                          rf_err_t err)
{
    json_t *jeq = json_object_get(o, "equations"), *jin = json_object_get(o, "inequalities");
    json_t *jd = json_object_get(o, "dimension");
    const char *cname, *desc;
    int bad = 0, ret = 1;
    slong c, k, ncons, dim = -1;
    rf_sys_constraint_struct *slots = NULL;
    char *filled = NULL;
    if (!json_is_object(o))
        FAIL("components[%ld] is not an object", (long) ci);
    cname = opt_string(o, "name", &bad);
    desc = opt_string(o, "description", &bad);
    if (bad)
        FAIL("component %ld: \"name\" and \"description\" must be strings", (long) (ci + 1));
    if (jd != NULL && !json_is_null(jd)) {
        if (!json_is_integer(jd) || json_integer_value(jd) < -1)
            FAIL("component %ld: \"dimension\" must be an integer or null", (long) (ci + 1));
        dim = (slong) json_integer_value(jd);
    }
    if ((jeq != NULL && !json_is_array(jeq)) || (jin != NULL && !json_is_array(jin)))
        FAIL("component %ld: \"equations\" and \"inequalities\" must be arrays", (long) (ci + 1));
    ncons = (slong) (json_array_size(jeq) + json_array_size(jin));
    slots = flint_calloc(ncons + 1, sizeof(rf_sys_constraint_struct));
    filled = flint_calloc(ncons + 1, 1);
    c = rf_sys_add_component(sys, cname, desc, dim);
    if (read_constraints(sys, order, c, jeq, 1, slots, filled, ncons, name, err)
        || read_constraints(sys, order, c, jin, 0, slots, filled, ncons, name, err))
        goto fail;
    for (k = 0; k < ncons; k++)
        rf_sys_add_constraint(sys, c, &slots[k].poly, slots[k].rel, slots[k].label);
    ret = 0;
fail:
    for (k = 0; filled && k < ncons; k++)
        if (filled[k]) {
            fmpq_mpoly_clear(&slots[k].poly, sys->ctx);
            flint_free(slots[k].label);
        }
    flint_free(slots);
    flint_free(filled);
    return ret;
}

int rf_export_read_json_sys_buf(rf_sys_t sys, const char *buf, size_t len,
                                const char *name, rf_err_t err)
{
    json_error_t jerr;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    json_t *jv, *jc, *jn, *o;
    const char **names = NULL;
    slong *order = NULL;
    rf_sys_var_kind_t *kinds = NULL;
    rf_sys_t tmp;
    size_t i;
    slong nv = 0;
    int bad = 0, have_tmp = 0;
    if (root == NULL)
        return rf_err_set(err, RF_ERR_INPUT, name, (long) jerr.line, "invalid JSON: %s", jerr.text);
    if (!json_is_object(root))
        FAIL("a constraint system must be a JSON object");
    jv = json_object_get(root, "variables");
    jc = json_object_get(root, "components");
    jn = json_object_get(root, "notes");
    if (!json_is_array(jv) || !json_is_array(jc))
        FAIL("need the arrays \"variables\" and \"components\" (relufiber-system JSON)");
    if (jn != NULL && !json_is_array(jn))
        FAIL("\"notes\" must be an array of strings");
    nv = (slong) json_array_size(jv);
    names = flint_calloc(nv + 1, sizeof(char *));
    kinds = flint_calloc(nv + 1, sizeof(rf_sys_var_kind_t));
    json_array_foreach(jv, i, o) {
        const char *n, *kind;
        n = json_is_object(o) ? opt_string(o, "name", &bad) : NULL;
        kind = json_is_object(o) ? opt_string(o, "kind", &bad) : NULL;
        if (n == NULL || bad || !valid_name(n))
            FAIL("variables[%zu]: need a \"name\" made of letters, digits and '_'", i);
        if (kind == NULL || strcmp(kind, "param") == 0)
            kinds[i] = RF_SYS_VAR_PARAM;
        else if (strcmp(kind, "aux") == 0)
            kinds[i] = RF_SYS_VAR_AUX;
        else
            FAIL("variables[%zu]: \"kind\" must be \"param\" or \"aux\"", i);
        names[i] = n;
    }
    order = sorted_names((char *const *) names, nv);
    for (i = 1; i < (size_t) nv; i++)
        if (strcmp(names[order[i - 1]], names[order[i]]) == 0)
            FAIL("variables[%ld]: duplicate name '%s'",
                 (long) FLINT_MAX(order[i - 1], order[i]), names[order[i]]);
    rf_sys_init(tmp, nv, names, kinds);
    have_tmp = 1;
    {
        const char *title = opt_string(root, "title", &bad);
        if (bad)
            FAIL("\"title\" must be a string");
        if (title)
            rf_sys_set_title(tmp, title);
    }
    json_array_foreach(jn, i, o) {
        if (!json_is_string(o))
            FAIL("notes[%zu] is not a string", i);
        rf_sys_add_note(tmp, json_string_value(o));
    }
    json_array_foreach(jc, i, o)
        if (read_component(tmp, order, o, (slong) i, name, err))
            goto fail;
    rf_sys_clear(sys);
    *sys = *tmp;
    have_tmp = 0;
    flint_free(names);
    flint_free(kinds);
    flint_free(order);
    json_decref(root);
    return RF_OK;
fail:
    if (have_tmp)
        rf_sys_clear(tmp);
    flint_free(names);
    flint_free(kinds);
    flint_free(order);
    json_decref(root);
    return err ? err->code : RF_ERR_INPUT;
}

int rf_export_read_json_sys(rf_sys_t sys, const char *path, rf_err_t err)
{
    char *buf;
    size_t len;
    int r = rf_io_slurp(&buf, &len, path, err);
    if (r)
        return r;
    r = rf_export_read_json_sys_buf(sys, buf, len, path, err);
    flint_free(buf);
    return r;
}

static int str_eq(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

int rf_export_sys_equal(const rf_sys_t a, const rf_sys_t b)
{
    slong i, k;
    if (a->nvars != b->nvars || a->ncomp != b->ncomp || a->nnotes != b->nnotes
        || !str_eq(a->title, b->title))
        return 0;
    for (i = 0; i < a->nvars; i++)
        if (strcmp(a->vars[i], b->vars[i]) != 0 || a->kinds[i] != b->kinds[i])
            return 0;
    for (i = 0; i < a->nnotes; i++)
        if (!str_eq(a->notes[i], b->notes[i]))
            return 0;
    for (i = 0; i < a->ncomp; i++) {
        const rf_sys_comp_struct *ca = a->comps + i, *cb = b->comps + i;
        if (!str_eq(ca->name, cb->name) || !str_eq(ca->description, cb->description)
            || ca->dim != cb->dim || ca->len != cb->len)
            return 0;
        for (k = 0; k < ca->len; k++) {
            /* same variables in the same order: compare via terms */
            const rf_sys_constraint_struct *x = ca->cons + k, *y = cb->cons + k;
            slong t, n = a->nvars > 0 ? a->nvars : 1;
            ulong *ex, *ey;
            fmpq_t qx, qy;
            int same;
            if (x->rel != y->rel || !str_eq(x->label, y->label)
                || fmpq_mpoly_length(&x->poly, a->ctx) != fmpq_mpoly_length(&y->poly, b->ctx))
                return 0;
            ex = flint_malloc(n * sizeof(ulong));
            ey = flint_malloc(n * sizeof(ulong));
            fmpq_init(qx);
            fmpq_init(qy);
            same = 1;
            for (t = 0; same && t < fmpq_mpoly_length(&x->poly, a->ctx); t++) {
                slong v;
                fmpq_mpoly_get_term_coeff_fmpq(qx, &x->poly, t, a->ctx);
                fmpq_mpoly_get_term_coeff_fmpq(qy, &y->poly, t, b->ctx);
                fmpq_mpoly_get_term_exp_ui(ex, &x->poly, t, a->ctx);
                fmpq_mpoly_get_term_exp_ui(ey, &y->poly, t, b->ctx);
                same = fmpq_equal(qx, qy);
                for (v = 0; v < n; v++)
                    same &= ex[v] == ey[v];
            }
            fmpq_clear(qx);
            fmpq_clear(qy);
            flint_free(ex);
            flint_free(ey);
            if (!same)
                return 0;
        }
    }
    return 1;
}
