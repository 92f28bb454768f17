package dev.autograder.account;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first site admin of an installation. Its password comes from the configuration; without one,
 * a random password is written to a file only the node's user can read (never to the log).
 */
public final class SiteAdmin {
  private static final Logger log = LoggerFactory.getLogger(SiteAdmin.class);

  private SiteAdmin() {}

  /** Blocks: call it at start-up, once the cluster has formed. */
  public static void ensure(ClusterIdentity identity, Config config, ActorSystem<?> system)
      throws Exception {
    Config accounts = config.getConfig("autograder.accounts");
    String username = accounts.getString("admin-username");
    String password = accounts.getString("admin-password");
    Path file = Path.of(config.getString("autograder.data-dir")).resolve("initial-admin-password");
    boolean generated = password.isBlank();
    if (generated) {
      password = Files.exists(file) ? Files.readString(file).strip() : PasswordHash.randomSecret();
    }
    // Sharding needs the cluster up; a node that joins later finds the admin there already.
    boolean created =
        identity
            .bootstrapAdmin(username, password)
            .toCompletableFuture()
            .get(120, TimeUnit.SECONDS);
    if (created && generated) {
      write(file, password);
      log.warn(
          "created the site admin '{}'; its password is in {}", username, file.toAbsolutePath());
    } else if (created) {
      log.info("created the site admin '{}' with the configured password", username);
    }
  }

  private static void write(Path file, String password) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, password + "\n");
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      log.warn("could not restrict {} to its owner", file);
    }
  }
}
