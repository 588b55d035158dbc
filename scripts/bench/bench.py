#!/usr/bin/env python3
"""`make bench`: smrole's speed and memory as whole processes, each beside the tool it replaces, measured in the
same run on the same machine (never against a remembered figure, never in a timed test).

Every command runs as a whole process under scripts/bench/measure.c, which reports its wall time (fork to the
last process of its tree reaped) and the peak resident memory of its largest process; the median and 95th
percentile of the wall times and the highest peak of all runs are printed, then the ratio to the peer:
- generate, Data Scientist with VPC and KMS, all formats, each run into a new folder — vs the Role Manager CDK
  construct synthesizing the same role (scripts/bench/cdk_data_scientist.py; python and node). Targets: 300x
  faster, 10x less memory. Generating again into the same folder is shown beside it, not compared;
- lint of one policy — vs parliament's CLI on the same file (target: 25x faster);
- apply of the Data Scientist role against moto on loopback — vs the generated AWS CLI script creating the
  same role (target: 10x faster);
- `smrole --version`, the floor of this binary as a process (start-up and exit, no work);
- the wizard's first frame on a pseudo-terminal (target 50 ms), and one keystroke, update plus view, from the
  wizard-bench executable (target: p99 under 2 ms).
A peer that is not installed (scripts/bench/install-bench-deps.sh, make deps) is reported as skipped.

Usage: bench.py path/to/smrole    Environment: BENCH_RUNS (smrole, default 200), BENCH_CDK_RUNS (5),
BENCH_PARLIAMENT_RUNS (10), BENCH_APPLY_RUNS (5).
"""
import math
import os
import pty
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_VENV = ROOT / ".venv-test" / "bin"
BENCH_VENV = ROOT / ".venv-bench" / "bin"


@dataclass
class Measurement:
    runs: int
    median: float
    p95: float
    peak_mib: float
    processes: int

    def line(self):
        tree = f" (largest of {self.processes} processes)" if self.processes > 1 else ""
        return (f"median {self.median * 1000:.1f} ms, p95 {self.p95 * 1000:.1f} ms, "
                f"peak RSS {self.peak_mib:.1f} MB{tree}, {self.runs} runs")


class Skipped(Exception):
    """A peer that cannot run here; the bench says so instead of inventing a figure."""


def build_measurer(folder):
    compiler = shutil.which("cc") or shutil.which("clang")
    if not compiler:
        sys.exit("bench: no C compiler (cc or clang) to build scripts/bench/measure.c")
    binary = Path(folder) / "measure"
    subprocess.run([compiler, "-O2", "-o", str(binary), str(ROOT / "scripts/bench/measure.c")], check=True)
    return str(binary)


def measure(measurer, cmd, runs, warmup=3, stdin_path=None, env=None, before_each=None, ok=(0, 1)):
    """Runs `cmd` warmup + runs times under the measurer; the warm-up runs fill the page cache and are dropped.
    `cmd` is a list, or a function of the run's number that returns one."""
    times, peak_kib, processes = [], 0, 1
    with tempfile.NamedTemporaryFile() as report:
        for i in range(warmup + runs):
            if before_each:
                before_each()
            stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
            args = cmd(i) if callable(cmd) else cmd
            result = subprocess.run([measurer, report.name, *args], stdin=stdin, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, env=env)
            if stdin_path:
                stdin.close()
            fields = Path(report.name).read_text().split()
            if result.returncode != 0 or len(fields) != 5 or int(fields[4]) not in ok:
                errors = result.stderr.decode(errors="replace")[-2000:]
                raise RuntimeError(f"{' '.join(map(str, args))} failed: {errors}")
            if i >= warmup:
                times.append(float(fields[0]))
                peak_kib = max(peak_kib, int(fields[1]))
                processes = max(processes, int(fields[3]))
    times.sort()
    p95 = times[min(len(times) - 1, math.ceil(len(times) * 0.95) - 1)]  # nearest rank
    return Measurement(runs, statistics.median(times), p95, peak_kib / 1024, processes)


