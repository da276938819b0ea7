"""What the conformance runners (tests/conformance-pkits.py, tests/conformance-limbo.py) share:
their options, the list of known failures and the TAP line of a case."""


def take_option(args, name):
    """Remove ``name VALUE`` from ``args``; the VALUE, or None when the option is absent."""
    if name not in args:
        return None
    i = args.index(name)
    value = args[i + 1]
    del args[i:i + 2]
    return value


def read_known(path):
    """The known failures of a file of lines "ID<TAB>reason" (# comments): {id: reason}."""
    known = {}
    if path:
        for line in open(path):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            id_, _, why = line.partition("\t")
            known[id_.strip()] = why.strip()
    return known


def tap_line(n, label, case_id, agree, known, disagreement):
    """The TAP line of case ``n`` and whether it is unexpected: a disagreement that is not a
    known failure (``disagreement`` says how), or a known failure that now agrees."""
    if agree and case_id not in known:
        return "ok %d - %s" % (n, label), False
    if agree:
        return "not ok %d - %s: now agrees, remove it from the known failures" % (n, label), True
    if case_id in known:
        return "ok %d - %s (known failure: %s)" % (n, label, known[case_id]), False
    return "not ok %d - %s: %s" % (n, label, disagreement), True


def parse_args(argv, values, flags):
    """Split ``argv``: the operands, the values of the options named in ``values`` (None when
    absent, in that order) and whether each option of ``flags`` is given (in that order)."""
    argv = list(argv)
    got = [take_option(argv, name) for name in values]
    given = [name in argv for name in flags]
    return [a for a in argv if not a.startswith("--")], got, given


def finish(summary, disagreements, tap, list_failures, failed):
    """Print the summary (a TAP comment with --tap) and, with --list-failures, one line per
    disagreement; the exit status (1 when ``failed``)."""
    prefix = "# " if tap else ""
    print(prefix + summary)
    if list_failures:
        for line in disagreements:
            print("%sDISAGREE %s" % (prefix, line))
    return 1 if failed else 0
