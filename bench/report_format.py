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


def replace_section(text, heading, new_section):
    """Report `text` with the section whose heading starts with `heading` (e.g. "## B6")
    replaced by `new_section`, or inserted before the problems / reproducing sections."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(heading)), None)
    if start is None:
        start = next((i for i, line in enumerate(lines)
                      if line.startswith(("## Problems met", "## Reproducing"))), len(lines))
        end = start
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
                   len(lines))
    return "\n".join(lines[:start] + new_section.rstrip("\n").split("\n") + [""] + lines[end:])
