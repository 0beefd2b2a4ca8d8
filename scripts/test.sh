#!/usr/bin/env bash
# Runs every test of huiwu: the Rust suite (unit, integration, property, doc tests), then the
# Python package built and installed with pip and its pytest suite (incl. the notebook, run
# headless, mypy's stubtest on the typed stubs and mypy --strict).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== cargo test"
cargo test --all-targets --features bench-hooks
cargo test --doc
echo "== python: pip install .[test]"
python3 -m pip install -q --disable-pip-version-check ".[test]"
echo "== python: pytest (incl. the notebook run headless, stubtest and mypy --strict)"
python3 -m pytest -q tests/python
