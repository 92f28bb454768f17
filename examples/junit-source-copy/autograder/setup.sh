#!/usr/bin/env bash
# Runs once, as root, when the assignment's image is built. As in Gradescope's Java sample, it
# installs the JDK (the grading image has it already: apt-get says so and goes on) and JUnit 4,
# from the image's package lists, without an apt-get update.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends openjdk-17-jdk-headless junit4
ls -l /usr/share/java/junit4.jar /usr/share/java/hamcrest.jar
