#!/usr/bin/env python3
"""End-to-end tests of `smrole wizard` in a real terminal: tmux (a private server) runs the
binary, and each test types, pastes and resizes like a user, reading the screen. Every key or
key group is sent only once the screen shows what the previous one should have produced
(tmux_pane.Pane waits for the text, the focus or a settled screen; it never sleeps a fixed
time), so a slow machine only makes the tests slower. After each run the pane reports the
exit code and the tty modes, so restore is checked on every exit path.

Usage: wizard_e2e.py path/to/smrole     (`make e2e-test` passes the release binary)
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tmux_pane import Pane, TmuxServer

SMROLE = str(Path(sys.argv[1]).resolve())
ROOT = Path(__file__).resolve().parents[2]
SERVER = TmuxServer()
failures = []


def wizard(name, args, **options):
    """`smrole wizard ARGS` in a new pane, once its first frame is on screen."""
    return Pane(SERVER, name, [SMROLE, "wizard", *args], **options)


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL", message)


def restored(pane, code, modes, expected_code):
    check(code == expected_code, f"{pane.name}: exit {code}, expected {expected_code}")
    check("icanon" in modes and "echo" in modes, f"{pane.name}: tty modes not restored: {modes}")
    check(pane.alternate_screen() == "0", f"{pane.name}: still on the alternate screen")


COMPUTE_ROLE = "arn:aws:iam::111122223333:role/service-role/SageMaker-Compute"
KMS_KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def fill(pane, label, text):
    """Tabs to the field `label` and types `text` into it."""
    pane.tab_to(label)
    pane.type_into_focused(text)


def test_full_data_scientist_walk():
    pane = wizard("walk", ["--out", "saved"])
    try:
        pane.wait_until(lambda screen: (pane.focused(screen) or "").startswith("Role name"), "focus on Role name")
        pane.type_into_focused("SageMaker-DataScientist")
        fill(pane, "Description", "Data scientists of team A")
        pane.tab_to("( ) Data Scientist")
        pane.send("Space")
        pane.wait_for("its activities are preselected")
        fill(pane, "Account ID", "111122223333")
        fill(pane, "Region", "us-east-1")
        pane.tab_to("▸ Network and encryption")
        pane.send("Space")
        pane.wait_for("VPC subnets")
        fill(pane, "VPC subnets", "subnet-0a1b2c3d4e5f67890")
        fill(pane, "Security groups", "sg-0a1b2c3d4e5f67890")
        fill(pane, "Volume KMS keys", KMS_KEY)
        fill(pane, "Data (output) KMS keys", KMS_KEY)
        pane.send("C-n")
        pane.wait_for("Step 2 of 4")
        # Manage ML Jobs' PassRoles: typed once, reused with Ctrl-R by the two other activities that need one.
        fill(pane, "PassRoles", COMPUTE_ROLE)
        for _ in range(2):
            pane.press_until("Tab", lambda screen: (pane.focused(screen) or "").startswith("PassRoles")
                             and pane.focused_value(screen) == "", "an empty PassRoles field")
            pane.send("C-r")
            pane.wait_until(lambda screen: pane.focused_value(screen) == COMPUTE_ROLE, "Ctrl-R to reuse the PassRole")
        fill(pane, "S3 buckets", "sagemaker-us-east-1-111122223333")
        pane.send("C-n")
        pane.wait_for("Step 3 of 4")
        pane.send("C-n")
        pane.wait_for("What this role can do")
        pane.tab_to("[ Save files ]")
        pane.send("Enter")
        pane.wait_for("Save the role's files")
        for format_name in ["CloudFormation", "Terraform", "AWS CLI script"]:
            pane.tab_to(f"[ ] {format_name}")
            pane.send("Space")
            pane.wait_until(lambda screen: (pane.focused(screen) or "").startswith(f"[x] {format_name}"),
                            f"{format_name} to be selected")
        pane.tab_to("[ Save ]")
        pane.send("Enter")
        pane.wait_for("Saved")
        pane.send("Escape")
        code, modes = pane.finished()
        restored(pane, code, modes, 0)
        check(pane.output().strip() == "saved", f"walk: stdout was {pane.output()!r}")
        saved = pane.dir / "saved"
        again = pane.dir / "again"
        # The same formats the walk chose in the save dialog.
        subprocess.run([SMROLE, "generate", "--answers", str(saved / "answers.yaml"), "--out", str(again),
                        "--format", "cloudformation,terraform,cli"], check=True, capture_output=True)
        diff = subprocess.run(["diff", "-r", str(saved), str(again)], capture_output=True, text=True)
        check(diff.returncode == 0, f"walk: saved files differ from generate on the saved answers:\n{diff.stdout}")
        answers = (saved / "answers.yaml").read_text()
        for expected in ["SageMaker-DataScientist", "data-scientist", "subnet-0a1b2c3d4e5f67890", "manage-pipelines",
                         "role/service-role/SageMaker-Compute", "sagemaker-us-east-1-111122223333"]:
            check(expected in answers, f"walk: {expected} missing from the saved answers")
        check(answers.count("role/service-role/SageMaker-Compute") == 3,
              "walk: the PassRole is not in all three activities that need one")
        for exported in ["cloudformation.yaml", "main.tf", "create-role.sh"]:
            check((saved / exported).exists(), f"walk: {exported} was not saved")
    finally:
        pane.close()


def test_resize_and_too_small():
    pane = wizard("resize", ["--answers", str(ROOT / "examples" / "data-scientist.yaml")])
    try:
        pane.wait_for("Role name")
        screen = pane.resize(50, 12)
        check("Terminal too small" in screen and "need 60" in screen,
              f"resize: the too-small message does not say the size needed:\n{screen}")
        pane.resize(100, 30)
        pane.wait_for("Role name")
        for _ in range(10):
            screen = pane.press("Tab")
        focus = pane.focused(screen)
        check(focus is not None, f"resize: nothing focused after ten Tabs:\n{screen}")
        screen = pane.resize(70, 18)
        check(pane.focused(screen) is not None and focus.startswith(pane.focused(screen).rstrip("…")),
              f"resize: the focused {focus!r} is not visible after shrinking to 70x18:\n{screen}")
        pane.send("Escape")
        code, modes = pane.finished()
        restored(pane, code, modes, 1)
    finally:
        pane.close()


def test_paste_never_submits():
    pane = wizard("paste", [])
    try:
        pane.wait_for("Role name")
        pane.paste("SageMaker-Pasted\nsecond line\n")
        pane.wait_for("SageMaker-Pasted second line")
        screen = pane.settle()
        check("Step 1 of 4" in screen, f"paste: the paste moved to another step:\n{screen}")
        check((pane.focused(screen) or "").startswith("Role name"), f"paste: the paste moved the focus:\n{screen}")
        check(pane.focused_value(screen) == "SageMaker-Pasted second line",
              f"paste: pasted text not in the field:\n{screen}")
    finally:
        pane.close()


def test_ctrl_c_keeps_the_draft_and_resume_restores_it():
    """Ctrl-C is a signal: it overtakes keys the wizard has not read, so it is sent once the name shows."""
    pane = wizard("ctrlc", [])
    try:
        pane.wait_for("Role name")
        pane.type_into_focused("SageMaker-Draft")
        pane.send("C-c")
        code, modes = pane.finished()
        restored(pane, code, modes, 130)
        state = pane.dir / "state"
        draft = state / "smrole" / "draft.json"
        check(draft.exists() and "SageMaker-Draft" in draft.read_text(), "ctrl-c: the draft does not hold the answers")
        resumed = wizard("resume", ["--resume"], env={"XDG_STATE_HOME": str(state)})
        try:
            resumed.wait_for("SageMaker-Draft")
            resumed.send("C-c")
            code, modes = resumed.finished()
            restored(resumed, code, modes, 130)
        finally:
            resumed.close()
        # Without --resume the draft is offered (its role name shown), never overwritten by a key.
        offered = wizard("offer", [], env={"XDG_STATE_HOME": str(state)})
        try:
            offered.wait_for("An earlier run left a draft")
            check("role SageMaker-Draft" in offered.screen(), "offer: the draft's role name is not shown")
            offered.send("r")
            offered.wait_until(lambda screen: "An earlier run" not in screen and "SageMaker-Draft" in screen,
                               "the resumed draft")
            offered.send("C-c")
            offered.finished()
        finally:
            offered.close()
    finally:
        pane.close()


def test_kill_9_keeps_the_draft_for_resume():
    """The draft is written before each frame is painted: what the screen shows survives kill -9."""
    pane = wizard("kill9", [])
    try:
        pane.wait_for("Role name")
        pane.type_into_focused("SageMaker-Killed")
        pane.tab_to("Description")
        pane.type_into_focused("after a crash")
        os.kill(pane.pid(), signal.SIGKILL)
        code, _ = pane.finished()
        check(code == 137, f"kill -9: exit {code}, expected 137")
        state = pane.dir / "state"
        draft = state / "smrole" / "draft.json"
        text = draft.read_text() if draft.exists() else ""
        check("SageMaker-Killed" in text and "after a crash" in text,
              f"kill -9: the draft does not hold what the screen showed: {text[:200]}")
        resumed = wizard("resume9", ["--resume"], env={"XDG_STATE_HOME": str(state)})
        try:
            resumed.wait_for("after a crash")
            resumed.send("C-c")
            resumed.finished()
        finally:
            resumed.close()
    finally:
        pane.close()


def test_sigterm_and_crash_signals_restore_the_terminal():
    for name, sig, expected in [("sigterm", signal.SIGTERM, 143), ("sigsegv", signal.SIGSEGV, 139),
                                ("sigabrt", signal.SIGABRT, 134)]:
        pane = wizard(name, [])
        try:
            pane.wait_for("Role name")
            os.kill(pane.pid(), sig)
            code, modes = pane.finished()
            restored(pane, code, modes, expected)
        finally:
            pane.close()


def test_no_color_keeps_emphasis_without_colour():
    pane = wizard("nocolor", [], env={"NO_COLOR": "1"})
    try:
        pane.wait_for("Role name")
        pane.settle()
        raw = pane.screen(escapes=True)
        codes = ["[31m", "[32m", "[33m", "[34m", "[35m", "[36m", ";31m", ";32m", ";33m", ";36m", "38;5"]
        colours = [code for code in codes if code in raw]
        check(not colours, f"nocolor: colour codes on screen: {colours}")
        check("[7m" in raw or ";7m" in raw or "[1m" in raw, "nocolor: no bold or reverse left")
    finally:
        pane.close()


def test_no_terminal_exits_2_pointing_to_generate():
    result = subprocess.run(["setsid", SMROLE, "wizard"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            env={**os.environ, "TERM": "xterm"}, timeout=60)
    check(result.returncode == 2, f"no-tty: exit {result.returncode}")
    check("smrole generate" in result.stderr, f"no-tty: message does not point to generate: {result.stderr}")


def test_plain_mode_asks_line_by_line():
    work = Path(tempfile.mkdtemp(prefix="smrole-e2e-plain-"))
    try:
        answers = "\n".join([
            "bad name!", "SageMaker-Plain", "Plain mode role", "4", "", "", "n", "n",  # role (one re-ask), no sections
            "1", "",                                                             # select Access Required AWS Services
            "sagemaker-us-east-1-111122223333", "",                              # its S3 buckets, no ECR
            "-", "team=ml",                                                      # no extra policies, a tag
            "plain-out", "json,terraform", "n"]) + "\n"
        result = subprocess.run([SMROLE, "wizard", "--plain"], input=answers, capture_output=True, text=True, cwd=work,
                                env={**os.environ, "XDG_STATE_HOME": str(work / "state")}, timeout=60)
        check(result.returncode == 0, f"plain: exit {result.returncode}: {result.stderr[-800:]}")
        check("has characters IAM does not allow" in result.stderr, "plain: the invalid name was not re-asked")
        check((work / "plain-out" / "main.tf").exists(), "plain: main.tf not written")
        check(result.stdout.strip() == "plain-out", f"plain: stdout {result.stdout!r}")
        dumb = subprocess.run([SMROLE, "wizard"], input="", capture_output=True, text=True, cwd=work,
                              env={**os.environ, "TERM": "dumb", "XDG_STATE_HOME": str(work / "state-dumb")}, timeout=60)
        check("Step 1 of 4" in dumb.stderr and dumb.returncode == 1,
              f"dumb: TERM=dumb did not start plain mode: {dumb.stderr[-400:]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_create_in_aws_and_onboard_users():
    """Review → Create in AWS (moto for IAM and STS) → Onboard (the SageMaker stub)."""
    sys.path.insert(0, str(ROOT / "Tests" / "oracles"))
    from moto_server import moto_server, sagemaker_stub
    import boto3
    import json
    import urllib.request
    role_arn = "arn:aws:iam::123456789012:role/service-role/SageMaker-DataScientist"
    with sagemaker_stub("d-workshop1:IAM:ml-lab,d-other2:IAM:prod") as stub, moto_server() as moto:
        answers = Path(tempfile.mkdtemp(prefix="smrole-e2e-answers-")) / "ds.yaml"
        example = (ROOT / "examples" / "data-scientist.yaml").read_text()
        answers.write_text(example.replace("111122223333", "123456789012"))
        env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_ENDPOINT_URL_IAM": moto,
               "AWS_ENDPOINT_URL_STS": moto, "AWS_ENDPOINT_URL_SAGEMAKER": stub}
        pane = wizard("create", ["--answers", str(answers)], env=env)
        try:
            pane.wait_for("Role name")
            pane.send("F5")
            pane.wait_for("What this role can do")
            pane.tab_to("[ Create in AWS ]")
            pane.send("Enter")
            pane.wait_for("Onboard Studio users")
            pane.wait_until(lambda screen: (pane.focused(screen) or "").startswith("Domain"), "focus on Domain")
            pane.send("C-l")
            pane.wait_for("IAM sign-in")  # ListDomains, then each domain's auth mode
            pane.type_filter("lab")
            pane.wait_for("1 match")
            pane.send("Enter")
            pane.wait_until(lambda screen: pane.focused_value(screen) == "d-workshop1", "the picked domain's id")
            fill(pane, "User profile names", "ana, bo")
            pane.tab_to("[ Onboard ]")
            pane.send("Enter")
            pane.wait_for("bo: created")
            check("ana: created" in pane.screen(), "onboard: the report does not list ana")
            pane.send("Escape")
            pane.wait_until(lambda screen: "bo: created" not in screen and "Onboarding into d-workshop1" in screen,
                            "the report closed, its summary on the status line")
            pane.send("Escape")
            code, modes = pane.finished()
            restored(pane, code, modes, 0)
            arn = pane.output().strip()
            check(arn == role_arn, f"create: stdout {arn!r}")
            iam = boto3.client("iam", endpoint_url=moto, region_name="us-east-1", aws_access_key_id="testing",
                               aws_secret_access_key="testing")
            attached = iam.list_attached_role_policies(RoleName="SageMaker-DataScientist")["AttachedPolicies"]
            check(len(attached) == 6, f"create: {len(attached)} policies attached")
            state = json.loads(urllib.request.urlopen(f"{stub}/state", timeout=60).read())
            names = sorted(p["UserProfileName"] for p in state["profiles"])
            check(names == ["ana", "bo"], f"onboard: profiles {names}")
            check(all(p["UserSettings"]["ExecutionRole"] == arn for p in state["profiles"]),
                  "onboard: wrong execution role")
        finally:
            pane.close()
            shutil.rmtree(answers.parent, ignore_errors=True)


def account_answers():
    """The lab's Data Scientist in moto's account, with no network, keys or PassRoles typed yet."""
    answers = Path(tempfile.mkdtemp(prefix="smrole-e2e-answers-")) / "ds.yaml"
    kept = [line for line in (ROOT / "examples" / "data-scientist.yaml").read_text().splitlines()
            if not line.startswith(("network:", "encryption:", "  subnets:", "  securityGroups:", "  volumeKeys:",
                                    "  dataKeys:"))]
    answers.write_text("\n".join(kept).replace("111122223333", "123456789012") + "\n")
    return answers


def open_subnet_pick_list(pane):
    """From the wizard's first screen: open Network and encryption, then Ctrl-L on VPC subnets."""
    pane.wait_for("Role name")
    pane.tab_to("▸ Network and encryption")
    pane.send("Space")
    pane.wait_for("VPC subnets")
    pane.tab_to("VPC subnets")
    pane.send("C-l")


