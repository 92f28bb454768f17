#!/usr/bin/env bash
# Runs once, as root, when the assignment's image is built: installs JUnit 4 (with Hamcrest)
# from Debian's packages. run_autograder expects /usr/share/java/junit4.jar and hamcrest.jar.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends junit4
rm -rf /var/lib/apt/lists/*
ls -l /usr/share/java/junit4.jar /usr/share/java/hamcrest.jar
