/* The flat API (flat.h): every function on good input returns JSON that
 * jansson parses, with the answers of the underlying modules (verdicts
 * re-checked here by rf_flat_eval); bad input gives NULL and a message
 * "<kind>: <where>: ..."; results and messages are freed with
 * rf_flat_free (checked for leaks under ASan). */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "relufiber/flat.h"

static char path_buf[1024];

static const char *ex(const char *name)
{
    snprintf(path_buf, sizeof(path_buf), "%s/%s", getenv("RF_EXAMPLES"), name);
    return path_buf;
}

/* Parse a result (asserting success) and free the text. */
static json_t *take(char *r, char *msg)
{
    json_t *v;
    json_error_t je;
    cr_assert(r != NULL, "flat call failed: %s", msg ? msg : "(no message)");
    v = json_loads(r, 0, &je);
    cr_assert(v != NULL, "not JSON (%s): %s", je.text, r);
    rf_flat_free(r);
    return v;
}

static char *read_net(const char *file)
{
    char *msg = NULL, *r = rf_flat_read_file(ex(file), "auto", &msg);
    cr_assert(r != NULL, "%s", msg);
    return r;
}

Test(flat, version)
{
    json_t *v = take(rf_flat_version(), NULL);
    cr_assert_eq(json_integer_value(json_object_get(v, "flat")), RF_FLAT_VERSION);
    json_decref(v);
}

Test(flat, read_write_round_trip)
{
    char *msg = NULL, *j = read_net("shallow_2_3_1.rfn"), *rfn, *j2;
    rfn = rf_flat_write(j, "rfn", &msg);
    cr_assert(rfn != NULL, "%s", msg);
    j2 = rf_flat_read(rfn, "auto", "t.rfn", &msg);
    cr_assert(j2 != NULL, "%s", msg);
    cr_assert_str_eq(j, j2);
    rf_flat_free(rfn);
    rf_flat_free(j2);
    rf_flat_free(j);
}

Test(flat, equiv_yes_and_no_rechecked)
{
    char *a = read_net("shallow_2_3_1.rfn"), *b = read_net("shallow_2_3_1_sym.rfn"),
         *c = read_net("shallow_2_3_1_pert.rfn"), *msg = NULL, *x, *ya, *yc;
    json_t *v = take(rf_flat_equiv(a, b, NULL, &msg), msg);
    cr_assert_str_eq(json_string_value(json_object_get(v, "verdict")), "equivalent");
    cr_assert(json_object_get(v, "certificate") != NULL);
    json_decref(v);
    v = take(rf_flat_equiv(a, c, "{\"seed\": 3}", &msg), msg);
    cr_assert_str_eq(json_string_value(json_object_get(v, "verdict")), "not_equivalent");
    cr_assert(json_is_false(json_object_get(v, "below_float_resolution")));
    x = json_dumps(json_object_get(v, "x"), 0);
    ya = rf_flat_eval(a, x, &msg);
    yc = rf_flat_eval(c, x, &msg);
    cr_assert(ya != NULL && yc != NULL);
    cr_assert_str_neq(ya, yc);
    {
        char *fa = json_dumps(json_object_get(v, "f_A"), 0);
        json_t *ja = json_loads(ya, 0, NULL), *jfa = json_loads(fa, 0, NULL);
        cr_assert(json_equal(ja, jfa), "%s vs %s", ya, fa);
        json_decref(ja);
        json_decref(jfa);
        free(fa);
    }
    free(x);
    rf_flat_free(ya);
    rf_flat_free(yc);
    json_decref(v);
    rf_flat_free(a);
    rf_flat_free(b);
    rf_flat_free(c);
}

Test(flat, below_float_resolution)
{
    const char *t = "{\"layers\":[{\"weight\":[[0.1, 2]],\"bias\":[0.7]}]}";
    char *msg = NULL, *d = rf_flat_read(t, "json-decimal", "d", &msg), *bin;
    json_t *v;
    cr_assert(d != NULL, "%s", msg);
    bin = rf_flat_read(t, "json", "b", &msg);
    v = take(rf_flat_equiv(d, bin, NULL, &msg), msg);
    cr_assert_str_eq(json_string_value(json_object_get(v, "verdict")), "not_equivalent");
    cr_assert(json_is_true(json_object_get(v, "below_float_resolution")));
    json_decref(v);
    rf_flat_free(d);
    rf_flat_free(bin);
}

