#!/usr/bin/env bash
# Runs the tests with the JSON runner; results.json goes to stdout.
set -euo pipefail
CLASSPATH=classes:/usr/share/java/junit4.jar:/usr/share/java/hamcrest.jar
exec java -Xshare:auto -XX:+UseSerialGC -Xmx256m -cp "$CLASSPATH" edu.example.grading.JsonRunner \
  edu.example.words.WordCountsTest
