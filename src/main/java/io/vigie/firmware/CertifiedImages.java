package io.vigie.firmware;

import io.vigie.config.CertifiedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The site's certified firmware images, looked up by SHA-256.
 *
 * <pre>{@code
 * CertifiedImages certified = CertifiedImages.of(site.certifiedImages());
 * certified.find(session.details().get(FileDetails.KIND).sha256()).ifPresent(i -> ...);
 * }</pre>
 */
public final class CertifiedImages {
  public static final CertifiedImages NONE = new CertifiedImages(Map.of());

  private final Map<String, CertifiedImage> bySha;

  private CertifiedImages(Map<String, CertifiedImage> bySha) {
    this.bySha = bySha;
  }

  public static CertifiedImages of(List<CertifiedImage> images) {
    Map<String, CertifiedImage> m = new HashMap<>();
    for (CertifiedImage i : images) {
      m.put(i.sha256(), i);
    }
    return new CertifiedImages(Map.copyOf(m));
  }

  public Optional<CertifiedImage> find(String sha256) {
    return sha256 == null
        ? Optional.empty()
        : Optional.ofNullable(bySha.get(sha256.toLowerCase(Locale.ROOT)));
  }

  public int size() {
    return bySha.size();
  }
}
