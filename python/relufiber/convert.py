"""relufiber-convert: ML model files to relufiber's exact formats.

    relufiber-convert model.onnx -o model.rfn
    relufiber-convert checkpoint.pt -o model.json --layer-order fc1,fc2,fc3
    relufiber-convert net.rfn -o net.onnx

Inputs: .onnx (Gemm/MatMul/Add/Relu chains), .pt/.pth (a state_dict or a
pickled nn.Sequential, through torch.load), .json, .rfn, .nnet. Outputs:
.rfn, .json (exact), .onnx (float64); without -o the .rfn text goes to
standard output. Floats are read as the exact values of their doubles.
Exit status 0 on success, 2 on an error (message on standard error).
"""
import argparse
import sys

from .errors import RelufiberError
from .network import Network


def main(argv=None):
    ap = argparse.ArgumentParser(prog="relufiber-convert",
                                 description="Convert ML model files to relufiber's exact formats.")
    ap.add_argument("input", help=".onnx, .pt/.pth, .json, .rfn or .nnet")
    ap.add_argument("-o", "--output", help=".rfn, .json or .onnx (default: .rfn to stdout)")
    ap.add_argument("--layer-order", help="state_dict files: comma-separated layer prefixes "
                    "in order (default: the order of the .weight keys)")
    ap.add_argument("--input-format", help="rfn, json, json-decimal, nnet, onnx, torch "
                    "(default: from the extension)")
    ap.add_argument("--output-format", help="rfn, json, json-floats, onnx (default: from the extension)")
    a = ap.parse_args(argv)
    try:
        order = a.layer_order.split(",") if a.layer_order else None
        net = Network.load(a.input, fmt=a.input_format, layer_order=order)
        if a.output is None or a.output == "-":
            fmt = a.output_format or "rfn"
            if fmt == "rfn":
                sys.stdout.write(net.to_rfn())
            elif fmt in ("json", "json-floats"):
                sys.stdout.write(net.to_json(floats=fmt == "json-floats", indent=1) + "\n")
            else:
                raise RelufiberError("format %s cannot be written to standard output" % fmt)
        else:
            net.save(a.output, a.output_format)
    except RelufiberError as e:
        sys.stderr.write("relufiber-convert: %s: %s\n" % (a.input, e))
        return 2
    except OSError as e:
        sys.stderr.write("relufiber-convert: %s\n" % e)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
