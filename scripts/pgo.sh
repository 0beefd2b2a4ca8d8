#!/usr/bin/env bash
# Profile-guided optimisation (PGO) of huiwu's release build. rustc compiles the crate twice:
# once instrumented, which then solves a training set and records which branches and calls are
# hot, and once more with that profile, which lays the hot paths out straight and inlines along
# them. Same code, same plans (the profile changes how the code is compiled, never what it
# computes); on the criterion workload of the search's move evaluation, 14.7 % fewer
# instructions, and 4-9 % more evaluations per second by the median of paired runs
# (BENCHMARKS.md §2, "Session 16").
#
#   bash scripts/pgo.sh              # the CLI: target/pgo/release/huiwu
#   bash scripts/pgo.sh bench [ARGS] # the criterion benches on the PGO build (ARGS as for
#                                    # `cargo bench`, e.g. `--bench solver -- evaluate_m`)
#
# The training set: `huiwu generate` S, M and L with seed 11 (not a seed the benchmarks use),
# each solved on one thread without the MIP neighbourhoods for a fixed number of iterations,
# the shipped example week solved with them for 5 s, the ITC-2007 fixture imported
# and solved on the slot engine, and every plan checked. Code the training never runs is
# compiled for size, not speed.
#
# The profile names functions by their mangled symbols, which carry a hash of the crate's build
# (its features and those of its dependencies): it applies only to a build whose dependency
# features resolve as in the instrumented one. `cargo bench` turns on the dev-dependencies'
# features, so for `bench` the instrumented build includes the examples (which do too). A
# mismatched profile would be ignored without a word (measured: the same instructions as without
# PGO), so the script checks that the optimised CLI's huiwu
# functions are named in the profile and stops when none is. The Python wheel (`--features
# python`) is a different build again and is not profiled here.
#
# HUIWU_PGO_FEATURES passes cargo feature flags to every build (default: none, i.e. HiGHS), e.g.
# HUIWU_PGO_FEATURES="--no-default-features --features microlp". The instrumented build goes
# to target/pgo-gen, the optimised one to target/pgo, the merged profile to
# target/pgo/huiwu.profdata. Needs rustup's llvm-tools (installed when missing) for
# llvm-profdata of rustc's own LLVM version.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-cli}
[ $# -gt 0 ] && shift
case $mode in
    cli) targets=(--bin huiwu) ;;
    bench) targets=(--bin huiwu --examples) ;;
    *)
        echo "usage: pgo.sh [cli | bench [CARGO BENCH ARGS]]" >&2
        exit 2
        ;;
esac
# shellcheck disable=SC2206
features=(${HUIWU_PGO_FEATURES:-})
# The benches and examples/evaluate_moves read the search through the bench hooks.
[ "$mode" = bench ] && features+=(--features bench-hooks)
root=$PWD
gen=$root/target/pgo-gen
use=$root/target/pgo
raw=$gen/profiles
merged=$use/huiwu.profdata

# llvm-profdata and llvm-nm of rustc's own LLVM (rustup's llvm-tools).
llvm_tool() {
    find "$(rustc --print sysroot)/lib/rustlib" -name "$1" -type f 2>/dev/null | head -n 1
}
if [ -z "$(llvm_tool llvm-profdata)" ] || [ -z "$(llvm_tool llvm-nm)" ]; then
    echo "pgo: installing rustup's llvm-tools (llvm-profdata, llvm-nm)" >&2
    rustup component add llvm-tools >/dev/null
fi
profdata=$(llvm_tool llvm-profdata)
nm=$(llvm_tool llvm-nm)
if [ -z "$profdata" ] || [ -z "$nm" ]; then
    echo "pgo: no llvm-profdata/llvm-nm for $(rustc --version); install rustup's llvm-tools" >&2
    exit 1
fi

echo "== pgo: instrumented build (target/pgo-gen)" >&2
RUSTFLAGS="-Cprofile-generate=$raw" cargo build --release "${targets[@]}" --target-dir "$gen" "${features[@]}"

echo "== pgo: training" >&2
# The build scripts ran instrumented too and wrote profiles here: only the training's count.
rm -rf "$raw"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$gen/release/huiwu
for scale in S M L; do
    "$bin" generate --scale "$scale" --seed 11 -o "$work/$scale.json"
    "$bin" solve "$work/$scale.json" -o "$work/$scale.plan.json" --threads 1 --seed 2 --no-mip \
        --max-iterations 1000000 --time-limit 60 --quiet
    "$bin" check "$work/$scale.json" "$work/$scale.plan.json" >/dev/null
done
"$bin" solve examples/week.json -o "$work/week.plan.json" --threads 2 --seed 2 --time-limit 5 --quiet
"$bin" check examples/week.json "$work/week.plan.json" >/dev/null
"$bin" import itc2007 tests/data/tiny.ctt -o "$work/tiny.json"
"$bin" solve "$work/tiny.json" -o "$work/tiny.plan.json" --threads 1 --seed 2 --time-limit 2 --quiet
"$bin" check "$work/tiny.json" "$work/tiny.plan.json" >/dev/null
mkdir -p "$use"
"$profdata" merge -o "$merged" "$raw"
echo "pgo: profile $merged" >&2

# Through the environment, so that criterion keeps its reports and baselines in
# target/pgo/criterion, apart from those of the plain build.
export RUSTFLAGS="-Cprofile-use=$merged" CARGO_TARGET_DIR=$use
cargo build --release "${targets[@]}" "${features[@]}"
# The profile applies when it names the built functions: count huiwu's symbols of the
# optimised CLI that it holds (206 of 209 when it matched, 0 of 207 when the
# features differed).
"$profdata" show --all-functions "$merged" | sed -n 's/^  \(.*;\)\{0,1\}\(_ZN5huiwu[^:]*\):$/\2/p' |
    sort -u >"$work/profiled"
"$nm" --defined-only "$use/release/huiwu" | awk '$3 ~ /^_ZN5huiwu/ {print $3}' | sort -u >"$work/built"
common=$(comm -12 "$work/profiled" "$work/built" | wc -l)
if [ "$common" -eq 0 ]; then
    echo "pgo: the profile names none of the built CLI's functions (features resolved differently?)" >&2
    exit 1
fi
echo "pgo: built $use/release/huiwu ($common of its $(wc -l <"$work/built") huiwu functions profiled)" >&2
if [ "$mode" = bench ]; then
    cargo bench "${features[@]}" "$@"
fi
