/**
 * Planted violations of the layering rules, for {@code LayeringTest} to show that each rule fails
 * on what it forbids. Test sources only: nothing here is part of the server.
 */
package nl.veiligmelden.planted;
