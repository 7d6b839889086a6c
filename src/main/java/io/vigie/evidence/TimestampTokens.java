package io.vigie.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;

/**
 * Checks RFC 3161 time-stamp tokens (BouncyCastle's TSP classes behind one static entry point): the
 * token must stamp the SHA-256 of exactly these bytes, its signature must verify with the TSA
 * certificate it carries (which must be for time-stamping), and, when CAs are given, that
 * certificate must chain to one of them at the token's date.
 *
 * <pre>{@code
 * TimestampTokens.Checked c = TimestampTokens.check(tokenDer, statementBytes, trustedCas);
 * if (c.problem() == null) ... c.genTime() ...
 * }</pre>
 */
final class TimestampTokens {
  /**
   * What a token says, and what is wrong with it.
   *
   * @param genTime the TSA's time, null when the token cannot be read
   * @param tsa the TSA certificate's subject, null when unknown
   * @param problem null when the token is good
   */
  record Checked(Instant genTime, String tsa, String problem) {}

  private TimestampTokens() {}

  static Checked check(byte[] der, byte[] data, List<X509Certificate> trusted) {
    TimeStampToken token;
    try {
      token = new TimeStampToken(new CMSSignedData(der));
    } catch (CMSException | TSPException | IOException | RuntimeException e) {
      return new Checked(
          null, null, "is not an RFC 3161 time-stamp token (" + e.getMessage() + ")");
    }
    Instant gen = token.getTimeStampInfo().getGenTime().toInstant();
    if (!TSPAlgorithms.SHA256.equals(token.getTimeStampInfo().getMessageImprintAlgOID())) {
      return new Checked(gen, null, "stamps a digest other than SHA-256");
    }
    if (!MessageDigest.isEqual(sha256(data), token.getTimeStampInfo().getMessageImprintDigest())) {
      return new Checked(gen, null, "stamps other bytes than the statement it is filed with");
    }
    Store<X509CertificateHolder> certs = token.getCertificates();
    X509CertificateHolder holder = null;
    for (X509CertificateHolder h : certs.getMatches(null)) {
      if (token.getSID().match(h)) {
        holder = h;
      }
    }
    if (holder == null) {
      return new Checked(gen, null, "carries no TSA certificate to check its signature with");
    }
    String tsa = holder.getSubject().toString();
    try {
      // Checks the signature, that the certificate was valid at genTime, and that it is a
      // time-stamping certificate (critical extendedKeyUsage timeStamping, RFC 3161 section 2.3).
      token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(holder));
    } catch (TSPException | OperatorCreationException | java.security.cert.CertificateException e) {
      return new Checked(gen, tsa, "signature does not verify: " + e.getMessage());
    }
    if (trusted != null && !trusted.isEmpty()) {
      String chain = chainProblem(holder, certs, trusted, gen);
      if (chain != null) {
        return new Checked(gen, tsa, chain);
      }
    }
    return new Checked(gen, tsa, null);
  }

  private static String chainProblem(
      X509CertificateHolder signer,
      Store<X509CertificateHolder> carried,
      List<X509Certificate> trusted,
      Instant at) {
    try {
      JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
      List<X509Certificate> path = new ArrayList<>();
      path.add(conv.getCertificate(signer));
      for (X509CertificateHolder h : carried.getMatches(null)) {
        if (!h.equals(signer)) {
          path.add(conv.getCertificate(h));
        }
      }
      Set<TrustAnchor> anchors = new HashSet<>();
      for (X509Certificate ca : trusted) {
        anchors.add(new TrustAnchor(ca, null));
        path.remove(ca); // a carried copy of the root is not part of the path
      }
      PKIXParameters p = new PKIXParameters(anchors);
      p.setRevocationEnabled(false); // offline check: a reviewer may have no network
      p.setDate(java.util.Date.from(at));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), p);
      return null;
    } catch (GeneralSecurityException e) {
      return "TSA certificate does not chain to the trusted CA: " + e.getMessage();
    }
  }

  /** Reads the CA certificates of a PEM file (one or more). */
  static List<X509Certificate> readCertificates(Path pem) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(pem);
    } catch (IOException e) {
      throw new IOException(pem + ": cannot read the TSA CA file: " + e.getMessage(), e);
    }
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IOException(pem + ": no certificate in the TSA CA file");
      }
      return List.copyOf(out);
    } catch (GeneralSecurityException e) {
      throw new IOException(pem + ": not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
