package io.vigie.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * {@link PrintedDocument} on Apache PDFBox: A4 pages, the standard Helvetica and Courier fonts
 * (WinAnsi: French accents, quotes and dashes print; a character outside it prints as "?"), text
 * wrapped to the page width, pages added as text flows, numbered on save.
 */
public final class PdfBoxDocument implements PrintedDocument {
  /**
   * PDFBox warns, for each standard font, that it found no such font file on the machine and uses
   * another one for glyph outlines. The PDF only names the standard font (every viewer has it) and
   * the widths come from PDFBox's own metrics, so the warning tells an operator nothing. Held here
   * so that the level set on it is not lost with a collected logger.
   */
  static final java.util.logging.Logger FONT_LOG = quiet("org.apache.pdfbox.pdmodel.font");

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
    l.setLevel(java.util.logging.Level.SEVERE);
    return l;
  }

  private static final float MARGIN = 56;
  private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
  private static final float TOP = PDRectangle.A4.getHeight() - MARGIN;
  private static final float BOTTOM = MARGIN + 20;

  private final PDDocument doc = new PDDocument();
  private final PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
  private final PDFont mono = new PDType1Font(Standard14Fonts.FontName.COURIER);
  private final Map<PDFont, Map<Character, Boolean>> printable = new HashMap<>();
  private final Footer footer;
  private final List<PDPage> pages = new ArrayList<>();
  private PDPageContentStream out;
  private float y;

  /**
   * @param title the document's title in its properties
   * @param footer the footer of each page
   */
  public PdfBoxDocument(String title, Footer footer) {
    this.footer = footer;
    PDDocumentInformation info = new PDDocumentInformation();
    info.setTitle(title);
    info.setCreator("vigie");
    doc.setDocumentInformation(info);
  }

  @Override
  public void title(String text) {
    block(text, bold, 18, 0, 10);
  }

  @Override
  public void heading(String text) {
    space(8);
    block(text, bold, 14, 0, 6);
  }

  @Override
  public void subheading(String text) {
    space(4);
    block(text, bold, 11.5f, 0, 4);
  }

  @Override
  public void paragraph(String text) {
    block(text, regular, 10, 0, 4);
  }

  @Override
  public void strong(String text) {
    block(text, bold, 10.5f, 0, 4);
  }

  @Override
  public void code(String text) {
    block(text, mono, 8, 12, 2);
  }

  @Override
  public void bullet(String text) {
    List<String> lines = wrap(clean(text, regular), regular, 10, WIDTH - 12);
    for (int i = 0; i < lines.size(); i++) {
      line((i == 0 ? "• " : "") + lines.get(i), regular, 10, i == 0 ? 4 : 12);
    }
    y -= 3;
  }

  @Override
  public void save(OutputStream sink) throws IOException {
    try {
      if (out != null) {
        out.close();
        out = null;
      }
      int n = pages.size();
      for (int i = 0; i < n; i++) {
        try (PDPageContentStream cs =
            new PDPageContentStream(
                doc, pages.get(i), PDPageContentStream.AppendMode.APPEND, true, true)) {
          cs.beginText();
          cs.setFont(regular, 8);
          cs.newLineAtOffset(MARGIN, MARGIN - 10);
          cs.showText(clean(footer.of(i + 1, n), regular));
          cs.endText();
        }
      }
      doc.save(sink);
    } finally {
      doc.close();
    }
  }

  private void space(float points) {
    y -= points;
  }

  private void block(String text, PDFont font, float size, float indent, float after) {
    for (String paragraphLine : text.split("\n", -1)) {
      for (String l : wrap(clean(paragraphLine, font), font, size, WIDTH - indent)) {
        line(l, font, size, indent);
      }
    }
    y -= after;
  }

  private void line(String text, PDFont font, float size, float indent) {
    float leading = size * 1.35f;
    try {
      if (out == null || y - leading < BOTTOM) {
        newPage();
      }
      y -= leading;
      out.beginText();
      out.setFont(font, size);
      out.newLineAtOffset(MARGIN + indent, y);
      out.showText(text);
      out.endText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void newPage() throws IOException {
    if (out != null) {
      out.close();
    }
    PDPage page = new PDPage(PDRectangle.A4);
    doc.addPage(page);
    pages.add(page);
    out = new PDPageContentStream(doc, page);
    y = TOP;
  }

  /** Words to lines no wider than {@code width}; a word wider than a line is cut. */
  private static List<String> wrap(String text, PDFont font, float size, float width) {
    List<String> lines = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String word : text.split(" ")) {
      String candidate = cur.length() == 0 ? word : cur + " " + word;
      if (width(candidate, font, size) <= width) {
        cur.setLength(0);
        cur.append(candidate);
        continue;
      }
      if (cur.length() > 0) {
        lines.add(cur.toString());
        cur.setLength(0);
      }
      String w = word;
      while (width(w, font, size) > width && w.length() > 1) {
        int cut = w.length() - 1;
        while (cut > 1 && width(w.substring(0, cut), font, size) > width) {
          cut--;
        }
        lines.add(w.substring(0, cut));
        w = w.substring(cut);
      }
      cur.append(w);
    }
    if (cur.length() > 0 || lines.isEmpty()) {
      lines.add(cur.toString());
    }
    return lines;
  }

  private static float width(String s, PDFont font, float size) {
    try {
      return font.getStringWidth(s) / 1000 * size;
    } catch (IOException | IllegalArgumentException e) {
      return s.length() * size * 0.6f;
    }
  }

  /** Characters the font cannot encode become "?", an arrow "->"; tabs and controls, spaces. */
  private String clean(String text, PDFont font) {
    Map<Character, Boolean> known = printable.computeIfAbsent(font, f -> new HashMap<>());
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '→') {
        sb.append("->");
        continue;
      }
      if (Character.isISOControl(c)) {
        sb.append(' ');
        continue;
      }
      boolean ok =
          known.computeIfAbsent(
              c,
              ch -> {
                try {
                  font.encode(String.valueOf(ch));
                  return true;
                } catch (IOException | IllegalArgumentException e) {
                  return false;
                }
              });
      sb.append(ok ? c : '?');
    }
    return sb.toString();
  }
}