def compare(name, ours, peer_name, peer, speed_target, memory_target=None):
    print(f"  {peer_name}: {peer.line()}")
    speed = peer.median / ours.median
    line = f"  smrole {name} is {speed:.0f}x faster (target {speed_target}x)"
    if memory_target:
        line += f", uses {peer.peak_mib / ours.peak_mib:.0f}x less memory (target {memory_target}x)"
    print(line)


def skipped(peer_name, reason):
    print(f"  {peer_name}: skipped — {reason}")


def bench_generate(measurer, binary, runs, tmp):
    """Each run writes into a folder of its own, so every run writes every file (the CDK construct, too, writes
    its whole cdk.out each time). A second figure: generating again into the same folder, where smrole finds its
    files already in place and writes nothing; it is shown, never compared."""
    answers = str(ROOT / "examples/data-scientist.yaml")
    fresh = os.path.join(tmp, "generate-fresh")
    os.mkdir(fresh)
    ours = measure(measurer, lambda i: [binary, "generate", "--answers", answers, "--out", os.path.join(fresh, str(i)),
                                        "--format", "all"], runs)
    shutil.rmtree(fresh)
    print(f"generate (Data Scientist, VPC+KMS, all formats) into a new folder\n  smrole: {ours.line()}")
    out = os.path.join(tmp, "generate")
    again = measure(measurer, [binary, "generate", "--answers", answers, "--out", out, "--format", "all"], runs)
    print(f"  smrole, again into the same folder (nothing to write): {again.line()}")
    python = BENCH_VENV / "python"
    try:
        if not shutil.which("node"):
            raise Skipped("node is not installed (Debian nodejs: scripts/bench/install-bench-deps.sh)")
        if not python.exists() or subprocess.run([python, "-c", "import cdklabs.cdk_aws_sagemaker_role_manager"],
                                                 capture_output=True).returncode != 0:
            raise Skipped("the construct is not installed (.venv-bench: scripts/bench/install-bench-deps.sh)")
        cdk_out = os.path.join(tmp, "cdk.out")
        env = dict(os.environ, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION="1", CDK_DISABLE_VERSION_CHECK="1")
        peer = measure(measurer, [str(python), str(ROOT / "scripts/bench/cdk_data_scientist.py"), cdk_out],
                       int(os.environ.get("BENCH_CDK_RUNS", "5")), warmup=1, env=env, ok=(0,))
        if not Path(cdk_out, "SmroleBench.template.json").exists():
            raise RuntimeError("the CDK construct wrote no template")
        compare("generate", ours, "the CDK construct (python + node, synth of the same role)", peer, 300, 10)
    except Skipped as reason:
        skipped("the CDK construct", reason)
    return Path(out)


def bench_lint(measurer, binary, runs, out):
    policy = sorted(Path(out, "policies").glob("*manage-ml-jobs*.json"))[0]
    ours = measure(measurer, [binary, "lint", str(policy)], runs)
    print(f"lint one policy ({policy.name})\n  smrole: {ours.line()}")
    parliament = TEST_VENV / "parliament"
    if not parliament.exists():
        skipped("parliament", "not installed (the test venv: make deps)")
        return
    peer = measure(measurer, [str(parliament), "--json"], int(os.environ.get("BENCH_PARLIAMENT_RUNS", "10")),
                   stdin_path=str(policy))
    compare("lint", ours, "parliament --json on the same file", peer, 25)


