package io.vigie.protocol;

/**
 * A file the session carried: hashed when it went in clear (HTTP, FTP, TFTP), sized only when
 * encrypted (scp/sftp).
 *
 * @param sha256 SHA-256 (hex) of the file, or null
 * @param size its size in bytes, -1 when unknown
 * @param upload true when put by the client of the transfer (HTTP POST/PUT, FTP STOR, TFTP WRQ),
 *     which is not always the flow's originator
 */
public record FileDetails(String sha256, long size, boolean upload) implements ProtocolDetail {
  public static final DetailKind<FileDetails> KIND =
      new DetailKind<>(FileDetails.class, new FileDetails(null, -1, false), FileDetails::from);

  static FileDetails from(SessionAttrs a) {
    return a.fileSha256 == null && a.fileSize < 0
        ? null
        : new FileDetails(a.fileSha256, a.fileSize, a.fileUpload);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.string("file_sha256", sha256);
    w.numberOrNull("file_size", size >= 0 ? size : null);
    // The contract's file_upload speaks of a hashed file: an encrypted transfer's direction is a
    // guess from byte counts (FirmwareTransferStage), not something the wire said.
    w.bool("file_upload", upload && sha256 != null);
  }
}
