package io.vigie.protocol;

import java.util.List;

/**
 * FTP: the user name (never the password) and the files named by RETR/STOR, on the control session
 * and inherited by its data connections.
 */
public record FtpDetails(String user, List<String> files) implements ProtocolDetail {
  public static final DetailKind<FtpDetails> KIND =
      new DetailKind<>(FtpDetails.class, new FtpDetails(null, List.of()), FtpDetails::from);

  public FtpDetails {
    files = files == null ? List.of() : List.copyOf(files);
  }

  static FtpDetails from(SessionAttrs a) {
    return a.ftpUser == null && a.ftpFiles.isEmpty() ? null : new FtpDetails(a.ftpUser, a.ftpFiles);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.string("ftp_user", user);
    w.strings("ftp_files", files);
  }
}
