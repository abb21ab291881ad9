package nl.veiligmelden.attachments;

/** Why a file was not taken; each with the message key that explains it to the reporter. */
public enum FileRefusal {
  EMPTY("empty"),
  TOO_LARGE("tooLarge"),
  UNKNOWN_TYPE("type"),
  HEIF("heic"),
  TOO_MANY_PIXELS("pixels"),
  DAMAGED("damaged"),
  PROTECTED("protected"),
  TOO_MANY_FILES("tooMany"),
  /** Every decoder busy and the queue full: nothing wrong with the file, try again shortly. */
  BUSY("busy");

  private final String code;

  FileRefusal(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public String messageKey() {
    return "attachment.error." + code;
  }
}
