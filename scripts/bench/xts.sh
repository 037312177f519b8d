# scripts/bench.sh xts: aes-xts-plain64 decryption of 4096-byte sectors, one thread, through the
# engine's SectorCipher (JMH XtsDecryptBenchmark, 1 MiB buffers) against `openssl speed -evp
# aes-256-xts -decrypt` with 8192-byte blocks (512-bit keys both). Prints the ratio.
. scripts/bench/common.sh

# Bytes per second of one OpenSSL run (-mr prints +F:n:name:bytes_per_second). -elapsed: wall
# clock, as JMH measures, so a busy machine slows both alike (OpenSSL's default is user CPU time).
openssl_xts_decrypt_bytes_per_second() {
  openssl speed -elapsed -evp aes-256-xts -decrypt -seconds "${XTS_OPENSSL_SECONDS:-3}" -bytes 8192 \
    -mr 2>/dev/null | awk -F: '/^\+F:/ { print $4 }'
}

bench_xts() {
  ensure_apt openssl
  local cp csv
  cp=$(bench_test_classpath)
  csv=$(mktemp)
  local before after
  before=$(openssl_xts_decrypt_bytes_per_second)
  java -cp "$cp" org.openjdk.jmh.Main XtsDecryptBenchmark -t 1 -f 1 -rf csv -rff "$csv" "$@" >&2
  after=$(openssl_xts_decrypt_bytes_per_second)
  # Score is ops/s; one op decrypts 1 MiB.
  local ours
  ours=$(awk -F, 'NR == 2 { print $5 * 1048576 }' "$csv")
  rm -f "$csv"
  awk -v ours="$ours" -v a="$before" -v b="$after" 'BEGIN {
    openssl = (a + b) / 2
    printf "xts-decrypt-java-MBps: %.0f\n", ours / 1e6
    printf "xts-decrypt-openssl-MBps: %.0f (runs: %.0f, %.0f)\n", openssl / 1e6, a / 1e6, b / 1e6
    printf "xts-decrypt-ratio-vs-openssl: %.2f\n", ours / openssl
  }'
}
