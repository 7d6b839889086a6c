package io.vigie.evidence;

/**
 * The outcome of a verification.
 *
 * @param finding the first problem, or null when everything is intact
 * @param summary what was checked, for a person
 */
public record VerifyResult(Finding finding, String summary) {
  public boolean intact() {
    return finding == null;
  }
}