def test_pick_lists_read_from_the_account():
    """Ctrl-L lists subnets, KMS keys, PassRoles and policies from moto; the picks are what is saved."""
    sys.path.insert(0, str(ROOT / "Tests" / "oracles"))
    from moto_server import moto_server
    import boto3
    import json
    with moto_server() as moto:
        def client(service):
            return boto3.client(service, endpoint_url=moto, region_name="us-east-1", aws_access_key_id="testing",
                                aws_secret_access_key="testing")
        ec2, kms, iam = client("ec2"), client("kms"), client("iam")
        vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
        ec2.create_tags(Resources=[subnet], Tags=[{"Key": "Name", "Value": "ml-private-b"}])
        group = ec2.create_security_group(GroupName="studio-sg", Description="Studio apps", VpcId=vpc)["GroupId"]
        key = kms.create_key(Description="volumes")["KeyMetadata"]["Arn"]
        kms.create_alias(AliasName="alias/ml-volumes", TargetKeyId=key)
        trust = lambda service: json.dumps({"Version": "2012-10-17", "Statement": [{  # noqa: E731
            "Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]})
        training = iam.create_role(RoleName="SageMaker-Training", Path="/service-role/",
                                   AssumeRolePolicyDocument=trust("sagemaker.amazonaws.com"))["Role"]["Arn"]
        iam.create_role(RoleName="Lambda-Worker", AssumeRolePolicyDocument=trust("lambda.amazonaws.com"))
        team = iam.create_policy(PolicyName="TeamData", Path="/team/", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]})
        )["Policy"]["Arn"]
        answers = account_answers()
        env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_ENDPOINT_URL_IAM": moto,
               "AWS_ENDPOINT_URL_EC2": moto, "AWS_ENDPOINT_URL_KMS": moto, "AWS_ENDPOINT_URL_STS": moto}
        pane = wizard("pick", ["--answers", str(answers), "--out", "saved"], width=120, height=36, env=env)
        try:
            open_subnet_pick_list(pane)
            pane.wait_for("ml-private-b")
            pane.type_filter("private")
            pane.wait_for("1 match")
            pane.send("Tab")  # Space would be a space in the filter: Tab marks
            pane.wait_for("1 marked")
            pane.send("Enter")
            pane.wait_until(lambda screen: pane.focused_value(screen) == subnet, "the picked subnet in its field")
            pane.tab_to("Security groups")
            pane.send("C-l")
            pane.wait_for("studio-sg")
            pane.type_filter("studio")
            pane.wait_for("1 match")
            pane.send("Enter")
            pane.wait_until(lambda screen: pane.focused_value(screen) == group, "the picked security group")
            for label in ["Volume KMS keys", "Data (output) KMS keys"]:
                pane.tab_to(label)
                pane.send("C-l")
                pane.wait_for("alias/ml-volumes")
                pane.send("Enter")
                pane.wait_until(lambda screen: pane.focused_value(screen) == key, f"the alias's key ARN in {label}")
            pane.send("F3")
            pane.wait_for("Step 2 of 4")
            pane.tab_to("PassRoles")
            pane.send("C-l")
            pane.wait_for("SageMaker-Training")
            check("Lambda-Worker" not in pane.screen(), "pick: a role SageMaker may not assume was offered")
            pane.type_filter("Training")
            pane.wait_for("1 match")
            pane.send("Enter")
            pane.wait_until(lambda screen: training in (pane.focused_value(screen) or ""), "the picked PassRole")
            pane.send("F4")
            pane.wait_for("Step 3 of 4")
            pane.tab_to("Search")
            pane.send("C-l")
            pane.wait_for("Page 1 of")  # moto holds AWS's managed policies: several pages
            pane.type_filter("TeamData")
            pane.wait_for("1 match")
            pane.send("Tab", "Enter")
            pane.wait_for("Managed policies: 1 added")
            pane.send("F5")
            pane.wait_for("What this role can do")
            pane.tab_to("[ Save files ]")
            pane.send("Enter")
            pane.wait_for("Save the role's files")
            pane.tab_to("[ Save ]")
            pane.send("Enter")
            pane.wait_for("Saved")
            pane.send("Escape")
            code, modes = pane.finished()
            restored(pane, code, modes, 0)
            saved = (pane.dir / "saved" / "answers.yaml").read_text()
            for picked in [subnet, group, key, training, team]:
                check(picked in saved, f"pick: {picked} is not in the saved answers")
        finally:
            pane.close()
            shutil.rmtree(answers.parent, ignore_errors=True)


