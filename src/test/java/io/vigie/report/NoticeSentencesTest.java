package io.vigie.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.notice.NoticeType;
import java.text.MessageFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class NoticeSentencesTest {
  @Test
  void everyNoticeTypeHasASentenceInBothLanguagesThatNamesItsTime() {
    for (String lang : Narrator.LANGS) {
      for (NoticeType t : NoticeType.values()) {
        assertTrue(NoticeSentences.has(t, lang), t + " has no sentence in " + lang);
        String s =
            new MessageFormat(NoticeSentences.template(t, lang), Locale.forLanguageTag(lang))
                .format(new Object[] {"T0", "ACTOR", "TARGET", "APP", "CAMERA", "WINDOW"});
        assertTrue(s.contains("T0"), t + " (" + lang + ") says no time: " + s);
        // A straight apostrophe would have swallowed a placeholder: none must be left raw.
        assertFalse(s.contains("{"), t + " (" + lang + "): " + s);
        assertFalse(s.contains("_"), t + " (" + lang + ") shows a raw key: " + s);
      }
    }
  }

  @Test
  void theTwoLanguagesDoNotShareASentence() {
    for (NoticeType t : NoticeType.values()) {
      assertFalse(
          NoticeSentences.template(t, "fr").equals(NoticeSentences.template(t, "en")),
          t + " is not translated");
    }
  }
}
