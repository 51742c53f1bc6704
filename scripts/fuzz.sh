#!/bin/sh
# `make fuzz`: FUZZ_EXAMPLES random valid models in FUZZ_SHARDS processes at once (one per core), shard i
# seeded FUZZ_SEED + i (its two files of tests/fuzz FUZZ_SEED + i and FUZZ_SEED + i + 1000), so the shards draw
# different models and the run takes 1/FUZZ_SHARDS of the time.
# Each shard prints its counts (models, components, relations, kinds, templates linted) and fails alone.
set -u
PY=${PY:-.venv/bin/python}
SHARDS=${FUZZ_SHARDS:-2}
TOTAL=${FUZZ_EXAMPLES:-5000}
SEED=${FUZZ_SEED:-20261202}
LOGS=$(mktemp -d)
PER=$(( (TOTAL + SHARDS - 1) / SHARDS ))
i=0
while [ "$i" -lt "$SHARDS" ]; do
  ARCHGEN_FUZZ_EXAMPLES=$PER ARCHGEN_FUZZ_SEED=$((SEED + i)) ARCHGEN_FUZZ_SITE_EVERY=${FUZZ_SITE_EVERY:-100} \
    "$PY" -m pytest tests/fuzz -q -n 0 -p no:randomly -p no:cacheprovider -s >"$LOGS/shard-$i.log" 2>&1 &
  echo "$!" >"$LOGS/shard-$i.pid"
  i=$((i + 1))
done
failed=0
i=0
while [ "$i" -lt "$SHARDS" ]; do
  if ! wait "$(cat "$LOGS/shard-$i.pid")"; then failed=1; fi
  echo "--- shard $i (seed $((SEED + i)), $PER models)"
  tail -n 40 "$LOGS/shard-$i.log"
  i=$((i + 1))
done
rm -rf "$LOGS"
exit "$failed"
