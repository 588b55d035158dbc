#!/usr/bin/env python3
"""End-to-end tests of `smrole wizard` in a real terminal: tmux (private server) runs the
binary, sends keys, pastes and resizes, and reads the screen. After each run the pane
reports the exit code and the tty modes, so restore is checked on every exit path.

Usage: wizard_e2e.py path/to/smrole
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SMROLE = str(Path(sys.argv[1]).resolve())
SOCKET = f"smrole-e2e-{os.getpid()}"
failures = []


def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=check)


class Pane:
    """One wizard run in its own tmux session, in its own scratch folder."""

    def __init__(self, name, args, width=100, height=30, env=None):
        self.name = name
        self.dir = Path(tempfile.mkdtemp(prefix=f"smrole-e2e-{name}-"))
        environment = {"LANG": "C.UTF-8", "XDG_STATE_HOME": str(self.dir / "state"), "TERM": "tmux-256color"}
        environment.update(env or {})
        exports = " ".join(f"{k}='{v}'" for k, v in environment.items())
        quoted = " ".join(f"'{a}'" for a in args)
        command = (f"cd '{self.dir}' && env {exports} sh -c 'echo $$ > pid; exec {SMROLE} {quoted}' >out 2>err; "
                   f"echo EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo MODES; sleep 600")
        tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command)
        self.wait_for("smrole")

    def screen(self, escapes=False):
        args = ["capture-pane", "-p", "-t", self.name] + (["-e"] if escapes else [])
        return tmux(*args).stdout

    def wait_for(self, text, timeout=10.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.screen():
                return True
            time.sleep(0.05)
        raise AssertionError(f"{self.name}: timed out waiting for {text!r}; screen:\n{self.screen()}")

    def keys(self, *keys):
        tmux("send-keys", "-t", self.name, *keys)
        time.sleep(0.05)

    def type(self, text):
        tmux("send-keys", "-t", self.name, "-l", text)
        time.sleep(0.05)

    def paste(self, text):
        tmux("set-buffer", "-b", "e2e", text)
        tmux("paste-buffer", "-p", "-d", "-b", "e2e", "-t", self.name)
        time.sleep(0.1)

    def resize(self, width, height):
        tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))
        time.sleep(0.2)

    def pid(self):
        return int((self.dir / "pid").read_text())

    def finished(self, timeout=10.0):
        """The exit code and the tty modes printed after the wizard ended."""
        self.wait_for("MODES", timeout)
        text = self.screen()
        code = int(text.split("EXIT=")[1].split()[0])
        modes = text.split("EXIT=")[1].split("\n", 1)[1].split("MODES")[0].split()
        return code, modes

    def alternate_screen(self):
        return tmux("display", "-p", "-t", self.name, "#{alternate_on}").stdout.strip()

    def close(self):
        tmux("kill-session", "-t", self.name, check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL", message)


def restored(pane, code, modes, expected_code):
    check(code == expected_code, f"{pane.name}: exit {code}, expected {expected_code}")
    check("icanon" in modes and "echo" in modes, f"{pane.name}: tty modes not restored: {modes}")
    check(pane.alternate_screen() == "0", f"{pane.name}: still on the alternate screen")


def test_full_data_scientist_walk():
    pane = Pane("walk", ["wizard", "--out", "saved"])
    try:
        pane.wait_for("Role name")
        pane.type("SageMaker-DataScientist")
        pane.keys("Tab")
        pane.type("Data scientists of team A")
        pane.keys("Tab", "Space")                      # Data Scientist persona
        pane.wait_for("its activities are preselected")
        pane.keys("Tab", "Tab", "Tab", "Tab")           # to Account ID
        pane.type("111122223333")
        pane.keys("Tab")
        pane.type("us-east-1")
        pane.keys("Tab", "Space")                      # open Network and encryption
        pane.keys("Tab")
        pane.type("subnet-0a1b2c3d4e5f67890")
        pane.keys("Tab")
        pane.type("sg-0a1b2c3d4e5f67890")
        pane.keys("Tab")
        pane.type("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        pane.keys("Tab")
        pane.type("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        pane.keys("C-n")
        pane.wait_for("Step 2 of 4")
        # Manage ML Jobs' PassRoles: type it once, reuse it with Ctrl-R for the others.
        for _ in range(40):
            if "PassRoles" in pane.screen() and "›   PassRoles" in pane.screen():
                break
            pane.keys("Tab")
        pane.type("arn:aws:iam::111122223333:role/service-role/SageMaker-Compute")
        for _ in range(2):
            for _ in range(40):
                pane.keys("Tab")
                if "›   PassRoles" in pane.screen() and "[                " in pane.screen():
                    break
            pane.keys("C-r")
        for _ in range(40):
            pane.keys("Tab")
            if "›   S3 buckets" in pane.screen() or "›   S3 Buckets" in pane.screen():
                break
        pane.type("sagemaker-us-east-1-111122223333")
        pane.keys("C-n")
        pane.wait_for("Step 3 of 4")
        pane.keys("C-n")
        pane.wait_for("Step 4 of 4")
        pane.wait_for("What this role can do")
        pane.keys("Tab", "Tab", "Enter")                 # Save files
        pane.wait_for("Save the role's files")
        pane.keys("Tab", "Tab", "Space", "Tab", "Space", "Tab", "Space", "Tab", "Enter")   # + CloudFormation, Terraform, CLI
        pane.wait_for("Saved")
        pane.keys("Escape")
        code, modes = pane.finished()
        restored(pane, code, modes, 0)
        check((pane.dir / "out").read_text().strip() == "saved", f"walk: stdout was {(pane.dir / 'out').read_text()!r}")
        saved = pane.dir / "saved"
        again = pane.dir / "again"
        subprocess.run([SMROLE, "generate", "--answers", str(saved / "answers.yaml"), "--out", str(again), "--format", "all"],
                       check=True, capture_output=True)
        diff = subprocess.run(["diff", "-r", str(saved), str(again)], capture_output=True, text=True)
        check(diff.returncode == 0, f"walk: saved files differ from generate on the saved answers:\n{diff.stdout}")
        answers = (saved / "answers.yaml").read_text()
        for expected in ["SageMaker-DataScientist", "data-scientist", "subnet-0a1b2c3d4e5f67890", "manage-pipelines",
                         "role/service-role/SageMaker-Compute", "sagemaker-us-east-1-111122223333"]:
            check(expected in answers, f"walk: {expected} missing from the saved answers")
    finally:
        pane.close()


def test_resize_and_too_small():
    pane = Pane("resize", ["wizard", "--answers", str(Path(__file__).resolve().parents[2] / "examples" / "data-scientist.yaml")])
    try:
        pane.wait_for("Role name")
        pane.resize(50, 12)
        pane.wait_for("Terminal too small")
        check("need 60" in pane.screen(), "resize: the message does not say the size needed")
        pane.resize(100, 30)
        pane.wait_for("Role name")
        pane.keys("Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab")
        pane.resize(70, 18)
        time.sleep(0.2)
        check("›" in pane.screen(), "resize: the focused field is not visible after shrinking")
        pane.keys("Escape")
        code, modes = pane.finished()
        restored(pane, code, modes, 1)
    finally:
        pane.close()


def test_paste_never_submits():
    pane = Pane("paste", ["wizard"])
    try:
        pane.wait_for("Role name")
        pane.paste("SageMaker-Pasted\nsecond line\n")
        time.sleep(0.2)
        screen = pane.screen()
        check("Step 1 of 4" in screen, "paste: the paste moved to another step")
        check("SageMaker-Pasted second line" in screen, f"paste: pasted text not in the field:\n{screen}")
    finally:
        pane.close()


def test_ctrl_c_keeps_the_draft_and_resume_restores_it():
    pane = Pane("ctrlc", ["wizard"])
    try:
        pane.wait_for("Role name")
        pane.type("SageMaker-Draft")
        pane.keys("C-c")
        code, modes = pane.finished()
        restored(pane, code, modes, 130)
        draft = pane.dir / "state" / "smrole" / "draft.json"
        check(draft.exists() and "SageMaker-Draft" in draft.read_text(), "ctrl-c: the draft does not hold the answers")
        state = pane.dir / "state"
        resumed = Pane("resume", ["wizard", "--resume"], env={"XDG_STATE_HOME": str(state)})
        try:
            resumed.wait_for("SageMaker-Draft")
            resumed.keys("C-c")
            resumed.finished()
        finally:
            resumed.close()
    finally:
        pane.close()


def test_kill_9_keeps_the_draft_for_resume():
    pane = Pane("kill9", ["wizard"])
    try:
        pane.wait_for("Role name")
        pane.type("SageMaker-Killed")
        pane.keys("Tab")
        pane.type("after a crash")
        time.sleep(0.2)
        os.kill(pane.pid(), signal.SIGKILL)
        pane.wait_for("MODES")
        draft = pane.dir / "state" / "smrole" / "draft.json"
        text = draft.read_text() if draft.exists() else ""
        check("SageMaker-Killed" in text and "after a crash" in text, f"kill -9: the draft does not hold the answers: {text[:200]}")
        resumed = Pane("resume9", ["wizard", "--resume"], env={"XDG_STATE_HOME": str(pane.dir / "state")})
        try:
            resumed.wait_for("after a crash")
            resumed.keys("C-c")
            resumed.finished()
        finally:
            resumed.close()
    finally:
        pane.close()


def test_sigterm_and_crash_signals_restore_the_terminal():
    for name, sig, expected in [("sigterm", signal.SIGTERM, 143), ("sigsegv", signal.SIGSEGV, 139), ("sigabrt", signal.SIGABRT, 134)]:
        pane = Pane(name, ["wizard"])
        try:
            pane.wait_for("Role name")
            os.kill(pane.pid(), sig)
            code, modes = pane.finished()
            restored(pane, code, modes, expected)
        finally:
            pane.close()


def test_no_color_keeps_emphasis_without_colour():
    pane = Pane("nocolor", ["wizard"], env={"NO_COLOR": "1"})
    try:
        pane.wait_for("Role name")
        raw = pane.screen(escapes=True)
        colours = [code for code in ["[31m", "[32m", "[33m", "[34m", "[35m", "[36m", ";31m", ";32m", ";33m", ";36m", "38;5"] if code in raw]
        check(not colours, f"nocolor: colour codes on screen: {colours}")
        check("[7m" in raw or ";7m" in raw or "[1m" in raw, "nocolor: no bold or reverse left")
    finally:
        pane.close()


def test_no_terminal_exits_2_pointing_to_generate():
    result = subprocess.run(["setsid", SMROLE, "wizard"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            env={**os.environ, "TERM": "xterm"}, timeout=20)
    check(result.returncode == 2, f"no-tty: exit {result.returncode}")
    check("smrole generate" in result.stderr, f"no-tty: message does not point to generate: {result.stderr}")


def test_plain_mode_asks_line_by_line():
    work = Path(tempfile.mkdtemp(prefix="smrole-e2e-plain-"))
    try:
        answers = "\n".join([
            "bad name!", "SageMaker-Plain", "Plain mode role", "4", "", "", "n",  # role, with one re-ask
            "1", "",                                                             # select Access Required AWS Services
            "sagemaker-us-east-1-111122223333", "",                              # its S3 buckets, no ECR
            "-", "team=ml",                                                      # no extra policies, a tag
            "plain-out", "json,terraform", "n"]) + "\n"
        result = subprocess.run([SMROLE, "wizard", "--plain"], input=answers, capture_output=True, text=True, cwd=work,
                                env={**os.environ, "XDG_STATE_HOME": str(work / "state")}, timeout=30)
        check(result.returncode == 0, f"plain: exit {result.returncode}: {result.stderr[-800:]}")
        check("has characters IAM does not allow" in result.stderr, "plain: the invalid name was not re-asked")
        check((work / "plain-out" / "main.tf").exists(), "plain: main.tf not written")
        check(result.stdout.strip() == "plain-out", f"plain: stdout {result.stdout!r}")
        dumb = subprocess.run([SMROLE, "wizard"], input="", capture_output=True, text=True, cwd=work,
                              env={**os.environ, "TERM": "dumb", "XDG_STATE_HOME": str(work / "state")}, timeout=30)
        check("Step 1 of 4" in dumb.stderr and dumb.returncode == 1, f"dumb: TERM=dumb did not start plain mode: {dumb.stderr[-400:]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_create_in_aws_and_onboard_users():
    """Review → Create in AWS (moto for IAM and STS) → Onboard (the SageMaker stub)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "oracles"))
    from moto_server import free_port, moto_server
    import boto3
    import json
    import urllib.request
    root = Path(__file__).resolve().parents[2]
    stub_port = free_port()
    stub = subprocess.Popen([sys.executable, str(root / "Tests" / "stubs" / "sagemaker_stub.py"), str(stub_port), "d-workshop1:IAM"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with moto_server() as moto:
            answers = Path(tempfile.mkdtemp(prefix="smrole-e2e-answers-")) / "ds.yaml"
            answers.write_text((root / "examples" / "data-scientist.yaml").read_text().replace("111122223333", "123456789012"))
            env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_ENDPOINT_URL_IAM": moto,
                   "AWS_ENDPOINT_URL_STS": moto, "AWS_ENDPOINT_URL_SAGEMAKER": f"http://127.0.0.1:{stub_port}"}
            pane = Pane("create", ["wizard", "--answers", str(answers)], env=env)
            try:
                pane.keys("F5")
                pane.wait_for("What this role can do")
                pane.keys("Tab", "Tab", "Tab", "Enter")           # Create in AWS
                pane.wait_for("Onboard Studio users", timeout=30)
                pane.type("d-workshop1")
                pane.keys("Tab")
                pane.type("ana, bo")
                pane.keys("Tab", "Tab", "Enter")                  # Onboard
                pane.wait_for("Onboarded into d-workshop1: 2 created", timeout=30)
                pane.keys("Escape")
                code, modes = pane.finished()
                restored(pane, code, modes, 0)
                arn = (pane.dir / "out").read_text().strip()
                check(arn == "arn:aws:iam::123456789012:role/service-role/SageMaker-DataScientist", f"create: stdout {arn!r}")
                iam = boto3.client("iam", endpoint_url=moto, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
                attached = iam.list_attached_role_policies(RoleName="SageMaker-DataScientist")["AttachedPolicies"]
                check(len(attached) == 6, f"create: {len(attached)} policies attached")
                state = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{stub_port}/state").read())
                names = sorted(p["UserProfileName"] for p in state["profiles"])
                check(names == ["ana", "bo"], f"onboard: profiles {names}")
                check(all(p["UserSettings"]["ExecutionRole"] == arn for p in state["profiles"]), "onboard: wrong execution role")
            finally:
                pane.close()
    finally:
        stub.kill()
        stub.wait()


def main():
    tests = [value for name, value in sorted(globals().items()) if name.startswith("test_")]
    try:
        for test in tests:
            started = time.time()
            before = len(failures)
            try:
                test()
            except AssertionError as error:
                failures.append(f"{test.__name__}: {error}")
                print("FAIL", test.__name__, error)
            print(f"{'ok  ' if len(failures) == before else 'FAIL'} {test.__name__} ({time.time() - started:.1f} s)")
    finally:
        tmux("kill-server", check=False)
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print(f"wizard end-to-end: {len(tests)} scenarios passed in tmux")


if __name__ == "__main__":
    main()
