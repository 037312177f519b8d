package org.ccsidecar.azmount.cli;

/** Keyslot KDFs {@code image create} offers, named as cryptsetup names them. */
enum Pbkdf {
  pbkdf2,
  argon2id
}
