#!/usr/bin/env bash
# Paired timing of two builds of the criterion workload `evaluate_m/feasible_moves_10k`
# (examples/evaluate_moves.rs), for changes too small for one criterion run to show on a
# noisy machine. Each pair runs both binaries at the same time, one per core (the sides
# alternate), so both see the same moment of the machine; prints the ratio B/A per pair
# and its median and mean.
#
#   cargo build --release --example evaluate_moves && cp target/release/examples/evaluate_moves /tmp/a
#   (change the code, build again)
#   benches/paired_evaluate.sh /tmp/a target/release/examples/evaluate_moves 16 100
#
# Arguments: binary A, binary B, pairs (default 10), repetitions of the 10 000 moves per run
# (default 100). Needs two cores and `taskset` (util-linux).
set -euo pipefail
a=$1 b=$2 pairs=${3:-10} reps=${4:-100}
rate() { grep -o '[0-9]* evaluations/s' "$1" | cut -d' ' -f1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$pairs"); do
  ca=$((i % 2)) cb=$(((i + 1) % 2))
  taskset -c "$ca" "$a" "$reps" >"$out/a" &
  pa=$!
  taskset -c "$cb" "$b" "$reps" >"$out/b" &
  pb=$!
  wait "$pa" "$pb"
  echo "$(rate "$out/a") $(rate "$out/b")"
done | python3 -c '
import statistics, sys
rows = [tuple(map(int, l.split())) for l in sys.stdin]
r = [b / a for a, b in rows]
for (a, b), x in zip(rows, r):
    print(f"{a:>9} {b:>9}  {x:.3f}")
print(f"A median {statistics.median(a for a, _ in rows):.0f}/s, B median {statistics.median(b for _, b in rows):.0f}/s")
print(f"B/A per pair: median {statistics.median(r):.3f}, mean {statistics.mean(r):.3f}, min {min(r):.3f}, max {max(r):.3f}")
'
