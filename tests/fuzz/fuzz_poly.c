/* libFuzzer harness for the polynomial parser of the constraint-system
 * reader: the input is the text of one equation's polynomial over the
 * variables x, y, z, W1_1_1, b1_1, put into a well-formed system (built with
 * jansson, so any byte string is a legal JSON string) and read with
 * rf_export_read_json_sys_buf. A polynomial that parses must survive the
 * JSON round trip (rf_export_sys_equal). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "relufiber/export.h"
#include "relufiber/system.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *names[] = {"x", "y", "z", "W1_1_1", "b1_1"};
    json_t *root = json_object(), *vars = json_array(), *comps = json_array(),
           *comp = json_object(), *eqs = json_array(), *eq = json_object();
    char *text;
    size_t k;
    rf_sys_t sys, back;
    rf_err_t err;
    int r;
    char *poly = malloc(size + 1);
    memcpy(poly, data, size);
    poly[size] = '\0';   /* the reader takes NUL-terminated JSON strings */
    for (k = 0; k < 5; k++) {
        json_t *v = json_object();
        json_object_set_new(v, "name", json_string(names[k]));
        json_object_set_new(v, "kind", json_string(k < 3 ? "param" : "aux"));
        json_array_append_new(vars, v);
    }
    json_object_set_new(eq, "index", json_integer(0));
    json_object_set_new(eq, "poly", json_stringn_nocheck(poly, strlen(poly)));
    json_array_append_new(eqs, eq);
    json_object_set_new(comp, "name", json_string("c"));
    json_object_set_new(comp, "equations", eqs);
    json_object_set_new(comp, "inequalities", json_array());
    json_array_append_new(comps, comp);
    json_object_set_new(root, "variables", vars);
    json_object_set_new(root, "components", comps);
    text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    free(poly);
    if (text == NULL)
        return 0;   /* not UTF-8: jansson will not write it */
    rf_sys_init(sys, 0, NULL, NULL);
    rf_err_init(err);
    r = rf_export_read_json_sys_buf(sys, text, strlen(text), "poly.json", err);
    if (r == RF_OK) {
        char *out = NULL;
        size_t olen = 0;
        FILE *f = open_memstream(&out, &olen);
        FUZZ_CHECK(f != NULL, "open_memstream");
        if (rf_export_sys(f, sys, RF_EXPORT_JSON, err) == RF_OK) {
            fclose(f);
            rf_sys_init(back, 0, NULL, NULL);
            /* a constant power may expand past the digit cap of the reader
               (rf_q_max_digits): then, and only then, it may not read back */
            if (rf_export_read_json_sys_buf(back, out, olen, "rt.json", err) == RF_OK)
                FUZZ_CHECK(rf_export_sys_equal(sys, back), "polynomial round trip differs");
            else
                FUZZ_CHECK(strstr(err->msg, "too many digits") != NULL,
                           "a parsed polynomial does not read back");
            rf_sys_clear(back);
        } else {
            fclose(f);
        }
        free(out);
    } else {
        FUZZ_CHECK(r == RF_ERR_INPUT && err->msg[0] != '\0', "bad error for a bad polynomial");
    }
    rf_err_clear(err);
    rf_sys_clear(sys);
    free(text);
    return 0;
}
