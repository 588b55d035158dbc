"""One program in a real terminal: a tmux pane on a private tmux server, driven like a user.

Nothing here sleeps for a fixed time. Every step waits for what the screen shows: a control-mode
client attached to the pane reports each piece of output the program writes, and a wait re-reads
the screen after each report until its condition holds or its timeout passes (a failure then
prints the screen). "Settled" means the program wrote nothing for SETTLE_SECONDS.
"""
import os
import select
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

# Generous: a busy 2-core machine may take seconds to start a process or paint a frame.
TIMEOUT_SECONDS = 60.0
# A frame is written in one burst; this much silence after output means the frame is complete.
SETTLE_SECONDS = 0.3
# Re-read the screen at least this often even without a report (reports can race the screen).
RECHECK_SECONDS = 0.5
FOCUS = "›"


class TmuxServer:
    """A tmux server of our own (its socket and configuration in a scratch folder), killed at the end."""

    def __init__(self):
        self.home = Path(tempfile.mkdtemp(prefix="smrole-e2e-tmux-"))
        self.socket = self.home / "socket"
        self.config = self.home / "tmux.conf"
        # The server lives until kill(), not until its last session ends: a new session must never race a
        # server that is shutting down. Dead panes stay readable (exit code, tty modes); no status line
        # takes a row from the program.
        self.config.write_text("set -s exit-empty off\nset -g remain-on-exit on\nset -g status off\n")

    def command(self, *args):
        return ["tmux", "-S", str(self.socket), "-f", str(self.config), *args]

    def run(self, *args, check=True):
        result = subprocess.run(self.command(*args), capture_output=True, text=True)
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)[:200]} exited {result.returncode}: {result.stderr.strip()}")
        return result

    def kill(self):
        self.run("kill-server", check=False)
        shutil.rmtree(self.home, ignore_errors=True)


