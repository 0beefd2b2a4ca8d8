#!/usr/bin/env bash
# Runs every test of huiwu: the Rust suite (unit, integration, property, doc tests), then the
# Python package built and installed with pip, its pytest suite (incl. the notebook, run
# headless), and mypy's stubtest on the typed stubs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== cargo test"
cargo test --all-targets
cargo test --doc
echo "== python: pip install .[test]"
python3 -m pip install -q --disable-pip-version-check ".[test]"
echo "== python: stubtest"
python3 -m mypy.stubtest huiwu --allowlist python/stubtest-allowlist.txt
echo "== python: pytest"
python3 -m pytest -q tests/python
