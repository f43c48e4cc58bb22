"""Benchmark ingest: (a) N entries into an empty catalogue, (b) one more 200-entry dump into it.

Run: python3 dev.py bench bench/bench_ingest.py [--entries 100000]
Targets on the 2-core machine: (a) <= 30 s, (b) <= 5 s, peak memory < 2 GB. Each phase runs in a
fresh process so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # devkit

from devkit.synth import Synth, dump_text  # noqa: E402

PER_DUMP = 1000


def make_dumps(root: Path, n: int, seed: int) -> None:
    synth = Synth(seed=seed)
    entries = list(synth.entries(n))
    (root / "dumps").mkdir(parents=True, exist_ok=True)
    for i in range(0, n, PER_DUMP):
        (root / "dumps" / f"synth_{i // PER_DUMP:04d}.txt").write_text(dump_text(entries[i : i + PER_DUMP]))


def phase(root: Path) -> dict[str, float]:
    """Run one ingest in a child process; wall time and its peak RSS."""
    code = (
        "import resource, time, json, sys\n"
        "from pathlib import Path\n"
        "from papercat.commands.ingest import run_ingest\n"
        "from papercat.files import Layout\n"
        "t = time.perf_counter()\n"
        f"r = run_ingest(Layout(Path({str(root)!r})))\n"
        "dt = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': dt, 'peak_mb': rss, 'summary': r.summary()}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--extra", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "catalogue"
        t = time.perf_counter()
        make_dumps(root, args.entries, seed=1)
        print(f"synthesised {args.entries} entries in {time.perf_counter() - t:.1f} s")
        a = phase(root)
        print(
            f"(a) ingest {args.entries} entries into an empty catalogue: {a['seconds']:.1f} s, "
            f"peak {a['peak_mb']:.0f} MB  [{a['summary']}]"
        )
        synth = Synth(seed=2)
        extra = list(synth.entries(args.extra, dup_rate=0.0))
        # a realistic new dump also repeats some papers already in the catalogue
        repeated = list(Synth(seed=1).entries(PER_DUMP))[5:45]
        (root / "dumps" / "zz_new.txt").write_text(dump_text(extra + repeated))
        b = phase(root)
        print(
            f"(b) one more {args.extra}-entry dump into that catalogue: {b['seconds']:.2f} s, "
            f"peak {b['peak_mb']:.0f} MB  [{b['summary']}]"
        )
        c = phase(root)
        print(f"(c) re-run with nothing new: {c['seconds']:.2f} s, peak {c['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
