#!/usr/bin/env bash
# Runs every Wharf test on this machine: installs what the tests need, builds the local images, then the whole
# solution's test projects (unit tests and end-to-end tests that start real servers and drive the real kubectl).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
if [ -x scripts/build-images.sh ]; then
  ./scripts/build-images.sh
fi

dotnet build Wharf.sln -c Release -nologo -clp:ErrorsOnly
# One test project at a time: the end-to-end and node tests start servers and containerd and are timing-sensitive.
dotnet test Wharf.sln -c Release --no-build -nologo -m:1 --logger "console;verbosity=minimal" "$@"
