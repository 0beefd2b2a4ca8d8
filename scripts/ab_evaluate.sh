#!/usr/bin/env bash
# Compares builds of examples/evaluate_moves (the criterion workload evaluate_m/feasible_moves_10k
# outside criterion) by running them in turn, ROUNDS times, so that the machine's drift falls on
# all of them alike; prints each binary's median, mean, min and max evaluations per second.
#
#   cargo build --release --features bench-hooks --example evaluate_moves && cp target/release/examples/evaluate_moves /tmp/new
#   (check out the other code, build again, copy to /tmp/old)
#   bash scripts/ab_evaluate.sh 30 40 /tmp/old /tmp/new
#
# REPS is passed to evaluate_moves (10 000 evaluations per repetition). Used for BENCHMARKS.md §2.
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: ab_evaluate.sh ROUNDS REPS BINARY [BINARY ...]" >&2
    exit 2
fi
rounds=$1
reps=$2
shift 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$rounds"); do
    for k in $(seq $#); do
        bin=${!k}
        "$bin" "$reps" | awk '{print $(NF-1)}' >> "$out/$k"
    done
done
for k in $(seq $#); do
    sort -n "$out/$k" | awk -v name="${!k}" '
        { a[NR] = $1; s += $1 }
        END {
            med = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
            printf "%s: median %d, mean %d, min %d, max %d evaluations/s (%d runs)\n", name, med, s / NR, a[1], a[NR], NR
        }'
done
