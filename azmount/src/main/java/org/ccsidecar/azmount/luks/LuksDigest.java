package org.ccsidecar.azmount.luks;

import java.util.Set;

/** A volume key digest: PBKDF2 of the key, and which keyslots and segments it vouches for. */
record LuksDigest(
    String hash,
    long iterations,
    byte[] salt,
    byte[] digest,
    Set<Integer> keyslots,
    Set<Integer> segments) {}
