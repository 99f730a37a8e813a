"""B8's figure: seconds until every UPSERT was accepted and every INSYNC seen, against the
fleet size N, per tool and layout, real runs and simulated ones apart (matplotlib, PNG)."""

import os

try:
    import matplotlib
    matplotlib.use("Agg")  # no display: the run writes a file
    import matplotlib.pyplot as plt
    MISSING = ""
except ImportError as missing:  # the report says so instead of a figure
    plt = None
    MISSING = str(missing)

FIGURE = "b8-fleet.png"


def floor(n):
    """(2N − 50)/10 s, at least 0: the least time in which B8's bucket (b8.BUDGET) admits N
    changes; the report's goal and the figure's dotted line."""
    return max(0.0, (2 * n - 50) / 10)


def figure_path(out, smoke):
    """Where the figure goes: doc/ beside the report (the tree's doc/ for BENCHMARKS.md); a
    smoke run's beside its temporary report, so that it leaves nothing in the tree."""
    if smoke:
        return os.path.splitext(out)[0] + "-" + FIGURE
    return os.path.join(os.path.dirname(os.path.abspath(out)), "doc", FIGURE)


def _points(r, tool, layout, key):
    real = sorted((g["n"], g[key]) for g in r["real"]
                  if g["tool"] == tool and g["layout"] == layout and g[key] is not None)
    sim = sorted((g["n"], g[key]) for g in r["sim"]["runs"] if "error" not in g
                 and g["tool"] == tool and g["layout"] == layout and g.get(key) is not None)
    return real, sim


def _partial(r, tool, layout):
    """(N, last accepted UPSERT) of the groups where some UPSERT was never accepted."""
    out = []
    for g in r["real"] + [g for g in r["sim"]["runs"] if "error" not in g]:
        if g["tool"] != tool or g["layout"] != layout or g.get("upsert_all") is not None:
            continue
        times = [c.get("accepted") for c in g.get("clusters", [])] or g.get("per_cluster") or []
        times = [t for t in times if t is not None]
        if times:
            out.append((g["n"], max(times)))
    return out


def draw(r, path):
    """Writes the figure; returns None, or why there is none."""
    if plt is None:
        return f"matplotlib is missing ({MISSING}; Debian package python3-matplotlib)"
    layouts = [lay for lay in ("per-zone", "shared") if any(g["layout"] == lay for g in r["real"])]
    fig, axes = plt.subplots(2, len(layouts), figsize=(6 * len(layouts), 8), squeeze=False)
    colors = {"awsdns": "tab:blue", "aws_wait": "tab:orange", "agent": "tab:green"}
    sizes = sorted({g["n"] for g in r["real"]} | {g["n"] for g in r["sim"]["runs"]})
    for col, layout in enumerate(layouts):
        for row, (key, what) in enumerate((("upsert_all", "every UPSERT accepted"),
                                           ("insync_all", "every INSYNC seen"))):
            ax = axes[row][col]
            for tool, color in colors.items():
                real, sim = _points(r, tool, layout, key)
                if real:
                    ax.plot(*zip(*real), "o-", color=color, label=f"{tool} (real)")
                if sim:
                    ax.plot(*zip(*sim), "s--", color=color, mfc="none",
                            label=f"{tool} (simulated)")
                partial = _partial(r, tool, layout) if key == "upsert_all" else []
                if partial:
                    ax.plot(*zip(*partial), "x", color=color, markersize=9,
                            label=f"{tool}: last accepted, some never were")
            # INSYNC cannot come before the last change was admitted plus T
            extra = r["insync"] if key == "insync_all" else 0.0
            ax.plot(sizes, [floor(n) + extra for n in sizes], "k:",
                    label="floor (2N − 50)/10 s" + (f" + T ({extra:g} s)" if extra else ""))
            ax.set_xscale("log")
            ax.set_xlabel("clusters failing over at once (N)")
            ax.set_ylabel(f"seconds until {what}")
            ax.set_title(f"{layout}: {what}")
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=7)
    fig.tight_layout()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return None
