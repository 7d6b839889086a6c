package io.vigie.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The Ed25519 key that signs checkpoints. Created on first start: the private key as PKCS#8 PEM
 * with mode 0600, the public key as X.509 PEM beside it for reviewers.
 *
 * <pre>{@code
 * SigningKey key = SigningKey.loadOrCreate(Path.of("evidence.db.key"), Path.of("evidence.db.pub"));
 * byte[] sig = key.sign(message);
 * boolean ok = SigningKey.verify(key.publicKey(), message, sig);
 * }</pre>
 */
public final class SigningKey {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** Reads the key, or makes one when {@code keyFile} does not exist yet. */
  public static SigningKey loadOrCreate(Path keyFile, Path pubFile) throws IOException {
    try {
      if (Files.exists(keyFile)) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
        if (!OWNER_ONLY.containsAll(perms)) {
          throw new IOException(
              keyFile
                  + ": private key is readable by others ("
                  + PosixFilePermissions.toString(perms)
                  + "), expected rw-------");
        }
        PrivateKey priv =
            KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(readPem(keyFile, "PRIVATE KEY")));
        if (!Files.exists(pubFile)) {
          throw new IOException(
              pubFile
                  + ": public key missing while its private key "
                  + keyFile
                  + " exists; restore it from the copy kept at installation");
        }
        PublicKey pub = readPublicKey(pubFile);
        SigningKey key = new SigningKey(priv, pub);
        byte[] probe = "vigie-key-probe".getBytes(StandardCharsets.US_ASCII);
        if (!verify(pub, probe, key.sign(probe))) {
          throw new IOException(pubFile + " is not the public half of " + keyFile);
        }
        return key;
      }
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      Path parent = keyFile.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      // Written whole beside it (0600 from the start: never world-readable), then moved into
      // place: a crash mid-write must not leave an empty key that stops the store from opening.
      Path tmpKey =
          Files.createTempFile(
              parent,
              ".key-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(EnumSet.copyOf(OWNER_ONLY)));
      Path tmpPub = Files.createTempFile(parent, ".pub-", ".tmp");
      try {
        writeSynced(tmpKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        writeSynced(tmpPub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.move(
            tmpPub,
            pubFile,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // The private key last, and never over an existing one: its presence means "created".
        Files.createLink(keyFile, tmpKey);
      } finally {
        Files.deleteIfExists(tmpKey);
        Files.deleteIfExists(tmpPub);
      }
      return new SigningKey(pair.getPrivate(), pair.getPublic());
    } catch (FileAlreadyExistsException e) {
      throw new IOException(keyFile + ": appeared while being created", e);
    } catch (GeneralSecurityException e) {
      throw new IOException(keyFile + ": not an Ed25519 key: " + e.getMessage(), e);
    }
  }

  /** Reads an existing key pair; never makes one (export signs with the store's own key). */
  public static SigningKey load(Path keyFile, Path pubFile) throws IOException {
    if (!Files.exists(keyFile)) {
      throw new IOException(
          keyFile
              + ": no such private key (a bundle is signed with the store's key;"
              + " give it with --key)");
    }
    return loadOrCreate(keyFile, pubFile);
  }

  private static void writeSynced(Path file, String text) throws IOException {
    try (java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(
            file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public byte[] sign(byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Hex SHA-256 of the X.509 encoding: how records and reports name a key. */
  public static String fingerprint(PublicKey key) {
    return ChainHash.sha256Hex(key.getEncoded());
  }

  public static PublicKey readPublicKey(Path pubFile) throws IOException {
    return publicKeyFromX509(readPem(pubFile, "PUBLIC KEY"), pubFile.toString());
  }

  static PublicKey publicKeyFromX509(byte[] x509, String what) throws IOException {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
    } catch (GeneralSecurityException e) {
      throw new IOException(what + ": not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  public static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  static byte[] readPem(Path file, String type) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw new IOException(file + ": no '" + begin + "' block");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    } catch (IllegalArgumentException ex) {
      throw new IOException(file + ": bad base64 in the PEM block", ex);
    }
  }
}
