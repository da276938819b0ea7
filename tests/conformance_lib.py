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
