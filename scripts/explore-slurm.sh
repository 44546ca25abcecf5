#!/usr/bin/env bash
# Runs a `mensa explore` sweep as a Slurm job array: task K of N evaluates shard K/N
# (mensa explore ... --shard K/N, which writes shard.complete last), and a job that depends on
# the whole array merges the shards into OUTDIR (mensa explore merge), which equals the
# single-process run byte for byte and refuses any shard that did not finish.
#
# Usage: scripts/explore-slurm.sh -n SHARDS -o OUTDIR [-l] [-s "SBATCH OPTIONS"] SPACE MODEL... [-- EXPLORE OPTIONS]
#   -n SHARDS   number of array tasks (shards)
#   -o OUTDIR   result folder; shards go to OUTDIR.shards/K (on a file system every node sees)
#   -l          run the tasks one after the other here instead of submitting (no Slurm needed)
#   -s OPTIONS  extra sbatch options, e.g. "-p batch --time=01:00:00"
# Env: MENSA (default: mensa on PATH).
set -euo pipefail

usage() { sed -n '6,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

shards="" out="" local_run=0 sbatch_options=""
while getopts "n:o:ls:h" opt; do
    case $opt in
        n) shards=$OPTARG ;;
        o) out=$OPTARG ;;
        l) local_run=1 ;;
        s) sbatch_options=$OPTARG ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
[[ $shards =~ ^[1-9][0-9]*$ && -n $out && $# -ge 1 ]] || usage

mensa=${MENSA:-mensa}
command -v "$mensa" >/dev/null || { echo "explore-slurm: $mensa not found (set MENSA)" >&2; exit 2; }
mensa=$(command -v "$mensa")
out=$(realpath -m "$out")
shard_root="$out.shards"
# SPACE, MODEL... and, after --, explore options, each as an absolute path when it is a file.
args=()
for a in "$@"; do
    if [[ $a != -* && -e $a ]]; then args+=("$(realpath "$a")"); elif [[ $a != -- ]]; then args+=("$a"); fi
done
mkdir -p "$shard_root"

task_command() { # $1 = shard number
    printf '%q ' "$mensa" explore "${args[@]}" --out "$shard_root/$1" --shard "$1/$shards"
}
merge_command() {
    printf '%q ' "$mensa" explore merge "$out"
    for k in $(seq 1 "$shards"); do printf '%q ' "$shard_root/$k"; done
}

if ((local_run)); then
    for k in $(seq 1 "$shards"); do eval "$(task_command "$k")"; done
    eval "$(merge_command)"
    exit 0
fi

command -v sbatch >/dev/null || { echo "explore-slurm: sbatch not found (use -l to run here)" >&2; exit 2; }
task_script="$shard_root/task.sh"
{
    echo '#!/usr/bin/env bash'
    echo 'set -euo pipefail'
    printf '%q ' "$mensa" explore "${args[@]}"
    # shellcheck disable=SC2016 # the task's shell expands SLURM_ARRAY_TASK_ID
    printf -- '--out %q/"$SLURM_ARRAY_TASK_ID" --shard "$SLURM_ARRAY_TASK_ID"/%q\n' "$shard_root" "$shards"
} >"$task_script"
chmod +x "$task_script"
# shellcheck disable=SC2086 # sbatch_options is a list of options
array_job=$(sbatch --parsable $sbatch_options --array="1-$shards" --job-name=mensa-explore \
    --output="$shard_root/task-%a.log" "$task_script")
merge_script="$shard_root/merge.sh" # bash, not --wrap's sh: the paths are quoted for bash
printf '#!/usr/bin/env bash\nset -euo pipefail\n%s\n' "$(merge_command)" >"$merge_script"
chmod +x "$merge_script"
# shellcheck disable=SC2086
merge_job=$(sbatch --parsable $sbatch_options --dependency="afterok:${array_job%%;*}" \
    --job-name=mensa-explore-merge --output="$shard_root/merge.log" "$merge_script")
echo "explore-slurm: array job $array_job ($shards tasks), merge job $merge_job -> $out"
