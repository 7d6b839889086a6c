package io.vigie.report;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A printable document written top to bottom: what the case report needs of a PDF library, and no
 * more ({@link PdfBoxDocument} is the one implementation). Text wraps and flows onto new pages by
 * itself; the footer numbers the pages when the document is saved.
 *
 * <pre>{@code
 * PrintedDocument d = new PdfBoxDocument("Case report", (page, pages) -> page + "/" + pages);
 * d.title("Case report");
 * d.paragraph("The vendor connected by SSH to camera cam-05 ...");
 * d.code("vigie evidence verify case.db");
 * d.save(out);
 * }</pre>
 */
public interface PrintedDocument {
  /** The document's title, large. */
  void title(String text);

  /** A section heading. */
  void heading(String text);

  /** A heading inside a section (an incident). */
  void subheading(String text);

  void paragraph(String text);

  /** A paragraph in bold (a verification result). */
  void strong(String text);

  /** A line in a fixed-width font: a command, a hash, a record reference. */
  void code(String text);

  /** An item of a list. */
  void bullet(String text);

  /** Writes the whole document; the document is finished afterwards. */
  void save(OutputStream out) throws IOException;

  /** The footer of each page, e.g. "Page 2 of 5". */
  @FunctionalInterface
  interface Footer {
    String of(int page, int pages);
  }
}
