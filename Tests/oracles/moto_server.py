"""Loopback servers for one test run: moto's server and the SageMaker stub.

Each server is started on port 0, so the kernel picks a free port and nothing can take it
between choosing and binding. The server announces `http://127.0.0.1:PORT` once it listens;
that line is the signal it is ready (no polling, no sleeps). The server is stopped by its PID.
"""
import contextlib
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

STARTUP_SECONDS = 60  # a loaded 2-core machine can take many seconds to import moto
ANNOUNCEMENT = re.compile(r"http://127\.0\.0\.1:(\d+)")
STUB = Path(__file__).resolve().parents[1] / "stubs" / "sagemaker_stub.py"


@contextlib.contextmanager
def announcing_server(argv, env=None, name=None):
    """Runs `argv` until the block ends; yields its URL once it printed the port it listens on.

    Its output (stdout and stderr together) is read to the end on a thread, so a chatty server
    never blocks on a full pipe.
    """
    name = name or Path(argv[0]).name
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    announced = threading.Event()
    found = {}
    seen = []

    def read_output():
        for line in process.stdout:
            if not announced.is_set():
                seen.append(line)
                match = ANNOUNCEMENT.search(line)
                if match:
                    found["port"] = int(match.group(1))
                    announced.set()
        announced.set()  # the output ended: the server exited

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    try:
        if not announced.wait(STARTUP_SECONDS) or "port" not in found:
            printed = "".join(seen)[-2000:]
            raise RuntimeError(f"{name} did not start within {STARTUP_SECONDS} s; it printed:\n{printed}")
        yield f"http://127.0.0.1:{found['port']}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=10)


def moto_server(extra_env=None):
    """moto's server (IAM with AWS's managed policies loaded, STS, ...) on a free loopback port."""
    env = dict(os.environ, MOTO_IAM_LOAD_MANAGED_POLICIES="true", **(extra_env or {}))
    server = Path(sys.executable).parent / "moto_server"
    return announcing_server([str(server), "-H", "127.0.0.1", "-p", "0"], env=env)


def sagemaker_stub(domains):
    """Tests/stubs/sagemaker_stub.py holding `domains` (e.g. "d-workshop1:IAM") on a free loopback port."""
    return announcing_server([sys.executable, str(STUB), "0", domains], name="sagemaker_stub.py")
