package nl.veiligmelden.cli;

import nl.veiligmelden.config.Settings;

/** The settings every command reads: the environment of the process (README, "Configuration"). */
final class Environment {
  private Environment() {}

  static Settings settings() {
    return Settings.fromEnvironment(System.getenv());
  }
}