def bench_apply(measurer, binary, runs):
    """smrole apply and create-role.sh (AWS CLI) for the same role, each on a freshly reset moto."""
    if not (TEST_VENV / "aws").exists() or not (TEST_VENV / "moto_server").exists():
        print("apply of the Data Scientist role against moto\n  skipped — the AWS CLI or moto is not installed "
              "(the test venv: make deps)")
        return
    sys.path.insert(0, str(ROOT / "Tests" / "oracles"))
    from moto_server import moto_server
    with tempfile.TemporaryDirectory() as tmp, moto_server() as url:
        answers = Path(tmp) / "ds.yaml"
        example = (ROOT / "examples" / "data-scientist.yaml").read_text()
        answers.write_text(example.replace("111122223333", "123456789012"))
        env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                   AWS_DEFAULT_REGION="us-east-1", AWS_ENDPOINT_URL=url, PATH=f"{TEST_VENV}:{os.environ['PATH']}",
                   HOME=tmp, XDG_STATE_HOME=tmp)
        subprocess.run([binary, "generate", "--answers", str(answers), "--out", f"{tmp}/out", "--format", "cli"],
                       check=True, stdout=subprocess.DEVNULL)

        def reset():
            # Reset, then touch IAM twice: moto loads its 1,485 AWS-managed policies lazily, 0.5-0.8 s that are
            # moto's cost, not the client's. After a reset it is the second request that pays it (the first comes
            # back at once), so one warm-up request left it to the measured tool's first call.
            urllib.request.urlopen(urllib.request.Request(url + "/moto-api/reset", method="POST")).read()
            body = b"Action=ListRoles&Version=2010-05-08"
            for _ in range(2):
                warm = urllib.request.Request(url + "/", data=body, method="POST", headers={
                    "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, "
                                     "SignedHeaders=host, Signature=0",
                    "Content-Type": "application/x-www-form-urlencoded"})
                urllib.request.urlopen(warm).read()

        reset()  # one run first, for the count of API calls in its summary line
        summary = subprocess.run([binary, "apply", "--answers", str(answers)], env=env, capture_output=True, text=True)
        if summary.returncode != 0:
            sys.exit(f"apply failed: {summary.stderr}")
        calls = summary.stderr.rsplit("changes, ", 1)[1].split(" API calls")[0]
        ours = measure(measurer, [binary, "apply", "--answers", str(answers)], runs, warmup=1, env=env,
                       before_each=reset, ok=(0,))
        print(f"apply of the Data Scientist role against moto ({calls} API calls)\n  smrole: {ours.line()}")
        peer = measure(measurer, ["bash", f"{tmp}/out/create-role.sh"], runs, warmup=1, env=env, before_each=reset,
                       ok=(0,))
        compare("apply", ours, "the generated AWS CLI script (create-role.sh)", peer, 10)


def first_frame(binary, runs):
    """Milliseconds from fork to the wizard's first frame on a pseudo-terminal."""
    times = []
    for _ in range(runs + 2):
        start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            os.environ.update(TERM="xterm-256color", LANG="C.UTF-8", XDG_STATE_HOME=tempfile.mkdtemp())
            os.execv(binary, [binary, "wizard"])
        seen = b""
        elapsed = None
        while elapsed is None and time.perf_counter() - start < 5:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
                if b"Role name" in seen:
                    elapsed = time.perf_counter() - start
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
        if elapsed is None:
            sys.exit("the wizard drew no first frame")
        times.append(elapsed)
    times = sorted(times[2:])
    return statistics.median(times) * 1000, times[-1] * 1000


def main():
    binary = os.path.abspath(sys.argv[1])
    runs = int(os.environ.get("BENCH_RUNS", "200"))
    print(f"make bench: {binary}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start")
    with tempfile.TemporaryDirectory() as tmp:
        measurer = build_measurer(tmp)
        floor = measure(measurer, [binary, "--version"], runs)
        print(f"smrole --version (the process floor of this binary)\n  {floor.line()}")
        out = bench_generate(measurer, binary, runs, tmp)
        bench_lint(measurer, binary, runs, out)
        bench_apply(measurer, binary, int(os.environ.get("BENCH_APPLY_RUNS", "5")))

    median, worst = first_frame(binary, 30)
    print(f"wizard first frame on a pseudo-terminal, 30 runs:\n  median {median:.1f} ms, worst {worst:.1f} ms "
          "(target: 50 ms)")
    wizard_bench = os.path.join(os.path.dirname(binary), "wizard-bench")
    if os.path.exists(wizard_bench):
        subprocess.run([wizard_bench], check=True)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
