package org.ccsidecar.skr.maa;

import java.io.IOException;

/** Produces attestation evidence whose report carries the given 64-byte REPORT_DATA. */
@FunctionalInterface
public interface EvidenceSource {
  AttestationEvidence collect(byte[] reportData) throws IOException;
}
