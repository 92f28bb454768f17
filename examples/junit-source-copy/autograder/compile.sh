#!/usr/bin/env bash
# Compiles the source tree (the student's file among it) and the tests into classes/.
set -euo pipefail
CLASSPATH=/usr/share/java/junit4.jar:/usr/share/java/hamcrest.jar
rm -rf classes && mkdir classes
javac -J-Xshare:auto -encoding UTF-8 -cp "$CLASSPATH" -d classes $(find src -name '*.java' | sort)
