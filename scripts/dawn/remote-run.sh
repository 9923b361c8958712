#!/bin/bash
# On a GPU machine without Node or a network, from a copy of the repo holding .dawn/ and the folder that
# scripts/dawn/pack-remote.sh made: unpacks node, Dawn and the datasets, then runs the phases in order.
#   REMOTE=.remote OUT=results DEADLINE=seconds ACCEPTANCE="--only lenet5" BENCH="--full" bash scripts/dawn/remote-run.sh probe acceptance bench
# Phases: probe (which adapter Dawn offers, and a one-dispatch compute check), acceptance, bench. Each phase
# stops at DEADLINE (seconds from the start; default 540); a phase that finds the deadline passed is skipped.
# ACCEPTANCE may hold several runs separated by ';' (most wanted first, so a deadline cuts the least wanted):
#   ACCEPTANCE="--only lenet5; --only mnist-mlp --seeds 1,2,3"
# Each run rewrites its own OUT/acceptance-N.json after every preset (N counts from 1 in every call, so give each
# call its own OUT); the bench writes OUT/bench.json at its end.
# Exits with the worst phase's exit code.
set -u
cd "$(dirname "$0")/../.."
START=$(date +%s)
elapsed() { echo $(( $(date +%s) - START )); }
left() { echo $(( ${DEADLINE:-540} - $(elapsed) )); }
unxz() { if command -v xz >/dev/null; then xz -dc "$1"; else python3 -c "import lzma,sys,shutil; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)" "$1"; fi; }
REMOTE=${REMOTE:-.remote}
OUT=${OUT:-remote-results}
RT=${RT:-/tmp/dawn-runtime}
mkdir -p "$OUT" "$RT/bin" "$RT/datasets" node_modules/webgpu/dist/linux-x64
[ -x "$RT/bin/node" ] || { unxz "$REMOTE/base/node.xz" > "$RT/bin/node"; chmod +x "$RT/bin/node"; }
export PATH=$RT/bin:$PATH
cp "$REMOTE"/base/webgpu/* node_modules/webgpu/
[ -s node_modules/webgpu/dist/linux-x64/dawn.node ] || unxz "$REMOTE/base/dawn.node.xz" > node_modules/webgpu/dist/linux-x64/dawn.node
# The Vulkan loader and glvnd, unpacked only where either is missing (a bare GPU machine): NVIDIA's Vulkan driver
# (libGLX_nvidia) cannot be loaded without glvnd's libGLdispatch.
if ! { ldconfig -p | grep -q libvulkan.so.1 && ldconfig -p | grep -q libGLdispatch.so.0; }; then
  for f in "$REMOTE"/base/gl/*.deb; do [ -f "$f" ] && dpkg -x "$f" /; done; ldconfig
fi
ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$ICD" ] && export VK_DRIVER_FILES=$ICD
for f in "$REMOTE"/data/*; do
  b=$(basename "$f")
  case $b in *.xz) t=$RT/datasets/${b%.xz}; [ -s "$t" ] || unxz "$f" > "$t";; *) cp "$f" "$RT/datasets/";; esac
done
echo "ready after $(elapsed) s: node $(node --version), VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}"
worst=0
for phase in "$@"; do
  l=$(left)
  echo; echo "######## $phase at $(elapsed) s ($l s left)"
  if [ "$l" -le 0 ]; then echo "$phase skipped: the deadline has passed"; worst=124; continue; fi
  case $phase in
    probe) timeout 60 node .dawn/probe.mjs || { echo "no usable adapter"; ldconfig -p | grep -i vulkan; exit 1; } ;;
    acceptance)
      rc=0; n=0
      IFS=';' read -ra runs <<< "${ACCEPTANCE:-}"
      [ ${#runs[@]} -eq 0 ] && runs=("")
      for opts in "${runs[@]}"; do
        # A blank entry (";;", a trailing ";") is skipped: it would train every target.
        [ ${#runs[@]} -gt 1 ] && [ -z "${opts// /}" ] && continue
        n=$((n + 1)); l=$(left)
        if [ "$l" -le 0 ]; then echo "acceptance run $n ($opts) skipped: the deadline has passed"; rc=124; continue; fi
        echo "---- acceptance run $n:$opts ($l s left)"
        timeout "$l" node .dawn/acceptance.mjs --datasets "$RT/datasets" $opts --out "$OUT/acceptance-$n.json"
        r=$?; [ "$r" -gt "$rc" ] && rc=$r
      done
      (exit "$rc") ;;
    bench) timeout "$l" node .dawn/bench.mjs ${BENCH:---full --check} --out "$OUT/bench.json" --markdown "$OUT/bench.md" ;;
    *) echo "unknown phase $phase (probe, acceptance, bench)"; exit 2 ;;
  esac
  rc=$?
  echo "######## $phase ended at $(elapsed) s with exit code $rc"
  [ "$rc" -gt "$worst" ] && worst=$rc
done
exit "$worst"
