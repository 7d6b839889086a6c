package io.vigie.firmware;

import java.util.Optional;

/**
 * Which approved maintenance window, if any, announced a change. The daemon backs it with the
 * policy engine's windows; a match links the notice to the window, it never mutes it.
 */
@FunctionalInterface
public interface ExpectedChanges {
  Optional<String> windowFor(CameraChange change, long tsNanos);

  ExpectedChanges NONE = (c, ts) -> Optional.empty();
}
