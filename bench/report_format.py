"""How BENCHMARKS.md shows numbers: a figure's median with its range in seconds, milliseconds
or counts, API request counts, Markdown tables, a goal's verdict."""

MIB = 1024.0


def ms(stat):
    """'median (min-max)' of a seconds summary, in milliseconds."""
    if not stat:
        return "n/a"
    return f"{stat['median'] * 1000:.2f} ms ({stat['min'] * 1000:.2f}–{stat['max'] * 1000:.2f})"


def secs(stat, digits=2):
    if not stat:
        return "n/a"
    return (f"{stat['median']:.{digits}f} s ({stat['min']:.{digits}f}–"
            f"{stat['max']:.{digits}f})")


def count(stat):
    if not stat:
        return "n/a"
    if stat["min"] == stat["max"]:
        return f"{stat['median']:g}"
    return f"{stat['median']:g} ({stat['min']:g}–{stat['max']:g})"


def ops(api):
    return ", ".join(f"{op} {n}" for op, n in sorted(api.items())) or "none"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def yes_no(ok):
    return "**met**" if ok else "**NOT met**"
