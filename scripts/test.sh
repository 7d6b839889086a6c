#!/usr/bin/env bash
# The test command of the README: installs what the tests need, then runs every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-test-deps.sh
# The unit file's hardening, as systemd scores it (fails above an exposure of 2.0).
if command -v systemd-analyze >/dev/null 2>&1; then deploy/systemd/check.sh; fi
mvn -B verify "$@"
