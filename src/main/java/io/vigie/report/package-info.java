/**
 * The case told as a story, for the people who judge it (a lawyer, an auditor, the data-protection
 * officer): incidents first, in time order and plain words, names of devices and vendor endpoints
 * from the site model, background traffic folded away; and the printable case report (PDF) built
 * from the same story.
 *
 * <pre>
 * evidence store ──Timeline.read──► CaseStory.of(entries, names) ──► web ReviewerView (HTML)
 *                                         │
 *                                         └──► CaseReport.write(story, verification, lang,
 *                                                  PrintedDocument) ──► PdfBoxDocument (PDF)
 * </pre>
 *
 * <p>The sentences come from one place per notice type ({@link io.vigie.report.NoticeSentences},
 * keyed by {@code NoticeType}), the other words from {@code words_<lang>.properties} beside these
 * classes. Apache PDFBox is used by {@link io.vigie.report.PdfBoxDocument} only.
 */
package io.vigie.report;
