package org.ccsidecar.remotefs.sidecar;

import org.ccsidecar.remotefs.config.FilesystemConfig;

/** Brings one configured filesystem up, registering an undo step for everything it creates. */
@FunctionalInterface
public interface FilesystemStarter {
  /**
   * Starts {@code fs}. Every resource made is registered on {@code teardown} as soon as it exists,
   * so that a failure part-way (or a stop) undoes exactly what was done.
   */
  void start(FilesystemConfig fs, Teardown teardown) throws Exception;
}
