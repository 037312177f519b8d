package org.ccsidecar.azmount.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a task on several threads at once, for tests of concurrent readers. */
final class Concurrently {
  /** One thread's work; {@code thread} is 0 to threads - 1. */
  interface Task {
    void run(int thread) throws Exception;
  }

  private Concurrently() {}

  /** Runs {@code task} on {@code threads} threads and waits; the first failure is rethrown. */
  static void run(int threads, Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  task.run(thread);
                  return null;
                }));
      }
      for (Future<?> result : results) {
        result.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
