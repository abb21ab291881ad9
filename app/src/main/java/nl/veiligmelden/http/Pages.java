package nl.veiligmelden.http;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** Renders the precompiled jte templates of the web module. */
public final class Pages {
  private final TemplateEngine engine =
      TemplateEngine.createPrecompiled(null, ContentType.Html, null, "nl.veiligmelden.web.templates");

  public String render(String template, Object view) {
    var out = new StringOutput();
    engine.render(template, view, out);
    return out.toString();
  }

  public void show(Context ctx, int status, String template, Object view) {
    ctx.status(status).contentType("text/html; charset=utf-8").result(render(template, view));
  }
}
