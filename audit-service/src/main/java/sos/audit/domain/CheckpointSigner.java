package sos.audit.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/** Signs checkpoints with an Ed25519 key and checks signatures made with its public key (JDK crypto only). */
public final class CheckpointSigner {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    public CheckpointSigner(KeyPair keys) {
        this.privateKey = keys.getPrivate();
        this.publicKey = keys.getPublic();
        this.keyId = keyIdOf(publicKey);
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    /** A key pair from its two base64 encodings (PKCS#8 private key, X.509 public key). */
    public static KeyPair decode(String privateKeyBase64, String publicKeyBase64) {
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyBase64.strip())));
            PublicKey publicKey = factory.generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64.strip())));
            KeyPair keys = new KeyPair(publicKey, privateKey);
            CheckpointSigner signer = new CheckpointSigner(keys);
            Checkpoint probe = signer.sign(new Chain.Head(0, ChainHash.GENESIS), Instant.EPOCH);
            if (!signer.isSignedByThisKey(probe)) {
                throw new IllegalArgumentException("the public key does not belong to the private key");
            }
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 key pair", e);
        }
    }

    public Checkpoint sign(Chain.Head head, Instant at) {
        Instant signedAt = ChainHash.micros(at);
        String hash = ChainHash.hex(head.hash());
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(privateKey);
            ed25519.update(Checkpoint.statementBytes(head.seq(), hash, signedAt, keyId));
            return new Checkpoint(
                    head.seq(), hash, signedAt, keyId, Base64.getEncoder().encodeToString(ed25519.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a checkpoint", e);
        }
    }

    /** Whether the checkpoint carries a valid signature of this service's key over its statement. */
    public boolean isSignedByThisKey(Checkpoint checkpoint) {
        if (!keyId.equals(checkpoint.keyId()) || checkpoint.signature() == null) {
            return false;
        }
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(publicKey);
            ed25519.update(checkpoint.statement().getBytes(StandardCharsets.UTF_8));
            return ed25519.verify(Base64.getDecoder().decode(checkpoint.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public String keyId() {
        return keyId;
    }

    /** The public key, base64 of its X.509 (SubjectPublicKeyInfo) encoding. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(publicKey.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static String keyIdOf(PublicKey key) {
        return HexFormat.of()
                .formatHex(ChainHash.sha256().digest(key.getEncoded()))
                .substring(0, 16);
    }
}
