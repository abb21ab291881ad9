package nl.veiligmelden.web.view;

import java.util.List;

/**
 * One section of a case on a page of its own, beside the conversation: {@code section} is
 * "status" (status and closing), "process" (the careful-process log) or "transfer" (handing
 * over and stepping back). Each holds only what its forms need: the statuses and the current one
 * with the closing message typed ({@code draft}, {@code error}); the log with its form's choices,
 * kept text and error; the people a case may go to and what a refused transfer held.
 */
public record CaseSectionView(
    Layout layout,
    String handlerName,
    DeskNav nav,
    String section,
    String reference,
    String statusCode,
    String statusLabel,
    List<Option> statuses,
    String draft,
    String error,
    int maxMessageLength,
    List<EntryView> entries,
    List<Option> entryKinds,
    List<Option> grounds,
    List<Option> questions,
    String entryDraft,
    String entryError,
    boolean meldplicht,
    List<Option> transferTo,
    TransferDraft transfer) {}
