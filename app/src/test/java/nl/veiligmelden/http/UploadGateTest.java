package nl.veiligmelden.http;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * The gate in a real Jetty with our own error page: a second upload while the only place is
 * taken is told, in the page's language, to wait; a form is never held up; a place comes back
 * when an upload ends, also when its handler failed.
 */
class UploadGateTest {
  private static final String MULTIPART = "multipart/form-data; boundary=x";

  @Test
  void oneUploadAtATimeAndThePlaceAlwaysComesBack() throws Exception {
    var hold = new CountDownLatch(1);
    var gate = new UploadGate(1, () -> false);
    gate.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if (path.endsWith("/hold")) {
          assertTrue(hold.await(30, TimeUnit.SECONDS));
        }
        if (path.endsWith("/boom")) {
          throw new IllegalStateException("a handler that fails");
        }
        response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
        return true;
      }
    });
    var server = new Server();
    var connector = new ServerConnector(server);
    connector.setPort(0);
    server.addConnector(connector);
    server.setErrorHandler(new EarlyErrors(SecurityHeaders.plain()));
    server.setHandler(gate);
    server.start();
    try {
      var client = HttpClient.newHttpClient();
      String base = "http://localhost:" + connector.getLocalPort();
      CompletableFuture<HttpResponse<String>> held = client.sendAsync(post(base + "/nl/report/hold", MULTIPART),
          HttpResponse.BodyHandlers.ofString());
      for (int i = 0; i < 200 && gate.available() > 0; i++) {
        Thread.sleep(25);
      }
      assertEquals(0, gate.available(), "the first upload holds the only place");

      var refused = client.send(post(base + "/nl/conversation/attachments", MULTIPART), HttpResponse.BodyHandlers.ofString());
      assertEquals(503, refused.statusCode());
      assertEquals("60", refused.headers().firstValue("Retry-After").orElse(""));
      assertTrue(refused.body().contains("lang=\"nl\"") && refused.body().contains("tegelijk"), refused.body());
      assertTrue(refused.headers().firstValue("Content-Security-Policy").isPresent(), "our headers on the refusal");
      var english = client.send(post(base + "/en/report", MULTIPART), HttpResponse.BodyHandlers.ofString());
      assertEquals(503, english.statusCode());
      assertTrue(english.body().contains("Many files are being sent"), english.body());

      var form = client.send(post(base + "/nl/return", "application/x-www-form-urlencoded"), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, form.statusCode(), "a form without files is never held up");

      hold.countDown();
      assertEquals(200, held.get(30, TimeUnit.SECONDS).statusCode());
      for (int i = 0; i < 200 && gate.available() < 1; i++) {
        Thread.sleep(25);
      }
      assertEquals(1, gate.available(), "the place comes back when the upload is answered");

      var failed = client.send(post(base + "/nl/report/boom", MULTIPART), HttpResponse.BodyHandlers.ofString());
      assertEquals(500, failed.statusCode());
      for (int i = 0; i < 200 && gate.available() < 1; i++) {
        Thread.sleep(25);
      }
      assertEquals(1, gate.available(), "and when its handler failed");
      assertEquals(200, client.send(post(base + "/nl/report", MULTIPART), HttpResponse.BodyHandlers.ofString()).statusCode());
    } finally {
      server.stop();
    }
  }

  @Test
  void aQuarterOfTheHeapAtLeastTwo() {
    assertEquals(30, UploadGate.permitsFor(6L * 1024 * 1024 * 1024, 51L * 1024 * 1024));
    assertEquals(2, UploadGate.permitsFor(64L * 1024 * 1024, 51L * 1024 * 1024));
    assertThrows(IllegalArgumentException.class, () -> new UploadGate(0, () -> false));
  }

  private static HttpRequest post(String url, String type) {
    return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n")).build();
  }
}
