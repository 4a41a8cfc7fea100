package io.apogee.remoting.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificates for TLS tests, made when a test asks for them and written as PEM files into its folder, so no
 * key is ever checked in: a CA, a server certificate for 127.0.0.1 and localhost signed by it, a client
 * certificate signed by it (trusted), and a client certificate signed by another CA (not trusted). Keys are
 * EC P-256, quick to generate on a loaded machine; private keys are unencrypted PKCS#8, as Netty and the
 * official client read them.
 *
 * <p>Thread safety: stateless but for the serial-number counter.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** The files of one party: its certificate chain and private key. */
    public record Pem(Path cert, Path key) {
    }

    private final Path caCert;
    private final Pem server;
    private final Pem trustedClient;
    private final Pem untrustedClient;

    private TestCertificates(Path caCert, Pem server, Pem trustedClient, Pem untrustedClient) {
        this.caCert = caCert;
        this.server = server;
        this.trustedClient = trustedClient;
        this.untrustedClient = untrustedClient;
    }

    /** Makes the whole set under {@code dir}. */
    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyPair ca = keyPair();
            X509Certificate caCertificate = sign("CN=Apogee Test CA", ca, "CN=Apogee Test CA", ca, true, null, null);
            KeyPair rogue = keyPair();
            X509Certificate rogueCertificate = sign("CN=Rogue CA", rogue, "CN=Rogue CA", rogue, true, null, null);
            Path caFile = writeCert(dir.resolve("ca.pem"), caCertificate);
            writeCert(dir.resolve("rogue-ca.pem"), rogueCertificate);
            GeneralNames loopback = new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")});
            Pem server = leaf(dir, "server", "CN=localhost", caCertificate, ca, loopback, KeyPurposeId.id_kp_serverAuth);
            Pem client = leaf(dir, "client", "CN=trusted-client", caCertificate, ca, null, KeyPurposeId.id_kp_clientAuth);
            Pem stranger = leaf(dir, "untrusted-client", "CN=untrusted-client", rogueCertificate, rogue, null,
                    KeyPurposeId.id_kp_clientAuth);
            return new TestCertificates(caFile, server, client, stranger);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make test certificates", e);
        }
    }

    /** The CA that signed the server's and the trusted client's certificates. */
    public Path caCert() {
        return caCert;
    }

    public Pem server() {
        return server;
    }

    public Pem trustedClient() {
        return trustedClient;
    }

    /** A client certificate signed by a CA nobody trusts. */
    public Pem untrustedClient() {
        return untrustedClient;
    }

    private static Pem leaf(Path dir, String name, String subject, X509Certificate issuer, KeyPair issuerKeys,
                            GeneralNames altNames, KeyPurposeId purpose) throws Exception {
        KeyPair keys = keyPair();
        X509Certificate cert = sign(subject, keys, issuer.getSubjectX500Principal().getName(), issuerKeys, false,
                altNames, purpose);
        Path certFile = writeCert(dir.resolve(name + ".pem"), cert);
        Path keyFile = dir.resolve(name + ".key");
        Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        return new Pem(certFile, keyFile);
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean ca,
                                        GeneralNames altNames, KeyPurposeId purpose) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (altNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
        if (purpose != null) {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static Path writeCert(Path file, X509Certificate cert) throws Exception {
        Files.writeString(file, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        return file;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
