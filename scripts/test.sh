#!/usr/bin/env bash
# The test command of the README: installs what the tests need, then runs every test and prints
# the line and branch coverage of src/main (JaCoCo, target/site/jacoco/index.html for detail).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-test-deps.sh
# The unit file's hardening, as systemd scores it (fails above an exposure of 2.0).
if command -v systemd-analyze >/dev/null 2>&1; then deploy/systemd/check.sh; fi
status=0
mvn -B verify "$@" || status=$?
scripts/coverage.sh target/site/jacoco/jacoco.csv || true
exit "$status"
