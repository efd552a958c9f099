"""Scan the benchmark corpus with pygitguardian, the way its users do.

Written by gitguardian-bench into its venv and run there:

    python bench_scan.py BASE_URI DOCS_JSON MODE RUNS

MODE is `sequential` (py-gitguardian's own example: one multi_content_scan call per chunk of
`maximum_documents_per_scan` documents, one after the other) or `threads:N` (what ggshield
does: the same chunks on a thread pool of N workers sharing one client).

Each run builds a fresh client, reads /v1/metadata (as ggshield does, to learn the limits)
and scans every document; it prints one JSON line: seconds, documents scanned, policy
breaks. Reading the corpus and importing the library happen before the clock starts.
"""

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from pygitguardian import GGClient
from pygitguardian.models import MultiScanResult

API_KEY = "bench-key-0123456789"


def scan_all(base_uri, documents, mode):
    client = GGClient(api_key=API_KEY, base_uri=base_uri)
    problem = client.read_metadata()
    if problem is not None:
        raise SystemExit(f"read_metadata failed: {problem}")
    size = client.secret_scan_preferences.maximum_documents_per_scan
    chunks = [documents[i : i + size] for i in range(0, len(documents), size)]
    if mode == "sequential":
        results = [client.multi_content_scan(chunk) for chunk in chunks]
    elif mode.startswith("threads:"):
        workers = int(mode.split(":", 1)[1])
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(client.multi_content_scan, chunks))
    else:
        raise SystemExit(f"unknown mode {mode}")
    scanned = 0
    breaks = 0
    for result in results:
        if not isinstance(result, MultiScanResult):
            raise SystemExit(f"scan failed: {result}")
        scanned += len(result.scan_results)
        breaks += sum(r.policy_break_count for r in result.scan_results)
    return scanned, breaks


def main():
    base_uri, docs_path, mode, runs = sys.argv[1:5]
    with open(docs_path, encoding="utf-8") as handle:
        documents = json.load(handle)
    for run in range(int(runs)):
        started = time.perf_counter()
        scanned, breaks = scan_all(base_uri, documents, mode)
        seconds = time.perf_counter() - started
        print(
            json.dumps(
                {"run": run, "seconds": seconds, "scanned": scanned, "breaks": breaks}
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
