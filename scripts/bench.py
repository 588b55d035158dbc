#!/usr/bin/env python3
"""`make bench`: whole-process speed and memory of smrole, measured, never asserted in tests.

Each benchmark runs a command many times as a whole process and reports the median and
95th-percentile wall time and the peak resident memory of one run (from wait4), beside
the tool it replaces:
- generate, Data Scientist with VPC and KMS, all formats — vs the CDK construct
  (reference figures: 3.4 s, 420-530 MB on a 2-core machine; target 300x faster, 10x less memory);
- lint on one policy — vs parliament's CLI on the same file, measured here (target 25x faster);
- the wizard's first frame: from spawning it on a pseudo-terminal to the title on screen
  (target 50 ms), and one keystroke, update plus view, from the wizard-bench executable
  (target: p99 under 2 ms);
- apply of the Data Scientist role against moto on loopback: its API calls and wall time,
  beside the same role created by the generated AWS CLI script (target: 10x faster).
"""
import os
import pty
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CDK_SECONDS = 3.4
CDK_MB = 420


def measure(cmd, runs, stdin_path=None):
    """Median and p95 seconds, and peak RSS in MB of the largest single run."""
    times, peak_kb = [], 0
    for i in range(runs + 3):
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        start = time.perf_counter()
        process = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if stdin_path:
            stdin.close()
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            sys.exit(f"benchmark command failed: {' '.join(cmd)}")
        if i >= 3:  # the first runs warm the page cache
            times.append(elapsed)
            peak_kb = max(peak_kb, usage.ru_maxrss)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], peak_kb / 1024


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


def apply_versus_cli(binary, runs):
    """Wall time of `smrole apply` and of create-role.sh (AWS CLI) for the same role, on moto."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "Tests" / "oracles"))
    from moto_server import moto_server
    import urllib.request
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp, moto_server() as url:
        answers = Path(tmp) / "ds.yaml"
        answers.write_text((root / "examples" / "data-scientist.yaml").read_text().replace("111122223333", "123456789012"))
        env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1",
                   AWS_ENDPOINT_URL=url, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}", HOME=tmp)
        subprocess.run([binary, "generate", "--answers", str(answers), "--out", f"{tmp}/out", "--format", "cli"], check=True,
                       stdout=subprocess.DEVNULL)

        def reset():
            # Reset, then touch IAM once: moto loads its 1,485 AWS-managed policies lazily on an
            # account's first IAM call, which is moto's cost, not the client's.
            urllib.request.urlopen(urllib.request.Request(url + "/moto-api/reset", method="POST")).read()
            warm = urllib.request.Request(url + "/", data=b"Action=ListRoles&Version=2010-05-08", method="POST", headers={
                "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
                "Content-Type": "application/x-www-form-urlencoded"})
            urllib.request.urlopen(warm).read()

        smrole_times, cli_times, calls = [], [], None
        for _ in range(runs):
            reset()
            start = time.perf_counter()
            result = subprocess.run([binary, "apply", "--answers", str(answers)], env=env, capture_output=True, text=True)
            smrole_times.append(time.perf_counter() - start)
            if result.returncode != 0:
                sys.exit(f"apply failed: {result.stderr}")
            calls = result.stderr.rsplit("changes, ", 1)[1].split(" API calls")[0]
            reset()
            start = time.perf_counter()
            subprocess.run(["bash", f"{tmp}/out/create-role.sh"], env=env, check=True, capture_output=True)
            cli_times.append(time.perf_counter() - start)
        return statistics.median(smrole_times), statistics.median(cli_times), calls


def report(title, median, p95, mb):
    print(f"{title}\n  median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, peak RSS {mb:.1f} MB")


def main():
    binary = os.path.abspath(sys.argv[1])
    runs = int(os.environ.get("BENCH_RUNS", "200"))
    venv_bin = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        answers = os.path.abspath("examples/data-scientist.yaml")
        median, p95, mb = measure([binary, "generate", "--answers", answers, "--out", out, "--format", "all"], runs)
        report(f"generate (Data Scientist, VPC+KMS, all formats), {runs} runs:", median, p95, mb)
        print(f"  vs CDK construct {CDK_SECONDS:.1f} s / {CDK_MB} MB: {CDK_SECONDS / median:.0f}x faster, "
              f"{CDK_MB / mb:.0f}x less memory (target: 300x faster, 10x less memory)")

        policy = sorted(Path(out, "policies").glob("*manage-ml-jobs*.json"))[0]
        median, p95, mb = measure([binary, "lint", str(policy)], runs)
        report(f"lint one policy ({policy.name}), {runs} runs:", median, p95, mb)
        parliament_runs = int(os.environ.get("BENCH_PARLIAMENT_RUNS", "10"))
        p_median, p_p95, p_mb = measure([str(venv_bin / "parliament"), "--json"], parliament_runs, stdin_path=str(policy))
        report(f"parliament --json on the same file, {parliament_runs} runs:", p_median, p_p95, p_mb)
        print(f"  smrole lint is {p_median / median:.0f}x faster (target: 25x)")

    median, worst = first_frame(binary, 30)
    print(f"wizard first frame on a pseudo-terminal, 30 runs:\n  median {median:.1f} ms, worst {worst:.1f} ms (target: 50 ms)")
    subprocess.run([os.path.join(os.path.dirname(binary), "wizard-bench")], check=True)

    apply_time, cli_time, calls = apply_versus_cli(binary, int(os.environ.get("BENCH_APPLY_RUNS", "5")))
    print(f"apply of the Data Scientist role against moto: {calls} API calls, median {apply_time * 1000:.0f} ms")
    print(f"  the generated AWS CLI script for the same role: median {cli_time * 1000:.0f} ms; "
          f"smrole apply is {cli_time / apply_time:.0f}x faster (target: 10x)")


if __name__ == "__main__":
    main()
