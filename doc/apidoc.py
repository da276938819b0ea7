#!/usr/bin/env python3
# libpki API reference from the header comments: one man3 page per public function and type,
# one HTML page, and a check that every PKI_API declaration is documented.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Why a small script rather than Doxygen: the headers follow one comment convention
# (STYLE.md: a /** */ block with @param, @return, @since before each declaration), the pages
# must be one per function and per type (Doxygen's man output is one page per header plus
# links), the same parser has to drive the documentation check, and it needs nothing beyond
# the Python that builds the bindings.
#
#   apidoc.py --man DIR --html FILE --version V HEADER...   write the pages
#   apidoc.py --check HEADER...                              list undocumented declarations
"""Parse libpki's public headers and write man3 pages and HTML, or check the doc comments."""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
from dataclasses import dataclass, field

COMMENT_DECL = re.compile(
    r"/\*\*(?P<doc>(?:(?!\*/).)*?)\*/\s*(?P<decl>PKI_API\b[^;{]*;|typedef\s+(?:struct|enum)\b"
    r"[^;]*?;|typedef\b[^;]*;)", re.S)
DECL = re.compile(r"PKI_API\b[^;{]*;", re.S)


@dataclass
class Entry:
    name: str
    kind: str  # "function" or "type"
    header: str
    decl: str
    doc: str
    params: list[str] = field(default_factory=list)
    returns_void: bool = False


def clean_doc(text: str) -> str:
    lines = [re.sub(r"^\s*\*\s?", "", line) for line in text.strip("\n").split("\n")]
    return "\n".join(lines).strip()


def parse_params(decl: str) -> tuple[str, list[str], bool]:
    m = re.match(r"PKI_API\s+(?P<ret>.*?)\b(?P<name>pki_[a-z0-9_]+)\s*\((?P<args>.*)\)\s*;",
                 " ".join(decl.split()), re.S)
    if not m:
        raise ValueError(f"cannot read the declaration {decl!r}")
    args = m.group("args").strip()
    names = []
    if args not in ("", "void"):
        for arg in args.split(","):
            words = re.findall(r"[A-Za-z_][A-Za-z_0-9]*", arg)
            if words:
                names.append(words[-1])
    ret = m.group("ret").strip()
    return m.group("name"), names, ret == "void"


