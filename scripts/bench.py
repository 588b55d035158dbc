#!/usr/bin/env python3
"""`make bench`: whole-process speed and memory of smrole, measured, never asserted in tests.

Runs `smrole generate` for the lab's Data Scientist role with VPC and KMS many times and
reports the median and 95th-percentile wall time and the peak resident memory, beside the
figures of the official CDK construct for the same role (reference: 3.4 s, 420-530 MB).
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

CDK_SECONDS = 3.4
CDK_MB = 420


def main():
    binary = os.path.abspath(sys.argv[1])
    answers = os.path.abspath("examples/data-scientist.yaml")
    runs = int(os.environ.get("BENCH_RUNS", "200"))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        cmd = [binary, "generate", "--answers", answers, "--out", out]
        for _ in range(5):
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    times.sort()
    median = statistics.median(times)
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"generate (Data Scientist, VPC+KMS, json), {runs} runs as whole processes:")
    print(f"  median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, peak RSS {peak_kb / 1024:.1f} MB")
    print(f"  vs CDK construct {CDK_SECONDS:.1f} s / {CDK_MB} MB: {CDK_SECONDS / median:.0f}x faster, "
          f"{CDK_MB / (peak_kb / 1024):.0f}x less memory (target: 300x faster, 10x less memory)")


if __name__ == "__main__":
    main()
