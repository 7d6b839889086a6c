#!/bin/sh
# Prints the total line and branch coverage from a JaCoCo CSV report (default:
# target/site/jacoco/jacoco.csv, written by `mvn verify`). Exits 1 when the report is missing.
set -eu
csv=${1:-target/site/jacoco/jacoco.csv}
if [ ! -f "$csv" ]; then
  echo "coverage: no report at $csv (did the tests run?)" >&2
  exit 1
fi
# Columns: GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,BRANCH_MISSED,BRANCH_COVERED,
# LINE_MISSED,LINE_COVERED,...
awk -F, 'NR > 1 { bm += $6; bc += $7; lm += $8; lc += $9 }
  END {
    printf "coverage of src/main: lines %.1f%% (%d of %d), branches %.1f%% (%d of %d)\n",
      (lm + lc) ? 100 * lc / (lm + lc) : 0, lc, lm + lc, (bm + bc) ? 100 * bc / (bm + bc) : 0, bc, bm + bc
  }' "$csv"