def test_a_pick_list_without_credentials_leaves_the_field_to_typing():
    """No credentials anywhere: Ctrl-L says why in one line and the field takes typing."""
    home = Path(tempfile.mkdtemp(prefix="smrole-e2e-home-"))
    env = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_PROFILE": "", "HOME": str(home),
           "AWS_CONFIG_FILE": str(home / "none"), "AWS_SHARED_CREDENTIALS_FILE": str(home / "none"),
           "AWS_EC2_METADATA_DISABLED": "true", "AWS_REGION": "us-east-1"}
    pane = wizard("nocreds", [], env=env)
    try:
        open_subnet_pick_list(pane)
        pane.wait_for("No pick list: not signed in to AWS")
        pane.type_into_focused("subnet-0typed")
        pane.wait_until(lambda screen: pane.focused_value(screen) == "subnet-0typed", "typing after the failed lookup")
        pane.send("Escape")
        pane.wait_for("Leave the wizard without saving")
        pane.send("y")
        code, modes = pane.finished()
        restored(pane, code, modes, 1)
    finally:
        pane.close()
        shutil.rmtree(home, ignore_errors=True)


def test_ctrl_c_during_create_rolls_back_at_once():
    """IAM holds the second write without answering (fault_proxy.py): keys still act, and
    Ctrl-C stops the call in flight and undoes the first write, without waiting for an answer."""
    sys.path.insert(0, str(ROOT / "Tests" / "oracles"))
    from moto_server import moto_server
    import boto3
    with moto_server() as moto:
        proxy = subprocess.Popen([sys.executable, str(ROOT / "Tests" / "stubs" / "fault_proxy.py"), moto, "hold", "2"],
                                 stdout=subprocess.PIPE, text=True)
        answers = Path(tempfile.mkdtemp(prefix="smrole-e2e-hold-")) / "ds.yaml"
        pane = None
        try:
            port = proxy.stdout.readline().split()[1]
            example = (ROOT / "examples" / "data-scientist.yaml").read_text()
            answers.write_text(example.replace("111122223333", "123456789012"))
            env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                   "AWS_ENDPOINT_URL_IAM": f"http://127.0.0.1:{port}", "AWS_ENDPOINT_URL_STS": moto}
            pane = wizard("hold", ["--answers", str(answers)], env=env)
            pane.wait_for("Role name")
            pane.send("F5")
            pane.wait_for("What this role can do")
            pane.tab_to("[ Create in AWS ]")
            pane.send("Enter")
            held = proxy.stdout.readline()
            check(held.startswith("hold 2"), f"hold: the proxy reported {held!r}")
            pane.send("?")
            pane.wait_for("Everywhere")          # help opens while the call hangs
            pane.send("Escape")
            pane.wait_for("What this role can do")
            started = time.monotonic()
            pane.send("C-c")
            pane.wait_for("Create stopped with Ctrl-C")
            check(time.monotonic() - started < 20, "hold: Ctrl-C took more than 20 s to stop the Create")
            check("Undone" in pane.screen(), "hold: the report does not say what was undone")
            pane.send("Escape")
            pane.wait_until(lambda screen: "Create stopped;" in screen and "Undone" not in screen, "the report closed")
            pane.send("C-c")
            code, modes = pane.finished()
            restored(pane, code, modes, 130)
            iam = boto3.client("iam", endpoint_url=moto, region_name="us-east-1", aws_access_key_id="testing",
                               aws_secret_access_key="testing")
            roles = [r["RoleName"] for r in iam.list_roles()["Roles"]]
            policies = [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]]
            check(roles == [] and policies == [], f"hold: left behind roles {roles}, policies {policies}")
        finally:
            if pane:
                pane.close()
            proxy.kill()
            proxy.wait()
            shutil.rmtree(answers.parent, ignore_errors=True)


def main():
    """Runs every test (or those named after the binary), each to its end; exits 1 if any failed."""
    chosen = sys.argv[2:]
    tests = [value for name, value in sorted(globals().items())
             if name.startswith("test_") and (not chosen or name in chosen)]
    print(f"wizard end-to-end: {SMROLE}")
    try:
        for test in tests:
            started = time.monotonic()
            before = len(failures)
            try:
                test()
            except Exception as error:  # noqa: BLE001 - one failing scenario must not hide the others
                failures.append(f"{test.__name__}: {error}")
                print("FAIL", test.__name__, f"{type(error).__name__}: {error}")
            outcome = "ok  " if len(failures) == before else "FAIL"
            print(f"{outcome} {test.__name__} ({time.monotonic() - started:.1f} s)")
    finally:
        SERVER.kill()
    if failures:
        print(f"{len(failures)} failure(s) with {SMROLE}")
        sys.exit(1)
    print(f"wizard end-to-end: {len(tests)} scenarios passed in tmux with {SMROLE}")


if __name__ == "__main__":
    main()
