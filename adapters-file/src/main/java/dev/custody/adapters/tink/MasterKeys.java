package dev.custody.adapters.tink;

import static java.lang.System.Logger.Level.INFO;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.integration.awskms.AwsKmsClient;
import com.google.crypto.tink.integration.gcpkms.GcpKmsClient;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.PrivateFiles;
import dev.custody.ports.spi.ProviderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The key-encryption key (KEK) that protects every keyset: a local master keyset in a file (created at
 * first start, owner-only; refused unless it is owner-only and owned by the service's user; a warning for the
 * service to log at start when it lies under the data directory) or in an environment variable, or a key in AWS KMS or GCP KMS that never
 * leaves the KMS. Every source is checked at startup by sealing and opening a probe.
 */
final class MasterKeys {

    static final String SOURCE = "master-key";
    static final String FILE = "master-key-file";
    static final String ENV = "master-key-env";
    static final String KMS_URI = "kms-uri";
    static final String KMS_CREDENTIALS = "kms-credentials";
    static final String DEFAULT_ENV = "CUSTODY_MASTER_KEY";

    private static final System.Logger LOG = System.getLogger(MasterKeys.class.getName());

    /** The KEK, where it comes from (for logs; never key material), and what an operator should hear about it. */
    record Kek(Aead aead, String description, List<String> warnings) {
        Kek(Aead aead, String description) {
            this(aead, description, List.of());
        }

        Kek {
            warnings = List.copyOf(warnings);
        }
    }

    private MasterKeys() {
    }

    static Kek open(ProviderConfig config, Path keysDir, Path home, UnaryOperator<String> env) {
        String source = config.string(SOURCE, "file");
        Kek kek = switch (source) {
            case "file" -> fromFile(config, config.path(FILE, keysDir.resolve("master-key.json")), home);
            case "env" -> fromEnv(config, config.string(ENV, DEFAULT_ENV), env);
            case "aws-kms" -> fromKms(config, new AwsKmsClient(), AwsKmsClient.PREFIX);
            case "gcp-kms" -> fromKms(config, new GcpKmsClient(), GcpKmsClient.PREFIX);
            default -> throw config.invalid(SOURCE, source, "must be one of file, env, aws-kms, gcp-kms");
        };
        probe(config, kek);
        return kek;
    }

    private static Kek fromFile(ProviderConfig config, Path file, Path home) {
        String shown = config.string(FILE).orElse(file.toString());
        try {
            if (!Files.exists(file)) {
                KeysetHandle fresh = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
                OwnerOnlyFiles.write(file, TinkJsonProtoKeysetFormat.serializeKeyset(fresh, InsecureSecretKeyAccess.get())
                        .getBytes(StandardCharsets.UTF_8));
                LOG.log(INFO, "Created a local master key at " + file + " (owner-only). Back it up apart from the data: "
                        + "without it no encrypted record can be read. In production use a KMS ("
                        + config.fullKey(SOURCE) + ": aws-kms or gcp-kms).");
            }
            Optional<String> unsafe = PrivateFiles.whyNotPrivate(file);
            if (unsafe.isPresent()) {
                throw config.invalid(FILE, shown, unsafe.get() + "; a master key anyone else could read or have "
                        + "planted protects nothing");
            }
            List<String> warnings = !under(file, home) ? List.of() : List.of("The local master key " + file + " is under the "
                    + "data directory " + home + ": whoever copies the data directory (a backup, a snapshot, a disk) can read "
                    + "every encrypted field with it. Keep it elsewhere (" + config.fullKey(FILE) + ") or use a KMS ("
                    + config.fullKey(SOURCE) + ": aws-kms or gcp-kms).");
            return new Kek(aead(config, FILE, shown, Files.readString(file, StandardCharsets.UTF_8)), "local master key " + file,
                    warnings);
        } catch (IOException | GeneralSecurityException e) {
            throw config.invalid(FILE, shown, "cannot create or read the master key (" + e.getMessage() + ")");
        }
    }

    /** Whether {@code file} lies under {@code dir}, as written or once links are followed. */
    static boolean under(Path file, Path dir) throws IOException {
        if (file.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize())) {
            return true;
        }
        return Files.exists(file) && Files.exists(dir) && file.toRealPath().startsWith(dir.toRealPath());
    }

    private static Kek fromEnv(ProviderConfig config, String variable, UnaryOperator<String> env) {
        String value = env.apply(variable);
        if (value == null || value.isBlank()) {
            throw config.invalid(ENV, variable, "the environment variable is not set; it must hold the master keyset "
                    + "(Tink JSON, or that JSON in base64)");
        }
        String json = value.trim();
        if (!json.startsWith("{")) {
            try {
                json = new String(Base64.getDecoder().decode(json), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw config.invalid(ENV, variable, "holds neither Tink keyset JSON nor base64 of it");
            }
        }
        return new Kek(aead(config, ENV, variable, json), "master key from environment variable " + variable);
    }

    private static Kek fromKms(ProviderConfig config, KmsClient client, String prefix) {
        String uri = config.requireString(KMS_URI);
        if (!uri.startsWith(prefix) || uri.length() == prefix.length()) {
            throw config.invalid(KMS_URI, uri, "must start with " + prefix + " for " + config.string(SOURCE, "") );
        }
        try {
            KmsClient c = config.string(KMS_CREDENTIALS).isPresent()
                    ? client.withCredentials(config.requireString(KMS_CREDENTIALS)) : client.withDefaultCredentials();
            return new Kek(c.getAead(uri), "KMS key " + uri);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw config.invalid(KMS_URI, uri, "cannot use the KMS key (" + e.getMessage() + ")");
        }
    }

    private static Aead aead(ProviderConfig config, String key, String shown, String json) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get())
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw config.invalid(key, shown, "is not a Tink AEAD keyset (" + e.getMessage() + ")");
        }
    }

    /** Seals and opens a probe, so that a KEK that cannot work stops startup instead of the first write. */
    private static void probe(ProviderConfig config, Kek kek) {
        byte[] probe = "custody-kek-probe".getBytes(StandardCharsets.UTF_8);
        try {
            byte[] opened = kek.aead().decrypt(kek.aead().encrypt(probe, probe), probe);
            if (!Arrays.equals(opened, probe)) {
                throw new GeneralSecurityException("the probe did not round-trip");
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ConfigurationException("The key-encryption key (" + kek.description() + ", "
                    + config.fullKey(SOURCE) + ") cannot seal and open data: " + e.getMessage(), e);
        }
    }
}