Test(flat, analyses)
{
    char *a = read_net("shallow_2_3_1.rfn"), *t3 = read_net("three_e3_a.rfn"), *msg = NULL;
    json_t *v;
    v = take(rf_flat_canon(t3, &msg), msg);
    cr_assert_lt(json_integer_value(json_object_get(v, "canonical_hidden")),
                 json_integer_value(json_object_get(v, "hidden")));
    json_decref(v);
    v = take(rf_flat_fdim(a, "[[1,2],[\"1/2\",-3],[7,1],[-2,-2.5]]", 1, &msg), msg);
    cr_assert(json_is_true(json_object_get(v, "exact")));
    cr_assert_eq(json_integer_value(json_object_get(v, "points")), 4);
    json_decref(v);
    v = take(rf_flat_fiber(a, "json", &msg), msg);
    cr_assert_gt(json_array_size(json_object_get(v, "components")), 0);
    json_decref(v);
    v = take(rf_flat_identifiable(a, &msg), msg);
    cr_assert(json_object_get(v, "generic_identifiable") != NULL);
    json_decref(v);
    v = take(rf_flat_conserve(a, NULL, &msg), msg);
    cr_assert_eq(json_array_size(json_object_get(v, "laws")), 3);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(v, "laws"), 0),
                                                       "value")), "1");
    json_decref(v);
    rf_flat_free(a);
    rf_flat_free(t3);
}

Test(flat, errors_name_the_argument)
{
    char *msg = NULL, *deep = read_net("fdim_deep_2_4_4_1.rfn");
    cr_assert_null(rf_flat_equiv("{\"layers\":[{\"weight\":[[1,2]],\"bias\":[1,2]}]}",
                                 "{\"layers\":[{\"weight\":[[1,2]]}]}", NULL, &msg));
    cr_assert(strncmp(msg, "input error: <network A>:1: layers[0].bias has 2 entries", 56) == 0,
              "%s", msg);
    rf_flat_free(msg);
    msg = NULL;
    cr_assert_null(rf_flat_fiber(deep, "json", &msg));
    cr_assert(strncmp(msg, "unsupported: ", 13) == 0, "%s", msg);
    rf_flat_free(msg);
    msg = NULL;
    cr_assert_null(rf_flat_eval(deep, "[1]", &msg));
    cr_assert(strstr(msg, "x has 1 entries, expected 2") != NULL, "%s", msg);
    rf_flat_free(msg);
    msg = NULL;
    cr_assert_null(rf_flat_read_file("/nonexistent/x.rfn", "auto", &msg));
    cr_assert(strncmp(msg, "I/O error: ", 11) == 0, "%s", msg);
    rf_flat_free(msg);
    /* errmsg may be NULL */
    cr_assert_null(rf_flat_equiv(deep, "not json", NULL, NULL));
    rf_flat_free(deep);
}

/* The compact float64 form: base64 of little-endian doubles, read exactly. */
Test(flat, float64_form)
{
    /* arch 1-1: W = 0.1, b = -2.5: bytes of 0.1 = 0x3FB999999999999A,
     * -2.5 = 0xC004000000000000, little-endian, base64 */
    const char *t = "{\"arch\": [1, 1], \"float64\": \"mpmZmZmZuT8AAAAAAAAEwA==\"}";
    char *msg = NULL, *j = rf_flat_write(t, "json", &msg);
    cr_assert(j != NULL, "%s", msg);
    cr_assert(strstr(j, "\"3602879701896397/36028797018963968\"") != NULL, "%s", j);
    cr_assert(strstr(j, "\"-5/2\"") != NULL, "%s", j);
    rf_flat_free(j);
    cr_assert_null(rf_flat_write("{\"arch\": [2, 1], \"float64\": \"mpmZmZmZuT8AAAAAAAAEwA==\"}",
                                 "json", &msg));
    cr_assert(strstr(msg, "16 bytes, the architecture has 3 parameters") != NULL, "%s", msg);
    rf_flat_free(msg);
    msg = NULL;
    /* +infinity (0x7FF0000000000000) is rejected */
    cr_assert_null(rf_flat_write("{\"arch\": [1, 1], \"float64\": \"AAAAAAAA8H8AAAAAAAAAAA==\"}",
                                 "json", &msg));
    cr_assert(strstr(msg, "not finite") != NULL, "%s", msg);
    rf_flat_free(msg);
}
