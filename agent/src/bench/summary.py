#!/usr/bin/env python3
"""Prints the benchmark's table, ratios and target verdicts from run-bench.sh's output, and plots scrape CPU cost vs disks."""
import csv
import json
import subprocess
import sys
from pathlib import Path

out = Path(sys.argv[1])
rows = list(csv.DictReader(open(out / "results.tsv"), delimiter="\t"))
by = {(r["label"], r["tool"]): r for r in rows}
labels = list(dict.fromkeys(r["label"] for r in rows))
verdicts = []


def num(r, k):
    return float(r[k])


def verdict(name, value, limit, unit=""):
    ok = value <= limit
    how = "met" if ok else f"MISSED by {value / limit:.2f}x ({value:g}{unit} vs {limit:g}{unit})"
    verdicts.append(f"  {'OK  ' if ok else 'MISS'} {name}: {value:g}{unit} (target <= {limit:g}{unit}) {'' if ok else how}")


print((out / "machine.txt").read_text().strip())
print()
cols = [("cpu_ms_per_scrape", "CPU ms/scrape"), ("cpu_ms_paced", "CPU ms paced 1st"), ("cpu_ms_steady", "CPU ms steady"), ("p50_c1_ms", "p50 ms c1"), ("p99_c1_ms", "p99 ms c1"),
        ("p50_c64_ms", "p50 ms c64"), ("p99_c64_ms", "p99 ms c64"), ("rss_warm_kb", "RSS warm MB"), ("rss_end_kb", "RSS end MB")]
print(f"{'tree':10} {'metric':14} {'guestdiag':>10} {'node_exp':>10} {'ratio':>7}")
for label in labels:
    g, n = by.get((label, "guestdiag")), by.get((label, "node_exporter"))
    if not g or not n:
        continue
    print(f"{label:10} disks={g['disks']}, scrapes guestdiag {g['scrapes_total']} / node_exporter {n['scrapes_total']}, "
          f"bytes/scrape {g['bytes_per_scrape']} / {n['bytes_per_scrape']} (gzip), errors {g['errors']} / {n['errors']}")
    for k, title in cols:
        if k not in g or k not in n:  # results of an older bench
            continue
        gv, nv = num(g, k), num(n, k)
        if k.endswith("_kb"):
            gv, nv = gv / 1024, nv / 1024
        ratio = gv / nv if nv else float("nan")
        print(f"{'':10} {title:14} {gv:10.3f} {nv:10.3f} {ratio:7.3f}")
    print(f"{'':10} {'CPU s/1000 scr':14} {num(g, 'cpu_ms_per_scrape'):10.3f} {num(n, 'cpu_ms_per_scrape'):10.3f}")

# the floor: the agent's HTTP stack alone on the agent's JVM flags, serving the agent's scrape as a fixed body
floors = [(label, by[(label, "guestdiag")], by[(label, "floor")]) for label in labels if (label, "floor") in by and (label, "guestdiag") in by]
for label, g, f in floors:
    print(f"\n{label:10} the HTTP stack's floor (StackFloor: Javalin 7/Jetty 12 alone, the agent's JVM flags, its scrape as a fixed body)")
    print(f"{'':10} {'metric':14} {'guestdiag':>10} {'floor':>10} {'above':>7}")
    for k, title in cols:
        if k not in g or k not in f:
            continue
        gv, fv = num(g, k), num(f, k)
        if k.endswith("_kb"):
            gv, fv = gv / 1024, fv / 1024
        print(f"{'':10} {title:14} {gv:10.3f} {fv:10.3f} {gv - fv:7.3f}")

cold = {}
if (out / "cold.json").exists():
    print("\ndiagnose cold start (6 disks, hyperfine):")
    for r in json.load(open(out / "cold.json"))["results"]:
        cold[r["command"]] = r["mean"]
        print(f"  {r['command']:11} mean {r['mean']:.3f} s  min {r['min']:.3f} s  max {r['max']:.3f} s  (+/- {r['stddev']:.3f})"
              f"  CPU user {r['user']:.3f} s + system {r['system']:.3f} s")


def ratio_at(label):
    g, n = by.get((label, "guestdiag")), by.get((label, "node_exporter"))
    return num(g, "cpu_ms_per_scrape") / num(n, "cpu_ms_per_scrape") if g and n else None


if ratio_at("disks6") is not None:
    verdict("CPU per scrape vs node_exporter at 6 disks", round(ratio_at("disks6"), 3), 0.5, "x")
if ratio_at("disks256") is not None:
    verdict("CPU per scrape vs node_exporter at 256 disks", round(ratio_at("disks256"), 3), 0.25, "x")
if ratio_at("real256") is not None:
    real = by[("real256", "guestdiag")]
    verdict(f"CPU per scrape vs node_exporter at {real['disks']} disks, real guest (one virtio-scsi controller)",
            round(ratio_at("real256"), 3), 0.25, "x")


def paced_ratio(label, key):
    g, n = by.get((label, "guestdiag")), by.get((label, "node_exporter"))
    if not g or not n or key not in g or not num(n, key):
        return None
    return num(g, key) / num(n, key)


