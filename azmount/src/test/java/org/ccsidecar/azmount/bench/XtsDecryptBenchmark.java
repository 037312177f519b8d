package org.ccsidecar.azmount.bench;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.ccsidecar.azmount.luks.SectorCipher;
import org.ccsidecar.azmount.luks.SectorCiphers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * aes-xts-plain64 decryption through the engine's {@link SectorCipher}: 1 MiB buffers of 4096-byte
 * sectors, 512-bit key, one thread. One operation decrypts {@link #BUFFER_BYTES} bytes, so MB/s =
 * ops/s x 1.048576. The fork adds the Vector API module, as the launchers do. The long warmup lets
 * C2 finish on a busy machine. Run by {@code scripts/bench.sh xts}, which compares it with OpenSSL.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
public class XtsDecryptBenchmark {
  public static final int BUFFER_BYTES = 1 << 20;

  @Param("4096")
  int sectorSize;

  private SectorCipher cipher;
  private byte[] buffer;
  private long firstIvSector;

  @Setup
  public void setUp() throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] key = new byte[64];
    random.nextBytes(key);
    cipher = SectorCiphers.create(SectorCiphers.AES_XTS_PLAIN64, key, sectorSize);
    buffer = new byte[BUFFER_BYTES];
    random.nextBytes(buffer);
  }

  @Benchmark
  public void decrypt(Blackhole blackhole) {
    // Decrypting in place turns the buffer into other ciphertext, which is as good as any.
    cipher.decrypt(buffer, 0, BUFFER_BYTES, firstIvSector);
    firstIvSector += BUFFER_BYTES / 512;
    blackhole.consume(buffer[0]);
  }

  @TearDown
  public void tearDown() {
    cipher.close();
  }
}
