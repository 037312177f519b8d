package org.ccsidecar.skr.uvm;

import org.ccsidecar.skr.snp.TcbVersion;

/** A VCEK + ASK + ARK chain as PEM, and the TCB its VCEK was issued for. */
public record FetchedCertChain(byte[] pem, TcbVersion tcb) {}
