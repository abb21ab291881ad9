/**
 * Pure functions from what a reporter typed about a person to the canonical values that get
 * blinded: names, and the phone numbers, e-mail addresses and social handles written with them.
 * No keys, no I/O, no state.
 *
 * <p>Two spellings that should meet must normalise to the same text here; anything this package
 * lets through unequal is a link the ombudsfunctionaris will never see. Conversely, whatever it
 * merges becomes a link between reports, so each merge is a deliberate, documented choice.
 */
package nl.veiligmelden.normalise;