class Pane:
    """One program run in its own tmux session and scratch folder.

    After the program ends, the pane writes its exit code and the tty's icanon/echo modes to
    `report` and shows `REPORTED`, so every test can check that the terminal was restored.
    """

    def __init__(self, server, name, argv, width=100, height=30, env=None, ready="smrole"):
        self.server = server
        self.name = name
        self.dir = Path(tempfile.mkdtemp(prefix=f"smrole-e2e-{name}-"))
        environment = {"LANG": "C.UTF-8", "XDG_STATE_HOME": str(self.dir / "state"), "TERM": "tmux-256color"}
        environment.update(env or {})
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in environment.items())
        program = " ".join(shlex.quote(arg) for arg in argv)
        # The inner sh writes its PID and then becomes the program, so the PID is the program's.
        inner = shlex.quote(f"echo $$ > pid; exec {program}")
        # Written to a file: tmux scrolls a dead pane's screen by a line for its "Pane is dead" notice.
        modes = "stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '"
        report = f"{{ echo EXIT=$?; {modes}; }} >report; cat report; echo; echo REPORTED"
        command = f"cd {shlex.quote(str(self.dir))} && env {exports} sh -c {inner} >out 2>err; {report}"
        server.run("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command)
        self.control = subprocess.Popen(server.command("-C", "attach-session", "-t", name),
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._unread = b""  # the start of a control-mode line not yet complete
        self.wait_for(ready)

    # Reading the screen

    def screen(self, escapes=False):
        """The visible screen as text (with escapes: also its colours and attributes)."""
        return self.server.run("capture-pane", "-p", "-t", self.name, *(["-e"] if escapes else [])).stdout

    def focused(self, screen=None):
        """What follows the focus mark `›` (a field's label, a choice, a button), or None."""
        lines = [line for line in (screen or self.screen()).splitlines() if FOCUS in line]
        if len(lines) != 1:
            return None
        return lines[0].split(FOCUS, 1)[1].strip()

    def focused_box(self, screen=None):
        """The focused field's box (the line under its label) between its brackets, or None."""
        lines = (screen or self.screen()).splitlines()
        for index, line in enumerate(lines[:-1]):
            if line.startswith(FOCUS):
                box = lines[index + 1].lstrip()
                if box.startswith("[") and "]" in box:
                    return box[1:box.rindex("]")]
        return None

    def focused_value(self, screen=None):
        """The text in the focused field's box, or None."""
        box = self.focused_box(screen)
        return None if box is None else box.rstrip()

    def focused_field_shows(self, text, screen=None):
        """Whether the focused box shows `text`: all of it, or its end when it is wider than the box."""
        box = self.focused_box(screen)
        if box is None:
            return False
        visible = box.rstrip()
        if len(text) < len(box):
            return visible == text
        return len(visible) >= len(box) - 2 and text.endswith(visible)

    # Waiting for the screen

    def _output_arrived(self, seconds):
        """Waits up to `seconds` for the program to write something; True if it did.

        Only `%output` lines count: tmux also tells control clients of layout and session changes.
        """
        deadline = time.monotonic() + max(seconds, 0)
        while True:
            ready, _, _ = select.select([self.control.stdout], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                return False
            data = os.read(self.control.stdout.fileno(), 1 << 16)
            if not data:
                raise AssertionError(f"{self.name}: tmux's control client ended; screen:\n{self.screen()}")
            lines = (self._unread + data).split(b"\n")
            self._unread = lines.pop()
            if any(line.startswith(b"%output ") for line in lines + [self._unread]):
                return True

    def _drain(self):
        while self._output_arrived(0):
            pass

    def wait_until(self, condition, what, timeout=TIMEOUT_SECONDS):
        """The screen once `condition(screen)` holds; fails with the screen after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if condition(screen):
                return screen
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{self.name}: waited {timeout:.0f} s for {what}; the screen shows:\n{screen}")
            self._output_arrived(min(remaining, RECHECK_SECONDS))

    def wait_for(self, text, timeout=TIMEOUT_SECONDS):
        return self.wait_until(lambda screen: text in screen, repr(text), timeout)

    def settle(self, timeout=TIMEOUT_SECONDS):
        """The screen once the program has written nothing for SETTLE_SECONDS."""
        deadline = time.monotonic() + timeout
        while self._output_arrived(SETTLE_SECONDS):
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: the screen never settled; it shows:\n{self.screen()}")
        return self.screen()

    def repainted_after(self, action, what):
        """Runs `action`, waits for the program to write in answer, then for the screen to settle."""
        self._drain()
        action()
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while not self._output_arrived(deadline - time.monotonic()):
            if time.monotonic() >= deadline:
                raise AssertionError(f"{self.name}: nothing was painted after {what}; "
                                     f"the screen shows:\n{self.screen()}")
        return self.settle()

    # Acting like a user

    def send(self, *keys):
        """Keys by tmux name (Tab, Enter, C-n, F5...), sent as one group."""
        self.server.run("send-keys", "-t", self.name, *keys)

    def press(self, *keys):
        """Keys whose effect is a repaint; returns the settled screen after it."""
        return self.repainted_after(lambda: self.send(*keys), f"pressing {' '.join(keys)}")

    def press_until(self, key, condition, what, limit=60):
        """Presses `key` one at a time, each after the last one's repaint, until `condition(screen)`."""
        screen = self.settle()
        for _ in range(limit):
            if condition(screen):
                return screen
            screen = self.press(key)
        if condition(screen):
            return screen
        raise AssertionError(f"{self.name}: {key} {limit} times never reached {what}; the screen shows:\n{screen}")

    def tab_to(self, label, limit=60):
        """Tabs until the focus mark is on `label` (a field's name, a choice, a button)."""
        return self.press_until("Tab", lambda screen: (self.focused(screen) or "").startswith(label),
                                f"focus on {label!r}", limit)

    def type_into_focused(self, text):
        """Types `text` literally and waits until the focused field's box holds it."""
        before = self.focused_value() or ""
        self.server.run("send-keys", "-t", self.name, "-l", text)
        expected = before + text
        return self.wait_until(lambda screen: self.focused_field_shows(expected, screen),
                               f"the focused field to show {expected!r}")

    def type_filter(self, text):
        """Types `text` into an open pick list's filter and waits until the list shows it."""
        self.server.run("send-keys", "-t", self.name, "-l", text)
        return self.wait_until(lambda screen: f"Filter: {text}" in screen, f"the pick list's filter to show {text!r}")

    def paste(self, text):
        """A bracketed paste of `text`, as a terminal delivers a paste."""
        self.server.run("set-buffer", "-b", "e2e", text)
        self.server.run("paste-buffer", "-p", "-d", "-b", "e2e", "-t", self.name)

    def resize(self, width, height):
        """Resizes the window; returns the settled screen after the program repainted for it."""
        return self.repainted_after(
            lambda: self.server.run("resize-window", "-t", self.name, "-x", str(width), "-y", str(height)),
            f"resizing to {width}x{height}")

    # The end of the program

    def pid(self):
        """The program's PID (written before the program started, so present once it painted)."""
        return int((self.dir / "pid").read_text())

    def finished(self, timeout=TIMEOUT_SECONDS):
        """The exit code and the tty modes (icanon, echo or -icanon...) reported after the program ended."""
        self.wait_for("REPORTED", timeout)
        first, modes = (self.dir / "report").read_text().split("\n", 1)
        return int(first.removeprefix("EXIT=")), modes.split()

    def alternate_screen(self):
        return self.server.run("display-message", "-p", "-t", self.name, "#{alternate_on}").stdout.strip()

    def output(self):
        return (self.dir / "out").read_text()

    def close(self):
        """Ends the program if it still runs (SIGTERM, as a test's last step would), then the session.

        The program ends before its folder is removed: a wizard ended by the session's hang-up would
        write its draft into the folder again.
        """
        if "REPORTED" not in self.screen():
            try:
                os.kill(self.pid(), signal.SIGTERM)
                self.wait_for("REPORTED")
            except (OSError, ValueError, AssertionError) as error:
                print(f"{self.name}: could not end the program before closing: {error}")
        self.server.run("kill-session", "-t", self.name, check=False)
        if self.control.poll() is None:
            self.control.kill()
        self.control.wait()
        for stream in (self.control.stdin, self.control.stdout):
            stream.close()
        shutil.rmtree(self.dir, ignore_errors=True)
