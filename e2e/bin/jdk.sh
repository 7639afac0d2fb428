# Sourced by the project's commands: puts a JDK 25 on PATH without the user exporting anything.
# Order: $JAVA_HOME if it is 25+, then the newest JDK 25+ under /usr/lib/jvm, else a clear error.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'; }
pitboss_find_jdk() {
  local c
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    return 0
  fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    c=${c%/}
    if [ -x "$c/bin/javac" ] && [ "$(java_major "$c")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME=$c PATH=$c/bin:$PATH
      return 0
    fi
  done
  echo "pitboss: no JDK 25 found (looked at \$JAVA_HOME and /usr/lib/jvm/*). Install Temurin 25 and retry." >&2
  return 1
}
pitboss_find_jdk
