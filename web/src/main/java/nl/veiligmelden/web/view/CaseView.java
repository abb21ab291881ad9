package nl.veiligmelden.web.view;

import java.util.List;

/**
 * A handler's view of one report with its conversation, reply form and status form. {@code once}
 * is the reply form's one-time token: a double click on "send" lands once. {@code entries} is the
 * careful-process log (never shown to the reporter), with its form's choices, error and kept
 * text; {@code meldplicht} shows the legal duty to report and consult. {@code similar}: references
 * of the viewer's own reports that read alike; {@code transferTo}: who the case may be handed to;
 * {@code transfer}: what was typed into a refused transfer form, and why it was refused.
 */
public record CaseView(
    Layout layout,
    String handlerName,
    CaseDetail detail,
    List<MessageView> messages,
    List<Option> statuses,
    String draft,
    String error,
    int maxMessageLength,
    String once,
    List<EntryView> entries,
    List<Option> entryKinds,
    List<Option> grounds,
    List<Option> questions,
    String entryDraft,
    String entryError,
    boolean meldplicht,
    List<String> similar,
    List<Option> transferTo,
    TransferDraft transfer,
    // attachments: the reporter's files, with their download links
    AttachmentsView attachments) {}
