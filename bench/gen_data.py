#!/usr/bin/env python3
"""Deterministic generator of police.uk street-level crime CSV files.

(Copied from the shared peer-benchmark harness so that this project stands alone; the
peers were timed on files from this generator with seed 42.)

Writes files shaped like a concatenation of police.uk "street" downloads
(one force, 36 consecutive months), e.g.

    python3 gen_data.py --out-dir /tmp/bench-data --sizes 100k,1m --seed 42

produces /tmp/bench-data/crimes-100k.csv (~25 MB) and crimes-1m.csv (~250 MB).
Same seed + same size => byte-identical file.

Realism notes (mirrors what police.uk publishes):
  * exact header below, "\n" line endings, RFC-4180 quoting only where needed
  * Crime ID is 64 lowercase hex chars, empty for Anti-social behaviour rows
  * Last outcome category is empty for Anti-social behaviour rows
  * ~1.5% of rows have no location (empty lon/lat/LSOA, Location "No Location")
  * Context is almost always empty; a few rows carry free text with commas and
    double quotes, which forces quoting
  * rows are grouped by month (as when monthly files are concatenated), with
    seasonality and a mild trend per crime type
"""
import argparse
import csv
import math
import os
import random
import sys

HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude",
          "Latitude", "Location", "LSOA code", "LSOA name", "Crime type",
          "Last outcome category", "Context"]

# (crime type, share of all rows, seasonal amplitude, yearly trend)
CRIME_TYPES = [
    ("Anti-social behaviour",         0.265, 0.22, -0.06),
    ("Bicycle theft",                 0.009, 0.35, -0.03),
    ("Burglary",                      0.045, 0.08, -0.04),
    ("Criminal damage and arson",     0.085, 0.06, -0.02),
    ("Drugs",                         0.022, 0.05, 0.04),
    ("Other crime",                   0.021, 0.03, 0.02),
    ("Other theft",                   0.062, 0.07, 0.00),
    ("Possession of weapons",         0.008, 0.05, 0.05),
    ("Public order",                  0.070, 0.10, 0.01),
    ("Robbery",                       0.006, 0.04, 0.03),
    ("Shoplifting",                   0.062, 0.04, 0.12),
    ("Theft from the person",         0.006, 0.06, 0.02),
    ("Vehicle crime",                 0.044, 0.05, -0.01),
    ("Violence and sexual offences",  0.295, 0.09, 0.01),
]

# police.uk "Last outcome category" strings (non-ASB rows), weights for an
# old month; recent months shift weight towards the "pending" outcomes.
OUTCOMES_FINAL = [
    ("Investigation complete; no suspect identified", 30),
    ("Unable to prosecute suspect", 34),
    ("Court result unavailable", 4),
    ("Local resolution", 5),
    ("Offender given a caution", 2),
    ("Offender given a drugs possession warning", 1),
    ("Offender given penalty notice", 1),
    ("Formal action is not in the public interest", 2),
    ("Further action is not in the public interest", 2),
    ("Further investigation is not in the public interest", 2),
    ("Action to be taken by another organisation", 2),
    ("Suspect charged as part of another case", 1),
    ("Offender sent to prison", 1),
    ("Offender given suspended prison sentence", 1),
    ("Offender given community sentence", 1),
    ("Offender fined", 1),
    ("Offender given conditional discharge", 1),
    ("Defendant found not guilty", 1),
    ("Status update unavailable", 4),
]
OUTCOMES_PENDING = [
    ("Under investigation", 70),
    ("Awaiting court outcome", 12),
    ("Status update unavailable", 3),
]

STREETS = [
    "Castle Street", "High Street", "Church Street", "Mill Lane",
    "Station Road", "Victoria Road", "Mardol", "Pride Hill", "Wyle Cop",
    "Abbey Foregate", "Longden Road", "Ellesmere Road", "Whitchurch Road",
    "Frankwell", "Smithfield Road", "Coton Hill", "Belle Vue Road",
    "Sutton Road", "Oteley Road", "Bridgnorth Road", "Broad Street",
    "Corve Street", "Bull Ring", "Mill Street", "Salop Street",
    "Cheshire Street", "Shropshire Street", "Willow Street", "Oswald Road",
    "Beatrice Street", "Park Avenue", "Queen Street", "King Street",
    "St Mary's Street", "St John's Hill", "Holyhead Road", "Watling Street",
    "Wellington Road", "Trench Road", "Hadley Park Road", "Stafford Park",
    "Forge Retail Park", "Coach Central", "Malinsgate", "Southwater Way",
    "Church Road", "New Street", "Greenfields Road", "Meadow Close",
    "Orchard Way", "Brook Drive", "Glebe Road", "Chestnut Drive",
]
PLACES = [
    "Supermarket", "Parking Area", "Petrol Station", "Shopping Area",
    "Sports/Recreation Area", "Nightclub", "Pedestrian Subway",
    "Further/Higher Educational Building", "Hospital", "Police Station",
    "Theatre/Concert Hall", "Bus/Coach Station", "Conference/Exhibition Centre",
]
CONTEXTS = [
    'Reported online, victim declined further contact',
    'Linked to incident ref 4512, "ongoing" dispute',
    'Offender known to victim, no further action requested',
    'Items recovered, returned to owner',
]

FORCE = "West Mercia Police"
START_YEAR, START_MONTH, N_MONTHS = 2022, 1, 36


