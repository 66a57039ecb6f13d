#!/usr/bin/python3
"""Writes the malformed network files of tests/io and their expected errors.

Each case is (file name, content, expected line, message substring); the
line is the one a careful human would point at (0 = the whole file). The
files and <fmt>/expected.txt (name TAB line TAB substring) are committed;
rerun this script after editing a case:  /usr/bin/python3 gen.py
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# ------------------------------------------------------------------ .rfn
RFN_OK = "arch 2 1\nW1\n1 2\nb1 0\n"   # a valid 2-1 network, 4 lines
RFN2 = "# two layers\narch 2 2 1\nW1\n1 2\n3 4\nb1 0 1\nW2\n1 -1\nb2 1/2\n"

rfn = [
    ("empty.rfn", "", 0, "empty file"),
    ("only_comments.rfn", "# nothing\n\n   # here\n", 0, "empty file"),
    ("no_arch.rfn", "W1\n1 2\nb1 0\n", 1, "expected 'arch"),
    ("arch_capital.rfn", "# c\nArch 2 1\n", 2, "expected 'arch"),
    ("arch_one_width.rfn", "arch 2\n", 1, "at least two widths"),
    ("arch_zero.rfn", "arch 2 0 1\n", 1, "width '0'"),
    ("arch_negative.rfn", "arch 2 -3 1\n", 1, "width '-3'"),
    ("arch_fraction.rfn", "arch 2 1.5 1\n", 1, "width '1.5'"),
    ("arch_huge_width.rfn", "arch 2 99999999 1\n", 1, "width '99999999'"),
    ("arch_too_many_params.rfn", "\n\narch 100000 100000 1\n", 3, "too many parameters"),
    ("arch_too_many_layers.rfn", "arch" + " 1" * 10002 + "\n", 1, "too many layers"),
    ("arch_vs_short_file.rfn", "arch 1000 1000 1\nW1\n1\n", 1, "arch declares"),
    ("missing_W.rfn", "arch 2 1\nb1 0\n", 2, "expected 'W1'"),
    ("W_wrong_layer.rfn", "arch 2 1\nW2\n1 2\nb2 0\n", 2, "expected 'W1'"),
    ("W_not_alone.rfn", "arch 2 1\nW1 1 2\nb1 0\n", 2, "must stand alone"),
    ("row_short.rfn", "arch 2 1\nW1\n1\nb1 0\n", 3, "row 1 of W1 has 1 entries, expected 2"),
    ("row_long.rfn", "arch 2 1\nW1\n1 2 3\nb1 0\n", 3, "row 1 of W1 has 3 entries"),
    ("bias_count.rfn", "arch 2 1\nW1\n1 2\nb1 0 1\n", 4, "b1 has 2 entries, expected 1"),
    ("bias_missing.rfn", RFN2.replace("b1 0 1\n", ""), 6, "expected 'b1'"),
    ("bias_wrong_layer.rfn", "arch 2 1\nW1\n1 2\nb2 0\n", 4, "expected 'b1'"),
    ("zero_den.rfn", "arch 2 1\nW1\n1 2/0\nb1 0\n", 3, "zero denominator"),
    ("word.rfn", "arch 2 1\nW1\n1 abc\nb1 0\n", 3, "bad number 'abc'"),
    ("nan.rfn", "arch 2 1\nW1\nnan 1\nb1 0\n", 3, "bad number 'nan'"),
    ("inf.rfn", "arch 2 1\nW1\n1 2\nb1 -inf\n", 4, "bad number '-inf'"),
    ("huge_exp.rfn", "arch 2 1\nW1\n1 1e5000\nb1 0\n", 3, "exponent too large"),
    ("huge_neg_exp.rfn", "arch 2 1\nW1\n1 2\nb1 1e-99999\n", 4, "exponent too large"),
    ("bad_exp.rfn", "arch 2 1\nW1\n1 2e\nb1 0\n", 3, "malformed exponent"),
    ("two_dots.rfn", "arch 2 1\nW1\n1.2.3 2\nb1 0\n", 3, "bad number '1.2.3'"),
    ("hex.rfn", "arch 2 1\nW1\n0x10 2\nb1 0\n", 3, "bad number '0x10'"),
    ("decimal_comma.rfn", "arch 2 1\nW1\n1,5 2\nb1 0\n", 3, "bad number '1,5'"),
    ("neg_den.rfn", "arch 2 1\nW1\n1/-2 2\nb1 0\n", 3, "malformed fraction"),
    ("open_fraction.rfn", "arch 2 1\nW1\n3/ 2\nb1 0\n", 3, "malformed fraction"),
    ("double_minus.rfn", "arch 2 1\nW1\n--1 2\nb1 0\n", 3, "bad number '--1'"),
    ("truncated_layer.rfn", RFN2.split("W2")[0], 6, "file ends early: layer 2 of 2"),
    ("truncated_matrix.rfn", "arch 2 2 1\nW1\n1 2\n", 3, "file ends early: layer 1 of 2"),
    ("trailing.rfn", RFN_OK + "W2\n", 5, "unexpected content after the last layer"),
    ("trailing_number.rfn", RFN_OK + "\n# ok\n7\n", 7, "unexpected content"),
    ("nul_byte.rfn", "arch 2 1\nW1\n1 \0 2\nb1 0\n", 3, "NUL byte"),
    ("crlf_lines.rfn", "arch 2 1\r\n# c\r\nW1\r\n1 x\r\nb1 0\r\n", 4, "bad number 'x'"),
]

# ------------------------------------------------------------------ JSON
def J(*lines):
    return "\n".join(lines) + "\n"

JOK = J('{', '  "layers": [', '    {"weight": [[1, 2]], "bias": [0]}', '  ]', '}')

json_cases = [
    ("empty.json", "", 1, "invalid JSON"),
    ("top_array.json", '[{"weight": [[1]], "bias": [0]}]\n', 1, "top level must be an object"),
    ("top_string.json", '"layers"\n', 1, "invalid JSON"),
    ("no_layers.json", J('{', '  "arch": [1, 1]', '}'), 1, 'missing "layers"'),
    ("layers_object.json", J('{', '  "layers": {}', '}'), 2, "layers: expected an array, found an object"),
    ("layers_empty.json", J('{', '  "layers": []', '}'), 2, "layers is empty"),
    ("layer_not_object.json", J('{"layers": [', '  [[1, 2]]', ']}'), 2, "layers[0]: expected an object"),
    ("missing_weight.json", J('{"layers": [', '  {"bias": [0]}', ']}'), 2, 'layers[0]: missing "weight"'),
    ("missing_bias.json", J('{"layers": [', '  {"weight": [[1]]},', '  {"weight": [[1]]}', ']}'), 2, 'layers[0]: missing "bias"'),
    ("unknown_key.json", J('{"layers": [', '  {"weight": [[1]],', '   "bais": [0]}', ']}'), 3, 'unknown key "bais"'),
    ("weight_number.json", J('{"layers": [', '  {"weight": 3, "bias": [0]}', ']}'), 2, "layers[0].weight: expected a 2-D array"),
    ("weight_vector.json", J('{"layers": [', '  {"weight": [1, 2], "bias": [0]}', ']}'), 2, "layers[0].weight[0]: expected a row"),
    ("weight_no_rows.json", J('{"layers": [', '  {"weight": [], "bias": []}', ']}'), 2, "no rows"),
    ("weight_empty_row.json", J('{"layers": [', '  {"weight": [[]], "bias": [0]}', ']}'), 2, "layers[0].weight[0]: empty row"),
    ("ragged.json", J('{"layers": [', '  {"weight": [[1, 2],', '              [3]],', '   "bias": [0, 0]}', ']}'), 3, "layers[0].weight[1] has 1 entries, row 0 has 2"),
    ("bias_length.json", J('{"layers": [', '  {"weight": [[1, 2]],', '   "bias": [0, 1]}', ']}'), 3, "layers[0].bias has 2 entries, weight has 1 rows"),
    ("bias_scalar.json", J('{"layers": [', '  {"weight": [[1, 2]],', '   "bias": 0}', ']}'), 3, "layers[0].bias: expected an array"),
    ("layer_dims.json", J('{"layers": [', '  {"weight": [[1], [2]], "bias": [0, 0]},', '  {"weight": [[1, 2, 3]], "bias": [0]}', ']}'), 3, "layers[1].weight has 3 columns but layers[0] has 2 outputs"),
    ("entry_bool.json", J('{"layers": [', '  {"weight": [[1, true]], "bias": [0]}', ']}'), 2, "layers[0].weight[0][1]: expected a number, found a boolean"),
    ("entry_null.json", J('{"layers": [', '  {"weight": [[1, 2]], "bias": [null]}', ']}'), 2, "layers[0].bias[0]: expected a number, found null"),
    ("entry_array.json", J('{"layers": [', '  {"weight": [[1, [2]]], "bias": [0]}', ']}'), 2, "layers[0].weight[0][1]: expected a number, found an array"),
    ("entry_object.json", J('{"layers": [', '  {"weight": [[1, 2]],', '   "bias": [{"v": 1}]}', ']}'), 3, "layers[0].bias[0]: expected a number, found an object"),
    ("string_word.json", J('{"layers": [', '  {"weight": [[1, 2]], "bias": ["abc"]}', ']}'), 2, 'layers[0].bias[0]: bad number "abc"'),
    ("string_zero_den.json", J('{"layers": [', '  {"weight": [["1/0", 2]], "bias": [0]}', ']}'), 2, "zero denominator"),
    ("string_nan.json", J('{"layers": [', '  {"weight": [["NaN", 2]], "bias": [0]}', ']}'), 2, 'bad number "NaN"'),
    ("string_inf.json", J('{"layers": [', '  {"weight": [[1, 2]], "bias": ["Infinity"]}', ']}'), 2, 'bad number "Infinity"'),
    ("literal_nan.json", J('{"layers": [', '  {"weight": [[1, NaN]], "bias": [0]}', ']}'), 2, "NaN and Infinity are not JSON numbers"),
    ("literal_inf.json", J('{"layers": [', '  {"weight": [[1, 2]],', '   "bias": [-Infinity]}', ']}'), 3, "NaN and Infinity"),
    ("literal_inf_plain.json", J('{"layers": [', '  {"weight": [[Infinity, 2]],', '   "bias": [0]}', ']}'), 2, "NaN and Infinity"),
    ("huge_exp.json", J('{"layers": [', '  {"weight": [[1, 2]],', '   "bias": [1e5000]}', ']}'), 3, "number too large"),
    ("huge_neg_exp.json", J('{"layers": [', '  {"weight": [[1, 1e-5000]],', '   "bias": [0]}', ']}'), 2, "layers[0].weight[0][1]: bad number '1e-5000' (exponent too large)"),
    ("huge_integer.json", J('{"layers": [', '  {"weight": [[1, 2]],', '   "bias": [' + "9" * 400 + ']}', ']}'), 3, "number too large"),
    ("trailing_garbage.json", JOK + "x\n", 6, "invalid JSON"),
    ("two_documents.json", JOK + JOK, 6, "invalid JSON"),
    ("truncated.json", '{"layers": [\n  {"weight": [[1, 2]], "bias": [0]}\n', 3, "invalid JSON"),
    ("duplicate_key.json", J('{"layers": [', '  {"weight": [[1, 2]], "bias": [0],', '   "bias": [1]}', ']}'), 3, "duplicate"),
    ("arch_mismatch.json", J('{"arch": [2, 3],', ' "layers": [', '  {"weight": [[1, 2]], "bias": [0]}', ']}'), 1, "arch[1] does not match the layers, which give d1 = 1"),
    ("arch_length.json", J('{"layers": [', '  {"weight": [[1, 2]], "bias": [0]}', '],', ' "arch": [2, 1, 1]}'), 4, "arch has 3 widths but there are 1 layers"),
    ("arch_string.json", J('{"arch": "2 1",', ' "layers": [', '  {"weight": [[1, 2]], "bias": [0]}', ']}'), 1, "arch: expected an array"),
    ("arch_fraction.json", J('{"layers": [', '  {"weight": [[1, 2]], "bias": [0]}', '],', ' "arch": [2.5, 1]}'), 4, "arch[0] does not match"),
    ("comment.json", J('{"layers": [', '  // first layer', '  {"weight": [[1, 2]], "bias": [0]}', ']}'), 2, "invalid JSON"),
    ("single_quotes.json", J('{"layers": [', "  {'weight': [[1, 2]], 'bias': [0]}", ']}'), 2, "invalid JSON"),
    ("trailing_comma.json", J('{"layers": [', '  {"weight": [[1, 2,]], "bias": [0]}', ']}'), 2, "invalid JSON"),
    ("leading_zero.json", J('{"layers": [', '  {"weight": [[1, 02]], "bias": [0]}', ']}'), 2, "invalid JSON"),
    ("nul_byte.json", '{"layers": [\n  {"weight": [[1, 2]], "bias": [0]}\0\n]}\n', 2, "NUL byte"),
    ("bad_utf8.json", J('{"layers": [', '  {"weight": [[1, 2]], "bias": ["\xff"]}', ']}'), 2, "invalid JSON"),
]

# ------------------------------------------------------------------ NNet
NN = [
    "// a 2-2-1 network",          # 1
    "2,2,1,2,",                    # 2
    "2,2,1,",                      # 3
    "0,",                          # 4
    "-1,-1,",                      # 5 min
    "1,1,",                        # 6 max
    "0,0,0,",                      # 7 mean
    "1,1,1,",                      # 8 range
    "1,2,",                        # 9  W1 row 1
    "3,4,",                        # 10 W1 row 2
    "0.5,",                        # 11 b1_1
    "-1,",                         # 12 b1_2
    "1,-1,",                       # 13 W2 row 1
    "0.25,",                       # 14 b2_1
]

def N(repl=None, cut=None, extra=None):
    lines = list(NN)
    if repl:
        for k, v in repl.items():
            lines[k - 1] = v
    if cut is not None:
        lines = lines[:cut]
    text = "\n".join(l for l in lines if l is not None) + "\n"
    if extra:
        text += extra
    return text

nnet = [
    ("empty.nnet", "", 0, "empty file"),
    ("only_header.nnet", "// header\n// more\n", 0, "empty file"),
    ("counts_three.nnet", N({2: "2,2,1,"}), 2, "(4 values), found 3"),
    ("layers_zero.nnet", N({2: "0,2,1,2,"}), 2, "numLayers: '0'"),
    ("layers_fraction.nnet", N({2: "2.5,2,1,2,"}), 2, "numLayers: '2.5'"),
    ("input_negative.nnet", N({2: "2,-2,1,2,"}), 2, "inputSize: '-2'"),
    ("sizes_count.nnet", N({3: "2,1,"}), 3, "layer sizes (numLayers + 1 values): expected 3 values, found 2"),
    ("sizes_input.nnet", N({3: "3,2,1,", 2: "2,2,1,3,"}), 3, "first layer size 3 differs from inputSize 2"),
    ("sizes_output.nnet", N({3: "2,2,2,"}), 3, "last layer size 2 differs from outputSize 1"),
    ("max_size.nnet", N({2: "2,2,1,5,"}), 3, "largest layer size is 2 but maxLayerSize says 5"),
    ("size_zero.nnet", N({3: "2,0,1,"}), 3, "layer size 2: '0'"),
    ("flag_two.nnet", N({4: "0,0,"}), 4, "flag line: expected 1 value, found 2"),
    ("flag_word.nnet", N({4: "x,"}), 4, "flag: 'x'"),
    ("min_count.nnet", N({5: "-1,"}), 5, "input minimums: expected 2 values, found 1"),
    ("max_below_min.nnet", N({6: "1,-2,"}), 6, "input 2: maximum is below the minimum"),
    ("mean_count.nnet", N({7: "0,0,"}), 7, "means (inputs, then outputs): expected 3 values, found 2"),
    ("range_zero.nnet", N({8: "1,1,0,"}), 8, "range 3 is zero"),
    ("range_word.nnet", N({8: "1,one,1,"}), 8, "bad number 'one'"),
    ("weight_word.nnet", N({9: "1,abc,"}), 9, "layer 1 weight [1][2]: bad number 'abc'"),
    ("row_short.nnet", N({10: "3,"}), 10, "layer 1 weight row 2: expected 2 values, found 1"),
    ("row_long.nnet", N({13: "1,-1,7,"}), 13, "layer 2 weight row 1: expected 2 values, found 3"),
    ("bias_two.nnet", N({11: "0.5,-1,", 12: None}), 11, "layer 1 bias 1 (one per line): expected 1 value, found 2"),
    ("truncated_weights.nnet", N(cut=9), 9, "file ends early: expected layer 1 weight row 2"),
    ("truncated_bias.nnet", N(cut=13), 13, "file ends early: expected layer 2 bias 1"),
    ("truncated_header.nnet", N(cut=2), 2, "file ends early: expected layer sizes"),
    ("truncated_norm.nnet", N(cut=4), 4, "file ends early: expected input minimums"),
    ("trailing.nnet", N(extra="1,\n"), 15, "unexpected content after the last layer"),
    ("empty_field.nnet", N({9: "1,,2,"}), 9, "empty field 2"),
    ("only_comma.nnet", N({11: ","}), 11, "empty field 1"),
    ("nan.nnet", N({12: "nan,"}), 12, "bad number 'nan'"),
    ("inf.nnet", N({13: "inf,1,"}), 13, "bad number 'inf'"),
    ("huge_exp.nnet", N({14: "1e9999,"}), 14, "exponent too large"),
    ("zero_den.nnet", N({10: "3,4/0,"}), 10, "zero denominator"),
    ("late_comment.nnet", N({10: "// comment"}), 10, "only allowed in the header"),
    ("nul_byte.nnet", N({9: "1,\0 2,"}), 9, "NUL byte"),
    ("space_in_number.nnet", N({9: "1 2,3,"}), 9, "bad number '1 2'"),
    ("too_many_params.nnet", "2,100000,1,100000,\n100000,100000,1,\n0,\n", 2, "too many parameters"),
    ("crlf.nnet", N({12: "minus one,"}).replace("\n", "\r\n"), 12, "bad number 'minus one'"),
]

def write(fmt, cases):
    d = os.path.join(HERE, fmt)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    with open(os.path.join(d, "expected.txt"), "w") as ex:
        for name, text, line, sub in cases:
            with open(os.path.join(d, name), "wb") as f:
                f.write(text.encode("latin-1"))
            ex.write("%s\t%d\t%s\n" % (name, line, sub))
    print(fmt, len(cases))

write("rfn", rfn)
write("json", json_cases)
write("nnet", nnet)
