package org.guestdiag.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key store from the PEM files the exporter-toolkit takes (Jetty wants a KeyStore, operators have PEM).
 * Checked at start: a certificate that does not load, a key in a form we cannot read, or a key that does
 * not belong to the certificate stops the agent with a message naming the file.
 */
final class PemKeyStore {
    static final char[] PASSWORD = "guestdiag".toCharArray(); // in-memory store only: the key never leaves the process
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    /** DER of AlgorithmIdentifier rsaEncryption with NULL parameters, to wrap a PKCS#1 key into PKCS#8. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemKeyStore() { }

    static KeyStore load(Path certFile, Path keyFile) throws WebConfigException {
        List<Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, (X509Certificate) chain.get(0))) {
            throw new WebConfigException(keyFile + ": this key does not belong to the certificate in " + certFile);
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("guestdiag", key, PASSWORD, chain.toArray(new Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new WebConfigException(certFile + ": " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file) throws WebConfigException {
        try {
            var certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
            if (certs.isEmpty()) throw new WebConfigException(file + ": no PEM certificate found");
            return new ArrayList<>(certs);
        } catch (IOException e) {
            throw new WebConfigException("tls_server_config.cert_file " + file + ": " + WebConfig.why(e), e);
        } catch (GeneralSecurityException e) {
            throw new WebConfigException(file + ": not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws WebConfigException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new WebConfigException("tls_server_config.key_file " + file + ": " + WebConfig.why(e), e);
        }
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY":
                    return pkcs8(file, der);
                case "RSA PRIVATE KEY":
                    return pkcs8(file, wrapPkcs1(der));
                case "ENCRYPTED PRIVATE KEY":
                    throw new WebConfigException(file + ": the key is encrypted; the exporter-toolkit format takes an unencrypted key");
                case "EC PRIVATE KEY":
                    throw new WebConfigException(file + ": SEC1 EC keys are not read; convert: openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName());
                default:
                    // other blocks (EC PARAMETERS) may precede the key
            }
        }
        throw new WebConfigException(file + ": no PEM private key found");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws WebConfigException {
        for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // the DER names its algorithm; trying each is simpler than parsing the OID
            }
        }
        throw new WebConfigException(file + ": unreadable private key (RSA, EC and Ed25519 PKCS#8 keys are supported)");
    }

    /** PKCS#8 PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING pkcs1 } (RFC 5208). */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + RSA_ALGORITHM.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(RSA_ALGORITHM, 0, body, version.length, RSA_ALGORITHM.length);
        System.arraycopy(octets, 0, body, version.length + RSA_ALGORITHM.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] len = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(content, 0, out, 1 + len.length, n);
        return out;
    }

    /** Signs a nonce with the key and verifies it with the certificate: the only sure test that they pair. */
    private static boolean matches(PrivateKey key, X509Certificate cert) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] nonce = "guestdiag key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(nonce);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(nonce);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
