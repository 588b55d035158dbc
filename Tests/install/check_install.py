#!/usr/bin/env python3
"""`make install` and `make uninstall`, run as a packager runs them (DESTDIR and PREFIX into a scratch folder):
the binary works from where it lands, bash and fish complete its commands with the installed completion
scripts, zsh reads its script, man renders the page with every command in it, and uninstall leaves no file.

Usage: check_install.py      (`make install-test`; the release binary must be built)
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "/opt/smrole-check"
COMMANDS = ["wizard", "generate", "personas", "activities", "lint", "explain", "simulate", "apply", "onboard"]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL", message)


def make(target, destdir):
    result = subprocess.run(["make", "--no-print-directory", target, f"DESTDIR={destdir}", f"PREFIX={PREFIX}"],
                            cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"make {target} failed:\n{result.stdout}\n{result.stderr}")


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*") if not p.is_dir())


def main():
    with tempfile.TemporaryDirectory() as destdir:
        make("install", destdir)
        root = Path(destdir + PREFIX)
        expected = ["bin/smrole", "share/bash-completion/completions/smrole",
                    "share/fish/vendor_completions.d/smrole.fish", "share/man/man1/smrole.1",
                    "share/zsh/site-functions/_smrole"]
        check(files_under(destdir) == [PREFIX.lstrip("/") + "/" + f for f in expected],
              f"installed files: {files_under(destdir)}")
        binary = root / "bin/smrole"
        # The completion scripts run smrole to complete some arguments: the installed one.
        with_installed_path = dict(os.environ, PATH=f"{root}/bin:{os.environ['PATH']}")
        check(os.access(binary, os.X_OK), "bin/smrole is not executable")
        version = subprocess.run([binary, "--version"], capture_output=True, text=True)
        check(version.returncode == 0 and version.stdout.strip() != "", f"installed smrole --version: {version}")

        # bash: the function the installed script registers (`complete -F`), called as bash calls it after
        # `smrole gen<Tab>`: the command, the word being completed and the one before it.
        bash = subprocess.run(["bash", "-c", f'source "{root}/share/bash-completion/completions/smrole"; '
                               'COMP_WORDS=(smrole gen); COMP_CWORD=1; COMP_LINE="smrole gen"; COMP_POINT=10; '
                               'function=$(complete -p smrole | sed -E "s/.* -F ([^ ]+) .*/\\1/"); '
                               '"$function" smrole gen smrole; printf "%s\\n" "${COMPREPLY[@]}"'],
                              capture_output=True, text=True, env=with_installed_path)
        check(bash.stdout.split() == ["generate"], f"bash completes 'smrole gen' to {bash.stdout.split()}: "
              f"{bash.stderr}")

        # fish: the same question through fish's own completion engine.
        if shutil.which("fish"):
            script = root / "share/fish/vendor_completions.d/smrole.fish"
            fish = subprocess.run(["fish", "--no-config", "-c", f'source "{script}"; complete -C"smrole "'],
                                  capture_output=True, text=True, env=with_installed_path)
            offered = {line.split("\t")[0] for line in fish.stdout.splitlines()}
            check(set(COMMANDS) <= offered, f"fish offers {sorted(offered)} after 'smrole ': {fish.stderr}")
        else:
            check(False, "fish is not installed (scripts/install-build-deps.sh with TEST=1 installs it)")

        # zsh: the script parses and defines the completion function.
        if shutil.which("zsh"):
            zsh = subprocess.run(["zsh", "-f", "-c", f'source "{root}/share/zsh/site-functions/_smrole" 2>/dev/null; '
                                  'whence -w _smrole'], capture_output=True, text=True)
            check(zsh.stdout.strip() == "_smrole: function", f"zsh: {zsh.stdout} {zsh.stderr}")
        else:
            check(False, "zsh is not installed (scripts/install-build-deps.sh with TEST=1 installs it)")

        # man: the page renders without warnings and names every command.
        page = subprocess.run(["man", "--warnings", "-l", str(root / "share/man/man1/smrole.1")], capture_output=True,
                              text=True, env=dict(os.environ, MANWIDTH="100", MANPAGER="cat", LC_ALL="C.UTF-8"))
        check(page.returncode == 0 and page.stderr.strip() == "", f"man: {page.returncode} {page.stderr}")
        for command in COMMANDS:
            check(f"smrole {command}" in page.stdout, f"the man page has no section for smrole {command}")

        make("uninstall", destdir)
        check(files_under(destdir) == [], f"left after make uninstall: {files_under(destdir)}")

    print(f"install: {len(failures)} failed checks" if failures else "install: make install and uninstall checked")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
