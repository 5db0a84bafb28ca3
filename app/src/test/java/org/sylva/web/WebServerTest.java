package org.sylva.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.WriteOptions;
import org.sylva.project.ProjectFile;
import org.sylva.project.ProjectTraining;

/** The server over real HTTP: tokens, bad requests, paths outside the opened folders, tiles, events. */
class WebServerTest {

    @TempDir
    static Path dir;
    private static Workers workers;
    private static WebServer server;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        workers = new Workers(2);
        AppCommand cmd = new AppCommand();
        cmd.demoDir = dir.resolve("demo");
        server = cmd.open(workers).start(0);
    }

    @AfterAll
    static void stop() {
        server.close();
        workers.close();
    }

    private static String base() { return "http://127.0.0.1:" + server.port(); }

    private static HttpResponse<byte[]> send(String method, String path, String body, boolean token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(java.time.Duration.ofSeconds(120));
        if (token) b.header("X-Sylva-Token", server.token());
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> get(String path) throws Exception { return send("GET", path, null, true); }

    private static HttpResponse<byte[]> post(String path, String body) throws Exception { return send("POST", path, body, true); }

    private static String text(HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    private static void assertRefused(int status, HttpResponse<byte[]> r, String fragment) throws Exception {
        assertEquals(status, r.statusCode(), () -> "status of " + r.uri() + ": " + text(r));
        JsonNode n = JSON.readTree(r.body());
        assertTrue(n.get("error").asText().contains(fragment), () -> "message '" + n.get("error").asText() + "' should mention '" + fragment + "'");
    }

    @Test
    void everyRequestNeedsTheToken() throws Exception {
        assertRefused(401, send("GET", "/api/state", null, false), "token");
        assertRefused(401, send("GET", "/", null, false), "token");
        assertRefused(401, send("GET", "/api/state?token=0123", null, false), "token");
        assertRefused(401, send("POST", "/api/live", "{\"on\":true}", false), "token");
        assertEquals(200, get("/api/state").statusCode());
        HttpResponse<byte[]> page = send("GET", "/?token=" + server.token(), null, false);
        assertEquals(200, page.statusCode());
        assertTrue(text(page).contains("<script type=\"module\""));
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        HttpResponse<byte[]> withCookie = http.send(HttpRequest.newBuilder(URI.create(base() + "/app/app.js"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, withCookie.statusCode());
    }

    @Test
    void otherHostNamesAreRefused() throws Exception {
        // a browser tricked by DNS rebinding sends the attacker's host name
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream o = s.getOutputStream();
            o.write(("GET /api/state?token=" + server.token() + " HTTP/1.1\r\nHost: evil.example:" + server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 403"), reply);
        }
    }

    /**
     * A JSON body over the limit is refused by its Content-Length, 413 with a message, before it is read. (Over a raw
     * socket that sends the headers and waits for the answer: a client that keeps writing the 1.1 MB races the
     * server's closing of the connection and may see a broken pipe instead of the reply — the JDK 17 client's
     * Expect: 100-continue would avoid that but waits forever for a final response.)
     */
    private static void assertOversizedBodyRefused() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream o = s.getOutputStream();
            o.write(("POST /api/live HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nX-Sylva-Token: "
                    + server.token() + "\r\nContent-Type: application/json\r\nContent-Length: 1100000\r\n"
                    + "Connection: close\r\n\r\n{\"x\": \"aaaa").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 413"), reply);
            String body = reply.substring(reply.indexOf("\r\n\r\n") + 4);
            assertTrue(body.contains("too large"), reply);
        }
    }

    @Test
    void badRequestsGet4xxWithAMessageAndTheServerGoesOn() throws Exception {
        assertRefused(404, get("/api/lanes/7/tile/raw"), "no lane 7");
        assertRefused(400, get("/api/lanes/x/tile/raw"), "integer");
        assertRefused(400, get("/api/lanes/0/tile/raw?row=9"), "outside");
        assertRefused(400, get("/api/lanes/0/tile/raw?t=3"), "time point");
        assertRefused(400, get("/api/lanes/0/tile/raw?axis=q"), "axis");
        assertRefused(400, get("/api/lanes/0/tile/raw?level=99"), "level");
        assertRefused(400, get("/api/lanes/0/tile/raw?channel=2"), "channel");
        assertRefused(404, get("/api/lanes/0/tile/sparkles"), "no layer");
        assertRefused(400, post("/api/live", "{\"on\": tru"), "malformed JSON");
        assertRefused(400, post("/api/live", "[1,2]"), "JSON object");
        assertRefused(400, post("/api/live", "{\"on\": \"yes\"}"), "true or false");
        assertRefused(400, post("/api/lanes/0/stroke", "{\"label\": 1}"), "points");
        assertRefused(400, post("/api/lanes/0/stroke", "{\"label\": 9, \"points\": [[1,1]]}"), "no class 9");
        assertRefused(400, post("/api/lanes/0/stroke", "{\"label\": 1, \"points\": [[1,\"a\"]]}"), "points[0]");
        assertRefused(400, post("/api/lanes/0/stroke", "{\"label\": 1, \"size\": 0, \"points\": [[1,1]]}"), "brush size");
        assertRefused(400, post("/api/lanes/0/stroke", "{\"label\": 1, \"axis\": \"y\", \"points\": [[1,1]]}"), "2-D");
        assertRefused(400, send("PUT", "/api/classes/1", "{\"colour\": \"red\"}", true), "#rrggbb");
        assertRefused(400, send("DELETE", "/api/classes/5", null, true), "no class 5");
        assertRefused(400, send("PUT", "/api/features", "{\"scales\": [0.3], \"matrix\": [[true],[true],[false],[false],[false],[false]]}", true), "at least 0.7");
        assertRefused(400, send("PUT", "/api/features", "{\"scales\": [0.3], \"matrix\": [[true]]}", true), "one row per feature");
        assertRefused(400, post("/api/export", "{\"sources\": [\"Colours\"], \"lanes\": [0]}"), "unknown export source");
        assertOversizedBodyRefused();
        assertRefused(404, get("/api/nothing"), "no such resource");
        assertRefused(404, get("/app/nothing.js"), "no such file");
        assertEquals(200, get("/api/state").statusCode(), "the server is still there");
    }

    @Test
    void filesOutsideTheOpenedFoldersCannotBeReached(@TempDir Path outside) throws Exception {
        Path secret = Files.writeString(outside.resolve("secret.txt"), "secret");
        Path demo = dir.resolve("demo").toRealPath();
        Files.createSymbolicLink(demo.resolve("escape"), outside);
        assertRefused(403, get("/api/files?dir=" + enc(outside.toString())), "outside the folders");
        assertRefused(403, get("/api/files?dir=" + enc(demo + "/../..")), "outside the folders");
        assertRefused(403, get("/api/files?dir=" + enc(demo + "/escape")), "outside the folders");
        assertRefused(403, get("/api/files?dir=" + enc("../../etc")), "outside the folders");
        assertRefused(403, post("/api/lanes/0/labels/import?path=" + enc(secret.toString()), null), "outside the folders");
        assertRefused(403, post("/api/lanes/0/labels/import?path=" + enc(demo + "/escape/secret.txt"), null), "outside the folders");
        assertRefused(403, post("/api/save", "{\"path\": \"" + outside.resolve("x.sylva") + "\"}"), "outside the folders");
        assertRefused(403, post("/api/open", "{\"path\": \"/etc/passwd\"}"), "outside the folders");
        assertRefused(403, post("/api/lanes", "{\"path\": \"" + demo + "/../" + outside.getFileName() + "/secret.txt\"}"), "outside");
        assertRefused(400, post("/api/save", "{\"path\": \"" + demo.resolve("x.txt") + "\"}"), ".sylva");
        assertRefused(403, post("/api/export", "{\"sources\": [\"Probabilities\"], \"lanes\": [0], \"filenameTemplate\": \""
                + outside + "/{nickname}\"}"), "outside the folders");
        for (String p : new String[]{"/app/..%2F..%2Fpom.xml", "/app/%2e%2e", "/app/../../pom.xml", "/app/WebServer.class"}) {
            HttpResponse<byte[]> r = get(p);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400, p + " → " + r.statusCode());
            assertFalse(text(r).contains("<project"), p);
        }
        JsonNode listing = JSON.readTree(get("/api/files?dir=" + enc(demo.toString())).body());
        assertTrue(listing.get("entries").toString().contains("blobs.tif"));
        assertEquals("secret", Files.readString(secret));
    }

    @Test
    void tilesLabelsTrainingAndThePredictionOverHttp() throws Exception {
        HttpResponse<byte[]> raw = get("/api/lanes/0/tile/raw?level=0&row=0&col=0");
        assertEquals(200, raw.statusCode());
        assertEquals("254", raw.headers().firstValue("X-Tile-Height").orElseThrow());
        assertEquals("uint8", raw.headers().firstValue("X-Dtype").orElseThrow());
        assertEquals(254 * 256, raw.body().length);
        Image blobs = ImageFiles.read(dir.resolve("demo/blobs.tif").toString());
        assertEquals((int) blobs.get(0, 0, 100, 37, 0), raw.body()[100 * 256 + 37] & 0xff);
        HttpResponse<byte[]> coarse = get("/api/lanes/0/tile/raw?level=1");
        assertEquals(127 * 128, coarse.body().length);
        assertEquals((int) blobs.get(0, 0, 2 * 50, 2 * 60, 0), coarse.body()[50 * 128 + 60] & 0xff);

        JsonNode st = JSON.readTree(post("/api/lanes/0/stroke", "{\"points\": [[10.5, 10.5], [10.5, 40.5]], \"size\": 3, \"label\": 1}").body());
        assertTrue(st.get("pixels").asInt() >= 90, st.toString());
        HttpResponse<byte[]> labels = get("/api/lanes/0/tile/labels");
        assertEquals(1, labels.body()[10 * 256 + 20]);

        JsonNode model = JSON.readTree(post("/api/train", null).body());
        assertTrue(model.get("oob").asDouble() > 0.8, model.toString());
        HttpResponse<byte[]> pred = get("/api/lanes/0/tile/prediction?format=float32");
        assertEquals(200, pred.statusCode(), () -> text(pred));
        var p = ProjectTraining.train(server.session().project(), workers, Progress.NONE).project();
        Image want = p.classifier().orElseThrow().probabilities(p.lanes().get(0).read(), null, workers, Progress.NONE);
        ByteBuffer pb = ByteBuffer.wrap(pred.body()).order(ByteOrder.LITTLE_ENDIAN);
        int n = 254 * 256;
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < n; i += 97) assertEquals((float) want.get(0, 0, i / 256, i % 256, k), pb.getFloat((k * n + i) * 4));
        }
        HttpResponse<byte[]> feat = get("/api/lanes/0/tile/feature?channel=48");
        assertEquals(n * 4, feat.body().length);
        assertRefused(400, get("/api/lanes/0/tile/feature?channel=49"), "out of range");

        JsonNode groups = JSON.readTree(get("/api/lanes/0/strokes").body());
        assertTrue(groups.size() >= 5, groups.toString());
        Path labelFile = dir.resolve("demo/more_labels.tif");
        Image lab = Image.create(DType.UINT8, Axes.of("yx"), 254, 256);
        lab.set(0, 0, 200, 200, 0, 2);
        ImageFiles.write(lab, labelFile, WriteOptions.DEFAULT);
        assertEquals(1, JSON.readTree(post("/api/lanes/0/labels/import?path=" + enc(labelFile.toString()), null).body()).get("pixels").asInt());
        HttpResponse<byte[]> up = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/lanes/0/labels/import?name=x.tif"))
                .header("X-Sylva-Token", server.token()).POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(labelFile))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, up.statusCode(), () -> text(up));
        assertRefused(400, post("/api/lanes/0/labels/import?name=x.tif", null), "empty");

        JsonNode saved = JSON.readTree(post("/api/save", "{}").body());
        assertEquals(server.session().project().labels(0), ProjectFile.read(Path.of(saved.get("file").asText())).project().labels(0));
        JsonNode state = JSON.readTree(get("/api/state").body());
        assertFalse(state.get("project").get("dirty").asBoolean());
    }

    @Test
    void eventsArriveOverTheWebSocketOnlyWithTheToken() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder().header("X-Sylva-Token", server.token())
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/events"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        if (!first.isDone()) first.complete(data.toString());
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        assertTrue(first.get(10, TimeUnit.SECONDS).contains("\"hello\""));
        ws.abort();
        ExecutionException e = assertThrows(ExecutionException.class, () -> http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/events"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof java.net.http.WebSocketHandshakeException, String.valueOf(e.getCause()));
        assertEquals(401, ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }

    private static String enc(String s) { return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