def parse(path: str) -> tuple[list[Entry], list[str]]:
    """The documented entries of one header, and the PKI_API declarations without a comment."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    header = "pki/" + os.path.basename(path) if "/pki/" in path else os.path.basename(path)
    entries, covered = [], set()
    for m in COMMENT_DECL.finditer(text):
        doc, decl = clean_doc(m.group("doc")), m.group("decl")
        # the comment must end right before the declaration (no other code between)
        if decl.startswith("PKI_API"):
            name, params, void = parse_params(decl)
            entries.append(Entry(name, "function", header, " ".join(decl.split()), doc, params,
                                 void))
            covered.add(m.start("decl"))
        else:
            tm = re.search(r"\b(pki_[a-z0-9_]+_t)\s*;\s*$", decl)
            if tm:
                entries.append(Entry(tm.group(1), "type", header, decl.strip(), doc))
    missing = []
    for m in DECL.finditer(text):
        if m.start() not in covered:
            try:
                missing.append(parse_params(m.group(0))[0])
            except ValueError:
                pass
    return entries, missing


def tags(doc: str) -> tuple[str, list[tuple[str, str]], str, str]:
    """(description, [(names, text)], return text, since) of a doc comment."""
    desc, params, ret, since = [], [], [], ""
    current = desc
    for line in doc.split("\n"):
        s = line.strip()
        # @since may close any paragraph, a @param or @return line included:
        # "@return 0, or PKI_E_IO. @since 0.1"
        sm = re.search(r"@since\s+([0-9.]+)", s)
        if sm:
            since = sm.group(1)
            s = (s[:sm.start()] + s[sm.end():]).strip()
            if not s:
                continue
        m = re.match(r"@param(?:\[[a-z, ]+\])?\s+([A-Za-z_0-9]+(?:\s*,\s*[A-Za-z_0-9]+)*)\s*(.*)",
                     s)
        if m:
            params.append([m.group(1), m.group(2)])
            current = params[-1]
            continue
        m = re.match(r"@returns?\b\s*(.*)", s)
        if m:
            ret = [m.group(1)]
            current = ret
            continue
        if current is desc:
            desc.append(s)
        elif current is ret:
            ret.append(s)
        else:
            current[1] += " " + s
    return ("\n".join(desc).strip(), [(n, t.strip()) for n, t in params],
            " ".join(ret).strip(), since)


def check(entries: list[Entry], missing: list[str]) -> list[str]:
    problems = [f"{name}: no doc comment" for name in missing]
    for e in entries:
        if e.kind != "function":
            continue
        _, params, ret, since = tags(e.doc)
        documented = {n.strip() for names, _ in params for n in names.split(",")}
        lacking = [p for p in e.params if p not in documented]
        if lacking:
            problems.append(f"{e.name}: no @param for {', '.join(lacking)}")
        if not e.returns_void and not ret:
            problems.append(f"{e.name}: no @return")
        if not since:
            problems.append(f"{e.name}: no @since")
    return problems


def roff(text: str) -> str:
    text = text.replace("\\", "\\e")
    text = re.sub(r"@p\s+([A-Za-z_0-9]+)", r"\\fI\1\\fR", text)
    text = re.sub(r"`([^`]+)`", r"\\fB\1\\fR", text)
    out = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


def man_page(e: Entry, version: str, date: str, others: list[str]) -> str:
    desc, params, ret, since = tags(e.doc)
    lines = [f'.TH {e.name.upper()} 3 "{date}" "libpki {version}" "libpki API"',
             ".SH NAME", f"{e.name} \\- {roff(first_sentence(desc))}",
             ".SH SYNOPSIS", ".nf", "#include <pki.h>", "", roff(synopsis(e.decl)), ".fi",
             ".PP", "Link with \\fB`pkg-config --cflags --libs libpki`\\fR.",
             ".SH DESCRIPTION"]
    for para in re.split(r"\n\s*\n", desc) or [""]:
        lines += [roff(" ".join(para.split())), ".PP"]
    if params:
        lines.append(".SH PARAMETERS")
        for names, text in params:
            lines += [".TP", f"\\fI{names}\\fR", roff(text)]
    if ret:
        lines += [".SH RETURN VALUE", roff(ret)]
    if since:
        lines += [".SH HISTORY", f"Since libpki {since}."]
    lines += [".SH SEE ALSO", ",\n".join(f"\\fB{o}\\fR(3)" for o in others[:12] if o != e.name)
              + (",\n" if others else "") + "\\fBpki\\fR(1)", ""]
    return "\n".join(line for line in lines if line is not None) + "\n"


def synopsis(decl: str) -> str:
    """The declaration without the export macro, one parameter per line when long."""
    decl = re.sub(r"^PKI_API\s+", "", decl)
    if len(decl) <= 78 or "(" not in decl:
        return decl
    head, args = decl.split("(", 1)
    pad = " " * (len(head) + 1)
    return head + "(" + (",\n" + pad).join(a.strip() for a in args.split(","))


def first_sentence(desc: str) -> str:
    text = " ".join(desc.split())
    m = re.match(r"(.+?[.:;])(\s|$)", text)
    s = m.group(1) if m else text
    return s.rstrip(".:;") or "libpki"


def html_page(entries: list[Entry], version: str) -> str:
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>libpki {html.escape(version)} API reference</title>",
           "<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
           "pre{background:#f4f4f4;padding:.5em;white-space:pre-wrap}"
           "dt{font-family:monospace;font-weight:bold}</style></head><body>",
           f"<h1>libpki {html.escape(version)} API reference</h1>",
           "<p>Generated from the comments of the public headers. "
           "<code>#include &lt;pki.h&gt;</code>, link with "
           "<code>pkg-config --cflags --libs libpki</code>.</p>"]
    headers = sorted({e.header for e in entries})
    out.append("<ul>")
    for h in headers:
        names = ", ".join(f'<a href="#{e.name}">{e.name}</a>' for e in entries if e.header == h)
        out.append(f"<li><b>{html.escape(h)}</b>: {names}</li>")
    out.append("</ul>")
    for h in headers:
        out.append(f"<h2>{html.escape(h)}</h2>")
        for e in (e for e in entries if e.header == h):
            desc, params, ret, since = tags(e.doc)
            out.append(f'<h3 id="{e.name}">{e.name}</h3><pre>{html.escape(synopsis(e.decl))}</pre>')
            for para in re.split(r"\n\s*\n", desc):
                out.append(f"<p>{html.escape(' '.join(para.split()))}</p>")
            if params:
                out.append("<dl>" + "".join(f"<dt>{html.escape(n)}</dt><dd>{html.escape(t)}</dd>"
                                            for n, t in params) + "</dl>")
            if ret:
                out.append(f"<p><b>Returns</b> {html.escape(ret)}</p>")
            if since:
                out.append(f"<p><i>Since libpki {html.escape(since)}.</i></p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("headers", nargs="+")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--man")
    ap.add_argument("--html")
    ap.add_argument("--version", default="")
    ap.add_argument("--date", default="")
    args = ap.parse_args()
    entries, missing = [], []
    for h in args.headers:
        e, m = parse(h)
        entries += e
        missing += m
    if args.check:
        problems = check(entries, missing)
        n = sum(1 for e in entries if e.kind == "function") + len(missing)
        for p in problems:
            print(p)
        print(f"{n} public functions, {len(problems)} documentation problem(s)")
        return 1 if problems or n == 0 else 0
    if args.man:
        os.makedirs(args.man, exist_ok=True)
        by_header: dict[str, list[str]] = {}
        for e in entries:
            by_header.setdefault(e.header, []).append(e.name)
        for e in entries:
            with open(os.path.join(args.man, e.name + ".3"), "w", encoding="utf-8") as f:
                f.write(man_page(e, args.version, args.date, by_header[e.header]))
    if args.html:
        os.makedirs(os.path.dirname(args.html) or ".", exist_ok=True)
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(html_page(entries, args.version))
    return 0


if __name__ == "__main__":
    sys.exit(main())
