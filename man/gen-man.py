#!/usr/bin/env python3
"""Generate the relufiber(1) man page (troff) from the built binary's help.

usage: gen-man.py BINARY VERSION OUTPUT

Runs `BINARY --help`, reads the command list from its "Commands:" section,
runs `BINARY COMMAND --help` for each command, and writes a man page whose
sections hold that text verbatim (no-fill), so the page never drifts from
the program.
"""
import re
import subprocess
import sys


def run_help(argv):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       check=False)
    if p.returncode != 0:
        sys.exit("gen-man: '%s' exited with %d:\n%s"
                 % (" ".join(argv), p.returncode,
                    p.stderr.decode("utf-8", "replace")))
    return p.stdout.decode("utf-8", "replace")


def esc(line):
    """Escape one line of text for troff."""
    line = line.replace("\\", "\\e").replace("-", "\\-")
    if line.startswith((".", "'")):
        line = "\\&" + line
    return line


def verbatim(text):
    out = [".nf"]
    for line in text.rstrip("\n").split("\n"):
        out.append(esc(line) if line.strip() else "")
    out.append(".fi")
    return "\n".join(out)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, version, output = sys.argv[1:]
    top = run_help([binary, "--help"])
    lines = top.split("\n")
    summary = lines[1].strip().rstrip(".") if len(lines) > 1 else ""
    commands = []
    in_cmds = False
    for line in lines:
        if line.strip() == "Commands:":
            in_cmds = True
            continue
        if in_cmds:
            m = re.match(r"^\s+(\S+)\s+(.*)$", line)
            if not m:
                break
            commands.append((m.group(1), m.group(2)))
    if not commands:
        sys.exit("gen-man: no 'Commands:' list in '%s --help'" % binary)

    page = []
    page.append('.TH RELUFIBER 1 "" "relufiber %s" "User Commands"' % esc(version))
    page.append(".SH NAME")
    page.append("relufiber \\- " + esc(summary[:1].lower() + summary[1:]))
    page.append(".SH SYNOPSIS")
    page.append(".B relufiber")
    page.append(".I COMMAND")
    page.append("[\\fIOPTIONS\\fR] ...")
    page.append(".br")
    page.append(".B relufiber")
    page.append("[\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR]")
    page.append(".SH DESCRIPTION")
    page.append(verbatim(top))
    page.append(".SH COMMANDS")
    for name, what in commands:
        page.append(".SS relufiber %s" % esc(name))
        page.append(esc(what))
        page.append(".PP")
        page.append(verbatim(run_help([binary, name, "--help"])))
    page.append(".SH SEE ALSO")
    page.append("The reference manual in the docs/ folder of the source "
                "distribution; the C library is described by pkg\\-config "
                "module \\fBrelufiber\\fR.")
    with open(output, "w", encoding="utf-8") as f:
        f.write("\n".join(page) + "\n")


if __name__ == "__main__":
    main()
