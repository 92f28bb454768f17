#!/usr/bin/env bash
# Runs once, as root, when the assignment's image is built. The harness needs only Python's
# standard library, which the grading image already has, so there is nothing to install.
set -euo pipefail
python3 --version
