package org.ccsidecar.azmount.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnreadBlocksTest {
  @Test
  void theOldestUnreadBlockIsPushedOutPastTheLimit() {
    UnreadBlocks unread = new UnreadBlocks(3);
    assertEquals(-1, unread.arrived(10));
    assertEquals(-1, unread.arrived(11));
    assertEquals(-1, unread.arrived(12));
    assertEquals(10, unread.arrived(13));
    unread.forget(12); // read
    assertEquals(-1, unread.arrived(14));
    assertEquals(11, unread.arrived(15));
    assertEquals(13, unread.arrived(16));
  }
}
