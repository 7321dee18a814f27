#!/usr/bin/env bash
# custorg's GitHub Action (action.yml), step "Audit".
#
# Runs `custorg audit` on the `path` input with the `format`, `fail-on` and `config` inputs;
# with `sarif: true` also writes SARIF (`--fail-on never`: the gate is the first run) for
# the upload step. Inputs arrive as environment variables (INPUT_PATH, INPUT_FORMAT,
# INPUT_FAIL_ON, INPUT_CONFIG, INPUT_SARIF, INPUT_SARIF_FILE), never written into this
# script, and are passed to custorg as single, quoted arguments after `--` where they are
# paths: nothing in them runs as shell code or reads as an option.
#
# Outputs (to $GITHUB_OUTPUT): exit-code (custorg's: 0 clean, 1 findings at or above
# fail-on, 2 usage or config error, 3 a bug) and sarif-file (with `sarif: true`).
# The step exits with custorg's exit code.
set -uo pipefail

fail() {
    echo "::error title=custorg action::$1" >&2
    exit 2
}

path=${INPUT_PATH:-}
sarif=${INPUT_SARIF:-false}
sarif_file=${INPUT_SARIF_FILE:-custorg.sarif}
output_file=${GITHUB_OUTPUT:-/dev/null}

[ -n "$path" ] || fail "the input 'path' is required: the org, a file or a folder"
case "$sarif" in
    true | false) ;;
    *) fail "the input 'sarif' must be true or false" ;;
esac
case "$sarif_file" in
    "" | *$'\n'* | *$'\r'*) fail "the input 'sarif-file' must be one file name" ;;
esac

options=(--fail-on "${INPUT_FAIL_ON:-error}")
if [ -n "${INPUT_CONFIG:-}" ]; then
    options+=(--config "$INPUT_CONFIG")
fi

status=0
python -m custorg audit --format "${INPUT_FORMAT:-github}" "${options[@]}" -- "$path" \
    || status=$?

if [ "$sarif" = true ]; then
    sarif_status=0
    python -m custorg audit --format sarif --output "$sarif_file" "${options[@]}" \
        --fail-on never -- "$path" || sarif_status=$?
    if [ -f "$sarif_file" ]; then
        echo "sarif-file=$sarif_file" >> "$output_file"
    fi
    if [ "$status" -eq 0 ] && [ "$sarif_status" -ge 2 ]; then
        status=$sarif_status  # 1 is the gate's word (format errors); 2 and 3 are not
    fi
fi

echo "exit-code=$status" >> "$output_file"
exit "$status"