def months():
    y, m = START_YEAR, START_MONTH
    out = []
    for _ in range(N_MONTHS):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def build_lsoas(rng):
    """~240 LSOAs with E01028xxx codes, district names, centroids."""
    lsoas = []
    districts = [("Shropshire", 45, (-2.75, 52.62), 0.28),
                 ("Telford and Wrekin", 22, (-2.47, 52.69), 0.08)]
    code = 28000
    for name, n_msoa, (clon, clat), spread in districts:
        for msoa in range(1, n_msoa + 1):
            mlon = clon + rng.uniform(-spread, spread)
            mlat = clat + rng.uniform(-spread * 0.6, spread * 0.6)
            for letter in "ABCDE"[: rng.randint(2, 5)]:
                lon = mlon + rng.uniform(-0.02, 0.02)
                lat = mlat + rng.uniform(-0.012, 0.012)
                # each LSOA has a handful of "snap points" (police.uk
                # anonymises locations to a fixed set of points)
                points = []
                for _ in range(rng.randint(4, 12)):
                    if rng.random() < 0.75:
                        loc = "On or near " + rng.choice(STREETS)
                    else:
                        loc = "On or near " + rng.choice(PLACES)
                    points.append((f"{lon + rng.uniform(-0.006, 0.006):.6f}",
                                   f"{lat + rng.uniform(-0.004, 0.004):.6f}",
                                   loc))
                lsoas.append((f"E0{1000000 + code}",   # E01028000, E01028001, ...
                              f"{name} {msoa:03d}{letter}", points,
                              rng.lognormvariate(0, 0.8)))
                code += 1
    return lsoas


def month_weights(mlist, amp, trend):
    w = []
    for i, mo in enumerate(mlist):
        m = int(mo[5:])
        season = 1 + amp * math.sin(2 * math.pi * (m - 4) / 12)  # peaks ~July
        w.append(season * (1 + trend) ** (i / 12))
    return w


def split_counts(total, weights):
    """Integer split of `total` proportional to weights (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    base = [int(x) for x in raw]
    rem = total - sum(base)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - base[i], reverse=True)
    for i in order[:rem]:
        base[i] += 1
    return base


def generate(path, n_rows, seed):
    rng = random.Random(seed)
    mlist = months()
    lsoas = build_lsoas(rng)
    lsoa_cum = []
    acc = 0.0
    for l in lsoas:
        acc += l[3]
        lsoa_cum.append(acc)

    # expected (month, type) intensities -> exact per-month row counts
    inten = [[share * w for w in month_weights(mlist, amp, trend)]
             for (_, share, amp, trend) in CRIME_TYPES]
    per_month = split_counts(n_rows, [sum(inten[t][mi] for t in range(len(CRIME_TYPES)))
                                      for mi in range(len(mlist))])
    types = [t[0] for t in CRIME_TYPES]
    fin_names = [o for o, _ in OUTCOMES_FINAL]
    fin_cum = _cum([w for _, w in OUTCOMES_FINAL])
    pen_names = [o for o, _ in OUTCOMES_PENDING]
    pen_cum = _cum([w for _, w in OUTCOMES_PENDING])

    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(HEADER)
        for mi, month in enumerate(mlist):
            n = per_month[mi]
            type_cum = _cum([inten[t][mi] for t in range(len(types))])
            tsel = rng.choices(types, cum_weights=type_cum, k=n)
            lsel = rng.choices(lsoas, cum_weights=lsoa_cum, k=n)
            age = len(mlist) - 1 - mi          # months before the newest
            p_pending = 0.85 * math.exp(-age / 4.0) + 0.03
            rows = []
            for ctype, lsoa in zip(tsel, lsel):
                asb = ctype == "Anti-social behaviour"
                cid = "" if asb else "%064x" % rng.getrandbits(256)
                if rng.random() < 0.015:
                    lon = lat = code = name = ""
                    loc = "No Location"
                else:
                    code, name, points = lsoa[0], lsoa[1], lsoa[2]
                    lon, lat, loc = points[rng.randrange(len(points))]
                if asb:
                    outcome = ""
                elif rng.random() < p_pending:
                    outcome = rng.choices(pen_names, cum_weights=pen_cum)[0]
                else:
                    outcome = rng.choices(fin_names, cum_weights=fin_cum)[0]
                ctx = rng.choice(CONTEXTS) if rng.random() < 0.004 else ""
                rows.append((cid, month, FORCE, FORCE, lon, lat, loc, code,
                             name, ctype, outcome, ctx))
            w.writerows(rows)
    os.replace(tmp, path)


def _cum(ws):
    out, acc = [], 0.0
    for x in ws:
        acc += x
        out.append(acc)
    return out


def parse_size(s):
    s = s.strip().lower()
    mult = 1
    if s.endswith("k"):
        mult, s = 1000, s[:-1]
    elif s.endswith("m"):
        mult, s = 1000000, s[:-1]
    return int(float(s) * mult)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out-dir", default="/tmp/bench-data")
    ap.add_argument("--sizes", default="100k,1m",
                    help="comma list of row counts, e.g. 100k,1m or 5000")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--force", action="store_true", help="regenerate existing files")
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    for label in a.sizes.split(","):
        label = label.strip().lower()
        n = parse_size(label)
        path = os.path.join(a.out_dir, f"crimes-{label}.csv")
        if os.path.exists(path) and not a.force:
            print(f"exists, skipping: {path} (use --force)")
            continue
        # seed mixes in the size so each file is independently reproducible
        generate(path, n, a.seed * 1_000_003 + n)
        print(f"wrote {path}: {n} rows, {os.path.getsize(path) / 1e6:.1f} MB")


if __name__ == "__main__":
    sys.exit(main())