# the same targets for scrapes one every 1.1 s, where no scraper shares another's rendering of the JVM meters:
# judged in the steady state (at the end, after the 64-connection load and minutes of refreshes); the first minute is shown beside it
for label, name, limit in (("disks6", "6 disks", 0.5), ("disks256", "256 disks", 0.25), ("real256", "256 disks, real guest", 0.25)):
    if paced_ratio(label, "cpu_ms_steady") is not None:
        verdict(f"CPU per paced scrape vs node_exporter at {name}, steady", round(paced_ratio(label, "cpu_ms_steady"), 3), limit, "x")
    if paced_ratio(label, "cpu_ms_paced") is not None:
        r = round(paced_ratio(label, "cpu_ms_paced"), 3)
        verdicts.append(f"  info CPU per paced scrape vs node_exporter at {name}, in its first minute: {r:g}x"
                        f" ({'within' if r <= limit else 'above'} the {limit:g}x of the steady state)")
for label in labels:
    g = by.get((label, "guestdiag"))
    if g:
        verdict(f"p99 at 64 scrapers, {label}", num(g, "p99_c64_ms"), 10, " ms")
six = by.get(("disks6", "guestdiag"))
if six:
    verdict(f"RSS after {six['scrapes_total']} scrapes at 6 disks", round(num(six, "rss_end_kb") / 1024, 1), 64, " MB")
for label in labels:
    g = by.get((label, "guestdiag"))
    if g and label != "disks6":
        verdict(f"RSS at end, {label}", round(num(g, "rss_end_kb") / 1024, 1), 64, " MB")
for label, g, f in floors:
    floor_rss, own_rss = num(f, "rss_end_kb") / 1024, (num(g, "rss_end_kb") - num(f, "rss_end_kb")) / 1024
    verdicts.append(f"  info the HTTP stack alone at {label} (StackFloor, same JVM flags and body, same scrapes): RSS at end {floor_rss:.1f} MB"
                    f" ({'above' if floor_rss > 64 else 'within'} the 64 MB target; guestdiag's own part {own_rss:.1f} MB),"
                    f" p99 at 64 scrapers {num(f, 'p99_c64_ms'):g} ms (guestdiag {num(g, 'p99_c64_ms'):g} ms),"
                    f" CPU ms/scrape {num(f, 'cpu_ms_per_scrape'):g} (guestdiag {num(g, 'cpu_ms_per_scrape'):g})")
for name in ("AppCDS", "AppCDS text"):  # as the launcher runs it
    if name in cold:
        verdict(f"diagnose cold start, {name}", round(cold[name], 3), 0.6, " s")
for name in ("no CDS", "JDK CDS"):  # what the archive is worth
    if name in cold:
        verdicts.append(f"  info diagnose cold start without the launcher's AppCDS archive, {name}: {cold[name]:.3f} s")
series = sorted((int(r["disks"]), num(r, "cpu_ms_per_scrape")) for r in rows if r["tool"] == "guestdiag" and r["label"].startswith("disks"))
if len(series) >= 3 and series[-1][0] > series[-2][0] > series[0][0]:
    # linear: the cost of one more disk between the two largest trees is no more than 1.5x that up to the second largest
    (d0, c0), (d1, c1), (d2, c2) = series[0], series[-2], series[-1]
    before, after = (c1 - c0) / (d1 - d0), (c2 - c1) / (d2 - d1)
    print(f"\nguestdiag marginal CPU per disk: {before * 1000:.2f} us ({d0}->{d1} disks), {after * 1000:.2f} us ({d1}->{d2} disks)")
    verdict(f"linear cost: marginal cost {d1}->{d2} over {d0}->{d1}", round(after / before, 2) if before > 0 else 0, 1.5, "x")

print("\ntargets:")
print("\n".join(verdicts))

# plot: CPU per scrape vs disks, both tools, log-log
data = out / "plot.dat"
with open(data, "w") as f:
    for r in rows:
        if r["label"].startswith("disks"):
            f.write(f"{r['tool']} {r['disks']} {r['cpu_ms_per_scrape']}\n")
        elif r["label"] == "real256":
            f.write(f"real-{r['tool']} {r['disks']} {r['cpu_ms_per_scrape']}\n")
png = out / "scrape-cpu-vs-disks.png"
real_plot = ""
if any(r["label"] == "real256" for r in rows):  # the real guest's points beside the generated series
    real_plot = "".join(
        f", \\\n     \"< grep '^real-{tool} ' {data}\" using 2:3 with points pt {pt} ps 2 lc {lc} title \"{tool}, real guest\""
        for tool, pt, lc in (("guestdiag", 6, 1), ("node_exporter", 4, 2)))
script = f"""
set terminal pngcairo size 900,560 font ",11" noenhanced
set output "{png}"
set title "CPU per scrape vs disks (same tree, same run; load {(out / 'machine.txt').read_text().split('load at start: ')[1].splitlines()[0]})"
set xlabel "disks"
set ylabel "CPU ms per scrape"
set logscale xy
set grid
set key top left
plot "< grep '^guestdiag ' {data}" using 2:3 with linespoints lw 2 pt 7 title "guestdiag serve", \\
     "< grep '^node_exporter ' {data}" using 2:3 with linespoints lw 2 pt 5 title "node_exporter 1.5.0"{real_plot}
"""
subprocess.run(["gnuplot"], input=script, text=True, check=True)
print(f"\nplot: {png}")
