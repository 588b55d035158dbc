# smrole — the two commands a new user needs are `make run` and `make test`.
SWIFT ?= swift
VENV  := .venv-test
PY    := $(VENV)/bin/python
# What ships. Every test that runs the binary runs this one, built by the `release` target
# below (the only place its build command is written).
BIN   := $(CURDIR)/.build/release/smrole

.PHONY: all build release run test deps swift-test oracle-test e2e-test workflow-test e2e-stress bench clean

all: build

build:
	$(SWIFT) build

release:
	scripts/install-build-deps.sh
	$(SWIFT) build -c release --product smrole --static-swift-stdlib

# The wizard. Without a terminal (CI, pipes) it says so and exits 2.
run: release
	.build/release/smrole wizard

# Everything: installs what the tests need (Debian and PyPI packages), builds the release
# binary as `make release` does, then runs every test. Unit tests use the debug build; the CLI
# tests (SMROLE_BINARY), the oracles, the end-to-end tests and the workflows run the release binary.
test: deps swift-test oracle-test e2e-test workflow-test

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

# Speed and memory, measured as whole processes (never by timed tests).
bench: release deps
	$(SWIFT) build -c release --product wizard-bench
	$(PY) scripts/bench.py .build/release/smrole

clean:
	rm -rf .build $(VENV) .venv-workflows-v2 .venv-workflows-v3 smrole-out
