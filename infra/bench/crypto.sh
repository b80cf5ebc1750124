#!/usr/bin/env bash
# What sealing costs on this machine (jifen-crypto's CryptoCost: warm-up, then timed loops; a rough number, not a
# benchmark): SM4-GCM and AES-256-GCM per value, the HMAC-SM3 blind index, and the crypto of a 10,000-row member import.
#
#   infra/bench/crypto.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -pl crypto test-compile
BC_VERSION=$(sed -n 's#.*<bouncycastle.version>\(.*\)</bouncycastle.version>.*#\1#p' pom.xml)
BC="$HOME/.m2/repository/org/bouncycastle/bcprov-jdk18on/$BC_VERSION/bcprov-jdk18on-$BC_VERSION.jar"
"$JAVA_HOME/bin/java" -cp "crypto/target/classes:crypto/target/test-classes:$BC" io.jifen.crypto.CryptoCost
