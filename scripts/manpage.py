#!/usr/bin/env python3
"""Writes smrole's man page, smrole(1), to stdout, from the binary's own description of its commands
(`smrole --experimental-dump-help`, swift-argument-parser's JSON) so the page cannot drift from `smrole help`.
`make install` puts it in share/man/man1. No date in the page: the same binary gives the same bytes.

Usage: manpage.py SMROLE_BINARY
"""
import json
import subprocess
import sys


def roff(text):
    """Text as roff reads it literally: backslashes escaped, no line taken for a request."""
    lines = []
    for line in text.replace("\\", "\\e").replace("-", "\\-").split("\n"):
        lines.append("\\&" + line if line.startswith((".", "'")) else line)
    return "\n".join(lines)


def paragraphs(text):
    """Blank-line-separated paragraphs as .PP blocks."""
    blocks = [block.strip() for block in text.strip().split("\n\n") if block.strip()]
    return "\n.PP\n".join(roff(" ".join(block.split("\n"))) for block in blocks)


def shown(argument):
    """Whether an argument is listed: help and version are the root's own options."""
    name = argument.get("preferredName", {}).get("name")
    return argument.get("shouldDisplay", True) and name not in ("help", "version")


def option_label(argument):
    names = sorted(argument.get("names", []), key=lambda n: n["kind"] != "short")
    spelled = ", ".join(("-" if n["kind"] == "short" else "--") + n["name"] for n in names)
    if argument["kind"] == "positional":
        spelled = argument.get("valueName", "value")
        return f"\\fI{roff(spelled)}\\fR" + ("..." if argument.get("isRepeating") else "")
    label = f"\\fB{roff(spelled)}\\fR"
    if argument["kind"] == "option":
        label += f" \\fI{roff(argument.get('valueName', 'value'))}\\fR"
    return label


def arguments_section(arguments):
    out = []
    for argument in arguments:
        if not shown(argument):
            continue
        out.append(".TP")
        out.append(option_label(argument))
        text = argument.get("abstract", "")
        if argument.get("defaultValue") not in (None, ""):
            text += f" (default: {argument['defaultValue']})"
        out.append(roff(text))
        if isinstance(argument.get("discussion"), str):  # newer argument-parsers also give objects here
            out.append(paragraphs(argument["discussion"]))
    return out


def synopsis(path, command):
    words = [f"\\fB{roff(' '.join(path))}\\fR"]
    for argument in command.get("arguments", []):
        if not shown(argument):
            continue
        label = option_label(argument)
        words.append(f"[{label}]" if argument.get("isOptional") else label)
    if command.get("subcommands"):
        words.append("\\fIcommand\\fR")
    return " ".join(words)


def main():
    binary = sys.argv[1]
    tool = json.loads(subprocess.run([binary, "--experimental-dump-help"], check=True, capture_output=True,
                                     text=True).stdout)["command"]
    version = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    name = tool["commandName"]
    out = [
        f'.TH {name.upper()} 1 "" "{name} {roff(version)}" "User Commands"',
        ".SH NAME",
        f"{name} \\- {roff(tool.get('abstract', ''))}",
        ".SH SYNOPSIS",
        synopsis([name], tool),
        ".SH DESCRIPTION",
        paragraphs(tool.get("discussion", "")),
        ".PP",
        f"Without a command, {name} runs \\fB{tool.get('defaultSubcommand', 'wizard')}\\fR.",
        ".SH OPTIONS",
        ".TP",
        "\\fB\\-\\-version\\fR",
        "Show the version and the commit it was built from.",
        ".TP",
        "\\fB\\-h\\fR, \\fB\\-\\-help\\fR",
        "Show help information.",
        ".SH COMMANDS",
    ]
    for command in tool.get("subcommands", []):
        if not command.get("shouldDisplay", True) or command["commandName"] == "help":
            continue
        out.append(f'.SS "{name} {command["commandName"]}"')
        out.append(synopsis([name, command["commandName"]], command))
        out.append(".PP")
        out.append(roff(command.get("abstract", "")))
        if command.get("discussion"):
            out.append(".PP")
            out.append(paragraphs(command["discussion"]))
        out.extend(arguments_section(command.get("arguments", [])))
    out += [
        ".SH FILES",
        "Drafts and apply journals under \\fI$XDG_STATE_HOME/smrole\\fR (default \\fI~/.local/state/smrole\\fR).",
        ".SH SEE ALSO",
        "The user guide, docs/user-guide.md, in smrole's source.",
    ]
    sys.stdout.write("\n".join(line for line in out if line != "") + "\n")


if __name__ == "__main__":
    main()
