package io.vigie.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, so it is never written twice. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {"vigie " + (v == null ? "(development build)" : v)};
  }
}
