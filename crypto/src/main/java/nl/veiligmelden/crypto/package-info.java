/**
 * Every key of Veilig Melden, and the only code that touches key bytes: the server code holds
 * these types, never the bytes inside them.
 *
 * <p>The rule: <em>the server alone opens nothing</em>. A report's data key ({@link
 * nl.veiligmelden.crypto.ReportKey}) is stored only as {@link nl.veiligmelden.crypto.KeyWrap}s,
 * each usable only with a secret a person brings:
 *
 * <ul>
 *   <li>the reporter's {@link nl.veiligmelden.crypto.ReturnCode};
 *   <li>a handler's {@link nl.veiligmelden.crypto.HolderKeys}, stored sealed under the sealing key
 *       of their password ({@link nl.veiligmelden.crypto.PasswordKeys}, one Argon2id per sign-in)
 *       and, while signed in, under a key from their session token ({@link
 *       nl.veiligmelden.crypto.SessionSealing});
 *   <li>the institution's offline {@link nl.veiligmelden.crypto.RecoveryKey}, whose Shamir shares
 *       ({@link nl.veiligmelden.crypto.RecoveryShare}) people keep on paper.
 * </ul>
 *
 * <p>The KEK in the {@link nl.veiligmelden.crypto.Keyring} is an outer layer around each wrap, so
 * a rotation needs no person; alone it opens nothing. Whose public keys are whose is vouched for
 * by {@link nl.veiligmelden.crypto.HolderCertificate}s and compared by fingerprint out of band.
 * Contact details have a key of their own ({@link nl.veiligmelden.crypto.ContactKey}), split so
 * that a reader of the report and a keeper must act together; a report's {@link
 * nl.veiligmelden.crypto.DropBox} takes new texts from anyone and opens for its readers only.
 *
 * <p>The older form of a data key, under the KEK alone ({@link
 * nl.veiligmelden.crypto.ReportKey#wrapped()}), stays until the server is moved over to wraps.
 */
package nl.veiligmelden.crypto;
