#!/usr/bin/env bash
# custorg's GitHub Action (action.yml), step "Install custorg".
#
# Installs custorg into the Python that actions/setup-python put on PATH: the action's own
# checkout ($GITHUB_ACTION_PATH, so the ref in `uses: custorg/custorg@REF` is what runs),
# or the release named by the `version` input. Inputs arrive as environment variables
# (INPUT_VERSION), never written into this script: nothing in them runs as shell code.
set -euo pipefail

version=${INPUT_VERSION:-}
if [ -z "$version" ]; then
    source_dir=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set (not run by a GitHub Action)}
    python -m pip install --disable-pip-version-check -q -- "$source_dir"
elif [[ "$version" =~ ^[0-9]+(\.[0-9]+)*([.+-]?[A-Za-z0-9]+)*$ ]]; then
    python -m pip install --disable-pip-version-check -q -- "custorg==$version"
else
    echo "::error title=custorg action::the input 'version' must be a release such as 0.2.0 (or empty: the action's own version)" >&2
    exit 2
fi
python -m custorg --version
