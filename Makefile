# smrole — the two commands a new user needs are `make run` and `make test`.
SWIFT ?= swift
VENV  := .venv-test
PY    := $(VENV)/bin/python
# What ships. Every test that runs the binary runs this one, built by the `release` target
# below (the only place its build command is written).
BIN   := $(CURDIR)/.build/release/smrole

.PHONY: all build release run install uninstall test deps swift-test oracle-test install-test e2e-test workflow-test \
        e2e-stress bench clean

all: build

build:
	$(SWIFT) build

# The release build: the Swift runtime and Foundation linked statically, and libstdc++ and ncurses too (their
# archives are linked into STATIC_LIBS, searched first: scripts/static-libs.sh). Flags that reach the compiler are
# here, so wizard-bench (make bench) shares the release objects instead of rebuilding them.
STATIC_LIBS   := $(CURDIR)/.build/static-libs
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -L$(STATIC_LIBS)
# Only the link of what ships: glibc functions newer than 2.34 (Amazon Linux 2023, CloudShell) are sent to the
# replacements in Sources/CGlibcCompat, and debug info is stripped (the symbol table stays, for crash backtraces).
SHIP_LINK_FLAGS := -Xlinker --wrap=hypot -Xlinker --wrap=hypotf -Xlinker --wrap=arc4random -Xlinker --strip-debug

release:
	scripts/install-build-deps.sh
	scripts/static-libs.sh $(STATIC_LIBS)
	$(SWIFT) build $(RELEASE_FLAGS) $(SHIP_LINK_FLAGS) --product smrole

# The wizard. Without a terminal (CI, pipes) it says so and exits 2.
run: release
	.build/release/smrole wizard

# The release binary, its shell completions (bash, zsh, fish; written by the binary itself) and its man page
# (scripts/manpage.py, from the binary's own help) under PREFIX, inside DESTDIR when packaging.
PREFIX  ?= /usr/local
DESTDIR ?=
INSTALLED_BIN  = $(DESTDIR)$(PREFIX)/bin/smrole
INSTALLED_BASH = $(DESTDIR)$(PREFIX)/share/bash-completion/completions/smrole
INSTALLED_ZSH  = $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_smrole
INSTALLED_FISH = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/smrole.fish
INSTALLED_MAN  = $(DESTDIR)$(PREFIX)/share/man/man1/smrole.1

install: release
	install -d $(dir $(INSTALLED_BIN)) $(dir $(INSTALLED_BASH)) $(dir $(INSTALLED_ZSH)) \
	  $(dir $(INSTALLED_FISH)) $(dir $(INSTALLED_MAN))
	install -m 0755 $(BIN) $(INSTALLED_BIN)
	$(BIN) --generate-completion-script bash > $(INSTALLED_BASH)
	$(BIN) --generate-completion-script zsh > $(INSTALLED_ZSH)
	$(BIN) --generate-completion-script fish > $(INSTALLED_FISH)
	python3 scripts/manpage.py $(BIN) > $(INSTALLED_MAN)
	chmod 0644 $(INSTALLED_BASH) $(INSTALLED_ZSH) $(INSTALLED_FISH) $(INSTALLED_MAN)

uninstall:
	rm -f $(INSTALLED_BIN) $(INSTALLED_BASH) $(INSTALLED_ZSH) $(INSTALLED_FISH) $(INSTALLED_MAN)

# Everything: installs what the tests need (Debian and PyPI packages), builds the release
# binary as `make release` does, then runs every test. Unit tests use the debug build; the CLI
# tests (SMROLE_BINARY), the oracles, the end-to-end tests and the workflows run the release binary.
test: deps swift-test oracle-test install-test e2e-test workflow-test

deps:
	scripts/install-test-deps.sh

swift-test: release
	$(SWIFT) build --build-tests
	SMROLE_BINARY=$(BIN) $(SWIFT) test

# Independent tools judge smrole's output: policy_sentry and parliament (policies),
# parliament again (lint agreement), the SARIF 2.1.0 schema (lint --format sarif), cfn-lint,
# python-hcl2, shellcheck and moto (exports), moto's copy of AWS's managed policies (the shipped
# documents), principalmapper (simulate agreement).
oracle-test: release
	$(PY) Tests/oracles/check_policies.py $(BIN)
	$(PY) Tests/oracles/lint_agreement.py $(BIN)
	$(PY) Tests/oracles/check_sarif.py $(BIN)
	$(PY) Tests/oracles/check_exports.py $(BIN)
	$(PY) Tests/oracles/check_managed_policy_catalog.py
	$(PY) Tests/oracles/simulate_agreement.py $(BIN)

# `make install` and `make uninstall` into a scratch DESTDIR: the files, the completions in bash and fish, the man page.
install-test: release
	$(PY) Tests/install/check_install.py

# The wizard in a real terminal (tmux): keys, paste, resize, signals, restore.
e2e-test: release
	$(PY) Tests/e2e/wizard_e2e.py $(BIN)

# Real SageMaker SDK workflows recorded against moto; every IAM request they make is judged by
# smrole simulate and principalmapper against each persona's role (Tests/workflows, docs/workflows.md).
# Then construct parity: every request the CDK construct's templates allow, smrole's roles allow
# too, apart from documented narrowings (docs/construct-parity.md).
workflow-test: release
	scripts/install-workflow-deps.sh
	.venv-workflows-v2/bin/python Tests/workflows/run_suite.py $(BIN)
	.venv-workflows-v2/bin/python Tests/workflows/construct_parity.py $(BIN)

# The whole e2e suite 5 times in a row beside two CPU-bound processes; fails if any run fails.
e2e-stress: release deps
	scripts/e2e-under-load.sh $(BIN)

# Speed and memory, measured as whole processes (never by timed tests), each beside its peer in the same run:
# the CDK construct (installed here into .venv-bench, with Debian's nodejs), parliament and the AWS CLI.
bench: release deps
	scripts/bench/install-bench-deps.sh
	$(SWIFT) build $(RELEASE_FLAGS) --product wizard-bench
	$(PY) scripts/bench/bench.py .build/release/smrole

clean:
	rm -rf .build $(VENV) .venv-workflows-v2 .venv-workflows-v3 smrole-out
